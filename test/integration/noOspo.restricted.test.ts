// The restricted pass runs under the bundled default policy, as every new user does: no OSPO is
// connected. Nothing a person is offered may end in "no way to contact the OSPO"; what is offered
// says how to connect the organization's feed, and that way is checked in the Settings editor as drawn.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';
import {
  clickButton,
  clickLink,
  clickWebviewButton,
  quickFixMenu,
  screenshotsAvailable,
  settingsEditor,
  takeScreenshot,
  visibleHover,
  visibleNotifications,
  webviewElements,
} from './screenshots';
import { waitFor } from './waitFor';

const POLICY_SOURCE = 'ospoGuide.policy.source';
const CONNECT_LINK = 'connect your organization’s policy feed';

/** Puts the cursor inside `anchor` in the focused editor. */
async function placeCursor(editor: vscode.TextEditor, anchor: string, offset: number): Promise<void> {
  const at = editor.document.getText().indexOf(anchor);
  assert.notEqual(at, -1, `"${anchor}" not found`);
  const position = editor.document.positionAt(at + offset);
  editor.selection = new vscode.Selection(position, position);
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
}

/** Reads `read` until `accept` takes what it gives, and returns that. */
async function readUntil<T>(read: () => Promise<T | null>, accept: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  let found: { value: T } | undefined;
  let last: T | null = null;
  await waitFor(
    async () => {
      last = await read();
      found = last !== null && accept(last) ? { value: last } : undefined;
      return found !== undefined;
    },
    what,
    timeoutMs,
  ).catch(async (error: unknown) => {
    await takeScreenshot(`failed-${what.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    throw new Error(`${String(error)}; last seen: ${JSON.stringify(last)}`);
  });
  assert.ok(found);
  return found.value;
}

/** The settings the Settings editor draws once it shows the policy source setting. */
async function settingsShowPolicySource(): Promise<string[]> {
  const shown = await readUntil(settingsEditor, (editor) => editor.settings.some((setting) => setting.key === POLICY_SOURCE), 'the Settings editor at ospoGuide.policy.source', 20_000);
  return shown.settings.map((setting) => setting.key);
}

async function closeEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('notifications.clearAll');
}

suite('no OSPO connected (bundled default policy)', function () {
  suiteSetup(async function () {
    if (!screenshotsAvailable()) {
      this.skip();
    }
    const api = await activeApi();
    assert.equal(api.policy().origin, 'bundled');
    await api.findings((await openFixture('package.json')).document.uri);
  });
  suiteTeardown(closeEditors);

  test('the quick-fix menu on left-pad (WTFPL: review) offers no exception request', async () => {
    const editor = await openFixture('package.json');
    const api = await activeApi();
    const leftPad = (await api.findings(editor.document.uri)).find(({ dependency }) => dependency.name === 'left-pad');
    assert.equal(leftPad?.finding.verdict, 'review');
    await placeCursor(editor, '"left-pad"', 3);
    await vscode.commands.executeCommand('editor.action.quickFix');
    const rows = await readUntil(quickFixMenu, (drawn) => drawn.length > 0, 'the quick-fix menu');
    await takeScreenshot('no-ospo-quick-fix-menu');
    await vscode.commands.executeCommand('hideCodeActionWidget');
    assert.ok(rows.some((row) => row.includes('spdx.org')), `the menu as drawn: ${rows.join(' | ')}`);
    assert.ok(!rows.some((row) => /exception|OSPO/i.test(row)), `the menu as drawn: ${rows.join(' | ')}`);
    assert.ok(!rows.some((row) => row.includes('pkg:') || row.includes('%40')), rows.join(' | '));
  });

  test('the hover says once that no OSPO is connected; its link opens the Settings editor at the policy source', async function () {
    this.timeout(60_000);
    await closeEditors();
    const editor = await openFixture('package.json');
    await placeCursor(editor, '"left-pad"', 3);
    await vscode.commands.executeCommand('editor.action.showHover');
    // The diagnostic's part of the hover names OSPO Guide too; ours is drawn once it says the verdict.
    const shown = await readUntil(visibleHover, (hover) => hover.text.includes('Verdict:'), 'the OSPO Guide hover');
    await takeScreenshot('no-ospo-hover');
    assert.equal(shown.text.split('No OSPO connected').length - 1, 1, shown.text);
    assert.ok(!shown.text.includes('Request an exception') && !shown.text.includes('Ask the OSPO'), shown.text);
    assert.ok(!shown.text.includes('pkg:') && !shown.text.includes('%40'), shown.text);
    const connect = shown.links.find((link) => link.text === CONNECT_LINK);
    assert.ok(connect, JSON.stringify(shown.links));
    assert.match(connect.target, /^command:ospoGuide\.connectPolicyFeed/);
    await clickLink(CONNECT_LINK);
    const keys = await settingsShowPolicySource();
    assert.equal(keys[0], POLICY_SOURCE, keys.join(' | '));
    await takeScreenshot('no-ospo-hover-connect-settings');
  });

  test('Ask the OSPO says no OSPO is connected, and its button opens the Settings editor at the policy source', async function () {
    this.timeout(60_000);
    await closeEditors();
    await vscode.commands.executeCommand('ospoGuide.askOspo');
    const messages = await readUntil(visibleNotifications, (drawn) => drawn.some((message) => message.includes('No OSPO connected')), 'the notification');
    await takeScreenshot('no-ospo-ask-notification');
    assert.ok(!messages.some((message) => message.includes('names no way')), messages.join(' | '));
    await clickButton('Connect Policy Feed');
    const keys = await settingsShowPolicySource();
    assert.equal(keys[0], POLICY_SOURCE, keys.join(' | '));
  });

  test('the guide panel: no "Ask the OSPO" or "Request approval", one notice per section, its button opens the setting', async function () {
    this.timeout(60_000);
    await closeEditors();
    for (const section of ['contribute', 'policy'] as const) {
      await vscode.commands.executeCommand('ospoGuide.openGuide', { section });
      const buttons = await readUntil(() => webviewElements(`#panel-${section}:not([hidden]) button`), (drawn) => drawn.length > 0, `the ${section} section's buttons`);
      const notices = await webviewElements(`#panel-${section} .no-ospo`);
      assert.equal(notices.length, 1, `${section}: ${JSON.stringify(notices)}`);
      assert.match(notices[0].text, /^No OSPO connected — OSPO Guide is using its built-in default policy\. Connect your organization’s policy feed/);
      const actions = buttons.map((button) => button.action);
      assert.ok(!actions.includes('askOspo') && !actions.includes('requestApproval'), `${section}: ${JSON.stringify(buttons)}`);
      assert.deepEqual(buttons.filter((button) => button.action === 'connectFeed').map((button) => button.text), ['Connect policy feed']);
      await takeScreenshot(`no-ospo-guide-${section}`);
    }
    await clickWebviewButton('Connect policy feed');
    const keys = await settingsShowPolicySource();
    assert.equal(keys[0], POLICY_SOURCE, keys.join(' | '));
    await takeScreenshot('no-ospo-guide-connect-settings');
  });
});
