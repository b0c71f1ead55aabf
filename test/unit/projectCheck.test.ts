import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkCommand } from '../../src/cli/checkCommand';
import { sbomCommand } from '../../src/cli/sbomCommand';
import type { CheckReport } from '../../src/core/report/checkReport';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const NOW = new Date('2026-11-23T00:00:00Z');
const ECOSYSTEMS = ['cargo', 'composer', 'go', 'maven', 'npm', 'pypi', 'rubygems'];

describe('the demo workspace, offline', () => {
  let report: CheckReport;

  before(async () => {
    const output = await checkCommand(['examples', '--offline', '--transitive', '--format', 'json', '--fail-on', 'never'], REPO_ROOT, NOW);
    report = JSON.parse(output.stdout) as CheckReport;
  });

  it('finds licenses for the direct dependencies of every ecosystem', () => {
    for (const ecosystem of ECOSYSTEMS) {
      const direct = report.findings.filter((finding) => finding.direct && finding.ecosystem === ecosystem);
      const licensed = direct.filter((finding) => finding.license !== null);
      assert.ok(direct.length > 0, `${ecosystem} has direct dependencies`);
      assert.ok(licensed.length / direct.length >= 0.85, `${ecosystem}: ${licensed.length} of ${direct.length} have a license`);
    }
  });

  it('has a mixed result, with the transitive tree marked', () => {
    const { byVerdict, transitive } = report.summary;
    assert.ok(byVerdict.deny > 0 && byVerdict.review > 0 && byVerdict.allow > 0, JSON.stringify(byVerdict));
    assert.ok(transitive > 100, `${transitive} transitive packages`);
    assert.ok(report.findings.some((finding) => !finding.direct && finding.verdict === 'deny' && finding.name.startsWith('@ckeditor/')));
  });

  it('names the data source of each license', () => {
    const express = report.findings.find((finding) => finding.name === 'express');
    assert.ok(express?.reasons.some((reason) => reason.source?.includes('package-lock.json')), JSON.stringify(express?.reasons));
  });

  it('writes an SBOM of the whole tree with every ecosystem in it', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'ospo-sbom-'));
    try {
      const output = path.join(folder, 'bom.json');
      const result = await sbomCommand(['examples', '--offline', '--output', output], REPO_ROOT, NOW);
      assert.match(result.stdout, /^Wrote \d+ components to /);
      const bom = JSON.parse(await readFile(output, 'utf8')) as { components: { purl: string; licenses?: unknown[] }[] };
      const types = new Set(bom.components.map((component) => component.purl.slice(4, component.purl.indexOf('/'))));
      assert.deepEqual([...types].sort(), ['cargo', 'composer', 'gem', 'golang', 'maven', 'npm', 'pypi']);
      assert.ok(bom.components.filter((component) => component.licenses).length / bom.components.length > 0.95);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
