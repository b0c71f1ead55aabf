import type { GovernanceKind, GovernanceStatement } from '../feedModel';
import type { ProjectActivity } from '../../data/types';
import type { GovernanceIndex, GovernanceOrigin } from './governanceIndex';

/** The governance a rating gives: a foundation, one company, a community of people, or nothing known. */
export type GovernanceRating = GovernanceKind | 'unknown';

/** One thing the rating rests on, with where it comes from. */
export interface TrustSignal {
  readonly kind: 'governance' | 'relicensing' | 'scorecard' | 'latest-release' | 'maintainers';
  /** In words: `foundation: Cloud Native Computing Foundation`, `MPL-2.0 → BUSL-1.1 on 2023-08-10`, `4.2 / 10`, `5.1.0 on 2024-10-08`, `3`. */
  readonly value: string;
  /** A URL, or what in the policy said it. */
  readonly source: string;
}

export interface TrustRating {
  readonly governance: GovernanceRating;
  readonly steward?: string;
  readonly signals: readonly TrustSignal[];
  /** The steward's license changes, newest first (single vendors). */
  readonly relicensed: GovernanceStatement['relicensed'];
}

const KIND_WORDS: Readonly<Record<GovernanceKind, string>> = { foundation: 'foundation', 'single-vendor': 'single vendor', community: 'community' };

function originWords(origin: GovernanceOrigin, feedId: string): string {
  const through = origin.repository ? ` by its repository ${origin.repository.location} (from ${origin.repository.source})` : '';
  switch (origin.from) {
    case 'package rule':
      return `package rule #${origin.index + 1} of the policy ${feedId}`;
    case 'policy list':
      return `governance #${origin.index + 1} of the policy ${feedId}${through}`;
    case 'bundled list':
      return `OSPO Guide’s list of foundations and vendors${through}`;
  }
}

/** The rating of one package from what governs it, its health score and its registry's activity, each signal with its source. */
export function trustRating(
  found: ReturnType<GovernanceIndex['statementFor']>,
  feedId: string,
  health: { readonly score: number; readonly source: string } | undefined,
  activity?: ProjectActivity,
): TrustRating {
  const signals: TrustSignal[] = [];
  let relicensed: GovernanceStatement['relicensed'] = [];
  if (found) {
    const { statement, origin } = found;
    const said = originWords(origin, feedId);
    signals.push({ kind: 'governance', value: `${KIND_WORDS[statement.kind]}${statement.steward ? `: ${statement.steward}` : ''}`, source: statement.source ? `${said}, from ${statement.source}` : said });
    relicensed = [...statement.relicensed].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
    for (const change of relicensed) {
      signals.push({ kind: 'relicensing', value: `${change.from} → ${change.to} on ${change.date}`, source: change.source ?? said });
    }
  }
  if (health) {
    signals.push({ kind: 'scorecard', value: `${health.score} / 10`, source: health.source });
  }
  if (activity?.latestRelease) {
    signals.push({ kind: 'latest-release', value: `${activity.latestRelease.version} on ${activity.latestRelease.date}`, source: activity.source });
  }
  if (activity?.maintainers !== undefined) {
    signals.push({ kind: 'maintainers', value: String(activity.maintainers), source: activity.source });
  }
  return {
    governance: found?.statement.kind ?? 'unknown',
    ...(found?.statement.steward ? { steward: found.statement.steward } : {}),
    signals,
    relicensed,
  };
}
