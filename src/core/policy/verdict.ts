import type { RuleRef } from './ruleRef';

/** The four verdicts of the feed format, worst first. */
export const VERDICTS_WORST_FIRST = ['deny', 'review', 'unknown', 'allow'] as const;

export type Verdict = (typeof VERDICTS_WORST_FIRST)[number];

const RANK: Readonly<Record<Verdict, number>> = { deny: 0, review: 1, unknown: 2, allow: 3 };

/** Lower is worse. */
export function verdictRank(verdict: Verdict): number {
  return RANK[verdict];
}

export function worstVerdict(a: Verdict, b: Verdict): Verdict {
  return RANK[a] <= RANK[b] ? a : b;
}

export function bestVerdict(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RANK, value);
}

/** What decided (or shaped) a verdict, in words a developer can act on. */
export interface Reason {
  readonly kind:
    | 'license'
    | 'license-correction'
    | 'license-choice'
    | 'package-rule'
    | 'health'
    | 'advisory'
    | 'trust'
    | 'exception'
    | 'exception-expired'
    | 'license-change'
    | 'license-mismatch'
    | 'data';
  readonly message: string;
  /** The part of the policy behind it, as data (`{ section: 'packages', index: 3, match }`); absent where no rule of the feed is. */
  readonly rule?: RuleRef;
  /** Where the data came from, e.g. `feed curation`, `manifest`, `package-lock.json`. */
  readonly source?: string;
  /** `license-change` only: the first version with the new license. */
  readonly version?: string;
  /** `license-change`: the license before and after; `license-mismatch`: the declared license and the one its license file holds. */
  readonly from?: string;
  readonly to?: string;
}
