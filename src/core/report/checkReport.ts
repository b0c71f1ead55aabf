import { LineIndex, type ManifestDependency, type ParsedManifest } from '../manifests';
import type { CompiledPolicy, EvaluationContext, Finding } from '../policy/compiledPolicy';
import { VERDICTS_WORST_FIRST, type Reason, type Verdict } from '../policy/verdict';
import { findingCode, type FindingCode } from './findingCode';

export interface ReportFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly ecosystem: string;
  readonly name: string;
  readonly spec: string | null;
  readonly purl: string;
  readonly version: string | null;
  readonly license: string | null;
  readonly verdict: Verdict;
  readonly code: FindingCode | null;
  /** The reason that gave the verdict; every other reason is in `reasons`. */
  readonly why: string;
  readonly reasons: readonly Reason[];
  readonly health: Finding['health'] | null;
  readonly advisories: Finding['advisories'];
}

export interface CheckReport {
  readonly policy: { readonly id: string; readonly version: number };
  readonly findings: readonly ReportFinding[];
  readonly summary: {
    readonly manifests: number;
    readonly dependencies: number;
    readonly byVerdict: Readonly<Record<Verdict, number>>;
  };
}

export interface CheckedManifest {
  /** The path as it should appear in the report (relative to where the check ran). */
  readonly file: string;
  readonly text: string;
  readonly parsed: ParsedManifest;
}

/** Evaluates every direct dependency of the manifests; positions are 1-based, end exclusive. */
export function buildCheckReport(policy: CompiledPolicy, manifests: readonly CheckedManifest[], context: EvaluationContext): CheckReport {
  const findings: ReportFinding[] = [];
  const byVerdict: Record<Verdict, number> = { deny: 0, review: 0, unknown: 0, allow: 0 };
  for (const manifest of manifests) {
    const lines = new LineIndex(manifest.text);
    for (const dependency of manifest.parsed.dependencies) {
      const finding = policy.evaluate(dependencyFacts(dependency), context);
      byVerdict[finding.verdict]++;
      findings.push(toReportFinding(manifest.file, lines, dependency, finding));
    }
  }
  return {
    policy: { id: policy.feed.id, version: policy.feed.version },
    findings,
    summary: { manifests: manifests.length, dependencies: findings.length, byVerdict },
  };
}

/** Until installed and locked data is read, a manifest tells only its spec; the version comes from an exact pin. */
function dependencyFacts(dependency: ManifestDependency) {
  return {
    ecosystem: dependency.ecosystem,
    name: dependency.name,
    ...(dependency.package !== undefined ? { package: dependency.package } : {}),
    spec: dependency.spec,
    ...(dependency.version !== undefined ? { version: dependency.version, versionSource: 'manifest property' } : {}),
  };
}

function toReportFinding(file: string, lines: LineIndex, dependency: ManifestDependency, finding: Finding): ReportFinding {
  const start = lines.positionAt(dependency.nameRange.start);
  const end = lines.positionAt(dependency.nameRange.end);
  const code = findingCode(finding);
  return {
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    ecosystem: dependency.ecosystem,
    name: dependency.name,
    spec: dependency.spec,
    purl: finding.purl,
    version: finding.version,
    license: finding.license,
    verdict: finding.verdict,
    code,
    why: code === 'exception-expired' ? (finding.reasons.find((reason) => reason.kind === 'exception-expired')?.message ?? finding.decisive.message) : finding.decisive.message,
    reasons: finding.reasons,
    health: finding.health ?? null,
    advisories: finding.advisories,
  };
}

/** Whether any finding is at or above the threshold (`never` never fails). */
export function failsAt(report: CheckReport, failOn: 'deny' | 'review' | 'never'): boolean {
  if (failOn === 'never') {
    return false;
  }
  const worstAllowed = VERDICTS_WORST_FIRST.indexOf(failOn);
  return report.findings.some((finding) => VERDICTS_WORST_FIRST.indexOf(finding.verdict) <= worstAllowed);
}
