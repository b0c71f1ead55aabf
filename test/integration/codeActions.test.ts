import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fixtureUri, openFixture, revert } from './fixtureDocuments';
import { ospoHoverAt, plain } from './hovers.test';
import { activeApi, type OspoGuideApi } from './ospoGuideApi';
import { quickFixMenu, screenshotsAvailable, takeScreenshot } from './screenshots';
import { waitFor } from './waitFor';

async function actionsAt(document: vscode.TextDocument, anchor: string): Promise<vscode.CodeAction[]> {
  const at = document.getText().indexOf(anchor);
  assert.notEqual(at, -1, `"${anchor}" not found`);
  const position = document.positionAt(at + 1);
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position));
}

function byTitle(actions: readonly vscode.CodeAction[], title: string): vscode.CodeAction {
  const action = actions.find((candidate) => candidate.title === title);
  assert.ok(action, `no "${title}" in ${actions.map((candidate) => candidate.title).join(' | ')}`);
  return action;
}

async function applyAndUndo(document: vscode.TextDocument, action: vscode.CodeAction, check: () => Promise<void>): Promise<void> {
  const before = document.getText();
  assert.ok(action.edit, `"${action.title}" has no edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), 'the edit was not applied');
  await check();
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('undo');
  await waitFor(() => document.getText() === before, 'undo to restore the text');
}

/** Drops the choices file (only it: `.ospo/` holds the fixture's repository policy too). */
async function removeChoices(choices: vscode.Uri): Promise<void> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === choices.toString());
  if (open?.isDirty) {
    await revert(open);
  }
  await vscode.workspace.fs.delete(choices, { useTrash: false }).then(undefined, () => undefined);
}

suite('code actions', () => {
  let api: OspoGuideApi;

  suiteSetup(async () => {
    await openFixture('package.json');
    api = await activeApi();
  });

  test('left-pad: replace with the approved alternative (preferred), exactly, undoable', async () => {
    const { document } = await openFixture('package.json');
    try {
      const actions = await actionsAt(document, '"left-pad"');
      const replace = byTitle(actions, 'Replace with string.prototype.padstart ^3.1.6');
      assert.equal(replace.isPreferred, true);
      assert.equal(replace.kind?.value, vscode.CodeActionKind.QuickFix.value);
      await applyAndUndo(document, replace, async () => {
        assert.ok(document.getText().includes('"string.prototype.padstart": "^3.1.6",'), document.getText());
        assert.ok(!document.getText().includes('left-pad'), document.getText());
        const findings = await api.findings(document.uri);
        const replaced = findings.find(({ dependency }) => dependency.name === 'string.prototype.padstart');
        assert.equal(replaced?.dependency.spec, '^3.1.6');
        assert.equal(replaced?.finding.purl, 'pkg:npm/string.prototype.padstart');
      });
      assert.ok(document.getText().includes('"left-pad": "1.3.0"'));
    } finally {
      await revert(document);
    }
  });

  test('left-pad: request an exception, open training, no edits hidden in commands', async () => {
    const { document } = await openFixture('package.json');
    const actions = await actionsAt(document, '"1.3.0"');
    const request = byTitle(actions, 'Request an exception for left-pad');
    assert.equal(request.command?.command, 'ospoGuide.requestException');
    const [facts] = request.command?.arguments ?? [];
    assert.deepEqual({ purl: facts.purl, verdict: facts.verdict, file: facts.file }, { purl: 'pkg:npm/left-pad', verdict: 'deny', file: 'package.json' });
    const training = byTitle(actions, 'Open training: Copyleft in five minutes');
    assert.deepEqual([training.command?.command, training.command?.arguments], ['ospoGuide.openTraining', ['copyleft-basics']]);
    assert.equal(request.edit, undefined);
  });

  test('express is allowed: no quick fixes', async () => {
    const { document } = await openFixture('package.json');
    assert.deepEqual((await actionsAt(document, '"express"')).filter((action) => action.title.includes('express') || action.edit), []);
  });

  test("cobra in go.mod: the alternative is written as one exact version Go reads (go mod edit -json), never the feed's range; without one, the fix asks for it", async function () {
    const { document } = await openFixture('go.mod');
    try {
      const actions = await actionsAt(document, 'github.com/spf13/cobra');
      assert.ok(!actions.some((action) => action.title.includes('^2.27.0') && action.edit), 'a range written into go.mod');
      // The feed names no version for kong and no registry may be asked in this test: the fix asks, it writes no range.
      const ask = byTitle(actions, 'Replace with github.com/alecthomas/kong at a version you enter (>=0.9.0 <1.0.0)…');
      assert.equal(ask.edit, undefined);
      const replace = byTitle(actions, 'Replace with github.com/urfave/cli/v2 v2.27.1');
      await applyAndUndo(document, replace, async () => {
        const text = document.getText();
        assert.ok(text.includes('\tgithub.com/urfave/cli/v2 v2.27.1\n'), text);
        const go = spawnSync('go', ['version'], { encoding: 'utf8' });
        if (go.error) {
          console.log(`    SKIPPED the go mod edit -json check: ${go.error.message}`);
          return;
        }
        const folder = mkdtempSync(path.join(os.tmpdir(), 'ospo-go-'));
        try {
          writeFileSync(path.join(folder, 'go.mod'), text);
          const edit = spawnSync('go', ['mod', 'edit', '-json'], { cwd: folder, encoding: 'utf8', timeout: 20_000, env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
          assert.equal(edit.status, 0, edit.stderr);
          const parsed = JSON.parse(edit.stdout) as { Require: { Path: string; Version: string }[] };
          assert.deepEqual(
            parsed.Require.find((item) => item.Path === 'github.com/urfave/cli/v2'),
            { Path: 'github.com/urfave/cli/v2', Version: 'v2.27.1' },
          );
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      });
    } finally {
      await revert(document);
    }
  });

  test('tokio: pin below the relicensed version, read the license on spdx.org', async () => {
    const { document } = await openFixture('Cargo.toml');
    try {
      const actions = await actionsAt(document, 'tokio = ');
      const spdx = byTitle(actions, 'Read BUSL-1.1 on spdx.org');
      // The API hands `vscode.open` back under its internal id.
      assert.ok(['vscode.open', '_workbench.open'].includes(spdx.command?.command ?? ''), spdx.command?.command);
      assert.equal(String(spdx.command?.arguments?.[0]), 'https://spdx.org/licenses/BUSL-1.1.html');
      const pin = byTitle(actions, 'Pin below 1.40.0 (<1.40.0)');
      await applyAndUndo(document, pin, async () => {
        assert.ok(document.getText().includes('tokio = "<1.40.0"'), document.getText());
        const tokio = (await api.findings(document.uri)).find(({ dependency }) => dependency.name === 'tokio');
        assert.equal(tokio?.dependency.spec, '<1.40.0');
        assert.notEqual(tokio?.finding.license, 'BUSL-1.1');
      });
      assert.ok(document.getText().includes('tokio = "1.38"'));
    } finally {
      await revert(document);
    }
  });

  test('rand: use MIT from the OR choice and record it in .ospo/choices.json; the hover shows it', async () => {
    const { document } = await openFixture('Cargo.toml');
    const choices = fixtureUri('.ospo/choices.json');
    try {
      const actions = await actionsAt(document, 'rand = ');
      const use = byTitle(actions, 'Use MIT from MIT OR GPL-3.0-only and record the choice');
      assert.ok(use.edit);
      assert.ok(!actions.some((action) => action.title.startsWith('Use GPL-3.0-only')), 'the denied license is not offered');
      assert.ok(await vscode.workspace.applyEdit(use.edit));
      const choicesDocument = await vscode.workspace.openTextDocument(choices);
      assert.ok(await choicesDocument.save(), 'the choices file was not saved');
      const recorded = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(choices))) as { choices: Record<string, { license: string; expression: string; recordedAt: string }> };
      assert.equal(recorded.choices['pkg:cargo/rand']?.license, 'MIT');
      assert.equal(recorded.choices['pkg:cargo/rand']?.expression, 'MIT OR GPL-3.0-only');
      assert.match(recorded.choices['pkg:cargo/rand']?.recordedAt ?? '', /^\d{4}-\d{2}-\d{2}$/);
      let hover = '';
      await waitFor(async () => {
        hover = plain(await ospoHoverAt(document, 'rand = '));
        return hover.includes('choice recorded: MIT');
      }, 'the hover to show the recorded choice');
      // Recorded: the same choice is not offered again.
      assert.ok(!(await actionsAt(document, 'rand = ')).some((action) => action.title.startsWith('Use MIT')));
    } finally {
      await removeChoices(choices);
      await revert(document);
    }
  });

  test('an existing choices file is merged, not replaced', async () => {
    const { document } = await openFixture('Cargo.toml');
    const choices = fixtureUri('.ospo/choices.json');
    try {
      const existing = { note: 'kept', choices: { 'pkg:npm/other': { license: 'Apache-2.0', expression: 'Apache-2.0 OR MIT', recordedAt: '2026-01-01' } } };
      await vscode.workspace.fs.writeFile(choices, new TextEncoder().encode(JSON.stringify(existing)));
      const use = byTitle(await actionsAt(document, 'rand = '), 'Use MIT from MIT OR GPL-3.0-only and record the choice');
      assert.ok(use.edit && (await vscode.workspace.applyEdit(use.edit)));
      const choicesDocument = await vscode.workspace.openTextDocument(choices);
      assert.ok(await choicesDocument.save(), 'the choices file was not saved');
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(choices));
      const merged = JSON.parse(text) as typeof existing & { choices: Record<string, { license: string }> };
      assert.equal(merged.note, 'kept');
      assert.equal(merged.choices['pkg:npm/other']?.license, 'Apache-2.0');
      assert.equal(merged.choices['pkg:cargo/rand']?.license, 'MIT');
      assert.ok(text.includes('\n  "choices": {'), 'pretty-printed');
    } finally {
      await removeChoices(choices);
      await revert(document);
    }
  });

  test('with the OSPO named in the feed, the quick-fix menu as drawn offers the exception request, in words', async function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
    const editor = await openFixture('package.json');
    const at = editor.document.getText().indexOf('"left-pad"') + 3;
    editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await vscode.commands.executeCommand('editor.action.quickFix');
    let rows: string[] = [];
    await waitFor(async () => (rows = await quickFixMenu()).length > 0, 'the quick-fix menu');
    await takeScreenshot('quick-fix-menu-with-ospo');
    await vscode.commands.executeCommand('hideCodeActionWidget');
    assert.ok(rows.includes('Request an exception for left-pad'), rows.join(' | '));
    assert.ok(!rows.some((row) => row.includes('pkg:') || row.includes('%40')), rows.join(' | '));
  });
});
