import type { Ecosystem } from '../core/manifests';
import { CompiledPolicy, type Finding, type FindingTrust } from '../core/policy/compiledPolicy';
import { PURL_TYPE, parsePurlWithVersion } from '../core/policy/purl';
import { evaluateLicense } from '../core/policy/spdx/evaluateLicense';
import { ruleRefWords } from '../core/policy/ruleRef';
import type { Reason, Verdict } from '../core/policy/verdict';
import { UsageError, parseArgs } from './args';
import type { CommandOutput } from './depsCommand';
import { POLICY_OPTIONS, loadPolicy, policyOptions } from './loadPolicy';
import { MAX_CELL_CHARS, MAX_SENTENCE_CHARS, terminalField } from './terminalText';

export const EXPLAIN_USAGE = 'ospo-guide explain (--license "<SPDX expression>" | <purl or name> [--version V]) [--policy FILE|URL [--public-key KEY]] [--json]';

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
  const args = parseArgs(argv, { flags: ['json'], options: ['license', 'version', ...POLICY_OPTIONS] });
  const license = args.options.get('license');
  if ((license === undefined) === (args.positionals.length !== 1) || args.positionals.length > 1) {
    throw new UsageError(`usage: ${EXPLAIN_USAGE}`);
  }
  const { feed, notes } = await loadPolicy(policyOptions(args, cwd));
  let explanation: Explanation;
  if (license !== undefined) {
    const evaluation = evaluateLicense(license, feed.licenses);
    explanation = { subject: license, verdict: evaluation.verdict, reasons: evaluation.reasons, license: evaluation.normalized };
  } else {
    const finding = explainPackage(new CompiledPolicy(feed), args.positionals[0], args.options.get('version') ?? null, now);
    explanation = { subject: args.positionals[0], verdict: finding.verdict, reasons: finding.reasons, license: finding.license, purl: finding.purl, trust: finding.trust };
  }
  if (args.flags.has('json')) {
    return { stdout: JSON.stringify(explanation, null, 2) + '\n', stderr: notes, exitCode: 0 };
  }
  const lines = [
    `${terminalField(explanation.subject, MAX_CELL_CHARS * 4)}: ${explanation.verdict}`,
    ...explanation.reasons.map((reason) => `  - ${terminalField(reason.message, MAX_SENTENCE_CHARS)}${reason.rule ? ` [rule: ${terminalField(ruleRefWords(reason.rule), MAX_CELL_CHARS * 2)}]` : ''}`),
    ...(explanation.trust ? trustLines(explanation.trust) : []),
  ];
  return { stdout: lines.join('\n') + '\n', stderr: notes, exitCode: 0 };
}

/**
 * A purl says its ecosystem; a bare name is looked up in every ecosystem, and the one whose
 * package rules say the most (the worst verdict) is explained.
 */
function explainPackage(policy: CompiledPolicy, subject: string, version: string | null, now: Date): Finding {
  const context = { repo: null, now };
  if (subject.startsWith('pkg:')) {
    const parsed = parsePurlWithVersion(subject);
    if ('error' in parsed) {
      throw new UsageError(`'${subject}' ${parsed.error}`);
    }
    return policy.evaluate(facts(parsed.key.ecosystem, parsed.key.name, version ?? parsed.version ?? null), context);
  }
  const ecosystems = Object.keys(PURL_TYPE) as Ecosystem[];
  const findings = ecosystems.map((ecosystem) => policy.evaluate(facts(ecosystem, subject, version), context));
  const ruled = findings.filter((finding) => finding.reasons.some((reason) => reason.kind === 'package-rule' || reason.kind === 'data' || reason.kind === 'advisory') || finding.trust.governance !== 'unknown');
  return (ruled.length > 0 ? ruled : findings).reduce((worst, finding) => (rank(finding.verdict) < rank(worst.verdict) ? finding : worst));
}

/** The trust rating for people: the governance, then each signal with its source. */
function trustLines(trust: FindingTrust): string[] {
  const steward = trust.steward ? ` (${terminalField(trust.steward, MAX_CELL_CHARS)})` : '';
  const why = trust.governance === 'unknown' ? ': no list names it; a package rule can say who governs it' : '';
  return [`trust: ${trust.governance}${steward}${why}`, ...trust.signals.map((signal) => `  - ${signal.kind}: ${terminalField(signal.value, MAX_CELL_CHARS * 2)} (${terminalField(signal.source, MAX_SENTENCE_CHARS)})`)];
}

function facts(ecosystem: Ecosystem, name: string, version: string | null) {
  const registryName = ecosystem === 'maven' ? name.replace('/', ':') : name;
  return { ecosystem, name: registryName, spec: null, version };
}

function rank(verdict: Verdict): number {
  return ['deny', 'review', 'unknown', 'allow'].indexOf(verdict);
}
