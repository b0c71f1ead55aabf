import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { insertAfter, openFixture, revert } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';
import { hoverRows, screenshotsAvailable } from './screenshots';
import { waitFor } from './waitFor';

/** The markdown of OSPO Guide's hover at the first occurrence of `anchor` (plus `offset`), or ''. */
export async function ospoHoverAt(document: vscode.TextDocument, anchor: string, offset = 1): Promise<string> {
  const at = document.getText().indexOf(anchor);
  assert.notEqual(at, -1, `"${anchor}" not found`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(at + offset));
  const texts = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)));
  return texts.find((text) => text.includes('OSPO Guide')) ?? '';
}

/** What a reader sees: markdown escapes removed. */
export function plain(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

function assertIncludes(text: string, expected: readonly string[]): void {
  for (const part of expected) {
    assert.ok(text.includes(part), `missing ${JSON.stringify(part)} in hover:\n${text}`);
  }
}

suite('hovers', () => {
  suiteSetup(async () => {
    await openFixture('package.json');
    const api = await activeApi();
    await api.findings((await openFixture('package.json')).document.uri);
  });

  test('left-pad: denied by a rule, with its alternative, end of life, training and the ways to the OSPO', async () => {
    const { document } = await openFixture('package.json');
    const markdown = await ospoHoverAt(document, '"left-pad"', 3);
    // On the name VS Code shows the diagnostic in the same hover: the rule's sentence is there, not here.
    const diagnostic = vscode.languages.getDiagnostics(document.uri).find((item) => item.source === 'OSPO Guide' && document.getText(item.range) === 'left-pad');
    assert.match(diagnostic?.message ?? '', /left-pad is unmaintained/);
    assert.ok(!plain(markdown).includes('left-pad is unmaintained'), `the diagnostic's sentence repeated:\n${markdown}`);
    assertIncludes(plain(markdown), [
      '**Verdict: deny**',
      '**License:**',
      '**Support:** end of life — since 2018-04-01',
      'npm package string.prototype.padstart ^3.1.6',
      '[Copyleft in five minutes (5 min)]',
      '[Request an exception]',
      '[Ask the OSPO]',
    ]);
    assert.ok(markdown.includes('(command:ospoGuide.openTraining?%5B%22copyleft-basics%22%5D)'), markdown);
    assert.ok(!plain(markdown).includes('packages[') && !/\(licenses\.\w+\)/.test(plain(markdown)), 'no internal rule ids for people');
    const request = /\(command:ospoGuide\.requestException\?([^)]+)\)/.exec(markdown);
    assert.ok(request, 'no request link');
    const [facts] = JSON.parse(decodeURIComponent(request[1])) as [{ purl: string; verdict: string; file: string }];
    assert.equal(facts.purl, 'pkg:npm/left-pad');
    assert.equal(facts.verdict, 'deny');
    assert.equal(facts.file, 'package.json');
    assert.ok(markdown.includes('(command:ospoGuide.askOspo?'), markdown);
  });

  test('the spec of a dependency, where no diagnostic is shown, says why', async () => {
    const { document } = await openFixture('package.json');
    assertIncludes(plain(await ospoHoverAt(document, '"1.3.0"', 2)), ['**left-pad**', '**Verdict: deny** — Fixture rule: left-pad is unmaintained']);
  });

  test('as drawn: the diagnostic and our hover, its sentence once, no rule ids', async function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
    const { document } = await openFixture('package.json');
    await waitFor(() => vscode.languages.getDiagnostics(document.uri).some((item) => /left-pad is unmaintained/.test(item.message)), 'the left-pad diagnostic');
    const line = document.positionAt(document.getText().indexOf('"left-pad"')).line + 1;
    const rows = await hoverRows(line, 'left-pad', 'Approved alternatives', 'hover-under-diagnostic');
    const text = rows.join('\n');
    assert.equal(text.split('left-pad is unmaintained').length - 1, 1, `the sentence should be shown once:\n${text}`);
    assert.ok(rows.some((row) => row.includes('left-pad is unmaintained') && !row.includes('Approved alternatives')), `the sentence is the diagnostic's, not ours:\n${text}`);
    assert.ok(rows.some((row) => row.includes('Verdict: deny') && row.includes('Approved alternatives') && row.includes('end of life')), `our hover:\n${text}`);
    assert.doesNotMatch(text, /packages\[|licenses\.\w|advisories\[|health\.(deny|warn)Below/);
  });

  test('express: vendor support and its health score', async () => {
    const { document } = await openFixture('package.json');
    assertIncludes(plain(await ospoHoverAt(document, '"express"', 2)), ['**Verdict: allow**', '**Health:** 8.1/10 (OpenSSF Scorecard)', '**Support:** vendor support', 'Integration Corp has a support contract for Express.', '**Governance:** foundation — OpenJS Foundation']);
  });

  test('lodash alias: the advisory with its alias and summary', async () => {
    const { document } = await openFixture('package.json');
    assertIncludes(plain(await ospoHoverAt(document, '"my-lodash"', 2)), ['INTEGRATION-2026-1 (CVE-2026-0001): Fixture advisory: prototype pollution in lodash before 4.17.22']);
  });

  test('criterion: a low health score; tokio: the curated license and the rule', async () => {
    const { document } = await openFixture('Cargo.toml');
    assertIncludes(plain(await ospoHoverAt(document, 'criterion')), ['**Health:** 1.5/10 (OpenSSF Scorecard) — deny']);
    assertIncludes(plain(await ospoHoverAt(document, 'tokio')), ['**License:** BUSL-1.1 — from feed curation', 'pin below 1.40.0', '[When a project changes its license (4 min)]']);
  });

  test('follows unsaved edits: positions move with the text', async () => {
    const { document } = await openFixture('package.json');
    try {
      await insertAfter(document, '"dependencies": {', '\n    "left-pad-two": "1.0.0",');
      const markdown = plain(await ospoHoverAt(document, '"left-pad"', 3));
      assertIncludes(markdown, ['**left-pad** 1.3.0', '**Verdict: deny**']);
      assertIncludes(plain(await ospoHoverAt(document, '"left-pad-two"', 3)), ['**left-pad-two**']);
    } finally {
      await revert(document);
    }
    const disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
    assert.ok(!document.getText().includes('left-pad-two'), `not reverted; on disk:\n${disk}`);
  });

  test('nothing outside a dependency', async () => {
    const { document } = await openFixture('package.json');
    assert.equal(await ospoHoverAt(document, '"private"', 2), '');
  });
});
