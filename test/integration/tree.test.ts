import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeState } from '../../src/extension/tree';
import { statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { FIXTURE_COUNTS, integrationPolicyInForce, tidyWorkbench } from './commands.test';
import { clickButton, screenshotsAvailable, statusBarEntries, takeScreenshot, treeRows, type TreeRow } from './screenshots';
import { waitFor } from './waitFor';

function summary(state: TreeState | undefined): [string, number, number][] {
  assert.ok(state, 'the filter command returned nothing');
  return state.groups.map((group) => [group.verdict, group.direct, group.transitive]);
}

/** `3 denied · 2 to review` as the status bar draws it. */
function statusBarNumbers(text: string): { deny: number; review: number } {
  return { deny: Number(/(\d+) denied/.exec(text)?.[1] ?? '0'), review: Number(/(\d+) to review/.exec(text)?.[1] ?? '0') };
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

  test('show all: every group of the fixture with its direct and, apart, its transitive count', async () => {
    const state = await vscode.commands.executeCommand<TreeState>('ospoGuide.tree.showAll');
    assert.equal(state.filter, 'all');
    assert.deepEqual(summary(state), [
      ['deny', FIXTURE_COUNTS.deny, FIXTURE_COUNTS.transitive.deny],
      ['review', FIXTURE_COUNTS.review, FIXTURE_COUNTS.transitive.review],
      ['unknown', FIXTURE_COUNTS.unknown, FIXTURE_COUNTS.transitive.unknown],
      ['allow', FIXTURE_COUNTS.allow, FIXTURE_COUNTS.transitive.allow],
    ]);
    assert.deepEqual([...state.groups[0].packages].sort(), ['criterion', 'left-pad', 'tokio']);
    assert.deepEqual(state.groups[0].transitivePackages, ['fixture-copyleft-dep']);
    assert.deepEqual([...state.groups[3].transitivePackages].sort(), ['cookie', 'qs']);
  });

  test('as drawn: each group says its direct count, the status bar\'s, and its transitive count apart', async function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
    await tidyWorkbench();
    await vscode.commands.executeCommand('ospoGuide.tree.showAll');
    await vscode.commands.executeCommand('ospoGuide.inventory.focus');
    // The Explorer's folders view takes most of the side bar (and cannot be hidden); collapsed, every group's rows are in sight.
    const foldersHeader = `Explorer Section: ${vscode.workspace.workspaceFolders?.[0]?.name ?? ''}`;
    await clickButton(foldersHeader);
    try {
      let rows: TreeRow[] = [];
      let status = '';
      const drawn = async () => {
        rows = await treeRows('Open Source');
        status = (await statusBarEntries()).find((entry) => entry.label.startsWith('OSPO Guide:'))?.text ?? '';
        return rows.some((row) => row.level === 1 && row.label === 'Allowed') && status !== '';
      };
      await waitFor(drawn, 'the Open Source view and the status bar to be drawn').catch(async (error: unknown) => {
        await takeScreenshot('open-source-view-not-drawn');
        throw new Error(`${String(error)}; rows drawn: ${JSON.stringify(rows)}`);
      });
      const groups = rows.filter((row) => row.level === 1).map((row) => [row.label, row.description]);
      assert.deepEqual(groups, [
        ['Denied', '3 direct · 1 transitive'],
        ['Needs review', '2 direct · 1 transitive'],
        ['Unknown license', '2 direct'],
        ['Allowed', '9 direct · 2 transitive'],
      ]);
      // The numbers a person compares: the view's direct ones are the status bar's.
      const direct = (label: string) => Number(/^(\d+) direct/.exec(rows.find((row) => row.level === 1 && row.label === label)?.description ?? '')?.[1]);
      assert.deepEqual({ deny: direct('Denied'), review: direct('Needs review') }, statusBarNumbers(status));
      // Transitive packages sit in their own collapsed row, never among a manifest's dependencies.
      const denied = rows.slice(
        rows.findIndex((row) => row.label === 'Denied'),
        rows.findIndex((row) => row.label === 'Needs review'),
      );
      assert.deepEqual(
        denied.filter((row) => row.level === 2).map((row) => [row.label, row.description, row.expanded]),
        [
          ['Cargo.toml', '2', true],
          ['package.json', '1', true],
          ['Transitive dependencies', '1', false],
        ],
      );
      assert.ok(!denied.some((row) => row.label === 'fixture-copyleft-dep'), 'a transitive package is drawn among the direct ones');
      const file = await takeScreenshot('open-source-view-counts');
      assert.ok(statSync(file).size > 40_000, `${file} is suspiciously small`);
    } finally {
      await clickButton(foldersHeader);
    }
  });

  test('show problems only hides the allowed packages, and show all brings them back', async () => {
    const problems = await vscode.commands.executeCommand<TreeState>('ospoGuide.tree.showProblemsOnly');
    assert.equal(problems.filter, 'problems');
    assert.deepEqual(summary(problems), [
      ['deny', FIXTURE_COUNTS.deny, FIXTURE_COUNTS.transitive.deny],
      ['review', FIXTURE_COUNTS.review, FIXTURE_COUNTS.transitive.review],
      ['unknown', FIXTURE_COUNTS.unknown, FIXTURE_COUNTS.transitive.unknown],
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
