import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildInventory, packageFacts, type Inventory } from '../../src/core/data/inventory';
import { resolveComposer } from '../../src/core/data/composer';
import { withLicenseFilesBeside } from '../../src/core/data/licenseBeside';
import { resolveNpm } from '../../src/core/data/npm';
import { resolvePypi } from '../../src/core/data/pypi';
import { ScanMemory } from '../../src/core/data/scanMemory';
import { parseComposerJson } from '../../src/core/manifests/composerJson';
import { parsePackageJson } from '../../src/core/manifests/packageJson';
import type { ManifestDependency } from '../../src/core/manifests/types';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { CompiledPolicy, type Finding } from '../../src/core/policy/compiledPolicy';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import { findingCode } from '../../src/core/report/findingCode';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/data/npm/license-mismatch');
const PYPI_FIXTURE = path.resolve(__dirname, '../../../test/fixtures/data/pypi/license-mismatch');
const CONTEXT = { repo: null, now: new Date('2026-12-01T00:00:00Z') };

describe('declared vs found license', () => {
  const defaultFeed = bundledDefaultFeed();
  const policy = new CompiledPolicy(defaultFeed);
  let temp: string;
  let manifestFile: string;
  let dependencies: readonly ManifestDependency[];
  let inventory: Inventory;

  before(async () => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-mismatch-'));
    const root = path.join(temp, 'project');
    cpSync(FIXTURE, root, { recursive: true });
    // The repository ignores folders named node_modules: the fixture keeps it as _node_modules.
    renameSync(path.join(root, '_node_modules'), path.join(root, 'node_modules'));
    manifestFile = path.join(root, 'package.json');
    dependencies = parsePackageJson(readFileSync(manifestFile, 'utf8')).dependencies;
    inventory = await buildInventory([{ file: manifestFile, parsed: parsePackageJson(readFileSync(manifestFile, 'utf8')) }], { npm: resolveNpm }, { home: temp, env: {} });
  });

  after(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  function findingOf(name: string, compiled: CompiledPolicy = policy): Finding {
    const dependency = dependencies.find((item) => item.name === name);
    assert.ok(dependency, `${name} is a dependency of the fixture`);
    return compiled.evaluate(inventory.factsFor(manifestFile, dependency), CONTEXT);
  }

  function mismatches(finding: Finding): Finding['reasons'] {
    return finding.reasons.filter((reason) => reason.kind === 'license-mismatch');
  }

  it('declared MIT with the GPL-3.0 text in LICENSE: a mismatch naming both and the file, and the GPL-3.0 verdict', () => {
    const finding = findingOf('gpl-inside');
    assert.equal(finding.license, 'MIT', 'the license shown stays the declared one');
    assert.equal(finding.verdict, policy.licenseVerdict('GPL-3.0-only'));
    assert.equal(finding.verdict, 'deny');
    assert.equal(finding.decisive.kind, 'license-mismatch');
    assert.equal(finding.decisive.message, "node_modules/gpl-inside/package.json declares MIT, but its license file node_modules/gpl-inside/LICENSE holds GPL-3.0-only (100% similar to that license's text).");
    assert.equal(finding.decisive.source, 'node_modules/gpl-inside/LICENSE');
    assert.deepEqual([finding.decisive.from, finding.decisive.to], ['MIT', 'GPL-3.0-only']);
    assert.equal(findingCode(finding), 'license-mismatch');
  });

  it("the finding's first training is the default feed's snippet on disagreeing licenses (a reason:license-mismatch trigger)", () => {
    assert.equal(findingOf('gpl-inside').training[0], 'license-mismatch');
    assert.ok(defaultFeed.training.some((snippet) => snippet.id === 'license-mismatch' && snippet.triggers.includes('reason:license-mismatch')));
    assert.ok(!findingOf('mit-inside').training.includes('license-mismatch'), 'not where the file agrees');
  });

  it('declared MIT with the MIT text: no mismatch', () => {
    const finding = findingOf('mit-inside');
    assert.deepEqual(mismatches(finding), []);
    assert.equal(finding.verdict, 'allow');
  });

  it('declared MIT OR Apache-2.0 with a LICENSE-MIT file: no mismatch', () => {
    const finding = findingOf('dual');
    assert.deepEqual(mismatches(finding), []);
    assert.equal(finding.verdict, 'allow');
  });

  it('a license file identified below 0.90 (an Apache-2.0 notice) says nothing against the declaration', () => {
    const facts = inventory.factsFor(manifestFile, dependencies.find((item) => item.name === 'notice-only') as ManifestDependency);
    assert.equal(facts.licenseInFile, undefined);
    const finding = findingOf('notice-only');
    assert.deepEqual(mismatches(finding), []);
    assert.equal(finding.verdict, 'allow');
  });

  it('a package rule that curates the license ends the mismatch: the curated verdict, no mismatch reason', () => {
    const curated: PolicyFeed = { ...defaultFeed, packages: [...defaultFeed.packages, { match: 'pkg:npm/gpl-inside', license: 'MIT', alternatives: [], training: [] }] };
    const finding = findingOf('gpl-inside', new CompiledPolicy(curated));
    assert.deepEqual(mismatches(finding), []);
    assert.equal(finding.verdict, 'allow');
    assert.equal(finding.licenseSource, 'feed curation');
  });

  it('an exception sets the verdict as ever, and the mismatch stays said', () => {
    const excepted: PolicyFeed = { ...defaultFeed, exceptions: [...defaultFeed.exceptions, { match: 'pkg:npm/gpl-inside', verdict: 'allow', ticket: 'OSPO-9' }] };
    const finding = findingOf('gpl-inside', new CompiledPolicy(excepted));
    assert.equal(finding.verdict, 'allow');
    assert.equal(finding.decidedBy, 'exception');
    assert.equal(mismatches(finding).length, 1);
  });

  it('the real case: throttle-debounce 5.0.0 declares MIT, and its LICENSE.md also holds the GPL-2.0 text', () => {
    const finding = findingOf('throttle-debounce');
    assert.equal(finding.version, '5.0.0');
    assert.equal(finding.license, 'MIT');
    assert.equal(finding.decisive.kind, 'license-mismatch');
    assert.match(finding.decisive.message, /^node_modules\/throttle-debounce\/package\.json declares MIT, but its license file node_modules\/throttle-debounce\/LICENSE\.md holds MIT and GPL-2\.0-only \(\d+% similar to those licenses' texts\)\.$/);
    assert.equal(finding.verdict, policy.licenseVerdict('GPL-2.0-only'));
    assert.equal(finding.verdict, 'deny');
  });

  it('records the found license beside the declared one in the package facts', () => {
    const gpl = inventory.packages.find((item) => item.name === 'gpl-inside');
    assert.deepEqual(gpl?.license, { value: 'MIT', source: 'node_modules/gpl-inside/package.json', inFile: { ids: ['GPL-3.0-only'], file: 'node_modules/gpl-inside/LICENSE', similarity: 1 } });
    const dual = inventory.packages.find((item) => item.name === 'dual');
    assert.deepEqual(dual?.license?.inFile?.ids, ['MIT']);
  });

  it('a PyPI distribution declaring MIT with the GPL-3.0 text in licenses/: the same mismatch', async () => {
    const result = await resolvePypi(PYPI_FIXTURE, { home: temp, env: {} });
    const record = result.packages.find((item) => item.name === 'gplish');
    assert.ok(record, `gplish is among ${result.packages.map((item) => item.name).join(', ')}`);
    const finding = policy.evaluate(packageFacts(record), CONTEXT);
    assert.equal(finding.decisive.kind, 'license-mismatch');
    assert.equal(finding.decisive.message, "gplish-1.0.0.dist-info/METADATA License-Expression declares MIT, but its license file gplish-1.0.0.dist-info/licenses/LICENSE holds GPL-3.0-only (100% similar to that license's text).");
    assert.equal(finding.verdict, 'deny');
  });

  it("Composer, Cargo and RubyGems: the installed folder's license files against the declaration, through the inventory", async () => {
    const root = path.join(temp, 'composer-app');
    cpSync(path.resolve(__dirname, '../../../test/fixtures/data/composer/app'), root, { recursive: true });
    const gpl = readFileSync(path.join(FIXTURE, '_node_modules/gpl-inside/LICENSE'), 'utf8');
    const mit = readFileSync(path.join(FIXTURE, '_node_modules/mit-inside/LICENSE'), 'utf8');
    mkdirSync(path.join(root, 'vendor/monolog/monolog'), { recursive: true });
    mkdirSync(path.join(root, 'vendor/psr/log'), { recursive: true });
    writeFileSync(path.join(root, 'vendor/monolog/monolog/LICENSE'), gpl);
    writeFileSync(path.join(root, 'vendor/psr/log/LICENSE'), mit);
    const composerJson = path.join(root, 'composer.json');
    writeFileSync(composerJson, JSON.stringify({ require: { 'monolog/monolog': '^3.7', 'psr/log': '^3.0' } }));
    const parsed = parseComposerJson(readFileSync(composerJson, 'utf8'));
    const composer = await buildInventory([{ file: composerJson, parsed }], { composer: resolveComposer }, { home: temp, env: {} });
    const monolog = composer.packages.find((item) => item.name === 'monolog/monolog');
    assert.deepEqual(monolog?.license?.inFile, { ids: ['GPL-3.0-only'], file: 'vendor/monolog/monolog/LICENSE', similarity: 1 });
    const finding = policy.evaluate(composer.factsFor(composerJson, parsed.dependencies.find((item) => item.name === 'monolog/monolog')!), CONTEXT);
    assert.equal(finding.decisive.kind, 'license-mismatch');
    assert.equal(finding.verdict, 'deny');
    assert.deepEqual(composer.packages.find((item) => item.name === 'psr/log')?.license?.inFile?.ids, ['MIT'], 'a file that agrees is recorded, and says nothing against it');
    // A crate in the registry cache (itoa ships LICENSE-MIT) declaring MIT OR Apache-2.0, and a gem whose folder holds the GPL-3.0 text.
    const itoaFolder = path.resolve(__dirname, '../../../test/fixtures/data/cargo/home/.cargo/registry/src/index.crates.io-6f17d22bba15001f/itoa-1.0.11');
    const gemFolder = path.join(temp, 'gems', 'gpl-gem-1.0.0');
    mkdirSync(gemFolder, { recursive: true });
    writeFileSync(path.join(gemFolder, 'COPYING'), gpl);
    const [itoa, gem] = await withLicenseFilesBeside(
      [
        { ecosystem: 'cargo', name: 'itoa', version: '1.0.11', source: 'Cargo.lock', license: { value: 'MIT OR Apache-2.0', source: 'itoa-1.0.11/Cargo.toml package.license' }, path: itoaFolder },
        { ecosystem: 'rubygems', name: 'gpl-gem', version: '1.0.0', source: 'Gemfile.lock', license: { value: 'MIT', source: 'gpl-gem-1.0.0.gemspec' }, path: gemFolder },
      ],
      new ScanMemory(),
      (file) => path.basename(file),
    );
    assert.deepEqual(itoa.license?.inFile, { ids: ['MIT'], file: 'LICENSE-MIT', similarity: 1 });
    assert.equal(policy.evaluate(packageFacts(gem), CONTEXT).decisive.kind, 'license-mismatch');
    assert.equal(policy.evaluate(packageFacts(itoa), CONTEXT).reasons.some((reason) => reason.kind === 'license-mismatch'), false);
  });

  describe('the comparison, from facts', () => {
    const inFile = (ids: string[]) => ({ ids, file: 'node_modules/x/LICENSE', similarity: 0.97 });
    const rows: Array<{ title: string; license: string; found: string[]; mismatch: boolean; verdict: Finding['verdict'] }> = [
      { title: 'or-later declared, the GNU text (read as -only) found: they agree', license: 'GPL-3.0-or-later', found: ['GPL-3.0-only'], mismatch: false, verdict: 'deny' },
      { title: 'a worse declaration than its file: said, the declared verdict stays', license: 'GPL-3.0-only', found: ['MIT'], mismatch: true, verdict: 'deny' },
      { title: 'a declaration that is not SPDX cannot be compared', license: 'Custom: see website', found: ['GPL-3.0-only'], mismatch: false, verdict: 'review' },
      { title: 'several texts, all declared', license: 'MIT AND Apache-2.0', found: ['MIT', 'Apache-2.0'], mismatch: false, verdict: 'allow' },
    ];
    for (const row of rows) {
      it(row.title, () => {
        const finding = policy.evaluate({ ecosystem: 'npm', name: 'x', spec: null, version: '1.0.0', license: row.license, licenseSource: 'node_modules/x/package.json', licenseInFile: inFile(row.found) }, CONTEXT);
        assert.equal(mismatches(finding).length, row.mismatch ? 1 : 0);
        assert.equal(finding.verdict, row.verdict);
        assert.notEqual(finding.decisive.kind, 'license-mismatch');
      });
    }
  });
});
