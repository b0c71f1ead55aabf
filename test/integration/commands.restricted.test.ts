import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkspaceCounts } from '../../src/core/report/workspaceSummary';
import type { ShownDocument } from '../../src/extension/policyDocuments';
import { openFixture } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';

suite('workspace commands in Restricted Mode', () => {
  suiteSetup(async () => {
    await openFixture('package.json');
    await activeApi();
  });

  test('showPolicy shows the bundled default policy', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const shown = await vscode.commands.executeCommand<ShownDocument | undefined>('ospoGuide.showPolicy');
    assert.ok(shown);
    assert.equal(vscode.Uri.parse(shown.uri).scheme, 'ospo-guide');
    // In words: the bundled policy's internal id and a 'Source: bundled default: bundled default' line say nothing to a person.
    assert.match(shown.text, /- \*\*Policy:\*\* the bundled default policy \(no organization feed connected\)/);
    assert.doesNotMatch(shown.text, /ospo-guide-default|\*\*Source:\*\*/);
    // The repository's own policy file is not read while untrusted.
    assert.doesNotMatch(shown.text, /\.ospo\/policy\.json/);
  });

  test('checkWorkspace works untrusted', async () => {
    const counts = await vscode.commands.executeCommand<WorkspaceCounts>('ospoGuide.checkWorkspace');
    assert.equal(counts.manifests, 4);
    assert.equal(counts.deny + counts.review + counts.unknown + counts.allow, 16);
  });
});
