import * as vscode from 'vscode';
import { Commands } from './constants';
import { showError } from './log';
import type { PolicyService } from './policyService';

export function registerPolicyCommands(policies: PolicyService, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.refreshPolicy, async () => {
    try {
      const snapshot = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Refreshing the OSPO policy') }, () => policies.refresh());
      const { feed } = snapshot.policy;
      const message = snapshot.state.lastError
        ? vscode.l10n.t('Kept policy {0} v{1}: {2}', feed.id, feed.version, snapshot.state.lastError)
        : vscode.l10n.t('Policy {0} v{1} is in force ({2}).', feed.id, feed.version, snapshot.state.source);
      void vscode.window.showInformationMessage(message);
    } catch (error) {
      await showError(log, vscode.l10n.t('Refreshing the policy failed.'), error);
    }
  });
}
