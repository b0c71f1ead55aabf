import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import * as vscode from 'vscode';
import { openFixture } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';
import { screenshotsAvailable, takeScreenshot } from './screenshots';
import { waitFor } from './waitFor';

/** What a user sees, kept as PNGs for the README (test-results/screenshots). */
suite('screenshots', () => {
  suiteSetup(function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
  });

  async function showWithMarks(relativePath: string): Promise<vscode.TextEditor> {
    const api = await activeApi();
    const editor = await openFixture(relativePath);
    await waitFor(() => api.annotations(editor.document.uri)?.version === editor.document.version, `marks on ${relativePath}`);
    // Toasts other tests left (Check Workspace's) would cover the pictures the README shows.
    await vscode.commands.executeCommand('notifications.clearAll');
    // Let the workbench paint the decorations it was given.
    await delay(800);
    return editor;
  }

  function assertPicture(file: string): void {
    // A blank or failed capture of a 1400x900 page is a few kilobytes; the editor with text and marks is far more.
    assert.ok(statSync(file).size > 40_000, `${file} is suspiciously small`);
  }

  test('decorations on package.json and Cargo.toml', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await showWithMarks('package.json');
    assertPicture(await takeScreenshot('decorations-package-json'));
    await showWithMarks('Cargo.toml');
    assertPicture(await takeScreenshot('decorations-cargo-toml'));
  });

  test('the hover on a denied dependency', async () => {
    const editor = await showWithMarks('package.json');
    const offset = editor.document.getText().indexOf('left-pad');
    const position = editor.document.positionAt(offset + 2);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await delay(1500);
    assertPicture(await takeScreenshot('hover-left-pad'));
  });
});
