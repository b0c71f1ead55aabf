import type { Ecosystem } from '../manifests/types';
import { appliesToVersion } from './appliesToVersion';
import type { ExceptionGrant } from './feedModel';
import type { PackageKey } from './purl';
import type { IndexedEntry, PurlIndex } from './purlIndex';
import { repoPatternMatches } from './repoIdentity';

export interface ExceptionOutcome {
  /** The exception in force, with its position in the feed; the last in file order when several apply. */
  readonly active?: IndexedEntry<ExceptionGrant>;
  /** Exceptions that would apply but whose `until` has passed: reported, never used. */
  readonly expired: readonly IndexedEntry<ExceptionGrant>[];
}

export interface ExceptionQuery {
  readonly key: PackageKey;
  readonly ecosystem: Ecosystem;
  readonly version: string | null;
  readonly spec: string | null;
  /** The workspace's `host/owner/name`, or null when it has no remote. */
  readonly repo: string | null;
  readonly now: Date;
}

export function exceptionsFor(index: PurlIndex<ExceptionGrant>, query: ExceptionQuery): ExceptionOutcome {
  let active: IndexedEntry<ExceptionGrant> | undefined;
  const expired: IndexedEntry<ExceptionGrant>[] = [];
  for (const entry of index.entriesFor(query.key)) {
    const grant = entry.item;
    if (!appliesToVersion(grant.versions, query) || !appliesToRepo(grant, query.repo)) {
      continue;
    }
    if (grant.until !== undefined && isPast(grant.until, query.now)) {
      expired.push(entry);
    } else {
      active = entry;
    }
  }
  return { ...(active ? { active } : {}), expired };
}

function appliesToRepo(grant: ExceptionGrant, repo: string | null): boolean {
  if (grant.repos === undefined) {
    return true;
  }
  return repo !== null && grant.repos.some((pattern) => repoPatternMatches(pattern, repo));
}

/** `until` is inclusive: a plain date lasts to the end of that day (UTC). */
export function isPast(until: string, now: Date): boolean {
  const endsAt = until.length === 10 ? Date.parse(`${until}T23:59:59.999Z`) : Date.parse(until);
  return Number.isFinite(endsAt) && now.getTime() > endsAt;
}
