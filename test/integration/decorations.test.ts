import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { insertAfter, openFixture, revert } from './fixtureDocuments';
import { activeApi, type OspoGuideApi } from './ospoGuideApi';
import { waitFor } from './waitFor';

/** The marks shown for a document, as `line text → mark`, once they are for its current version. */
async function marks(api: OspoGuideApi, document: vscode.TextDocument): Promise<Map<string, string>> {
  await waitFor(() => api.annotations(document.uri)?.version === document.version, `marks for version ${document.version} of ${document.uri.path}`);
  const shown = api.annotations(document.uri);
  return new Map((shown?.annotations ?? []).map((annotation) => [document.lineAt(annotation.line).text.trim(), `${annotation.verdict}: ${annotation.text}`]));
}

suite('decorations', () => {
  test('every dependency line of package.json shows its verdict, license and health', async () => {
    const api = await activeApi();
    const { document } = await openFixture('package.json');
    assert.deepEqual(Object.fromEntries(await marks(api, document)), {
      '"express": "^4.19.2",': 'allow: ✓ MIT · health 8.1/10',
      '"left-pad": "1.3.0",': 'deny: ✖ WTFPL · OSPO rule',
      '"my-lodash": "npm:lodash@^4.17.21"': 'review: ⚠ MIT · advisory',
      '"typescript": "~5.4.5"': 'allow: ✓ Apache-2.0',
      '"react": ">=18"': 'unknown: ? no license data',
    });
  });

  test('Cargo.toml marks show the OR choice, the license change and low health', async () => {
    const api = await activeApi();
    const { document } = await openFixture('Cargo.toml');
    const shown = await marks(api, document);
    assert.equal(shown.get('tokio = "1.38"'), 'deny: ✖ BUSL-1.1');
    assert.equal(shown.get('rand = { version = "0.8", optional = true }'), 'allow: ✓ MIT OR GPL-3.0-only');
    assert.equal(shown.get('criterion = "0.5"'), 'deny: ✖ MIT · low health · health 1.5/10');
  });

  test('typing updates the marks of the edited line while unsaved, and a half-typed line keeps the others', async () => {
    const api = await activeApi();
    const { document } = await openFixture('package.json');
    try {
      await marks(api, document);
      await insertAfter(document, '"express": "^4.19.2",', '\n    "brand-new": "^2.0.0",');
      let shown = await marks(api, document);
      assert.equal(shown.get('"brand-new": "^2.0.0",'), 'unknown: ? no license data');
      assert.equal(shown.get('"left-pad": "1.3.0",'), 'deny: ✖ WTFPL · OSPO rule');
      // Half-typed: an unclosed string; every other line keeps its mark.
      await insertAfter(document, '"brand-new": "^2.0.0",', '\n    "half');
      shown = await marks(api, document);
      assert.equal(shown.get('"express": "^4.19.2",'), 'allow: ✓ MIT · health 8.1/10');
      assert.equal(shown.get('"react": ">=18"'), 'unknown: ? no license data');
      assert.equal(shown.get('"typescript": "~5.4.5"'), 'allow: ✓ Apache-2.0');
    } finally {
      await revert(document);
    }
  });

  test('full mode adds the reason; off removes every mark', async () => {
    const api = await activeApi();
    const { document } = await openFixture('package.json');
    const configuration = vscode.workspace.getConfiguration('ospoGuide');
    try {
      await configuration.update('decorations.mode', 'full', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => (api.annotations(document.uri)?.annotations ?? []).some((annotation) => annotation.text.includes('end of life until 2018-04-01')), 'full marks');
      const leftPad = api.annotations(document.uri)?.annotations.find((annotation) => annotation.verdict === 'deny');
      assert.equal(leftPad?.text, '✖ WTFPL · OSPO rule · end of life until 2018-04-01 · Fixture rule: left-pad is unmaintained; use the padStart polyfill.');
      await configuration.update('decorations.mode', 'off', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.annotations(document.uri)?.annotations.length === 0, 'no marks');
    } finally {
      await configuration.update('decorations.mode', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => (api.annotations(document.uri)?.annotations.length ?? 0) === 5, 'compact marks again');
  });
});
