import { VERDICTS_WORST_FIRST, type Verdict } from '../policy/verdict';

export type VerdictCounts = Readonly<Record<Verdict, number>>;

/**
 * The one set of counts every view shows: the flat numbers are the direct dependencies (what the
 * manifests name, one per line of a manifest), `transitive` the packages only a lockfile or an
 * installed tree holds, counted apart so that "8 denied" means the same everywhere.
 */
export interface WorkspaceCounts extends VerdictCounts {
  readonly manifests: number;
  readonly transitive: VerdictCounts;
}

/** What counting needs of a finding: its verdict as shown and whether a manifest names it. */
export interface Countable {
  readonly shown: Verdict;
  readonly direct: boolean;
}

/** The counting every consumer goes through (status bar, tree, guide, Check Workspace, CLI). */
export function countFindings(manifests: number, findings: Iterable<Countable>): WorkspaceCounts {
  const direct = { deny: 0, review: 0, unknown: 0, allow: 0 };
  const transitive = { deny: 0, review: 0, unknown: 0, allow: 0 };
  for (const finding of findings) {
    (finding.direct ? direct : transitive)[finding.shown]++;
  }
  return { manifests, ...direct, transitive };
}

export function totalOf(counts: VerdictCounts): number {
  return counts.deny + counts.review + counts.unknown + counts.allow;
}

/**
 * The status bar text, in words so that it reads as the OSPO's and not as a second Problems
 * counter beside VS Code's own: `$(law) 2 denied · 3 to review`, no zero parts, `$(law) OSPO $(check)`
 * with nothing to act on. Direct dependencies only; the tooltip says so and gives the transitive ones.
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

const VERDICT_WORDS: Readonly<Record<Verdict, string>> = { deny: 'denied', review: 'to review', unknown: 'unknown license', allow: 'allowed' };

/**
 * `8 denied, 10 to review, 1 unknown license, 57 allowed`; with `skipZero`, only the non-zero parts
 * (`none` if all are); a `note` follows its verdict's number in parentheses.
 */
export function verdictCountsText(counts: VerdictCounts, options: { readonly skipZero?: boolean; readonly notes?: Partial<Record<Verdict, string>> } = {}): string {
  const parts = VERDICTS_WORST_FIRST.filter((verdict) => !options.skipZero || counts[verdict] > 0).map((verdict) => {
    const note = options.notes?.[verdict];
    return `${counts[verdict]} ${VERDICT_WORDS[verdict]}${note === undefined ? '' : ` (${note})`}`;
  });
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/**
 * What Check Workspace and the status bar's tooltip say: the direct dependencies over the
 * manifests, then, when there are any, the transitive packages in a sentence of their own.
 */
export function workspaceCountsText(counts: WorkspaceCounts): string {
  if (counts.manifests === 0) {
    return 'No manifests found in this workspace.';
  }
  const first = `${directScopeText(counts)}: ${verdictCountsText(counts)}.`;
  const transitive = transitiveCountsText(counts.transitive);
  return transitive === '' ? first : `${first} ${transitive}`;
}

/** What the flat numbers count: `76 direct dependencies in 9 manifests`. */
export function directScopeText(counts: WorkspaceCounts): string {
  return dependencyScopeText(totalOf(counts), counts.manifests);
}

/** `1 direct dependency in 1 manifest`, `76 direct dependencies in 9 manifests`. */
export function dependencyScopeText(direct: number, manifests: number): string {
  const dependencies = direct === 1 ? '1 direct dependency' : `${direct} direct dependencies`;
  return `${dependencies} in ${manifests === 1 ? '1 manifest' : `${manifests} manifests`}`;
}

/** `Counted apart, in 407 transitive packages: 65 denied, 11 to review.`, or '' without any. */
export function transitiveCountsText(counts: VerdictCounts): string {
  const total = totalOf(counts);
  if (total === 0) {
    return '';
  }
  if (counts.deny + counts.review + counts.unknown === 0) {
    return total === 1 ? 'The 1 transitive package, counted apart, is allowed.' : `All ${total} transitive packages, counted apart, are allowed.`;
  }
  return `Counted apart, in ${total === 1 ? '1 transitive package' : `${total} transitive packages`}: ${verdictCountsText({ ...counts, allow: 0 }, { skipZero: true })}.`;
}

/** A group of the Open Source view: `8 direct · 65 transitive`, or `8 direct` with no transitive package of that verdict. */
export function groupCountsText(direct: number, transitive: number): string {
  return transitive === 0 ? `${direct} direct` : `${direct} direct · ${transitive} transitive`;
}
