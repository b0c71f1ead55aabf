import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveNpm } from '../../src/core/data/npm';
import type { ResolvedPackage, ResolverResult } from '../../src/core/data/types';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/npm');
const OPTIONS = { home: tmpdir(), env: {} };

/**
 * Copies a fixture case into a temporary folder: `_node_modules` folders become `node_modules`
 * (the repository ignores folders of that name), and `links.json` (`{ "<link>": "<target>" }`,
 * targets relative to the link's folder) becomes symbolic links.
 */
function materialize(caseName: string, into: string): string {
  const target = path.join(into, caseName);
  const copy = (from: string, to: string): void => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const name = entry.name === '_node_modules' ? 'node_modules' : entry.name;
      if (entry.isDirectory()) {
        copy(path.join(from, entry.name), path.join(to, name));
      } else if (!(from === path.join(FIXTURES, caseName) && entry.name === 'links.json')) {
        copyFileSync(path.join(from, entry.name), path.join(to, name));
      }
    }
  };
  copy(path.join(FIXTURES, caseName), target);
  let links: Record<string, string> = {};
  try {
    links = JSON.parse(readFileSync(path.join(FIXTURES, caseName, 'links.json'), 'utf8')) as Record<string, string>;
  } catch {
    // no links in this case
  }
  for (const [link, linkTarget] of Object.entries(links)) {
    const at = path.join(target, link);
    mkdirSync(path.dirname(at), { recursive: true });
    if (process.platform === 'win32') {
      symlinkSync(path.resolve(path.dirname(at), linkTarget), at, 'junction');
    } else {
      symlinkSync(linkTarget, at);
    }
  }
  return target;
}

function byId(result: ResolverResult): Map<string, ResolvedPackage> {
  return new Map(result.packages.map((record) => [`${record.name}@${record.version}`, record]));
}

function get(result: ResolverResult, id: string): ResolvedPackage {
  const record = byId(result).get(id);
  assert.ok(record, `${id} is among ${[...byId(result).keys()].join(', ')}`);
  return record;
}

function sha512Hex(label: string): string {
  return createHash('sha512').update(label).digest('hex');
}

function sha1Hex(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

function relativePath(root: string, record: ResolvedPackage): string | undefined {
  return record.path === undefined ? undefined : path.relative(root, record.path).split(path.sep).join('/');
}

describe('resolveNpm', () => {
  let temp: string;

  before(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-npm-'));
  });

  after(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  describe('an npm node_modules tree with package-lock.json v3', () => {
    let root: string;
    let result: ResolverResult;

    before(async () => {
      root = materialize('installed', temp);
      result = await resolveNpm(root, OPTIONS);
    });

    it('has one record per installed name@version, two versions of d included, and nothing from .bin', () => {
      assert.deepEqual([...byId(result).keys()], ['@scope/b@2.0.0', 'a@1.0.0', 'c@3.0.0', 'd@1.0.0', 'd@2.0.0', 'eula@1.0.0', 'see-file@1.0.0']);
      assert.ok(result.packages.every((record) => record.ecosystem === 'npm' && record.source === 'node_modules'));
    });

    const licenses: Array<{ id: string; value: string | string[]; source: string; guess?: true; title: string }> = [
      { title: 'a license string', id: 'a@1.0.0', value: 'MIT', source: 'node_modules/a/package.json' },
      { title: 'the legacy license object', id: '@scope/b@2.0.0', value: 'ISC', source: 'node_modules/@scope/b/package.json' },
      { title: 'the legacy licenses array', id: 'd@1.0.0', value: ['MIT', 'Apache-2.0'], source: 'node_modules/d/package.json' },
      { title: 'a licenses string, nested node_modules', id: 'd@2.0.0', value: 'BSD-3-Clause', source: 'node_modules/@scope/b/node_modules/d/package.json' },
      { title: 'no license field: the LICENSE file', id: 'c@3.0.0', value: 'MIT', source: 'node_modules/c/LICENSE text', guess: true },
      { title: 'SEE LICENSE IN a known text', id: 'see-file@1.0.0', value: 'ISC', source: 'node_modules/see-file/docs/LICENSE.md text', guess: true },
      { title: 'SEE LICENSE IN an unknown text: the raw string', id: 'eula@1.0.0', value: 'SEE LICENSE IN EULA.txt', source: 'node_modules/eula/package.json' },
    ];
    for (const { title, id, value, source, guess } of licenses) {
      it(`reads ${title}`, () => {
        const license = get(result, id).license;
        assert.ok(license);
        assert.deepEqual(license.value, value);
        assert.equal(license.source, source);
        if (guess) {
          assert.ok(license.confidence !== undefined && license.confidence > 0.8 && license.confidence <= 1, `confidence ${license.confidence}`);
        } else {
          assert.equal(license.confidence, undefined);
        }
      });
    }

    it('links dependencies the way Node resolves them', () => {
      assert.deepEqual(get(result, 'a@1.0.0').dependencies, ['d@1.0.0']);
      assert.deepEqual(get(result, '@scope/b@2.0.0').dependencies, ['a@1.0.0', 'd@2.0.0']);
      assert.deepEqual(get(result, 'c@3.0.0').dependencies, ['a@1.0.0']);
      assert.deepEqual(get(result, 'd@1.0.0').dependencies, []);
    });

    it('marks what package.json lists as direct, and takes the scope from the lockfile', () => {
      const direct = result.packages.filter((record) => record.direct).map((record) => record.name);
      assert.deepEqual(direct, ['@scope/b', 'a', 'c', 'eula', 'see-file']);
      assert.equal(get(result, 'c@3.0.0').scope, 'dev');
      assert.equal(get(result, 'a@1.0.0').scope, undefined);
    });

    it('turns lockfile integrity into hex hashes', () => {
      assert.deepEqual(get(result, 'a@1.0.0').hashes, [{ algorithm: 'SHA-512', hex: sha512Hex('a@1.0.0') }]);
      assert.deepEqual(get(result, '@scope/b@2.0.0').hashes, [
        { algorithm: 'SHA-512', hex: sha512Hex('@scope/b@2.0.0') },
        { algorithm: 'SHA-1', hex: sha1Hex('@scope/b@2.0.0') },
      ]);
      assert.deepEqual(get(result, 'd@2.0.0').hashes, [{ algorithm: 'SHA-512', hex: sha512Hex('d@2.0.0') }]);
    });

    it('leaves out lockfile entries that are not installed', () => {
      assert.ok(!byId(result).has('fsevents@2.3.3'));
    });

    it('records where each package is installed', () => {
      assert.equal(relativePath(root, get(result, 'd@1.0.0')), 'node_modules/d');
      assert.equal(relativePath(root, get(result, 'd@2.0.0')), 'node_modules/@scope/b/node_modules/d');
    });

    it('reports the broken package.json in one line and goes on', () => {
      assert.equal(result.problems.length, 1, result.problems.join('\n'));
      assert.match(result.problems[0], /^node_modules\/broken\/package\.json is not valid JSON/);
      assert.ok(!result.problems[0].includes('\n'));
    });

    it('lists the files it read, license files included', () => {
      const files = result.files.map((file) => path.relative(root, file).split(path.sep).join('/'));
      for (const expected of ['package.json', 'package-lock.json', 'node_modules/a/package.json', 'node_modules/c/LICENSE', 'node_modules/see-file/docs/LICENSE.md']) {
        assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
      }
      assert.ok(!files.some((file) => file.startsWith('node_modules/.bin') || file === 'node_modules/.package-lock.json'));
    });

    it('computes scopes from the graph when there is no lockfile', async () => {
      const copy = materialize('installed', path.join(temp, 'nolock'));
      rmSync(path.join(copy, 'package-lock.json'));
      const bare = await resolveNpm(copy, OPTIONS);
      assert.equal(get(bare, 'c@3.0.0').scope, 'dev');
      assert.equal(get(bare, 'a@1.0.0').scope, undefined, 'a is needed in production too');
      assert.equal(get(bare, 'd@1.0.0').scope, undefined);
      assert.ok(bare.packages.every((record) => record.hashes === undefined));
    });
  });

  describe('a partial node_modules: package-lock.json v3 lists packages that are not installed', () => {
    // Real package-lock.json entries and package.json files (see partial-install/SOURCES.md);
    // `debug` (direct) and `has-flag` (needed by supports-color) are not in node_modules.
    let root: string;
    let result: ResolverResult;

    before(async () => {
      root = materialize('partial-install', temp);
      result = await resolveNpm(root, OPTIONS);
    });

    it('keeps the installed packages as installed', () => {
      assert.equal(get(result, 'chalk@4.1.2').source, 'node_modules');
      assert.deepEqual(get(result, 'chalk@4.1.2').license, { value: 'MIT', source: 'node_modules/chalk/package.json' });
      assert.deepEqual(get(result, 'chalk@4.1.2').dependencies, ['ansi-styles@4.3.0', 'supports-color@7.2.0']);
    });

    const missing: Array<{ id: string; direct: boolean }> = [
      { id: 'debug@4.4.3', direct: true },
      { id: 'has-flag@4.0.0', direct: false },
    ];
    for (const { id, direct } of missing) {
      it(`keeps ${id}, missing from node_modules, with the lockfile's version, license, hash and scope`, () => {
        const record = get(result, id);
        assert.equal(record.source, 'package-lock.json');
        assert.deepEqual(record.license, { value: 'MIT', source: 'package-lock.json' });
        assert.equal(record.hashes?.[0]?.algorithm, 'SHA-512');
        assert.equal(record.scope, 'dev');
        assert.equal(record.direct === true, direct);
        assert.equal(record.path, undefined, 'not installed');
      });
    }

    it('has every package of the lockfile once', () => {
      assert.deepEqual([...byId(result).keys()], ['ansi-styles@4.3.0', 'chalk@4.1.2', 'color-convert@2.0.1', 'color-name@1.1.4', 'debug@4.4.3', 'has-flag@4.0.0', 'ms@2.1.3', 'supports-color@7.2.0']);
      assert.deepEqual(result.problems, []);
    });

    it('leaves out a lockfile entry whose folder holds another version (a stale lockfile)', async () => {
      const copy = materialize('partial-install', path.join(temp, 'stale'));
      const manifest = path.join(copy, 'node_modules', 'ms', 'package.json');
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"version": "2.1.3"', '"version": "2.1.2"'));
      const stale = await resolveNpm(copy, OPTIONS);
      assert.ok(byId(stale).has('ms@2.1.2'));
      assert.ok(!byId(stale).has('ms@2.1.3'), 'the lockfile entry at node_modules/ms is stale');
      assert.ok(byId(stale).has('debug@4.4.3'));
    });
  });

  describe('Yarn workspaces ({ packages: [...] }) with yarn.lock v1', () => {
    let root: string;
    let result: ResolverResult;

    before(async () => {
      root = materialize('workspaces', temp);
      result = await resolveNpm(root, OPTIONS);
    });

    it('reads the workspace packages own node_modules and leaves the workspace packages themselves out', () => {
      assert.deepEqual([...byId(result).keys()], ['dep@1.0.0', 'lib@1.0.0', 'lib@2.0.0', 'tool@1.0.0']);
      assert.equal(relativePath(root, get(result, 'lib@2.0.0')), 'packages/app/node_modules/lib');
      assert.deepEqual(result.problems, []);
    });

    it('marks what the root and each workspace package list as direct', () => {
      assert.equal(get(result, 'lib@2.0.0').direct, true, 'packages/app');
      assert.equal(get(result, 'lib@1.0.0').direct, true, 'packages/shared');
      assert.equal(get(result, 'tool@1.0.0').direct, true, 'the root');
      assert.equal(get(result, 'dep@1.0.0').direct, undefined);
    });

    it('keeps production packages out of dev even when a dev tool needs them too', () => {
      assert.equal(get(result, 'tool@1.0.0').scope, 'dev');
      assert.equal(get(result, 'lib@1.0.0').scope, undefined);
      assert.equal(get(result, 'dep@1.0.0').scope, undefined);
      assert.deepEqual(get(result, 'tool@1.0.0').dependencies, ['lib@1.0.0']);
    });

    it('takes hashes from yarn.lock', () => {
      assert.deepEqual(get(result, 'lib@2.0.0').hashes, [{ algorithm: 'SHA-512', hex: sha512Hex('lib@2.0.0') }]);
    });

    it('takes the download URL from yarn.lock resolved, its hash fragment kept', () => {
      assert.equal(get(result, 'dep@1.0.0').downloadUrl, 'https://registry.yarnpkg.com/dep/-/dep-1.0.0.tgz#e9fad0c6cd43534327c0af9061891d8d17414345');
      assert.equal(get(result, 'lib@1.0.0').downloadUrl, 'https://registry.yarnpkg.com/lib/-/lib-1.0.0.tgz');
    });
  });

  describe('a pnpm store with symbolic links, pnpm-workspace.yaml and pnpm-lock.yaml v9', () => {
    let root: string;
    let result: ResolverResult;

    before(async () => {
      root = materialize('pnpm', temp);
      result = await resolveNpm(root, OPTIONS);
    });

    it('has each store package once, at its real folder, whatever links point at it', () => {
      assert.deepEqual([...byId(result).keys()], ['@s/c@1.0.0', 'a@1.0.0', 'b@2.0.0']);
      assert.equal(relativePath(root, get(result, 'b@2.0.0')), 'node_modules/.pnpm/b@2.0.0/node_modules/b');
      assert.equal(relativePath(root, get(result, '@s/c@1.0.0')), 'node_modules/.pnpm/@s+c@1.0.0/node_modules/@s/c');
    });

    it('follows the links for the graph, cycles included', () => {
      assert.deepEqual(get(result, 'a@1.0.0').dependencies, ['b@2.0.0']);
      assert.deepEqual(get(result, 'b@2.0.0').dependencies, ['a@1.0.0']);
    });

    it('takes direct dependencies from the root and the workspace packages, not from excluded ones', () => {
      assert.equal(get(result, 'a@1.0.0').direct, true);
      assert.equal(get(result, 'b@2.0.0').direct, true, 'packages/w');
      assert.equal(get(result, '@s/c@1.0.0').direct, undefined, '!packages/ignored');
    });

    it('takes licenses from the store and hashes from the lockfile', () => {
      assert.deepEqual(get(result, '@s/c@1.0.0').license, { value: 'Apache-2.0', source: 'node_modules/.pnpm/@s+c@1.0.0/node_modules/@s/c/package.json' });
      assert.deepEqual(get(result, 'b@2.0.0').hashes, [{ algorithm: 'SHA-512', hex: sha512Hex('b@2.0.0') }]);
    });

    it('survives a link to the project itself and a dangling link', () => {
      assert.deepEqual(result.problems, []);
    });
  });

  describe('lockfiles without node_modules', () => {
    const cases: Array<{ name: string; source: string; ids: string[] }> = [
      { name: 'lock-v1', source: 'package-lock.json', ids: ['a@1.0.0', 'b@1.0.0', 'd@1.0.0', 'd@2.0.0', 'e@1.0.0', 'real-f@1.2.3'] },
      { name: 'lock-v2', source: 'package-lock.json', ids: ['dz@1.0.0', 'p@1.0.0', 'pp@1.0.0', 'q@1.0.0', 'w@1.0.0', 'w@2.0.0', 'x@1.0.0', 'y@1.0.0', 'z@1.0.0'] },
      { name: 'lock-v3', source: 'package-lock.json', ids: ['nested@1.0.0', 'real@1.0.0', 'real@2.0.0'] },
      { name: 'pnpm-v5', source: 'pnpm-lock.yaml', ids: ['@scope/e@1.0.0', 'a@1.0.0', 'c@3.0.0', 'd@1.0.0', 'react@17.0.2', 'react-dom@17.0.2'] },
      { name: 'pnpm-v6', source: 'pnpm-lock.yaml', ids: ['a@1.0.0', 'c@3.0.0', 'd@1.0.0', 'react@17.0.2', 'react-dom@17.0.2', 'string-width@4.2.3'] },
      { name: 'pnpm-v9', source: 'pnpm-lock.yaml', ids: ['a@1.0.0', 'c@3.0.0', 'd@1.0.0', 'fsevents@2.3.3', 'react@17.0.2', 'react-dom@17.0.2', 'string-width@4.2.3'] },
      { name: 'yarn-v1', source: 'yarn.lock', ids: ['@babel/code-frame@7.12.13', '@babel/highlight@7.13.10', 'fsevents@2.3.3', 'old@0.1.0', 'string-width@4.2.3'] },
      { name: 'yarn-berry', source: 'yarn.lock', ids: ['a@1.0.0', 'c@3.0.0', 'd@1.1.0', 'fsevents@2.3.3', 'resolve@1.22.8'] },
    ];
    for (const { name, source, ids } of cases) {
      it(`reads ${name}`, async () => {
        const result = await resolveNpm(path.join(FIXTURES, name), OPTIONS);
        assert.deepEqual(result.problems, []);
        assert.deepEqual([...byId(result).keys()], ids);
        assert.ok(result.packages.every((record) => record.source === source && record.path === undefined));
        assert.ok(result.files.some((file) => path.basename(file) === source));
      });
    }
  });

  describe('problems, never exceptions', () => {
    it('reports a corrupt lockfile', async () => {
      const result = await resolveNpm(path.join(FIXTURES, 'broken'), OPTIONS);
      assert.deepEqual(result.packages, []);
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0], /^package-lock\.json is not valid JSON \(the error is at character \d+\)$/);
    });

    it('says so when nothing is installed or locked', async () => {
      const result = await resolveNpm(materialize('nothing', path.join(temp, 'isolated')), OPTIONS);
      assert.deepEqual(result.packages, []);
      assert.match(result.problems.join('\n'), /no node_modules and no lockfile/);
    });

    it('does not complain about a workspace package whose dependencies live at the workspace root', async () => {
      const root = materialize('workspaces', path.join(temp, 'member'));
      const result = await resolveNpm(path.join(root, 'packages', 'shared'), OPTIONS);
      assert.deepEqual(result.problems, []);
    });

    it('reads a package.json far larger than one read, and is silent about a node_modules that is a file', async () => {
      const root = path.join(temp, 'large');
      const big = path.join(root, 'node_modules', 'big');
      mkdirSync(big, { recursive: true });
      writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'large', dependencies: { big: '1.0.0' } }));
      // About 300 KB, so it takes several reads of the 64 KB buffer; the license comes last.
      writeFileSync(path.join(big, 'package.json'), `{"name": "big", "version": "1.0.0", "description": "${'x'.repeat(300_000)}", "license": "Apache-2.0"}`);
      writeFileSync(path.join(big, 'node_modules'), 'not a folder');
      const result = await resolveNpm(root, OPTIONS);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(get(result, 'big@1.0.0').license, { value: 'Apache-2.0', source: 'node_modules/big/package.json' });
    });

    it('reports a FIFO named package.json as unreadable instead of waiting for a writer', async function () {
      const root = path.join(temp, 'fifo');
      const folder = path.join(root, 'node_modules', 'fifo');
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fifo-project', dependencies: { fifo: '1.0.0', ok: '1.0.0' } }));
      mkdirSync(path.join(root, 'node_modules', 'ok'));
      writeFileSync(path.join(root, 'node_modules', 'ok', 'package.json'), JSON.stringify({ name: 'ok', version: '1.0.0', license: 'MIT' }));
      try {
        execFileSync('mkfifo', [path.join(folder, 'package.json')]);
      } catch {
        this.skip(); // no FIFOs here (Windows)
      }
      const result = await resolveNpm(root, OPTIONS);
      assert.deepEqual([...byId(result).keys()], ['ok@1.0.0']);
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0], /^node_modules\/fifo\/package\.json: /);
    });

    it('reports a missing project folder', async () => {
      const result = await resolveNpm(path.join(temp, 'no-such-folder'), OPTIONS);
      assert.deepEqual(result.packages, []);
      assert.equal(result.problems.length, 1);
    });
  });
});
