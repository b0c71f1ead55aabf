import * as vscode from 'vscode';
import { MANIFEST_GLOBS, type ParsedManifest } from '../core/manifests';
import { INSTALLED_TREE_FOLDERS, INSTALLED_TREE_MARKERS } from '../core/manifests/installedTrees';
import { openDocument, type ManifestDocuments } from './manifestDocuments';

const EXCLUDED = `{${[...INSTALLED_TREE_FOLDERS].map((name) => `**/${name}/**`).join(',')}}`;
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
  const markers = new Map<string, Promise<boolean>>();
  const kept = await Promise.all(uris.map(async (uri) => ((await isInMarkedTree(uri, folder.uri, markers)) ? undefined : uri)));
  return kept.filter((uri): uri is vscode.Uri => uri !== undefined).sort((a, b) => a.path.localeCompare(b.path));
}

/** Whether a folder between the manifest and the workspace folder holds a marker of an installed tree (a vendored crate, a virtual environment). */
async function isInMarkedTree(uri: vscode.Uri, root: vscode.Uri, cache: Map<string, Promise<boolean>>): Promise<boolean> {
  for (let dir = vscode.Uri.joinPath(uri, '..'); dir.path.length > root.path.length && dir.path.startsWith(root.path); dir = vscode.Uri.joinPath(dir, '..')) {
    let marked = cache.get(dir.path);
    if (marked === undefined) {
      marked = Promise.all(INSTALLED_TREE_MARKERS.map((name) => vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, name)).then(() => true, () => false))).then((found) => found.some(Boolean));
      cache.set(dir.path, marked);
    }
    if (await marked) {
      return true;
    }
  }
  return false;
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

/** Whether a manifest is the project's own: not in an installed or vendored tree, by folder name or by marker file. */
export async function isProjectManifest(uri: vscode.Uri): Promise<boolean> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return !isInExcludedFolder(uri) && (folder === undefined || !(await isInMarkedTree(uri, folder.uri, new Map())));
}

/** Whether a file lies in an installed or generated folder, whose manifests are not the project's own. */
export function isInExcludedFolder(uri: vscode.Uri): boolean {
  return uri.path.split('/').some((segment) => INSTALLED_TREE_FOLDERS.has(segment));
}
