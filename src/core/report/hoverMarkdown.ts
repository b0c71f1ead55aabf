// The markdown of a dependency's hover: verdict and what decided it (unless the diagnostic shown
// above it already says so), license and its source, health, support, funding, advisories, alternatives,
// training and the ways to the OSPO. Pure. Every string
// from the feed or the workspace is escaped (the feed is not trusted); the only links are the
// command links built here from ids the caller passes.
import { licenseWords } from './annotation';
import type { ManifestDependency } from '../manifests/types';
import type { Finding } from '../policy/compiledPolicy';
import type { Verdict } from '../policy/verdict';
import type { ExceptionRequestFacts } from '../policy/exceptionRequest';
import type { TrainingSnippet } from '../policy/feedModel';
import type { LicenseChoice } from '../policy/licenseChoices';
import { readablePurl } from '../policy/readablePurl';
import { activityWords, governanceWords } from './governanceWords';
import { noContactText, type OspoReach } from './ospoReach';

/** The command ids the hover links to; only these are enabled in the rendered markdown. */
export interface HoverCommands {
  readonly openTraining: string;
  readonly requestException: string;
  readonly askOspo: string;
  /** Opens the setting that connects the organization's policy feed. */
  readonly connectFeed: string;
}

export interface HoverInput {
  readonly dependency: ManifestDependency;
  readonly finding: Finding;
  /** The feed's training snippets, to title the finding's training ids. */
  readonly training: readonly Pick<TrainingSnippet, 'id' | 'title' | 'minutes'>[];
  readonly commands: HoverCommands;
  /** The facts an exception request carries, given only where the feed names somewhere to send it. */
  readonly exceptionRequest?: ExceptionRequestFacts;
  /** Whether the feed names a contact to ask, and whether an organization's feed is connected at all. */
  readonly reach: OspoReach;
  readonly organization: string;
  /** The license this repository recorded for the package's `OR` expression. */
  readonly recordedChoice?: LicenseChoice;
  /** The verdict of the policy in force on the recorded license (`CompiledPolicy.licenseVerdict`): a denied or reviewed choice is said so. */
  readonly recordedChoiceVerdict?: Verdict;
  /**
   * What the editor shows in the same hover, above this one: the message of our diagnostic when the
   * pointer is on its range. Sentences it already holds are not said twice.
   */
  readonly shownAbove?: string;
}

const MAX_TEXT = 500;

/**
 * Text as literal markdown: every ASCII punctuation character backslash-escaped (so no link, image,
 * HTML, emphasis or autolink can form), line breaks folded, overlong text cut.
 */
export function escapeMarkdown(text: string): string {
  const folded = text.replace(/[\r\n\t\f\v]+/g, ' ');
  const cut = folded.length > MAX_TEXT ? `${folded.slice(0, MAX_TEXT)}…` : folded;
  return cut.replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'$%=?@^;,/]/g, (char) => `\\${char}`);
}

/** `command:<id>?<encoded JSON args>`, safe inside a markdown link destination. */
export function commandLink(command: string, args: readonly unknown[]): string {
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(/[()!'*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${encoded}`;
}

function link(label: string, target: string): string {
  return `[${escapeMarkdown(label)}](${target})`;
}

const SUPPORT_LABELS: Readonly<Record<string, string>> = {
  vendor: 'vendor support',
  internal: 'internal owner',
  community: 'community support',
  none: 'no support',
  eol: 'end of life',
};

const CHOICE_WARNING: Readonly<Record<Verdict, string>> = {
  allow: '',
  unknown: '',
  review: ', **which the policy sends to review**',
  deny: ', **which the policy denies**: record another option or ask your OSPO',
};

function licenseLine(finding: Finding, recordedChoice: LicenseChoice | undefined, choiceVerdict: Verdict | undefined): string {
  if (finding.license === null) {
    return `**License:** unknown (no license data)`;
  }
  const source = finding.licenseSource ? ` — from ${escapeMarkdown(finding.licenseSource)}` : '';
  const choice = recordedChoice ? ` — choice recorded: ${escapeMarkdown(recordedChoice.license)}${CHOICE_WARNING[choiceVerdict ?? 'allow']}` : '';
  const list = finding.licenseList !== undefined ? ' (relation not stated; every one of them is applied)' : '';
  return `**License:** ${escapeMarkdown(licenseWords(finding))}${list}${source}${choice}`;
}

// The rules behind the reasons are data for JSON and SARIF (`Reason.rule`); the messages say in words what decided.
function verdictLines(finding: Finding, shownAbove: string): string[] {
  const unsaid = (message: string) => !shownAbove.includes(message);
  const sentence = unsaid(finding.decisive.message) ? ` — ${escapeMarkdown(finding.decisive.message)}` : '';
  const others = finding.reasons.filter((reason) => reason !== finding.decisive && reason.message !== finding.decisive.message && unsaid(reason.message));
  return [`**Verdict: ${finding.shown}**${sentence}`, ...others.map((reason) => `- ${escapeMarkdown(reason.message)}`)];
}

function healthLine(finding: Finding): string | null {
  if (!finding.health) {
    return null;
  }
  const verdict = finding.health.verdict ? ` — ${finding.health.verdict}` : ' — fine';
  return `**Health:** ${escapeMarkdown(String(finding.health.score))}/10 (${escapeMarkdown(finding.health.source)})${verdict}`;
}

/** Who governs the package and why the extension says so: the sources of its signals, as text (a hover links only to the extension's own commands). */
function governanceLine(finding: Finding): string {
  const { trust } = finding;
  if (trust.governance === 'unknown') {
    return '**Governance:** unknown — neither the policy nor OSPO Guide’s list of foundations and vendors names it.';
  }
  const sources = trust.signals.filter((signal) => signal.kind === 'governance' || signal.kind === 'relicensing').map((signal) => signal.source);
  return `**Governance:** ${escapeMarkdown(governanceWords(trust))}${sources.length > 0 ? ` (${escapeMarkdown([...new Set(sources)].join('; '))})` : ''}`;
}

/** The registry's latest release and how many accounts may publish: a project nobody releases or one person holds is a risk of its own. */
function activityLine(finding: Finding): string | null {
  const words = activityWords(finding.trust);
  const source = finding.trust.signals.find((signal) => signal.kind === 'latest-release' || signal.kind === 'maintainers')?.source;
  return words === undefined || source === undefined ? null : `**Activity:** ${escapeMarkdown(words)} (${escapeMarkdown(source)})`;
}

function supportLine(finding: Finding): string | null {
  const support = finding.support;
  if (!support) {
    return null;
  }
  const parts = [`**Support:** ${SUPPORT_LABELS[support.level] ?? escapeMarkdown(support.level)}`];
  if (support.until) {
    parts.push(support.level === 'eol' ? `since ${escapeMarkdown(support.until)}` : `until ${escapeMarkdown(support.until)}`);
  }
  if (support.note) {
    parts.push(escapeMarkdown(support.note));
  }
  if (support.contact) {
    parts.push(`contact: ${escapeMarkdown(support.contact)}`);
  }
  return parts.join(' — ');
}

/** Funding URLs shown in a hover; the rest are counted (\`ospo-guide fund\` lists them all). */
const MAX_FUNDING_SHOWN = 3;

/**
 * That the organization already funds the package (so nobody starts a second sponsorship), else
 * where the package asks for money. URLs stay text: a hover links only to the extension's own commands.
 */
function fundingLine(finding: Finding): string | null {
  if (finding.sponsorship) {
    const { how, contact } = finding.sponsorship;
    return `**Funding:** sponsored by your organization — ${escapeMarkdown(how)}${contact !== undefined ? ` (${escapeMarkdown(contact)})` : ''}`;
  }
  const urls = finding.funding ?? [];
  if (urls.length === 0) {
    return null;
  }
  const more = urls.length > MAX_FUNDING_SHOWN ? ` and ${urls.length - MAX_FUNDING_SHOWN} more` : '';
  return `**Funding:** asks for funding: ${urls.slice(0, MAX_FUNDING_SHOWN).map(escapeMarkdown).join(', ')}${more}`;
}

function advisoryLines(finding: Finding): string[] {
  if (finding.advisories.length === 0) {
    return [];
  }
  return [
    '**Advisories:**',
    ...finding.advisories.map((advisory) => {
      const aliases = advisory.aliases.length > 0 ? ` (${advisory.aliases.map(escapeMarkdown).join(', ')})` : '';
      const summary = advisory.summary ? `: ${escapeMarkdown(advisory.summary)}` : '';
      return `- ${escapeMarkdown(advisory.id)}${aliases}${summary} — ${advisory.verdict}`;
    }),
  ];
}

function alternativeLines(finding: Finding): string[] {
  if (finding.alternatives.length === 0) {
    return [];
  }
  return ['**Approved alternatives:**', ...finding.alternatives.map((alternative) => `- ${escapeMarkdown(readablePurl(alternative.purl, alternative.spec))}`)];
}

function exceptionLines(finding: Finding): string[] {
  const lines: string[] = [];
  if (finding.exception) {
    const grant = finding.exception;
    lines.push(`**Exception:** ${grant.ticket ? `${escapeMarkdown(grant.ticket)} ` : ''}sets ${grant.verdict}${grant.until ? ` until ${escapeMarkdown(grant.until)}` : ''}`);
  }
  for (const expired of finding.expiredExceptions) {
    lines.push(`**Expired exception:** ${expired.ticket ? `${escapeMarkdown(expired.ticket)} ` : ''}ended ${escapeMarkdown(expired.until ?? '')}`);
  }
  return lines;
}

/** Only training the feed has: an id without a snippet would be a link to nowhere, labelled with an internal id. */
function trainingLines(input: HoverInput): string[] {
  const titles = new Map(input.training.map((snippet) => [snippet.id, snippet]));
  const links = input.finding.training.flatMap((id) => {
    const snippet = titles.get(id);
    return snippet ? [`- ${link(`${snippet.title}${snippet.minutes ? ` (${snippet.minutes} min)` : ''}`, commandLink(input.commands.openTraining, [id]))}`] : [];
  });
  return links.length > 0 ? ['**Training:**', ...links] : [];
}

/** The ways to the OSPO the feed names; without any, one plain sentence (and, under the bundled default, how to connect a feed). */
function ospoLine(input: HoverInput): string {
  const actions: string[] = [];
  if (input.exceptionRequest && input.finding.verdict !== 'allow') {
    actions.push(link('Request an exception', commandLink(input.commands.requestException, [input.exceptionRequest])));
  }
  if (input.reach === 'reachable') {
    actions.push(link('Ask the OSPO', commandLink(input.commands.askOspo, [])));
  }
  if (actions.length > 0) {
    return actions.join(' · ');
  }
  if (input.reach === 'not-connected') {
    return `**No OSPO connected** — ${link('connect your organization’s policy feed', commandLink(input.commands.connectFeed, []))} to ask your OSPO and request exceptions.`;
  }
  return `_${escapeMarkdown(noContactText(input.organization))}_`;
}

/** The hover of one dependency, as markdown for a MarkdownString with only `commands` enabled. */
export function hoverMarkdown(input: HoverInput): string {
  const { dependency, finding } = input;
  const version = finding.version ?? dependency.spec;
  const header = `**${escapeMarkdown(dependency.name)}**${dependency.package ? ` (${escapeMarkdown(dependency.package)})` : ''}${version ? ` ${escapeMarkdown(version)}` : ''} — OSPO Guide`;
  const blocks: string[][] = [
    [header],
    verdictLines(finding, input.shownAbove ?? ''),
    [licenseLine(finding, input.recordedChoice, input.recordedChoiceVerdict)],
  ];
  const facts = [healthLine(finding), governanceLine(finding), activityLine(finding), supportLine(finding), fundingLine(finding)].filter((line): line is string => line !== null);
  if (facts.length > 0) {
    blocks.push(facts.map((line, index) => (index < facts.length - 1 ? `${line}  ` : line)));
  }
  for (const section of [exceptionLines(finding), advisoryLines(finding), alternativeLines(finding), trainingLines(input)]) {
    if (section.length > 0) {
      blocks.push(section);
    }
  }
  blocks.push([ospoLine(input)]);
  return blocks.map((block) => block.join('\n')).join('\n\n');
}
