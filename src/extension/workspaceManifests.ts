import * as vscode from 'vscode';
import { MANIFEST_GLOBS, type ParsedManifest } from '../core/manifests';
import type { ManifestDocuments } from './manifestDocuments';

/** Folders that hold installed or generated code, never the project's own manifests. */
const EXCLUDED = '{**/node_modules/**,**/.git/**,**/.venv/**,**/venv/**,**/target/**,**/vendor/**,**/.tox/**}';
const MAX_MANIFESTS = 5000;

export interface WorkspaceManifest {
  readonly uri: vscode.Uri;
  readonly parsed: ParsedManifest;
}

/** The parsed manifest behind a URI: the open document's current text, else the file on disk. */
export async function parsedManifest(documents: ManifestDocuments, uri: vscode.Uri): Promise<ParsedManifest | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  return open ? documents.current(open)?.manifest : documents.readClosed(uri);
}

/** Every manifest of a workspace folder, parsed as it stands (unsaved edits included). */
export async function workspaceManifests(documents: ManifestDocuments, folder: vscode.WorkspaceFolder): Promise<WorkspaceManifest[]> {
  const pattern = new vscode.RelativePattern(folder, `{${MANIFEST_GLOBS.map((glob) => glob.replace(/^\*\*\//, '**/')).join(',')}}`);
  const uris = await vscode.workspace.findFiles(pattern, EXCLUDED, MAX_MANIFESTS);
  const manifests: WorkspaceManifest[] = [];
  for (const uri of uris.sort((a, b) => a.path.localeCompare(b.path))) {
    const parsed = await parsedManifest(documents, uri);
    if (parsed) {
      manifests.push({ uri, parsed });
    }
  }
  return manifests;
}
