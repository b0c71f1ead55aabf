import * as vscode from 'vscode';
import { readablePurl } from '../core/policy/readablePurl';
import { missingDataSummaryText } from '../core/report/missingData';
import { buildTreeModel, packageDescription, type TreeFilter, type TreeGroup, type TreeManifest, type TreeModel, type TreePackage } from '../core/report/treeModel';
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
  readonly groups: readonly { readonly verdict: Verdict; readonly count: number; readonly packages: readonly string[] }[];
}

type Node =
  | { readonly kind: 'group'; readonly group: TreeGroup }
  | { readonly kind: 'manifest'; readonly verdict: Verdict; readonly manifest: TreeManifest }
  | { readonly kind: 'package'; readonly verdict: Verdict; readonly manifest: TreeManifest; readonly item: TreePackage };

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
  private model: TreeModel | undefined;

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

  current(): TreeModel {
    if (!this.model || this.model.filter !== this.filter) {
      const reports = this.deps.findings.all().map((report) => ({
        key: report.uri.toString(),
        label: vscode.workspace.asRelativePath(report.uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1),
        repo: report.repo,
        findings: report.findings,
        inventory: report.inventory,
      }));
      this.model = buildTreeModel(reports, this.deps.policies.current().policy, this.filter, new Date());
    }
    return this.model;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      return this.current().groups.map((group) => ({ kind: 'group', group }));
    }
    if (node.kind === 'group') {
      return node.group.manifests.map((manifest) => ({ kind: 'manifest', verdict: node.group.verdict, manifest }));
    }
    if (node.kind === 'manifest') {
      return node.manifest.packages.map((item) => ({ kind: 'package', verdict: node.verdict, manifest: node.manifest, item }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(groupLabel(node.group.verdict), node.group.verdict === 'allow' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.group.verdict}`;
      item.description = String(node.group.count);
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
    const { item: pkg, manifest, verdict } = node;
    const item = new vscode.TreeItem(pkg.name, vscode.TreeItemCollapsibleState.None);
    item.id = `package:${verdict}:${manifest.key}:${pkg.transitive ? 't' : 'd'}:${pkg.purl}@${pkg.version ?? ''}:${pkg.nameRange?.start ?? ''}`;
    item.description = packageDescription(pkg, vscode.l10n.t('transitive'), vscode.l10n.t('no license data'));
    item.iconPath = verdictIcon(verdict);
    item.tooltip = `${readablePurl(pkg.purl, pkg.version)}\n${groupLabel(verdict)}: ${pkg.reason}`;
    item.contextValue = pkg.transitive ? 'transitivePackage' : 'directPackage';
    if (pkg.nameRange) {
      item.command = { command: Commands.revealDependency, title: vscode.l10n.t('Reveal Dependency'), arguments: [manifest.key, pkg.nameRange.start, pkg.nameRange.end] };
    }
    return item;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

export function treeState(model: TreeModel): TreeState {
  return {
    filter: model.filter,
    groups: model.groups.map((group) => ({ verdict: group.verdict, count: group.count, packages: group.manifests.flatMap((manifest) => manifest.packages.map((item) => item.name)) })),
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
      return treeState(tree.current());
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
