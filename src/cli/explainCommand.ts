import type { Ecosystem } from '../core/manifests';
import { lookupRules, type LookupRules } from '../core/data/registry/lookupRules';
import { withRegistryAnswer } from '../core/data/registry/registryInventory';
import { lookUpDependency } from '../core/data/registry/registryLookup';
import { CompiledPolicy, type DependencyFacts, type Finding, type FindingTrust } from '../core/policy/compiledPolicy';
import { PURL_TYPE, formatPurl, parsePurlWithVersion } from '../core/policy/purl';
import { readablePurl } from '../core/policy/readablePurl';
import { evaluateLicense } from '../core/policy/spdx/evaluateLicense';
import { ruleRefWords } from '../core/policy/ruleRef';
import type { Reason, Verdict } from '../core/policy/verdict';
import { UsageError, parseArgs } from './args';
import type { CommandOutput } from './depsCommand';
import { POLICY_OPTIONS, loadPolicy, policyOptions } from './loadPolicy';
import { cliLog, cliRegistries } from './cliRegistries';
import { proxyAwareFetch } from './proxyFetch';
import { withRepositoryPolicy } from './repositoryPolicy';
import { MAX_CELL_CHARS, MAX_SENTENCE_CHARS, terminalField } from './terminalText';

export const EXPLAIN_USAGE = 'ospo-guide explain (--license "<SPDX expression>" | <purl or name> [--version V] [--offline]) [--policy FILE|URL [--public-key KEY]] [--json]';

interface Explanation {
  readonly subject: string;
  readonly verdict: Verdict;
  readonly reasons: readonly Reason[];
  readonly license?: string | null;
  readonly purl?: string;
  /** Packages only: who governs it and what else the rating rests on, each signal with its source. */
  readonly trust?: FindingTrust;
}

export async function explainCommand(argv: readonly string[], cwd = process.cwd(), now = new Date()): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: ['json', 'offline'], options: ['license', 'version', ...POLICY_OPTIONS] });
  const license = args.options.get('license');
  if ((license === undefined) === (args.positionals.length !== 1) || args.positionals.length > 1) {
    throw new UsageError(`usage: ${EXPLAIN_USAGE}`);
  }
  const { feed, notes } = await withRepositoryPolicy(await loadPolicy(policyOptions(args, cwd)), cwd, cwd);
  let stderr = notes;
  let explanation: Explanation;
  let looked: Awaited<ReturnType<typeof lookUpSubject>> | undefined;
  if (license !== undefined) {
    const evaluation = evaluateLicense(license, feed.licenses);
    explanation = { subject: license, verdict: evaluation.verdict, reasons: evaluation.reasons, license: evaluation.normalized };
  } else {
    const policy = new CompiledPolicy(feed);
    const subject = args.positionals[0];
    const version = args.options.get('version') ?? null;
    const chosen = explainPackage(policy, subject, version, now);
    const rules = lookupRules(feed.lookups);
    looked = args.flags.has('offline') || !rules.allowed ? undefined : await lookUpSubject(subject, chosen, version, cwd, rules);
    stderr += looked?.notes ?? '';
    const finding = looked?.facts ? policy.evaluate(looked.facts, { repo: null, now }) : chosen.finding;
    explanation = { subject: args.positionals[0], verdict: finding.verdict, reasons: finding.reasons, license: finding.license, purl: finding.purl, trust: finding.trust };
  }
  if (args.flags.has('json')) {
    return { stdout: JSON.stringify(explanation, null, 2) + '\n', stderr, exitCode: 0 };
  }
  const lines = [
    `${terminalField(explanation.subject, MAX_CELL_CHARS * 4)}: ${explanation.verdict}`,
    ...(looked?.facts ? [dataLine(looked.facts)] : []),
    ...explanation.reasons.map((reason) => `  - ${terminalField(reason.message, MAX_SENTENCE_CHARS)}${reason.rule ? ` [rule: ${terminalField(ruleRefWords(reason.rule), MAX_CELL_CHARS * 2)}]` : ''}`),
    ...(explanation.trust ? trustLines(explanation.trust) : []),
  ];
  return { stdout: lines.join('\n') + '\n', stderr, exitCode: 0 };
}

/** The package a subject names, evaluated on the policy alone: the finding, and whether the subject said its ecosystem. */
interface Chosen {
  readonly finding: Finding;
  readonly facts: DependencyFacts;
  /** The subject was a purl: it names its ecosystem. */
  readonly named: boolean;
  /** A bare name the policy places (a package rule, an advisory, a governance list): the ecosystem it placed it in was chosen. */
  readonly ruled: boolean;
}

/**
 * A purl says its ecosystem; a bare name is looked up in every ecosystem, and the one whose
 * package rules say the most (the worst verdict) is explained.
 */
function explainPackage(policy: CompiledPolicy, subject: string, version: string | null, now: Date): Chosen {
  const context = { repo: null, now };
  if (subject.startsWith('pkg:')) {
    const parsed = parsePurlWithVersion(subject);
    if ('error' in parsed) {
      throw new UsageError(`'${subject}' ${parsed.error}`);
    }
    const named = facts(parsed.key.ecosystem, parsed.key.name, version ?? parsed.version ?? null);
    return { finding: policy.evaluate(named, context), facts: named, named: true, ruled: false };
  }
  const candidates = (Object.keys(PURL_TYPE) as Ecosystem[]).map((ecosystem) => {
    const candidate = facts(ecosystem, subject, version);
    return { facts: candidate, finding: policy.evaluate(candidate, context) };
  });
  const ruled = candidates.filter(({ finding }) => finding.reasons.some((reason) => reason.kind === 'package-rule' || reason.kind === 'data' || reason.kind === 'advisory') || finding.trust.governance !== 'unknown');
  const worst = (ruled.length > 0 ? ruled : candidates).reduce((worst, candidate) => (rank(candidate.finding.verdict) < rank(worst.finding.verdict) ? candidate : worst));
  return { ...worst, named: false, ruled: ruled.length > 0 };
}

/** Registries a bare name is asked of, in this order, when no rule says which ecosystem it is: those whose names look like it. */
const BARE_NAME_ECOSYSTEMS: readonly Ecosystem[] = ['npm', 'pypi', 'cargo', 'rubygems'];

/**
 * The registries' word on the subject, as `check` asks them for a dependency nothing installed
 * describes: its version, license, repository, funding and activity. A purl (or a name the policy
 * places) is asked of its ecosystem's registry; a bare name of npm, PyPI, crates.io and RubyGems,
 * and the first that publishes it is explained, the others named on stderr.
 */
async function lookUpSubject(subject: string, chosen: Chosen, version: string | null, cwd: string, rules: LookupRules): Promise<{ readonly facts?: DependencyFacts; readonly notes: string }> {
  const registries = cliRegistries([cwd], rules, proxyAwareFetch(), cliLog());
  const clients = await registries.clientsFor(cwd);
  const ecosystems = chosen.named || chosen.ruled ? [chosen.facts.ecosystem] : BARE_NAME_ECOSYSTEMS;
  const answers = await Promise.all(
    ecosystems.map(async (ecosystem) => {
      const client = clients[ecosystem];
      const asked = ecosystem === chosen.facts.ecosystem ? chosen.facts : facts(ecosystem, subject, version);
      const answer = client && !registries.isPrivate(ecosystem, asked.name) ? await lookUpDependency(client, { name: asked.name, spec: null, ...(asked.version ? { locked: asked.version } : {}) }) : undefined;
      return answer ? { ecosystem, facts: withRegistryAnswer(asked, answer) } : undefined;
    }),
  );
  const found = answers.filter((answer) => answer !== undefined);
  if (found.length === 0) {
    return { notes: `ospo-guide: no registry asked publishes ${terminalField(subject, MAX_CELL_CHARS)}; explained from the policy alone.\n` };
  }
  const others = found.slice(1).map((answer) => formatPurl({ ecosystem: answer.ecosystem, name: answer.facts.name }));
  const notes = others.length > 0 ? `ospo-guide: ${terminalField(subject, MAX_CELL_CHARS)} is also published as ${others.map((purl) => readablePurl(purl)).join(', ')}; name one with a purl to explain it.\n` : '';
  return { facts: found[0].facts, notes };
}

/** The trust rating for people: the governance, then each signal with its source. */
function trustLines(trust: FindingTrust): string[] {
  const steward = trust.steward ? ` (${terminalField(trust.steward, MAX_CELL_CHARS)})` : '';
  const why = trust.governance === 'unknown' ? ': no list names it; a package rule can say who governs it' : '';
  return [`trust: ${trust.governance}${steward}${why}`, ...trust.signals.map((signal) => `  - ${signal.kind}: ${terminalField(signal.value, MAX_CELL_CHARS * 2)} (${terminalField(signal.source, MAX_SENTENCE_CHARS)})`)];
}

/** What the registry said, for people: `data: version 11.0.0 (registry.npmjs.org: newest release), license MIT (registry.npmjs.org)`. */
function dataLine(found: DependencyFacts): string {
  const license = found.license === undefined || found.license === null ? 'no license' : `license ${typeof found.license === 'string' ? found.license : found.license.join(', ')}${found.licenseSource ? ` (${found.licenseSource})` : ''}`;
  const version = found.version ? `version ${found.version}${found.versionSource ? ` (${found.versionSource})` : ''}, ` : '';
  return `data: ${terminalField(`${version}${license}`, MAX_SENTENCE_CHARS)}`;
}

function facts(ecosystem: Ecosystem, name: string, version: string | null): DependencyFacts {
  const registryName = ecosystem === 'maven' ? name.replace('/', ':') : name;
  return { ecosystem, name: registryName, spec: null, version };
}

function rank(verdict: Verdict): number {
  return ['deny', 'review', 'unknown', 'allow'].indexOf(verdict);
}
