import * as os from 'node:os';
import * as vscode from 'vscode';
import { buildInventory, type Inventory } from '../core/data/inventory';
import { RESOLVERS } from '../core/data/resolvers';
import type { ManifestDocuments } from './manifestDocuments';
import { workspaceManifests } from './workspaceManifests';

/** The workspace folder a document is exported for: the only one, else the one the user picks. */
export async function pickExportFolder(placeHolder: string): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    return folders[0];
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder });
}

/** The whole resolved tree of a workspace folder's manifests on disk (open ones as edited), read afresh for an export. */
export async function folderInventory(documents: ManifestDocuments, folder: vscode.WorkspaceFolder): Promise<Inventory> {
  const manifests = await workspaceManifests(documents, folder);
  return buildInventory(
    manifests.filter((manifest) => manifest.uri.scheme === 'file').map((manifest) => ({ file: manifest.uri.fsPath, parsed: manifest.parsed })),
    RESOLVERS,
    { home: os.homedir(), env: process.env },
  );
}
