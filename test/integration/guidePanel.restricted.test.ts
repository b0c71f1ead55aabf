import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { GuideShown } from '../../src/extension/guidePanel';
import { fixtureUri, openFixture } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';
import { waitFor } from './waitFor';

suite('guide panel in Restricted Mode', () => {
  suiteSetup(async () => {
    await openFixture('package.json');
    await activeApi();
  });
  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(fixtureUri('.git'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('openTraining opens the panel at a snippet of the bundled policy', async () => {
    const api = await activeApi();
    const shown = await vscode.commands.executeCommand<GuideShown | undefined>('ospoGuide.openTraining', 'network-copyleft');
    assert.deepEqual(shown, { section: 'learn', training: 'network-copyleft' });
    await waitFor(() => api.guide() !== undefined, 'the guide panel');
    const snapshot = api.guide();
    assert.ok(snapshot);
    assert.equal(snapshot.model.policy.id, 'ospo-guide-default');
    assert.equal(snapshot.model.trusted, false);
    assert.ok(snapshot.model.training.some((entry) => entry.id === 'network-copyleft'));
    assert.match(snapshot.html, /Restricted Mode: git is not run/);
  });

  test('the remote is read from .git/config, but git is never run: commits are not read', async function () {
    const api = await activeApi();
    const cwd = fixtureUri('').fsPath;
    try {
      // A real repository with a signed-off commit: were git run, the DCO check would pass.
      for (const args of [['init', '-q'], ['remote', 'add', 'upstream', 'git@github.com:kubernetes/kubernetes.git'], ['commit', '-q', '--allow-empty', '-s', '-m', 'Signed']]) {
        execFileSync('git', ['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });
      }
    } catch {
      this.skip();
    }
    assert.deepEqual(await vscode.commands.executeCommand('ospoGuide.openGuide', { section: 'contribute' }), { section: 'contribute' });
    await waitFor(() => api.guide()?.model.contributions[0]?.remote?.repo === 'github.com/kubernetes/kubernetes', `the upstream remote in ${JSON.stringify(api.guide()?.model.contributions)}`);
    const folder = api.guide()?.model.contributions[0];
    assert.ok(folder);
    assert.equal(folder.status, 'needs-approval');
    const dco = folder.checks.find((check) => check.id === 'dco-signoff');
    assert.equal(dco?.state, 'info');
    assert.match(dco?.message ?? '', /could not be read/);
  });
});
