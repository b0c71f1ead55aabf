import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseGemfile } from '../../src/core/manifests/gemfile';
import type { DependencySource, ManifestDependency } from '../../src/core/manifests/types';
import { assertRangesInside } from './support/rangesInside';

interface Expected {
  name: string;
  spec?: string;
  /** The text under specRange: from the first requirement's first character to the last's last. */
  specText?: string;
  section?: string;
  source?: DependencySource;
}

interface Case {
  title: string;
  text: string;
  expected: Expected[];
  problems?: number;
}

const cases: Case[] = [
  { title: 'name only', text: 'source "https://rubygems.org"\ngem "rails"\n', expected: [{ name: 'rails' }] },
  { title: 'one requirement', text: 'gem "rake", "~> 13.0"', expected: [{ name: 'rake', spec: '~> 13.0' }] },
  {
    title: 'several requirements and options',
    text: 'gem "rails", "~> 7.0", ">= 7.0.1", require: false',
    expected: [{ name: 'rails', spec: '~> 7.0, >= 7.0.1', specText: '~> 7.0", ">= 7.0.1' }],
  },
  { title: 'parenthesised call', text: 'gem("x", "1")\ngem ("y")', expected: [{ name: 'x', spec: '1' }, { name: 'y' }] },
  { title: 'single quotes and %q', text: "gem 'pg', '~> 1.3'\ngem %q(nokogiri), %q[>= 1.8]", expected: [{ name: 'pg', spec: '~> 1.3' }, { name: 'nokogiri', spec: '>= 1.8', specText: '>= 1.8' }] },
  { title: 'hash-rocket options', text: 'gem "bcrypt", "~> 3.1", :require => false, :platforms => [:mri]', expected: [{ name: 'bcrypt', spec: '~> 3.1' }] },
  { title: 'non-literal requirement has no spec', text: 'gem "rack", rack_version\ngem "tzinfo", ENV["V"] if ENV["V"]', expected: [{ name: 'rack' }, { name: 'tzinfo' }] },
  { title: 'interpolated requirement as written', text: 'gem "x", "~> #{ver}"', expected: [{ name: 'x', spec: '~> #{ver}' }] },
  {
    title: 'group blocks',
    text: 'gem "a"\ngroup :development, :test do\n  gem "b"\nend\ngroup(:doc) do\n  gem "c"\nend\ngem "d"',
    expected: [{ name: 'a' }, { name: 'b', section: 'development, test' }, { name: 'c', section: 'doc' }, { name: 'd' }],
  },
  {
    title: 'group options are not group names',
    text: 'group :rdoc, :optional => true do\n  gem "psych"\nend\ngroup "site", optional: true do\n  gem "jemoji"\nend',
    expected: [{ name: 'psych', section: 'rdoc' }, { name: 'jemoji', section: 'site' }],
  },
  {
    title: 'nested blocks end at the right end',
    text: [
      'group :test do',
      '  platforms :jruby do', '    gem "a"', '  end',
      '  if ENV["X"]', '    gem "b"', '  else', '    gem "c"', '  end',
      '  unless RUBY_ENGINE == "jruby"', '    gem "d"', '  end',
      '  source "https://gems.example.com" do', '    gem "e"', '  end',
      '  case RUBY_PLATFORM', '  when /darwin/ then gem "f"', '  end',
      '  begin', '    gem "g"', '  rescue LoadError', '  end',
      '  %w[h i].each do |name|', '    gem name', '  end',
      '  gem "j"',
      'end',
      'gem "k"',
    ].join('\n'),
    expected: [
      { name: 'a', section: 'test' }, { name: 'b', section: 'test' }, { name: 'c', section: 'test' }, { name: 'd', section: 'test' },
      { name: 'e', section: 'test' }, { name: 'f', section: 'test' }, { name: 'g', section: 'test' }, { name: 'j', section: 'test' }, { name: 'k' },
    ],
  },
  {
    title: 'modifiers do not open blocks',
    text: 'group :development do\n  gem "pry-byebug" unless RUBY_ENGINE == "jruby"\n  gem "x", "~> 1" if RUBY_VERSION >= "3.4"\n  gem "t" if RUBY_PLATFORM =~ %r!cygwin!\n  gem "u" if x =~ /a#b/\nend\ngem "after"',
    expected: [{ name: 'pry-byebug', section: 'development' }, { name: 'x', spec: '~> 1', section: 'development' }, { name: 't', section: 'development' }, { name: 'u', section: 'development' }, { name: 'after' }],
  },
  { title: 'one-line blocks', text: 'group :a do gem "x" end\nif ENV["Y"] then gem "y" end\nplatforms(:ruby) { gem "z" }\ngem "w"', expected: [{ name: 'x', section: 'a' }, { name: 'y' }, { name: 'z' }, { name: 'w' }] },
  {
    title: 'group options on the gem line',
    text: 'gem "a", group: :test\ngem "b", groups: [:development, :test]\ngem "c", :group => "doc"\ngem "d", groups: %i[x y]\ngroup :test do\n  gem "e", group: [:ci, :test]\nend',
    expected: [
      { name: 'a', section: 'test' }, { name: 'b', section: 'development, test' }, { name: 'c', section: 'doc' },
      { name: 'd', section: 'x, y' }, { name: 'e', section: 'test, ci' },
    ],
  },
  { title: 'nested group blocks accumulate', text: 'group :a do\n  group :b do\n    gem "x"\n  end\n  gem "y"\nend', expected: [{ name: 'x', section: 'a, b' }, { name: 'y', section: 'a' }] },
  {
    title: 'git, github and path sources',
    text: [
      'gem "sdoc", git: "https://github.com/rails/sdoc.git", branch: "main"',
      'gem "ws", github: "matthewd/websocket-client-simple", branch: "close-race", require: false',
      'gem "rails", github: "rails"',
      'gem "local", path: "../local"',
      'gem "theme", :path => File.expand_path("test/theme", __dir__)',
      'gem "old", :git => \'git://example.com/old.git\'',
    ].join('\n'),
    expected: [
      { name: 'sdoc', source: { kind: 'git', value: 'https://github.com/rails/sdoc.git' } },
      { name: 'ws', source: { kind: 'git', value: 'https://github.com/matthewd/websocket-client-simple.git' } },
      { name: 'rails', source: { kind: 'git', value: 'https://github.com/rails/rails.git' } },
      { name: 'local', source: { kind: 'path', value: '../local' } },
      { name: 'theme', source: { kind: 'path', value: 'File.expand_path("test/theme", __dir__)' } },
      { name: 'old', source: { kind: 'git', value: 'git://example.com/old.git' } },
    ],
  },
  {
    title: 'source blocks',
    text: 'git "https://github.com/rails/rails.git", branch: "main" do\n  gem "activesupport"\n  gem "own", path: "x"\nend\npath "engines" do\n  gem "engine"\nend\ngem "plain"',
    expected: [
      { name: 'activesupport', source: { kind: 'git', value: 'https://github.com/rails/rails.git' } },
      { name: 'own', source: { kind: 'path', value: 'x' } },
      { name: 'engine', source: { kind: 'path', value: 'engines' } },
      { name: 'plain' },
    ],
  },
  {
    title: 'lines that are not dependencies',
    text: 'source "https://rubygems.org"\ngemspec\ngemspec :name => "jekyll"\nruby "3.2.0"\ngit_source(:github) { |repo| "https://github.com/#{repo}.git" }\nplugin "bundler-graph"\n# gem "commented"\nrack_version = ENV.fetch("RACK", "~> 3.0")\nputs "gem \\"fake\\""\ngem "real"',
    expected: [{ name: 'real' }],
  },
  {
    title: 'multi-line arguments',
    text: 'gem "x",\n    "~> 1.0",\n    require: false\ngem "y", platforms: [\n  :ruby,\n  :jruby\n]\nlist = %w[a b]\n  .map(&:to_s)\ngem "z"',
    expected: [{ name: 'x', spec: '~> 1.0', specText: '~> 1.0' }, { name: 'y' }, { name: 'z' }],
  },
  { title: 'semicolons and CRLF', text: 'gem "a"; gem "b", "1"\r\ngroup :t do\r\n  gem "c"\r\nend\r\n', expected: [{ name: 'a' }, { name: 'b', spec: '1' }, { name: 'c', section: 't' }] },
  { title: 'block comments and __END__', text: '=begin\ngem "hidden"\n=end\ngem "shown"\n__END__\ngem "data"', expected: [{ name: 'shown' }] },
  { title: 'labels named like keywords', text: 'gem "x", if: false, end: 1, do: 2\ngem "y"', expected: [{ name: 'x' }, { name: 'y' }] },
  { title: 'a gem call followed by a block', text: 'gem "sp", git: "https://x/y.git" do end\ngem "next"', expected: [{ name: 'sp', source: { kind: 'git', value: 'https://x/y.git' } }, { name: 'next' }] },
  { title: 'install_if and env blocks', text: 'install_if -> { RUBY_PLATFORM =~ /darwin/ } do\n  gem "tn"\nend\nenv "CI" do\n  gem "ci"\nend\ngem "top"', expected: [{ name: 'tn' }, { name: 'ci' }, { name: 'top' }] },
  { title: 'a hash brace is not a block', text: 'gem "x", { require: false }\ngem "y"', expected: [{ name: 'x' }, { name: 'y' }] },
  { title: 'empty document', text: '', expected: [] },
  // Half-typed documents.
  { title: 'unterminated name', text: 'gem "rai\ngem "pg"', expected: [{ name: 'rai' }, { name: 'pg' }], problems: 1 },
  { title: 'unterminated requirement', text: 'gem "rails", "~> 7\ngem "pg"', expected: [{ name: 'rails', spec: '~> 7', specText: '~> 7' }, { name: 'pg' }], problems: 1 },
  { title: 'trailing comma above the next gem', text: 'gem "rails",\ngem "pg"', expected: [{ name: 'rails' }, { name: 'pg' }], problems: 1 },
  { title: 'unclosed parenthesis', text: 'gem("rails", "1"\ngem "pg"', expected: [{ name: 'rails', spec: '1' }, { name: 'pg' }], problems: 1 },
  { title: 'unclosed parenthesis at end of file', text: 'gem("rails",', expected: [{ name: 'rails' }], problems: 1 },
  { title: 'group without end', text: 'group :test do\n  gem "rspec"\n  gem "x", "', expected: [{ name: 'rspec', section: 'test' }, { name: 'x', spec: '', specText: '', section: 'test' }], problems: 2 },
  { title: 'stray end', text: 'gem "a"\nend\ngem "b"', expected: [{ name: 'a' }, { name: 'b' }], problems: 1 },
  { title: 'gem without a name', text: 'gem\ngem \ngem ""\ngem name_var\ngem "ok"', expected: [{ name: 'ok' }] },
  { title: 'string ending in a backslash', text: 'gem "a\\\ngem "b"', expected: [{ name: 'a\\' }, { name: 'b' }], problems: 1 },
];

describe('parseGemfile', () => {
  for (const { title, text, expected, problems = 0 } of cases) {
    it(title, () => {
      const result = parseGemfile(text);
      assert.equal(result.kind, 'gemfile');
      assert.equal(result.problems.length, problems, JSON.stringify(result.problems));
      assert.deepEqual(
        result.dependencies.map(project),
        expected.map(({ specText: _specText, ...rest }) => ({ section: 'default', ...rest })),
      );
      result.dependencies.forEach((dependency, index) => {
        assert.equal(dependency.ecosystem, 'rubygems');
        assert.equal(text.slice(dependency.nameRange.start, dependency.nameRange.end), dependency.name);
        const specText = expected[index].specText ?? dependency.spec;
        assert.equal(dependency.specRange === null ? null : text.slice(dependency.specRange.start, dependency.specRange.end), specText);
      });
      assertRangesInside(result, text.length);
    });
  }

  it('never throws on any truncation of a realistic file', () => {
    const text = [
      'source "https://rubygems.org"', 'gemspec', 'gem "rails", "~> 7.0", ">= 7.0.1", require: false',
      'group :development, :test do', '  platforms :mri do', '    gem "debug", %q(>= 1.0)', '  end',
      '  gem "x", github: "o/x" if ENV["X"]', 'end', 'gem("y", path: "../y") # local',
    ].join('\n');
    for (let end = 0; end <= text.length; end++) {
      const prefix = text.slice(0, end);
      assertRangesInside(parseGemfile(prefix), prefix.length);
    }
  });

  it('never throws and names match their ranges on arbitrary input', () => {
    const piece = fc.constantFrom(
      'gem', 'group', ' ', '\n', '"', "'", 'x', ',', ':a', 'a:', '=>', '(', ')', '[', ']', '{', '}', 'do', 'end', 'if', '#', '%q(', '%w[', '/', '\\', '#{', '=begin', ';', '|',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join('')), (text) => {
        const result = parseGemfile(text);
        assertRangesInside(result, text.length);
        for (const dependency of result.dependencies) {
          assert.equal(text.slice(dependency.nameRange.start, dependency.nameRange.end), dependency.name);
        }
      }),
    );
  });

  it('is linear on long input', () => {
    const text = 'group :a do\n'.repeat(20_000) + 'gem "x", "1"\n'.repeat(20_000) + '\n'.repeat(50_000) + '('.repeat(50_000) + '"#{'.repeat(20_000) + '\n' + 'gem "y",\n'.repeat(20_000) + 'gem(' + '\n'.repeat(100_000);
    const started = Date.now();
    parseGemfile(text);
    assert.ok(Date.now() - started < 3000);
  });
});

function project(dependency: ManifestDependency): Expected {
  return {
    name: dependency.name,
    ...(dependency.spec !== null ? { spec: dependency.spec } : {}),
    section: dependency.section,
    ...(dependency.source ? { source: dependency.source } : {}),
  };
}
