import * as vscode from 'vscode';
import { readablePurl } from '../core/policy/readablePurl';
import { missingDataSummaryText } from '../core/report/missingData';
import { buildTreeModel, packageDescription, type TreeFilter, type TreeGroup, type TreeManifest, type TreeModel, type TreePackage } from '../core/report/treeModel';
import { groupCountsText } from '../core/report/workspaceSummary';
import type { Verdict } from '../core/policy/verdict';
import { Colors, Commands, ContextKeys, Views } from './constants';
import type { FeatureDeps } from './featureDeps';
import { missingDataLines } from './missingDataLines';
import { showError } from './log';

const FILTER_STATE_KEY = 'ospoGuide.tree.filter';
const REFRESH_DELAY_MS = 100;

/** What the filter commands return, for tests: the filter now in force and the groups it leaves. */
export interface TreeState {
  readonly filter: TreeFilter;
  readonly groups: readonly {
    readonly verdict: Verdict;
    readonly direct: number;
    readonly transitive: number;
    /** The direct dependencies' names. */
    readonly packages: readonly string[];
    readonly transitivePackages: readonly string[];
  }[];
}

type Node =
  | { readonly kind: 'group'; readonly group: TreeGroup }
  | { readonly kind: 'manifest'; readonly verdict: Verdict; readonly manifest: TreeManifest }
  | { readonly kind: 'transitive'; readonly group: TreeGroup }
  | { readonly kind: 'package'; readonly verdict: Verdict; readonly parent: string; readonly item: TreePackage };

const ICONS: Readonly<Record<Verdict, string>> = { deny: 'error', review: 'warning', unknown: 'question', allow: 'pass' };

function groupLabel(verdict: Verdict): string {
  switch (verdict) {
    case 'deny':
      return vscode.l10n.t('Denied');
    case 'review':
      return vscode.l10n.t('Needs review');
    case 'unknown':
      return vscode.l10n.t('Unknown license');
    case 'allow':
      return vscode.l10n.t('Allowed');
  }
}

function verdictIcon(verdict: Verdict): vscode.ThemeIcon {
  return new vscode.ThemeIcon(ICONS[verdict], new vscode.ThemeColor(Colors[verdict]));
}

/** The "Open Source" view: every package of the workspace by verdict, then manifest. */
class InventoryTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<Node | undefined>();
  private model: { readonly filter: TreeFilter; readonly built: Promise<TreeModel> } | undefined;

  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(
    private readonly deps: FeatureDeps,
    public filter: TreeFilter,
  ) {}

  /** Drops the model; the view asks again and gets one built from the reports as they are then. */
  invalidate(): void {
    this.model = undefined;
    this.changeEmitter.fire(undefined);
  }

  current(): Promise<TreeModel> {
    if (!this.model || this.model.filter !== this.filter) {
      const filter = this.filter;
      this.model = { filter, built: this.deps.workspaceFindings.current().then((findings) => buildTreeModel(findings, filter)) };
    }
    return this.model.built;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      return (await this.current()).groups.map((group) => ({ kind: 'group', group }));
    }
    if (node.kind === 'group') {
      const manifests: Node[] = node.group.manifests.map((manifest) => ({ kind: 'manifest', verdict: node.group.verdict, manifest }));
      return node.group.transitivePackages.length === 0 ? manifests : [...manifests, { kind: 'transitive', group: node.group }];
    }
    if (node.kind === 'manifest') {
      return node.manifest.packages.map((item) => ({ kind: 'package', verdict: node.verdict, parent: node.manifest.key, item }));
    }
    if (node.kind === 'transitive') {
      return node.group.transitivePackages.map((item) => ({ kind: 'package', verdict: node.group.verdict, parent: 'transitive', item }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(groupLabel(node.group.verdict), node.group.verdict === 'allow' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.group.verdict}`;
      item.description = groupCountsText(node.group.direct, node.group.transitive);
      item.tooltip = groupTooltip(node.group);
      item.iconPath = verdictIcon(node.group.verdict);
      item.contextValue = 'verdictGroup';
      return item;
    }
    if (node.kind === 'manifest') {
      const item = new vscode.TreeItem(node.manifest.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `manifest:${node.verdict}:${node.manifest.key}`;
      item.resourceUri = vscode.Uri.parse(node.manifest.key);
      item.iconPath = vscode.ThemeIcon.File;
      item.description = String(node.manifest.packages.length);
      item.contextValue = 'manifest';
      return item;
    }
    if (node.kind === 'transitive') {
      // Collapsed: the direct dependencies are what a manifest's author acts on; these come with them.
      const item = new vscode.TreeItem(vscode.l10n.t('Transitive dependencies'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `transitive:${node.group.verdict}`;
      item.iconPath = new vscode.ThemeIcon('type-hierarchy-sub');
      item.description = String(node.group.transitivePackages.length);
      item.tooltip = vscode.l10n.t('Packages no manifest names, locked or installed because a dependency needs them; counted apart from the direct dependencies.');
      item.contextValue = 'transitiveGroup';
      return item;
    }
    const { item: pkg, parent, verdict } = node;
    const item = new vscode.TreeItem(pkg.name, vscode.TreeItemCollapsibleState.None);
    item.id = `package:${verdict}:${parent}:${pkg.direct ? 'd' : 't'}:${pkg.purl}@${pkg.version ?? ''}:${pkg.nameRange?.start ?? ''}`;
    item.description = packageDescription(pkg, vscode.l10n.t('no license data'));
    item.iconPath = verdictIcon(verdict);
    const from = pkg.direct ? '' : `\n${vscode.l10n.t('Locked or installed for {0}', pkg.manifests.map((manifest) => manifest.label).join(', '))}`;
    const activity = pkg.activity !== undefined ? `\n${vscode.l10n.t('Activity: {0}', pkg.activity)}` : '';
    item.tooltip = `${readablePurl(pkg.purl, pkg.version)}\n${groupLabel(verdict)}: ${pkg.reason}\n${vscode.l10n.t('Governance: {0}', pkg.governance)}${activity}${from}`;
    item.contextValue = pkg.direct ? 'directPackage' : 'transitivePackage';
    if (pkg.nameRange) {
      item.command = { command: Commands.revealDependency, title: vscode.l10n.t('Reveal Dependency'), arguments: [parent, pkg.nameRange.start, pkg.nameRange.end] };
    }
    return item;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

function groupTooltip(group: TreeGroup): string {
  const direct = vscode.l10n.t('{0} direct dependencies: named in a manifest, counted as in the status bar.', group.direct);
  return group.transitive === 0 ? direct : `${direct}\n${vscode.l10n.t('{0} transitive dependencies, counted apart: no manifest names them.', group.transitive)}`;
}

export function treeState(model: TreeModel): TreeState {
  return {
    filter: model.filter,
    groups: model.groups.map((group) => ({
      verdict: group.verdict,
      direct: group.direct,
      transitive: group.transitive,
      packages: group.manifests.flatMap((manifest) => manifest.packages.map((item) => item.name)),
      transitivePackages: group.transitivePackages.map((item) => item.name),
    })),
  };
}

export function registerTree(deps: FeatureDeps): vscode.Disposable {
  const saved = deps.context.workspaceState.get<TreeFilter>(FILTER_STATE_KEY);
  const tree = new InventoryTree(deps, saved === 'problems' ? 'problems' : 'all');
  const view = vscode.window.createTreeView(Views.inventory, { treeDataProvider: tree, showCollapseAll: true });

  const setFilter = async (filter: TreeFilter): Promise<TreeState | undefined> => {
    try {
      tree.filter = filter;
      await deps.context.workspaceState.update(FILTER_STATE_KEY, filter);
      await vscode.commands.executeCommand('setContext', ContextKeys.treeProblemsOnly, filter === 'problems');
      tree.invalidate();
      return treeState(await tree.current());
    } catch (error) {
      await showError(deps.log, vscode.l10n.t('Changing the filter of the Open Source view failed.'), error);
      return undefined;
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const scheduleRefresh = () => {
    if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        tree.invalidate();
        // The view's message line: why dependencies have no license data, and what would give it.
        view.message = missingDataSummaryText(missingDataLines(deps.findings.all(), deps.data.permission()));
      }, REFRESH_DELAY_MS);
    }
  };
  void vscode.commands.executeCommand('setContext', ContextKeys.treeProblemsOnly, tree.filter === 'problems');

  return vscode.Disposable.from(
    tree,
    view,
    deps.findings.onDidChange(scheduleRefresh),
    deps.policies.onDidChange(scheduleRefresh),
    vscode.commands.registerCommand(Commands.treeShowProblemsOnly, () => setFilter('problems')),
    vscode.commands.registerCommand(Commands.treeShowAll, () => setFilter('all')),
    {
      dispose: () => {
        if (timer !== undefined) {
          clearTimeout(timer);
        }
      },
    },
  );
}
