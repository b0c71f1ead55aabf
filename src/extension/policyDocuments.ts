import * as vscode from 'vscode';
import { DocumentPaths, policySummaryMarkdown, trainingIdFromPath, trainingMarkdown, unknownTrainingMarkdown, type PolicySummaryInput } from '../core/report/policySummaryMarkdown';
import { Commands, DOCUMENT_SCHEME } from './constants';
import type { FeatureDeps } from './featureDeps';
import { showError } from './log';

/** What the document commands return, for tests: the document shown (undefined when nothing was). */
export interface ShownDocument {
  readonly uri: string;
  readonly text: string;
}

export function documentUri(path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCUMENT_SCHEME, path });
}

/**
 * The read-only `ospo-guide:` documents, built from the policy in force and shown in the Markdown
 * preview: the policy overview (Show Policy) and the training snippets it links to. They change
 * with the policy. Open Guide and Open Training are the guide panel's.
 */
class PolicyDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly opened = new Map<string, vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];

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

  input(): PolicySummaryInput {
    const snapshot = this.deps.policies.current();
    const repo = this.deps.findings.all().find((report) => report.repo !== null)?.repo ?? null;
    return { feed: snapshot.policy.feed, state: snapshot.state, workspacePolicyApplied: snapshot.workspacePolicyApplied, repo, now: new Date() };
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
    vscode.commands.registerCommand(Commands.showPolicy, () => show(DocumentPaths.policy, vscode.l10n.t('Showing the policy failed.'))),
  );
}
