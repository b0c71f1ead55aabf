// Run only in the multi-root pass: test/fixtures/multiroot opened as a `.code-workspace` with two
// folders, under the bundled default policy (MIT and Apache-2.0 allowed). "strict" has its own
// .ospo/policy.json denying MIT; "relaxed" has none. Both name the same packages.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi } from './ospoGuideApi';
import { renderedLines, screenshotsAvailable, takeScreenshot } from './screenshots';
import { waitFor } from './waitFor';

function folder(name: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === name);
  assert.ok(found, `no workspace folder ${name}`);
  return found;
}

function fileIn(folderName: string, relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(folder(folderName).uri, relativePath);
}

async function open(folderName: string, relativePath: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileIn(folderName, relativePath)));
}

/** The first mark the browser draws after the line naming `dependency`, in the active editor. */
async function drawnMark(dependency: string): Promise<string | undefined> {
  return (await renderedLines()).find((line) => line.text.includes(`"${dependency}"`))?.marks[0];
}

/** Waits until the active editor draws, after each dependency's line, a mark starting as given. */
async function expectMarks(where: string, expected: Readonly<Record<string, string>>): Promise<void> {
  let seen: Record<string, string | undefined> = {};
  await waitFor(
    async () => {
      seen = {};
      for (const dependency of Object.keys(expected)) {
        seen[dependency] = await drawnMark(dependency);
      }
      return Object.entries(expected).every(([dependency, start]) => seen[dependency]?.startsWith(start) === true);
    },
    `${where}: marks ${JSON.stringify(expected)}`,
    20_000,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; last drawn: ${JSON.stringify(seen)}`);
  });
}

function deniedInProblems(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'OSPO Guide' && diagnostic.severity === vscode.DiagnosticSeverity.Error)
    .map((diagnostic) => (typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code)));
}

suite('multi-root workspace: each folder under its own policy', function () {
  suiteSetup(function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
  });

  test("strict's .ospo/policy.json denies MIT in strict's manifest only; relaxed's same dependency stays allowed", async () => {
    assert.deepEqual(
      vscode.workspace.workspaceFolders?.map((candidate) => candidate.name),
      ['strict', 'relaxed'],
    );
    await activeApi();
    await open('strict', 'package.json');
    await expectMarks('strict/package.json', { express: '✖ MIT', typescript: '✓ Apache-2.0' });
    await takeScreenshot('multiroot-strict');
    await open('relaxed', 'package.json');
    await expectMarks('relaxed/package.json', { express: '✓ MIT', typescript: '✓ Apache-2.0' });
    await takeScreenshot('multiroot-relaxed');
    // VS Code's own diagnostics collection (what the Problems panel lists): one error, in strict only.
    await waitFor(() => deniedInProblems(fileIn('strict', 'package.json')).length === 1, 'the denied express in strict/package.json among the problems');
    assert.deepEqual(deniedInProblems(fileIn('strict', 'package.json')), ['license-denied']);
    assert.deepEqual(deniedInProblems(fileIn('relaxed', 'package.json')), []);
  });

  test("a policy file created in one folder (as the Explorer does) tightens that folder only, and deleting it loosens it again", async () => {
    const api = await activeApi();
    const file = fileIn('relaxed', '.ospo/policy.json');
    const text = JSON.stringify({ schemaVersion: 1, id: 'relaxed-folder', version: 1, issued: '2026-11-01T00:00:00Z', licenses: { deny: ['Apache-2.0'] } });
    const create = new vscode.WorkspaceEdit();
    create.createFile(file, { contents: new TextEncoder().encode(text) });
    assert.ok(await vscode.workspace.applyEdit(create), 'the policy file was not created');
    try {
      await open('relaxed', 'package.json');
      await expectMarks('relaxed/package.json with its own file', { express: '✓ MIT', typescript: '✖ Apache-2.0' }).catch((error: unknown) => {
        throw new Error(`${String(error)}; the policy of relaxed: ${JSON.stringify(api.policy(fileIn('relaxed', 'package.json')))}`);
      });
      await open('strict', 'package.json');
      await expectMarks('strict/package.json beside it', { express: '✖ MIT', typescript: '✓ Apache-2.0' });
    } finally {
      const remove = new vscode.WorkspaceEdit();
      remove.deleteFile(file);
      assert.ok(await vscode.workspace.applyEdit(remove), 'the policy file was not deleted');
    }
    await open('relaxed', 'package.json');
    await expectMarks('relaxed/package.json after the file is gone', { express: '✓ MIT', typescript: '✓ Apache-2.0' });
  });

  test("Show Policy shows the policy of the folder whose manifest is in the editor and says whose file applied", async () => {
    const api = await activeApi();
    assert.equal(api.policy(fileIn('strict', 'package.json')).workspacePolicyFolder, folder('strict').uri.toString());
    assert.equal(api.policy(fileIn('relaxed', 'package.json')).workspacePolicyApplied, false);
    // Without a document: what the folders share, the organization's policy.
    assert.equal(api.policy().workspacePolicyApplied, false);

    const shown = async (folderName: string): Promise<string> => {
      await open(folderName, 'package.json');
      const page = await vscode.commands.executeCommand<{ readonly text: string } | undefined>('ospoGuide.showPolicy');
      assert.ok(page, 'Show Policy showed nothing');
      return page.text;
    };
    const strict = await shown('strict');
    assert.match(strict, /\*\*Repository policy:\*\* the `\.ospo\/policy\.json` of the folder strict tightens this policy, for the manifests in strict only\./);
    // MIT itself as an item of the list (the bundled list has FSL-1.1-MIT).
    const deniesMit = /\*\*Denied:\*\* (?:[^\n]*, )?MIT(?:,|\n)/;
    assert.match(strict, deniesMit);

    let relaxed = '';
    await waitFor(async () => {
      relaxed = await shown('relaxed');
      return !relaxed.includes('Repository policy:');
    }, 'the overview to show the relaxed folder');
    assert.match(relaxed, /\*\*Repository policies:\*\* strict has its own `\.ospo\/policy\.json`, which tightens the policy for its own manifests only/);
    assert.doesNotMatch(relaxed, deniesMit);
  });
});
