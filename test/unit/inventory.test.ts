import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildInventory, type Inventory, type ResolverTable } from '../../src/core/data/inventory';
import { resolveNpm } from '../../src/core/data/npm';
import { resolveRubygems } from '../../src/core/data/rubygems';
import type { ResolvedPackage, Resolver } from '../../src/core/data/types';
import { parseCargoToml } from '../../src/core/manifests/cargoToml';
import { parseGemfile } from '../../src/core/manifests/gemfile';
import { parsePackageJson } from '../../src/core/manifests/packageJson';
import { parseRequirements } from '../../src/core/manifests/requirements';
import type { ParsedManifest } from '../../src/core/manifests/types';
import type { DependencyFacts } from '../../src/core/policy/compiledPolicy';

const OPTIONS = { home: '/home/test', env: {} };

function fixedResolver(byFolder: Record<string, ResolvedPackage[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (folder: string) => {
    calls.push(folder);
    return { packages: byFolder[folder] ?? [], files: [`${folder}/lockfile`], problems: folder === '/p/broken' ? ['lockfile: unexpected token'] : [] };
  };
  return Object.assign(resolver, { calls });
}

const npmRecords: ResolvedPackage[] = [
  { ecosystem: 'npm', name: 'express', version: '4.19.2', source: 'node_modules', license: { value: 'MIT', source: 'node_modules/express/package.json' }, dependencies: ['debug@2.6.9'] },
  { ecosystem: 'npm', name: 'debug', version: '2.6.9', source: 'node_modules', license: { value: 'MIT', source: 'node_modules/debug/package.json' } },
  { ecosystem: 'npm', name: 'debug', version: '4.3.5', source: 'node_modules', license: { value: 'MIT', source: 'node_modules/debug/package.json' } },
  { ecosystem: 'npm', name: 'lodash', version: '4.17.21', source: 'package-lock.json', license: { value: 'MIT', source: 'LICENSE text', confidence: 0.97 } },
  { ecosystem: 'npm', name: 'lodash', version: '4.17.21', source: 'node_modules', license: { value: 'MIT', source: 'node_modules/lodash/package.json' }, hashes: [{ algorithm: 'SHA-512', hex: 'ab' }] },
];

describe('inventory', () => {
  it('resolves each manifest folder once per ecosystem and marks what manifests name as direct', async () => {
    const npm = fixedResolver({ '/p': npmRecords });
    const pypi = fixedResolver({ '/p/api': [{ ecosystem: 'pypi', name: 'Requests', version: '2.32.3', source: 'poetry.lock' }] });
    const resolvers: ResolverTable = { npm, pypi };
    const inventory = await buildInventory(
      [
        { file: '/p/package.json', parsed: parsePackageJson('{"dependencies": {"express": "^4.19.0", "debug": "^4.0.0", "lodash": "4.17.21"}}') },
        { file: '/p/api/requirements.txt', parsed: parseRequirements('requests==2.32.3\n') },
      ],
      resolvers,
      OPTIONS,
    );
    assert.deepEqual(npm.calls, ['/p']);
    assert.deepEqual(pypi.calls, ['/p/api']);
    const summary = inventory.packages.map((item) => `${item.name}@${item.version}${item.direct ? ' direct' : ''}`).sort();
    assert.deepEqual(summary, ['Requests@2.32.3 direct', 'debug@2.6.9', 'debug@4.3.5 direct', 'express@4.19.2 direct', 'lodash@4.17.21 direct']);
    assert.deepEqual([...inventory.files].sort(), ['/p/api/lockfile', '/p/lockfile']);
  });

  it('gives a direct dependency the version its spec allows, and the declared license over a text guess', async () => {
    const inventory = await buildInventory([{ file: '/p/package.json', parsed: parsePackageJson('{"dependencies": {"debug": "^4.0.0", "lodash": "4.17.21"}}') }], { npm: fixedResolver({ '/p': npmRecords }) }, OPTIONS);
    const [debug, lodash] = parsePackageJson('{"dependencies": {"debug": "^4.0.0", "lodash": "4.17.21"}}').dependencies;
    assert.deepEqual(inventory.factsFor('/p/package.json', debug), { ecosystem: 'npm', name: 'debug', spec: '^4.0.0', version: '4.3.5', versionSource: 'node_modules', license: 'MIT', licenseSource: 'node_modules/debug/package.json' });
    const lodashPackage = inventory.packages.find((item) => item.name === 'lodash');
    assert.equal(lodashPackage?.license?.confidence, undefined, 'the declared license replaced the guess');
    assert.deepEqual(lodashPackage?.hashes, [{ algorithm: 'SHA-512', hex: 'ab' }]);
    assert.equal(inventory.factsFor('/p/package.json', lodash).version, '4.17.21');
  });

  it('says when a license was identified from its text', async () => {
    const inventory = await buildInventory(
      [{ file: '/p/package.json', parsed: parsePackageJson('{"dependencies": {"guessed": "1.0.0"}}') }],
      { npm: fixedResolver({ '/p': [{ ecosystem: 'npm', name: 'guessed', version: '1.0.0', source: 'node_modules', license: { value: 'ISC', source: 'node_modules/guessed/LICENSE text', confidence: 0.93 } }] }) },
      OPTIONS,
    );
    const [dependency] = parsePackageJson('{"dependencies": {"guessed": "1.0.0"}}').dependencies;
    assert.equal(inventory.factsFor('/p/package.json', dependency).licenseSource, 'node_modules/guessed/LICENSE text (identified from its text, 93% similar)');
  });

  it('without data for a dependency, the manifest alone speaks', async () => {
    const parsed = parsePackageJson('{"dependencies": {"missing": "^1.0.0"}}');
    const inventory = await buildInventory([{ file: '/p/package.json', parsed }], { npm: fixedResolver({}) }, OPTIONS);
    assert.deepEqual(inventory.factsFor('/p/package.json', parsed.dependencies[0]), { ecosystem: 'npm', name: 'missing', spec: '^1.0.0' });
  });

  it('collects resolver problems without failing', async () => {
    const inventory = await buildInventory([{ file: '/p/broken/package.json', parsed: parsePackageJson('{"dependencies": {"a": "1"}}') }], { npm: fixedResolver({}) }, OPTIONS);
    assert.deepEqual(inventory.problems, ['lockfile: unexpected token']);
  });

  it("lists the folders' packages in the manifests' order, however long each folder takes to read", async () => {
    const record = (name: string): ResolvedPackage => ({ ecosystem: 'npm', name, version: '1.0.0', source: 'package-lock.json' });
    const manifests = ['/a', '/b', '/c'].map((folder) => ({ file: `${folder}/package.json`, parsed: parsePackageJson('{"dependencies": {"x": "1"}}') }));
    for (const delays of [
      [30, 0, 15],
      [0, 15, 30],
    ]) {
      const slow: Resolver = async (folder) => {
        await new Promise((resolve) => setTimeout(resolve, delays[['/a', '/b', '/c'].indexOf(folder)]));
        return { packages: [record(`from${folder.replace('/', '-')}`)], files: [`${folder}/package-lock.json`], problems: [`${folder}: read`] };
      };
      const inventory = await buildInventory(manifests, { npm: slow }, OPTIONS);
      assert.deepEqual(
        inventory.packages.map((item) => item.name),
        ['from-a', 'from-b', 'from-c'],
      );
      assert.deepEqual(inventory.problems, ['/a: read', '/b: read', '/c: read']);
    }
  });
});

describe('inventory: path and workspace dependencies take the license from the local manifest', () => {
  const DATA = path.resolve(__dirname, '../../../test/fixtures/data');
  const CRATES = path.resolve(__dirname, '../../../test/fixtures/registry/cargo/crates');
  let temp: string;
  let home: string;

  before(() => {
    temp = realpathSync(mkdtempSync(path.join(tmpdir(), 'ospo-local-')));
    home = path.join(temp, 'home');
    mkdirSync(home);
  });

  after(() => rmSync(temp, { recursive: true, force: true }));

  /** Copies a fixture tree; `git` makes its `repo/` a repository. */
  function tree(fixture: string, into: string, git = true): string {
    const target = path.join(temp, into);
    cpSync(path.join(DATA, fixture), target, { recursive: true });
    if (git) {
      mkdirSync(path.join(target, 'repo', '.git'));
    }
    return target;
  }

  async function inventoryOf(files: readonly string[], parse: (text: string) => ParsedManifest, resolvers: ResolverTable, localRoots?: string[]): Promise<{ inventory: Inventory; facts: (file: string, name: string) => DependencyFacts }> {
    const manifests = files.map((file) => ({ file, parsed: parse(readFileSync(file, 'utf8')) }));
    const inventory = await buildInventory(manifests, resolvers, { home, env: {}, ...(localRoots ? { localRoots } : {}) });
    const facts = (file: string, name: string): DependencyFacts => {
      const dependency = manifests.find((manifest) => manifest.file === file)?.parsed.dependencies.find((entry) => entry.name === name);
      assert.ok(dependency, `${name} in ${file}`);
      return inventory.factsFor(file, dependency);
    };
    return { inventory, facts };
  }

  type Expected = { name: string; facts: Partial<DependencyFacts> | null; title: string };
  function check(facts: (file: string, name: string) => DependencyFacts, file: string, cases: readonly Expected[]): void {
    for (const { name, facts: expected } of cases) {
      const actual = facts(file, name);
      const picked = { version: actual.version, versionSource: actual.versionSource, license: actual.license, licenseSource: actual.licenseSource };
      const wanted = { version: undefined, versionSource: undefined, license: undefined, licenseSource: undefined, ...(expected ?? {}) };
      if (typeof wanted.licenseSource === 'string' && wanted.licenseSource.endsWith('%')) {
        assert.ok(typeof picked.licenseSource === 'string' && picked.licenseSource.startsWith(wanted.licenseSource.slice(0, -1)), `${name}: ${picked.licenseSource}`);
        picked.licenseSource = wanted.licenseSource;
      }
      assert.deepEqual(picked, wanted, name);
    }
  }

  describe('npm: file:, link:, workspace: and npm workspace packages', () => {
    let root: string;
    let result: Awaited<ReturnType<typeof inventoryOf>>;
    let app: string;

    before(async () => {
      root = tree('npm/local-deps', 'npm');
      symlinkSync(path.join('..', '..', 'outside', 'treeify'), path.join(root, 'repo', 'vendor', 'link-out'), 'dir');
      app = path.join(root, 'repo', 'packages', 'app', 'package.json');
      result = await inventoryOf([path.join(root, 'repo', 'package.json'), app], parsePackageJson, { npm: resolveNpm });
      tree('npm/local-deps', 'npm-plain', false);
    });

    const cases: Expected[] = [
      { title: 'file: spec', name: 'utils-merge', facts: { version: '1.0.1', versionSource: '../../vendor/utils-merge/package.json', license: 'MIT', licenseSource: '../../vendor/utils-merge/package.json' } },
      // The legacy list states no relation: it stays a list.
      { title: 'bare relative path, legacy licenses list', name: 'json-schema', facts: { version: '0.2.3', versionSource: '../../vendor/json-schema/package.json', license: ['AFLv2.1', 'BSD'], licenseSource: '../../vendor/json-schema/package.json' } },
      { title: 'an npm workspace package named by a range it satisfies', name: 'ms', facts: { version: '2.1.3', versionSource: '../ms/package.json', license: 'MIT', licenseSource: '../ms/package.json' } },
      { title: 'the workspace: protocol', name: 'has-flag', facts: { version: '4.0.0', versionSource: '../has-flag/package.json', license: 'MIT', licenseSource: '../has-flag/package.json' } },
      { title: 'a file: path leaving the repository', name: 'treeify', facts: null },
      { title: 'a link inside the repository leading out of it', name: 'link-out', facts: null },
      { title: 'a folder that is not there', name: 'not-there', facts: null },
      { title: 'a registry package', name: 'left-pad', facts: null },
    ];
    for (const testCase of cases) {
      it(testCase.title, () => check(result.facts, app, [testCase]));
    }

    it('tells which dependencies are local, so that no registry is asked about them', () => {
      const parsed = parsePackageJson(readFileSync(app, 'utf8'));
      const local = parsed.dependencies.filter((dependency) => result.inventory.isLocal?.(app, dependency)).map((dependency) => dependency.name);
      assert.deepEqual(local.sort(), ['has-flag', 'json-schema', 'ms', 'utils-merge']);
    });

    it('a workspace package whose version the range does not admit is not taken for it', () => {
      check(result.facts, path.join(root, 'repo', 'package.json'), [{ title: '', name: 'has-flag', facts: null }]);
    });

    it('says in one line each what it refused or did not find', () => {
      const lines = result.inventory.problems.filter((problem) => problem.startsWith(app));
      assert.equal(lines.length, 3, lines.join('\n'));
      assert.ok(lines.some((line) => line.includes('treeify: ../../../outside/treeify leads outside')));
      assert.ok(lines.some((line) => line.includes('link-out: ../../vendor/link-out leads outside')));
      assert.ok(lines.some((line) => line.includes('not-there: ../../vendor/missing is not there')));
      assert.ok(!result.inventory.files.some((file) => file.includes(`${path.sep}outside${path.sep}`)), 'nothing outside was read');
      assert.ok(result.inventory.files.includes(path.join(root, 'repo', 'vendor', 'json-schema', 'package.json')));
    });

    it('without .git, reads inside the common folder of the manifests, or only the manifest folder', async () => {
      const plain = path.join(temp, 'npm-plain');
      const plainApp = path.join(plain, 'repo', 'packages', 'app', 'package.json');
      const both = await inventoryOf([path.join(plain, 'repo', 'package.json'), plainApp], parsePackageJson, {});
      assert.equal(both.facts(plainApp, 'utils-merge').license, 'MIT');
      assert.equal(both.facts(plainApp, 'treeify').license, undefined);
      const alone = await inventoryOf([plainApp], parsePackageJson, {});
      assert.equal(alone.facts(plainApp, 'utils-merge').license, undefined);
      assert.ok(alone.inventory.problems.some((problem) => problem.includes('utils-merge: ../../vendor/utils-merge leads outside')));
    });

    it('neither waits on a FIFO nor reads a huge file', async function () {
      const repo = path.join(temp, 'hostile', 'repo');
      mkdirSync(path.join(repo, '.git'), { recursive: true });
      mkdirSync(path.join(repo, 'fifo'));
      mkdirSync(path.join(repo, 'huge'));
      writeFileSync(path.join(repo, 'huge', 'package.json'), `{"name": "huge", "version": "1.0.0", "description": "${'x'.repeat(2 * 1024 * 1024)}", "license": "MIT"}`);
      writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'hostile', dependencies: { fifo: 'file:fifo', huge: 'file:huge' } }));
      try {
        execFileSync('mkfifo', [path.join(repo, 'fifo', 'package.json')]);
      } catch {
        this.skip(); // no FIFOs here (Windows)
      }
      const hostile = await inventoryOf([path.join(repo, 'package.json')], parsePackageJson, {});
      assert.equal(hostile.facts(path.join(repo, 'package.json'), 'fifo').license, undefined);
      assert.equal(hostile.facts(path.join(repo, 'package.json'), 'huge').license, undefined);
      assert.equal(hostile.inventory.problems.length, 1, hostile.inventory.problems.join('\n'));
      assert.match(hostile.inventory.problems[0], /huge: .*larger than/);
    });

    it('reads inside the roots it is given, whatever .git says', async () => {
      const plain = path.join(temp, 'npm-plain');
      const plainApp = path.join(plain, 'repo', 'packages', 'app', 'package.json');
      const wide = await inventoryOf([plainApp], parsePackageJson, {}, [path.join(plain, 'repo')]);
      assert.equal(wide.facts(plainApp, 'utils-merge').license, 'MIT');
      assert.equal(wide.facts(plainApp, 'ms').license, 'MIT');
      const narrow = await inventoryOf([app], parsePackageJson, {}, [path.join(root, 'repo', 'packages')]);
      assert.equal(narrow.facts(app, 'utils-merge').license, undefined);
      assert.equal(narrow.facts(app, 'ms').license, undefined, 'the workspace root, repo/package.json, is outside');
    });
  });

  describe('Cargo: path dependencies, workspace dependencies and inherited package keys', () => {
    let root: string;
    let result: Awaited<ReturnType<typeof inventoryOf>>;
    let app: string;

    before(async () => {
      root = path.join(temp, 'cargo');
      const repo = path.join(root, 'repo');
      // The project's own manifests; the crates are Debian's (test/fixtures/registry/cargo/SOURCES.md).
      const files: Record<string, string> = {
        'repo/Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n\n[workspace.package]\nversion = "0.3.0"\nlicense = "MIT OR Apache-2.0"\n\n[workspace.dependencies]\nfnv = { path = "vendor/fnv-1.0.7" }\nitoa = "1.0.1"\n',
        'repo/crates/app/Cargo.toml':
          '[package]\nname = "app"\nversion.workspace = true\nlicense.workspace = true\n\n[dependencies]\nfnv = { workspace = true }\nitoa = { workspace = true }\nmember-lib = { path = "../member-lib" }\ncprng = { path = "../../vendor/fuchsia-cprng-0.1.1", package = "fuchsia-cprng" }\nnom = { path = "../../../outside/nom-7.1.1" }\n',
        'repo/crates/member-lib/Cargo.toml': '[package]\nname = "member-lib"\nversion.workspace = true\nlicense = { workspace = true }\n',
      };
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      }
      mkdirSync(path.join(repo, '.git'));
      for (const crate of ['fnv-1.0.7', 'fuchsia-cprng-0.1.1']) {
        cpSync(path.join(CRATES, crate), path.join(repo, 'vendor', crate), { recursive: true });
      }
      cpSync(path.join(CRATES, 'nom-7.1.1'), path.join(root, 'outside', 'nom-7.1.1'), { recursive: true });
      app = path.join(repo, 'crates', 'app', 'Cargo.toml');
      result = await inventoryOf([app], parseCargoToml, {});
    });

    const cases: Expected[] = [
      { title: 'a workspace dependency that is a path in [workspace.dependencies]', name: 'fnv', facts: { version: '1.0.7', versionSource: '../../vendor/fnv-1.0.7/Cargo.toml', license: 'Apache-2.0 / MIT', licenseSource: '../../vendor/fnv-1.0.7/Cargo.toml package.license' } },
      { title: 'a workspace dependency from the registry (Cargo.lock answers)', name: 'itoa', facts: null },
      {
        title: 'a member inheriting version and license from [workspace.package]',
        name: 'member-lib',
        facts: { version: '0.3.0', versionSource: '../../Cargo.toml workspace.package.version', license: 'MIT OR Apache-2.0', licenseSource: '../../Cargo.toml workspace.package.license' },
      },
      {
        title: 'a renamed path dependency with a license-file',
        name: 'cprng',
        facts: { version: '0.1.1', versionSource: '../../vendor/fuchsia-cprng-0.1.1/Cargo.toml', license: 'BSD-3-Clause', licenseSource: '../../vendor/fuchsia-cprng-0.1.1/LICENSE text (identified from its text, %' },
      },
      { title: 'a path leaving the repository', name: 'nom', facts: null },
    ];
    for (const testCase of cases) {
      it(testCase.title, () => check(result.facts, app, [testCase]));
    }

    it('says what it refused', () => {
      assert.deepEqual(
        result.inventory.problems.map((problem) => problem.replace(/ leads outside .*/, ' leads outside')),
        [`${app}: nom: ../../../outside/nom-7.1.1 leads outside`],
      );
    });
  });

  describe('RubyGems: path: gems and path blocks', () => {
    let root: string;
    let result: Awaited<ReturnType<typeof inventoryOf>>;
    let gemfile: string;

    before(async () => {
      root = tree('rubygems/local-deps', 'gems');
      gemfile = path.join(root, 'repo', 'Gemfile');
      result = await inventoryOf([gemfile], parseGemfile, { rubygems: resolveRubygems });
    });

    const cases: Expected[] = [
      // rack's own gemspec computes its version: Gemfile.lock gives it.
      { title: 'a source gemspec with a computed version', name: 'rack', facts: { version: '2.2.22', versionSource: 'Gemfile.lock', license: 'MIT', licenseSource: 'vendor/rack/rack.gemspec license' } },
      // RubyGems states no relation between several licenses: the list stays a list.
      {
        title: 'a gemspec whose file name is not the gem name, with a licenses list',
        name: 'power_assert',
        facts: { version: '2.0.3', versionSource: 'vendor/power-assert/power_assert-2.0.3.gemspec', license: ['BSD-2-Clause', 'Ruby'], licenseSource: 'vendor/power-assert/power_assert-2.0.3.gemspec licenses' },
      },
      {
        title: 'a path block, the gemspec one folder down',
        name: 'test-unit',
        facts: { version: '3.5.7', versionSource: 'components/test-unit/test-unit-3.5.7.gemspec', license: ['Ruby', 'BSDL', 'PSFL'], licenseSource: 'components/test-unit/test-unit-3.5.7.gemspec licenses' },
      },
      { title: 'a path leaving the repository', name: 'thor', facts: null },
    ];
    for (const testCase of cases) {
      it(testCase.title, () => check(result.facts, gemfile, [testCase]));
    }

    it('says what it refused, and read nothing outside', () => {
      assert.ok(result.inventory.problems.some((problem) => problem.startsWith(`${gemfile}: thor: ../outside/thor leads outside`)), result.inventory.problems.join('\n'));
      assert.ok(!result.inventory.files.some((file) => file.includes(`${path.sep}outside${path.sep}`)));
    });
  });
});
