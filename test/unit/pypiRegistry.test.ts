import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { licenseFromMetadata, parseCoreMetadata } from '../../src/core/data/pypi/metadata';
import { pep503Name } from '../../src/core/policy/purl';
import { type IndexPlan, readIndexPlan, tiersFor } from '../../src/core/data/registry/pypi/indexPlan';
import { createPypiRegistryClient, isValidName, PypiRegistryClient, type PypiRegistryClientOptions } from '../../src/core/data/registry/pypi/pypiRegistryClient';
import { parseIndexUrl } from '../../src/core/data/registry/pypi/indexUrl';
import { lineOptions, optionLines } from '../../src/core/data/registry/pypi/requirementsIndexes';
import { distributionFile } from '../../src/core/data/registry/pypi/distributionFilename';
import { readPyprojectIndexes } from '../../src/core/data/registry/pypi/pyprojectIndexes';
import { parsePythonIni } from '../../src/core/data/registry/pypi/pythonIni';
import { parseSimpleHtml } from '../../src/core/data/registry/pypi/simpleHtml';
import { readProjectPage } from '../../src/core/data/registry/pypi/simpleProject';
import { prefersJsonApi, releaseJsonUrl } from '../../src/core/data/registry/pypi/warehouseJson';
import { RegistryHttp } from '../../src/core/data/registry/registryHttp';
import { lookUpDependency } from '../../src/core/data/registry/registryLookup';
import { ResponseCache } from '../../src/core/data/online/responseCache';
import type { RegistryConfigSources } from '../../src/core/data/registry/types';
import { hostsAsked, loopbackHttp } from './support/loopbackHttp';
import { type FixtureMetadata, loadFixtureMetadata, PypiIndexServer, type PypiIndexServerOptions, type ServedRelease, wheelName } from './support/pypiIndexServer';

const FIXTURES = loadFixtureMetadata();

function fixture(name: string): FixtureMetadata {
  const found = FIXTURES.get(name);
  assert.ok(found, `fixture ${name}`);
  return found;
}

/** The fixture's real release, served with its metadata file. */
function real(name: string, extra: Partial<ServedRelease> = {}): ServedRelease {
  const found = fixture(name);
  return { name: found.name, version: found.version, metadata: found.bytes, ...extra };
}

/**
 * What some real metadata files declare, as the client must report it (`<index host> METADATA
 * <field>`): the cases the core metadata specification decides by itself. The other fixtures are
 * checked against the project's own reading of the same file (`licenseFromMetadata`), whose
 * rules for vague fields are not this client's to test.
 */
const DECIDED_BY_THE_SPEC: readonly (readonly [project: string, value: string, field: string])[] = [
  ['hatchling', 'MIT', 'License-Expression'],
  ['attrs', 'MIT', 'License'],
  ['certifi', 'MPL-2.0', 'License'],
  ['six', 'MIT', 'License'],
  ['typing-extensions', 'PSF-2.0', 'Classifier'],
  ['platformdirs', 'MIT', 'Classifier'],
];

describe('PyPI registry client', () => {
  let temp: string;
  let home: string;
  let globalDir: string;
  let project: string;
  let cacheDir: string;
  let logs: string[];
  const servers: PypiIndexServer[] = [];

  beforeEach(() => {
    temp = mkdtempSync(path.join(os.tmpdir(), 'ospo-pypi-'));
    home = path.join(temp, 'home');
    globalDir = path.join(temp, 'etc');
    project = path.join(temp, 'work', 'app');
    cacheDir = path.join(temp, 'cache');
    for (const dir of [home, globalDir, project, cacheDir]) {
      mkdirSync(dir, { recursive: true });
    }
    logs = [];
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    rmSync(temp, { recursive: true, force: true });
  });

  const start = async (options: PypiIndexServerOptions, releases: readonly ServedRelease[] = []): Promise<PypiIndexServer> => {
    const server = await PypiIndexServer.start(options);
    releases.forEach((release) => server.add(release));
    servers.push(server);
    return server;
  };

  const sources = (overrides: Partial<RegistryConfigSources> = {}): RegistryConfigSources => ({
    projectDir: project,
    rootDir: path.dirname(project),
    trustProject: false,
    home,
    env: {},
    ...overrides,
  });

  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };

  const plan = async (overrides: Partial<RegistryConfigSources> = {}) => readIndexPlan(sources(overrides), { globalDirs: [globalDir], platform: 'linux' });

  const urls = (indexPlan: IndexPlan, name = 'anything'): string[][] => tiersFor(indexPlan, name).map((tier) => tier.map((index) => index.url));

  const http = () => new RegistryHttp({ log: (message) => logs.push(message), maxRetries: 0 });

  const client = async (overrides: Partial<RegistryConfigSources> = {}, options: Partial<PypiRegistryClientOptions> = {}) => {
    const configured = await plan(overrides);
    return new PypiRegistryClient({ http: http(), cacheDir, log: (message) => logs.push(message), plan: configured.plan, ...options });
  };

  describe('configuration', () => {
    it('reads pip.conf as pip does: a multi-line extra-index-url, [install] over [global], the user file over the global one, PIP_* over files', async () => {
      write(path.join(globalDir, 'pip.conf'), '[global]\nindex-url = https://global.example/simple\n');
      write(
        path.join(home, '.config', 'pip', 'pip.conf'),
        ['# user configuration', '[global]', 'index-url = https://user.example/simple', 'extra-index-url =', '    https://one.example/simple/', '    https://two.example/pypi/simple', '; a comment', 'timeout = 60'].join('\n'),
      );
      let configured = await plan();
      assert.deepEqual(urls(configured.plan), [['https://user.example/simple/', 'https://one.example/simple/', 'https://two.example/pypi/simple/']]);
      assert.deepEqual(configured.files, [path.join(globalDir, 'pip.conf'), path.join(home, '.config', 'pip', 'pip.conf')]);
      assert.deepEqual(configured.problems, []);

      write(path.join(home, '.config', 'pip', 'pip.conf'), '[global]\nindex-url = https://user.example/simple\n[install]\nindex_url = https://install.example/simple\n');
      configured = await plan();
      assert.deepEqual(urls(configured.plan), [['https://install.example/simple/']], '[install] overrides [global]; index_url is index-url');

      configured = await plan({ env: { PIP_INDEX_URL: 'https://env.example/simple', PIP_EXTRA_INDEX_URL: 'https://e1.example/simple https://e2.example/simple' } });
      assert.deepEqual(urls(configured.plan), [['https://env.example/simple/', 'https://e1.example/simple/', 'https://e2.example/simple/']]);
      assert.equal(tiersFor(configured.plan, 'x')[0][0].origin, 'PIP_INDEX_URL');
    });

    it('reads the legacy ~/.pip/pip.conf before ~/.config/pip/pip.conf, honours XDG_CONFIG_HOME, and defaults to PyPI', async () => {
      assert.deepEqual(urls((await plan()).plan), [['https://pypi.org/simple/']]);
      write(path.join(home, '.pip', 'pip.conf'), '[global]\nindex-url = https://legacy.example/simple\nextra-index-url = https://legacy-extra.example/simple\n');
      assert.deepEqual(urls((await plan()).plan), [['https://legacy.example/simple/', 'https://legacy-extra.example/simple/']]);
      write(path.join(home, '.config', 'pip', 'pip.conf'), '[global]\nindex-url = https://current.example/simple\n');
      assert.deepEqual(urls((await plan()).plan), [['https://current.example/simple/', 'https://legacy-extra.example/simple/']], 'the current file overrides only what it sets');
      const xdg = path.join(temp, 'xdg');
      write(path.join(xdg, 'pip', 'pip.conf'), '[global]\nindex-url = https://xdg.example/simple\n');
      assert.deepEqual(urls((await plan({ env: { XDG_CONFIG_HOME: xdg } })).plan), [['https://xdg.example/simple/', 'https://legacy-extra.example/simple/']]);
    });

    it('reads PIP_CONFIG_FILE last, skips the user files when it exists, and reads nothing with /dev/null', async () => {
      write(path.join(home, '.config', 'pip', 'pip.conf'), '[global]\nindex-url = https://user.example/simple\nextra-index-url = https://user-extra.example/simple\n');
      write(path.join(globalDir, 'pip.conf'), '[global]\nextra-index-url = https://global-extra.example/simple\n');
      const explicit = path.join(temp, 'explicit.conf');
      write(explicit, '[global]\nindex-url = https://explicit.example/simple\n');
      assert.deepEqual(urls((await plan({ env: { PIP_CONFIG_FILE: explicit } })).plan), [['https://explicit.example/simple/', 'https://global-extra.example/simple/']]);
      assert.deepEqual(urls((await plan({ env: { PIP_CONFIG_FILE: path.join(temp, 'missing.conf') } })).plan), [['https://user.example/simple/', 'https://user-extra.example/simple/']]);
      assert.deepEqual(urls((await plan({ env: { PIP_CONFIG_FILE: '/dev/null' } })).plan), [['https://pypi.org/simple/']]);
      assert.deepEqual(urls((await plan({ env: { PIP_NO_INDEX: 'yes' } })).plan), []);
    });

    it('reads the virtualenv pip.conf, but not one inside an untrusted project', async () => {
      const venv = path.join(temp, 'venvs', 'tools');
      write(path.join(venv, 'pip.conf'), '[global]\nindex-url = https://venv.example/simple\n');
      assert.deepEqual(urls((await plan({ env: { VIRTUAL_ENV: venv } })).plan), [['https://venv.example/simple/']]);
      const projectVenv = path.join(project, '.venv');
      write(path.join(projectVenv, 'pip.conf'), '[global]\nindex-url = https://attacker.example/simple\n');
      assert.deepEqual(urls((await plan({ env: { VIRTUAL_ENV: projectVenv } })).plan), [['https://pypi.org/simple/']]);
      assert.deepEqual(urls((await plan({ env: { VIRTUAL_ENV: projectVenv }, trustProject: true })).plan), [['https://attacker.example/simple/']]);
    });

    it('reads index options of requirements files as pip does, only in a trusted project', async () => {
      write(path.join(home, '.config', 'pip', 'pip.conf'), '[global]\nextra-index-url = https://user-extra.example/simple\n');
      write(
        path.join(project, 'requirements.txt'),
        [
          '# pinned',
          'requests==2.28.1 --index-url https://ignored.example/simple  # options on a requirement line are ignored',
          '--extra-index-url https://first-extra.example/simple',
          '-r requirements/base.txt',
          'attrs>=22 \\',
          '  ; python_version >= "3.7"',
        ].join('\n'),
      );
      write(path.join(project, 'requirements', 'base.txt'), '--extra https://abbreviated.example/simple\n');
      write(path.join(project, 'requirements-dev.txt'), '-ihttps://dev.example/simple/\n--extra-index-url=https://dev-extra.example/simple\n');
      const untrusted = await plan();
      assert.deepEqual(urls(untrusted.plan), [['https://pypi.org/simple/', 'https://user-extra.example/simple/']]);
      assert.ok(!untrusted.files.some((file) => file.startsWith(project)));
      const trusted = await plan({ trustProject: true });
      // requirements.txt (and the base.txt it includes) first, then requirements-dev.txt, whose -i replaces the list.
      assert.deepEqual(urls(trusted.plan), [['https://dev.example/simple/', 'https://dev-extra.example/simple/']]);
      assert.deepEqual(trusted.files.slice(-3), [path.join(project, 'requirements.txt'), path.join(project, 'requirements', 'base.txt'), path.join(project, 'requirements-dev.txt')]);
      rmSync(path.join(project, 'requirements-dev.txt'));
      assert.deepEqual(urls((await plan({ trustProject: true })).plan), [
        ['https://pypi.org/simple/', 'https://user-extra.example/simple/', 'https://first-extra.example/simple/', 'https://abbreviated.example/simple/'],
      ]);
      write(path.join(project, 'requirements-z.txt'), '--no-index\n--find-links ./wheels\n');
      assert.deepEqual(urls((await plan({ trustProject: true })).plan), []);
    });

    it('splits requirements lines like pip: continuations, comments, quoting, requirement lines', () => {
      assert.deepEqual(
        optionLines('a \\\n  b # c\n\n#x\n  --index-url "https://h/s" # tail\nurl#frag'),
        [
          { number: 1, text: 'a   b' },
          { number: 5, text: '--index-url "https://h/s"' },
          { number: 6, text: 'url#frag' },
        ],
      );
      assert.deepEqual(lineOptions('--index-url "https://h/s"'), [{ name: 'index-url', value: 'https://h/s' }]);
      assert.deepEqual(lineOptions('-i https://h/s --pre --extra-index-url=https://x/s'), [{ name: 'index-url', value: 'https://h/s' }, { name: 'pre' }, { name: 'extra-index-url', value: 'https://x/s' }]);
      assert.deepEqual(lineOptions('requests --index-url https://h/s'), []);
      assert.deepEqual(lineOptions('--in https://ambiguous-or-not/s'), [{ name: 'index-url', value: 'https://ambiguous-or-not/s' }]);
      assert.deepEqual(lineOptions('--no https://x'), [], 'ambiguous prefix (no-index, no-binary)');
    });

    it('keeps credentials out of every origin and problem, and does not expand ${VAR} from project files', async () => {
      write(path.join(home, '.config', 'pip', 'pip.conf'), '[global]\nindex-url = https://reader:s3cret%21@private.example/simple\nextra-index-url = file:///opt/pypi/simple\n');
      write(path.join(project, 'requirements.txt'), '--extra-index-url https://${CI_USER}:${CI_TOKEN}@ci.example/simple\n--extra-index-url https://${HOST}/simple\n');
      const configured = await plan({ trustProject: true, env: { CI_USER: 'me', CI_TOKEN: 'tok' } });
      const [tier] = tiersFor(configured.plan, 'x');
      assert.deepEqual(
        tier.map((index) => index.url),
        ['https://private.example/simple/', 'https://ci.example/simple/'],
      );
      assert.equal(tier[0].authorization, `Basic ${Buffer.from('reader:s3cret!').toString('base64')}`);
      assert.equal(tier[1].authorization, undefined, 'variables are not expanded, so no credentials');
      const text = JSON.stringify({ origins: tier.map((index) => index.origin), problems: configured.problems });
      assert.ok(!text.includes('s3cret') && !text.includes('reader') && !text.includes('tok'), text);
      assert.ok(configured.problems.some((problem) => problem.includes('not an http(s) URL')));
      assert.ok(configured.problems.some((problem) => problem.includes('environment variables, which are not expanded')));
    });

    it('follows uv: project indexes in order, the default index last, explicit indexes only for pinned packages, each index its own tier', async () => {
      write(
        path.join(path.dirname(project), 'pyproject.toml'),
        [
          '[project]',
          'name = "workspace"',
          '[[tool.uv.index]]',
          'name = "internal"',
          'url = "https://internal.example/simple"',
          '[[tool.uv.index]]',
          'name = "pytorch"',
          'url = "https://download.pytorch.example/whl/cpu"',
          'explicit = true',
          '[[tool.uv.index]]',
          'name = "mirror"',
          'url = "https://mirror.example/simple"',
          'default = true',
          '[tool.uv.sources]',
          'torch = { index = "pytorch" }',
          'Other_Pkg = [{ index = "internal", marker = "sys_platform == \'linux\'" }]',
        ].join('\n'),
      );
      write(path.join(project, 'pyproject.toml'), '[project]\nname = "member"\n');
      write(path.join(home, '.config', 'pip', 'pip.conf'), '[global]\nindex-url = https://pip-only.example/simple\n');
      const configured = await plan({ trustProject: true });
      assert.equal(configured.plan.tool, 'uv');
      assert.deepEqual(urls(configured.plan, 'requests'), [['https://internal.example/simple/'], ['https://mirror.example/simple/']]);
      assert.deepEqual(urls(configured.plan, 'torch'), [['https://download.pytorch.example/whl/cpu/']]);
      assert.deepEqual(urls(configured.plan, 'other-pkg'), [['https://internal.example/simple/']]);
      const withEnv = await plan({ trustProject: true, env: { UV_INDEX: 'extra=https://env.example/simple', UV_DEFAULT_INDEX: 'https://default.example/simple' } });
      assert.deepEqual(urls(withEnv.plan, 'requests'), [['https://env.example/simple/'], ['https://internal.example/simple/'], ['https://default.example/simple/']]);
      assert.deepEqual(urls((await plan({ trustProject: false })).plan), [['https://pip-only.example/simple/']], 'untrusted: pip configuration only');
    });

    it('follows Poetry: primary sources disable implicit PyPI and are merged, supplemental sources come after, explicit ones only by pin', async () => {
      write(
        path.join(project, 'pyproject.toml'),
        [
          '[tool.poetry.dependencies]',
          'python = "^3.10"',
          'internal-lib = { version = "^1.0", source = "private" }',
          '[tool.poetry.group.dev.dependencies.gpu-lib]',
          'version = "*"',
          'source = "gpu"',
          '[[tool.poetry.source]]',
          'name = "private"',
          'url = "https://private.example/simple/"',
          '[[tool.poetry.source]]',
          'name = "PyPI"',
          'priority = "primary"',
          '[[tool.poetry.source]]',
          'name = "fallback"',
          'url = "https://fallback.example/simple/"',
          'priority = "supplemental"',
          '[[tool.poetry.source]]',
          'name = "gpu"',
          'url = "https://gpu.example/simple/"',
          'priority = "explicit"',
        ].join('\n'),
      );
      const configured = await plan({ trustProject: true });
      assert.equal(configured.plan.tool, 'poetry');
      assert.deepEqual(urls(configured.plan, 'requests'), [['https://private.example/simple/', 'https://pypi.org/simple/'], ['https://fallback.example/simple/']]);
      assert.deepEqual(urls(configured.plan, 'internal_lib'), [['https://private.example/simple/']]);
      assert.deepEqual(urls(configured.plan, 'gpu-lib'), [['https://gpu.example/simple/']]);
      write(path.join(project, 'pyproject.toml'), '[[tool.poetry.source]]\nname = "only"\nurl = "https://only.example/simple/"\n');
      assert.deepEqual(urls((await plan({ trustProject: true })).plan, 'requests'), [['https://only.example/simple/']], 'a primary source disables implicit PyPI');
      write(path.join(project, 'pyproject.toml'), '[[tool.poetry.source]]\nname = "extra"\nurl = "https://extra.example/simple/"\npriority = "supplemental"\n');
      assert.deepEqual(urls((await plan({ trustProject: true })).plan, 'requests'), [['https://pypi.org/simple/'], ['https://extra.example/simple/']]);
    });

    it('follows PDM: PyPI first unless a source is named pypi, all merged unless respect-source-order, include/exclude by glob', async () => {
      write(
        path.join(project, 'pyproject.toml'),
        [
          '[[tool.pdm.source]]',
          'name = "private"',
          'url = "https://private.example/simple"',
          'include_packages = ["corp-*"]',
          '[[tool.pdm.source]]',
          'name = "links"',
          'url = "https://links.example/wheels.html"',
          'type = "find_links"',
          '[[tool.pdm.source]]',
          'name = "other"',
          'url = "https://other.example/simple"',
          'exclude_packages = ["requests"]',
        ].join('\n'),
      );
      let configured = await plan({ trustProject: true });
      assert.equal(configured.plan.tool, 'pdm');
      assert.deepEqual(urls(configured.plan, 'attrs'), [['https://pypi.org/simple/', 'https://private.example/simple/', 'https://other.example/simple/']]);
      assert.deepEqual(urls(configured.plan, 'Corp_Tools'), [['https://private.example/simple/']]);
      assert.deepEqual(urls(configured.plan, 'requests'), [['https://pypi.org/simple/', 'https://private.example/simple/']]);
      write(path.join(project, 'pyproject.toml'), '[tool.pdm.resolution]\nrespect-source-order = true\n[[tool.pdm.source]]\nname = "private"\nurl = "https://private.example/simple"\n[[tool.pdm.source]]\nname = "pypi"\nurl = "https://mirror.example/simple"\n');
      configured = await plan({ trustProject: true });
      assert.deepEqual(urls(configured.plan, 'attrs'), [['https://private.example/simple/'], ['https://mirror.example/simple/']]);
    });
  });

  describe('Simple API', () => {
    it('lists versions from a JSON project page (PEP 691, PEP 700 versions), yanked and file-less versions withdrawn', async () => {
      const index = await start({ format: 'json', extraVersions: ['20.3.0'] }, [
        { name: 'attrs', version: '21.4.0', sdist: true },
        { name: 'attrs', version: '22.1.0', yanked: 'Broken wheel', sdist: true },
        real('attrs'),
      ]);
      const pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } });
      const listing = await pypi.listing('attrs');
      assert.deepEqual(listing, {
        versions: [{ version: '21.4.0' }, { version: '22.1.0', withdrawn: true }, { version: '22.2.0' }, { version: '20.3.0', withdrawn: true }],
      });
      assert.equal(pypi.hostFor('attrs'), index.host);
      assert.deepEqual(index.requests.map((request) => request.path), ['/simple/attrs/']);
      assert.match(index.requests[0].accept ?? '', /^application\/vnd\.pypi\.simple\.v1\+json, application\/vnd\.pypi\.simple\.v1\+html;q=0\.2, text\/html;q=0\.01$/);
    });

    it('lists versions from an HTML project page (PEP 503, data-yanked, relative links, comments)', async () => {
      const index = await start({ format: 'html' }, [{ name: 'attrs', version: '21.4.0' }, { name: 'attrs', version: '22.1.0', yanked: 'broken & withdrawn', sdist: true }, real('attrs')]);
      const pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } });
      assert.deepEqual(await pypi.listing('attrs'), { versions: [{ version: '21.4.0' }, { version: '22.1.0', withdrawn: true }, { version: '22.2.0' }] });
      assert.equal(await pypi.license('attrs', '21.4.0'), undefined, 'no metadata offered for it');
      assert.deepEqual(await pypi.license('attrs', '22.2.0'), { value: 'MIT', source: `${index.host} METADATA License` });
    });

    for (const format of ['json', 'html'] as const) {
      for (const metadataKey of ['core-metadata', 'dist-info-metadata'] as const) {
        it(`reads each version's license from its PEP 658 metadata file (${format}, ${metadataKey})`, async () => {
          const index = await start({ format, metadataKey }, [...FIXTURES.keys()].map((name) => real(name)));
          const pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } });
          for (const [name, value, field] of DECIDED_BY_THE_SPEC) {
            assert.deepEqual(await pypi.license(fixture(name).name, fixture(name).version), { value, source: `${index.host} METADATA ${field}` }, name);
          }
          for (const found of FIXTURES.values()) {
            const expected = licenseFromMetadata(parseCoreMetadata(found.bytes.toString('utf8')), `${index.host} METADATA`).license;
            assert.ok(expected !== undefined, found.file);
            assert.deepEqual(await pypi.license(found.name, found.version), expected, found.file);
          }
          const metadataRequests = index.requests.filter((request) => request.path.endsWith('.metadata')).map((request) => request.path);
          assert.equal(metadataRequests.length, FIXTURES.size, 'one metadata file per version, then the cache');
          assert.ok(metadataRequests.includes(`/files/${wheelName(fixture('jinja2'))}.metadata`));
          // Project pages are asked for by their normalized names.
          const pages = index.requests.filter((request) => request.path.startsWith('/simple/')).map((request) => request.path);
          assert.ok(pages.includes('/simple/jinja2/') && pages.includes('/simple/typing-extensions/') && pages.includes('/simple/markupsafe/'), pages.join(' '));
        });
      }
    }

    it('asks with the normalized name whatever the spelling, and answers for any spelling of the version', async () => {
      const index = await start({ format: 'json' }, [real('typing-extensions')]);
      const pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } });
      assert.deepEqual((await pypi.listing('Typing.Extensions'))?.versions, [{ version: '4.4.0' }]);
      assert.deepEqual(await pypi.license('typing__extensions', '4.4.0'), { value: 'PSF-2.0', source: `${index.host} METADATA Classifier` });
      assert.deepEqual([...new Set(index.requests.filter((request) => request.path.startsWith('/simple/')).map((request) => request.path))], ['/simple/typing-extensions/']);
    });

    it('refuses a metadata file whose sha256 differs from the one listed', async () => {
      const index = await start({ format: 'json' }, [real('six', { announcedSha256: '0'.repeat(64) })]);
      const pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } });
      assert.equal(await pypi.license('six', '1.16.0'), undefined);
      assert.ok(logs.some((line) => line.includes('does not match its sha256')), logs.join('\n'));
    });

    it("uses Warehouse's JSON API where no metadata file is offered, and stops asking an index that has none", async () => {
      const warehouse = await start({ format: 'json', jsonApi: true }, [real('hatchling', { offerMetadata: false }), real('certifi', { offerMetadata: false })]);
      let pypi = await client({ env: { PIP_INDEX_URL: warehouse.simpleUrl } });
      assert.deepEqual(await pypi.license('hatchling', '1.12.2'), { value: 'MIT', source: `${warehouse.host} JSON API License-Expression` });
      assert.deepEqual(await pypi.license('certifi', '2022.9.24'), { value: 'MPL-2.0', source: `${warehouse.host} JSON API License` });
      assert.ok(warehouse.requests.some((request) => request.path === '/pypi/hatchling/1.12.2/json'));

      const plain = await start({ format: 'json' }, [real('hatchling', { offerMetadata: false }), real('certifi', { offerMetadata: false })]);
      pypi = await client({ env: { PIP_INDEX_URL: plain.simpleUrl } }, { cacheDir: path.join(temp, 'cache2') });
      assert.equal(await pypi.license('hatchling', '1.12.2'), undefined);
      assert.equal(await pypi.license('certifi', '2022.9.24'), undefined);
      assert.equal(plain.requests.filter((request) => request.path.startsWith('/pypi/')).length, 1, 'one 404 tells the index has no JSON API');
    });

    it('fetches metadata files from the host the index lists them on, without the index credentials', async () => {
      const files = await start({ format: 'json' });
      const index = await start({ format: 'json', credentials: 'reader:s3cret', filesBase: files.baseUrl }, [real('idna')]);
      files.serveFile(`${wheelName(fixture('idna'))}.metadata`, fixture('idna').bytes);
      const url = index.simpleUrl.replace('http://', 'http://reader:s3cret@');
      write(path.join(home, '.config', 'pip', 'pip.conf'), `[global]\nindex-url = ${url}\n`);
      const pypi = await client();
      assert.deepEqual(await pypi.license('idna', '3.3'), { value: 'BSD-3-Clause', source: `${index.host} METADATA License` });
      assert.ok(index.requests.every((request) => request.authorization === `Basic ${Buffer.from('reader:s3cret').toString('base64')}`));
      assert.equal(files.requests.length, 1);
      assert.equal(files.requests[0].authorization, undefined, 'credentials go only to their own host');
    });

    it('merges every pip index (index-url and extra-index-url), sends credentials only to their host, and never shows them', async () => {
      const primary = await start({ format: 'json', credentials: '__token__:pypi-AgEIcHlwaS5vcmc' }, [real('six'), { name: 'attrs', version: '21.4.0', yanked: true }]);
      const extra = await start({ format: 'html' }, [{ name: 'six', version: '1.15.0' }, real('attrs'), { name: 'attrs', version: '21.4.0' }, real('wheel')]);
      const token = primary.simpleUrl.replace('http://', 'http://__token__:pypi-AgEIcHlwaS5vcmc@');
      write(path.join(home, '.config', 'pip', 'pip.conf'), `[global]\nindex-url = ${token}\nextra-index-url = ${extra.simpleUrl}\n`);
      const configured = await plan();
      const pypi = new PypiRegistryClient({ http: http(), cacheDir, log: (message) => logs.push(message), plan: configured.plan });
      assert.deepEqual(await pypi.listing('six'), { versions: [{ version: '1.16.0' }, { version: '1.15.0' }] });
      assert.deepEqual(await pypi.listing('attrs'), { versions: [{ version: '21.4.0' }, { version: '22.2.0' }] }, 'withdrawn only where every index withdrew it');
      assert.deepEqual(await pypi.listing('wheel'), { versions: [{ version: '0.38.4' }] }, 'only on the extra index');
      assert.deepEqual(await pypi.license('six', '1.16.0'), { value: 'MIT', source: `${primary.host} METADATA License` });
      assert.deepEqual(await pypi.license('attrs', '22.2.0'), { value: 'MIT', source: `${extra.host} METADATA License` });
      assert.equal(await pypi.listing('not-published'), undefined);
      assert.ok(primary.requests.length > 0 && primary.requests.every((request) => request.authorization !== undefined));
      assert.ok(extra.requests.length > 0 && extra.requests.every((request) => request.authorization === undefined));
      const shown = { files: configured.files, problems: configured.problems, origins: configured.plan.credentials.map((index) => [index.url, index.origin, index.host]) };
      const everything = [JSON.stringify(shown), logs.join('\n'), ...cacheFiles(cacheDir).map((file) => readFileSync(file, 'utf8'))].join('\n');
      assert.ok(!everything.includes('pypi-AgEIcHlwaS5vcmc') && !everything.includes(Buffer.from('__token__:pypi-AgEIcHlwaS5vcmc').toString('base64')));
    });

    it("stops at the first uv index that has the package, and never falls through past one that is down", async () => {
      const internal = await start({ format: 'json' }, [real('six')]);
      const fallback = await start({ format: 'json' }, [{ name: 'six', version: '1.15.0' }, real('certifi')]);
      write(path.join(project, 'pyproject.toml'), `[[tool.uv.index]]\nname = "internal"\nurl = "${internal.simpleUrl}"\n[[tool.uv.index]]\nname = "fallback"\nurl = "${fallback.simpleUrl}"\ndefault = true\n`);
      const pypi = await client({ trustProject: true });
      assert.deepEqual(await pypi.listing('six'), { versions: [{ version: '1.16.0' }] });
      assert.equal(fallback.requests.filter((request) => request.path === '/simple/six/').length, 0);
      assert.deepEqual(await pypi.listing('certifi'), { versions: [{ version: '2022.9.24' }] });
      assert.deepEqual(await pypi.license('certifi', '2022.9.24'), { value: 'MPL-2.0', source: `${fallback.host} METADATA License` });

      internal.script((request) => (request.path === '/simple/idna/' ? { status: 500, body: 'oops' } : undefined));
      fallback.add(real('idna'));
      assert.equal(await pypi.listing('idna'), undefined, 'the first index failed: the default index does not answer for it');
      assert.equal(fallback.requests.filter((request) => request.path === '/simple/idna/').length, 0);
    });

    it('ignores the index settings of an untrusted project', async () => {
      const configured = await start({ format: 'json' }, [real('six')]);
      const projectIndex = await start({ format: 'json' }, [real('six')]);
      write(path.join(project, 'pyproject.toml'), `[[tool.uv.index]]\nname = "theirs"\nurl = "${projectIndex.simpleUrl}"\n`);
      write(path.join(project, 'requirements.txt'), `--index-url ${projectIndex.simpleUrl}\nsix\n`);
      const pypi = await client({ trustProject: false, env: { PIP_INDEX_URL: configured.simpleUrl } });
      assert.deepEqual(await pypi.listing('six'), { versions: [{ version: '1.16.0' }] });
      assert.deepEqual(await pypi.license('six', '1.16.0'), { value: 'MIT', source: `${configured.host} METADATA License` });
      assert.equal(projectIndex.requests.length, 0);
    });

    it('answers undefined, without throwing, when an index is down or failing, and logs it without the URL', async () => {
      const gone = await start({ format: 'json' });
      const goneUrl = gone.simpleUrl;
      await gone.close();
      servers.splice(servers.indexOf(gone), 1);
      let pypi = await client({ env: { PIP_INDEX_URL: goneUrl } });
      assert.equal(await pypi.listing('six'), undefined);
      assert.equal(await pypi.license('six', '1.16.0'), undefined);
      assert.ok(logs.some((line) => line.includes('could not reach')), logs.join('\n'));
      assert.ok(!logs.some((line) => line.includes('/simple/six')), 'no package name or path in the log');

      const failing = await start({ format: 'json' }, [real('six')]);
      failing.script((request) => (request.path.endsWith('.metadata') ? { status: 500 } : undefined));
      pypi = await client({ env: { PIP_INDEX_URL: failing.simpleUrl } }, { cacheDir: path.join(temp, 'cache2') });
      assert.deepEqual((await pypi.listing('six'))?.versions, [{ version: '1.16.0' }]);
      assert.equal(await pypi.license('six', '1.16.0'), undefined);
      assert.ok(logs.some((line) => line.includes('HTTP 500')), logs.join('\n'));
    });

    it('refuses an oversize project page or metadata file', async () => {
      const index = await start({ format: 'json' }, [real('attrs'), real('six')]);
      let pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } }, { maxProjectBytes: 300 });
      assert.equal(await pypi.listing('attrs'), undefined);
      assert.ok(logs.some((line) => line.includes('more than 300 bytes')), logs.join('\n'));
      pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } }, { cacheDir: path.join(temp, 'cache2'), maxMetadataBytes: 1000 });
      assert.deepEqual((await pypi.listing('six'))?.versions, [{ version: '1.16.0' }]);
      assert.equal(await pypi.license('six', '1.16.0'), undefined, "six's METADATA is 1,817 bytes");
      assert.ok(logs.some((line) => line.includes('more than 1000 bytes')), logs.join('\n'));
    });

    it('refuses a Simple API of a later major version', async () => {
      const index = await start({ format: 'json', apiVersion: '2.0' }, [real('six')]);
      const pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } });
      assert.equal(await pypi.listing('six'), undefined);
      assert.ok(logs.some((line) => line.includes('Simple API version 2.0')), logs.join('\n'));
    });

    it('answers from its disk cache offline, and revalidates with the ETag', async () => {
      let clock = Date.parse('2026-03-01T00:00:00Z');
      const index = await start({ format: 'json' }, [real('six')]);
      const first = await client({ env: { PIP_INDEX_URL: index.simpleUrl } }, { now: () => clock });
      assert.deepEqual(await first.license('six', '1.16.0'), { value: 'MIT', source: `${index.host} METADATA License` });
      const before = index.requests.length;
      const offline = await client({ env: { PIP_INDEX_URL: index.simpleUrl } }, { offline: true, now: () => clock });
      assert.deepEqual((await offline.listing('six'))?.versions, [{ version: '1.16.0' }]);
      assert.deepEqual(await offline.license('six', '1.16.0'), { value: 'MIT', source: `${index.host} METADATA License` });
      assert.equal(index.requests.length, before);
      clock += 7 * 60 * 60 * 1000;
      const later = await client({ env: { PIP_INDEX_URL: index.simpleUrl } }, { now: () => clock });
      assert.deepEqual((await later.listing('six'))?.versions, [{ version: '1.16.0' }]);
      assert.deepEqual(await later.license('six', '1.16.0'), { value: 'MIT', source: `${index.host} METADATA License` });
      const revalidated = index.requests.slice(before);
      assert.deepEqual(revalidated.map((request) => request.path), ['/simple/six/'], 'the page is revalidated; the license is still fresh');
      assert.match(revalidated[0].ifNoneMatch ?? '', /^"[0-9a-f]{16}"$/);
    });

    it("prefers PyPI's JSON API on pypi.org, which keeps lookups on the host the user allowed", () => {
      const pypiOrg = parseIndexUrl('https://pypi.org/simple', 'default');
      const mirror = parseIndexUrl('https://nexus.example/repository/pypi-proxy/simple/', 'pip.conf');
      const devpi = parseIndexUrl('https://devpi.example/root/pypi/+simple/', 'pip.conf');
      assert.ok(pypiOrg && mirror && devpi);
      assert.ok(prefersJsonApi(pypiOrg) && !prefersJsonApi(mirror));
      assert.equal(releaseJsonUrl(pypiOrg, 'typing-extensions', '4.4.0'), 'https://pypi.org/pypi/typing-extensions/4.4.0/json');
      assert.equal(releaseJsonUrl(mirror, 'six', '1.16.0'), 'https://nexus.example/repository/pypi-proxy/pypi/six/1.16.0/json');
      assert.equal(releaseJsonUrl(devpi, 'six', '1.16.0'), undefined);
    });

    it('never sends invalid or private names, nor anything with --no-index', async () => {
      const index = await start({ format: 'json' }, [real('six')]);
      const pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } }, { isPrivate: (_ecosystem, name) => name === 'corp-secret' });
      for (const name of ['', '-six', 'six-', 'six/../x', 'six%2f', '../six', 'a b', 'Corp_Secret']) {
        assert.equal(pypi.hostFor(name), undefined, name);
        assert.equal(await pypi.listing(name), undefined, name);
      }
      assert.equal(index.requests.length, 0);
      const none = await client({ env: { PIP_INDEX_URL: index.simpleUrl, PIP_NO_INDEX: '1' } });
      assert.equal(none.hostFor('six'), undefined);
    });

    it('is built by its factory from the folder configuration, never rejecting', async () => {
      const index = await start({ format: 'json' }, [real('six')]);
      const configured = await createPypiRegistryClient(sources({ env: { PIP_INDEX_URL: index.simpleUrl, PIP_CONFIG_FILE: '/dev/null' } }), { http: http(), cacheDir });
      assert.equal(configured.client.ecosystem, 'pypi');
      assert.deepEqual(await configured.client.license('six', '1.16.0'), { value: 'MIT', source: `${index.host} METADATA License` });
      assert.deepEqual(configured.files, []);
    });

    it('parses HTML anchors linearly, with entities and unquoted attributes', () => {
      const page = parseSimpleHtml(
        '<html><base href="https://files.example/root/"><META NAME="pypi:repository-version" CONTENT=1.0><a href=x-1.0.tar.gz data-yanked>x-1.0.tar.gz</a>' +
          '<a data-core-metadata="sha256=ab" href="sub/x-2.0-py3-none-any.whl#sha256=00" data-requires-python="&gt;=3.8&#x20;">x-2.0-<b>py3</b>-none-any.whl</a>',
      );
      assert.equal(page.apiVersion, '1.0');
      assert.equal(page.base, 'https://files.example/root/');
      assert.deepEqual(
        page.links.map((link) => [link.href, link.text, [...link.attributes]]),
        [
          ['x-1.0.tar.gz', 'x-1.0.tar.gz', [['href', 'x-1.0.tar.gz'], ['data-yanked', '']]],
          ['sub/x-2.0-py3-none-any.whl#sha256=00', 'x-2.0-py3-none-any.whl', [['data-core-metadata', 'sha256=ab'], ['href', 'sub/x-2.0-py3-none-any.whl#sha256=00'], ['data-requires-python', '>=3.8 ']]],
        ],
      );
      const hostile = '<a href="'.repeat(20_000) + '&'.repeat(200_000) + '<a'.repeat(100_000);
      const started = Date.now();
      parseSimpleHtml(hostile);
      assert.ok(Date.now() - started < 2000, 'linear on hostile input');
    });
  });

  describe('release days and project links', () => {
    it('takes each version’s day from PEP 700 upload-time (its first file), and its links from the metadata file read for its license: no further request', async () => {
      const index = await start({ format: 'json' }, [
        { name: 'attrs', version: '21.4.0', uploadTime: '2021-12-29T14:10:04.123456Z', sdist: true, sdistUploadTime: '2021-12-29T14:09:58Z' },
        real('attrs', { uploadTime: '2022-12-21T14:57:32.917187Z', sdist: true, sdistUploadTime: '2022-12-21T14:57:35.500316Z' }),
        { name: 'attrs', version: '23.0.0b1', uploadTime: '2023-01-05T00:00:00Z' },
      ]);
      const pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } });
      assert.deepEqual((await pypi.listing('attrs'))?.versions, [
        { version: '21.4.0', published: '2021-12-29' },
        { version: '22.2.0', published: '2022-12-21' },
        { version: '23.0.0b1', published: '2023-01-05' },
      ]);
      // A pin: no other version's license is compared, so every request is the version in use's.
      const answer = await lookUpDependency(pypi, { name: 'attrs', spec: '==22.2.0' });
      assert.equal(answer?.version, '22.2.0');
      // The real METADATA of attrs 22.2.0: `Project-URL: Source Code, https://github.com/python-attrs/attrs` and `Funding, https://github.com/sponsors/hynek` (Tidelift and Ko-fi are not funding labels).
      assert.deepEqual(answer?.repository, { location: 'github.com/python-attrs/attrs', source: index.host });
      assert.deepEqual(answer?.funding, ['https://github.com/sponsors/hynek']);
      // No maintainer count: neither the Simple API nor the JSON API says who may publish.
      assert.deepEqual(answer?.activity, { latestRelease: { version: '22.2.0', date: '2022-12-21' }, source: index.host }, 'the pre-release is not the latest release');
      assert.deepEqual(
        index.requests.map((request) => request.path),
        ['/simple/attrs/', `/files/${wheelName(fixture('attrs'))}.metadata`],
        'the page, and the one metadata file the license needed',
      );
    });

    it("reads the links of Warehouse's JSON API (project_urls) as those of a metadata file", async () => {
      const warehouse = await start({ format: 'json', jsonApi: true }, [real('jinja2', { offerMetadata: false }), real('six', { offerMetadata: false })]);
      const pypi = await client({ env: { PIP_INDEX_URL: warehouse.simpleUrl } });
      // Jinja2 3.1.2: `Project-URL: Donate, https://palletsprojects.com/donate` and `Source Code, https://github.com/pallets/jinja/`.
      assert.deepEqual(await pypi.links('Jinja2', '3.1.2'), { repository: 'github.com/pallets/jinja', funding: ['https://palletsprojects.com/donate'] });
      // six 1.16.0 has no Project-URL: its home page is on GitHub, so it names the repository.
      assert.deepEqual(await pypi.links('six', '1.16.0'), { repository: 'github.com/benjaminp/six' });
      assert.ok(warehouse.requests.some((request) => request.path === '/pypi/jinja2/3.1.2/json'));
      assert.equal(warehouse.requests.filter((request) => request.path.startsWith('/pypi/jinja2/')).length, 1, 'links and license from one answer');
      assert.equal((await pypi.listing('six'))?.versions[0].published, undefined, 'no upload-time, no day');
    });

    it('fetches again, without the ETag, a project page or a release cached before days and links were kept', async () => {
      const index = await start({ format: 'json' }, [real('attrs', { uploadTime: '2022-12-21T14:57:32Z' })]);
      const pypi = await client({ env: { PIP_INDEX_URL: index.simpleUrl } });
      const store = async (namespace: string, key: string, value: unknown) => {
        const cache = new ResponseCache<unknown>({ dir: cacheDir, namespace, label: 'test', isValue: (_v: unknown): _v is unknown => true, maxMemoryEntries: 1, now: Date.now, onError: () => undefined });
        await cache.set(key, { storedAt: Date.now(), value: { value, etag: '"former"' } });
      };
      // The former forms: four fields per version, and a release's license alone.
      await store('pypi-projects', `${index.simpleUrl}\nattrs`, { versions: [['22.2.0', 0, `${index.baseUrl}/files/${wheelName(fixture('attrs'))}.metadata`, '']] });
      await store('pypi-licenses', `${index.simpleUrl}\nattrs\n22.2.0`, { value: 'MIT', source: `${index.host} METADATA License` });
      const answer = await lookUpDependency(pypi, { name: 'attrs', spec: null });
      assert.deepEqual(answer?.activity?.latestRelease, { version: '22.2.0', date: '2022-12-21' });
      assert.equal(answer?.repository?.location, 'github.com/python-attrs/attrs');
      assert.deepEqual(
        index.requests.map((request) => [request.path, request.ifNoneMatch]),
        [
          ['/simple/attrs/', undefined],
          [`/files/${wheelName(fixture('attrs'))}.metadata`, undefined],
        ],
      );
    });
  });

  describe("the OSPO's mirror (lookups.registries.pypi)", () => {
    const mirrored = async (mirror: string, overrides: Partial<RegistryConfigSources> = {}) => {
      const configured = await plan({ mirror, ...overrides });
      const { http: loopback, asked } = loopbackHttp((message) => logs.push(message));
      return { configured, asked, pypi: new PypiRegistryClient({ http: loopback, cacheDir, plan: configured.plan }) };
    };

    it('asks the mirror, never pypi.org, where no configuration names an index', async () => {
      const mirror = await start({ format: 'json' }, [real('six')]);
      const { configured, asked, pypi } = await mirrored(mirror.simpleUrl);
      assert.deepEqual(urls(configured.plan), [[mirror.simpleUrl]]);
      assert.equal(pypi.hostFor('six'), mirror.host);
      assert.deepEqual(pypi.hostsFor('six'), [mirror.host]);
      assert.deepEqual(await pypi.listing('six'), { versions: [{ version: '1.16.0' }] });
      assert.deepEqual(await pypi.license('six', '1.16.0'), { value: 'MIT', source: `${mirror.host} METADATA License` });
      assert.deepEqual(mirror.requests.map((request) => request.path), ['/simple/six/', `/files/${wheelName(fixture('six'))}.metadata`]);
      assert.deepEqual(hostsAsked(asked), [mirror.host], 'pypi.org was never asked');
    });

    it("loses to the user's pip configuration and to a trusted project's requirements, as PyPI would", async () => {
      const mirror = await start({ format: 'json' }, [real('six')]);
      const own = await start({ format: 'json' }, [real('six')]);
      write(path.join(home, '.config', 'pip', 'pip.conf'), `[global]\nindex-url = ${own.simpleUrl}\n`);
      const { asked, pypi } = await mirrored(mirror.simpleUrl);
      assert.deepEqual(await pypi.license('six', '1.16.0'), { value: 'MIT', source: `${own.host} METADATA License` });
      assert.deepEqual(hostsAsked(asked), [own.host]);
      assert.equal(mirror.requests.length, 0);

      rmSync(path.join(home, '.config'), { recursive: true, force: true });
      write(path.join(project, 'requirements.txt'), `--index-url ${own.simpleUrl}\nsix\n`);
      assert.deepEqual(urls((await plan({ mirror: mirror.simpleUrl, trustProject: true })).plan), [[own.simpleUrl]]);
      assert.deepEqual(urls((await plan({ mirror: mirror.simpleUrl, trustProject: false })).plan), [[mirror.simpleUrl]], 'an untrusted project names nothing');
      assert.deepEqual(urls((await plan({ mirror: mirror.simpleUrl, env: { PIP_EXTRA_INDEX_URL: own.simpleUrl } })).plan), [[mirror.simpleUrl, own.simpleUrl]], 'an extra index adds to the default index, the mirror');
    });

    it("takes PyPI's place in uv's default index, Poetry's implicit source and PDM's first index, and nowhere else", async () => {
      const mirror = 'https://pypi-mirror.acme.example/simple/';
      write(path.join(project, 'pyproject.toml'), '[[tool.uv.index]]\nname = "internal"\nurl = "https://internal.example/simple"\n');
      assert.deepEqual(urls((await plan({ mirror, trustProject: true })).plan), [['https://internal.example/simple/'], [mirror]]);
      write(path.join(project, 'pyproject.toml'), '[[tool.uv.index]]\nname = "internal"\nurl = "https://internal.example/simple"\ndefault = true\n');
      assert.deepEqual(urls((await plan({ mirror, trustProject: true })).plan), [['https://internal.example/simple/']], "uv's own default index wins");
      write(path.join(project, 'pyproject.toml'), '[[tool.poetry.source]]\nname = "extra"\nurl = "https://extra.example/simple/"\npriority = "supplemental"\n');
      assert.deepEqual(urls((await plan({ mirror, trustProject: true })).plan), [[mirror], ['https://extra.example/simple/']]);
      write(path.join(project, 'pyproject.toml'), '[[tool.poetry.source]]\nname = "PyPI"\npriority = "primary"\n');
      assert.deepEqual(urls((await plan({ mirror, trustProject: true })).plan), [[mirror]], 'a url-less PyPI source is PyPI, so the mirror');
      write(path.join(project, 'pyproject.toml'), '[[tool.pdm.source]]\nname = "private"\nurl = "https://private.example/simple"\n');
      assert.deepEqual(urls((await plan({ mirror, trustProject: true })).plan), [[mirror, 'https://private.example/simple/']]);
      assert.deepEqual(urls((await plan({ mirror, trustProject: true, env: { PDM_PYPI_URL: 'https://own.example/simple' } })).plan), [['https://own.example/simple/', 'https://private.example/simple/']]);
    });

    it('sends the mirror only credentials the user configured for its host, never those written into the policy', async () => {
      const mirror = await start({ format: 'json' }, [real('six')]);
      const withPolicyCredentials = mirror.simpleUrl.replace('http://', 'http://policy:leaked@');
      const { configured, pypi, asked } = await mirrored(withPolicyCredentials, { env: { PIP_CONFIG_FILE: '/dev/null' } });
      assert.deepEqual(await pypi.listing('six'), { versions: [{ version: '1.16.0' }] });
      assert.ok(asked.every((url) => !url.includes('leaked')));
      assert.deepEqual(mirror.requests.map((request) => request.authorization), [undefined]);
      assert.ok(!JSON.stringify(configured).includes('leaked'));

      // pip keys credentials by host: an index of the user's own on the mirror's host lends them.
      const own = `${mirror.baseUrl}/private/simple/`.replace('http://', 'http://reader:s3cret@');
      const lent = await mirrored(withPolicyCredentials, { env: { PIP_CONFIG_FILE: '/dev/null', PIP_EXTRA_INDEX_URL: own } });
      await lent.pypi.listing('attrs');
      assert.equal(mirror.requests.find((request) => request.path === '/simple/attrs/')?.authorization, `Basic ${Buffer.from('reader:s3cret').toString('base64')}`);
    });

    it('asks nothing, rather than pypi.org, when the mirror is not an index URL', async () => {
      const { configured, asked, pypi } = await mirrored('sparse+https://crates.acme.example/');
      assert.deepEqual(urls(configured.plan), []);
      assert.match(configured.problems.join('\n'), /OSPO's Python package index mirror is not an http\(s\) URL/);
      assert.deepEqual(pypi.hostsFor('six'), []);
      assert.equal(await pypi.listing('six'), undefined);
      assert.deepEqual(asked, []);
    });
  });

  describe('hostsFor', () => {
    it('names every index the name may be looked up on, in order, each host once', async () => {
      write(path.join(home, '.config', 'pip', 'pip.conf'), '[global]\nindex-url = https://one.example/simple\nextra-index-url =\n    https://two.example/simple\n    https://one.example/other/simple\n');
      let pypi = await client();
      assert.deepEqual(pypi.hostsFor('six'), ['one.example', 'two.example']);
      assert.equal(pypi.hostFor('six'), 'one.example');
      write(path.join(project, 'pyproject.toml'), '[[tool.uv.index]]\nname = "internal"\nurl = "https://internal.example/simple"\n[[tool.uv.index]]\nname = "torch"\nurl = "https://torch.example/whl"\nexplicit = true\n[tool.uv.sources]\ntorch = { index = "torch" }\n');
      pypi = await client({ trustProject: true, mirror: 'https://mirror.example/simple/' });
      assert.deepEqual(pypi.hostsFor('six'), ['internal.example', 'mirror.example']);
      assert.deepEqual(pypi.hostsFor('torch'), ['torch.example']);
      pypi = await client({ trustProject: true }, { isPrivate: (_ecosystem, name) => name === 'corp-secret' });
      assert.deepEqual(pypi.hostsFor('corp-secret'), []);
      assert.deepEqual(pypi.hostsFor('../six'), []);
    });
  });

  describe('hostile input', () => {
    it('never throws on arbitrary pages, configuration files and file names', () => {
      const text = fc.oneof(fc.string({ maxLength: 300 }), fc.stringMatching(/^[<>a-z="'&#;: \n[\]{}\-._\\/]{0,300}$/));
      fc.assert(
        fc.property(text, (input) => {
          parseSimpleHtml(input);
          readProjectPage(Buffer.from(input), 'https://index.example/simple/x/', 'x');
          readProjectPage(Buffer.from(`{"meta":{"api-version":"1.1"},"files":[{"filename":${JSON.stringify(input)},"url":${JSON.stringify(input)},"core-metadata":true}]}`), 'https://index.example/simple/x/', 'x');
          parsePythonIni(input);
          optionLines(input).forEach((line) => lineOptions(line.text));
          readPyprojectIndexes(input);
          distributionFile(input, 'x');
          parseIndexUrl(input, 'fuzz');
        }),
        { numRuns: 500, seed: 7 },
      );
    });
  });

  describe('name normalization', () => {
    const names = [
      'Friendly-Bard',
      'FrIeNdLy-._.-bArD',
      'friendly--bard',
      'typing_extensions',
      'zope.interface',
      'ruamel.yaml.clib',
      'A',
      'a_-_b',
      'Django',
      'oslo.concurrency',
      ...fc.sample(fc.stringMatching(/^[A-Za-z0-9._-]{1,24}$/), { numRuns: 400, seed: 4242 }),
    ];

    it("agrees with Python's packaging.utils.canonicalize_name (oracle)", function () {
      const script = [
        'import json, sys',
        'from packaging.utils import canonicalize_name, InvalidName',
        'names = json.load(sys.stdin)',
        'out = []',
        'for n in names:',
        '    try:',
        '        canonicalize_name(n, validate=True); valid = True',
        '    except InvalidName:',
        '        valid = False',
        '    out.append([canonicalize_name(n), valid])',
        'print(json.dumps(out))',
      ].join('\n');
      const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(names), encoding: 'utf8', timeout: 15_000 });
      if (run.error !== undefined || run.status !== 0) {
        console.log(`      (skipped: python3 with packaging is not available: ${run.error?.message ?? run.stderr.split('\n').filter(Boolean).pop()})`);
        this.skip();
      }
      const expected = JSON.parse(run.stdout) as [string, boolean][];
      names.forEach((name, index) => {
        assert.equal(pep503Name(name), expected[index][0], name);
        assert.equal(isValidName(name), expected[index][1], `validity of ${name}`);
      });
    });
  });
});

function cacheFiles(dir: string): string[] {
  const result: string[] = [];
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) {
      result.push(...cacheFiles(file));
    } else {
      result.push(file);
    }
  }
  return result;
}
