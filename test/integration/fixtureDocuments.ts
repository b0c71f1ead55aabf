// Opening, editing and reverting documents of the fixture workspace, which the launchers open as
// a temporary copy so tests may change it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TextRange } from '../../src/core/manifests/types';

export function fixtureUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is not open');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  return vscode.window.showTextDocument(document);
}

/** Inserts `text` right after the first occurrence of `anchor`, without saving. */
export async function insertAfter(document: vscode.TextDocument, anchor: string, text: string): Promise<void> {
  const at = document.getText().indexOf(anchor);
  assert.notEqual(at, -1, `"${anchor}" not found in ${document.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.positionAt(at + anchor.length), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
}

/** Deletes `length` characters right after the first occurrence of `anchor`, without saving. */
export async function deleteAfter(document: vscode.TextDocument, anchor: string, length: number): Promise<void> {
  const at = document.getText().indexOf(anchor);
  assert.notEqual(at, -1, `"${anchor}" not found in ${document.uri.path}`);
  const start = at + anchor.length;
  const edit = new vscode.WorkspaceEdit();
  edit.delete(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(start + length)));
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
}

/** Drops unsaved edits so the next test sees the fixture as it is on disk. */
export async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(document.isDirty, false, `${document.uri.path} is still dirty after revert`);
}

export function textAt(document: vscode.TextDocument, range: TextRange): string {
  return document.getText(new vscode.Range(document.positionAt(range.start), document.positionAt(range.end)));
}
