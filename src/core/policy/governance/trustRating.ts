import type { GovernanceEntry, GovernanceKind, GovernanceStatement, PackageRule } from '../feedModel';
import { BoundedMap } from '../boundedMap';
import { keyString, type PackageKey } from '../purl';
import { PurlIndex } from '../purlIndex';

/** The governance a rating gives: a foundation, one company, a community of people, or nothing known. */
export type GovernanceRating = GovernanceKind | 'unknown';

/** One thing the rating rests on, with where it comes from. */
export interface TrustSignal {
  readonly kind: 'governance' | 'relicensing' | 'scorecard';
  /** In words: `foundation: Cloud Native Computing Foundation`, `MPL-2.0 → BUSL-1.1 on 2023-08-10`, `4.2 / 10`. */
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

/** Where a package's governance was stated, in the order that wins. */
export type GovernanceOrigin = { readonly from: 'package rule'; readonly index: number } | { readonly from: 'policy list'; readonly index: number } | { readonly from: 'bundled list' };

/** Packages whose governance is remembered before the memory starts over. */
const MAX_REMEMBERED_PACKAGES = 100_000;

/**
 * Who governs a package: the feed's package rules first, then the feed's `governance` list, then
 * the bundled list of foundations' and vendors' namespaces. The first entry that names it in a list
 * wins, so a list can put an exception (`pkg:golang/github.com/acme/oss-*`) before a namespace.
 */
export class GovernanceIndex {
  private readonly feed: PurlIndex<GovernanceEntry>;
  private readonly bundled: PurlIndex<GovernanceEntry>;
  /** The lists' answer per package, looked up once: a 60,000-package tree is evaluated again at every rescan. */
  private readonly listed = new BoundedMap<string, ListedGovernance | null>(MAX_REMEMBERED_PACKAGES);

  constructor(feedEntries: readonly GovernanceEntry[], bundledEntries: readonly GovernanceEntry[]) {
    this.feed = new PurlIndex(feedEntries);
    this.bundled = new PurlIndex(bundledEntries);
  }

  statementFor(key: PackageKey, rule: { readonly governance?: PackageRule['governance']; readonly index: number } | undefined): { readonly statement: GovernanceStatement; readonly origin: GovernanceOrigin } | undefined {
    if (rule?.governance) {
      return { statement: rule.governance, origin: { from: 'package rule', index: rule.index } };
    }
    const id = keyString(key);
    let listed = this.listed.get(id);
    if (listed === undefined) {
      listed = this.fromLists(key);
      this.listed.set(id, listed);
    }
    return listed ?? undefined;
  }

  private fromLists(key: PackageKey): ListedGovernance | null {
    const [fromFeed] = this.feed.entriesFor(key);
    if (fromFeed) {
      return { statement: fromFeed.item, origin: { from: 'policy list', index: fromFeed.index } };
    }
    const [fromBundle] = this.bundled.entriesFor(key);
    return fromBundle ? { statement: fromBundle.item, origin: { from: 'bundled list' } } : null;
  }
}

type ListedGovernance = { readonly statement: GovernanceStatement; readonly origin: GovernanceOrigin };


const KIND_WORDS: Readonly<Record<GovernanceKind, string>> = { foundation: 'foundation', 'single-vendor': 'single vendor', community: 'community' };

function originWords(origin: GovernanceOrigin, feedId: string): string {
  switch (origin.from) {
    case 'package rule':
      return `package rule #${origin.index + 1} of the policy ${feedId}`;
    case 'policy list':
      return `governance #${origin.index + 1} of the policy ${feedId}`;
    case 'bundled list':
      return 'OSPO Guide’s list of foundations and vendors';
  }
}

/** The rating of one package from what governs it and its health score, each signal with its source. */
export function trustRating(found: ReturnType<GovernanceIndex['statementFor']>, feedId: string, health: { readonly score: number; readonly source: string } | undefined): TrustRating {
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
  return {
    governance: found?.statement.kind ?? 'unknown',
    ...(found?.statement.steward ? { steward: found.statement.steward } : {}),
    signals,
    relicensed,
  };
}
