import * as assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkCommand } from '../../src/cli/checkCommand';
import type { CheckReport } from '../../src/core/report/checkReport';
import type { WorkspaceCounts } from '../../src/core/report/workspaceSummary';
import type { ShownDocument } from '../../src/extension/policyDocuments';
import type { RevealedDependency } from '../../src/extension/workspaceCommands';
import { fixtureUri, openFixture } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';
import { clickWebviewLink, screenshotsAvailable, statusBarEntries, takeScreenshot, visibleNotifications, webviewElements } from './screenshots';
import { waitFor } from './waitFor';

/**
 * The fixture's direct dependencies under test/fixtures/policies/integration-feed.json (and the
 * fixture's own .ospo/policy.json, which only adds WTFPL to deny):
 * - package.json: express MIT (lockfile) allow; left-pad denied by its package rule; my-lodash →
 *   lodash 4.17.21 under the advisory "before 4.17.22" review; typescript Apache-2.0 allow; react
 *   not in the lockfile, no license data: unknown (licenses.unknown = unknown).
 * - Cargo.toml (no lockfile): serde curated MIT OR Apache-2.0 allow; tokio "1.38" (^1.38 meets the
 *   rule's >=1.40.0) curated BUSL-1.1 deny; rand MIT OR GPL-3.0-only, the better choice: allow;
 *   criterion MIT but health 1.5 < denyBelow 2: deny.
 * - go.mod: gin MIT allow (its exception expired); cobra Apache-2.0 but health 3.2 < warnBelow 4:
 *   review; golang.org/x/text (indirect) no license data: unknown.
 * - requirements.txt: requests, Django, numpy, uvicorn curated Apache-2.0/BSD-3-Clause: allow.
 * Counted apart, the transitive packages of package-lock.json (express's dependencies): cookie MIT
 * and qs BSD-3-Clause allow, fixture-copyleft-dep GPL-3.0-only deny, fixture-mpl-dep MPL-2.0 review.
 */
export const FIXTURE_COUNTS: WorkspaceCounts = { manifests: 4, deny: 3, review: 2, unknown: 2, allow: 9, transitive: { deny: 1, review: 1, unknown: 0, allow: 2 } };

const INTEGRATION_FEED = path.resolve(__dirname, '../../../test/fixtures/policies/integration-feed.json');
const EXAMPLES = path.resolve(__dirname, '../../../examples');

export async function integrationPolicyInForce(): Promise<void> {
  await openFixture('package.json');
  const api = await activeApi();
  await waitFor(() => api.policy().id === 'integration-ospo', 'the integration feed to be in force');
}

/** Leaves the workbench as the next suite expects it: no notifications or previews of ours. */
export async function tidyWorkbench(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

suite('workspace commands', () => {
  suiteSetup(integrationPolicyInForce);
  suiteTeardown(tidyWorkbench);

  test('checkWorkspace returns the counts of every direct dependency of the fixture', async () => {
    const counts = await vscode.commands.executeCommand<WorkspaceCounts>('ospoGuide.checkWorkspace');
    assert.deepEqual(counts, FIXTURE_COUNTS);
  });

  test('the CLI on the same folder and policy counts what Check Workspace counts, direct and transitive apart', async () => {
    const counts = await vscode.commands.executeCommand<WorkspaceCounts>('ospoGuide.checkWorkspace');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'no workspace folder');
    // Both apply the fixture's .ospo/policy.json (the trusted workspace's, the CLI's checked folder's): it adds WTFPL to deny.
    const output = await checkCommand(['.', '--offline', '--transitive', '--policy', INTEGRATION_FEED, '--format', 'json', '--fail-on', 'never'], folder);
    const { summary } = JSON.parse(output.stdout) as CheckReport;
    assert.deepEqual(
      { manifests: summary.manifests, deny: summary.byVerdict.deny, review: summary.byVerdict.review, unknown: summary.byVerdict.unknown, allow: summary.byVerdict.allow, transitive: summary.transitiveByVerdict },
      counts,
    );
    assert.deepEqual(counts, FIXTURE_COUNTS);
  });

  test('the Check Workspace notification says the status bar\'s numbers, and the transitive ones apart', async function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('ospoGuide.checkWorkspace');
    let message: string | undefined;
    let status = '';
    await waitFor(async () => {
      message = (await visibleNotifications()).find((text) => text.includes('direct dependencies'));
      status = (await statusBarEntries()).find((entry) => entry.label.startsWith('OSPO Guide:'))?.text ?? '';
      return message !== undefined && status !== '';
    }, 'the notification and the status bar');
    assert.equal(message, '16 direct dependencies in 4 manifests: 3 denied, 2 to review, 2 unknown license, 9 allowed. Counted apart, in 4 transitive packages: 1 denied, 1 to review.');
    assert.equal(status, '3 denied · 2 to review');
    // The first "denied" and "to review" of each are the direct dependencies.
    const first = (text: string, word: 'denied' | 'to review') => (word === 'denied' ? /(\d+) denied/ : /(\d+) to review/).exec(text)?.[1];
    assert.deepEqual([first(message ?? '', 'denied'), first(message ?? '', 'to review')], [first(status, 'denied'), first(status, 'to review')]);
    await takeScreenshot('check-workspace-notification');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  test('the demo (examples/) copied in: 9 workspace manifests, none from cargo-vendor/ or vendor/, with the CLI\'s direct counts', async function () {
    this.timeout(120_000);
    const check = () => vscode.commands.executeCommand<WorkspaceCounts>('ospoGuide.checkWorkspace');
    const before = await check();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'no workspace folder');
    cpSync(EXAMPLES, path.join(folder, 'demo'), { recursive: true });
    try {
      const output = await checkCommand(['demo', '--offline', '--policy', INTEGRATION_FEED, '--format', 'json', '--fail-on', 'never'], folder);
      const { summary } = (JSON.parse(output.stdout) as CheckReport);
      assert.equal(summary.manifests, 9);
      const expected = { manifests: before.manifests + 9, deny: before.deny + summary.byVerdict.deny, review: before.review + summary.byVerdict.review, unknown: before.unknown + summary.byVerdict.unknown, allow: before.allow + summary.byVerdict.allow };
      let counts = before;
      const direct = ({ manifests, deny, review, unknown, allow }: WorkspaceCounts) => ({ manifests, deny, review, unknown, allow });
      // The demo's data is read after its manifests: wait for the counts to settle on the CLI's.
      await waitFor(async () => {
        counts = await check();
        return JSON.stringify(direct(counts)) === JSON.stringify(expected);
      }, 'the demo to be counted as the CLI counts it', 60_000).catch((error: unknown) => {
        throw new Error(`${String(error)}: ${JSON.stringify(direct(counts))}, the CLI's: ${JSON.stringify(expected)}`);
      });
    } finally {
      rmSync(path.join(folder, 'demo'), { recursive: true, force: true });
      await waitFor(async () => (await check()).manifests === before.manifests, 'the demo to leave the counts', 30_000);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });

  test("a vendored crate (cargo vendor's .cargo-checksum.json) is not a workspace manifest, whatever its folder's name", async () => {
    await activeApi();
    const count = async () => (await vscode.commands.executeCommand<WorkspaceCounts>('ospoGuide.checkWorkspace'))?.manifests;
    const before = await count();
    const crate = (name: string) => fixtureUri(`third-party/${name}`);
    const write = async (name: string, marked: boolean) => {
      if (marked) {
        await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(crate(name), '.cargo-checksum.json'), Buffer.from('{"files":{},"package":null}'));
      }
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(crate(name), 'Cargo.toml'), Buffer.from(`[package]\nname = "${name}"\nversion = "1.0.0"\n\n[dependencies]\nlibc = "0.2"\n`));
    };
    try {
      await write('vendored', true);
      await write('own', false);
      // The unmarked one is the control: it is counted, so the count would see the vendored one too.
      await waitFor(async () => (await count()) === (before ?? 0) + 1, 'the unmarked crate to be counted');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(await count(), (before ?? 0) + 1);
    } finally {
      await vscode.workspace.fs.delete(fixtureUri('third-party'), { recursive: true });
      await waitFor(async () => (await count()) === before, 'the folder to leave the counts');
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });

  test('showPolicy shows the policy overview in our own page, rendered without auto-links or other commands', async function () {
    this.timeout(60_000);
    const shown = await vscode.commands.executeCommand<ShownDocument | undefined>('ospoGuide.showPolicy');
    assert.ok(shown, 'showPolicy showed nothing');
    assert.equal(shown.uri, 'ospo-guide:/policy.md');
    // As a renderer reads it: feed text carries backslash escapes (even `.` and `:`, so nothing becomes a link).
    const text = shown.text.replace(/\\(.)/g, '$1');
    assert.match(text, /integration-ospo version 3/);
    assert.match(text, /\*\*Denied:\*\* GPL-3\.0-only, AGPL-3\.0-only, BUSL-1\.1/);
    assert.match(text, /\[Copyleft in five minutes\]\(training\/copyleft-basics\.md\)/);
    assert.match(text, /mailto:ospo@integration\.example/);
    // Not VS Code's Markdown preview (which auto-links and honours any reference definition): no text document of ours is open.
    assert.equal(vscode.workspace.textDocuments.some((document) => document.uri.scheme === 'ospo-guide'), false);
    assert.match(shown.html, /<a href="command:ospoGuide\.openTraining\?%5B%22copyleft-basics%22%5D" rel="noopener noreferrer">Copyleft in five minutes<\/a>/);
    if (!screenshotsAvailable()) {
      return;
    }
    // What the person sees: the page's links, each https, mailto or Open Training with a snippet of the feed.
    let links: Awaited<ReturnType<typeof webviewElements>> = [];
    await waitFor(async () => {
      links = await webviewElements('main a');
      return links.some((link) => link.text === 'Copyleft in five minutes');
    }, 'the policy page to show its training links');
    await takeScreenshot('policy-page');
    for (const link of links) {
      assert.match(link.href ?? '', /^(https:\/\/|mailto:|command:ospoGuide\.openTraining\?%5B%22[a-z-]+%22%5D$)/, `${link.text}: ${String(link.href)}`);
    }
    assert.ok((await webviewElements('main h1')).some((heading) => heading.text === 'OSPO policy: Integration Corp OSPO'));
    // A training link opens the guide panel at that snippet.
    await clickWebviewLink('Copyleft in five minutes');
    const api = await activeApi();
    await waitFor(() => api.guide()?.focus.training === 'copyleft-basics', 'the guide to open at the snippet');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('revealDependency opens the manifest with the dependency name selected', async () => {
    const api = await activeApi();
    const uri = fixtureUri('package.json');
    const leftPad = (await api.findings(uri)).find(({ dependency }) => dependency.name === 'left-pad');
    assert.ok(leftPad);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const revealed = await vscode.commands.executeCommand<RevealedDependency | undefined>('ospoGuide.revealDependency', uri.toString(), leftPad.dependency.nameRange.start, leftPad.dependency.nameRange.end);
    assert.ok(revealed);
    assert.equal(revealed.text, 'left-pad');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), uri.toString());
    assert.equal(editor.document.getText(editor.selection), 'left-pad');
  });
});
