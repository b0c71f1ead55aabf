import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { corporateDomains, folderContribution, type FolderContribution } from '../core/guide/contribution';
import { policyOverview } from '../core/guide/policyOverview';
import { filterTraining, trainingCatalog } from '../core/guide/training';
import type { ContributionStatus } from '../core/policy/feedModel';
import type { TrainingSituation } from '../core/policy/trainingTriggers';
import type { Reason, Verdict } from '../core/policy/verdict';
import { countWorkspace } from '../core/report/workspaceFindings';
import { ospoReach } from '../core/report/ospoReach';
import { isGuideSection, isWebviewMessage, type GuideSection, type HostMessage, type WebviewMessage } from '../webview/protocol';
import { Commands, GlobalStateKeys, Panels, Views } from './constants';
import type { FeatureDeps } from './featureDeps';
import { GuideFunding } from './guideFunding';
import { guideHtml, type GuideFocus, type GuideModel, type GuideResources } from './guideHtml';
import { localGitFacts } from './localGitFacts';
import { showError } from './log';
import { workspaceRepoIdentity } from './workspaceRepo';

/** What the panel shows now, for tests (the webview's DOM is out of the extension host's reach). */
export interface GuideSnapshot {
  readonly html: string;
  readonly model: GuideModel;
  readonly visible: boolean;
  /** The section shown (as the webview last reported it) and the snippet last asked for. */
  readonly focus: GuideFocus;
  /** Whether the webview's script started (and said so) since the last render: the page loaded under its CSP. */
  readonly ready: boolean;
  /** The last search of the training list and the ids it matched. */
  readonly search: { readonly query: string; readonly ids: readonly string[] };
}

/** What `openGuide` accepts: where to open the panel. */
export interface GuideTarget {
  readonly section?: GuideSection;
  readonly training?: string;
}

/** What the open commands return: where the panel was opened, undefined when it was not. */
export type GuideShown = { readonly section: GuideSection; readonly training?: string };

/** The git facts of the workspace folders, and the repository exceptions are matched against. */
interface Gathered {
  readonly contributions: FolderContribution[];
  /** The repositories of the workspace's folders that have one. */
  readonly repos: readonly string[];
}

/** Findings change with every keystroke; the panel follows them at most this often. */
const FINDINGS_DEBOUNCE_MS = 500;

/**
 * The guide panel: one webview (revealed, never duplicated) with the Contribute, Learn, Policy and
 * Funding sections. The HTML is rendered here from a plain model (guideHtml.ts); the webview's script only
 * switches sections, filters and posts typed messages, each validated before it is used.
 */
export class GuidePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private model: GuideModel | undefined;
  private html = '';
  private focus: GuideFocus = { section: 'contribute' };
  private search: GuideSnapshot['search'] = { query: '', ids: [] };
  private ready = false;
  /**
   * The latest gathering of each folder's git facts: on open, refresh and policy, folder or trust
   * changes, not on every finding. A rebuild uses the newest one, waiting for it when under way.
   */
  private gathered: Promise<Gathered> | undefined;
  private findingsTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly funding = new GuideFunding();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: FeatureDeps) {
    this.disposables.push(
      vscode.commands.registerCommand(Commands.openGuide, (argument: unknown) => this.openCommand(guideTarget(argument))),
      vscode.commands.registerCommand(Commands.openTraining, (id: unknown) => this.openTrainingCommand(id)),
      // A folder's own file changes license lists, not the organization's contribution policy the gathering reads.
      deps.policies.onDidChange((change) => this.update({ regather: change.organization })),
      deps.findings.onDidChange(() => this.updateSoon()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.update({ regather: true })),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.update({ regather: true })),
    );
  }

  /** Opens (or reveals) the panel at `target` and brings its content up to date. */
  async open(target: GuideTarget = {}): Promise<GuideShown> {
    const section = target.section ?? (target.training !== undefined ? 'learn' : this.panel ? this.focus.section : 'contribute');
    this.focus = target.training !== undefined ? { section, training: target.training } : { section };
    const created = this.panel === undefined;
    const panel = this.panel ?? this.createPanel();
    panel.reveal(undefined, false);
    const changed = await this.rebuild(true);
    if (created || changed) {
      this.render();
    } else {
      await this.postToWebview({ type: 'reveal', ...this.focus });
    }
    return { ...this.focus };
  }

  private async openCommand(target: GuideTarget): Promise<GuideShown | undefined> {
    try {
      return await this.open(target);
    } catch (error) {
      await showError(this.deps.log, vscode.l10n.t('Opening the guide failed.'), error);
      return undefined;
    }
  }

  /** Links in hovers, diagnostics and quick fixes name a snippet: the panel opens at it. */
  private async openTrainingCommand(id: unknown): Promise<GuideShown | undefined> {
    if (typeof id !== 'string' || id === '') {
      void vscode.window.showWarningMessage(vscode.l10n.t('No training snippet was named.'));
      return undefined;
    }
    if (!this.deps.policies.organization().policy.feed.training.some((snippet) => snippet.id === id)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The policy in force has no training snippet "{0}".', id));
      return undefined;
    }
    return this.openCommand({ section: 'learn', training: id });
  }

  snapshot(): GuideSnapshot | undefined {
    return this.panel && this.model ? { html: this.html, model: this.model, visible: this.panel.visible, ready: this.ready, focus: this.focus, search: this.search } : undefined;
  }

  /**
   * A message as the webview sends it: validated against the protocol, then acted on. Resolves
   * to whether it was accepted; anything else is ignored and logged.
   */
  async receive(message: unknown): Promise<boolean> {
    if (!isWebviewMessage(message)) {
      this.deps.log.warn(`Guide panel: ignored a message that is not part of the protocol (${describe(message)}).`);
      return false;
    }
    try {
      await this.handle(message);
    } catch (error) {
      await showError(this.deps.log, vscode.l10n.t('The guide could not do that.'), error);
    }
    return true;
  }

  dispose(): void {
    clearTimeout(this.findingsTimer);
    this.panel?.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private createPanel(): vscode.WebviewPanel {
    const media = vscode.Uri.joinPath(this.deps.context.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(Panels.guide, vscode.l10n.t('OSPO Guide'), vscode.ViewColumn.Active, {
      enableScripts: true,
      // Never enableCommandUris: feed text must not be able to run commands.
      localResourceRoots: [media],
    });
    this.panel = panel;
    const subscriptions = [panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message))];
    panel.onDidDispose(() => {
      vscode.Disposable.from(...subscriptions).dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.model = undefined;
        this.html = '';
        this.gathered = undefined;
        this.search = { query: '', ids: [] };
      }
    });
    return panel;
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return;
      case 'showSection':
        this.focus = { section: message.section };
        return;
      case 'setRead':
        await this.setRead(message.id, message.read);
        return;
      case 'requestApproval':
        await this.requestApproval(message.folder);
        return;
      case 'askOspo':
        await vscode.commands.executeCommand(Commands.askOspo);
        return;
      case 'connectFeed':
        await vscode.commands.executeCommand(Commands.connectPolicyFeed);
        return;
      case 'openInventory':
        await vscode.commands.executeCommand('workbench.view.explorer');
        await vscode.commands.executeCommand(`${Views.inventory}.focus`);
        return;
      case 'refresh':
        await this.rebuild(true);
        this.render();
        return;
      case 'search': {
        const ids = filterTraining(this.model?.training ?? [], message.query).map((entry) => entry.id);
        this.search = { query: message.query, ids };
        await this.postToWebview({ type: 'searchResult', query: message.query, ids });
        return;
      }
    }
  }

  private readIds(): Set<string> {
    const stored = this.deps.context.globalState.get<unknown>(GlobalStateKeys.trainingRead);
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  }

  private async setRead(id: string, read: boolean): Promise<void> {
    if (!this.deps.policies.organization().policy.feed.training.some((snippet) => snippet.id === id)) {
      this.deps.log.warn(`Guide panel: ignored "mark read" for a training snippet the policy does not have.`);
      return;
    }
    const ids = this.readIds();
    if (read) {
      ids.add(id);
    } else {
      ids.delete(id);
    }
    await this.deps.context.globalState.update(GlobalStateKeys.trainingRead, [...ids].sort());
    // The webview already shows the change; the model follows without reloading the page.
    await this.rebuild(false);
    await this.postToWebview({ type: 'readState', id, read });
  }

  private async requestApproval(folderName: string): Promise<void> {
    const contribution = this.model?.contributions.find((candidate) => candidate.folderName === folderName);
    if (!contribution) {
      this.deps.log.warn('Guide panel: ignored "request approval" for a folder the guide does not show.');
      return;
    }
    if (contribution.approvalUrl === null) {
      // Without an approval URL the OSPO's contacts are the way to ask.
      await vscode.commands.executeCommand(Commands.askOspo);
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(contribution.approvalUrl, true));
  }

  private updateSoon(): void {
    if (!this.panel) {
      return;
    }
    clearTimeout(this.findingsTimer);
    this.findingsTimer = setTimeout(() => this.update({ regather: false }), FINDINGS_DEBOUNCE_MS);
  }

  private update(options: { regather: boolean }): void {
    if (!this.panel) {
      return;
    }
    this.rebuild(options.regather)
      .then((changed) => {
        if (changed) {
          this.render();
        }
      })
      .catch((error: unknown) => this.deps.log.warn(`Guide panel: could not update: ${String(error)}`));
  }

  /** Computes the model again; resolves to whether it differs from the one shown. */
  private async rebuild(regather: boolean): Promise<boolean> {
    const pending = regather || this.gathered === undefined ? this.gather() : this.gathered;
    const { contributions, repos } = await pending;
    // A newer gathering started meanwhile: its rebuild shows the newer facts.
    if (pending !== this.gathered) {
      return false;
    }
    // The license lists of the only folder, or the organization's that every folder shares.
    const snapshot = this.deps.policies.workspaceWide();
    const feed = snapshot.policy.feed;
    const reports = this.deps.findings.all();
    const counts = countWorkspace(await this.deps.workspaceFindings.current());
    const situation = trainingSituation(reports, contributions);
    const model: GuideModel = {
      organization: feed.organization.name,
      ospo: ospoReach(feed.organization, snapshot.state.origin),
      trusted: vscode.workspace.isTrusted,
      contributions,
      training: trainingCatalog(feed, situation, this.readIds()),
      policy: policyOverview({ feed, state: snapshot.state, repos, now: new Date(), counts }),
      // The reports' inventories are the ones every view reads; sponsorships are the organization's alone.
      funding: this.funding.report(
        reports.map((report) => ({ inventory: report.inventory, manifest: { file: report.uri.fsPath, parsed: report.manifest } })),
        this.deps.policies.organization().policy.feed.sponsorships,
      ),
    };
    const changed = this.model === undefined || JSON.stringify(model) !== JSON.stringify(this.model);
    this.model = model;
    return changed;
  }

  private gather(): Promise<Gathered> {
    const feed = this.deps.policies.organization().policy.feed;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const domains = corporateDomains(feed);
    const mayRunGit = vscode.workspace.isTrusted;
    const work = (async (): Promise<Gathered> => ({
      contributions: await Promise.all(
        folders.map(async (folder) => folderContribution(feed, folder.name, await localGitFacts(folder.uri, { mayRunGit, log: this.deps.log }), domains)),
      ),
      // Exceptions name the repository a checkout belongs to (origin before upstream), as the findings do.
      repos: (await Promise.all(folders.map((folder) => workspaceRepoIdentity(folder.uri)))).filter((repo): repo is string => repo !== null),
    }))();
    this.gathered = work;
    return work;
  }

  private render(): void {
    const panel = this.panel;
    if (!panel || !this.model) {
      return;
    }
    const { webview } = panel;
    const media = vscode.Uri.joinPath(this.deps.context.extensionUri, 'media');
    const resources: GuideResources = {
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      script: webview.asWebviewUri(vscode.Uri.joinPath(media, 'guide.js')).toString(),
      styles: [
        webview.asWebviewUri(vscode.Uri.joinPath(media, 'codicons', 'codicon.css')).toString(),
        webview.asWebviewUri(vscode.Uri.joinPath(media, 'guide.css')).toString(),
      ],
    };
    this.html = guideHtml(this.model, this.focus, resources);
    this.ready = false;
    webview.html = this.html;
  }

  private async postToWebview(message: HostMessage): Promise<void> {
    await this.panel?.webview.postMessage(message);
  }
}

/** What the workspace shows now, for the training triggers: its licenses, verdicts and contribution status. */
function trainingSituation(reports: ReturnType<FeatureDeps['findings']['all']>, contributions: readonly FolderContribution[]): TrainingSituation {
  const licenses = new Set<string>();
  const verdicts = new Set<Verdict>();
  const reasons = new Set<Reason['kind']>();
  for (const report of reports) {
    for (const { finding } of report.findings) {
      verdicts.add(finding.verdict);
      finding.reasons.forEach((reason) => reasons.add(reason.kind));
      for (const id of licenseIds(finding.license)) {
        licenses.add(id);
      }
    }
  }
  const contribution: ContributionStatus | undefined = (contributions.find((candidate) => candidate.remote !== null) ?? contributions[0])?.status;
  return { licenses: [...licenses], verdicts: [...verdicts], reasons: [...reasons], ...(contribution ? { contribution } : {}) };
}

/** The license ids of an SPDX expression (`MIT OR (GPL-3.0-only WITH X)` → MIT, GPL-3.0-only, X). */
function licenseIds(expression: string | null): string[] {
  if (expression === null) {
    return [];
  }
  return expression
    .split(/[\s()]+/)
    .filter((token) => token !== '' && !['AND', 'OR', 'WITH'].includes(token.toUpperCase()));
}

function describe(message: unknown): string {
  if (typeof message !== 'object' || message === null) {
    return typeof message;
  }
  const type = (message as Record<string, unknown>).type;
  return typeof type === 'string' ? `type "${type.slice(0, 40)}"` : 'no type';
}

/** Reads `openGuide`'s optional argument; anything malformed opens the panel where it was. */
function guideTarget(argument: unknown): GuideTarget {
  if (typeof argument !== 'object' || argument === null) {
    return {};
  }
  const { section, training } = argument as Record<string, unknown>;
  return {
    ...(isGuideSection(section) ? { section } : {}),
    ...(typeof training === 'string' && training !== '' ? { training } : {}),
  };
}

/** The guide panel and its commands, `openGuide` and `openTraining`. */
export function registerGuidePanel(deps: FeatureDeps): GuidePanel {
  return new GuidePanel(deps);
}
