import * as path from 'node:path';
import { manifestFacts, packageFacts, type Inventory, type InventoryPackage } from '../data/inventory';
import { LineIndex, type ManifestDependency, type ParsedManifest } from '../manifests';
import type { Ecosystem } from '../manifests/types';
import type { CompiledPolicy, EvaluationContext, Finding } from '../policy/compiledPolicy';
import type { RuleRef } from '../policy/ruleRef';
import { VERDICTS_WORST_FIRST, type Reason, type Verdict } from '../policy/verdict';
import { findingCode, type FindingCode } from './findingCode';
import { countFindings, totalOf, type VerdictCounts } from './workspaceSummary';

export interface ReportFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly spec: string | null;
  /** False for a package only the lockfile or installed tree has (`--transitive`). */
  readonly direct: boolean;
  readonly purl: string;
  readonly version: string | null;
  readonly license: string | null;
  /** Several licenses listed with no stated relation, as found (`license` then holds the cautious AND). */
  readonly licenseList?: readonly string[];
  readonly verdict: Verdict;
  /** The verdict as shown to people: `unknown` for no license data that the policy sends to review (see `Finding.shown`). */
  readonly shown: Verdict;
  readonly code: FindingCode | null;
  /** The reason that gave the verdict; every other reason is in `reasons`. */
  readonly why: string;
  /** The part of the policy behind `why`, as data (see `RuleRef`); null where none is (a license change found in registry data). */
  readonly rule: RuleRef | null;
  readonly reasons: readonly Reason[];
  readonly health: Finding['health'] | null;
  /** Who governs the package and what else the trust rating rests on, each signal with its source. */
  readonly trust: Finding['trust'];
  readonly advisories: Finding['advisories'];
}

export interface CheckReport {
  readonly policy: { readonly id: string; readonly version: number };
  readonly findings: readonly ReportFinding[];
  readonly summary: {
    readonly manifests: number;
    readonly dependencies: number;
    readonly transitive: number;
    /**
     * The direct dependencies by verdict, counted as shown (`Finding.shown`): dependencies with no
     * license data are `unknown` here whatever the policy sends them to. The same numbers as the
     * editor's status bar, Open Source view and Check Workspace.
     */
    readonly byVerdict: VerdictCounts;
    /** The transitive packages (`--transitive`) by verdict, counted apart from the direct ones. */
    readonly transitiveByVerdict: VerdictCounts;
    /** What the policy sends a license it does not know to (`licenses.unknown`). */
    readonly unknownSentTo: Verdict;
  };
}

export interface CheckedManifest {
  /** The path as it should appear in the report (relative to where the check ran). */
  readonly file: string;
  /** The path the inventory knows it by. */
  readonly absolutePath: string;
  readonly text: string;
  readonly parsed: ParsedManifest;
}

/**
 * Evaluates every direct dependency of the manifests with what the inventory knows of it, and with
 * `transitive`, every other package of the tree too. Positions are 1-based, end exclusive; a
 * transitive package points at the first manifest of its folder.
 */
export function buildCheckReport(
  policy: CompiledPolicy,
  manifests: readonly CheckedManifest[],
  context: EvaluationContext,
  data: { readonly inventory?: Inventory; readonly transitive?: boolean } = {},
): CheckReport {
  const findings: ReportFinding[] = [];
  for (const manifest of manifests) {
    const lines = new LineIndex(manifest.text);
    for (const dependency of manifest.parsed.dependencies) {
      const facts = data.inventory?.factsFor(manifest.absolutePath, dependency) ?? manifestFacts(dependency);
      const finding = policy.evaluate(facts, context);
      findings.push(toReportFinding(manifest.file, lines, dependency, finding));
    }
  }
  if (data.inventory && data.transitive) {
    for (const item of data.inventory.packages.filter((candidate) => !candidate.direct)) {
      const manifest = manifests.find((candidate) => path.dirname(candidate.absolutePath) === folderOf(item, manifests)) ?? manifests[0];
      const finding = policy.evaluate(packageFacts(item), context);
      findings.push(transitiveFinding(manifest?.file ?? '', item, finding));
    }
  }
  const { transitive, manifests: manifestCount, ...byVerdict } = countFindings(manifests.length, findings);
  return {
    policy: { id: policy.feed.id, version: policy.feed.version },
    findings,
    summary: {
      manifests: manifestCount,
      dependencies: totalOf(byVerdict),
      transitive: totalOf(transitive),
      byVerdict,
      transitiveByVerdict: transitive,
      unknownSentTo: policy.feed.licenses.unknown,
    },
  };
}

function folderOf(item: InventoryPackage, manifests: readonly CheckedManifest[]): string | undefined {
  const namedBy = item.manifests[0];
  if (namedBy) {
    return path.dirname(namedBy);
  }
  return manifests.length > 0 ? path.dirname(manifests[0].absolutePath) : undefined;
}

function transitiveFinding(file: string, item: InventoryPackage, finding: Finding): ReportFinding {
  const code = findingCode(finding);
  return {
    file,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    ecosystem: item.ecosystem,
    name: item.name,
    spec: null,
    direct: false,
    purl: finding.purl,
    version: finding.version,
    license: finding.license,
    ...(finding.licenseList !== undefined ? { licenseList: finding.licenseList } : {}),
    verdict: finding.verdict,
    shown: finding.shown,
    code,
    ...why(finding, code),
    reasons: finding.reasons,
    health: finding.health ?? null,
    trust: finding.trust,
    advisories: finding.advisories,
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
    direct: true,
    purl: finding.purl,
    version: finding.version,
    license: finding.license,
    ...(finding.licenseList !== undefined ? { licenseList: finding.licenseList } : {}),
    verdict: finding.verdict,
    shown: finding.shown,
    code,
    ...why(finding, code),
    reasons: finding.reasons,
    health: finding.health ?? null,
    trust: finding.trust,
    advisories: finding.advisories,
  };
}

function why(finding: Finding, code: FindingCode | null): Pick<ReportFinding, 'why' | 'rule'> {
  const reason = (code === 'exception-expired' ? finding.reasons.find((candidate) => candidate.kind === 'exception-expired') : undefined) ?? finding.decisive;
  return { why: reason.message, rule: reason.rule ?? null };
}

/** Whether any finding is at or above the threshold (`never` never fails). */
export function failsAt(report: CheckReport, failOn: 'deny' | 'review' | 'never'): boolean {
  if (failOn === 'never') {
    return false;
  }
  const worstAllowed = VERDICTS_WORST_FIRST.indexOf(failOn);
  return report.findings.some((finding) => VERDICTS_WORST_FIRST.indexOf(finding.verdict) <= worstAllowed);
}
