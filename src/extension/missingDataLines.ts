import type { Ecosystem } from '../core/manifests/types';
import { type MissingDataLine, missingDataSummary } from '../core/report/missingData';
import type { LookupPermission } from './workspaceData';

/** The workspace's direct dependencies without license data, per ecosystem, with why and what fixes it. */
export function missingDataLines(
  reports: readonly { readonly findings: readonly { readonly dependency: { readonly ecosystem: Ecosystem }; readonly finding: { readonly licenseMissing: boolean } }[] }[],
  permission: LookupPermission,
): MissingDataLine[] {
  const missing = reports.flatMap((report) => report.findings.filter((item) => item.finding.licenseMissing).map((item) => item.dependency));
  return missingDataSummary(missing, permission === 'ask' ? 'not-allowed' : permission);
}
