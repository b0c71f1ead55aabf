import { VERDICTS_WORST_FIRST, type Verdict } from '../policy/verdict';
import { ecosystemName } from './missingData';
import { countWorkspace, type WorkspaceFindings, type WorkspacePackage } from './workspaceFindings';
import type { WorkspaceCounts } from './workspaceSummary';

/** `problems` hides what the policy allows. */
export type TreeFilter = 'all' | 'problems';

export type TreePackage = WorkspacePackage;

export interface TreeManifest {
  readonly key: string;
  readonly label: string;
  /** Its direct dependencies of the group's verdict. */
  readonly packages: readonly TreePackage[];
}

export interface TreeGroup {
  readonly verdict: Verdict;
  /** Direct dependencies of this verdict over every manifest: the workspace counts' number. */
  readonly direct: number;
  /** Transitive packages of this verdict, counted apart. */
  readonly transitive: number;
  readonly manifests: readonly TreeManifest[];
  /** Listed apart from the manifests: no manifest names them. */
  readonly transitivePackages: readonly TreePackage[];
}

export interface TreeModel {
  readonly filter: TreeFilter;
  /** The counts the groups show, the same every other view shows. */
  readonly counts: WorkspaceCounts;
  /** Non-empty groups, worst verdict first. */
  readonly groups: readonly TreeGroup[];
}

/**
 * Groups the workspace's findings by verdict: the direct dependencies by manifest, the transitive
 * packages apart. The groups' numbers are the workspace counts, so the view and the status bar agree.
 */
export function buildTreeModel(findings: WorkspaceFindings, filter: TreeFilter): TreeModel {
  const counts = countWorkspace(findings);
  const groups: TreeGroup[] = [];
  for (const verdict of VERDICTS_WORST_FIRST) {
    if ((filter === 'problems' && verdict === 'allow') || counts[verdict] + counts.transitive[verdict] === 0) {
      continue;
    }
    const byManifest = new Map<string, { label: string; packages: TreePackage[] }>();
    for (const item of findings.direct) {
      if (item.shown !== verdict) {
        continue;
      }
      const { key, label } = item.manifests[0];
      const manifest = byManifest.get(key) ?? { label, packages: [] };
      manifest.packages.push(item);
      byManifest.set(key, manifest);
    }
    const manifests = [...byManifest]
      .map(([key, { label, packages }]): TreeManifest => ({ key, label, packages: packages.sort(comparePackages) }))
      .sort((a, b) => compareText(a.label, b.label) || compareText(a.key, b.key));
    // Already in the view's order (ecosystem, name, version): sorted once per evaluation, not per edit.
    const transitivePackages = findings.transitive.filter((item) => item.shown === verdict);
    groups.push({ verdict, direct: counts[verdict], transitive: counts.transitive[verdict], manifests, transitivePackages });
  }
  return { filter, counts, groups };
}

/** By name and version. */
function comparePackages(a: TreePackage, b: TreePackage): number {
  return compareText(a.name, b.name) || compareText(a.version ?? '', b.version ?? '');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `4.17.21 · MIT`; a transitive package also says its ecosystem (`2.0.0 · GPL-3.0-only · npm`), as it sits in a list of all of them. */
export function packageDescription(item: Pick<TreePackage, 'version' | 'license' | 'direct' | 'ecosystem'>, noLicenseLabel = 'no license data'): string {
  return [item.version ?? '', item.license ?? noLicenseLabel, item.direct ? '' : ecosystemName(item.ecosystem)].filter((part) => part !== '').join(' · ');
}
