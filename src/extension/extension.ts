import * as vscode from 'vscode';
import type { OspoGuideApi } from './api';
import { createApi } from './dependenciesApi';
import { createLog, registerShowLog, showError } from './log';
import { ManifestDocuments } from './manifestDocuments';
import { readSettings } from './settings';

/** Wires the features together; each owns its listeners and is disposed with the extension. */
export function activate(context: vscode.ExtensionContext): OspoGuideApi {
  const log = createLog();
  context.subscriptions.push(log);
  try {
    const documents = new ManifestDocuments({ log, settings: () => readSettings() });
    context.subscriptions.push(documents, registerShowLog(log));
    log.info(`Activated in VS Code ${vscode.version}${vscode.env.remoteName ? ` (remote: ${vscode.env.remoteName})` : ''}.`);
    return createApi(documents);
  } catch (error) {
    // Fail visibly: a silent activation failure looks like an extension that does nothing.
    void showError(log, vscode.l10n.t('Activation failed. The extension is not working.'), error);
    throw error;
  }
}
