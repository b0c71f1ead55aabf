import * as vscode from 'vscode';
import { MANIFEST_GLOBS, type ParsedManifest } from '../core/manifests';
import { openDocument, type ManifestDocuments } from './manifestDocuments';

/** Folders that hold installed or generated code, never the project's own manifests. */
const EXCLUDED_FOLDERS: readonly string[] = ['node_modules', '.git', '.venv', 'venv', 'target', 'vendor', '.tox'];
const EXCLUDED = `{${EXCLUDED_FOLDERS.map((name) => `**/${name}/**`).join(',')}}`;
const MAX_MANIFESTS = 5000;

export interface WorkspaceManifest {
  readonly uri: vscode.Uri;
  readonly parsed: ParsedManifest;
}

/** The parsed manifest behind a URI: the open document's current text, else the file on disk. */
export async function parsedManifest(documents: ManifestDocuments, uri: vscode.Uri): Promise<ParsedManifest | undefined> {
  const open = openDocument(uri);
  return open ? documents.current(open)?.manifest : (await documents.readClosed(uri))?.manifest;
}

/** The manifests of a workspace folder, outside installed and generated folders, in path order. */
export async function workspaceManifestUris(folder: vscode.WorkspaceFolder): Promise<vscode.Uri[]> {
  const pattern = new vscode.RelativePattern(folder, `{${MANIFEST_GLOBS.map((glob) => glob.replace(/^\*\*\//, '**/')).join(',')}}`);
  const uris = await vscode.workspace.findFiles(pattern, EXCLUDED, MAX_MANIFESTS);
  return uris.sort((a, b) => a.path.localeCompare(b.path));
}

/** Every manifest of a workspace folder, parsed as it stands (unsaved edits included). */
export async function workspaceManifests(documents: ManifestDocuments, folder: vscode.WorkspaceFolder): Promise<WorkspaceManifest[]> {
  const manifests: WorkspaceManifest[] = [];
  for (const uri of await workspaceManifestUris(folder)) {
    const parsed = await parsedManifest(documents, uri);
    if (parsed) {
      manifests.push({ uri, parsed });
    }
  }
  return manifests;
}

/** Whether a file lies in an installed or generated folder, whose manifests are not the project's own. */
export function isInExcludedFolder(uri: vscode.Uri): boolean {
  return uri.path.split('/').some((segment) => EXCLUDED_FOLDERS.includes(segment));
}
