import * as vscode from 'vscode';
import { DocumentPaths, policySummaryMarkdown, type PolicySummaryInput } from '../core/report/policySummaryMarkdown';
import { Commands, DOCUMENT_SCHEME, Panels } from './constants';
import type { FeatureDeps } from './featureDeps';
import { showError } from './log';
import { policyPageHtml } from './policyDocumentHtml';
import type { PolicyService, PolicySnapshot } from './policyService';

/** What Show Policy returns, for tests: the page shown (undefined when nothing was). */
export interface ShownDocument {
  /** `ospo-guide:/policy.md`: what the page is known by. */
  readonly uri: string;
  /** The overview's Markdown, as rendered. */
  readonly text: string;
  /** The page's HTML, as set on the webview. */
  readonly html: string;
}

/** What the policy documents and the status bar say about repository policy files: which one is part of `snapshot`, which other folders have one. */
export function repositoryPolicyFacts(policies: PolicyService, snapshot: PolicySnapshot): Pick<PolicySummaryInput, 'workspacePolicy' | 'otherPolicyFolders'> {
  const own = snapshot.workspacePolicy;
  const others = policies.foldersWithOwnPolicy().filter((folder) => folder.uri.toString() !== own?.folder.uri.toString());
  return {
    ...(own ? { workspacePolicy: { folder: own.folder.name, tightened: own.tightened } } : {}),
    otherPolicyFolders: others.map((folder) => folder.name),
  };
}

/**
 * The policy page (Show Policy): the overview of the policy in force, in our own webview with the
 * guide panel's renderer (policyDocumentHtml.ts), following the policy as it changes. It shows the
 * policy of the folder whose file was in the editor when it was asked for (each folder may tighten
 * the organization's with its own file), else the workspace's. Its training entries open the guide
 * panel at the snippet (Open Training), the only command the page may run.
 */
class PolicyPage implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private folder: vscode.WorkspaceFolder | undefined;
  private shown: ShownDocument | undefined;
  private readonly subscriptions: vscode.Disposable[];
  /** The only folder the page loads from (its stylesheet). */
  private readonly media: vscode.Uri;

  constructor(private readonly deps: FeatureDeps) {
    this.media = vscode.Uri.joinPath(deps.context.extensionUri, 'media');
    this.subscriptions = [
      deps.policies.onDidChange(() => {
        if (this.panel) {
          this.render(this.panel);
        }
      }),
    ];
  }

  /** Shows the policy of `folder` (undefined: the workspace's), opening or revealing the page. */
  show(folder: vscode.WorkspaceFolder | undefined): ShownDocument {
    this.folder = folder;
    const panel = this.panel ?? this.createPanel();
    panel.reveal(undefined, false);
    return this.render(panel);
  }

  private createPanel(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(Panels.policy, vscode.l10n.t('OSPO Policy'), vscode.ViewColumn.Active, {
      enableScripts: false,
      // Feed text can make no link but https, mailto and our training links; even so, no other command may run from here.
      enableCommandUris: [Commands.openTraining],
      localResourceRoots: [this.media],
    });
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel === panel) {
        this.panel = undefined;
        this.shown = undefined;
      }
    });
    return panel;
  }

  /** Renders the page when its Markdown changed; the page shown, for tests. */
  private render(panel: vscode.WebviewPanel): ShownDocument {
    const { webview } = panel;
    const text = policySummaryMarkdown(this.input());
    if (this.shown?.text === text) {
      return this.shown;
    }
    const html = policyPageHtml(text, vscode.l10n.t('OSPO Policy'), Commands.openTraining, {
      cspSource: webview.cspSource,
      styles: [webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'guide.css')).toString()],
    });
    webview.html = html;
    this.shown = { uri: vscode.Uri.from({ scheme: DOCUMENT_SCHEME, path: DocumentPaths.policy }).toString(), text, html };
    return this.shown;
  }

  private input(): PolicySummaryInput {
    const { folder } = this;
    const inFolder = folder !== undefined && (vscode.workspace.workspaceFolders ?? []).some((candidate) => candidate.uri.toString() === folder.uri.toString());
    const snapshot = inFolder ? this.deps.policies.forFolder(folder) : this.deps.policies.workspaceWide();
    const repo =
      this.deps.findings.all().find((report) => report.repo !== null && (!inFolder || vscode.workspace.getWorkspaceFolder(report.uri)?.uri.toString() === folder.uri.toString()))?.repo ?? null;
    return { feed: snapshot.policy.feed, state: snapshot.state, ...repositoryPolicyFacts(this.deps.policies, snapshot), repo, now: new Date() };
  }

  dispose(): void {
    this.panel?.dispose();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

export function registerPolicyDocuments(deps: FeatureDeps): vscode.Disposable {
  const page = new PolicyPage(deps);
  return vscode.Disposable.from(
    page,
    vscode.commands.registerCommand(Commands.showPolicy, async (): Promise<ShownDocument | undefined> => {
      try {
        const active = vscode.window.activeTextEditor?.document.uri;
        return page.show(active ? vscode.workspace.getWorkspaceFolder(active) : undefined);
      } catch (error) {
        await showError(deps.log, vscode.l10n.t('Showing the policy failed.'), error);
        return undefined;
      }
    }),
  );
}
