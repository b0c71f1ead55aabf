import type { FeedState } from '../feed/feedLoader';
import { formatAge } from '../feed/feedText';
import { isPast } from '../policy/exceptions';
import type { ExceptionGrant, Organization, PolicyFeed, TrainingSnippet } from '../policy/feedModel';
import { readablePurl } from '../policy/readablePurl';
import { repoPatternMatches } from '../policy/repoIdentity';
import { escapeMarkdownText as text, markdownLink, relativeDocumentLink, safeLinkTarget, sanitizeFeedMarkdown } from './safeMarkdown';

/** What the policy documents say: the feed in force and where it came from. */
export interface PolicySummaryInput {
  readonly feed: PolicyFeed;
  readonly state: Pick<FeedState, 'origin' | 'source' | 'signed' | 'stale' | 'lastError' | 'fetchedAt'>;
  /** The workspace folder whose own `.ospo/policy.json` is part of this policy, by name, and whether it added anything. */
  readonly workspacePolicy?: { readonly folder: string; readonly tightened: boolean };
  /** Other folders of the workspace with their own `.ospo/policy.json`, which applies to their manifests only. */
  readonly otherPolicyFolders?: readonly string[];
  /** The workspace's `host/owner/name`, for the exceptions that apply here. */
  readonly repo: string | null;
  readonly now: Date;
}

/** The path the policy overview is known by (`ospo-guide:/policy.md`); it links to its training snippets as `training/<id>.md`. */
export const DocumentPaths = {
  policy: '/policy.md',
} as const;

export type ContactKind = 'email' | 'url' | 'chat';

export interface ContactChoice {
  readonly kind: ContactKind;
  /** As the feed wrote it, for showing. */
  readonly label: string;
  /** What to open: `mailto:` for email, an https URL for url and chat. */
  readonly target: string;
}

const EMAIL = /^[^\s@<>()[\]"',;:\\/?#&]+@[^\s@<>()[\]"',;:\\/?#&]+\.[^\s@<>()[\]"',;:\\/?#&]+$/;

/** The OSPO's contacts that can be opened safely: an email address as `mailto:`, url and chat only over https. */
export function contactChoices(organization: Organization): ContactChoice[] {
  const choices: ContactChoice[] = [];
  const { email, url, chat } = organization.contact;
  if (email !== undefined && EMAIL.test(email.trim())) {
    choices.push({ kind: 'email', label: email.trim(), target: `mailto:${email.trim()}` });
  }
  for (const [kind, value] of [
    ['url', url],
    ['chat', chat],
  ] as const) {
    const target = value === undefined || !/^https:/i.test(value.trim()) ? undefined : safeLinkTarget(value);
    if (value !== undefined && target !== undefined) {
      choices.push({ kind, label: value.trim(), target });
    }
  }
  return choices;
}

/** The exceptions that name this repository (or every repository), with whether each has expired. */
export function exceptionsForRepo(exceptions: readonly ExceptionGrant[], repo: string | null, now: Date): { readonly grant: ExceptionGrant; readonly expired: boolean }[] {
  return exceptions
    .filter((grant) => grant.repos === undefined || (repo !== null && grant.repos.some((pattern) => repoPatternMatches(pattern, repo))))
    .map((grant) => ({ grant, expired: grant.until !== undefined && isPast(grant.until, now) }));
}

/** `2026-11-01 (35 days ago)`, or the text as given when it is not a date. */
function dateWithAge(value: string, now: Date): string {
  const at = Date.parse(value);
  if (!Number.isFinite(at)) {
    return text(value);
  }
  const day = new Date(at).toISOString().slice(0, 10);
  const delta = now.getTime() - at;
  return `${day} (${delta >= 0 ? `${formatAge(delta)} ago` : `in ${formatAge(-delta)}`})`;
}

/** Where a feed came from, in one phrase with its location (a bundled policy has none: it says so in the policy line). */
const SOURCE_PHRASE: Readonly<Record<Exclude<FeedState['origin'], 'bundled'>, (source: string) => string>> = {
  remote: (source) => `fetched from ${source}`,
  file: (source) => `read from ${source}`,
  cache: (source) => `the last verified copy of ${source}, kept on this machine`,
};

/** The facts of the feed in force, one Markdown list item each: id, version, source, signature, age, staleness, last error. */
export function policyStatusLines(input: PolicySummaryInput): string[] {
  const { feed, state, now } = input;
  const lines =
    state.origin === 'bundled'
      ? ['- **Policy:** the bundled default policy (no organization feed connected)']
      : [`- **Policy:** ${text(feed.id)} version ${feed.version}${feed.organization.name ? ` from ${text(feed.organization.name)}` : ''}`, `- **Source:** ${text(SOURCE_PHRASE[state.origin](state.source))}`];
  lines.push(
    `- **Signature:** ${state.signed ? 'signed and verified' : state.origin === 'bundled' ? 'not signed (bundled with the extension)' : 'not signed: no public key is configured to check it'}`,
    `- **Issued:** ${dateWithAge(feed.issued, now)}`,
  );
  if (state.fetchedAt) {
    lines.push(`- **Fetched:** ${formatAge(now.getTime() - state.fetchedAt.getTime())} ago`);
  }
  if (feed.expires !== undefined) {
    lines.push(`- **Expires:** ${dateWithAge(feed.expires, now)}`);
  }
  if (state.stale) {
    lines.push('- **STALE:** this policy has expired; it stays in force until a newer one arrives.');
  }
  if (state.lastError !== undefined) {
    lines.push(`- **Last refresh failed:** ${text(state.lastError)}`);
  }
  lines.push(...repositoryPolicyLines(input));
  return lines;
}

/** Which folder's own policy file is part of the policy shown, and which other folders have one. */
function repositoryPolicyLines({ workspacePolicy, otherPolicyFolders = [] }: PolicySummaryInput): string[] {
  const lines: string[] = [];
  if (workspacePolicy !== undefined) {
    const folder = text(workspacePolicy.folder);
    lines.push(
      workspacePolicy.tightened
        ? `- **Repository policy:** the \`.ospo/policy.json\` of the folder ${folder} tightens this policy, for the manifests in ${folder} only.`
        : `- **Repository policy:** the \`.ospo/policy.json\` of the folder ${folder} adds nothing to the organization's policy (what it tried is in the log).`,
    );
  }
  if (otherPolicyFolders.length > 0) {
    const names = otherPolicyFolders.map((name) => text(name)).join(', ');
    lines.push(
      `- **${workspacePolicy === undefined ? 'Repository policies' : 'Other folders'}:** ${names} ${otherPolicyFolders.length === 1 ? 'has its' : 'each have their'} own \`.ospo/policy.json\`, which tightens the policy for ${otherPolicyFolders.length === 1 ? 'its' : 'their'} own manifests only; Show Policy with one of ${otherPolicyFolders.length === 1 ? 'its' : 'their'} manifests open shows it.`,
    );
  }
  return lines;
}

function list(values: readonly string[]): string {
  return values.length === 0 ? '_none_' : values.map((value) => text(value)).join(', ');
}

function trainingList(training: readonly TrainingSnippet[]): string[] {
  if (training.length === 0) {
    return ['No training snippets in this policy.'];
  }
  return training.map((snippet) => {
    const minutes = snippet.minutes !== undefined ? ` (${snippet.minutes} min)` : '';
    const audience = snippet.audience.length > 0 ? `, for ${snippet.audience.map((who) => text(who)).join(', ')}` : '';
    return `- ${relativeDocumentLink(snippet.title, `training/${snippet.id}.md`)}${minutes}${audience}`;
  });
}

function contactLines(organization: Organization): string[] {
  const lines: string[] = [];
  const { email, url, chat } = organization.contact;
  const choices = contactChoices(organization);
  const linked = (kind: ContactKind, value: string | undefined, label: string) => {
    if (value === undefined) {
      return;
    }
    const choice = choices.find((candidate) => candidate.kind === kind);
    lines.push(`- **${label}:** ${choice ? `[${text(value)}](${choice.target})` : `${text(value)} (not a safe link; not opened)`}`);
  };
  linked('email', email, 'Email');
  linked('url', url, 'Web');
  linked('chat', chat, 'Chat');
  if (organization.exceptionRequestUrl !== undefined) {
    lines.push(`- **Exception requests:** ${markdownLink('request form', organization.exceptionRequestUrl.split('?')[0])} (the quick fix on a dependency fills it in)`);
  }
  return lines.length > 0 ? lines : ['The policy names no contact.'];
}

function summaryBody(input: PolicySummaryInput): string[] {
  const { feed, now } = input;
  const { licenses } = feed;
  const exceptions = exceptionsForRepo(feed.exceptions, input.repo, now);
  const notes = [...licenses.notes].map(([license, note]) => `- ${text(license)}: ${sanitizeFeedMarkdown(note).replace(/\n+/g, ' ')}`);
  return [
    ...policyStatusLines(input),
    '',
    '## Licenses',
    '',
    `- **Allowed:** ${list(licenses.allow)}`,
    `- **Needs review:** ${list(licenses.review)}`,
    `- **Denied:** ${list(licenses.deny)}`,
    `- **Any other license:** ${licenses.default}`,
    `- **No or unreadable license data:** ${licenses.unknown}`,
    ...(notes.length > 0 ? ['', '### Notes', '', ...notes] : []),
    '',
    '## Package rules',
    '',
    `${feed.packages.length} package ${feed.packages.length === 1 ? 'rule' : 'rules'} (curated licenses, verdicts, support and health notes); ${feed.advisories.length} ${feed.advisories.length === 1 ? 'advisory' : 'advisories'}.`,
    '',
    '## Exceptions for this repository',
    '',
    ...(input.repo === null ? ['This workspace has no git remote, so only exceptions for every repository apply.', ''] : [`Repository: ${text(input.repo)}`, '']),
    ...(exceptions.length === 0
      ? ['None.']
      : exceptions.map(({ grant, expired }) => {
          const versions = grant.versions !== undefined ? ` ${text(grant.versions)}` : '';
          const until = grant.until !== undefined ? (expired ? `, **expired** ${text(grant.until)}` : `, until ${text(grant.until)}`) : ', no expiry';
          const ticket = grant.ticket !== undefined ? ` (${text(grant.ticket)})` : '';
          return `- ${text(readablePurl(grant.match))}${versions}: ${grant.verdict}${until}${ticket}`;
        })),
    '',
    '## Health',
    '',
    feed.health.warnBelow === undefined && feed.health.denyBelow === undefined
      ? 'No health thresholds.'
      : [
          feed.health.warnBelow !== undefined ? `A score below ${feed.health.warnBelow} needs review` : '',
          feed.health.denyBelow !== undefined ? `a score below ${feed.health.denyBelow} is denied` : '',
        ]
          .filter((part) => part !== '')
          .join('; ') + ' (OpenSSF Scorecard scale, 0–10).',
    '',
    '## Contacts',
    '',
    ...contactLines(feed.organization),
    '',
    '## Training',
    '',
    ...trainingList(feed.training),
    '',
  ];
}

/** The policy overview (`ospo-guide:/policy.md`), shown by the policy page (src/extension/policyDocuments.ts) with the guide's renderer, never by a Markdown preview. */
export function policySummaryMarkdown(input: PolicySummaryInput): string {
  return [`# OSPO policy: ${text(input.feed.organization.name || input.feed.id)}`, '', ...summaryBody(input)].join('\n');
}

