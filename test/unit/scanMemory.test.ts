import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LicenseTextIdentifier } from '../../src/core/data/licenseText/identifyOnDemand';
import { resolveNpm } from '../../src/core/data/npm';
import { ScanMemory } from '../../src/core/data/scanMemory';
import type { ResolvedPackage, ResolverResult } from '../../src/core/data/types';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/data/npm/license-mismatch');
const MIT_LICENSE = readFileSync(path.join(FIXTURE, '_node_modules/mit-inside/LICENSE'), 'utf8');
const GPL_LICENSE = readFileSync(path.join(FIXTURE, '_node_modules/gpl-inside/LICENSE'), 'utf8');

function byName(result: ResolverResult, name: string): ResolvedPackage {
  const found = result.packages.find((record) => record.name === name);
  assert.ok(found, `${name} resolved`);
  return found;
}

describe('scan memory (what a rescan reuses)', () => {
  let temp: string;
  let root: string;

  beforeEach(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-scan-memory-'));
    root = path.join(temp, 'project');
    cpSync(FIXTURE, root, { recursive: true });
    renameSync(path.join(root, '_node_modules'), path.join(root, 'node_modules'));
  });

  afterEach(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  const scan = (memory?: ScanMemory): Promise<ResolverResult> => resolveNpm(root, { home: temp, env: {}, ...(memory ? { memory } : {}) });

  it('a rescan with the memory gives exactly what a fresh scan gives, files read included', async () => {
    const memory = new ScanMemory();
    const first = await scan(memory);
    const again = await scan(memory);
    const fresh = await scan();
    assert.deepEqual(again, fresh);
    assert.deepEqual(first, fresh);
    assert.ok(fresh.files.some((file) => file.endsWith(path.join('throttle-debounce', 'LICENSE.md'))), 'the license files are among the files read, to be watched');
    assert.deepEqual(byName(again, 'gpl-inside').license?.inFile?.ids, ['GPL-3.0-only']);
  });

  it('a package reinstalled at another version is read again: its new license file counts', async () => {
    const memory = new ScanMemory();
    const before = await scan(memory);
    assert.equal(byName(before, 'mit-inside').license?.inFile?.ids[0], 'MIT');
    const folder = path.join(root, 'node_modules/mit-inside');
    writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'mit-inside', version: '2.0.0', license: 'MIT' }));
    writeFileSync(path.join(folder, 'LICENSE'), GPL_LICENSE);
    const after = await scan(memory);
    assert.equal(byName(after, 'mit-inside').version, '2.0.0');
    assert.deepEqual(byName(after, 'mit-inside').license?.inFile?.ids, ['GPL-3.0-only']);
  });

  it('a package folder whose reading met a problem is read again on the next scan, and the problem is said again', async function () {
    if (process.platform === 'win32') {
      this.skip();
    }
    const memory = new ScanMemory();
    const folder = path.join(root, 'node_modules/mit-inside');
    rmSync(path.join(folder, 'LICENSE'));
    // A FIFO named like a license file is refused by the bounded reader: a problem, never a wait.
    execFileSync('mkfifo', [path.join(folder, 'LICENSE')]);
    writeFileSync(path.join(folder, 'LICENSE.md'), MIT_LICENSE);
    const first = await scan(memory);
    const second = await scan(memory);
    assert.equal(first.problems.length, 1, first.problems.join('\n'));
    assert.match(first.problems[0], /mit-inside\/LICENSE/);
    assert.deepEqual(second.problems, first.problems);
    assert.deepEqual(byName(second, 'mit-inside').license, byName(first, 'mit-inside').license);
  });
});

describe('LicenseTextIdentifier', () => {
  it('copies of one license that differ in their copyright lines are identified once', () => {
    const identifier = new LicenseTextIdentifier();
    const first = identifier.identify(MIT_LICENSE);
    const other = identifier.identify(MIT_LICENSE.replace('Copyright (c) 2019 Jane Doe', 'Copyright (c) 2024 Acme Corporation and contributors'));
    assert.deepEqual(first?.ids, ['MIT']);
    assert.equal(other, first, 'the same identification, not a second one');
  });

  it('a text whose body differs is identified on its own', () => {
    const identifier = new LicenseTextIdentifier();
    assert.deepEqual(identifier.identify(MIT_LICENSE)?.ids, ['MIT']);
    assert.deepEqual(identifier.identify(GPL_LICENSE)?.ids, ['GPL-3.0-only']);
    assert.equal(identifier.identify('not a license at all'), null);
  });
});
