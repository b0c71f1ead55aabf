import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CargoLockIndex, parseCargoLock, parseDependencyRef, resolveCargo } from '../../src/core/data/cargo';
import { expandMemberGlobs, readCargoManifestFields } from '../../src/core/data/cargo/cargoManifest';
import type { ResolvedPackage, ResolverOptions } from '../../src/core/data/types';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/cargo');
const HOME = path.join(FIXTURES, 'home');
const OPTIONS: ResolverOptions = { home: HOME, env: {} };
const SERDE_SUM = '7253ab4de971e72fb7be983802300c30b5a7f0c2e56fab8abfc6a214307c0094';
const ITOA_SUM = '49f1f14873335454500d59611f1cf4a4b0f786f9ac11f4312a78e4cf2566695b';
const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';

function byName(packages: readonly ResolvedPackage[]): Map<string, ResolvedPackage> {
  return new Map(packages.map((found) => [found.name, found]));
}

describe('Cargo.lock reader', () => {
  const cases: { title: string; text: string; version: number | null; packages: { name: string; version: string; sourceKind: string; checksum?: string; dependencies?: string[] }[]; problems?: number }[] = [
    {
      title: 'v4 with registry, git and path sources',
      text: [
        'version = 4',
        '',
        '[[package]]',
        'name = "app"',
        'version = "0.1.0"',
        'dependencies = [',
        ' "serde",',
        ' "toolkit",',
        ']',
        '',
        '[[package]]',
        'name = "serde"',
        'version = "1.0.203"',
        `source = "${CRATES_IO}"`,
        `checksum = "${SERDE_SUM.toUpperCase()}"`,
        '',
        '[[package]]',
        'name = "toolkit"',
        'version = "0.9.0"',
        'source = "git+https://github.com/example/toolkit?branch=main#0123456789abcdef"',
      ].join('\n'),
      version: 4,
      packages: [
        { name: 'app', version: '0.1.0', sourceKind: 'path', dependencies: ['serde', 'toolkit'] },
        { name: 'serde', version: '1.0.203', sourceKind: 'registry', checksum: SERDE_SUM },
        { name: 'toolkit', version: '0.9.0', sourceKind: 'git' },
      ],
    },
    {
      title: 'v3 with a sparse registry and two versions of one crate',
      text: [
        'version = 3',
        '[[package]]',
        'name = "a"',
        'version = "1.0.0"',
        'source = "sparse+https://index.crates.io/"',
        'checksum = "not-a-sha"',
        'dependencies = ["b 1.0.0", "b 2.0.0"]',
        '[[package]]',
        'name = "b"',
        'version = "1.0.0"',
        `source = "${CRATES_IO}"`,
        '[[package]]',
        'name = "b"',
        'version = "2.0.0"',
        `source = "${CRATES_IO}"`,
      ].join('\n'),
      version: 3,
      packages: [
        { name: 'a', version: '1.0.0', sourceKind: 'registry', dependencies: ['b 1.0.0', 'b 2.0.0'] },
        { name: 'b', version: '1.0.0', sourceKind: 'registry' },
        { name: 'b', version: '2.0.0', sourceKind: 'registry' },
      ],
    },
    {
      title: 'v1: no version field, checksums in [metadata], full dependency references',
      text: [
        '[[package]]',
        'name = "tool"',
        'version = "0.1.0"',
        `dependencies = ["itoa 1.0.11 (${CRATES_IO})"]`,
        '',
        '[[package]]',
        'name = "itoa"',
        'version = "1.0.11"',
        `source = "${CRATES_IO}"`,
        '',
        '[metadata]',
        `"checksum itoa 1.0.11 (${CRATES_IO})" = "${ITOA_SUM}"`,
      ].join('\n'),
      version: null,
      packages: [
        { name: 'tool', version: '0.1.0', sourceKind: 'path', dependencies: [`itoa 1.0.11 (${CRATES_IO})`] },
        { name: 'itoa', version: '1.0.11', sourceKind: 'registry', checksum: ITOA_SUM },
      ],
    },
    {
      title: 'broken lines and entries without a name are problems, the rest is kept',
      text: ['version = 3', '[[package]]', 'name = "ok"', 'version = "1.0.0"', '[[package]]', 'name = "half', 'version = ', '[[package]]', 'version = "2.0.0"'].join('\n'),
      version: 3,
      packages: [{ name: 'ok', version: '1.0.0', sourceKind: 'path' }],
      problems: 2,
    },
    { title: 'empty text', text: '', version: null, packages: [] },
  ];
  for (const testCase of cases) {
    it(testCase.title, () => {
      const lock = parseCargoLock(testCase.text);
      assert.equal(lock.version, testCase.version);
      assert.deepEqual(
        lock.packages.map((found) => ({
          name: found.name,
          version: found.version,
          sourceKind: found.sourceKind,
          ...(found.checksum ? { checksum: found.checksum } : {}),
          ...(found.dependencies.length > 0 ? { dependencies: [...found.dependencies] } : {}),
        })),
        testCase.packages,
      );
      assert.equal(lock.problems.length, testCase.problems ?? 0, lock.problems.join('\n'));
    });
  }

  const refs: [string, ReturnType<typeof parseDependencyRef>][] = [
    ['serde', { name: 'serde' }],
    ['serde 1.0.0', { name: 'serde', version: '1.0.0' }],
    [`serde 1.0.0 (${CRATES_IO})`, { name: 'serde', version: '1.0.0', source: CRATES_IO }],
    ['  ', null],
  ];
  for (const [entry, expected] of refs) {
    it(`dependency reference ${JSON.stringify(entry)}`, () => assert.deepEqual(parseDependencyRef(entry), expected));
  }

  it('resolves references by name, version and source', () => {
    const lock = parseCargoLock(cases[1].text);
    const index = new CargoLockIndex(lock.packages);
    assert.equal(index.resolve('a')?.version, '1.0.0');
    assert.equal(index.resolve('b 2.0.0')?.version, '2.0.0');
    assert.equal(index.resolve(`b 1.0.0 (${CRATES_IO})`)?.version, '1.0.0');
    assert.equal(index.resolve('b 3.0.0'), undefined);
    assert.equal(index.resolve('missing'), undefined);
  });
});

describe('Cargo.toml fields and workspace members', () => {
  it('reads package.license, license-file and the workspace tables', () => {
    assert.deepEqual(readCargoManifestFields('[package]\nname = "x"\nlicense = "MIT"\nlicense-file = "L"\n'), {
      name: 'x',
      license: 'MIT',
      licenseFile: 'L',
      workspaceMembers: null,
      workspaceExclude: [],
    });
    assert.deepEqual(readCargoManifestFields('[workspace]\nmembers = ["a/*", "b"]\nexclude = ["a/x"]\n').workspaceMembers, ['a/*', 'b']);
    assert.deepEqual(readCargoManifestFields('[workspace]\nresolver = "2"\n').workspaceMembers, []);
    assert.equal(readCargoManifestFields('[project]\nname = "old"\n').name, 'old');
  });

  it('expands member globs and honours exclude', async () => {
    const root = path.join(FIXTURES, 'workspace');
    const folders = await expandMemberGlobs(root, ['crates/*', 'tools/helper'], ['crates/ignored']);
    assert.deepEqual(folders.map((folder) => path.relative(root, folder).split(path.sep).join('/')).sort(), ['crates/app', 'crates/mylib', 'tools/helper']);
    const all = await expandMemberGlobs(root, ['**'], []);
    assert.ok(all.some((folder) => folder.endsWith(path.join('tools', 'helper'))));
  });
});

describe('resolveCargo', () => {
  it('resolves a workspace: members left out, their dependencies direct, licenses from the registry', async () => {
    const result = await resolveCargo(path.join(FIXTURES, 'workspace'), OPTIONS);
    const packages = byName(result.packages);
    assert.deepEqual([...packages.keys()].sort(), ['itoa', 'memchr', 'serde', 'serde_derive', 'shared', 'toolkit']);
    for (const name of ['itoa', 'memchr', 'serde', 'shared', 'toolkit']) {
      assert.equal(packages.get(name)?.direct, true, name);
    }
    assert.equal(packages.get('serde_derive')?.direct, false);

    const serde = packages.get('serde');
    assert.deepEqual(serde?.license, { value: 'MIT OR Apache-2.0', source: 'serde-1.0.203/Cargo.toml package.license' });
    assert.deepEqual(serde?.hashes, [{ algorithm: 'SHA-256', hex: SERDE_SUM }]);
    assert.deepEqual(serde?.dependencies, ['serde_derive@1.0.203']);
    assert.equal(serde?.source, 'Cargo.lock');
    assert.equal(serde?.ecosystem, 'cargo');
    assert.ok(serde?.path?.endsWith(path.join('index.crates.io-6f17d22bba15001f', 'serde-1.0.203')));

    const itoa = packages.get('itoa');
    assert.equal(itoa?.license?.value, 'MIT');
    assert.equal(itoa?.license?.source, 'itoa-1.0.11/LICENSE-MIT text');
    assert.ok((itoa?.license?.confidence ?? 0) > 0.9);

    // The old `/` separator is passed on as written; the evaluator reads it.
    assert.deepEqual(packages.get('memchr')?.license, { value: 'Unlicense/MIT', source: 'memchr-2.7.4/Cargo.toml package.license' });
    assert.deepEqual(packages.get('shared')?.license, { value: 'Apache-2.0', source: '../shared/Cargo.toml package.license' });
    assert.equal(packages.get('toolkit')?.license, undefined);
    assert.equal(packages.get('serde_derive')?.license, undefined);

    assert.ok(result.files.some((file) => file.endsWith('Cargo.lock')));
    assert.ok(result.files.some((file) => file.endsWith(path.join('serde-1.0.203', 'Cargo.toml'))));
    assert.equal(result.problems.length, 1, result.problems.join('\n'));
    assert.match(result.problems[0], /^1 of 4 registry crates are not unpacked/);
  });

  it('honours CARGO_HOME', async () => {
    const result = await resolveCargo(path.join(FIXTURES, 'workspace'), { home: path.join(FIXTURES, 'nowhere'), env: { CARGO_HOME: path.join(HOME, '.cargo') } });
    assert.equal(byName(result.packages).get('serde')?.license?.value, 'MIT OR Apache-2.0');
  });

  it('without a Cargo.toml, crates without a source are the project (v1 lockfile)', async () => {
    const result = await resolveCargo(path.join(FIXTURES, 'lockonly'), OPTIONS);
    assert.deepEqual(
      result.packages.map((found) => [found.name, found.version, found.direct, found.hashes?.[0]?.hex]),
      [['itoa', '1.0.11', true, ITOA_SUM]],
    );
    assert.deepEqual(result.problems, []);
  });

  it('a Cargo.toml without Cargo.lock is one problem', async () => {
    const result = await resolveCargo(path.join(FIXTURES, 'nolock'), OPTIONS);
    assert.deepEqual(result.packages, []);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0], /Cargo\.lock not found/);
  });

  it('a broken Cargo.lock gives problems and what could be read', async () => {
    const result = await resolveCargo(path.join(FIXTURES, 'broken'), OPTIONS);
    assert.deepEqual(result.packages.map((found) => found.name), ['ok']);
    assert.ok(result.problems.length >= 2);
    assert.ok(result.problems.every((problem) => !problem.includes('\n')));
  });

  it('a folder that is not a Cargo project gives nothing, quietly', async () => {
    assert.deepEqual(await resolveCargo(path.join(FIXTURES, 'nowhere'), OPTIONS), { packages: [], files: [], problems: [] });
  });
});

describe('resolveCargo with a directory source (Debian and cargo vendor layouts)', () => {
  // Real crates from Debian's librust-*-dev packages (test/fixtures/registry/cargo/SOURCES.md),
  // laid out at run time as /usr/share/cargo/registry is, or renamed.
  const CRATES = path.resolve(__dirname, '../../../test/fixtures/registry/cargo/crates');
  const LOCKED: Array<[string, string]> = [
    ['fnv', '1.0.7'],
    ['itoa', '1.0.1'],
    ['fuchsia-cprng', '0.1.1'],
    ['nom', '4.2.3'],
    ['nom', '7.1.1'],
  ];
  const lock = [
    'version = 3',
    '',
    '[[package]]',
    'name = "app"',
    'version = "0.1.0"',
    'dependencies = [',
    ...LOCKED.map(([name, version]) => ` "${name} ${version}",`),
    ']',
    '',
    ...LOCKED.flatMap(([name, version]) => ['[[package]]', `name = "${name}"`, `version = "${version}"`, `source = "${CRATES_IO}"`, '']),
  ].join('\n');
  /** What Debian's `cargo prepare-debian` writes into `$CARGO_HOME/config` (package cargo 0.66.0+ds1-1). */
  const debianConfig = (registry: string): string => `[source.crates-io]\nreplace-with = "dh-cargo-registry"\n\n[source.dh-cargo-registry]\ndirectory = "${registry}"\n`;
  let temp: string;
  let debian: string;
  let renamed: string;

  before(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-cargo-dir-'));
    debian = path.join(temp, 'usr', 'share', 'cargo', 'registry');
    renamed = path.join(temp, 'renamed');
    for (const [name, version] of LOCKED) {
      cpSync(path.join(CRATES, `${name}-${version}`), path.join(debian, `${name}-${version}`), { recursive: true });
      cpSync(path.join(CRATES, `${name}-${version}`), path.join(renamed, `${name}-rs-${version.split('.').join('_')}`), { recursive: true });
    }
    mkdirSync(path.join(renamed, 'not-a-crate'));
    writeFileSync(path.join(renamed, 'not-a-crate', 'Cargo.toml'), 'this is [not TOML');
  });

  after(() => rmSync(temp, { recursive: true, force: true }));

  /** A project at `<case>/ws/app`, home at `<case>/home`; `files` are written relative to `<case>`. */
  function project(name: string, files: Record<string, string>): { dir: string; home: string } {
    const base = path.join(temp, 'cases', name);
    const dir = path.join(base, 'ws', 'app');
    mkdirSync(dir, { recursive: true });
    mkdirSync(path.join(base, 'home', '.cargo'), { recursive: true });
    writeFileSync(path.join(dir, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\n');
    writeFileSync(path.join(dir, 'Cargo.lock'), lock);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(base, file)), { recursive: true });
      writeFileSync(path.join(base, file), text);
    }
    return { dir, home: path.join(base, 'home') };
  }

  const found: Array<{ title: string; files: (registries: { debian: string; renamed: string }) => Record<string, string>; env?: 'CARGO_HOME'; folder: (name: string, version: string) => string }> = [
    { title: "the project's .cargo/config.toml", files: ({ debian }) => ({ 'ws/app/.cargo/config.toml': debianConfig(debian) }), folder: (name, version) => `registry/${name}-${version}` },
    { title: 'a parent folder’s .cargo/config.toml', files: ({ debian }) => ({ 'ws/.cargo/config.toml': debianConfig(debian) }), folder: (name, version) => `registry/${name}-${version}` },
    { title: '$CARGO_HOME/config, as cargo prepare-debian writes it', files: ({ debian }) => ({ 'home/.cargo/config': debianConfig(debian) }), folder: (name, version) => `registry/${name}-${version}` },
    { title: 'CARGO_HOME from the environment', files: ({ debian }) => ({ 'cargo-home/config': debianConfig(debian) }), env: 'CARGO_HOME', folder: (name, version) => `registry/${name}-${version}` },
    {
      title: 'folders named otherwise (indexed by their Cargo.toml)',
      files: ({ renamed: folder }) => ({ 'ws/app/.cargo/config.toml': debianConfig(folder) }),
      folder: (name, version) => `renamed/${name}-rs-${version.split('.').join('_')}`,
    },
    {
      title: '.cargo/config over .cargo/config.toml in one folder',
      files: ({ debian }) => ({ 'ws/app/.cargo/config': debianConfig(debian), 'ws/app/.cargo/config.toml': debianConfig(path.join(temp, 'empty')) }),
      folder: (name, version) => `registry/${name}-${version}`,
    },
    {
      title: 'a relative directory, from the folder holding .cargo',
      files: () => ({ 'ws/.cargo/config.toml': debianConfig('../../../usr/share/cargo/registry') }),
      folder: (name, version) => `registry/${name}-${version}`,
    },
  ];
  for (const [index, testCase] of found.entries()) {
    it(`finds every crate and its license through ${testCase.title}`, async () => {
      const { dir, home } = project(`found-${index}`, testCase.files({ debian, renamed }));
      const env = testCase.env ? { CARGO_HOME: path.join(path.dirname(home), 'cargo-home') } : {};
      const result = await resolveCargo(dir, { home, env });
      assert.deepEqual(result.problems, []);
      const licenses = new Map(result.packages.map((found) => [`${found.name}@${found.version}`, found.license]));
      const expected: Array<[string, string, string, boolean]> = [
        ['fnv', '1.0.7', 'Apache-2.0 / MIT', false],
        ['itoa', '1.0.1', 'MIT OR Apache-2.0', false],
        ['fuchsia-cprng', '0.1.1', 'BSD-3-Clause', true],
        ['nom', '4.2.3', 'MIT', false],
        ['nom', '7.1.1', 'MIT', false],
      ];
      for (const [name, version, value, identified] of expected) {
        const license = licenses.get(`${name}@${version}`);
        assert.equal(license?.value, value, `${name} ${version}`);
        const where = testCase.folder(name, version);
        assert.equal(license?.source, identified ? `${where}/LICENSE text` : `${where}/Cargo.toml package.license`);
      }
      assert.ok(result.files.some((file) => file.endsWith(path.join(testCase.folder('nom', '7.1.1').split('/')[1], 'Cargo.toml'))));
    });
  }

  it('says which crates the directory source lacks, without telling to run cargo fetch', async () => {
    const partial = path.join(temp, 'partial');
    cpSync(path.join(debian, 'fnv-1.0.7'), path.join(partial, 'fnv-1.0.7'), { recursive: true });
    const { dir, home } = project('partial', { 'home/.cargo/config': debianConfig(partial) });
    const result = await resolveCargo(dir, { home, env: {} });
    assert.equal(byName(result.packages).get('fnv')?.license?.value, 'Apache-2.0 / MIT');
    assert.deepEqual(result.problems, [`4 of 5 registry crates are not in the directory source ${partial} (named in ${path.join(home, '.cargo', 'config')}); their licenses are unknown`]);
  });

  it('says when the directory source cannot be read, without telling to run cargo fetch', async () => {
    const missing = path.join(temp, 'no-such-registry');
    const { dir, home } = project('unreadable', { 'ws/app/.cargo/config.toml': debianConfig(missing) });
    const result = await resolveCargo(dir, { home, env: {} });
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0], /^the directory source .*no-such-registry \(named in .*config\.toml\) cannot be read; the licenses of 5 of 5 registry crates are unknown$/);
    assert.ok(!result.problems[0].includes('cargo fetch'));
  });

  it('still asks for cargo fetch when crates.io is not replaced', async () => {
    const { dir, home } = project('plain', {});
    const result = await resolveCargo(dir, { home, env: {} });
    assert.match(result.problems.join('\n'), /5 of 5 registry crates are not unpacked under .* \(run `cargo fetch`\)/);
  });
});

describe('resolveCargo keeps to the repository', () => {
  let temp: string;

  before(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-cargo-bound-'));
  });

  after(() => rmSync(temp, { recursive: true, force: true }));

  it('does not read a path crate or a member that lies outside the repository', async () => {
    const repo = path.join(temp, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    mkdirSync(path.join(temp, 'outside', 'secret'), { recursive: true });
    writeFileSync(path.join(temp, 'outside', 'secret', 'Cargo.toml'), '[package]\nname = "secret"\nversion = "1.0.0"\nlicense = "LicenseRef-Secret"\n');
    writeFileSync(path.join(repo, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\n\n[workspace]\nmembers = ["../outside/secret"]\n\n[dependencies]\nsecret = { path = "../outside/secret" }\n');
    writeFileSync(path.join(repo, 'Cargo.lock'), 'version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = ["secret"]\n\n[[package]]\nname = "secret"\nversion = "1.0.0"\n');
    const result = await resolveCargo(repo, { home: path.join(temp, 'home'), env: {} });
    const secret = byName(result.packages).get('secret');
    assert.equal(secret?.license, undefined);
    assert.ok(!result.files.some((file) => file.includes(`${path.sep}outside${path.sep}`)), result.files.join('\n'));
    assert.equal(result.problems.length, 1, result.problems.join('\n'));
    assert.match(result.problems[0], /^the path crate secret \(.*secret\) lies outside .*repo, which is not read; its license is unknown$/);
  });
});
