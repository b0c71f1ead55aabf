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

/**
 * The status bar text, in words so that it reads as the OSPO's and not as a second Problems
 * counter beside VS Code's own: `$(law) 2 denied · 3 to review`, no zero parts, `$(law) OSPO $(check)`
 * with nothing to act on. The tooltip says what each number counts.
 */
export function statusBarText(counts: Pick<WorkspaceCounts, 'deny' | 'review'>): string {
  const parts: string[] = [];
  if (counts.deny > 0) {
    parts.push(`${counts.deny} denied`);
  }
  if (counts.review > 0) {
    parts.push(`${counts.review} to review`);
  }
  return parts.length === 0 ? '$(law) OSPO $(check)' : `$(law) ${parts.join(' · ')}`;
}
