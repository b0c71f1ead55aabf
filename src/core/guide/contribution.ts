import { contributionRuleFor } from '../policy/contribution';
import type { ClaRule, ContributionRule, ContributionStatus, PolicyFeed } from '../policy/feedModel';
import { gitConfigRemotes } from '../policy/gitConfig';
import { repoIdentity } from '../policy/repoIdentity';
import { renderFeedMarkdown } from './renderMarkdown';

export interface GitRemote {
  readonly name: string;
  readonly url: string;
}

/** What the extension can learn about a workspace folder without the network. */
export interface LocalGitFacts {
  /** From .git/config, in file order. */
  readonly remotes: readonly GitRemote[];
  /** git config user.email (the repository's, else the user's global one). */
  readonly userEmail: string | null;
  /** Bodies of the last commits; null when they could not be read. */
  readonly recentCommitMessages: readonly string[] | null;
  /** e.g. "CONTRIBUTING.md" or ".github/CONTRIBUTING.md", when present at the root, in .github/ or in docs/. */
  readonly contributingFile: string | null;
}

export type CheckState = 'ok' | 'warn' | 'fail' | 'info';

export interface LocalCheck {
  readonly id: 'upstream' | 'corporate-email' | 'dco-signoff' | 'cla' | 'contributing-file';
  readonly state: CheckState;
  /** Plain text (not HTML): the panel escapes it. */
  readonly message: string;
}

export interface FolderContribution {
  readonly folderName: string;
  /** The remote the rule was chosen by: `upstream` before `origin`, then any other remote with a repository URL. */
  readonly remote: { readonly name: string; readonly url: string; readonly repo: string } | null;
  readonly status: ContributionStatus;
  /** The `contribution.projects[].match` that matched; null for the default rule. */
  readonly matchedPattern: string | null;
  readonly rule: ContributionRule;
  /** Plain text (not HTML). */
  readonly statement: string;
  /** The rule's approval URL when it is https; else null. */
  readonly approvalUrl: string | null;
  /** rule.notes rendered by renderFeedMarkdown. */
  readonly notesHtml: string | null;
  readonly checklist: readonly string[];
  /** In this order, each where it applies: upstream, corporate-email, dco-signoff, cla, contributing-file. */
  readonly checks: readonly LocalCheck[];
}

const PREFERRED_REMOTES = ['upstream', 'origin'] as const;

/** What the feed's contribution policy says about a workspace folder, and what its local git setup shows. */
export function folderContribution(feed: PolicyFeed, folderName: string, facts: LocalGitFacts, corporateDomains: readonly string[]): FolderContribution {
  const remote = chooseRemote(facts.remotes);
  const verdict = contributionRuleFor(feed.contribution, remote?.repo ?? null);
  const rule = verdict.rule;
  const checks: LocalCheck[] = [upstreamCheck(remote, facts.remotes.length)];
  if (rule.email === 'corporate') {
    checks.push(emailCheck(facts.userEmail, corporateDomains));
  }
  if (rule.dco === true) {
    checks.push(dcoCheck(facts.recentCommitMessages));
  }
  if (rule.cla !== undefined) {
    checks.push({ id: 'cla', state: 'info', message: CLA_MESSAGES[rule.cla] });
  }
  checks.push(
    facts.contributingFile === null
      ? { id: 'contributing-file', state: 'info', message: 'No CONTRIBUTING file found.' }
      : { id: 'contributing-file', state: 'ok', message: `${facts.contributingFile} is there: read it before contributing.` },
  );
  return {
    folderName,
    remote,
    status: rule.status,
    matchedPattern: rule === feed.contribution.default ? null : verdict.matchedBy,
    rule,
    statement: statementFor(rule.status, remote?.repo ?? null, folderName),
    approvalUrl: rule.approvalUrl !== undefined && isHttpsUrl(rule.approvalUrl) ? rule.approvalUrl.trim() : null,
    notesHtml: rule.notes !== undefined && rule.notes.trim() !== '' ? renderFeedMarkdown(rule.notes) : null,
    checklist: verdict.checklist,
    checks,
  };
}

/** The domains that count as corporate: the domain of organization.contact.email, in lower case. */
export function corporateDomains(feed: PolicyFeed): string[] {
  const domain = emailDomain(feed.organization.contact.email ?? null);
  return domain === null ? [] : [domain];
}

/** `user.email` of `git config` text (a repository's .git/config or ~/.gitconfig); the last one wins, as in git. */
export function gitConfigUserEmail(text: string): string | null {
  let inUser = false;
  let email: string | null = null;
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (line.startsWith('[')) {
      const close = line.indexOf(']');
      const header = close === -1 ? '' : line.slice(1, close).trim();
      inUser = header.toLowerCase() === 'user';
      // `[user] email = …` on the header's line.
      line = close === -1 ? '' : line.slice(close + 1).trim();
    }
    if (!inUser || line === '' || line.startsWith('#') || line.startsWith(';')) {
      continue;
    }
    const equals = line.indexOf('=');
    if (equals !== -1 && line.slice(0, equals).trim().toLowerCase() === 'email') {
      const value = configValue(line.slice(equals + 1));
      email = value === '' ? null : value;
    }
  }
  return email;
}

/** The remotes of `git config` text, in file order. */
export function gitConfigRemoteList(text: string): GitRemote[] {
  return [...gitConfigRemotes(text)].map(([name, url]) => ({ name, url }));
}

function chooseRemote(remotes: readonly GitRemote[]): FolderContribution['remote'] {
  const ordered = [
    ...PREFERRED_REMOTES.flatMap((name) => remotes.filter((remote) => remote.name === name)),
    ...remotes.filter((remote) => !(PREFERRED_REMOTES as readonly string[]).includes(remote.name)),
  ];
  for (const remote of ordered) {
    const repo = repoIdentity(remote.url);
    if (repo !== null) {
      return { name: remote.name, url: remote.url, repo };
    }
  }
  return null;
}

function upstreamCheck(remote: FolderContribution['remote'], remoteCount: number): LocalCheck {
  if (remote !== null) {
    return { id: 'upstream', state: 'ok', message: `Checked against the remote "${remote.name}" (${remote.repo}).` };
  }
  return {
    id: 'upstream',
    state: 'warn',
    message: remoteCount === 0 ? 'No git remote: the default rule applies.' : 'No git remote names a repository URL: the default rule applies.',
  };
}

function emailCheck(userEmail: string | null, domains: readonly string[]): LocalCheck {
  const email = userEmail?.trim() || null;
  if (domains.length === 0) {
    return {
      id: 'corporate-email',
      state: 'info',
      message: `The policy asks for your corporate email address, but names no corporate domain; user.email is ${email === null ? 'not set' : email}.`,
    };
  }
  const expected = domains.map((domain) => `@${domain}`).join(' or ');
  if (email === null) {
    return { id: 'corporate-email', state: 'warn', message: `user.email is not set: set it to your corporate address (${expected}) for this repository.` };
  }
  const domain = emailDomain(email);
  if (domain !== null && domains.some((corporate) => domain === corporate || domain.endsWith(`.${corporate}`))) {
    return { id: 'corporate-email', state: 'ok', message: `Commits use your corporate address ${email}.` };
  }
  return { id: 'corporate-email', state: 'fail', message: `Commits use ${email}, not a corporate address (${expected}): set user.email for this repository.` };
}

function dcoCheck(messages: readonly string[] | null): LocalCheck {
  if (messages === null) {
    return { id: 'dco-signoff', state: 'info', message: 'Recent commits could not be read: sign off every commit (git commit -s).' };
  }
  if (messages.length === 0) {
    return { id: 'dco-signoff', state: 'info', message: 'No commits yet: sign off every commit (git commit -s).' };
  }
  const unsigned = messages.filter((message) => !hasSignOff(message)).length;
  if (unsigned === 0) {
    return { id: 'dco-signoff', state: 'ok', message: `${messages.length === 1 ? 'The last commit is' : `All ${messages.length} recent commits are`} signed off (DCO).` };
  }
  return {
    id: 'dco-signoff',
    state: 'warn',
    message: `${unsigned} of ${messages.length} recent commit${messages.length === 1 ? '' : 's'} ${unsigned === 1 ? 'lacks' : 'lack'} a Signed-off-by: line: sign off every commit (git commit -s).`,
  };
}

function hasSignOff(message: string): boolean {
  return message.split(/\r?\n/).some((line) => /^signed-off-by:\s*\S/i.test(line.trim()));
}

const CLA_MESSAGES: Readonly<Record<ClaRule, string>> = {
  'corporate-signed': 'The company has signed this project\'s CLA: contribute with your corporate account.',
  'corporate-only': 'Do not sign a CLA yourself: ask the OSPO before signing anything.',
  'individual-allowed': 'You may sign this project\'s CLA as an individual.',
  none: 'No CLA is needed here.',
};

function statementFor(status: ContributionStatus, repo: string | null, folderName: string): string {
  const subject = repo ?? `${folderName} (no git remote)`;
  switch (status) {
    case 'pre-approved':
      return `Contributions to ${subject} are pre-approved.`;
    case 'needs-approval':
      return `Contributions to ${subject} need approval from the OSPO before you send them.`;
    case 'forbidden':
      return `Contributions to ${subject} are forbidden.`;
    case 'inner-source':
      return `${subject} is inner source: contribute freely, following its CONTRIBUTING guide.`;
  }
}

function emailDomain(email: string | null): string | null {
  if (email === null) {
    return null;
  }
  const trimmed = email.trim().replace(/^<(.*)>$/, '$1');
  const at = trimmed.lastIndexOf('@');
  const domain = at === -1 ? '' : trimmed.slice(at + 1).toLowerCase().replace(/\.$/, '');
  return at > 0 && domain !== '' && !/[\s@<>]/.test(domain) ? domain : null;
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A git config value: an inline comment outside quotes removed, quotes and escapes resolved. */
function configValue(raw: string): string {
  let value = '';
  let quoted = false;
  for (let index = 0; index < raw.length; index++) {
    const character = raw[index];
    if (character === '\\' && index + 1 < raw.length) {
      const next = raw[++index];
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (character === '"') {
      quoted = !quoted;
    } else if (!quoted && (character === '#' || character === ';')) {
      break;
    } else {
      value += character;
    }
  }
  return value.trim();
}
