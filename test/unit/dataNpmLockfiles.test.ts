import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { integrityToHashes, licenseFileCandidates, licenseOfManifest, parsePackageLock, parsePnpmLock, parseYarnLock, type LockParseResult } from '../../src/core/data/npm';
import { parseKey } from '../../src/core/data/npm/pnpmLock';
import { computeKinds, type EdgeKind } from '../../src/core/data/npm/scopes';
import { globToRegExp, manifestWorkspacePatterns, pnpmWorkspacePatterns } from '../../src/core/data/npm/workspaces';
import { startPace } from '../../src/core/data/turns';
import { parseClassicEntries } from '../../src/core/data/npm/yarnLock';
import type { ResolvedPackage } from '../../src/core/data/types';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/npm');

function fixture(caseName: string, file: string): string {
  return readFileSync(path.join(FIXTURES, caseName, file), 'utf8');
}

function manifest(caseName: string): Record<string, unknown> {
  return JSON.parse(fixture(caseName, 'package.json')) as Record<string, unknown>;
}

function get(result: LockParseResult, id: string): ResolvedPackage {
  const record = result.packages.find((candidate) => `${candidate.name}@${candidate.version}` === id);
  assert.ok(record, `${id} is among ${result.packages.map((candidate) => `${candidate.name}@${candidate.version}`).join(', ')}`);
  return record;
}

function directIds(result: LockParseResult): string[] {
  return result.packages.filter((record) => record.direct).map((record) => `${record.name}@${record.version}`);
}

function sha512Hex(label: string): string {
  return createHash('sha512').update(label).digest('hex');
}

function sha1Hex(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

describe('npm lockfiles', () => {
  describe('package-lock.json v1', () => {
    let result: LockParseResult;
    before(async () => {
      result = await parsePackageLock(fixture('lock-v1', 'package-lock.json'), 'package-lock.json', manifest('lock-v1'));
    });

    it('reads nested dependencies as the versions Node would load', () => {
      assert.deepEqual(get(result, 'a@1.0.0').dependencies, ['d@1.0.0']);
      assert.deepEqual(get(result, 'b@1.0.0').dependencies, ['d@2.0.0']);
      assert.deepEqual(get(result, 'e@1.0.0').dependencies, ['d@1.0.0']);
    });

    it('reads npm: aliases under their registry name and skips file: folders', () => {
      assert.ok(get(result, 'real-f@1.2.3').direct);
      assert.ok(!result.packages.some((record) => record.name === 'local'));
    });

    it('takes direct dependencies from package.json and scopes from the dev flag', () => {
      assert.deepEqual(directIds(result), ['a@1.0.0', 'b@1.0.0', 'e@1.0.0', 'real-f@1.2.3']);
      assert.equal(get(result, 'e@1.0.0').scope, 'dev');
      assert.equal(get(result, 'd@1.0.0').scope, undefined);
    });

    it('takes hashes from integrity, else from the SHA-1 after # in resolved', () => {
      assert.deepEqual(get(result, 'a@1.0.0').hashes, [{ algorithm: 'SHA-512', hex: sha512Hex('a@1.0.0') }]);
      assert.deepEqual(get(result, 'd@1.0.0').hashes, [{ algorithm: 'SHA-1', hex: sha1Hex('d') }]);
    });

    it('has no licenses: v1 does not record them', () => {
      assert.ok(result.packages.every((record) => record.license === undefined));
    });
  });

  describe('package-lock.json v2 with a workspace', () => {
    let result: LockParseResult;
    before(async () => {
      result = await parsePackageLock(fixture('lock-v2', 'package-lock.json'), 'package-lock.json');
    });

    it('leaves the workspace package and its link out, and resolves its own node_modules', () => {
      assert.ok(!result.packages.some((record) => record.name === 'ws-pkg'));
      assert.deepEqual(directIds(result), ['p@1.0.0', 'w@2.0.0', 'x@1.0.0', 'y@1.0.0', 'z@1.0.0']);
      assert.deepEqual(get(result, 'x@1.0.0').dependencies, ['q@1.0.0']);
      assert.deepEqual(get(result, 'p@1.0.0').dependencies, ['pp@1.0.0']);
    });

    const licenses: Array<[string, string | undefined]> = [
      ['x@1.0.0', 'MIT'],
      ['q@1.0.0', 'BSD-2-Clause'],
      ['p@1.0.0', 'SEE LICENSE IN LICENSE'],
      ['z@1.0.0', undefined],
    ];
    for (const [id, value] of licenses) {
      it(`reads the license of ${id}`, () => {
        const license = get(result, id).license;
        assert.deepEqual(license, value === undefined ? undefined : { value, source: 'package-lock.json' });
      });
    }

    const scopes: Array<[string, ResolvedPackage['scope']]> = [
      ['x@1.0.0', undefined],
      ['y@1.0.0', 'dev'],
      ['z@1.0.0', 'optional'],
      ['dz@1.0.0', 'optional'],
      ['pp@1.0.0', 'peer'],
    ];
    for (const [id, scope] of scopes) {
      it(`takes the scope of ${id} from its flags`, () => {
        assert.equal(get(result, id).scope, scope);
      });
    }
  });

  describe('package-lock.json v3', () => {
    let result: LockParseResult;
    before(async () => {
      result = await parsePackageLock(fixture('lock-v3', 'package-lock.json'), 'package-lock.json');
    });

    it('uses the name field of aliased entries', () => {
      assert.deepEqual(
        result.packages.map((record) => `${record.name}@${record.version}`),
        ['nested@1.0.0', 'real@1.0.0', 'real@2.0.0'],
      );
      assert.deepEqual(get(result, 'nested@1.0.0').dependencies, ['real@2.0.0']);
      assert.deepEqual(directIds(result), ['nested@1.0.0', 'real@1.0.0']);
    });

    it('reports a file that is not JSON, and one that is not an object', async () => {
      assert.match((await parsePackageLock('{"lockfileVersion": 3,', 'package-lock.json')).problems[0], /^package-lock\.json is not valid JSON/);
      assert.deepEqual((await parsePackageLock('[1]', 'npm-shrinkwrap.json')).problems, ['npm-shrinkwrap.json: not a lockfile object']);
      assert.deepEqual(await parsePackageLock('{}', 'package-lock.json'), { packages: [], problems: [] });
    });
  });

  describe('pnpm-lock.yaml', () => {
    for (const version of ['5', '6', '9']) {
      describe(`lockfileVersion ${version}`, () => {
        let result: LockParseResult;
        before(async () => {
          result = await parsePnpmLock(fixture(`pnpm-v${version}`, 'pnpm-lock.yaml'), 'pnpm-lock.yaml');
        });

        it('has no problems and one record per name@version, peer variants merged', () => {
          assert.deepEqual(result.problems, []);
          const ids = result.packages.map((record) => `${record.name}@${record.version}`);
          assert.equal(new Set(ids).size, ids.length);
          assert.ok(ids.includes('react-dom@17.0.2'));
        });

        it('reads direct dependencies from the importers', () => {
          const expected = version === '5' ? ['@scope/e@1.0.0', 'a@1.0.0', 'c@3.0.0', 'react-dom@17.0.2'] : ['a@1.0.0', 'c@3.0.0', 'react-dom@17.0.2', 'string-width@4.2.3'];
          assert.deepEqual(directIds(result), expected);
        });

        it('links dependencies, across peer suffixes', () => {
          assert.deepEqual(get(result, 'react-dom@17.0.2').dependencies, ['react@17.0.2']);
          assert.deepEqual(get(result, 'a@1.0.0').dependencies, version === '9' ? ['d@1.0.0', 'fsevents@2.3.3'] : ['d@1.0.0']);
        });

        it('marks dev-only packages, and keeps shared ones in production', () => {
          assert.equal(get(result, 'c@3.0.0').scope, 'dev');
          assert.equal(get(result, 'd@1.0.0').scope, undefined);
          assert.equal(get(result, 'a@1.0.0').scope, undefined);
        });

        it('turns resolution.integrity into hashes', () => {
          assert.deepEqual(get(result, 'react-dom@17.0.2').hashes, [{ algorithm: 'SHA-512', hex: sha512Hex('react-dom@17.0.2') }]);
        });
      });
    }

    it('marks optional packages (5.x flag, 9.x snapshot flag)', async () => {
      assert.equal(get(await parsePnpmLock(fixture('pnpm-v5', 'pnpm-lock.yaml'), 'pnpm-lock.yaml'), '@scope/e@1.0.0').scope, 'optional');
      assert.equal(get(await parsePnpmLock(fixture('pnpm-v9', 'pnpm-lock.yaml'), 'pnpm-lock.yaml'), 'fsevents@2.3.3').scope, 'optional');
    });

    it('reports YAML it cannot read', async () => {
      const result = await parsePnpmLock('lockfileVersion: "9.0"\npackages:\n  a@1.0.0: {resolution: [\n', 'pnpm-lock.yaml');
      assert.deepEqual(result.packages, []);
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0], /^pnpm-lock\.yaml: not valid YAML \(/);
      assert.ok(!result.problems[0].includes('\n'));
    });

    const keys: Array<[string, 5 | 6 | 9, string, string, string]> = [
      ['/a/1.0.0', 5, 'a', '1.0.0', '/a/1.0.0'],
      ['/@s/b/2.0.0_react@17.0.2', 5, '@s/b', '2.0.0', '/@s/b/2.0.0_react@17.0.2'],
      ['/a@1.0.0', 6, 'a', '1.0.0', '/a@1.0.0'],
      ['/@s/b@2.0.0(react@17.0.2)(react-dom@17.0.2)', 6, '@s/b', '2.0.0', '/@s/b@2.0.0'],
      ['@s/b@2.0.0(react@17.0.2)', 9, '@s/b', '2.0.0', '@s/b@2.0.0'],
      ['a@https://codeload.github.com/x/a/tar.gz/abc', 9, 'a', 'https://codeload.github.com/x/a/tar.gz/abc', 'a@https://codeload.github.com/x/a/tar.gz/abc'],
    ];
    for (const [key, format, name, version, baseKey] of keys) {
      it(`parses the ${format}.x key ${key}`, () => {
        assert.deepEqual(parseKey(key, format), { name, version, baseKey });
      });
    }
  });

  describe('yarn.lock v1', () => {
    let result: LockParseResult;
    before(async () => {
      result = await parseYarnLock(fixture('yarn-v1', 'yarn.lock'), 'yarn.lock', [{ relativeDir: '', manifest: manifest('yarn-v1') }]);
    });

    it('reads every block, aliases under their registry name', () => {
      assert.deepEqual(
        result.packages.map((record) => `${record.name}@${record.version}`),
        ['@babel/code-frame@7.12.13', '@babel/highlight@7.13.10', 'fsevents@2.3.3', 'old@0.1.0', 'string-width@4.2.3'],
      );
      assert.deepEqual(directIds(result), ['@babel/code-frame@7.12.13', 'fsevents@2.3.3', 'old@0.1.0', 'string-width@4.2.3']);
    });

    it('links dependencies and optional dependencies, cycles included', () => {
      assert.deepEqual(get(result, '@babel/code-frame@7.12.13').dependencies, ['@babel/highlight@7.13.10']);
      assert.deepEqual(get(result, '@babel/highlight@7.13.10').dependencies, ['@babel/code-frame@7.12.13', 'fsevents@2.3.3']);
      assert.equal(get(result, 'fsevents@2.3.3').scope, 'optional');
    });

    it('takes integrity, else the SHA-1 of the resolved URL', () => {
      assert.deepEqual(get(result, 'string-width@4.2.3').hashes, [{ algorithm: 'SHA-512', hex: sha512Hex('string-width@4.2.3') }]);
      assert.deepEqual(get(result, 'old@0.1.0').hashes, [{ algorithm: 'SHA-1', hex: sha1Hex('old') }]);
    });

    it('tolerates CRLF, stray lines and blocks without a version', async () => {
      const text = '# yarn lockfile v1\r\n\r\ngarbage line\r\n  orphan "1"\r\n"x@^1":\r\n  version "1.0.0"\r\n  dependencies:\r\n    y "^2"\r\n\r\nnoversion@^1:\r\n  resolved "https://x"\r\ny@^2:\r\n  version: "2.1.0"\r\n';
      const parsed = await parseYarnLock(text, 'yarn.lock', [{ relativeDir: '', manifest: { dependencies: { x: '^1' } } }]);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(
        parsed.packages.map((record) => [record.name, record.version, record.dependencies, record.direct]),
        [
          ['x', '1.0.0', ['y@2.1.0'], true],
          ['y', '2.1.0', [], undefined],
        ],
      );
      assert.equal((await parseClassicEntries(text, startPace())).length, 3);
    });
  });

  describe('yarn.lock (Berry)', () => {
    let result: LockParseResult;
    before(async () => {
      result = await parseYarnLock(fixture('yarn-berry', 'yarn.lock'), 'yarn.lock', [{ relativeDir: '', manifest: manifest('yarn-berry') }]);
    });

    it('reads descriptors, patches and the workspace entry', () => {
      assert.deepEqual(result.problems, []);
      assert.deepEqual(
        result.packages.map((record) => `${record.name}@${record.version}`),
        ['a@1.0.0', 'c@3.0.0', 'd@1.1.0', 'fsevents@2.3.3', 'resolve@1.22.8'],
      );
      assert.deepEqual(get(result, 'a@1.0.0').dependencies, ['d@1.1.0', 'resolve@1.22.8']);
      assert.deepEqual(directIds(result), ['a@1.0.0', 'c@3.0.0', 'fsevents@2.3.3']);
    });

    it('takes dev and optional from package.json and dependenciesMeta', () => {
      assert.equal(get(result, 'c@3.0.0').scope, 'dev');
      assert.equal(get(result, 'd@1.1.0').scope, undefined);
      assert.equal(get(result, 'fsevents@2.3.3').scope, 'optional');
    });

    it('does not report checksum as a package hash (it hashes Yarn\u2019s cache archive)', () => {
      assert.ok(result.packages.every((record) => record.hashes === undefined));
    });

    it('without package.json, treats every workspace dependency as production', async () => {
      const bare = await parseYarnLock(fixture('yarn-berry', 'yarn.lock'), 'yarn.lock', []);
      assert.equal(get(bare, 'c@3.0.0').scope, undefined);
      assert.equal(get(bare, 'fsevents@2.3.3').scope, 'optional');
    });

    it('reports YAML it cannot read', async () => {
      const broken = await parseYarnLock('__metadata:\n  version: 6\n"a@npm:^1": [\n', 'yarn.lock', []);
      assert.equal(broken.problems.length, 1);
      assert.match(broken.problems[0], /^yarn\.lock: not valid YAML/);
    });
  });
});

describe('package-lock.json without edges (merged into an installed tree)', () => {
  const withoutDependencies = (result: LockParseResult): ResolvedPackage[] => result.packages.map((record) => ({ ...record, dependencies: [] }));
  for (const caseName of ['lock-v1', 'lock-v2', 'lock-v3', 'installed']) {
    it(`gives ${caseName}'s packages with the same license, hashes, scope and direct marks, and no dependencies`, async () => {
      const text = fixture(caseName, 'package-lock.json');
      const full = await parsePackageLock(text, 'package-lock.json', manifest(caseName));
      const light = await parsePackageLock(text, 'package-lock.json', manifest(caseName), { edges: false });
      assert.ok(full.packages.length > 0);
      assert.deepEqual(light, { packages: withoutDependencies(full), problems: full.problems, locations: full.locations });
    });
  }

  it('gives the install paths of each name@version, for telling a missing package from a stale entry', async () => {
    const { locations } = await parsePackageLock(fixture('installed', 'package-lock.json'), 'package-lock.json', manifest('installed'), { edges: false });
    assert.deepEqual(locations?.get('d@2.0.0'), ['node_modules/@scope/b/node_modules/d']);
    assert.deepEqual(locations?.get('a@1.0.0'), ['node_modules/a']);
    const v1 = await parsePackageLock(fixture('lock-v1', 'package-lock.json'), 'package-lock.json', manifest('lock-v1'));
    assert.ok([...(v1.locations?.values() ?? [])].every((keys) => keys.every((key) => key.startsWith('node_modules/'))));
  });
});

describe('npm lockfile parsers never throw', () => {
  const json = fc.jsonValue({ maxDepth: 4 });
  const shaped = fc.record({
    lockfileVersion: fc.oneof(fc.constant(1), fc.constant(3), fc.string()),
    packages: fc.dictionary(fc.oneof(fc.constant(''), fc.constant('node_modules/a'), fc.constant('node_modules/a/node_modules/b'), fc.string()), json),
    dependencies: fc.dictionary(fc.string(), json),
  });
  it('package-lock.json', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(json, shaped), async (value) => {
        const result = await parsePackageLock(JSON.stringify(value) ?? '', 'package-lock.json', { dependencies: { a: '1' } });
        assert.ok(Array.isArray(result.packages) && Array.isArray(result.problems));
      }),
      { numRuns: 300 },
    );
  });

  it('pnpm-lock.yaml and yarn.lock, from any text', async () => {
    const lines = fc.array(fc.oneof(fc.string(), fc.constantFrom('packages:', '  /a@1.0.0:', '    dependencies:', '      b: 1.0.0', 'importers:', '  .:', '__metadata:', '"a@npm:^1":', '  version: 1', 'a@^1:', '  version "1"', '  dependencies:', '    b "^1"')), { maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(lines, async (parts) => {
        const text = parts.join('\n');
        for (const result of [await parsePnpmLock(text, 'pnpm-lock.yaml'), await parseYarnLock(text, 'yarn.lock', [{ relativeDir: '', manifest: { dependencies: { a: '^1' } } }])]) {
          assert.ok(Array.isArray(result.packages) && Array.isArray(result.problems));
          assert.ok(result.problems.every((problem) => !problem.includes('\n')));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('npm data helpers', () => {
  const sha512 = createHash('sha512').update('x').digest();
  const sha1 = createHash('sha1').update('x').digest();
  const integrities: Array<[string, unknown, ReturnType<typeof integrityToHashes>]> = [
    ['sha512', `sha512-${sha512.toString('base64')}`, [{ algorithm: 'SHA-512', hex: sha512.toString('hex') }]],
    ['sha1', `sha1-${sha1.toString('base64')}`, [{ algorithm: 'SHA-1', hex: sha1.toString('hex') }]],
    ['several, with options', `sha512-${sha512.toString('base64')}?foo sha1-${sha1.toString('base64')}`, [{ algorithm: 'SHA-512', hex: sha512.toString('hex') }, { algorithm: 'SHA-1', hex: sha1.toString('hex') }]],
    ['an unknown algorithm', `md5-${sha1.toString('base64')}`, undefined],
    ['a digest of the wrong length', `sha512-${sha1.toString('base64')}`, undefined],
    ['not a string', 42, undefined],
  ];
  for (const [title, integrity, expected] of integrities) {
    it(`integrity: ${title}`, () => {
      assert.deepEqual(integrityToHashes(integrity), expected);
    });
  }

  const licenses: Array<[string, Record<string, unknown>, ReturnType<typeof licenseOfManifest>]> = [
    ['a string', { license: 'MIT' }, { kind: 'declared', value: 'MIT' }],
    ['an expression', { license: '(MIT OR Apache-2.0)' }, { kind: 'declared', value: '(MIT OR Apache-2.0)' }],
    ['the legacy object', { license: { type: 'ISC', url: 'https://x' } }, { kind: 'declared', value: 'ISC' }],
    ['a licenses array', { licenses: [{ type: 'MIT' }, { type: 'GPL-2.0' }] }, { kind: 'declared', value: ['MIT', 'GPL-2.0'] }],
    ['a licenses array of one', { licenses: [{ type: 'MIT', url: 'x' }] }, { kind: 'declared', value: 'MIT' }],
    ['a licenses string', { licenses: 'BSD-2-Clause' }, { kind: 'declared', value: 'BSD-2-Clause' }],
    ['a licenses object', { licenses: { type: 'WTFPL' } }, { kind: 'declared', value: 'WTFPL' }],
    ['a license array (wrong, but seen)', { license: ['MIT', 'MIT'] }, { kind: 'declared', value: 'MIT' }],
    ['license before licenses', { license: 'MIT', licenses: [{ type: 'GPL-3.0' }] }, { kind: 'declared', value: 'MIT' }],
    ['an empty license, then licenses', { license: ' ', licenses: [{ type: 'GPL-3.0' }] }, { kind: 'declared', value: 'GPL-3.0' }],
    ['SEE LICENSE IN', { license: 'SEE LICENSE IN ./docs/TERMS.md' }, { kind: 'file', file: './docs/TERMS.md', raw: 'SEE LICENSE IN ./docs/TERMS.md' }],
    ['see licence in, any case', { license: 'see licence in LICENCE' }, { kind: 'file', file: 'LICENCE', raw: 'see licence in LICENCE' }],
    ['UNLICENSED', { license: 'UNLICENSED' }, { kind: 'declared', value: 'UNLICENSED' }],
    ['nothing', { name: 'x' }, { kind: 'none' }],
    ['objects without a type', { license: { url: 'x' }, licenses: [{}] }, { kind: 'none' }],
  ];
  for (const [title, manifestFields, expected] of licenses) {
    it(`license field: ${title}`, () => {
      assert.deepEqual(licenseOfManifest(manifestFields), expected);
    });
  }

  it('license files: LICENSE first, then documents, COPYING and qualified names; never code', () => {
    assert.deepEqual(licenseFileCandidates(['index.js', 'COPYING', 'LICENSE-MIT', 'license.md', 'LICENSE', 'license.js', 'README.md']), ['LICENSE', 'license.md', 'COPYING', 'LICENSE-MIT']);
  });

  const workspaces: Array<[string, Record<string, unknown> | undefined, string[]]> = [
    ['an array', { workspaces: ['packages/*', 'tools/cli'] }, ['packages/*', 'tools/cli']],
    ['{ packages }', { workspaces: { packages: ['apps/*'], nohoist: ['**/x'] } }, ['apps/*']],
    ['junk', { workspaces: 'packages/*' }, []],
    ['none', undefined, []],
  ];
  for (const [title, fields, expected] of workspaces) {
    it(`workspaces: ${title}`, () => {
      assert.deepEqual(manifestWorkspacePatterns(fields), expected);
    });
  }

  it('pnpm-workspace.yaml packages', () => {
    assert.deepEqual(pnpmWorkspacePatterns("packages:\n  - 'packages/*'\n  - '!**/test/**'\n"), ['packages/*', '!**/test/**']);
    assert.deepEqual(pnpmWorkspacePatterns('catalog:\n  react: ^18\n'), []);
  });

  const globs: Array<[string, string, boolean]> = [
    ['packages/*', 'packages/a', true],
    ['packages/*', 'packages/a/b', false],
    ['packages/**', 'packages/a/b', true],
    ['**/test/**', 'packages/a/test/x', true],
    ['**/test', 'test', true],
    ['packages/a?', 'packages/ab', true],
    ['packages/a.b', 'packages/axb', false],
  ];
  for (const [glob, candidate, matches] of globs) {
    it(`glob ${glob} ${matches ? 'matches' : 'does not match'} ${candidate}`, () => {
      assert.equal(globToRegExp(glob).test(candidate), matches);
    });
  }

  it('scopes: the strongest path wins, unreachable nodes have none', async () => {
    const edges: Record<string, Array<readonly [string, EdgeKind]>> = {
      app: [['shared', 'prod']],
      devtool: [['shared', 'prod'], ['devonly', 'prod']],
      opt: [['optdep', 'prod']],
      peerhost: [['peer', 'peer']],
    };
    const kinds = await computeKinds<string>(
      [
        ['app', 'prod'],
        ['devtool', 'dev'],
        ['opt', 'optional'],
        ['peerhost', 'prod'],
      ],
      (node) => edges[node] ?? [],
    );
    assert.deepEqual(Object.fromEntries([...kinds].sort()), {
      app: 'prod',
      devonly: 'dev',
      devtool: 'dev',
      opt: 'optional',
      optdep: 'optional',
      peer: 'peer',
      peerhost: 'prod',
      shared: 'prod',
    });
  });
});
