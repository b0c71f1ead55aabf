import * as vscode from 'vscode';
import { DocumentPaths, policySummaryMarkdown, trainingIdFromPath, trainingMarkdown, unknownTrainingMarkdown, type PolicySummaryInput } from '../core/report/policySummaryMarkdown';
import { Commands, DOCUMENT_SCHEME } from './constants';
import type { FeatureDeps } from './featureDeps';
import { showError } from './log';
import type { PolicyService, PolicySnapshot } from './policyService';

/** What the document commands return, for tests: the document shown (undefined when nothing was). */
export interface ShownDocument {
  readonly uri: string;
  readonly text: string;
}

export function documentUri(path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCUMENT_SCHEME, path });
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
 * The read-only `ospo-guide:` documents, built from the policy in force and shown in the Markdown
 * preview: the policy overview (Show Policy) and the training snippets it links to. They change
 * with the policy. The overview shows the policy of the folder whose file was in the editor when
 * it was asked for (each folder may tighten the organization's with its own file), else the
 * workspace's. Open Guide and Open Training are the guide panel's.
 */
class PolicyDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly opened = new Map<string, vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];
  private folder: vscode.WorkspaceFolder | undefined;

  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly deps: FeatureDeps) {
    this.subscriptions = [
      deps.policies.onDidChange(() => {
        for (const uri of this.opened.values()) {
          this.changeEmitter.fire(uri);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.opened.delete(document.uri.toString())),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    this.opened.set(uri.toString(), uri);
    const input = this.input();
    if (uri.path === DocumentPaths.policy) {
      return policySummaryMarkdown(input);
    }
    const id = trainingIdFromPath(uri.path);
    if (id !== undefined) {
      const snippet = input.feed.training.find((candidate) => candidate.id === id);
      return snippet ? trainingMarkdown(snippet) : unknownTrainingMarkdown(id);
    }
    return `# ${vscode.l10n.t('Not found')}\n`;
  }

  /** Shows the policy of `folder` (undefined: the workspace's) from now on, in an open overview too. */
  focus(folder: vscode.WorkspaceFolder | undefined): void {
    if (folder?.uri.toString() !== this.folder?.uri.toString()) {
      this.folder = folder;
      const open = this.opened.get(documentUri(DocumentPaths.policy).toString());
      if (open) {
        this.changeEmitter.fire(open);
      }
    }
  }

  input(): PolicySummaryInput {
    const { folder } = this;
    const inFolder = folder !== undefined && (vscode.workspace.workspaceFolders ?? []).some((candidate) => candidate.uri.toString() === folder.uri.toString());
    const snapshot = inFolder ? this.deps.policies.forFolder(folder) : this.deps.policies.workspaceWide();
    const repo =
      this.deps.findings.all().find((report) => report.repo !== null && (!inFolder || vscode.workspace.getWorkspaceFolder(report.uri)?.uri.toString() === folder.uri.toString()))?.repo ?? null;
    return { feed: snapshot.policy.feed, state: snapshot.state, ...repositoryPolicyFacts(this.deps.policies, snapshot), repo, now: new Date() };
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions, this.changeEmitter).dispose();
  }
}

export function registerPolicyDocuments(deps: FeatureDeps): vscode.Disposable {
  const provider = new PolicyDocumentProvider(deps);

  const show = async (path: string, failure: string): Promise<ShownDocument | undefined> => {
    try {
      const uri = documentUri(path);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return { uri: uri.toString(), text: document.getText() };
    } catch (error) {
      await showError(deps.log, failure, error);
      return undefined;
    }
  };

  return vscode.Disposable.from(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(DOCUMENT_SCHEME, provider),
    vscode.commands.registerCommand(Commands.showPolicy, () => {
      const active = vscode.window.activeTextEditor?.document.uri;
      provider.focus(active ? vscode.workspace.getWorkspaceFolder(active) : undefined);
      return show(DocumentPaths.policy, vscode.l10n.t('Showing the policy failed.'));
    }),
  );
}
