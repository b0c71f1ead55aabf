import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as vscode from 'vscode';
import { fundCommand } from '../../src/cli/fundCommand';
import type { FundingReport } from '../../src/core/report/funding';
import type { WorkspaceCounts } from '../../src/core/report/workspaceSummary';
import type { GuideShown, GuideSnapshot } from '../../src/extension/guidePanel';
import { fundingCountText } from '../../src/extension/guideFundingHtml';
import { transitiveCountsText } from '../../src/core/report/workspaceSummary';
import { FIXTURE_COUNTS, integrationPolicyInForce, tidyWorkbench } from './commands.test';
import { fixtureUri } from './fixtureDocuments';
import { activeApi, type OspoGuideApi } from './ospoGuideApi';
import { clickWebviewButton, pressKeys, screenshotsAvailable, takeScreenshot, webviewElements } from './screenshots';
import { waitFor } from './waitFor';

const INTEGRATION_FEED = path.resolve(__dirname, '../../../test/fixtures/policies/integration-feed.json');
const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** The remotes and user of the fixture's `.git/config`, written as a test needs them. */
async function writeGitConfig(remotes: Record<string, string>, email?: string): Promise<void> {
  const lines = ['[core]', '\trepositoryformatversion = 0', '\tbare = false'];
  for (const [name, url] of Object.entries(remotes)) {
    lines.push(`[remote "${name}"]`, `\turl = ${url}`, `\tfetch = +refs/heads/*:refs/remotes/${name}/*`);
  }
  if (email !== undefined) {
    lines.push('[user]', `\temail = ${email}`);
  }
  await vscode.workspace.fs.writeFile(fixtureUri('.git/config'), new TextEncoder().encode(`${lines.join('\n')}\n`));
}

async function removeGit(): Promise<void> {
  try {
    await vscode.workspace.fs.delete(fixtureUri('.git'), { recursive: true, useTrash: false });
  } catch {
    // Not there.
  }
}

function guideTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('ospoGuide.guide'));
}

async function openGuide(argument?: unknown): Promise<GuideSnapshot> {
  const api = await activeApi();
  const shown = await vscode.commands.executeCommand<GuideShown | undefined>('ospoGuide.openGuide', argument);
  assert.ok(shown, 'openGuide opened nothing');
  await waitFor(() => api.guide() !== undefined, 'the guide panel');
  return current(api);
}

/**
 * Opens the panel and waits for its script to say "ready", which proves the page loaded under its
 * CSP. Under code-server every webview shares one service worker scope, and a new webview now and
 * then waits forever for the worker to change hands (VS Code's pre/index.html); a fresh panel is
 * then tried, at most three times.
 */
async function openLoaded(argument?: unknown): Promise<GuideSnapshot> {
  const api = await activeApi();
  for (let attempt = 1; ; attempt++) {
    await openGuide(argument);
    try {
      await waitFor(() => api.guide()?.ready === true, 'the webview script to start', 10_000);
      return current(api);
    } catch (error) {
      if (attempt === 3) {
        throw error;
      }
      // VS Code for the Web sometimes leaves a new webview's frame without its resources ("Found
      // unexpected service worker controller" in the browser log): reloading it is what a user would do.
      await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
      if (await waitFor(() => api.guide()?.ready === true, 'the webview script to start after a reload', 10_000).then(() => true, () => false)) {
        return current(api);
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitFor(() => api.guide() === undefined, 'the panel to close');
    }
  }
}

function current(api: OspoGuideApi): GuideSnapshot {
  const snapshot = api.guide();
  assert.ok(snapshot, 'the guide panel is not open');
  return snapshot;
}

function cspNonce(html: string): string {
  const meta = /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-([A-Za-z0-9+/=]+)'; style-src ([^;"]+); img-src \2; font-src \2">/.exec(html);
  assert.ok(meta, 'no strict CSP meta');
  return meta[1];
}

function check(snapshot: GuideSnapshot, id: string): { state: string; message: string } | undefined {
  return snapshot.model.contributions[0]?.checks.find((candidate) => candidate.id === id);
}

suite('guide panel', () => {
  suiteSetup(async () => {
    await integrationPolicyInForce();
    await tidyWorkbench();
  });
  suiteTeardown(async () => {
    await removeGit();
    await tidyWorkbench();
  });

  test('openGuide opens one panel and reveals it again instead of opening another', async () => {
    const first = await openGuide();
    assert.equal(first.visible, true);
    assert.equal(guideTabs().length, 1);
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await openGuide({ section: 'policy' });
    assert.equal(guideTabs().length, 1, 'a second panel was opened');
    const api = await activeApi();
    await waitFor(() => api.guide()?.visible === true, 'the panel to be revealed');
    assert.equal(current(api).focus.section, 'policy');
  });

  test('the status follows the upstream remote: pre-approved, forbidden, needs approval', async () => {
    // upstream wins over origin; ssh and https URLs both name the repository.
    await writeGitConfig({ origin: 'git@github.com:me/widgets.git', upstream: 'https://github.com/approved-org/widgets.git' });
    let snapshot = await openGuide({ section: 'contribute' });
    let folder = snapshot.model.contributions[0];
    assert.equal(snapshot.model.contributions.length, 1);
    assert.equal(folder.status, 'pre-approved');
    assert.equal(folder.remote?.name, 'upstream');
    assert.equal(folder.remote?.repo, 'github.com/approved-org/widgets');
    assert.equal(folder.matchedPattern, 'github.com/approved-org/*');
    assert.match(snapshot.html, /class="status-label">.*Pre-approved<\/h2>/);
    assert.ok(snapshot.html.includes('<strong>approved-org</strong>'), 'the project notes');

    await writeGitConfig({ origin: 'git@github.com:rival-org/engine.git' });
    snapshot = await openGuide({ section: 'contribute' });
    folder = snapshot.model.contributions[0];
    assert.equal(folder.status, 'forbidden');
    assert.equal(folder.remote?.repo, 'github.com/rival-org/engine');
    assert.match(snapshot.html, /class="status-label">.*Forbidden<\/h2>/);
    assert.ok(snapshot.html.includes('Rival Org competes with us'));
    assert.doesNotMatch(snapshot.html, /data-action="requestApproval"/);

    await writeGitConfig({ origin: 'ssh://git@gitlab.com/someone/tool.git' });
    snapshot = await openGuide({ section: 'contribute' });
    folder = snapshot.model.contributions[0];
    assert.equal(folder.status, 'needs-approval');
    assert.equal(folder.matchedPattern, null);
    assert.equal(folder.approvalUrl, 'https://ospo.integration.example/contribute');
    assert.match(snapshot.html, /class="status-label">.*Needs approval<\/h2>/);
    assert.match(snapshot.html, /<button type="button" class="primary" data-action="requestApproval" data-folder="[^"]+">/);
    assert.ok(snapshot.html.includes('Sign off every commit (DCO)'), 'the checklist');
  });

  test('the local checks: corporate email and CONTRIBUTING file', async () => {
    await writeGitConfig({ upstream: 'https://github.com/approved-org/widgets' }, 'dev@integration.example');
    let snapshot = await openGuide();
    assert.equal(check(snapshot, 'corporate-email')?.state, 'ok');
    assert.equal(check(snapshot, 'contributing-file')?.state, 'info');

    await writeGitConfig({ upstream: 'https://github.com/approved-org/widgets' }, 'dev@private-mail.example');
    await vscode.workspace.fs.writeFile(fixtureUri('.github/CONTRIBUTING.md'), new TextEncoder().encode('# Contributing\n'));
    try {
      snapshot = await openGuide();
      assert.equal(check(snapshot, 'corporate-email')?.state, 'fail');
      assert.match(check(snapshot, 'corporate-email')?.message ?? '', /dev@private-mail\.example/);
      assert.equal(check(snapshot, 'contributing-file')?.state, 'ok');
      assert.match(check(snapshot, 'contributing-file')?.message ?? '', /\.github\/CONTRIBUTING\.md/);
    } finally {
      await vscode.workspace.fs.delete(fixtureUri('.github'), { recursive: true, useTrash: false });
    }
  });

  test('DCO: the last commits are checked for Signed-off-by in a trusted workspace', async function () {
    const cwd = fixtureUri('').fsPath;
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@integration.example', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });
    try {
      git('--version');
    } catch {
      this.skip();
    }
    await removeGit();
    git('init', '-q');
    git('remote', 'add', 'upstream', 'https://github.com/approved-org/widgets.git');
    git('commit', '-q', '--allow-empty', '-s', '-m', 'Signed change');
    let snapshot = await openGuide();
    assert.equal(check(snapshot, 'dco-signoff')?.state, 'ok', JSON.stringify(check(snapshot, 'dco-signoff')));
    git('commit', '-q', '--allow-empty', '-m', 'Unsigned change');
    snapshot = await openGuide();
    assert.equal(check(snapshot, 'dco-signoff')?.state, 'warn');
    assert.match(check(snapshot, 'dco-signoff')?.message ?? '', /1 of 2/);
    await removeGit();
  });

  test('the CSP meta carries a fresh nonce per render and the page loads exactly one script, ours', async () => {
    const api = await activeApi();
    // The script runs: the nonce'd bundle loaded under the CSP and said so.
    const before = await openLoaded();
    const nonce = cspNonce(before.html);
    const scripts = before.html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], new RegExp(`^<script nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}" src="[^"]+/media/guide\\.js">$`));
    assert.doesNotMatch(before.html, /\son[a-z]+=/i);
    assert.equal(await api.guidePost({ type: 'refresh' }), true);
    await waitFor(() => api.guide()?.html !== before.html, 'a new render');
    assert.notEqual(cspNonce(current(api).html), nonce);
  });

  test('Learn: recommended first, searchable, and read progress survives closing the panel', async () => {
    const api = await activeApi();
    await waitFor(async () => (await vscode.commands.executeCommand<{ deny: number }>('ospoGuide.checkWorkspace')).deny === FIXTURE_COUNTS.deny, 'the fixture findings');
    await vscode.commands.executeCommand('notifications.clearAll');
    await api.guidePost({ type: 'refresh' });
    let snapshot = current(api);
    const ids = snapshot.model.training.map((entry) => entry.id);
    assert.deepEqual(new Set(ids), new Set(['copyleft-basics', 'license-changes', 'health-basics']));
    const recommended = snapshot.model.training.filter((entry) => entry.recommended).map((entry) => entry.id);
    assert.ok(recommended.includes('copyleft-basics'), 'a denied dependency recommends copyleft-basics');
    assert.deepEqual(ids.slice(0, recommended.length), recommended, 'recommended first');
    assert.ok(snapshot.html.includes('5 min'));

    assert.equal(await api.guidePost({ type: 'search', query: 'copyleft' }), true);
    assert.deepEqual(current(api).search, { query: 'copyleft', ids: ['copyleft-basics'] });

    assert.equal(await api.guidePost({ type: 'setRead', id: 'copyleft-basics', read: true }), true);
    assert.equal(current(api).model.training.find((entry) => entry.id === 'copyleft-basics')?.read, true);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => api.guide() === undefined, 'the panel to close');
    snapshot = await openGuide({ section: 'learn' });
    assert.equal(snapshot.model.training.find((entry) => entry.id === 'copyleft-basics')?.read, true, 'read after reopening');
    assert.equal(snapshot.model.training.find((entry) => entry.id === 'health-basics')?.read, false);
    assert.match(snapshot.html, /1 of 3 read/);
    assert.equal(await api.guidePost({ type: 'setRead', id: 'copyleft-basics', read: false }), true);
    assert.equal(current(api).model.training.find((entry) => entry.id === 'copyleft-basics')?.read, false);
  });

  test('messages outside the protocol are ignored', async () => {
    const api = await activeApi();
    await openGuide();
    for (const message of [
      undefined,
      'setRead',
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'setRead', id: 42, read: true },
      { type: 'setRead', id: 'copyleft-basics', read: 'true' },
      { type: 'requestApproval', folder: 'workspace', url: 'javascript:alert(1)' },
      { type: 'showSection', section: 'settings' },
    ]) {
      assert.equal(await api.guidePost(message), false, JSON.stringify(message));
    }
    assert.equal(current(api).model.training.find((entry) => entry.id === 'copyleft-basics')?.read, false);
    // Well-formed but naming nothing the guide has: accepted, and nothing changes.
    assert.equal(await api.guidePost({ type: 'setRead', id: 'no-such-snippet', read: true }), true);
    assert.equal(current(api).model.training.some((entry) => entry.id === 'no-such-snippet'), false);
    assert.equal(await api.guidePost({ type: 'showSection', section: 'learn' }), true);
    assert.equal(current(api).focus.section, 'learn');
  });

  test('openTraining opens the panel at the snippet; an unknown id opens nothing', async () => {
    const api = await activeApi();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => api.guide() === undefined, 'the panel to close');
    assert.equal(await vscode.commands.executeCommand('ospoGuide.openTraining', 'no-such-snippet'), undefined);
    assert.equal(api.guide(), undefined);
    const shown = await vscode.commands.executeCommand<GuideShown | undefined>('ospoGuide.openTraining', 'license-changes');
    assert.deepEqual(shown, { section: 'learn', training: 'license-changes' });
    await waitFor(() => api.guide() !== undefined, 'the guide panel');
    const { html } = current(api);
    assert.match(html, /<body data-section="learn" data-training="license-changes">/);
    assert.match(html, /<section role="tabpanel" id="panel-learn"[^>]*tabindex="0">/);
    assert.match(html, /data-training-id="license-changes"/);
    // With the panel open it is revealed at the place asked for.
    assert.deepEqual(await vscode.commands.executeCommand('ospoGuide.openGuide', { section: 'policy' }), { section: 'policy' });
    assert.deepEqual(current(api).focus, { section: 'policy' });
  });

  test('Policy: the feed, its age and signature, exceptions and the workspace counts', async () => {
    const api = await activeApi();
    const snapshot = await openGuide({ section: 'policy' });
    const { policy } = snapshot.model;
    assert.equal(policy.id, 'integration-ospo');
    assert.equal(policy.version, 3);
    assert.equal(policy.signed, false);
    assert.equal(policy.origin, 'file');
    assert.match(policy.source, /integration-feed\.json$/);
    // The fixture's own .ospo/policy.json adds WTFPL.
    assert.deepEqual(policy.licenses.deny, ['GPL-3.0-only', 'AGPL-3.0-only', 'BUSL-1.1', 'WTFPL']);
    assert.deepEqual(policy.exceptions.map((grant) => [grant.match, grant.until, grant.expired]), [['pkg:golang/github.com/gin-gonic/gin', '2025-01-31', true]]);
    // The status bar's counts, the transitive packages apart and said so.
    assert.deepEqual(policy.findings, FIXTURE_COUNTS);
    assert.ok(snapshot.html.includes('16 direct dependencies in 4 manifests'));
    assert.ok(snapshot.html.includes(transitiveCountsText(FIXTURE_COUNTS.transitive)));
    assert.match(snapshot.html, /integration-ospo<\/code> version 3/);
    assert.match(snapshot.html, /not signed/);
    assert.match(snapshot.html, /data-action="openInventory"/);
    assert.equal(await api.guidePost({ type: 'openInventory' }), true);
  });

  test('Funding: the demo copied in, its dependencies that ask ranked as `fund` ranks them, with their links and what the feed sponsors', async function () {
    this.timeout(180_000);
    const api = await activeApi();
    const manifests = async () => (await vscode.commands.executeCommand<WorkspaceCounts>('ospoGuide.checkWorkspace')).manifests;
    const before = await manifests();
    const folder = fixtureUri('').fsPath;
    let snapshot = await openGuide({ section: 'funding' });
    // The fixture's own packages ask for nothing.
    assert.deepEqual(snapshot.model.funding, { packages: [] });
    assert.match(snapshot.html, /No dependency of this workspace asks for funding\./);
    cpSync(EXAMPLES, path.join(folder, 'demo'), { recursive: true });
    try {
      // The CLI on the same folder and feed: the panel shows its report, from the extension's own data.
      const output = await fundCommand(['demo', '--offline', '--json', '--policy', INTEGRATION_FEED], folder);
      const expected = JSON.parse(output.stdout) as FundingReport;
      const eslint = expected.packages.find((item) => item.name === 'eslint');
      assert.deepEqual(eslint?.sponsored, { how: 'Open Collective, $500/month', contact: 'ospo@integration.example' });
      assert.ok(expected.packages.length > 20, `${expected.packages.length} packages ask`);
      let shown: FundingReport | undefined;
      await waitFor(() => {
        shown = api.guide()?.model.funding;
        return JSON.stringify(shown) === JSON.stringify(expected);
      }, 'the panel to list what `fund` lists', 90_000).catch((error: unknown) => {
        throw new Error(`${String(error)}: ${JSON.stringify(shown?.packages.map((item) => item.name))}, the CLI's: ${JSON.stringify(expected.packages.map((item) => item.name))}`);
      });
      const countLine = fundingCountText(expected);
      assert.equal(countLine, `${expected.packages.length} dependencies ask for funding; your organization sponsors 2.`);
      snapshot = await openLoaded({ section: 'funding' });
      assert.ok(snapshot.html.includes(countLine));
      if (!screenshotsAvailable()) {
        return;
      }
      // What the person sees: the count, the 20 most used, each with real links, then "Show all".
      // Each shown row as its four cells: name (and sponsorship), ecosystem, manifests, links.
      const visibleRows = async () => {
        const cells = (await webviewElements('#panel-funding tbody tr.funded:not([hidden]) td')).map((cell) => cell.text);
        return Array.from({ length: cells.length / 4 }, (_, row) => cells.slice(row * 4, row * 4 + 4));
      };
      await waitFor(async () => (await webviewElements('#funding-count')).some((line) => line.text === countLine), 'the count line to be drawn');
      const first = await visibleRows();
      assert.equal(first.length, 20);
      const top = expected.packages[0];
      assert.deepEqual(first[0].slice(0, 3), [top.name, 'npm', '1 manifest']);
      const links = await webviewElements('#panel-funding tbody tr.funded:not([hidden]) a');
      assert.ok(links.some((link) => link.href === top.funding[0] && link.text === top.funding[0].replace(/^https:\/\//, '').replace(/\/$/, '')), JSON.stringify(links.slice(0, 3)));
      for (const link of links) {
        assert.match(link.href ?? '', /^https:\/\//, link.text);
      }
      // After the list, the links several dependencies share: sharp's platform packages all ask at libvips' collective.
      const sharedCells = (await webviewElements('#panel-funding tr.shared td')).map((cell) => cell.text.trim());
      const shared = Array.from({ length: sharedCells.length / 3 }, (_, row) => sharedCells.slice(row * 3, row * 3 + 2));
      const libvips = expected.packages.filter((item) => item.funding.includes('https://opencollective.com/libvips')).length;
      assert.ok(libvips > 1, `${libvips} packages ask at libvips' collective`);
      assert.deepEqual(shared[0], ['opencollective.com/libvips', String(libvips)], JSON.stringify(shared));
      await vscode.commands.executeCommand('notifications.clearAll');
      await takeScreenshot('guide-funding-demo');
      await clickWebviewButton(`Show all ${expected.packages.length}`);
      await waitFor(async () => (await visibleRows()).length === expected.packages.length, 'every row to be shown');
      assert.deepEqual((await webviewElements('#funding-more:not([hidden])')).length, 0, 'the button went away');
      const sponsored = (await visibleRows()).filter((row) => row[0].includes('Sponsored by your organization'));
      assert.deepEqual(sponsored, [
        ['eslint Sponsored by your organization — Open Collective, $500/month (ospo@integration.example)', 'npm', '1 manifest', 'eslint.org/donate'],
        ['vitest Sponsored by your organization — GitHub Sponsors', 'npm', '1 manifest', 'opencollective.com/vitest'],
      ]);
      // Focus went to the first row shown; End scrolls the page to the last rows, vitest's among them.
      await pressKeys([{ key: 'End' }]);
      await delay(300);
      await takeScreenshot('guide-funding-demo-all');
    } finally {
      rmSync(path.join(folder, 'demo'), { recursive: true, force: true });
      await waitFor(async () => (await manifests()) === before, 'the demo to leave the workspace', 30_000);
      await waitFor(() => api.guide()?.model.funding.packages.length === 0, 'the funding list to follow', 30_000);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });

  test('screenshots of each section in light and dark', async function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
    this.timeout(120_000);
    const configuration = vscode.workspace.getConfiguration('workbench');
    const theme = configuration.inspect<string>('colorTheme')?.globalValue;
    const api = await activeApi();
    await removeGit();
    const cwd = fixtureUri('').fsPath;
    try {
      for (const args of [['init', '-q'], ['remote', 'add', 'origin', 'git@github.com:me/widgets.git'], ['remote', 'add', 'upstream', 'https://github.com/approved-org/widgets.git'], ['config', 'user.email', 'dev@integration.example'], ['commit', '-q', '--allow-empty', '-s', '-m', 'Fix the widget']]) {
        execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@integration.example', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });
      }
    } catch {
      // No git: the same remotes without commits.
      await writeGitConfig({ origin: 'git@github.com:me/widgets.git', upstream: 'https://github.com/approved-org/widgets.git' }, 'dev@integration.example');
    }
    await vscode.workspace.fs.writeFile(fixtureUri('CONTRIBUTING.md'), new TextEncoder().encode('# Contributing\n'));
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitFor(() => api.guide() === undefined, 'the panel to close');
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await vscode.commands.executeCommand('workbench.action.closePanel');
      for (const [variant, name] of [['light', 'Default Light Modern'], ['dark', 'Default Dark Modern']] as const) {
        await configuration.update('colorTheme', name, vscode.ConfigurationTarget.Global);
        for (const section of ['contribute', 'learn', 'policy', 'funding'] as const) {
          await openLoaded({ section });
          await vscode.commands.executeCommand('notifications.clearAll');
          await delay(1000);
          await takeScreenshot(`guide-${section}-${variant}`);
        }
      }
    } finally {
      await configuration.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(fixtureUri('CONTRIBUTING.md'));
      await removeGit();
    }
  });
});
