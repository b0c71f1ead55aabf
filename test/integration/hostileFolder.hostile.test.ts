// The folder an attacker hands over (scripts/realVscode/hostileWorkspace.mjs plants it): the
// extension must answer within 2 s and its host stay under 300 MiB, trusted and in Restricted Mode.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, openFixture } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';
import { screenshotsAvailable, takeScreenshot, webviewElements } from './screenshots';
import { waitFor } from './waitFor';

const ANSWER_MS = 2_000;
const MEMORY_CEILING = 300 * 1024 * 1024;

/** `work` must settle within `ms`: a read that blocks (a FIFO) or never ends (/dev/zero) fails here. */
async function within<T>(what: string, ms: number, work: () => Thenable<T> | Promise<T>): Promise<T> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(work()), late]);
  } finally {
    clearTimeout(timer);
    console.log(`    ${what}: ${(performance.now() - started).toFixed(0)} ms`);
  }
}

function assertMemory(after: string): void {
  const { rss } = process.memoryUsage();
  console.log(`    extension host after ${after}: ${(rss / 1024 / 1024).toFixed(0)} MiB`);
  assert.ok(rss < MEMORY_CEILING, `the extension host holds ${(rss / 1024 / 1024).toFixed(0)} MiB after ${after}`);
}

suite(`a hostile folder (${vscode.workspace.isTrusted ? 'trusted' : 'Restricted Mode'})`, () => {
  test('activation answers: the findings of a manifest beside the hostile files', async function () {
    this.timeout(60_000);
    const api = await activeApi();
    const findings = await within('findings of Cargo.toml', ANSWER_MS * 5, () => api.findings(fixtureUri('Cargo.toml')));
    assert.ok(findings.some(({ dependency }) => dependency.name === 'serde'), 'serde is read');
    assertMemory('activation');
  });

  test('a manifest that is a FIFO, one that is a link loop and 300 KB of [ each get a plain answer, not a hang', async function () {
    this.timeout(60_000);
    const api = await activeApi();
    for (const manifest of ['requirements.txt', 'loop/package.json', 'deep/package.json', 'quotes/package.json']) {
      await within(`findings of ${manifest}`, ANSWER_MS, () => api.findings(fixtureUri(manifest)).then(undefined, (error: unknown) => String(error)));
    }
    assertMemory('the hostile manifests');
  });

  test('the hover (which reads .ospo/choices.json, a link to /dev/zero) and the quick fixes answer', async function () {
    this.timeout(60_000);
    await activeApi();
    const editor = await openFixture('package.json');
    const position = editor.document.positionAt(editor.document.getText().indexOf('left-pad') + 2);
    await within('the hover', ANSWER_MS, () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position));
    await within('the quick fixes', ANSWER_MS, () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(position, position)));
    assertMemory('the hover');
  });

  test('Check Workspace and Open Guide (which read .git/config, a link to /dev/zero) answer', async function () {
    this.timeout(60_000);
    await activeApi();
    await within('Check Workspace', ANSWER_MS * 5, () => vscode.commands.executeCommand('ospoGuide.checkWorkspace'));
    await within('Open Guide', ANSWER_MS * 5, () => vscode.commands.executeCommand('ospoGuide.openGuide'));
    if (screenshotsAvailable()) {
      // What the user sees: the guide's open section drawn with text, not an empty panel.
      await within('the guide drawn', ANSWER_MS * 5, () =>
        waitFor(async () => (await webviewElements('[id^="panel-"]:not([hidden])')).some((panel) => panel.text.trim().length > 40), 'the guide panel to be drawn', ANSWER_MS * 5),
      );
      await takeScreenshot(`hostile-${vscode.workspace.isTrusted ? 'trusted' : 'restricted'}`);
    }
    assertMemory('Check Workspace and Open Guide');
  });
});
