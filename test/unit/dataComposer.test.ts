import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { composerLicense, isPlatformPackage, parseComposerLock, parseInstalledJson, resolveComposer } from '../../src/core/data/composer';
import type { ResolverResult } from '../../src/core/data/types';
import { packageNamed } from './support/resolvedPackages';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/composer');
const OPTIONS = { home: path.join(FIXTURES, 'no-home'), env: {} };

describe('Composer data: license arrays', () => {
  const cases: readonly (readonly [string, unknown, string | undefined])[] = [
    ['one entry', ['MIT'], 'MIT'],
    ['several entries are a choice', ['MIT', 'GPL-2.0-only'], 'MIT OR GPL-2.0-only'],
    ['a compound entry is parenthesised', ['Apache-2.0', 'MIT AND BSD-2-Clause'], 'Apache-2.0 OR (MIT AND BSD-2-Clause)'],
    ['an already parenthesised entry is kept', ['(LGPL-2.1-only or GPL-3.0-or-later)', 'MIT'], '(LGPL-2.1-only or GPL-3.0-or-later) OR MIT'],
    ['duplicates and blanks dropped', ['MIT', ' ', 'MIT'], 'MIT'],
    ['a plain string (old installed.json)', 'proprietary', 'proprietary'],
    ['empty array', [], undefined],
    ['no license', undefined, undefined],
    ['not strings', [1, null, {}], undefined],
  ];
  for (const [title, value, expected] of cases) {
    it(`${title}: ${JSON.stringify(value)} → ${expected ?? 'none'}`, () => {
      assert.equal(composerLicense(value, 'composer.lock license')?.value, expected);
    });
  }
});

describe('Composer data: platform packages are not graph edges', () => {
  const cases: readonly (readonly [string, boolean])[] = [
    ['php', true],
    ['php-64bit', true],
    ['hhvm', true],
    ['ext-mbstring', true],
    ['lib-icu', true],
    ['composer-plugin-api', true],
    ['composer-runtime-api', true],
    ['psr/log', false],
    ['composer/semver', false],
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${expected}`, () => assert.equal(isPlatformPackage(name), expected));
  }
});

describe('Composer data: resolveComposer with composer.lock and installed.json (Composer 2)', () => {
  let result: ResolverResult;
  before(async () => {
    result = await resolveComposer(path.join(FIXTURES, 'app'), OPTIONS);
  });

  it('lists each package version once, locked and installed', () => {
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.packages.map((item) => `${item.name}@${item.version}`), [
      'monolog/monolog@3.7.0',
      'psr/log@3.0.0',
      'symfony/polyfill-ctype@v1.30.0',
      'twig/twig@v3.10.3',
      'phpseclib/phpseclib@3.0.39',
      'acme/dual-licensed@2.1.0',
      'acme/legacy-expression@dev-main',
      'acme/unlicensed@1.0.0',
      'phpunit/php-timer@6.0.0',
      'symfony/deprecation-contracts@v3.5.0',
    ]);
    assert.deepEqual(result.files, [path.join(FIXTURES, 'app/composer.lock'), path.join(FIXTURES, 'app/vendor/composer/installed.json')]);
  });

  it('keeps versions as written, with their v', () => {
    assert.equal(packageNamed(result, 'twig/twig').version, 'v3.10.3');
  });

  it('turns a license array into a disjunction', () => {
    assert.deepEqual(packageNamed(result, 'acme/dual-licensed').license, { value: 'LGPL-2.1-only OR GPL-3.0-or-later', source: 'composer.lock license' });
    assert.equal(packageNamed(result, 'acme/unlicensed').license, undefined);
  });

  it('builds the graph from require, case-insensitively, without php and ext-*', () => {
    assert.deepEqual(packageNamed(result, 'monolog/monolog').dependencies, ['psr/log@3.0.0']);
    assert.deepEqual(packageNamed(result, 'twig/twig').dependencies, ['symfony/polyfill-ctype@v1.30.0']);
    assert.equal(packageNamed(result, 'psr/log').dependencies, undefined);
  });

  it('takes the SHA-1 dist.shasum as the hash, empty ones ignored', () => {
    assert.deepEqual(packageNamed(result, 'psr/log').hashes, [{ algorithm: 'SHA-1', hex: '0a2ea5d3c2b2de7f3df4b2d9f3f9c2f6d3a9c3b1' }]);
    assert.equal(packageNamed(result, 'monolog/monolog').hashes, undefined);
  });

  it('is dev only where no file puts the package in the main list', () => {
    assert.equal(packageNamed(result, 'phpunit/php-timer').scope, 'dev');
    assert.equal(packageNamed(result, 'psr/log').scope, undefined, 'in packages and packages-dev: main wins');
    assert.equal(packageNamed(result, 'symfony/deprecation-contracts').scope, undefined, 'installed, not in dev-package-names');
  });

  it('uses the lock as source and the install path from installed.json', () => {
    const monolog = packageNamed(result, 'monolog/monolog');
    assert.equal(monolog.source, 'composer.lock');
    assert.equal(monolog.path, path.join(FIXTURES, 'app/vendor/monolog/monolog'));
    const contracts = packageNamed(result, 'symfony/deprecation-contracts');
    assert.equal(contracts.source, 'vendor/composer/installed.json');
    assert.deepEqual(contracts.license, { value: 'MIT', source: 'vendor/composer/installed.json license' });
    assert.equal(packageNamed(result, 'twig/twig').path, undefined, 'locked but not installed');
  });
});

describe('Composer data: other layouts and broken files', () => {
  it('reads a Composer 1 installed.json (a bare array) without scopes', async () => {
    const result = await resolveComposer(path.join(FIXTURES, 'legacy'), OPTIONS);
    assert.deepEqual(
      result.packages.map((item) => [item.name, item.version, item.scope, item.dependencies, item.path]),
      [
        ['guzzlehttp/guzzle', '6.5.8', undefined, ['guzzlehttp/promises@1.5.3', 'guzzlehttp/psr7@1.9.1'], path.join(FIXTURES, 'legacy/vendor/guzzlehttp/guzzle')],
        ['guzzlehttp/promises', '1.5.3', undefined, undefined, path.join(FIXTURES, 'legacy/vendor/guzzlehttp/promises')],
        ['guzzlehttp/psr7', '1.9.1', undefined, undefined, path.join(FIXTURES, 'legacy/vendor/guzzlehttp/psr7')],
      ],
    );
    assert.deepEqual(result.problems, ['vendor/composer/installed.json: 1 entry without a name or version skipped']);
  });

  it('follows composer.json config.vendor-dir', async () => {
    const result = await resolveComposer(path.join(FIXTURES, 'custom-vendor'), OPTIONS);
    assert.deepEqual(
      result.packages.map((item) => [item.name, item.version, item.source, item.path]),
      [['psr/log', '3.0.1', 'lib/composer/installed.json', path.join(FIXTURES, 'custom-vendor/lib/psr/log')]],
    );
  });

  it('follows COMPOSER_VENDOR_DIR', async () => {
    const result = await resolveComposer(path.join(FIXTURES, 'legacy'), { ...OPTIONS, env: { COMPOSER_VENDOR_DIR: path.join(FIXTURES, 'custom-vendor/lib') } });
    assert.deepEqual(
      result.packages.map((item) => item.name),
      ['psr/log'],
    );
  });

  it('turns broken files into one problem line each', async () => {
    const result = await resolveComposer(path.join(FIXTURES, 'broken'), OPTIONS);
    assert.deepEqual(result.packages, []);
    assert.equal(result.problems.length, 2);
    assert.match(result.problems[0], /^composer\.lock: is not valid JSON/);
    assert.equal(result.problems[1], 'vendor/composer/installed.json: is not an installed.json: expected a list of packages');
  });

  const broken: readonly (readonly [string, string, RegExp])[] = [
    ['not an object', '"text"', /^is not a composer\.lock/],
    ['packages not a list', '{"packages": {"a": 1}, "packages-dev": null}', /^"packages" is not a list$/],
    ['entries without a version', '{"packages": [{"name": "a/b"}, 7], "packages-dev": [{"version": "1.0"}]}', /^2 entries of "packages" without a name or version skipped; 1 entry of "packages-dev"/],
  ];
  for (const [title, text, problem] of broken) {
    it(`composer.lock ${title}: a problem, no exception`, () => {
      const parsed = parseComposerLock(text);
      assert.deepEqual(parsed.entries, []);
      assert.match(parsed.problems.join('; '), problem);
    });
  }

  it('installed.json v2 without dev-package-names says nothing about scope', () => {
    const parsed = parseInstalledJson('{"packages": [{"name": "a/b", "version": "1.0.0"}]}', '/v');
    assert.equal(parsed.entries[0].scopeKnown, false);
    assert.equal(parsed.entries[0].path, path.join('/v', 'a', 'b'));
  });

  it('never throws on a missing folder', async () => {
    assert.deepEqual(await resolveComposer(path.join(FIXTURES, 'does-not-exist'), OPTIONS), { packages: [], files: [], problems: [] });
  });
});
