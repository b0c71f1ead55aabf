import type { LicenseChoices } from '../../policy/licenseChoices';
import type { PolicyFeed } from '../../policy/feedModel';
import { readablePurl } from '../../policy/readablePurl';
import { VERDICTS_WORST_FIRST, type Verdict } from '../../policy/verdict';
import type { CheckReport, ReportFinding } from '../checkReport';

/** An exception of the feed that a dependency of this repository meets: in force, or expired and still matched. */
export interface ReportedException {
  /** The package (range) it names, for people: `npm left-pad`. */
  readonly target: string;
  readonly versions?: string;
  readonly verdict: Verdict;
  readonly ticket?: string;
  /** `YYYY-MM-DD`, when it ends (or ended). */
  readonly until?: string;
  readonly state: 'in force' | 'expired';
  /** The dependencies it applies to here: `left-pad 1.3.0 (package.json)`. */
  readonly appliesTo: readonly string[];
}

/** A license chosen for an `OR` expression, as `.ospo/choices.json` records it. */
export interface ReportedChoice {
  readonly target: string;
  readonly expression: string;
  readonly license: string;
  readonly recordedAt: string;
  /** Whether a dependency of this report still offers that license (its expression is still an OR holding it); undefined when none was checked. */
  readonly stillOffered?: boolean;
}

/** Evidence of what a repository uses and what the OSPO decided about it (ISO/IEC 5230 asks for records of decisions). */
export interface ComplianceReport {
  readonly project: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly generatedAt: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly repo?: string;
  readonly policy: {
    readonly id: string;
    readonly version: number;
    readonly issued: string;
    readonly expires?: string;
    readonly organization: string;
    /** Where it was read: `bundled default`, a file, a URL (and whether its signature was checked). */
    readonly source: string;
  };
  readonly summary: CheckReport['summary'];
  /** Every finding that is not a plain allow (an allow by exception included), worst first. */
  readonly attention: readonly ReportFinding[];
  readonly exceptions: readonly ReportedException[];
  readonly choices: readonly ReportedChoice[];
  /** The findings with no license data, or a license text that is no SPDX expression. */
  readonly unknown: readonly ReportFinding[];
  /** Manifests that could not be read or were read with problems. */
  readonly problems: readonly string[];
}

export interface ComplianceInputs {
  readonly project: string;
  readonly now: Date;
  readonly tool: { readonly name: string; readonly version: string };
  readonly repo?: string;
  readonly feed: PolicyFeed;
  readonly policySource: string;
  readonly choices: LicenseChoices;
  readonly problems: readonly string[];
}

/** The report of one `check` run, with the feed's exceptions it met and the repository's recorded choices. */
export function buildComplianceReport(report: CheckReport, inputs: ComplianceInputs): ComplianceReport {
  const { feed } = inputs;
  const attention = report.findings.filter((finding) => finding.verdict !== 'allow' || finding.code !== null || finding.reasons.some((reason) => reason.kind === 'exception')).sort(worstFirst);
  return {
    project: inputs.project,
    generatedAt: `${inputs.now.toISOString().slice(0, 19)}Z`,
    tool: inputs.tool,
    ...(inputs.repo ? { repo: inputs.repo } : {}),
    policy: {
      id: feed.id,
      version: feed.version,
      issued: feed.issued,
      ...(feed.expires ? { expires: feed.expires } : {}),
      organization: feed.organization.name,
      source: inputs.policySource,
    },
    summary: report.summary,
    attention,
    exceptions: exceptionsMet(report.findings, feed),
    choices: recordedChoices(report.findings, inputs.choices),
    unknown: report.findings.filter((finding) => finding.shown === 'unknown' || finding.reasons.some((reason) => reason.rule?.section === 'licenses' && 'key' in reason.rule && reason.rule.key === 'unknown')),
    problems: inputs.problems,
  };
}

/** As people read verdicts (`shown`): denied, review, unknown, allowed. */
function worstFirst(a: ReportFinding, b: ReportFinding): number {
  return VERDICTS_WORST_FIRST.indexOf(a.shown) - VERDICTS_WORST_FIRST.indexOf(b.shown) || Number(b.direct) - Number(a.direct) || a.name.localeCompare(b.name, 'en') || a.file.localeCompare(b.file, 'en');
}

function dependencyLabel(finding: ReportFinding): string {
  return `${finding.name}${finding.version ? ` ${finding.version}` : ''} (${finding.direct ? finding.file : `transitive, ${finding.file}`})`;
}

/** The feed's exceptions, by their place in it, that a finding's reasons name (`exception` in force, `exception-expired`). */
function exceptionsMet(findings: readonly ReportFinding[], feed: PolicyFeed): ReportedException[] {
  const met = new Map<number, { state: 'in force' | 'expired'; appliesTo: string[] }>();
  for (const finding of findings) {
    for (const reason of finding.reasons) {
      const rule = reason.rule;
      if ((reason.kind !== 'exception' && reason.kind !== 'exception-expired') || rule?.section !== 'exceptions' || typeof rule.index !== 'number') {
        continue;
      }
      const entry = met.get(rule.index) ?? { state: reason.kind === 'exception' ? 'in force' : 'expired', appliesTo: [] };
      const label = dependencyLabel(finding);
      if (!entry.appliesTo.includes(label)) {
        entry.appliesTo.push(label);
      }
      met.set(rule.index, entry);
    }
  }
  return [...met]
    .sort(([a], [b]) => a - b)
    .flatMap(([index, { state, appliesTo }]) => {
      const grant = feed.exceptions[index];
      if (grant === undefined) {
        return [];
      }
      return [
        {
          target: readablePurl(grant.match),
          ...(grant.versions ? { versions: grant.versions } : {}),
          verdict: grant.verdict,
          ...(grant.ticket ? { ticket: grant.ticket } : {}),
          ...(grant.until ? { until: grant.until } : {}),
          state,
          appliesTo,
        },
      ];
    });
}

function recordedChoices(findings: readonly ReportFinding[], choices: LicenseChoices): ReportedChoice[] {
  return [...choices].map(([purl, choice]) => {
    const using = findings.filter((finding) => finding.purl === purl);
    const stillOffered = using.length === 0 ? undefined : using.some((finding) => finding.license !== null && ` ${finding.license} `.includes(` ${choice.license} `) && / OR /.test(finding.license));
    return { target: readablePurl(purl), expression: choice.expression, license: choice.license, recordedAt: choice.recordedAt, ...(stillOffered !== undefined ? { stillOffered } : {}) };
  });
}
