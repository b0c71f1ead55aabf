import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveCargo } from '../../src/core/data/cargo';
import { resolveComposer } from '../../src/core/data/composer';
import { buildInventory } from '../../src/core/data/inventory';
import { resolveNpm } from '../../src/core/data/npm';
import { resolvePypi } from '../../src/core/data/pypi';
import { goModuleRepository, projectUrlRepository, rememberedRepositoryLocation, repositoryLocation } from '../../src/core/data/repository';
import { BoundedMap } from '../../src/core/policy/boundedMap';
import { parseGemspec, resolveRubygems } from '../../src/core/data/rubygems';
import { parsePackageJson } from '../../src/core/manifests/packageJson';
import { packageNamed, writeProjectFile } from './support/resolvedPackages';

const OPTIONS = { home: tmpdir(), env: {} };
const DATA = path.resolve(__dirname, '../../../test/fixtures/data');

describe('repositoryLocation: a repository field as host and path', () => {
  const rows: Array<[unknown, string | undefined]> = [
    // npm's forms (package.json "repository", https://docs.npmjs.com/cli/v10/configuring-npm/package-json#repository).
    ['https://github.com/Microsoft/vscode-languageserver-node.git', 'github.com/microsoft/vscode-languageserver-node'],
    [{ type: 'git', url: 'git+https://github.com/expressjs/express.git' }, 'github.com/expressjs/express'],
    [{ type: 'git', url: 'https://github.com/babel/babel.git', directory: 'packages/babel-core' }, 'github.com/babel/babel'],
    ['expressjs/express', 'github.com/expressjs/express'],
    ['github:npm/cli', 'github.com/npm/cli'],
    ['gitlab:gitlab-org/gitlab-ui', 'gitlab.com/gitlab-org/gitlab-ui'],
    ['git@github.com:npm/cli.git', 'github.com/npm/cli'],
    ['git+ssh://git@github.com/sindresorhus/chalk.git', 'github.com/sindresorhus/chalk'],
    ['https://github.com/rails/rails/tree/v7.1.3/activesupport', 'github.com/rails/rails'],
    // Hosts hosted-git-info does not know keep their path.
    ['https://gitbox.apache.org/repos/asf/commons-lang.git', 'gitbox.apache.org/repos/asf/commons-lang'],
    ['git://git.savannah.gnu.org/emacs.git', 'git.savannah.gnu.org/emacs'],
    // Nothing that names no repository.
    ['javascript:alert(1)', undefined],
    ['https://', undefined],
    ['https://github.com/a b', undefined],
    ['https://x.example/\u001b[31m', undefined],
    ['ftp://example.com/x', undefined],
    [42, undefined],
    [null, undefined],
    [`https://github.com/${'a'.repeat(3000)}`, undefined],
  ];
  for (const [value, expected] of rows) {
    it(`${JSON.stringify(value).slice(0, 80)} → ${String(expected)}`, () => {
      assert.equal(repositoryLocation(value), expected);
    });
  }

  it('remembered per URL as written, the object form and a value that names nothing alike', () => {
    const memory = new BoundedMap<string, string | null>(10);
    assert.equal(rememberedRepositoryLocation(memory, { type: 'git', url: 'git+https://github.com/expressjs/express.git' }), 'github.com/expressjs/express');
    assert.equal(rememberedRepositoryLocation(memory, 'git+https://github.com/expressjs/express.git'), 'github.com/expressjs/express');
    assert.equal(rememberedRepositoryLocation(memory, 'javascript:alert(1)'), undefined);
    assert.equal(rememberedRepositoryLocation(memory, 42), undefined);
    assert.equal(memory.get('git+https://github.com/expressjs/express.git'), 'github.com/expressjs/express');
    assert.equal(memory.get('javascript:alert(1)'), null, 'a value that names nothing is remembered too');
  });

  it('Python Project-URL: the Source/Repository/Code labels first, a home page only on a code host', () => {
    // Flask's and requests' METADATA (PEP 753 labels, any case and punctuation).
    assert.equal(projectUrlRepository(['Donate, https://palletsprojects.com/donate', 'Documentation, https://flask.palletsprojects.com/', 'Source, https://github.com/pallets/flask/']), 'github.com/pallets/flask');
    assert.equal(projectUrlRepository(['Homepage, https://github.com/psf/requests', 'Source code, https://github.com/psf/requests-fork']), 'github.com/psf/requests-fork');
    assert.equal(projectUrlRepository(['Home-page, https://github.com/pytest-dev/pluggy']), 'github.com/pytest-dev/pluggy');
    assert.equal(projectUrlRepository(['Homepage, https://www.djangoproject.com/']), undefined);
    assert.equal(projectUrlRepository(undefined, 'https://github.com/benjaminp/six'), 'github.com/benjaminp/six');
    assert.equal(projectUrlRepository(undefined, 'https://numpy.org'), undefined);
  });

  it('Go: a module path on a code host is its repository; elsewhere nothing', () => {
    assert.equal(goModuleRepository('github.com/hashicorp/vault/api'), 'github.com/hashicorp/vault');
    assert.equal(goModuleRepository('github.com/Azure/azure-sdk-for-go/sdk/azcore'), 'github.com/azure/azure-sdk-for-go');
    assert.equal(goModuleRepository('github.com/open-telemetry/opentelemetry-go/v2'), 'github.com/open-telemetry/opentelemetry-go');
    assert.equal(goModuleRepository('golang.org/x/net'), undefined);
    assert.equal(goModuleRepository('github.com/just-owner'), undefined);
  });

  it('RubyGems: source_code_uri metadata, else the homepage', () => {
    assert.equal(parseGemspec('s.metadata = { "source_code_uri" => "https://github.com/rack/rack".freeze } if s.respond_to? :metadata=\ns.homepage = "https://rack.github.io/".freeze\n').sourceUri, 'https://github.com/rack/rack');
    assert.equal(parseGemspec('s.homepage = "https://github.com/sinatra/sinatra".freeze\n').sourceUri, 'https://github.com/sinatra/sinatra');
  });
});

describe('repository data: the offline resolvers', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ospo-repository-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('npm: an installed package.json repository (object, shorthand), and the dependency facts carry it with its source', async () => {
    writeProjectFile(path.join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { 'vscode-languageclient': '^9.0.1', 'left-pad': '1.3.0', plain: '1.0.0' } }));
    // vscode-languageclient 9.0.1's and left-pad 1.3.0's own fields.
    writeProjectFile(path.join(root, 'node_modules/vscode-languageclient/package.json'), JSON.stringify({ name: 'vscode-languageclient', version: '9.0.1', license: 'MIT', repository: { type: 'git', url: 'https://github.com/Microsoft/vscode-languageserver-node.git', directory: 'client' } }));
    writeProjectFile(path.join(root, 'node_modules/left-pad/package.json'), JSON.stringify({ name: 'left-pad', version: '1.3.0', license: 'WTFPL', repository: 'stevemao/left-pad' }));
    writeProjectFile(path.join(root, 'node_modules/plain/package.json'), JSON.stringify({ name: 'plain', version: '1.0.0', license: 'MIT' }));
    const result = await resolveNpm(root, OPTIONS);
    assert.equal(packageNamed(result, 'vscode-languageclient').repository, 'github.com/microsoft/vscode-languageserver-node');
    assert.equal(packageNamed(result, 'left-pad').repository, 'github.com/stevemao/left-pad');
    assert.equal(packageNamed(result, 'plain').repository, undefined);
    const manifest = path.join(root, 'package.json');
    const parsed = parsePackageJson(readFileSync(manifest, 'utf8'));
    const inventory = await buildInventory([{ file: manifest, parsed }], { npm: resolveNpm }, OPTIONS);
    const dependency = parsed.dependencies.find((item) => item.name === 'vscode-languageclient');
    assert.ok(dependency);
    const facts = inventory.factsFor(manifest, dependency);
    assert.deepEqual(facts.repository, { location: 'github.com/microsoft/vscode-languageserver-node', source: 'vscode-languageclient 9.0.1 in node_modules' });
  });

  it('npm and Composer: the lockfile’s download URL (package-lock resolved, composer.lock dist.url), http(s) only', async () => {
    writeProjectFile(path.join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { 'balanced-match': '^4.0.0', local: 'file:../local', odd: '1.0.0' } }));
    writeProjectFile(
      path.join(root, 'package-lock.json'),
      JSON.stringify({
        name: 'app',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { name: 'app', version: '1.0.0', dependencies: { 'balanced-match': '^4.0.0', odd: '1.0.0' } },
          // As npm writes them (microsoft/vscode-eslint's package-lock.json).
          'node_modules/balanced-match': { version: '4.0.4', resolved: 'https://registry.npmjs.org/balanced-match/-/balanced-match-4.0.4.tgz', integrity: 'sha512-AAAA', license: 'MIT' },
          'node_modules/odd': { version: '1.0.0', resolved: 'git+ssh://git@github.com/acme/odd.git#0123456789abcdef', license: 'MIT' },
        },
      }),
    );
    const npm = await resolveNpm(root, OPTIONS);
    assert.equal(packageNamed(npm, 'balanced-match').downloadUrl, 'https://registry.npmjs.org/balanced-match/-/balanced-match-4.0.4.tgz');
    assert.equal(packageNamed(npm, 'odd').downloadUrl, undefined);
    writeProjectFile(path.join(root, 'composer.json'), JSON.stringify({ require: { 'guzzlehttp/guzzle': '^7.8' } }));
    // examples/composer.lock's entry for guzzle.
    writeProjectFile(
      path.join(root, 'composer.lock'),
      JSON.stringify({ packages: [{ name: 'guzzlehttp/guzzle', version: '7.8.1', license: ['MIT'], dist: { type: 'zip', url: 'https://api.github.com/repos/guzzle/guzzle/zipball/7.8.1', shasum: '' } }], 'packages-dev': [] }),
    );
    assert.equal(packageNamed(await resolveComposer(root, OPTIONS), 'guzzlehttp/guzzle').downloadUrl, 'https://api.github.com/repos/guzzle/guzzle/zipball/7.8.1');
  });

  it('Composer: composer.lock source.url', async () => {
    writeProjectFile(path.join(root, 'composer.json'), JSON.stringify({ require: { 'symfony/console': '^6.4' } }));
    writeProjectFile(
      path.join(root, 'composer.lock'),
      JSON.stringify({
        packages: [{ name: 'symfony/console', version: 'v6.4.8', license: ['MIT'], source: { type: 'git', url: 'https://github.com/symfony/console.git', reference: 'be5854cee0e8c7b110f00d695d11debdfa1a2a91' } }],
        'packages-dev': [],
      }),
    );
    assert.equal(packageNamed(await resolveComposer(root, OPTIONS), 'symfony/console').repository, 'github.com/symfony/console');
  });

  it('PyPI: a dist-info METADATA Project-URL labelled Source', async () => {
    const site = path.join(root, '.venv/lib/python3.12/site-packages');
    writeProjectFile(path.join(root, '.venv/pyvenv.cfg'), 'home = /usr/bin\n');
    writeProjectFile(
      path.join(site, 'flask-3.1.0.dist-info/METADATA'),
      ['Metadata-Version: 2.3', 'Name: Flask', 'Version: 3.1.0', 'Project-URL: Donate, https://palletsprojects.com/donate', 'Project-URL: Source, https://github.com/pallets/flask/', '', 'Body'].join('\n'),
    );
    assert.equal(packageNamed(await resolvePypi(root, OPTIONS), 'Flask').repository, 'github.com/pallets/flask');
  });

  it('Cargo: a registry crate’s Cargo.toml repository', async () => {
    const cargo = await resolveCargo(path.join(DATA, 'cargo/workspace'), { home: path.join(DATA, 'cargo/home'), env: {} });
    assert.equal(packageNamed(cargo, 'serde').repository, 'github.com/serde-rs/serde');
  });

  it('RubyGems: an installed specification’s source_code_uri', async () => {
    writeProjectFile(path.join(root, 'Gemfile'), 'source "https://rubygems.org"\ngem "rack"\n');
    writeProjectFile(path.join(root, 'Gemfile.lock'), 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.1.8)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rack\n');
    writeProjectFile(
      path.join(root, 'vendor/bundle/ruby/3.3.0/specifications/rack-3.1.8.gemspec'),
      [
        'Gem::Specification.new do |s|',
        '  s.name = "rack".freeze',
        '  s.version = "3.1.8".freeze',
        '  s.metadata = { "bug_tracker_uri" => "https://github.com/rack/rack/issues", "funding_uri" => "https://github.com/sponsors/ioquatix/", "source_code_uri" => "https://github.com/rack/rack" } if s.respond_to? :metadata=',
        '  s.homepage = "https://github.com/rack/rack".freeze',
        '  s.licenses = ["MIT".freeze]',
        'end',
        '',
      ].join('\n'),
    );
    assert.equal(packageNamed(await resolveRubygems(root, OPTIONS), 'rack').repository, 'github.com/rack/rack');
  });
});
