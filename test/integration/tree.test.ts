import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeState } from '../../src/extension/tree';
import { statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { FIXTURE_COUNTS, integrationPolicyInForce, tidyWorkbench } from './commands.test';
import { screenshotsAvailable, takeScreenshot } from './screenshots';

function summary(state: TreeState | undefined): [string, number][] {
  assert.ok(state, 'the filter command returned nothing');
  return state.groups.map((group) => [group.verdict, group.count]);
}

suite('Open Source tree', () => {
  suiteSetup(integrationPolicyInForce);

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('ospoGuide.tree.showAll');
    await tidyWorkbench();
  });

  test('the view opens', async () => {
    await vscode.commands.executeCommand('ospoGuide.inventory.focus');
  });

  test('show all: every group of the fixture with its count', async () => {
    const state = await vscode.commands.executeCommand<TreeState>('ospoGuide.tree.showAll');
    assert.equal(state.filter, 'all');
    // The fixture has no transitive packages (its lockfile holds only direct ones), so the groups count the direct dependencies.
    assert.deepEqual(summary(state), [
      ['deny', FIXTURE_COUNTS.deny],
      ['review', FIXTURE_COUNTS.review],
      ['unknown', FIXTURE_COUNTS.unknown],
      ['allow', FIXTURE_COUNTS.allow],
    ]);
    assert.deepEqual([...(state.groups[0].packages)].sort(), ['criterion', 'left-pad', 'tokio']);
  });

  test('show problems only hides the allowed packages, and show all brings them back', async () => {
    const problems = await vscode.commands.executeCommand<TreeState>('ospoGuide.tree.showProblemsOnly');
    assert.equal(problems.filter, 'problems');
    assert.deepEqual(summary(problems), [
      ['deny', FIXTURE_COUNTS.deny],
      ['review', FIXTURE_COUNTS.review],
      ['unknown', FIXTURE_COUNTS.unknown],
    ]);
    const all = await vscode.commands.executeCommand<TreeState>('ospoGuide.tree.showAll');
    assert.equal(all.filter, 'all');
    assert.equal(all.groups.at(-1)?.verdict, 'allow');
  });

  test('a picture of the view and the status bar', async function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
    await tidyWorkbench();
    await vscode.commands.executeCommand('ospoGuide.tree.showAll');
    await vscode.commands.executeCommand('ospoGuide.inventory.focus');
    await delay(2500);
    const file = await takeScreenshot('open-source-view');
    assert.ok(statSync(file).size > 40_000, `${file} is suspiciously small`);
  });
});
