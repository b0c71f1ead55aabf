import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fixtureUri } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';
import { clickButton, hoverRows, type RenderedLine, renderedLines, screenshotsAvailable, takeScreenshot, visibleNotifications, webviewElements } from './screenshots';
import { waitFor } from './waitFor';

/** A real project's dependencies (express 5's, and two with documented license changes), nothing installed or locked. */
const FRESH_CLONE = {
  name: 'fresh-clone',
  version: '1.0.0',
  dependencies: {
    accepts: '^2.0.0',
    'body-parser': '^2.2.1',
    debug: '^4.4.0',
    react: '^15.0.0',
    husky: '>=4.3.0 <7',
  },
};

async function npmRegistryReachable(): Promise<boolean> {
  return fetch('https://registry.npmjs.org/-/ping', { signal: AbortSignal.timeout(8_000) }).then(
    (response) => response.ok,
    () => false,
  );
}

function markOf(lines: readonly RenderedLine[], name: string): string | undefined {
  return lines.find((line) => line.text.includes(`"${name}"`))?.marks.join(' ');
}

suite('registry lookups on a project with nothing installed', () => {
  test('Not now looks nothing up and changes no setting', async function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
    this.timeout(60_000);
    await activeApi();
    const configuration = () => vscode.workspace.getConfiguration('ospoGuide');
    const manifestsBefore = (await vscode.commands.executeCommand<{ manifests: number }>('ospoGuide.checkWorkspace')).manifests;
    const folder = fixtureUri('not-now').fsPath;
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'not-now', dependencies: { accepts: '^2.0.0' } }, null, 2) + '\n');
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'package.json')));
      await vscode.window.showTextDocument(document);
      await configuration().update('online.lookups', undefined, vscode.ConfigurationTarget.Global);
      await waitFor(async () => (await visibleNotifications()).some((message) => message.includes('May their names be looked up')), 'the consent notification', 20_000);
      await clickButton('Not now');
      await waitFor(async () => !(await visibleNotifications()).some((message) => message.includes('May their names be looked up')), 'the notification to close');
      // Time for a lookup to land, were one made: the mark stays the calm unknown, and the setting is still unset.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.equal(markOf(await renderedLines(), 'accepts'), '? no license data');
      assert.equal(configuration().inspect('online.lookups')?.globalValue, undefined);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await configuration().update('online.lookups', 'off', vscode.ConfigurationTarget.Global);
      rmSync(folder, { recursive: true, force: true });
      await waitFor(async () => (await vscode.commands.executeCommand<{ manifests: number }>('ospoGuide.checkWorkspace')).manifests === manifestsBefore, 'the deleted folder to leave the counts');
    }
  });

  test('asks once, naming the hosts; after Allow the marks show licenses from the real npm registry', async function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
    if (!(await npmRegistryReachable())) {
      console.log('    (the npm registry cannot be reached from here: skipped)');
      this.skip();
    }
    this.timeout(120_000);
    await activeApi();
    const configuration = () => vscode.workspace.getConfiguration('ospoGuide');
    const manifestsBefore = (await vscode.commands.executeCommand<{ manifests: number }>('ospoGuide.checkWorkspace')).manifests;
    const folder = fixtureUri('fresh-clone').fsPath;
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'package.json'), JSON.stringify(FRESH_CLONE, null, 2) + '\n');
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'package.json')));
      await vscode.window.showTextDocument(document);
      // Lookups off (as the index sets them): nothing installed, so the marks say so calmly.
      await waitFor(async () => markOf(await renderedLines(), 'accepts') === '? no license data', 'the unknown mark before any lookup');

      // The default: ask once, naming the hosts the names would go to.
      await configuration().update('online.lookups', undefined, vscode.ConfigurationTarget.Global);
      let toast: string | undefined;
      await waitFor(async () => {
        toast = (await visibleNotifications()).find((message) => message.includes('registry.npmjs.org'));
        return toast !== undefined;
      }, 'the consent notification', 20_000);
      assert.match(toast ?? '', /May their names be looked up on .*registry\.npmjs\.org/);
      assert.match(toast ?? '', /Only package names and versions are sent/);
      await takeScreenshot('lookup-consent');

      await clickButton('Allow');
      await waitFor(() => configuration().inspect('online.lookups')?.globalValue === 'allow', 'Allow to be remembered in the user settings');
      let lines: RenderedLine[] = [];
      await waitFor(async () => {
        lines = await renderedLines();
        return markOf(lines, 'accepts')?.startsWith('✓ MIT') === true && markOf(lines, 'husky')?.includes('license changes') === true;
      }, 'marks from the registry', 60_000);
      assert.match(markOf(lines, 'body-parser') ?? '', /^✓ MIT/);
      assert.match(markOf(lines, 'debug') ?? '', /^✓ MIT/);
      assert.match(markOf(lines, 'react') ?? '', /^✓ MIT/, 'react 15.7.0 is MIT; its BSD-3-Clause past is allowed too');
      // The integration feed lists no Parity-7.0.0: its default, review, makes `Parity-7.0.0 AND MIT WITH Patron-1.0.0`
      // (5.0.1) the worst license >=4.3.0 <7 admits, worse than 5.0.0's unknown "See LICENSE file"; 6.0.0 itself is MIT.
      assert.equal(markOf(lines, 'husky'), '⚠ MIT review · license changes at 5.0.1');
      await takeScreenshot('lookup-marks');

      // The hover as drawn: body-parser's name is on no list, but the registry names its repository
      // in the expressjs organization (OpenJS Foundation), and dates its latest release.
      const bodyParserLine = document.positionAt(document.getText().indexOf('"body-parser"')).line + 1;
      const rows = (await hoverRows(bodyParserLine, 'body-parser', 'Activity', 'lookup-hover-governance')).map((row) => row.replace(/\s+/g, ' '));
      const drawn = rows.join('\n');
      assert.ok(drawn.includes('Governance: foundation — OpenJS Foundation (OSPO Guide’s list of foundations and vendors by its repository github.com/expressjs/body-parser (from registry.npmjs.org)'), drawn);
      assert.match(drawn, /Activity: latest release \d+\.\d+\.\d+ on \d{4}-\d{2}-\d{2}(, \d+ maintainers?)? \(registry\.npmjs\.org\)/);

      // On the spec: on the name the diagnostic, shown in the same hover, already gives the verdict's sentence.
      const hover = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(document.getText().indexOf('">=4.3.0 <7"') + 2))) ?? [];
      // As rendered: Markdown's backslash escapes dropped.
      const text = hover
        .flatMap((item) => item.contents.map((content) => (typeof content === 'string' ? content : content.value)))
        .join('\n')
        .replace(/\\(.)/g, '$1');
      assert.match(text, /Verdict: review\*\* — The license changes at version 5\.0\.1, from See LICENSE file to Parity-7\.0\.0 AND MIT WITH Patron-1\.0\.0, within the versions >=4\.3\.0 <7 allows/);
      assert.match(text, /License:\*\* MIT — from registry\.npmjs\.org/);

      const husky = document.positionAt(document.getText().indexOf('husky') + 1);
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(husky, husky))) ?? [];
      const titles = actions.map((action) => action.title);
      assert.ok(titles.includes('Pin below 5.0.0, before the license changes (<5.0.0)'), titles.join(' | '));
      assert.ok(titles.includes('Require 6.0.0 or later, after the license changes (>=6.0.0)'), titles.join(' | '));

      // A data file of the folder changes (here a go.sum, which npm's data ignores): the folder is
      // read again, and the licenses looked up before stay on screen through it and after it.
      writeFileSync(path.join(folder, 'go.sum'), '');
      const shown: string[] = [];
      for (let sample = 0; sample < 30; sample++) {
        shown.push(markOf(await renderedLines(), 'accepts') ?? '');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(
        shown.filter((mark) => !mark.startsWith('✓ MIT')),
        [],
        'the looked-up license of accepts left the screen when the folder was read again',
      );

      // The guide's Funding section, as drawn: with nothing installed, what the registry says a direct dependency asks.
      await vscode.commands.executeCommand('ospoGuide.openGuide', { section: 'funding' });
      await waitFor(
        async () => (await webviewElements('#panel-funding tbody tr')).some((row) => row.text.includes('body-parser') && row.text.includes('opencollective.com/express')),
        'body-parser and its funding link from the registry in the guide',
        30_000,
      );
      assert.ok((await webviewElements('#panel-funding tbody tr a')).some((link) => link.href === 'https://opencollective.com/express'));
      await takeScreenshot('lookup-guide-funding');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await configuration().update('online.lookups', 'off', vscode.ConfigurationTarget.Global);
      rmSync(folder, { recursive: true, force: true });
      // The suites after this one count the fixture's manifests: wait until the deleted folder's is gone.
      await waitFor(async () => (await vscode.commands.executeCommand<{ manifests: number }>('ospoGuide.checkWorkspace')).manifests === manifestsBefore, 'the deleted folder to leave the counts');
    }
  });
});
