import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkCommand } from '../../src/cli/checkCommand';
import { explainCommand } from '../../src/cli/explainCommand';
import { sbomCommand } from '../../src/cli/sbomCommand';
import { writeProjectFile } from './support/resolvedPackages';

const NOW = new Date('2026-12-07T12:00:00Z');

/** The same repository policy the editor applies in a trusted workspace: WTFPL denied, and an exception it may not grant. */
const REPOSITORY_POLICY = JSON.stringify({
  schemaVersion: 1,
  id: 'app-repository',
  version: 1,
  issued: '2026-11-01T00:00:00Z',
  licenses: { deny: ['WTFPL'] },
  exceptions: [{ match: 'pkg:npm/left-pad', verdict: 'allow', ticket: 'SELF-1' }],
});

describe('the CLI applies the repository’s own .ospo/policy.json, as the editor does', () => {
  let temp: string;
  const file = (relative: string) => path.join(temp, relative);

  beforeEach(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-repo-policy-'));
    mkdirSync(file('repo/.git'), { recursive: true });
    writeProjectFile(file('repo/.ospo/policy.json'), REPOSITORY_POLICY);
    for (const project of ['repo', 'repo/packages/app', 'loose']) {
      writeProjectFile(file(`${project}/package.json`), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } }));
      writeProjectFile(file(`${project}/node_modules/left-pad/package.json`), JSON.stringify({ name: 'left-pad', version: '1.3.0', license: 'WTFPL' }));
    }
  });

  afterEach(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  it('check at the repository’s top: the repository denies what the organization sends to review, and says what it may not do', async () => {
    const result = await checkCommand(['repo', '--offline', '--format', 'json'], temp, NOW);
    const report = JSON.parse(result.stdout) as { policy: { source: string }; findings: { name: string; verdict: string; reasons: { message: string }[] }[] };
    const leftPad = report.findings.find((finding) => finding.name === 'left-pad');
    assert.equal(leftPad?.verdict, 'deny', JSON.stringify(leftPad?.reasons));
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr ?? '', /repo\/\.ospo\/policy\.json: .*exceptions.*a repository cannot grant exceptions/);
  });

  it('check of a folder inside the repository climbs to the repository’s policy; the text report names it', async () => {
    const result = await checkCommand(['repo/packages/app', '--offline'], temp, NOW);
    assert.equal(result.exitCode, 1, result.stdout);
    assert.ok(result.stdout.includes('tightened by repo/.ospo/policy.json'), result.stdout);
  });

  it('outside a repository only the checked folder’s own file counts: nothing above it', async () => {
    writeProjectFile(file('.ospo/policy.json'), REPOSITORY_POLICY);
    const result = await checkCommand(['loose', '--offline', '--format', 'json'], temp, NOW);
    const report = JSON.parse(result.stdout) as { findings: { name: string; verdict: string }[] };
    assert.equal(report.findings.find((finding) => finding.name === 'left-pad')?.verdict, 'review', 'the bundled default reviews WTFPL');
    assert.equal(result.exitCode, 0);
  });

  it('sbom and explain use the same policy in force', async () => {
    const sbom = await sbomCommand(['repo', '--offline'], temp);
    const bom = JSON.parse(sbom.stdout) as { components: { name: string; properties?: { name: string; value: string }[] }[] };
    const verdict = bom.components.find((component) => component.name === 'left-pad')?.properties?.find((property) => property.name === 'ospoGuide:verdict')?.value;
    assert.equal(verdict, 'deny');
    const explained = await explainCommand(['--license', 'WTFPL'], file('repo/packages/app'), NOW);
    assert.match(explained.stdout, /^WTFPL: deny\n/);
  });

  it('the license choices of .ospo/choices.json are found the same way: an SPDX of a subfolder concludes the recorded choice', async () => {
    writeProjectFile(file('repo/packages/app/package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { jszip: '3.10.1' } }));
    writeProjectFile(file('repo/packages/app/node_modules/jszip/package.json'), JSON.stringify({ name: 'jszip', version: '3.10.1', license: '(MIT OR GPL-3.0-or-later)' }));
    writeProjectFile(file('repo/.ospo/choices.json'), JSON.stringify({ choices: { 'pkg:npm/jszip': { license: 'MIT', expression: 'MIT OR GPL-3.0-or-later', recordedAt: '2026-12-02' } } }));
    const sbom = await sbomCommand(['repo/packages/app', '--offline', '--format', 'spdx'], temp);
    const document = JSON.parse(sbom.stdout) as { packages: { name: string; licenseConcluded: string; licenseDeclared: string }[] };
    const jszip = document.packages.find((item) => item.name === 'jszip');
    assert.deepEqual([jszip?.licenseDeclared, jszip?.licenseConcluded], ['MIT OR GPL-3.0-or-later', 'MIT']);
  });

  it('a policy file that is not a regular file is refused and said, the organization’s policy applying', async () => {
    rmSync(file('repo/.ospo/policy.json'));
    mkdirSync(file('repo/.ospo/policy.json'));
    const result = await checkCommand(['repo', '--offline', '--format', 'json'], temp, NOW);
    assert.match(result.stderr ?? '', /repo\/\.ospo\/policy\.json .*; the repository's policy is not applied/);
    assert.equal((JSON.parse(result.stdout) as { findings: { name: string; verdict: string }[] }).findings.find((finding) => finding.name === 'left-pad')?.verdict, 'review');
  });
});
