import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseGemfileLock, parseGemspec, resolveRubygems, type GemspecInfo } from '../../src/core/data/rubygems';
import type { ResolverResult } from '../../src/core/data/types';
import { packageNamed } from './support/resolvedPackages';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/rubygems');
const OPTIONS = { home: path.join(FIXTURES, 'no-home'), env: {} };

describe('RubyGems data: Gemfile.lock', () => {
  const text = [
    'GIT',
    '  remote: https://github.com/rails/rails.git',
    '  revision: 2d7e3a6f0c9b8e4d1a5f7c3b9e0d2a4c6f8b1d3e',
    '  specs:',
    '    rails (7.2.0.alpha)',
    '      actionpack (= 7.2.0.alpha)',
    '',
    'PATH',
    '  remote: .',
    '  specs:',
    '    mygem (0.1.0)',
    '      thor (~> 1.3)',
    '',
    'GEM',
    '  remote: https://rubygems.org/',
    '  specs:',
    '    actionpack (7.2.0.alpha)',
    '    ffi (1.17.0-x86_64-linux-gnu)',
    '    ffi (1.17.0-arm64-darwin)',
    '    thor (1.3.1)',
    '    google-protobuf (4.27.2-x86_64-linux)',
    '      bigdecimal',
    '      rake (>= 13)',
    '',
    'PLATFORMS',
    '  arm64-darwin',
    '  x86_64-linux',
    '',
    'DEPENDENCIES',
    '  ffi',
    '  mygem!',
    '  rails!',
    '',
    'RUBY VERSION',
    '   ruby 3.3.3p89',
    '',
    'BUNDLED WITH',
    '   2.5.14',
    '',
  ].join('\n');

  it('reads specs of every source section, splitting the platform off the version as Bundler does', () => {
    const lock = parseGemfileLock(text);
    assert.deepEqual(lock.problems, []);
    assert.deepEqual(
      lock.gems.map((gem) => [gem.section, gem.name, gem.version, gem.platform ?? null, gem.dependencies]),
      [
        ['GIT', 'rails', '7.2.0.alpha', null, ['actionpack']],
        ['PATH', 'mygem', '0.1.0', null, ['thor']],
        ['GEM', 'actionpack', '7.2.0.alpha', null, []],
        ['GEM', 'ffi', '1.17.0', 'x86_64-linux-gnu', []],
        ['GEM', 'ffi', '1.17.0', 'arm64-darwin', []],
        ['GEM', 'thor', '1.3.1', null, []],
        ['GEM', 'google-protobuf', '4.27.2', 'x86_64-linux', ['bigdecimal', 'rake']],
      ],
    );
    assert.deepEqual(lock.gems[1].remote, '.');
    assert.deepEqual(lock.direct, ['ffi', 'mygem', 'rails']);
    assert.deepEqual(lock.platforms, ['arm64-darwin', 'x86_64-linux']);
    assert.equal(lock.bundledWith, '2.5.14');
  });

  it('reads CHECKSUMS (Bundler 2.5+)', () => {
    const lock = parseGemfileLock(
      [
        'GEM',
        '  remote: https://rubygems.org/',
        '  specs:',
        '    rake (13.2.1)',
        '',
        'CHECKSUMS',
        '  rake (13.2.1) sha256=46cb38dae65d7d74b6020a4ac9d48afed8eb8149c040eccf0523bec91907059d',
        '  json (2.7.2)',
      ].join('\n'),
    );
    assert.deepEqual(lock.checksums.get('rake (13.2.1)'), [{ algorithm: 'SHA-256', hex: '46cb38dae65d7d74b6020a4ac9d48afed8eb8149c040eccf0523bec91907059d' }]);
    assert.deepEqual(lock.checksums.get('json (2.7.2)'), []);
  });

  const broken: readonly (readonly [string, string, RegExp])[] = [
    ['not a lockfile at all', 'source "https://rubygems.org"\ngem "rails"\n', /^is not a Gemfile\.lock/],
    ['a spec without a version', 'GEM\n  specs:\n    rack\n', /^line 3: "rack" has no version$/],
    ['merge conflict markers', 'GEM\n  specs:\n<<<<<<< HEAD\n    rack (3.0.8)\n=======\n    rack (3.1.0)\n>>>>>>> main\n', /^line 3: has an unresolved merge conflict marker \(and 2 more unreadable lines\)$/],
    ['indented text before any section', '  specs:\nGEM\n', /^line 1: is outside any section$/],
  ];
  for (const [title, lockText, problem] of broken) {
    it(`${title}: one problem line, no exception`, () => {
      const lock = parseGemfileLock(lockText);
      assert.equal(lock.problems.length, 1);
      assert.match(lock.problems[0], problem);
    });
  }

  it('an empty file is no problem', () => {
    assert.deepEqual(parseGemfileLock('').problems, []);
  });
});

describe('RubyGems data: gemspecs, read without running Ruby', () => {
  const cases: readonly { readonly title: string; readonly text: string; readonly expected: GemspecInfo }[] = [
    {
      title: 'an installed specification with .freeze and %q<>',
      text: [
        'Gem::Specification.new do |s|',
        '  s.name = "nokogiri".freeze',
        '  s.version = "1.16.6".freeze',
        '  s.platform = "x86_64-linux".freeze',
        '  s.metadata = { "license_uri" => "https://example.com/LICENSE" } if s.respond_to? :metadata=',
        '  s.licenses = ["MIT".freeze, "Apache-2.0".freeze]',
        '  s.add_runtime_dependency(%q<racc>.freeze, ["~> 1.4".freeze])',
        '  s.add_dependency(%q<racc>.freeze, ["~> 1.4".freeze])',
        '  s.add_development_dependency(%q<rake>.freeze, [">= 0".freeze])',
        'end',
      ].join('\n'),
      expected: { name: 'nokogiri', version: '1.16.6', platform: 'x86_64-linux', licenses: ['MIT', 'Apache-2.0'], dependencies: ['racc'] },
    },
    {
      title: 's.license with single quotes, %w[] licenses, a spec variable named spec',
      text: ["Gem::Specification.new do |spec|", "  spec.name    = 'racc'", "  spec.version = '1.8.0'", '  spec.licenses = %w[Ruby BSD-2-Clause]', "  spec.add_dependency 'thor', '~> 1.0'", 'end'].join('\n'),
      expected: { name: 'racc', version: '1.8.0', licenses: ['Ruby', 'BSD-2-Clause'], dependencies: ['thor'] },
    },
    {
      title: 'license and licenses together, an array over several lines, platform ruby dropped',
      text: ['s.name = %q{json}', 's.version = "2.7.2"', 's.platform = "ruby"', 's.license = "Ruby"', 's.licenses = [', '  "Ruby",', '  "BSD-2-Clause"', ']'].join('\n'),
      expected: { name: 'json', version: '2.7.2', licenses: ['Ruby', 'BSD-2-Clause'], dependencies: [] },
    },
    {
      title: 'computed values are ignored, not guessed; comments are not code',
      text: ['# s.license = "GPL-3.0-only"', 's.name = "x-#{RUBY_VERSION}"', 's.version = File.read("VERSION").strip', 's.license = LICENSE_CONSTANT', 's.licenses = ["MIT", ENV["EXTRA"]]', 's.description = "s.license = \\"AGPL\\""'].join('\n'),
      expected: { licenses: [], dependencies: [] },
    },
  ];
  for (const row of cases) {
    it(row.title, () => assert.deepEqual(parseGemspec(row.text), row.expected));
  }

  // Real gemspecs (test/fixtures/data/rubygems/local-deps/SOURCES.md): a list of licenses stays a list.
  const real: readonly { readonly file: string; readonly name: string; readonly version?: string; readonly licenses: readonly string[] }[] = [
    { file: 'repo/vendor/rack/rack.gemspec', name: 'rack', licenses: ['MIT'] },
    { file: 'repo/vendor/power-assert/power_assert-2.0.3.gemspec', name: 'power_assert', version: '2.0.3', licenses: ['BSD-2-Clause', 'Ruby'] },
    { file: 'repo/components/test-unit/test-unit-3.5.7.gemspec', name: 'test-unit', version: '3.5.7', licenses: ['Ruby', 'BSDL', 'PSFL'] },
  ];
  for (const row of real) {
    it(`reads ${path.basename(row.file)}: ${row.licenses.length} license(s) as listed${row.version ? '' : ', a computed version left out'}`, () => {
      const info = parseGemspec(readFileSync(path.join(FIXTURES, 'local-deps', row.file), 'utf8'));
      assert.equal(info.name, row.name);
      assert.equal(info.version, row.version);
      assert.deepEqual(info.licenses, row.licenses);
    });
  }

  it('never throws on odd text', () => {
    for (const text of ['', 's.', 's.licenses = [', 's.name = "unterminated', '%w[', 's.add_dependency(', '=begin\ns.license = "x"']) {
      assert.doesNotThrow(() => parseGemspec(text));
    }
  });
});

describe('RubyGems data: resolveRubygems', () => {
  let result: ResolverResult;
  before(async () => {
    result = await resolveRubygems(path.join(FIXTURES, 'app'), { ...OPTIONS, env: { GEM_HOME: path.join(FIXTURES, 'gemhome') } });
  });

  it('lists each locked gem version once; platform variants fold into one; the project gem is left out', () => {
    assert.deepEqual(result.packages.map((item) => `${item.name}@${item.version}`).sort(), [
      'activesupport@7.1.3.4',
      'base64@0.2.0',
      'billing@0.3.0',
      'concurrent-ruby@1.3.3',
      'i18n@1.14.5',
      'mini_portile2@2.8.7',
      'nio4r@2.7.3',
      'nokogiri@1.16.6',
      'puma@6.4.2',
      'racc@1.8.0',
      'rack@3.0.8',
      'rspec-core@3.13.0',
      'rspec@3.13.0',
      'tzinfo@2.0.6',
    ]);
    assert.ok(result.packages.every((item) => item.ecosystem === 'rubygems' && item.source === 'Gemfile.lock'));
  });

  it('marks DEPENDENCIES (and what the project gem needs) direct', () => {
    assert.deepEqual(
      result.packages.filter((item) => item.direct).map((item) => item.name).sort(),
      ['activesupport', 'billing', 'nokogiri', 'puma', 'rack', 'rspec'],
    );
  });

  it('builds the graph from the nested lines, across platform variants', () => {
    assert.deepEqual(packageNamed(result, 'nokogiri').dependencies, ['mini_portile2@2.8.7', 'racc@1.8.0']);
    assert.deepEqual(packageNamed(result, 'activesupport').dependencies, ['base64@0.2.0', 'concurrent-ruby@1.3.3', 'i18n@1.14.5', 'tzinfo@2.0.6']);
  });

  it('takes hashes from CHECKSUMS for every platform variant', () => {
    assert.deepEqual(
      packageNamed(result, 'nokogiri').hashes?.map((hash) => hash.hex.slice(0, 8)),
      ['b6f7a5f6', '0a8e2bbd'],
    );
  });

  it('reads licenses from vendor/bundle specifications (BUNDLE_PATH from .bundle/config)', () => {
    assert.deepEqual(packageNamed(result, 'rack').license, { value: 'MIT', source: 'rack-3.0.8.gemspec license' });
    assert.equal(packageNamed(result, 'rack').path, path.join(FIXTURES, 'app/vendor/bundle/ruby/3.3.0/gems/rack-3.0.8'));
    assert.deepEqual(packageNamed(result, 'racc').license, { value: ['Ruby', 'BSD-2-Clause'], source: 'racc-1.8.0.gemspec licenses' });
    assert.deepEqual(packageNamed(result, 'nokogiri').license, { value: ['MIT', 'Apache-2.0'], source: 'nokogiri-1.16.6-x86_64-linux.gemspec licenses' });
  });

  it('enriches locked gems from GEM_HOME without adding the other gems installed there', () => {
    assert.deepEqual(packageNamed(result, 'puma').license, { value: 'BSD-3-Clause', source: 'puma-6.4.2.gemspec license' });
    assert.equal(packageNamed(result, 'puma').path, path.join(FIXTURES, 'gemhome/gems/puma-6.4.2'));
    assert.ok(!result.packages.some((item) => item.name === 'unrelated'));
    assert.ok(!result.files.some((file) => file.endsWith('unrelated-1.0.0.gemspec')));
  });

  it('reports a gemspec whose name is computed', () => {
    assert.deepEqual(result.problems, ['vendor/bundle/ruby/3.3.0/specifications/broken-0.0.1.gemspec: has no literal name']);
  });

  it('turns a broken Gemfile.lock into one problem line and keeps the readable gems', async () => {
    const broken = await resolveRubygems(path.join(FIXTURES, 'broken'), OPTIONS);
    assert.deepEqual(
      broken.packages.map((item) => `${item.name}@${item.version}${item.direct ? ' direct' : ''}`),
      ['rack@3.0.8 direct', 'rake@13.2.1', 'rake@13.1.0'],
    );
    assert.deepEqual(broken.problems, ['Gemfile.lock: line 5: cannot be read as a gem: "badly indented (1.0)" (and 4 more unreadable lines)']);
    const notALock = await resolveRubygems(path.join(FIXTURES, 'not-a-lock'), OPTIONS);
    assert.deepEqual(notALock.problems, ['Gemfile.lock: is not a Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section']);
  });

  it('never throws on a missing folder', async () => {
    assert.deepEqual(await resolveRubygems(path.join(FIXTURES, 'does-not-exist'), OPTIONS), { packages: [], files: [], problems: [] });
  });
});
