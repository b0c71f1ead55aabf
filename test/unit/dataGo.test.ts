import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  escapeModulePath,
  findReplace,
  goModCache,
  h1Hex,
  isLocalPath,
  parseGoSum,
  parseVendorModules,
  readGoModDirectives,
  resolveGo,
  unescapeModulePath,
} from '../../src/core/data/go';
import { folderLicense } from '../../src/core/data/go/licenseFiles';
import type { ResolvedPackage, ResolverOptions } from '../../src/core/data/types';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/go');
const HOME = path.join(FIXTURES, 'home');
const OPTIONS: ResolverOptions = { home: HOME, env: {} };

function hex(base64: string): string {
  return Buffer.from(base64, 'base64').toString('hex');
}

function byName(packages: readonly ResolvedPackage[]): Map<string, ResolvedPackage> {
  return new Map(packages.map((found) => [found.name, found]));
}

describe('Go module path case encoding', () => {
  const cases: [string, string][] = [
    ['github.com/BurntSushi/toml', 'github.com/!burnt!sushi/toml'],
    ['github.com/Azure/azure-sdk-for-go', 'github.com/!azure/azure-sdk-for-go'],
    ['golang.org/x/text', 'golang.org/x/text'],
    ['example.com/ABC', 'example.com/!a!b!c'],
    ['v1.0.0-RC1', 'v1.0.0-!r!c1'],
    ['', ''],
  ];
  for (const [plain, escaped] of cases) {
    it(`${JSON.stringify(plain)} ⇄ ${JSON.stringify(escaped)}`, () => {
      assert.equal(escapeModulePath(plain), escaped);
      assert.equal(unescapeModulePath(escaped), plain);
    });
  }
  for (const invalid of ['github.com/Upper', 'bad!', 'bad!1', 'x/!!y']) {
    it(`refuses ${JSON.stringify(invalid)} as an escaped path`, () => assert.equal(unescapeModulePath(invalid), null));
  }
});

describe('go.sum reader', () => {
  it('keeps h1 hashes of module trees as SHA-256 hex and skips /go.mod lines', () => {
    const sum = parseGoSum(
      [
        'github.com/BurntSushi/toml v1.3.2 h1:o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=',
        'github.com/BurntSushi/toml v1.3.2/go.mod h1:CxXYINrC8qIiEnFrOxCa7Jy5BFHlXnUU2pbicEuybxQ=',
        '',
        'example.com/future v1.0.0 h2:somethingelse',
      ].join('\r\n'),
    );
    assert.deepEqual([...sum.hashes], [['github.com/BurntSushi/toml v1.3.2', hex('o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=')]]);
    assert.equal(sum.hashes.get('github.com/BurntSushi/toml v1.3.2')?.length, 64);
    assert.deepEqual(sum.problems, []);
  });

  it('reports malformed lines once', () => {
    const sum = parseGoSum('a v1 h1:not-base64!\nonly two\nb v1 h1:o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=\n');
    assert.equal(sum.hashes.size, 1);
    assert.deepEqual(sum.problems, ['2 lines are not `module version h1:hash` (first: line 1)']);
  });

  const hashes: [string, string | undefined][] = [
    ['h1:o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=', hex('o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=')],
    ['h1:short=', undefined],
    ['h2:o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=', undefined],
  ];
  for (const [hash, expected] of hashes) {
    it(`h1Hex(${hash.slice(0, 12)}…)`, () => assert.equal(h1Hex(hash), expected));
  }
});

describe('go.mod replace directives', () => {
  const text = [
    'module example.com/app // the app',
    'replace example.com/a => example.com/b v1.2.0',
    'replace (',
    '\texample.com/c v1.0.0 => ../c',
    '\t"example.com/d" v2.0.0 => example.com/e v2.1.0 // pinned',
    '\texample.com/d => example.com/f v3.0.0',
    '\texample.com/bad =>',
    '\texample.com/nov => example.com/g',
    ')',
  ].join('\n');
  const directives = readGoModDirectives(text);

  it('reads module and every replace form', () => {
    assert.equal(directives.module, 'example.com/app');
    assert.deepEqual(directives.replaces, [
      { oldPath: 'example.com/a', newPath: 'example.com/b', newVersion: 'v1.2.0', local: false },
      { oldPath: 'example.com/c', oldVersion: 'v1.0.0', newPath: '../c', local: true },
      { oldPath: 'example.com/d', oldVersion: 'v2.0.0', newPath: 'example.com/e', newVersion: 'v2.1.0', local: false },
      { oldPath: 'example.com/d', newPath: 'example.com/f', newVersion: 'v3.0.0', local: false },
    ]);
    assert.equal(directives.problems.length, 2);
  });

  const lookups: [string, string, string | undefined][] = [
    ['example.com/a', 'v0.1.0', 'example.com/b'],
    ['example.com/c', 'v1.0.0', '../c'],
    ['example.com/c', 'v1.0.1', undefined],
    ['example.com/d', 'v2.0.0', 'example.com/e'],
    ['example.com/d', 'v2.0.1', 'example.com/f'],
    ['example.com/z', 'v1.0.0', undefined],
  ];
  for (const [module, version, expected] of lookups) {
    it(`replace for ${module}@${version} → ${expected ?? 'none'}`, () => assert.equal(findReplace(directives.replaces, module, version)?.newPath, expected));
  }

  it('a directive inside an unclosed block ends the block, as in the manifest parser', () => {
    const unclosed = readGoModDirectives('require (\n\ta.com/x v1.0.0\nreplace a.com/x => ./x\n');
    assert.deepEqual(unclosed.replaces, [{ oldPath: 'a.com/x', newPath: './x', local: true }]);
  });

  it('tells local folders from module paths', () => {
    for (const local of ['./x', '../x', '/abs/x', 'C:\\x', '.', '..']) {
      assert.equal(isLocalPath(local), true, local);
    }
    for (const module of ['example.com/x', '.hidden/x', 'x']) {
      assert.equal(isLocalPath(module), false, module);
    }
  });
});

describe('vendor/modules.txt reader', () => {
  it('reads modules, replacements, explicit markers and packages', () => {
    const { modules, problems } = parseVendorModules(
      ['# a.com/x v1.0.0', '## explicit; go 1.18', 'a.com/x', 'a.com/x/sub', '# b.com/y v0.1.0 => c.com/z v0.2.0', 'b.com/y', '# d.com/w => ./w', '## explicit', '# broken a b c d'].join('\n'),
    );
    assert.deepEqual(modules, [
      { path: 'a.com/x', version: 'v1.0.0', explicit: true, packages: ['a.com/x', 'a.com/x/sub'] },
      { path: 'b.com/y', version: 'v0.1.0', replacement: { path: 'c.com/z', version: 'v0.2.0' }, explicit: false, packages: ['b.com/y'] },
      { path: 'd.com/w', replacement: { path: './w' }, explicit: true, packages: [] },
    ]);
    assert.equal(problems.length, 1);
  });
});

describe('resolveGo', () => {
  it('finds the module cache the way the go command does', () => {
    const home = path.join(path.sep, 'h');
    assert.equal(goModCache({ home, env: {} }), path.join(home, 'go', 'pkg', 'mod'));
    assert.equal(goModCache({ home, env: { GOPATH: ['', path.join(path.sep, 'gp'), path.join(path.sep, 'other')].join(path.delimiter) } }), path.join(path.sep, 'gp', 'pkg', 'mod'));
    assert.equal(goModCache({ home, env: { GOPATH: path.join(path.sep, 'gp'), GOMODCACHE: path.join(path.sep, 'mc') } }), path.join(path.sep, 'mc'));
  });

  it('resolves go.mod with replace directives, go.sum hashes and licenses from the module cache', async () => {
    const result = await resolveGo(path.join(FIXTURES, 'project'), OPTIONS);
    const packages = byName(result.packages);
    assert.deepEqual([...packages.keys()].sort(), ['example.com/Upper', 'example.com/local', 'example.com/missing', 'example.com/new', 'github.com/BurntSushi/toml', 'golang.org/x/text']);

    const toml = packages.get('github.com/BurntSushi/toml');
    assert.equal(toml?.version, 'v1.3.2');
    assert.equal(toml?.direct, true);
    assert.equal(toml?.source, 'go.mod');
    assert.equal(toml?.license?.value, 'MIT');
    assert.equal(toml?.license?.source, 'github.com/BurntSushi/toml@v1.3.2/COPYING text');
    assert.ok((toml?.license?.confidence ?? 0) > 0.9);
    assert.deepEqual(toml?.hashes, [{ algorithm: 'SHA-256', hex: hex('o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=') }]);
    assert.ok(toml?.path?.endsWith(path.join('github.com', '!burnt!sushi', 'toml@v1.3.2')));
    assert.equal(toml?.dependencies, undefined);

    const text = packages.get('golang.org/x/text');
    assert.equal(text?.direct, false);
    assert.equal(text?.license?.value, 'BSD-3-Clause');

    // example.com/old v1.0.0 => example.com/new v1.1.0: the replacement is what is built.
    const replaced = packages.get('example.com/new');
    assert.equal(replaced?.version, 'v1.1.0');
    assert.equal(replaced?.source, 'go.mod replace');
    assert.equal(replaced?.license?.value, 'ISC');
    assert.deepEqual(replaced?.hashes, [{ algorithm: 'SHA-256', hex: hex('q3kC0mGdzNvkyJQ8mRgdzd8Gv0TUXBlCiCXzmQ1wgGk=') }]);

    const local = packages.get('example.com/local');
    assert.equal(local?.version, 'v0.0.0-00010101000000-000000000000');
    assert.equal(local?.license?.value, 'BSD-2-Clause');
    assert.equal(local?.license?.source, './local/LICENSE text');
    assert.equal(local?.hashes, undefined);

    // Case-encoded path and version, two qualified license files: both listed (ANDed).
    const upper = packages.get('example.com/Upper');
    assert.deepEqual(upper?.license?.value, ['BSD-2-Clause', 'MIT']);
    assert.equal(upper?.license?.source, 'example.com/Upper@v2.0.0+incompatible/LICENSE-BSD, LICENSE-MIT text');
    assert.deepEqual(upper?.hashes, [{ algorithm: 'SHA-256', hex: '00'.repeat(32) }]);

    assert.equal(packages.get('example.com/missing')?.license, undefined);
    assert.deepEqual(result.problems.length, 1, result.problems.join('\n'));
    assert.match(result.problems[0], /^1 of 6 modules are not in the module cache/);
    assert.ok(result.files.some((file) => file.endsWith('go.sum')));
  });

  it('honours GOMODCACHE', async () => {
    const result = await resolveGo(path.join(FIXTURES, 'project'), { home: path.join(FIXTURES, 'nowhere'), env: { GOMODCACHE: path.join(HOME, 'go', 'pkg', 'mod') } });
    assert.equal(byName(result.packages).get('golang.org/x/text')?.license?.value, 'BSD-3-Clause');
  });

  it('reads licenses from vendor/ and modules only vendor/modules.txt lists', async () => {
    const result = await resolveGo(path.join(FIXTURES, 'vendored'), { home: path.join(FIXTURES, 'nowhere'), env: {} });
    const packages = byName(result.packages);
    const errors = packages.get('github.com/pkg/errors');
    assert.equal(errors?.direct, true);
    assert.equal(errors?.license?.value, 'BSD-2-Clause');
    assert.equal(errors?.license?.source, 'vendor/github.com/pkg/errors/LICENSE text');
    assert.equal(errors?.hashes?.length, 1);
    const sys = packages.get('golang.org/x/sys');
    assert.equal(sys?.version, 'v0.1.0');
    assert.equal(sys?.direct, false);
    assert.equal(sys?.source, 'vendor/modules.txt');
    assert.deepEqual(result.problems, []);
  });

  it('a broken go.mod and go.sum give one-line problems and what could be read', async () => {
    const result = await resolveGo(path.join(FIXTURES, 'broken'), { home: path.join(FIXTURES, 'nowhere'), env: {} });
    assert.ok(result.packages.some((found) => found.name === 'github.com/a/b'));
    assert.ok(result.problems.some((problem) => problem.startsWith('go.mod: ')));
    assert.ok(result.problems.some((problem) => problem.startsWith('go.sum: ')));
    assert.ok(result.problems.every((problem) => !problem.includes('\n')));
  });

  it('a LICENSE holding several licenses lists them all, in its order (klauspost/compress v1.15.12)', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'ospo-go-license-'));
    try {
      copyFileSync(path.resolve(FIXTURES, '..', 'licenseText', 'several-klauspost-compress.txt'), path.join(folder, 'LICENSE'));
      const found = await folderLicense(folder, 'github.com/klauspost/compress@v1.15.12', [], []);
      assert.deepEqual(found.license?.value, ['BSD-3-Clause', 'Apache-2.0', 'MIT']);
      assert.equal(found.license?.source, 'github.com/klauspost/compress@v1.15.12/LICENSE text (3 licenses in one file)');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a folder without go.mod gives nothing, quietly', async () => {
    assert.deepEqual(await resolveGo(path.join(FIXTURES, 'nowhere'), OPTIONS), { packages: [], files: [], problems: [] });
  });
});
