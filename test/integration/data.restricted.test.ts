import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, insertAfter, openFixture, revert } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';

suite('verdicts from locked and installed data', () => {
  test('direct dependencies get the locked version and its license', async () => {
    const api = await activeApi();
    const findings = await api.findings(fixtureUri('package.json'));
    const byName = new Map(findings.map(({ dependency, finding }) => [dependency.name, finding]));
    assert.deepEqual(
      [...byName.entries()].map(([name, finding]) => [name, finding.version, finding.license, finding.verdict]),
      [
        ['express', '4.19.2', 'MIT', 'allow'],
        ['left-pad', '1.3.0', 'WTFPL', 'review'],
        ['my-lodash', '4.17.21', 'MIT', 'allow'],
        ['typescript', '5.4.5', 'Apache-2.0', 'allow'],
        // A peer dependency the lockfile does not install has no data: the default policy reviews it.
        ['react', null, null, 'review'],
      ],
    );
    assert.match(byName.get('express')?.licenseSource ?? '', /package-lock\.json/);
  });

  test('an unsaved new dependency is evaluated with the same data', async () => {
    const api = await activeApi();
    const { document } = await openFixture('package.json');
    try {
      await insertAfter(document, '"express": "^4.19.2",', '\n    "unlocked-thing": "^1.0.0",');
      const findings = await api.findings(document.uri);
      const added = findings.find(({ dependency }) => dependency.name === 'unlocked-thing');
      assert.equal(added?.finding.verdict, 'review');
      assert.equal(findings.find(({ dependency }) => dependency.name === 'express')?.finding.verdict, 'allow');
    } finally {
      await revert(document);
    }
  });

  test('Export SBOM writes a CycloneDX 1.6 file of the whole tree', async () => {
    const target = fixtureUri('sbom.cdx.json');
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('ospoGuide.exportSbom', target);
    assert.equal(written?.toString(), target.toString());
    const bom = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target))) as {
      bomFormat: string;
      specVersion: string;
      components: { name: string; version: string; purl: string; licenses?: unknown[] }[];
    };
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.equal(bom.specVersion, '1.6');
    const express = bom.components.find((component) => component.name === 'express');
    assert.equal(express?.purl, 'pkg:npm/express@4.19.2');
    assert.deepEqual(express?.licenses, [{ license: { id: 'MIT' } }]);
    assert.ok(bom.components.some((component) => component.purl === 'pkg:npm/lodash@4.17.21'));
  });

  test('Export Third-Party Notices writes the license texts of what ships, dev dependencies only when asked', async () => {
    const target = fixtureUri('THIRD-PARTY-NOTICES.md');
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('ospoGuide.exportNotices', target, 'markdown', false);
    assert.equal(written?.toString(), target.toString());
    const read = async (): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    const markdown = await read();
    assert.ok(markdown.startsWith('# Third-party software notices\n'), markdown.slice(0, 200));
    // Nothing is installed in the fixture: the locked packages get the standard texts, and say why.
    assert.ok(markdown.includes('- npm express 4\\.19\\.2, declared MIT — not installed here'), markdown.slice(0, 2000));
    assert.ok(markdown.includes('## WTFPL, standard text \\(1 package\\)'));
    assert.ok(markdown.includes('Permission is hereby granted, free of charge'), 'the MIT text itself');
    assert.ok(!markdown.includes('npm typescript '), 'a dev dependency is left out by default');
    await vscode.commands.executeCommand('ospoGuide.exportNotices', target, 'markdown', true);
    assert.ok((await read()).includes('npm typescript 5\\.4\\.5, declared Apache-2\\.0 — not installed here'));
    await vscode.workspace.fs.delete(target);
  });
});
