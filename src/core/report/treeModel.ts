import { packageFacts, type InventoryPackage } from '../data/inventory';
import type { ManifestDependency, TextRange } from '../manifests/types';
import type { CompiledPolicy, Finding } from '../policy/compiledPolicy';
import { EvaluationMemo } from '../policy/evaluationMemo';
import { VERDICTS_WORST_FIRST, type Verdict } from '../policy/verdict';

/** `problems` hides what the policy allows. */
export type TreeFilter = 'all' | 'problems';

/** What the tree needs of one manifest report. */
export interface TreeReportInput {
  /** Identifies the manifest (its URI as a string). */
  readonly key: string;
  /** How the manifest is shown: its workspace-relative path. */
  readonly label: string;
  readonly repo: string | null;
  /** The policy of the manifest's folder, under which its transitive packages are evaluated too. */
  readonly policy: CompiledPolicy;
  readonly findings: readonly { readonly dependency: ManifestDependency; readonly finding: Finding }[];
  readonly inventory?: { readonly packages: readonly InventoryPackage[] } | undefined;
}

export interface TreePackage {
  readonly name: string;
  readonly purl: string;
  readonly version: string | null;
  readonly license: string | null;
  readonly verdict: Verdict;
  readonly transitive: boolean;
  /** The decisive reason: the one-line answer to "why?". */
  readonly reason: string;
  /** Where a direct dependency's name is in the manifest text; absent for transitive packages. */
  readonly nameRange?: TextRange;
}

export interface TreeManifest {
  readonly key: string;
  readonly label: string;
  readonly packages: readonly TreePackage[];
}

export interface TreeGroup {
  readonly verdict: Verdict;
  /** Packages in the group (over every manifest). */
  readonly count: number;
  readonly manifests: readonly TreeManifest[];
}

export interface TreeModel {
  readonly filter: TreeFilter;
  /** Non-empty groups, worst verdict first. */
  readonly groups: readonly TreeGroup[];
}

/**
 * Groups every package of the workspace by verdict, then by manifest: a manifest's direct
 * dependencies as evaluated in its report, and the transitive packages of its inventory (of the
 * ecosystems the manifest uses) evaluated here.
 */
export function buildTreeModel(reports: readonly TreeReportInput[], filter: TreeFilter, now: Date): TreeModel {
  const memos = new Map<CompiledPolicy, Map<string | null, EvaluationMemo>>();
  const memoFor = (policy: CompiledPolicy, repo: string | null) => {
    let byRepo = memos.get(policy);
    if (!byRepo) {
      byRepo = new Map();
      memos.set(policy, byRepo);
    }
    let memo = byRepo.get(repo);
    if (!memo) {
      memo = new EvaluationMemo(policy, { repo, now });
      byRepo.set(repo, memo);
    }
    return memo;
  };
  const byVerdict = new Map<Verdict, Map<string, { label: string; packages: TreePackage[] }>>();
  const add = (report: TreeReportInput, item: TreePackage) => {
    if (filter === 'problems' && item.verdict === 'allow') {
      return;
    }
    let manifests = byVerdict.get(item.verdict);
    if (!manifests) {
      manifests = new Map();
      byVerdict.set(item.verdict, manifests);
    }
    let manifest = manifests.get(report.key);
    if (!manifest) {
      manifest = { label: report.label, packages: [] };
      manifests.set(report.key, manifest);
    }
    manifest.packages.push(item);
  };

  for (const report of reports) {
    for (const { dependency, finding } of report.findings) {
      add(report, { ...fromFinding(dependency.name, finding, false), nameRange: dependency.nameRange });
    }
    if (!report.inventory) {
      continue;
    }
    const ecosystems = new Set(report.findings.map(({ dependency }) => dependency.ecosystem));
    const seen = new Set<string>();
    const memo = memoFor(report.policy, report.repo);
    for (const item of report.inventory.packages) {
      const key = `${item.ecosystem}\0${item.name}\0${item.version}`;
      if (item.direct || !ecosystems.has(item.ecosystem) || seen.has(key)) {
        continue;
      }
      seen.add(key);
      add(report, fromFinding(item.name, memo.evaluate(packageFacts(item)), true));
    }
  }

  const groups: TreeGroup[] = [];
  for (const verdict of VERDICTS_WORST_FIRST) {
    const manifests = byVerdict.get(verdict);
    if (!manifests) {
      continue;
    }
    const sorted = [...manifests]
      .map(([key, { label, packages }]): TreeManifest => ({ key, label, packages: packages.sort(comparePackages) }))
      .sort((a, b) => compareText(a.label, b.label) || compareText(a.key, b.key));
    groups.push({ verdict, count: sorted.reduce((sum, manifest) => sum + manifest.packages.length, 0), manifests: sorted });
  }
  return { filter, groups };
}

function fromFinding(name: string, finding: Finding, transitive: boolean): TreePackage {
  return { name, purl: finding.purl, version: finding.version, license: finding.license, verdict: finding.shown, transitive, reason: finding.decisive.message };
}

/** Direct dependencies first, then by name and version. */
function comparePackages(a: TreePackage, b: TreePackage): number {
  return Number(a.transitive) - Number(b.transitive) || compareText(a.name, b.name) || compareText(a.version ?? '', b.version ?? '');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `4.17.21 · MIT`, with ` · transitive` for a package no manifest names. */
export function packageDescription(item: Pick<TreePackage, 'version' | 'license' | 'transitive'>, transitiveLabel = 'transitive', noLicenseLabel = 'no license data'): string {
  return [item.version ?? '', item.license ?? noLicenseLabel, item.transitive ? transitiveLabel : ''].filter((part) => part !== '').join(' · ');
}
