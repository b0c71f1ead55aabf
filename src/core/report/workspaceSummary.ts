import type { Verdict } from '../policy/verdict';

/** How many direct dependencies of the workspace got each verdict, and over how many manifests. */
export interface WorkspaceCounts {
  readonly manifests: number;
  readonly deny: number;
  readonly review: number;
  readonly unknown: number;
  readonly allow: number;
}

/** What the counts need of a manifest report: its direct dependencies' verdicts. */
export interface CountableReport {
  readonly findings: readonly { readonly finding: { readonly shown: Verdict } }[];
}

export function countVerdicts(reports: readonly CountableReport[]): WorkspaceCounts {
  const counts = { manifests: reports.length, deny: 0, review: 0, unknown: 0, allow: 0 };
  for (const report of reports) {
    for (const { finding } of report.findings) {
      counts[finding.shown]++;
    }
  }
  return counts;
}

/** The status bar text: `$(law) 2 $(error) 3 $(warning)`, no zero parts, `$(law) $(check)` with no problems. */
export function statusBarText(counts: Pick<WorkspaceCounts, 'deny' | 'review'>): string {
  const parts = ['$(law)'];
  if (counts.deny > 0) {
    parts.push(`${counts.deny} $(error)`);
  }
  if (counts.review > 0) {
    parts.push(`${counts.review} $(warning)`);
  }
  if (parts.length === 1) {
    parts.push('$(check)');
  }
  return parts.join(' ');
}
