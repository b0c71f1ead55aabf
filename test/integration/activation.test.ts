import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, ospoGuideExtension } from './ospoGuideApi';
import { openFixture } from './fixtureDocuments';

suite('activation', () => {
  test('activates when a manifest is opened and exposes its API', async () => {
    await openFixture('package.json');
    const api = await activeApi();
    assert.equal(typeof api.dependencies, 'function');
    assert.equal(ospoGuideExtension().isActive, true);
  });

  test('runs in the extension host the launcher started', () => {
    // Guards against the tests silently running against some other installed copy.
    assert.ok(vscode.workspace.workspaceFolders?.length, 'no workspace folder is open');
    assert.ok(ospoGuideExtension().extensionUri.path.length > 0);
  });
});
