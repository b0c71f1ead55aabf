import type { CheckReport, ReportFinding } from '../core/report/checkReport';
import { licenseWords } from '../core/report/annotation';
import { dependencyScopeText, transitiveCountsText, verdictCountsText } from '../core/report/workspaceSummary';
import { formatTable } from './table';
import { MAX_CELL_CHARS, MAX_PATH_CHARS, terminalField } from './terminalText';

const MARK = { deny: '✖ deny', review: '⚠ review', unknown: '? unknown', allow: '✓ allow' } as const;

/** Findings that need attention, grouped by manifest, then one summary line. */
export function renderCheckText(report: CheckReport, policySource: string, problems: readonly { readonly message: string }[] = []): string {
  const out: string[] = [];
  for (const problem of problems) {
    out.push(`✖ ${terminalField(problem.message, MAX_PATH_CHARS * 2)}`);
  }
  if (problems.length > 0) {
    out.push('');
  }
  const byFile = new Map<string, ReportFinding[]>();
  for (const finding of report.findings) {
    if (finding.verdict !== 'allow' || finding.code !== null) {
      const list = byFile.get(finding.file) ?? [];
      list.push(finding);
      byFile.set(finding.file, list);
    }
  }
  for (const [file, findings] of byFile) {
    out.push(terminalField(file, MAX_PATH_CHARS));
    out.push(
      indent(
        formatTable(
          ['LINE', 'VERDICT', 'PACKAGE', 'LICENSE', 'WHY'],
          findings.map((finding) => [
            `${finding.line}:${finding.column}`,
            MARK[finding.shown],
            finding.version ? `${finding.name}@${finding.version}` : `${finding.name} ${finding.spec ?? ''}`.trim(),
            finding.license === null ? '-' : licenseWords(finding),
            finding.why,
          ]),
        ),
      ),
    );
    out.push('');
  }
  const { byVerdict, transitiveByVerdict, dependencies, manifests, unknownSentTo } = report.summary;
  const notes = byVerdict.unknown > 0 && unknownSentTo !== 'unknown' ? { unknown: `the policy sends them to ${unknownSentTo}` } : {};
  out.push(
    `${verdictCountsText(byVerdict, { notes })} ` +
      `(${dependencyScopeText(dependencies, manifests)}; policy ${terminalField(report.policy.id, MAX_CELL_CHARS)} v${report.policy.version}, ${terminalField(policySource, MAX_PATH_CHARS)})`,
  );
  const transitive = transitiveCountsText(transitiveByVerdict);
  if (transitive !== '') {
    out.push(transitive);
  }
  return out.join('\n') + '\n';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
