import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';

suite('code actions in Restricted Mode', () => {
  test('only actions without edits are offered', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const api = await activeApi();
    const titles: string[] = [];
    for (const file of ['package.json', 'Cargo.toml', 'requirements.txt', 'go.mod']) {
      const { document } = await openFixture(file);
      await api.findings(document.uri);
      const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole);
      const ours = actions.filter((action) => action.command?.command.startsWith('ospoGuide.') || action.command?.command === 'vscode.open' || action.title.startsWith('Read ') || action.title.startsWith('Replace with') || action.title.startsWith('Pin below') || action.title.startsWith('Use '));
      for (const action of ours) {
        assert.equal(action.edit, undefined, `"${action.title}" carries an edit in Restricted Mode`);
      }
      titles.push(...ours.map((action) => action.title));
    }
    // left-pad is WTFPL (review) under the bundled policy: the non-editing actions are still there,
    // but no exception request: the bundled policy names no OSPO to send one to.
    assert.ok(titles.includes('Read WTFPL on spdx.org'), `ours: ${titles.join(' | ')}`);
    assert.ok(!titles.some((title) => title.startsWith('Request an exception')), titles.join(' | '));
    assert.ok(!titles.some((title) => title.startsWith('Replace with') || title.startsWith('Pin below') || title.startsWith('Use ')), titles.join(' | '));
  });
});
