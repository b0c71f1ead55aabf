import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, insertAfter, openFixture, revert } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';
import { waitFor } from './waitFor';

type Row = [name: string, code: string, severity: string];

function ospoDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'OSPO Guide');
}

/** Each diagnostic as the dependency text it sits on, its code and severity, in line order. */
function rows(document: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): Row[] {
  return [...diagnostics]
    .sort((a, b) => a.range.start.compareTo(b.range.start))
    .map((diagnostic) => [document.getText(diagnostic.range), typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code), vscode.DiagnosticSeverity[diagnostic.severity]]);
}

async function diagnosticRows(relativePath: string, count: number): Promise<Row[]> {
  const uri = fixtureUri(relativePath);
  await activeApi();
  await waitFor(() => ospoDiagnostics(uri).length === count, `${count} OSPO Guide diagnostics on ${relativePath} (have ${ospoDiagnostics(uri).length})`, 20_000);
  return rows(await vscode.workspace.openTextDocument(uri), ospoDiagnostics(uri));
}

suite('diagnostics', () => {
  test('every manifest of the workspace gets diagnostics, open or not, with codes and severities from the verdicts', async () => {
    // None of these files is opened by this test: the workspace scan and the file watcher publish them.
    assert.deepEqual(await diagnosticRows('package.json', 3), [
      ['left-pad', 'package-denied', 'Error'],
      ['my-lodash', 'advisory', 'Warning'],
      ['react', 'license-unknown', 'Information'],
    ]);
    assert.deepEqual(await diagnosticRows('Cargo.toml', 2), [
      ['tokio', 'license-denied', 'Error'],
      ['criterion', 'health-low', 'Error'],
    ]);
    assert.deepEqual(await diagnosticRows('go.mod', 3), [
      ['github.com/gin-gonic/gin', 'exception-expired', 'Information'],
      ['github.com/spf13/cobra', 'health-low', 'Warning'],
      ['golang.org/x/text', 'license-unknown', 'Information'],
    ]);
    assert.deepEqual(ospoDiagnostics(fixtureUri('requirements.txt')), []);
  });

  test('each code links to its training snippet or the policy overview', async () => {
    await diagnosticRows('package.json', 3);
    const byCode = new Map(ospoDiagnostics(fixtureUri('package.json')).map((diagnostic) => [(diagnostic.code as { value: string }).value, diagnostic]));
    const leftPad = byCode.get('package-denied');
    assert.equal(leftPad?.code && typeof leftPad.code === 'object' ? leftPad.code.target.toString(true) : '', 'command:ospoGuide.openTraining?["copyleft-basics"]');
    assert.match(leftPad?.message ?? '', /^left-pad@1\.3\.0 \(WTFPL\): Fixture rule: left-pad is unmaintained/);
    const react = byCode.get('license-unknown');
    assert.equal(react?.code && typeof react.code === 'object' ? react.code.target.toString(true) : '', 'command:ospoGuide.showPolicy?[]');
  });

  test('an unsaved edit updates the diagnostics of that line and keeps the others', async () => {
    const { document } = await openFixture('package.json');
    try {
      await insertAfter(document, '"express": "^4.19.2",', '\n    "agpl-thing": "^1.0.0",\n    "half-typed": "^1.');
      // The half-typed string swallows the line after it; the other verdicts stay.
      await waitFor(() => ospoDiagnostics(document.uri).some((diagnostic) => document.getText(diagnostic.range) === 'agpl-thing'), 'a diagnostic on the unsaved dependency');
      const names = rows(document, ospoDiagnostics(document.uri)).map(([name]) => name);
      assert.ok(names.includes('react'), names.join(', '));
      assert.ok(names.includes('agpl-thing'), names.join(', '));
    } finally {
      await revert(document);
    }
    await waitFor(() => ospoDiagnostics(document.uri).length === 3, 'the saved file’s three diagnostics again');
  });

  test('a severity setting of none leaves a verdict out of the Problems panel', async () => {
    const configuration = vscode.workspace.getConfiguration('ospoGuide');
    await configuration.update('diagnostics.unknownSeverity', 'none', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => ospoDiagnostics(fixtureUri('package.json')).length === 2, 'the unknown-license diagnostic to go');
      await configuration.update('diagnostics.reviewSeverity', 'error', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => ospoDiagnostics(fixtureUri('package.json')).every((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error), 'review findings as errors');
    } finally {
      await configuration.update('diagnostics.unknownSeverity', undefined, vscode.ConfigurationTarget.Workspace);
      await configuration.update('diagnostics.reviewSeverity', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => ospoDiagnostics(fixtureUri('package.json')).length === 3, 'the default severities again');
  });
});
