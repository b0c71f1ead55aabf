import { packageFacts, type InventoryPackage } from '../data/inventory';
import { activityWords, governanceWords } from './governanceWords';
import type { Ecosystem, ManifestDependency, TextRange } from '../manifests/types';
import type { CompiledPolicy, Finding } from '../policy/compiledPolicy';
import { EvaluationMemo } from '../policy/evaluationMemo';
import type { Verdict } from '../policy/verdict';
import { isDue, sortInTurns, startPace, takeTurn } from '../data/turns';
import { countFindings, type VerdictCounts, type WorkspaceCounts } from './workspaceSummary';

/** What the workspace views need of one manifest report. */
export interface WorkspaceReportInput {
  /** Identifies the manifest (its URI as a string). */
  readonly key: string;
  /** How the manifest is shown: its workspace-relative path. */
  readonly label: string;
  readonly repo: string | null;
  /** The policy of the manifest's folder, under which its transitive packages are evaluated too. */
  readonly policy: CompiledPolicy;
  readonly findings: readonly { readonly dependency: ManifestDependency; readonly finding: Finding }[];
  /** The installed and locked packages of the manifest's folder (shared by the manifests of that folder). */
  readonly inventory?: { readonly packages: readonly InventoryPackage[] } | undefined;
}

export interface WorkspacePackage {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly purl: string;
  readonly version: string | null;
  readonly license: string | null;
  /** As shown (`Finding.shown`). */
  readonly shown: Verdict;
  readonly direct: boolean;
  /** The decisive reason: the one-line answer to "why?". */
  readonly reason: string;
  /** Who governs it, in one line (`governanceWords`). */
  readonly governance: string;
  /** What its registry says of its releases and publishers (`activityWords`), where it says. */
  readonly activity?: string;
  /** A direct dependency: the manifest naming it; a transitive package: every manifest whose folder's data holds it. */
  readonly manifests: readonly { readonly key: string; readonly label: string }[];
  /** Where a direct dependency's name is in the manifest text; absent for transitive packages. */
  readonly nameRange?: TextRange;
}

export interface WorkspaceFindings {
  readonly manifests: number;
  /** One per dependency line of every manifest, as the manifests' reports evaluated them. */
  readonly direct: readonly WorkspacePackage[];
  /**
   * Every package of the manifests' lockfiles and installed trees that no manifest names, of the
   * ecosystems those manifests use: once per repository, package and version, however many
   * manifests share the folder (as the CLI's inventory merges them). Sorted by ecosystem, name and
   * version, the order the Open Source view lists them in.
   */
  readonly transitive: readonly WorkspacePackage[];
  /** `transitive` counted by verdict: counted once per evaluation, not once per view and edit. */
  readonly transitiveCounts: VerdictCounts;
}

/**
 * The direct and transitive findings of the workspace, from which every view counts and lists.
 * The transitive packages are evaluated again only when what they depend on changed: a folder's
 * data or policy, the manifests and their ecosystems, the day. Typing in a manifest changes none
 * of these, and a lockfile of 60,000 packages is a second of evaluation (in slices).
 */
export class WorkspaceFindingsMemo {
  private last: { readonly inputs: readonly TransitiveInput[]; readonly day: string; readonly transitive: Promise<Transitive> } | undefined;

  async findings(reports: readonly WorkspaceReportInput[], now: Date): Promise<WorkspaceFindings> {
    const direct = directPackages(reports);
    const inputs = reports.map(transitiveInput);
    const day = now.toISOString().slice(0, 10);
    if (this.last === undefined || this.last.day !== day || !sameInputs(this.last.inputs, inputs)) {
      this.last = { inputs, day, transitive: transitivePackages(reports, now) };
    }
    const { packages, counts } = await this.last.transitive;
    return { manifests: reports.length, direct, transitive: packages, transitiveCounts: counts };
  }
}

/** What a report's transitive findings depend on; the data and the policy by identity (they are replaced, never changed). */
interface TransitiveInput {
  readonly key: string;
  readonly label: string;
  readonly repo: string | null;
  readonly policy: CompiledPolicy;
  readonly packages: readonly InventoryPackage[] | undefined;
  readonly ecosystems: string;
}

function transitiveInput(report: WorkspaceReportInput): TransitiveInput {
  const ecosystems = [...new Set(report.findings.map(({ dependency }) => dependency.ecosystem))].sort().join(',');
  return { key: report.key, label: report.label, repo: report.repo, policy: report.policy, packages: report.inventory?.packages, ecosystems };
}

function sameInputs(a: readonly TransitiveInput[], b: readonly TransitiveInput[]): boolean {
  return (
    a.length === b.length &&
    a.every((input, index) => {
      const other = b[index];
      return input.key === other.key && input.label === other.label && input.repo === other.repo && input.policy === other.policy && input.packages === other.packages && input.ecosystems === other.ecosystems;
    })
  );
}

function directPackages(reports: readonly WorkspaceReportInput[]): WorkspacePackage[] {
  const direct: WorkspacePackage[] = [];
  for (const report of reports) {
    const manifest = { key: report.key, label: report.label };
    for (const { dependency, finding } of report.findings) {
      direct.push({ ...fromFinding(dependency.ecosystem, dependency.name, finding, true, [manifest]), nameRange: dependency.nameRange });
    }
  }
  return direct;
}

interface Transitive {
  readonly packages: readonly WorkspacePackage[];
  readonly counts: VerdictCounts;
}

/** Every transitive package once per policy, repository, package and version, with a turn of the event loop whenever the slice is used up. */
async function transitivePackages(reports: readonly WorkspaceReportInput[], now: Date): Promise<Transitive> {
  const pace = startPace();
  const transitive = new Map<string, { item: WorkspacePackage; manifests: { key: string; label: string }[] }>();
  const memos = new Map<CompiledPolicy, Map<string | null, EvaluationMemo>>();
  for (const report of reports) {
    if (!report.inventory) {
      continue;
    }
    const manifest = { key: report.key, label: report.label };
    const ecosystems = new Set(report.findings.map(({ dependency }) => dependency.ecosystem));
    const byRepo = memos.get(report.policy) ?? new Map<string | null, EvaluationMemo>();
    memos.set(report.policy, byRepo);
    let memo = byRepo.get(report.repo);
    if (!memo) {
      memo = new EvaluationMemo(report.policy, { repo: report.repo, now });
      byRepo.set(report.repo, memo);
    }
    const policyIndex = [...memos.keys()].indexOf(report.policy);
    for (const item of report.inventory.packages) {
      if (isDue(pace)) {
        await takeTurn(pace);
      }
      if (item.direct || !ecosystems.has(item.ecosystem)) {
        continue;
      }
      // Folders under different policies judge the same package apart.
      const key = `${policyIndex}\0${report.repo ?? ''}\0${item.ecosystem}\0${item.name}\0${item.version}`;
      const known = transitive.get(key);
      if (known) {
        if (!known.manifests.some((other) => other.key === manifest.key)) {
          known.manifests.push(manifest);
        }
        continue;
      }
      const manifests = [manifest];
      transitive.set(key, { item: fromFinding(item.ecosystem, item.name, memo.evaluate(packageFacts(item)), false, manifests), manifests });
    }
  }
  const packages = await sortInTurns(
    [...transitive.values()].map(({ item }) => item),
    (a, b) => compareText(a.ecosystem, b.ecosystem) || compareText(a.name, b.name) || compareText(a.version ?? '', b.version ?? ''),
    pace,
  );
  return { packages, counts: countFindings(0, packages).transitive };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The counts of the workspace's findings: what the status bar, the guide and Check Workspace show. */
export function countWorkspace(findings: WorkspaceFindings): WorkspaceCounts {
  return { ...countFindings(findings.manifests, findings.direct), transitive: findings.transitiveCounts };
}

function fromFinding(ecosystem: Ecosystem, name: string, finding: Finding, direct: boolean, manifests: WorkspacePackage['manifests']): WorkspacePackage {
  return { ecosystem, name, purl: finding.purl, version: finding.version, license: finding.license, shown: finding.shown, direct, reason: finding.decisive.message, governance: governanceWords(finding.trust), ...activityOf(finding), manifests };
}

function activityOf(finding: Finding): Pick<WorkspacePackage, 'activity'> {
  const activity = activityWords(finding.trust);
  return activity !== undefined ? { activity } : {};
}
