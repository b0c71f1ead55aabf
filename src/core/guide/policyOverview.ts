import type { PolicyFeed } from '../policy/feedModel';
import { isPast } from '../policy/exceptions';
import { repoPatternMatches } from '../policy/repoIdentity';
import type { WorkspaceCounts } from '../report/workspaceSummary';

export interface PolicyOverview {
  readonly id: string;
  readonly version: number;
  readonly organization: string;
  readonly issued: string;
  /** Whole days since `issued` (0 when it is in the future or unreadable). */
  readonly ageDays: number;
  readonly expires: string | null;
  /** The state says so, or `expires` has passed. */
  readonly stale: boolean;
  readonly signed: boolean;
  readonly origin: string;
  readonly source: string;
  readonly lastError: string | null;
  readonly licenses: {
    readonly allow: readonly string[];
    readonly review: readonly string[];
    readonly deny: readonly string[];
    readonly default: string;
    readonly unknown: string;
  };
  /** Only those that apply to `repo`: no `repos`, or a pattern matching it. */
  readonly exceptions: readonly {
    readonly match: string;
    readonly versions: string | null;
    readonly until: string | null;
    readonly ticket: string | null;
    readonly verdict: string;
    readonly expired: boolean;
  }[];
  /** The workspace counts, as the status bar and the Open Source view show them. */
  readonly findings: WorkspaceCounts;
  /** mailto: and https: only; anything else in the feed is left out. */
  readonly contacts: readonly { readonly kind: 'email' | 'url' | 'chat'; readonly label: string; readonly href: string }[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function policyOverview(input: {
  feed: PolicyFeed;
  state: { origin: string; source: string; signed: boolean; stale: boolean; lastError?: string };
  /** The repositories of the workspace's folders: an exception scoped to any of them applies. */
  repos: readonly string[];
  now: Date;
  counts: WorkspaceCounts;
}): PolicyOverview {
  const { feed, state, repos, now } = input;
  const issuedAt = Date.parse(feed.issued);
  const ageDays = Number.isFinite(issuedAt) ? Math.max(0, Math.floor((now.getTime() - issuedAt) / DAY_MS)) : 0;
  const expiresAt = feed.expires === undefined ? NaN : Date.parse(feed.expires);
  return {
    id: feed.id,
    version: feed.version,
    organization: feed.organization.name,
    issued: feed.issued,
    ageDays,
    expires: feed.expires ?? null,
    stale: state.stale || (Number.isFinite(expiresAt) && now.getTime() > expiresAt),
    signed: state.signed,
    origin: state.origin,
    source: state.source,
    lastError: state.lastError ?? null,
    licenses: {
      allow: feed.licenses.allow,
      review: feed.licenses.review,
      deny: feed.licenses.deny,
      default: feed.licenses.default,
      unknown: feed.licenses.unknown,
    },
    exceptions: feed.exceptions
      .filter((grant) => grant.repos === undefined || grant.repos.some((pattern) => repos.some((repo) => repoPatternMatches(pattern, repo))))
      .map((grant) => ({
        match: grant.match,
        versions: grant.versions ?? null,
        until: grant.until ?? null,
        ticket: grant.ticket ?? null,
        verdict: grant.verdict,
        expired: grant.until !== undefined && isPast(grant.until, now),
      })),
    findings: input.counts,
    contacts: contactsOf(feed.organization.contact),
  };
}

function contactsOf(contact: PolicyFeed['organization']['contact']): PolicyOverview['contacts'] {
  const contacts: { kind: 'email' | 'url' | 'chat'; label: string; href: string }[] = [];
  const email = contact.email?.trim();
  if (email && /^[^\s@<>"'`:/?#]+@[^\s@<>"'`/?#]+$/.test(email)) {
    contacts.push({ kind: 'email', label: email, href: `mailto:${email}` });
  }
  for (const kind of ['url', 'chat'] as const) {
    const text = contact[kind];
    const href = httpsHref(text);
    if (text !== undefined && href !== null) {
      contacts.push({ kind, label: text.trim(), href });
    }
  }
  return contacts;
}

function httpsHref(text: string | undefined): string | null {
  if (text === undefined) {
    return null;
  }
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' && url.hostname !== '' ? url.href : null;
  } catch {
    return null;
  }
}
