// Entry point VS Code calls in the extension host (extensionTestsPath), both under the real
// VS Code server (scripts/realVscode/runTests.mjs) and under @vscode/test-electron.
import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { collectResults, writeResults, type TestResults } from './testReport';

export async function run(): Promise<void> {
  let results: TestResults;
  try {
    // VS Code for the web saves dirty files after a delay by default; tests that check unsaved
    // edits (and revert them) need the files on disk to stay as the fixture has them.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    // VS Code's own git extension runs `git check-ignore` on opened files; when one of those processes
    // ends early its EPIPE is thrown in this extension host and lands on whichever test is running.
    if (vscode.workspace.isTrusted) {
      // (In Restricted Mode the git extension does not run, and its settings are not registered.)
      await vscode.workspace.getConfiguration('git').update('enabled', false, vscode.ConfigurationTarget.Global);
    }
    // The fixtures' verdicts come from local data; the one suite about lookups turns them on itself.
    await vscode.workspace.getConfiguration('ospoGuide').update('online.lookups', 'off', vscode.ConfigurationTarget.Global);
    results = await runMocha();
  } catch (error) {
    // A test file that fails to load must still produce a result, or the launcher only sees a timeout.
    results = { passed: 0, failed: 1, tests: [{ title: 'loading the integration tests', state: 'failed', error: errorText(error) }] };
  }
  // The extension host exits 0 even when run() rejects under the VS Code server, so that
  // launcher learns the outcome from this file; test-electron relies on the rejection below.
  await writeResults(process.env.OSPO_GUIDE_TEST_RESULTS, results);
  if (results.failed > 0) {
    throw new Error(`${results.failed} integration test(s) failed`);
  }
  if (results.passed === 0) {
    throw new Error('no integration tests ran');
  }
}

function runMocha(): Promise<TestResults> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.OSPO_GUIDE_TEST_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  // The launchers run this index in an untrusted folder for the Restricted Mode tests
  // (`*.restricted.test.js`), in a trusted multi-root workspace for `*.multiroot.test.js`, and in
  // a trusted folder for all the others.
  const restricted = !vscode.workspace.isTrusted;
  const multiRoot = vscode.workspace.workspaceFile !== undefined && vscode.workspace.workspaceFile.scheme !== 'untitled';
  // The hostile passes (a folder an attacker prepared, trusted and not) run `*.hostile.test.js` only.
  const pass = process.env.OSPO_GUIDE_TEST_PASS_NAME ?? '';
  const hostile = pass.startsWith('hostile');
  // The VSIX pass (the installed VSIX, in a trusted folder) adds `*.vsix.test.js`, run last: they
  // read what the suites before them made the extension host load.
  const vsix = pass === 'vsix';
  const files = readdirSync(__dirname).filter((name) =>
    hostile
      ? name.endsWith('.hostile.test.js')
      : name.endsWith('.vsix.test.js')
        ? vsix
        : name.endsWith('.test.js') && !name.endsWith('.hostile.test.js') && name.endsWith('.restricted.test.js') === restricted && name.endsWith('.multiroot.test.js') === multiRoot,
  );
  const lastInPass = (name: string) => Number(name.endsWith('.vsix.test.js'));
  for (const file of files.sort((a, b) => lastInPass(a) - lastInPass(b) || (a < b ? -1 : a > b ? 1 : 0))) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve) => {
    const runner = mocha.run();
    const results = collectResults(runner);
    runner.once('end', () => resolve(results()));
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
