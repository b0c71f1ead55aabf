import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture } from './fixtureDocuments';
import { waitFor } from './waitFor';

suite('policy feed schema', () => {
  test('the JSON Schema flags a wrong field in a feed file', async () => {
    const editor = await openFixture('broken.ospo-policy.json');
    const uri = editor.document.uri;
    await waitFor(() => vscode.languages.getDiagnostics(uri).length > 0, 'schema diagnostics on broken.ospo-policy.json', 30_000);
    const diagnostics = vscode.languages.getDiagnostics(uri);
    const versionLine = editor.document.getText().split('\n').findIndex((line) => line.includes('"version"'));
    assert.ok(
      diagnostics.some((diagnostic) => diagnostic.range.start.line === versionLine && /integer/i.test(diagnostic.message)),
      JSON.stringify(diagnostics.map((diagnostic) => [diagnostic.range.start.line, diagnostic.message])),
    );
  });
});
