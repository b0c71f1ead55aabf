import * as vscode from 'vscode';
import { Commands, DISPLAY_NAME } from './constants';

/** The extension's single log; its level is set from the output channel's own level picker. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(DISPLAY_NAME, { log: true });
}

/** Logs the error in full and tells the user in one line, with a way to the details. */
export async function showError(log: vscode.LogOutputChannel, message: string, error?: unknown): Promise<void> {
  log.error(message, ...(error === undefined ? [] : [error]));
  const showLog = vscode.l10n.t('Show Log');
  const choice = await vscode.window.showErrorMessage(`${DISPLAY_NAME}: ${message}`, showLog);
  if (choice === showLog) {
    log.show();
  }
}

export function registerShowLog(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.showLog, () => log.show());
}
