import * as vscode from 'vscode';
import { Commands, DISPLAY_NAME } from './constants';

/** The extension's single log; its level is set from the output channel's own level picker. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(DISPLAY_NAME, { log: true });
}

/** Logs the error in full and tells the user in one line, with a way to the details. */
export function showError(log: vscode.LogOutputChannel, message: string, error?: unknown): Promise<void> {
  log.error(message, ...(error === undefined ? [] : [error]));
  return offerLog(log, vscode.window.showErrorMessage, message);
}

/** A warning the user should see, with the same way to the details. */
export function showWarning(log: vscode.LogOutputChannel, message: string): Promise<void> {
  log.warn(message);
  return offerLog(log, vscode.window.showWarningMessage, message);
}

async function offerLog(log: vscode.LogOutputChannel, show: (message: string, ...items: string[]) => Thenable<string | undefined>, message: string): Promise<void> {
  const showLog = vscode.l10n.t('Show Log');
  if ((await show(`${DISPLAY_NAME}: ${message}`, showLog)) === showLog) {
    log.show();
  }
}

export function registerShowLog(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.showLog, () => log.show());
}
