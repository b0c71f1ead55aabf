import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveComposer } from '../../src/core/data/composer';
import { fundingField, projectUrlFunding } from '../../src/core/data/funding';
import { resolveNpm } from '../../src/core/data/npm';
import { resolvePypi } from '../../src/core/data/pypi';
import { parseGemspec, resolveRubygems } from '../../src/core/data/rubygems';
import { packageNamed, writeProjectFile } from './support/resolvedPackages';

const OPTIONS = { home: tmpdir(), env: {} };

describe('Funding data: the fields as the ecosystems write them', () => {
  it('npm funding: a URL, { type, url }, an array of either; https only, each once', () => {
    assert.deepEqual(fundingField('https://github.com/sponsors/sindresorhus'), ['https://github.com/sponsors/sindresorhus']);
    assert.deepEqual(fundingField({ type: 'github', url: 'https://github.com/sponsors/epoberezkin' }), ['https://github.com/sponsors/epoberezkin']);
    assert.deepEqual(
      fundingField(['https://github.com/sponsors/a', { type: 'opencollective', url: 'https://opencollective.com/a' }, 'https://github.com/sponsors/a']),
      ['https://github.com/sponsors/a', 'https://opencollective.com/a'],
    );
    assert.equal(fundingField(['http://example.com/donate', 'javascript:alert(1)', 'https://x.example/a b', 'https://x.example/\u001b[31m', 42, null]), undefined);
    assert.equal(fundingField(undefined), undefined);
  });

  it('keeps at most ten URLs', () => {
    const many = Array.from({ length: 30 }, (_, index) => `https://example.com/fund/${index}`);
    assert.equal(fundingField(many)?.length, 10);
  });

  it('PyPI Project-URL: the funding, sponsor, donate and donation labels, case and punctuation aside', () => {
    assert.deepEqual(
      projectUrlFunding([
        'Homepage, https://example.com',
        'Funding, https://example.com/funding',
        'sponsor, https://github.com/sponsors/x',
        'Donate, https://example.com/donate',
        'DONATION , https://example.com/donation',
        'Source, https://example.com/src',
      ]),
      ['https://example.com/funding', 'https://github.com/sponsors/x', 'https://example.com/donate', 'https://example.com/donation'],
    );
    assert.equal(projectUrlFunding(['Homepage, https://example.com']), undefined);
    assert.equal(projectUrlFunding(undefined), undefined);
  });
});

describe('Funding data: the offline resolvers', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ospo-funding-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('npm: an installed package.json funding field (string, object, array)', async () => {
    writeProjectFile(path.join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { ajv: '^8.0.0', 'ansi-regex': '^6.0.0', plain: '1.0.0' } }));
    // The shapes of ajv's and ansi-regex's own package.json.
    writeProjectFile(path.join(root, 'node_modules/ajv/package.json'), JSON.stringify({ name: 'ajv', version: '8.17.1', license: 'MIT', funding: { type: 'github', url: 'https://github.com/sponsors/epoberezkin' } }, null, 2));
    writeProjectFile(path.join(root, 'node_modules/ansi-regex/package.json'), '{\n\t"name": "ansi-regex",\n\t"version": "6.1.0",\n\t"license": "MIT",\n\t"funding": "https://github.com/chalk/ansi-regex?sponsor=1"\n}\n');
    writeProjectFile(path.join(root, 'node_modules/plain/package.json'), JSON.stringify({ name: 'plain', version: '1.0.0', license: 'MIT' }));
    const result = await resolveNpm(root, OPTIONS);
    assert.deepEqual(packageNamed(result, 'ajv').funding, ['https://github.com/sponsors/epoberezkin']);
    assert.deepEqual(packageNamed(result, 'ansi-regex').funding, ['https://github.com/chalk/ansi-regex?sponsor=1']);
    assert.equal(packageNamed(result, 'plain').funding, undefined);
  });

  it('npm: package-lock v3 entries carry funding when nothing is installed', async () => {
    writeProjectFile(path.join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { eslint: '^9.0.0' } }));
    writeProjectFile(
      path.join(root, 'package-lock.json'),
      JSON.stringify(
        {
          name: 'app',
          version: '1.0.0',
          lockfileVersion: 3,
          requires: true,
          packages: {
            '': { name: 'app', version: '1.0.0', dependencies: { eslint: '^9.0.0' } },
            'node_modules/eslint': { version: '9.1.0', license: 'MIT', funding: { url: 'https://opencollective.com/eslint' } },
          },
        },
        null,
        2,
      ),
    );
    const result = await resolveNpm(root, OPTIONS);
    assert.deepEqual(packageNamed(result, 'eslint').funding, ['https://opencollective.com/eslint']);
  });

  it('Composer: composer.lock funding [{ url, type }]', async () => {
    writeProjectFile(path.join(root, 'composer.json'), JSON.stringify({ require: { 'symfony/console': '^6.4' } }));
    writeProjectFile(
      path.join(root, 'composer.lock'),
      JSON.stringify({
        packages: [
          {
            name: 'symfony/console',
            version: 'v6.4.8',
            license: ['MIT'],
            funding: [
              { url: 'https://symfony.com/sponsor', type: 'custom' },
              { url: 'https://github.com/fabpot', type: 'github' },
              { url: 'https://tidelift.com/funding/github/packagist/symfony/symfony', type: 'tidelift' },
            ],
          },
          { name: 'psr/log', version: '3.0.0', license: ['MIT'] },
        ],
        'packages-dev': [],
      }),
    );
    const result = await resolveComposer(root, OPTIONS);
    assert.deepEqual(packageNamed(result, 'symfony/console').funding, ['https://symfony.com/sponsor', 'https://github.com/fabpot', 'https://tidelift.com/funding/github/packagist/symfony/symfony']);
    assert.equal(packageNamed(result, 'psr/log').funding, undefined);
  });

  it('PyPI: a dist-info METADATA Project-URL labelled Funding', async () => {
    const site = path.join(root, '.venv/lib/python3.12/site-packages');
    writeProjectFile(path.join(root, '.venv/pyvenv.cfg'), 'home = /usr/bin\n');
    writeProjectFile(
      path.join(site, 'requests-2.32.3.dist-info/METADATA'),
      [
        'Metadata-Version: 2.1',
        'Name: requests',
        'Version: 2.32.3',
        'License: Apache-2.0',
        'Project-URL: Documentation, https://requests.readthedocs.io',
        'Project-URL: Source, https://github.com/psf/requests',
        'Project-URL: Funding, https://github.com/sponsors/psf',
        '',
        'Body',
      ].join('\n'),
    );
    const result = await resolvePypi(root, OPTIONS);
    assert.deepEqual(packageNamed(result, 'requests').funding, ['https://github.com/sponsors/psf']);
  });

  it('RubyGems: an installed specification\'s metadata funding_uri', async () => {
    // As RubyGems writes installed specifications (Gem::Specification#to_ruby), rack's.
    writeProjectFile(path.join(root, 'Gemfile'), 'source "https://rubygems.org"\ngem "rack"\n');
    writeProjectFile(path.join(root, 'Gemfile.lock'), 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.1.8)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rack\n');
    writeProjectFile(
      path.join(root, 'vendor/bundle/ruby/3.3.0/specifications/rack-3.1.8.gemspec'),
      [
        '# -*- encoding: utf-8 -*-',
        '# stub: rack 3.1.8 ruby lib',
        '',
        'Gem::Specification.new do |s|',
        '  s.name = "rack".freeze',
        '  s.version = "3.1.8".freeze',
        '',
        '  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if s.respond_to? :required_rubygems_version=',
        '  s.metadata = { "bug_tracker_uri" => "https://github.com/rack/rack/issues", "changelog_uri" => "https://github.com/rack/rack/blob/main/CHANGELOG.md", "documentation_uri" => "https://rubydoc.info/github/rack/rack", "funding_uri" => "https://github.com/sponsors/ioquatix/", "rubygems_mfa_required" => "true", "source_code_uri" => "https://github.com/rack/rack" } if s.respond_to? :metadata=',
        '  s.require_paths = ["lib".freeze]',
        '  s.authors = ["Leah Neukirchen".freeze]',
        '  s.licenses = ["MIT".freeze]',
        'end',
        '',
      ].join('\n'),
    );
    const result = await resolveRubygems(root, OPTIONS);
    assert.deepEqual(packageNamed(result, 'rack').funding, ['https://github.com/sponsors/ioquatix/']);
    assert.equal(packageNamed(result, 'rack').license?.value, 'MIT');
  });
});

describe('Funding data: gemspec metadata', () => {
  it('reads funding_uri from a literal hash, across lines, and ignores a computed value', () => {
    assert.equal(parseGemspec('s.metadata = {\n  "funding_uri" => "https://a.example/f".freeze,\n  "x" => "y"\n}\n').fundingUri, 'https://a.example/f');
    assert.equal(parseGemspec('s.metadata = { "homepage_uri" => "https://a.example" }\n').fundingUri, undefined);
    assert.equal(parseGemspec('s.metadata = { "source" => SOURCE, "funding_uri" => "https://a.example/f" }\n').fundingUri, undefined);
    assert.equal(parseGemspec('s.metadata = { "funding_uri" => "https://#{host}/f" }\n').fundingUri, undefined);
  });
});
