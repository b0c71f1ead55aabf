import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { statusBarText, type WorkspaceCounts } from '../../src/core/report/workspaceSummary';
import { FIXTURE_COUNTS, integrationPolicyInForce, tidyWorkbench } from './commands.test';
import { insertAfter, openFixture, revert } from './fixtureDocuments';
import { screenshotsAvailable, statusBarEntries } from './screenshots';
import { waitFor } from './waitFor';

suite('status bar', () => {
  suiteSetup(integrationPolicyInForce);
  suiteTeardown(tidyWorkbench);

  test('shows the denied and to-review direct dependencies of the fixture', async () => {
    const counts = await vscode.commands.executeCommand<WorkspaceCounts>('ospoGuide.checkWorkspace');
    assert.deepEqual(counts, FIXTURE_COUNTS);
    assert.equal(statusBarText(counts), '$(law) 3 denied · 2 to review');
    if (screenshotsAvailable()) {
      // As drawn: words, not a count beside an error icon that reads as a second Problems counter.
      let ours: { text: string; label: string } | undefined;
      await waitFor(async () => {
        ours = (await statusBarEntries()).find((entry) => entry.label.startsWith('OSPO Guide:'));
        return ours?.text === '3 denied · 2 to review';
      }, 'the status bar entry');
      assert.equal(ours?.label, 'OSPO Guide: 3 denied, 2 to review');
    }
  });

  test('the counts follow unsaved edits', async () => {
    const { document } = await openFixture('package.json');
    try {
      // A second left-pad (its package rule denies it) in peerDependencies, not saved.
      await insertAfter(document, '"react": ">=18"', ',\n    "left-pad": "1.3.0"');
      const counts = await vscode.commands.executeCommand<WorkspaceCounts>('ospoGuide.checkWorkspace');
      assert.deepEqual(counts, { ...FIXTURE_COUNTS, deny: FIXTURE_COUNTS.deny + 1 });
      assert.equal(statusBarText(counts), '$(law) 4 denied · 2 to review');
    } finally {
      await revert(document);
    }
    assert.deepEqual(await vscode.commands.executeCommand<WorkspaceCounts>('ospoGuide.checkWorkspace'), FIXTURE_COUNTS);
  });

  test('its click target shows the policy', async () => {
    const shown = await vscode.commands.executeCommand<{ uri: string } | undefined>('ospoGuide.showPolicy');
    assert.equal(shown?.uri, 'ospo-guide:/policy.md');
  });
});
