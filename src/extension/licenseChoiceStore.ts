import * as vscode from 'vscode';
import { MAX_LICENSE_CHOICES_BYTES } from '../core/files/readLimits';
import { LICENSE_CHOICES_PATH, parseLicenseChoices, type LicenseChoices } from '../core/policy/licenseChoices';
import { openDocument } from './manifestDocuments';
import { readWorkspaceText } from './workspaceFiles';

const NONE: LicenseChoices = new Map();

/** The text of the choices file, or undefined when it does not exist; throws the plain reason when it is refused. */
export async function readOptionalText(uri: vscode.Uri): Promise<string | undefined> {
  const open = openDocument(uri);
  if (open) {
    return open.getText();
  }
  const read = await readWorkspaceText(uri, MAX_LICENSE_CHOICES_BYTES);
  if (read.kind === 'refused') {
    throw new Error(`the file ${read.reason}`);
  }
  return read.kind === 'text' ? read.text : undefined;
}

export function choicesUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, LICENSE_CHOICES_PATH);
}

/**
 * The license choices each workspace folder recorded in `.ospo/choices.json`, read once per folder
 * and again after the file changes. Read only in a trusted workspace.
 */
export class LicenseChoiceStore implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<LicenseChoices>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${LICENSE_CHOICES_PATH}`);
    const forget = () => this.cache.clear();
    this.disposables.push(
      watcher,
      watcher.onDidCreate(forget),
      watcher.onDidChange(forget),
      watcher.onDidDelete(forget),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.path.endsWith(`/${LICENSE_CHOICES_PATH}`)) {
          forget();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(forget),
      vscode.workspace.onDidChangeWorkspaceFolders(forget),
    );
  }

  /** The choices recorded for the folder of `uri`; empty outside a folder or trust. */
  choicesFor(uri: vscode.Uri): Promise<LicenseChoices> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || !vscode.workspace.isTrusted) {
      return Promise.resolve(NONE);
    }
    const key = folder.uri.toString();
    let choices = this.cache.get(key);
    if (!choices) {
      const file = choicesUri(folder);
      choices = readOptionalText(file).then(
        (text) => parseLicenseChoices(text),
        (error: unknown) => {
          this.log.warn(`Could not read ${file.toString(true)}: ${String(error)}`);
          this.cache.delete(key);
          return NONE;
        },
      );
      this.cache.set(key, choices);
    }
    return choices;
  }

  dispose(): void {
    this.cache.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
