import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { mergeDrafts, parsePipfileLock, parsePoetryLock, parseUvLock, resolvePypi } from '../../src/core/data/pypi';
import { lockDrafts, type LockEntry } from '../../src/core/data/pypi/lockGraph';
import type { ResolvedPackage } from '../../src/core/data/types';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/pypi');
const OPTIONS = { home: path.join(FIXTURES, 'no-home'), env: {} };

/** `name@version scope direct → deps` lines, sorted, for compact table comparisons. */
function summary(packages: readonly ResolvedPackage[]): string[] {
  return packages
    .map((item) => `${item.name}@${item.version}${item.scope ? ` ${item.scope}` : ''}${item.direct ? ' direct' : ''}${item.dependencies ? ` → ${[...item.dependencies].sort().join(' ')}` : ''}`)
    .sort();
}

function drafts(entries: readonly LockEntry[], source: string): ResolvedPackage[] {
  return mergeDrafts(lockDrafts(entries, source));
}

describe('PyPI data: poetry.lock', () => {
  const cases: readonly { readonly title: string; readonly text: string; readonly expected: readonly string[] }[] = [
    {
      title: 'Poetry 1.4: category = "dev"; old [metadata.files] hashes',
      text: [
        '[[package]]',
        'name = "black"',
        'version = "23.1.0"',
        'category = "dev"',
        'optional = false',
        '',
        '[package.dependencies]',
        'click = ">=8.0.0"',
        '',
        '[[package]]',
        'name = "click"',
        'version = "8.1.3"',
        'category = "main"',
        'optional = false',
        '',
        '[metadata]',
        'lock-version = "1.1"',
        '',
        '[metadata.files]',
        'click = [',
        '    {file = "click-8.1.3.tar.gz", hash = "sha256:7682dc8afb30297001674575ea00d1814d808d6a36af415a82bd481d37ba7b8e"},',
        ']',
      ].join('\n'),
      expected: ['black@23.1.0 dev → click@8.1.3', 'click@8.1.3'],
    },
    {
      title: 'Poetry 1.5–1.8: no group recorded, so no scope',
      text: ['[[package]]', 'name = "attrs"', 'version = "23.2.0"', 'optional = false', 'python-versions = ">=3.7"', 'files = []'].join('\n'),
      expected: ['attrs@23.2.0'],
    },
    {
      title: 'a dependency per marker, one asked-for extra, and optional dependencies only behind extras',
      text: [
        '[[package]]',
        'name = "app-lib"',
        'version = "1.0.0"',
        'groups = ["main", "dev"]',
        '',
        '[package.dependencies]',
        'numpy = [',
        '    {version = ">=1.26", markers = "python_version >= \\"3.12\\""},',
        '    {version = ">=1.22", markers = "python_version < \\"3.12\\""},',
        ']',
        'requests = {version = "^2.31", extras = ["socks"]}',
        'tomli = {version = ">=1", markers = "extra == \\"toml\\""}',
        '',
        '[[package]]',
        'name = "numpy"',
        'version = "1.26.4"',
        'groups = ["main"]',
        '',
        '[[package]]',
        'name = "requests"',
        'version = "2.32.3"',
        'groups = ["main"]',
        '',
        '[package.dependencies]',
        'PySocks = {version = ">=1.5.6,!=1.5.7", optional = true}',
        'chardet = {version = ">=3.0.2,<6", optional = true}',
        '',
        '[package.extras]',
        'socks = ["PySocks (>=1.5.6,!=1.5.7)"]',
        'use-chardet-on-py3 = ["chardet (>=3.0.2,<6)"]',
        '',
        '[[package]]',
        'name = "PySocks"',
        'version = "1.7.1"',
        'groups = ["main"]',
        '',
        '[[package]]',
        'name = "chardet"',
        'version = "5.2.0"',
        'optional = true',
        'groups = ["main"]',
        '',
        '[[package]]',
        'name = "tomli"',
        'version = "2.0.1"',
        'groups = ["dev"]',
      ].join('\n'),
      expected: ['PySocks@1.7.1', 'app-lib@1.0.0 → numpy@1.26.4 requests@2.32.3', 'chardet@5.2.0 optional', 'numpy@1.26.4', 'requests@2.32.3 → PySocks@1.7.1', 'tomli@2.0.1 dev'],
    },
  ];
  for (const row of cases) {
    it(row.title, () => {
      const parsed = parsePoetryLock(row.text);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(summary(drafts(parsed.entries, 'poetry.lock')), row.expected);
    });
  }

  it('reads hashes from files and from the Poetry 1.0 [metadata.files] table', () => {
    const parsed = parsePoetryLock(
      [
        '[[package]]',
        'name = "click"',
        'version = "8.1.3"',
        'files = [',
        '    {file = "click-8.1.3-py3-none-any.whl", hash = "sha256:bb4d8133cb15a609f44e8213d9b391b0809795062913b383c62be0ee95b1db48"},',
        '    {file = "click-8.1.3.tar.gz", hash = "md5:0123456789abcdef0123456789abcdef"},',
        ']',
      ].join('\n'),
    );
    assert.deepEqual(parsed.entries[0].hashes, [{ algorithm: 'SHA-256', hex: 'bb4d8133cb15a609f44e8213d9b391b0809795062913b383c62be0ee95b1db48' }], 'md5 is no PackageHash');
    const old = parsePoetryLock(cases[0].text);
    assert.deepEqual(
      old.entries.map((entry) => entry.hashes.map((hash) => hash.hex.slice(0, 8))),
      [[], ['7682dc8a']],
    );
  });
});

describe('PyPI data: uv.lock', () => {
  it('the project is the root: its dependencies are direct, dev groups and extras give scopes, asked-for extras are followed', async () => {
    const result = await resolvePypi(path.join(FIXTURES, 'uv-project'), OPTIONS);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(summary(result.packages), [
      'anyio@4.4.0 → idna@3.7 sniffio@1.3.1',
      'colorama@0.4.6',
      'h11@0.14.0',
      'httpx@0.27.0 direct → anyio@4.4.0 idna@3.7 sniffio@1.3.1',
      'idna@3.7',
      'iniconfig@2.0.0 dev',
      'pytest@8.2.2 dev direct → colorama@0.4.6 iniconfig@2.0.0',
      'sniffio@1.3.1',
      'socksio@1.0.0 optional direct',
      'uvicorn@0.30.1 direct → colorama@0.4.6 h11@0.14.0 watchfiles@0.22.0',
      'watchfiles@0.22.0 → anyio@4.4.0',
    ]);
    const anyio = result.packages.find((item) => item.name === 'anyio');
    assert.deepEqual(
      anyio?.hashes?.map((hash) => hash.hex.slice(0, 8)),
      ['5aadc6a1', 'c1b2d8f4'],
      'sdist first, then wheels',
    );
    // The sdist's URL is the release's download location; a wheel is one platform's build.
    assert.equal(anyio?.downloadUrl, 'https://files.pythonhosted.org/packages/e6/e3/c4c8d473d6780ef1853d630d581f70d655b4f8d7553c6997958c283039a2/anyio-4.4.0.tar.gz');
    assert.ok(!result.packages.some((item) => item.name === 'demo-service'), 'the project itself is not a package');
  });

  it('workspace members are roots; a dependency may name the version among several', () => {
    const parsed = parseUvLock(
      [
        'version = 1',
        '',
        '[manifest]',
        'members = ["api", "Core-Lib"]',
        '',
        '[[package]]',
        'name = "api"',
        'version = "0.1.0"',
        'source = { editable = "packages/api" }',
        'dependencies = [',
        '    { name = "core-lib" },',
        '    { name = "numpy", version = "2.0.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= \'3.10\'" },',
        ']',
        '',
        '[[package]]',
        'name = "core-lib"',
        'version = "0.1.0"',
        'source = { editable = "packages/core" }',
        'dependencies = [{ name = "numpy", version = "1.26.4", source = { registry = "https://pypi.org/simple" } }]',
        '',
        '[[package]]',
        'name = "numpy"',
        'version = "1.26.4"',
        'source = { registry = "https://pypi.org/simple" }',
        '',
        '[[package]]',
        'name = "numpy"',
        'version = "2.0.0"',
        'source = { registry = "https://pypi.org/simple" }',
        '',
        '[[package]]',
        'name = "local-tool"',
        'version = "0.2.0"',
        'source = { directory = "../tool" }',
      ].join('\n'),
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(summary(drafts(parsed.entries, 'uv.lock')), ['local-tool@0.2.0', 'numpy@1.26.4 direct', 'numpy@2.0.0 direct']);
    const local = parsed.entries.find((entry) => entry.name === 'local-tool');
    assert.equal(local?.scopeKnown, false, 'a package no root reaches has no known group');
  });

  it('a virtual root (no version) is a root too', () => {
    const parsed = parseUvLock(['[[package]]', 'name = "scripts"', 'source = { virtual = "." }', 'dependencies = [{ name = "rich" }]', '', '[[package]]', 'name = "rich"', 'version = "13.7.1"', 'source = { registry = "https://pypi.org/simple" }'].join('\n'));
    assert.deepEqual(summary(drafts(parsed.entries, 'uv.lock')), ['rich@13.7.1 direct']);
  });
});

describe('PyPI data: Pipfile.lock', () => {
  it('default and develop; a package in both is not dev; unpinned (git) entries and _meta left out', async () => {
    const result = await resolvePypi(path.join(FIXTURES, 'pipenv-project'), OPTIONS);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(summary(result.packages), ['django@5.0.6', 'pytest@8.2.2 dev', 'sphinx@7.3.7', 'sqlparse@0.5.0']);
    const django = result.packages.find((item) => item.name === 'django');
    assert.deepEqual(django?.hashes?.length, 2);
    assert.equal(django?.source, 'Pipfile.lock');
  });

  const broken: readonly (readonly [string, string, RegExp])[] = [
    ['invalid JSON', '{"default": {', /^is not valid JSON/],
    ['a JSON array', '[]', /^is not a Pipfile\.lock/],
  ];
  for (const [title, text, problem] of broken) {
    it(`${title} is a problem, not an exception`, () => {
      const parsed = parsePipfileLock(text);
      assert.deepEqual(parsed.entries, []);
      assert.equal(parsed.problems.length, 1);
      assert.match(parsed.problems[0], problem);
    });
  }

  it('tolerates odd entries', () => {
    const parsed = parsePipfileLock(JSON.stringify({ default: { a: null, b: { version: 7 }, c: { version: '>=1' }, d: { version: '===1.0', hashes: 'sha256:x' } }, develop: [] }));
    assert.deepEqual(
      parsed.entries.map((entry) => `${entry.name}@${entry.version}`),
      ['d@1.0'],
    );
  });
});

describe('PyPI data: merging records of several sources', () => {
  it('uses the published spelling from METADATA for the name and in every dependency id', () => {
    const merged = mergeDrafts([
      { name: 'pyyaml', fromMetadata: false, version: '6.0.1', source: 'poetry.lock', hashes: [], dependencies: [], scopeKnown: true, direct: false },
      { name: 'app', fromMetadata: false, version: '1.0', source: 'poetry.lock', hashes: [], dependencies: ['pyyaml@6.0.1'], scopeKnown: true, direct: false },
      { name: 'PyYAML', fromMetadata: true, version: '6.0.1', source: '.venv', hashes: [], dependencies: [], scopeKnown: false, direct: false, path: '/x/PyYAML-6.0.1.dist-info' },
    ]);
    assert.deepEqual(
      merged.map((item) => [item.name, item.source, item.path, item.dependencies]),
      [
        ['PyYAML', 'poetry.lock', '/x/PyYAML-6.0.1.dist-info', undefined],
        ['app', 'poetry.lock', undefined, ['PyYAML@6.0.1']],
      ],
    );
  });

  it('keeps a declared license over one identified from text', () => {
    const [merged] = mergeDrafts([
      { name: 'x', fromMetadata: true, version: '1', source: 'a', license: { value: 'MIT', source: 'LICENSE text', confidence: 0.95 }, hashes: [], dependencies: [], scopeKnown: false, direct: false },
      { name: 'x', fromMetadata: true, version: '1', source: 'b', license: { value: 'Apache-2.0', source: 'METADATA License-Expression' }, hashes: [], dependencies: [], scopeKnown: false, direct: false },
    ]);
    assert.deepEqual(merged.license, { value: 'Apache-2.0', source: 'METADATA License-Expression' });
  });
});
