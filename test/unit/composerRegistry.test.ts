import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { authorizationFor, composerOrigin } from '../../src/core/data/registry/composer/composerAuth';
import { readComposerConfig } from '../../src/core/data/registry/composer/composerConfig';
import { parseMetadataFile, parseRootFile } from '../../src/core/data/registry/composer/composerMetadata';
import { ComposerRegistryClient, createComposerRegistryClient } from '../../src/core/data/registry/composer/composerRegistryClient';
import { expandMinified } from '../../src/core/data/registry/composer/metadataMinifier';
import { isComposerName, matchesNamePattern } from '../../src/core/data/registry/composer/packageNamePattern';
import { RegistryHttp } from '../../src/core/data/registry/registryHttp';
import { lookUpDependency } from '../../src/core/data/registry/registryLookup';
import type { RegistryConfigSources, RegistryContext } from '../../src/core/data/registry/types';
import { ComposerRepoServer, minify, publishedVersions } from './support/composerRepoServer';
import { hostsAsked, loopbackHttp } from './support/loopbackHttp';

interface Layout {
  readonly root: string;
  readonly home: string;
  readonly composerHome: string;
  readonly workspace: string;
  readonly project: string;
}

function context(log: string[], extra: Partial<RegistryContext> = {}): RegistryContext {
  return { http: new RegistryHttp({ log: (line) => log.push(line), maxRetries: 0, networkBackoffMs: 60_000, timeoutMs: 5_000 }), log: (line) => log.push(line), ...extra };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A project's composer.json naming local repositories (plain http, so `secure-http` is turned off as Composer requires). */
function projectManifest(repositories: unknown, config: Record<string, unknown> = {}): string {
  return JSON.stringify({ name: 'acme/app', require: { 'psr/log': '^1.1' }, repositories, config: { 'secure-http': false, ...config } }, null, 4);
}

describe('Composer registry client', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) {
      await step();
    }
  });

  async function layout(composerJson?: string): Promise<Layout> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'ospo-composer-'));
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    const home = path.join(root, 'home');
    const composerHome = path.join(home, 'composer-home');
    const workspace = path.join(root, 'workspace');
    const project = path.join(workspace, 'app');
    await mkdir(composerHome, { recursive: true });
    await mkdir(project, { recursive: true });
    if (composerJson !== undefined) {
      await writeFile(path.join(project, 'composer.json'), composerJson);
    }
    return { root, home, composerHome, workspace, project };
  }

  function sources(where: Layout, trustProject: boolean, env: Record<string, string> = {}): RegistryConfigSources {
    return { projectDir: where.project, rootDir: where.workspace, trustProject, home: where.home, env: { COMPOSER_HOME: where.composerHome, ...env } };
  }

  async function repo(options: Parameters<typeof ComposerRepoServer.start>[0] = {}): Promise<ComposerRepoServer> {
    const started = await ComposerRepoServer.start(options);
    cleanup.push(() => started.close());
    return started;
  }

  async function clientFor(where: Layout, trustProject: boolean, log: string[], env: Record<string, string> = {}, extra: Partial<RegistryContext> = {}) {
    const configured = await createComposerRegistryClient(sources(where, trustProject, env), context(log, extra));
    return { ...configured, client: configured.client as ComposerRegistryClient };
  }

  describe('metadata format', () => {
    it('expands a minified list as composer/metadata-minifier does, "__unset" removing a field', () => {
      const expanded = expandMinified([
        { name: 'a/b', version: '2.0.0', license: ['MIT'], funding: [{ type: 'github' }] },
        { version: '1.0.0', funding: '__unset' },
        { version: '0.9.0', license: '__unset' },
        { version: '0.8.0', license: ['GPL-2.0-only', 'MIT'] },
      ]);
      assert.deepEqual(
        expanded.map((entry) => ({ ...entry })),
        [
          { name: 'a/b', version: '2.0.0', license: ['MIT'], funding: [{ type: 'github' }] },
          { name: 'a/b', version: '1.0.0', license: ['MIT'] },
          { name: 'a/b', version: '0.9.0' },
          { name: 'a/b', version: '0.8.0', license: ['GPL-2.0-only', 'MIT'] },
        ],
      );
      assert.deepEqual(
        parseMetadataFile(
          {
            packages: {
              'a/b': [
                { version: '2.0.0', license: ['MIT'], time: '2024-03-01T23:30:00-02:00', source: { type: 'git', url: 'https://github.com/a/b.git' }, funding: [{ type: 'github', url: 'https://github.com/sponsors/a' }] },
                { version: '1.0.0', license: '__unset', time: '2020-01-02 10:00:00', source: '__unset', funding: '__unset' },
                { version: 'dev-main' },
                { version: '2.x-dev' },
              ],
            },
            minified: 'composer/2.0',
          },
          'a/b',
        ),
        {
          // `time` with an offset is read as UTC; without one it is UTC (composer.json schema).
          versions: [
            ['2.0.0', ['MIT'], '2024-03-02'],
            ['1.0.0', null, '2020-01-02'],
          ],
          links: { repository: 'github.com/a/b', funding: ['https://github.com/sponsors/a'] },
        },
      );
    });

    it('keeps keys from the server off prototypes', () => {
      const expanded = expandMinified(JSON.parse('[{"version":"1.0.0","__proto__":{"polluted":true}},{"version":"0.9.0","constructor":"__unset"}]') as unknown[]);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(expanded[1].version, '0.9.0');
      assert.deepEqual(parseMetadataFile(JSON.parse('{"packages":{"__proto__":[{"version":"1.0.0"}]}}'), 'a/b'), undefined);
    });

    it('round-trips the real fixtures through the minifier, with "__unset" where later versions lack a field', () => {
      const published = publishedVersions('http://127.0.0.1');
      const phpseclib = published.get('phpseclib/phpseclib') ?? [];
      assert.deepEqual(phpseclib.map((entry) => entry.version), ['2.0.31', '1.0.20']);
      const minified = minify(phpseclib);
      assert.equal(minified[1].funding, '__unset');
      assert.equal(minified[1].time, '__unset');
      assert.equal(minified[1].license, undefined, 'the same license is not repeated');
      assert.deepEqual(JSON.parse(JSON.stringify(expandMinified(minified))), JSON.parse(JSON.stringify(phpseclib)));
      const monolog = published.get('monolog/monolog') ?? [];
      assert.deepEqual(JSON.parse(JSON.stringify(expandMinified(minify(monolog)))), JSON.parse(JSON.stringify(monolog)));
    });

    it('reads packages.json: metadata-url on the same host only, available packages, inline packages', () => {
      const root = parseRootFile(
        {
          'metadata-url': '/p2/%package%.json',
          'available-packages': ['Acme/Tool'],
          packages: { 'acme/inline': { '1.0.0': { name: 'acme/inline', version: '1.0.0', license: 'MIT' }, 'dev-main': { version: 'dev-main' } } },
        },
        'https://repo.example.org',
      );
      assert.deepEqual(root, {
        metadataUrl: 'https://repo.example.org/p2/%package%.json',
        available: ['acme/tool'],
        patterns: null,
        inline: Object.assign(Object.create(null) as object, { 'acme/inline': [['1.0.0', ['MIT'], '']] }),
        providersOnly: false,
      });
      assert.deepEqual(parseRootFile({ 'metadata-url': 'https://elsewhere.example/p2/%package%.json' }, 'https://repo.example.org'), {
        problem: 'names a metadata-url on another host (https://elsewhere.example); not followed',
      });
      assert.equal((parseRootFile({ 'providers-url': '/p/%package%$%hash%.json', 'provider-includes': {} }, 'https://old.example') as { providersOnly: boolean }).providersOnly, true);
    });

    it('checks names and name patterns without regular expressions from input', () => {
      for (const name of ['psr/log', 'symfony/polyfill-php80', 'a.b_c/d--e', 'x/y']) {
        assert.ok(isComposerName(name), name);
      }
      for (const name of ['psr', 'psr/log/x', '/log', 'psr/', 'PSR/log', 'a--b/c', 'a/-b', 'a/b-', 'a/b..c', `a/${'b'.repeat(300)}`, 'a/b c']) {
        assert.ok(!isComposerName(name), name);
      }
      assert.ok(matchesNamePattern('acme/tool', 'acme/*'));
      assert.ok(matchesNamePattern('acme/tool', 'ACME/T*L'));
      assert.ok(matchesNamePattern('acme/tool', '*'));
      assert.ok(!matchesNamePattern('acme/tool', 'acme/*x'));
      assert.ok(!matchesNamePattern(`${'a'.repeat(200)}/b`, `${'*a'.repeat(100)}c`));
    });

    it('matches credentials to the Composer origin: host, with the port when the URL has one', () => {
      assert.equal(composerOrigin('https://repo.example.org/p2/a/b.json'), 'repo.example.org');
      assert.equal(composerOrigin('http://127.0.0.1:8080/packages.json'), '127.0.0.1:8080');
      assert.equal(composerOrigin('https://repo.example.org:443/packages.json'), 'repo.example.org:443');
      assert.equal(composerOrigin('https://repo.packagist.org/p2/a/b.json'), 'packagist.org');
      const credentials = Object.assign(Object.create(null) as Record<string, string>, { 'repo.example.org': 'Bearer t' });
      assert.equal(authorizationFor(credentials, 'https://repo.example.org/x'), 'Bearer t');
      assert.equal(authorizationFor(credentials, 'https://repo.example.org.evil.example/x'), undefined);
      assert.equal(authorizationFor(credentials, 'https://repo.example.org:8443/x'), undefined);
    });
  });

  describe('configuration (Config::merge)', () => {
    it('puts project repositories first, then global ones, then packagist.org, unless packagist is disabled', async () => {
      const where = await layout(projectManifest([{ type: 'composer', url: 'http://project.example' }, { type: 'vcs', url: 'https://git.example/x.git' }]));
      await writeFile(path.join(where.composerHome, 'config.json'), JSON.stringify({ repositories: { corp: { type: 'composer', url: 'https://corp.example/composer/' } } }));
      const all = await readComposerConfig(sources(where, true));
      assert.deepEqual(
        all.config.repositories.map((repository) => repository.url),
        ['http://project.example', 'https://corp.example/composer', 'https://repo.packagist.org'],
      );
      assert.equal(all.config.repositories[1].packagesJsonUrl, 'https://corp.example/composer/packages.json');

      await writeFile(path.join(where.project, 'composer.json'), projectManifest({ local: { type: 'composer', url: 'http://project.example' }, 'packagist.org': false }));
      const keyed = await readComposerConfig(sources(where, true));
      assert.deepEqual(keyed.config.repositories.map((repository) => repository.url), ['http://project.example', 'https://corp.example/composer']);

      await writeFile(path.join(where.project, 'composer.json'), projectManifest([{ 'packagist.org': false }, { type: 'package', package: { name: 'Acme/Inline', version: '1.0.0' } }]));
      const anonymous = await readComposerConfig(sources(where, true));
      assert.deepEqual(anonymous.config.repositories.map((repository) => repository.url), ['https://corp.example/composer']);
      assert.deepEqual(anonymous.config.inlineNames, ['acme/inline']);

      const untrusted = await readComposerConfig(sources(where, false));
      assert.deepEqual(untrusted.config.repositories.map((repository) => repository.url), ['https://corp.example/composer', 'https://repo.packagist.org']);
      assert.ok(!untrusted.files.includes(path.join(where.project, 'composer.json')));
    });

    it('refuses plain-http repositories while secure-http is on, as Composer does', async () => {
      const where = await layout(JSON.stringify({ repositories: [{ type: 'composer', url: 'http://plain.example' }] }));
      const { config, problems } = await readComposerConfig(sources(where, true));
      assert.deepEqual(config.repositories.map((repository) => repository.url), ['https://repo.packagist.org']);
      assert.ok(problems.some((problem) => /plain http and secure-http is on/.test(problem)));
    });
  });

  describe('against a local Composer repository', () => {
    it('lists versions with licenses from the minified p2 metadata, a license array as a choice', async () => {
      const server = await repo();
      const where = await layout(projectManifest([{ type: 'composer', url: server.url }, { 'packagist.org': false }]));
      const log: string[] = [];
      const { client, problems } = await clientFor(where, true, log);
      assert.deepEqual(problems, []);
      assert.equal(client.hostFor('psr/log'), server.host);
      const source = `${server.host} composer.json license`;

      assert.deepEqual(await client.listing('psr/log'), { licensesListed: true, versions: [{ version: '1.1.4', license: { value: 'MIT', source } }], project: {} });
      const phpseclib = await client.listing('phpseclib/phpseclib');
      assert.deepEqual(phpseclib?.versions.map((entry) => [entry.version, entry.license?.value]), [
        ['2.0.31', 'MIT'],
        ['1.0.20', 'MIT'],
      ]);
      assert.ok(server.metadataFile('phpseclib/phpseclib')?.includes('"__unset"'));
      // Composer's schema: "license": ["MIT", "GPL-3.0"] means either, as in composer.lock.
      assert.deepEqual(await client.license('marcusschwarz/lesserphp', 'v0.5.5'), { value: 'MIT OR GPL-3.0', source });
      assert.equal((await client.license('marcusschwarz/lesserphp', '0.5.5'))?.value, 'MIT OR GPL-3.0');
      assert.deepEqual(await client.license('League/CommonMark', '2.3.9'), { value: 'BSD-3-Clause', source });

      const monolog = await lookUpDependency(client, { name: 'monolog/monolog', spec: '^2.0' });
      assert.equal(monolog?.version, '2.9.1');
      assert.equal(monolog?.license?.value, 'MIT');
      const old = await lookUpDependency(client, { name: 'phpseclib/phpseclib', spec: '~1.0' });
      assert.equal(old?.version, '1.0.20');
      // The newest release (2.0.31, a real installed.json entry) gives the links and the day, whatever version is in use.
      assert.deepEqual(old?.repository, { location: 'github.com/phpseclib/phpseclib', source: server.host });
      assert.deepEqual(old?.funding, ['https://github.com/terrafrost', 'https://www.patreon.com/phpseclib', 'https://tidelift.com/funding/github/packagist/phpseclib/phpseclib']);
      assert.deepEqual(old?.activity, { latestRelease: { version: '2.0.31', date: '2021-04-06' }, source: server.host });
      // A composer.json without `source` names its repository in `support.source`.
      assert.deepEqual((await lookUpDependency(client, { name: 'league/commonmark', spec: null }))?.repository, { location: 'github.com/thephpleague/commonmark', source: server.host });
      assert.equal(monolog?.activity, undefined, 'no `time`, no maintainers: no activity');
      assert.deepEqual(server.paths(), [
        '/packages.json',
        '/p2/psr/log.json',
        '/p2/phpseclib/phpseclib.json',
        '/p2/marcusschwarz/lesserphp.json',
        '/p2/league/commonmark.json',
        '/p2/monolog/monolog.json',
      ]);
      assert.equal(await client.listing('acme/missing'), undefined);
      assert.deepEqual(log, []);
    });

    it('reads unminified metadata the same way', async () => {
      const server = await repo({ plain: true });
      const where = await layout(projectManifest([{ type: 'composer', url: server.url }, { 'packagist.org': false }]));
      const { client } = await clientFor(where, true, []);
      assert.deepEqual((await client.listing('monolog/monolog'))?.versions.map((entry) => entry.version), ['2.9.1', '2.2.0']);
    });

    it('asks repositories in order, passing over one whose available-packages or only filter leaves the name out', async () => {
      const first = await repo({ packages: ['psr/log', 'guzzlehttp/psr7'], root: { 'available-packages': ['psr/log', 'guzzlehttp/psr7'] } });
      const second = await repo({ host: '127.0.0.2' });
      const where = await layout(
        projectManifest([
          { type: 'composer', url: first.url },
          { type: 'composer', url: second.url, exclude: ['psr/*'] },
          { 'packagist.org': false },
        ]),
      );
      const { client } = await clientFor(where, true, []);
      assert.equal((await client.license('monolog/monolog', '2.2.0'))?.source, `${second.host} composer.json license`);
      assert.equal((await client.license('guzzlehttp/psr7', '2.4.5'))?.source, `${first.host} composer.json license`);
      assert.equal(await client.listing('psr/container'), undefined);
      assert.deepEqual(first.paths(), ['/packages.json', '/p2/guzzlehttp/psr7.json']);
      assert.deepEqual(second.paths(), ['/packages.json', '/p2/monolog/monolog.json']);
    });

    it('goes on to the next repository after a 404 (the repository does not have the package)', async () => {
      const first = await repo({ packages: ['psr/log'] });
      const second = await repo({ host: '127.0.0.2' });
      const where = await layout(projectManifest([{ type: 'composer', url: first.url }, { type: 'composer', url: second.url }, { 'packagist.org': false }]));
      const cacheDir = path.join(where.root, 'cache');
      const { client } = await clientFor(where, true, [], {}, { cacheDir });
      assert.equal((await client.listing('monolog/monolog'))?.versions.length, 2);
      assert.deepEqual(first.paths(), ['/packages.json', '/p2/monolog/monolog.json']);
      // The 404 is remembered, on disk too: a new client goes straight to the second repository's cached answer.
      const again = await clientFor(where, true, [], {}, { cacheDir });
      assert.equal((await again.client.listing('monolog/monolog'))?.versions.length, 2);
      assert.equal(first.requests.length + second.requests.length, 4);
    });

    it('takes global repositories and credentials from COMPOSER_HOME when the project is not trusted', async () => {
      const token = 'Bearer s3cr3t-token';
      const corp = await repo({ requireAuthorization: token });
      const where = await layout(projectManifest([{ type: 'composer', url: 'http://127.0.0.2:1' }]));
      await writeFile(path.join(where.composerHome, 'config.json'), JSON.stringify({ config: { 'secure-http': false }, repositories: [{ type: 'composer', url: corp.url }, { 'packagist.org': false }] }));
      await writeFile(path.join(where.composerHome, 'auth.json'), JSON.stringify({ bearer: { [corp.host]: 's3cr3t-token' } }));
      const { client, files } = await clientFor(where, false, []);
      assert.ok(files.includes(path.join(where.composerHome, 'auth.json')));
      assert.equal(client.hostFor('psr/log'), corp.host);
      assert.equal((await client.license('psr/log', '1.1.4'))?.value, 'MIT');
      assert.deepEqual(
        corp.requests.map((request) => request.authorization),
        [token, token],
      );
    });

    it('sends http-basic credentials (auth.json, COMPOSER_AUTH) only to the host they are for', async () => {
      const basic = `Basic ${Buffer.from('composer-user:p@ss').toString('base64')}`;
      const open = await repo({ packages: ['psr/log'] });
      const guarded = await repo({ host: '127.0.0.2', requireAuthorization: basic });
      const where = await layout(projectManifest([{ type: 'composer', url: open.url }, { type: 'composer', url: guarded.url }, { 'packagist.org': false }]));
      const env = { COMPOSER_AUTH: JSON.stringify({ 'http-basic': { [guarded.host]: { username: 'composer-user', password: 'p@ss' } } }) };
      const { client } = await clientFor(where, true, [], env);
      assert.equal((await client.license('psr/log', '1.1.4'))?.value, 'MIT');
      assert.equal((await client.license('monolog/monolog', '2.9.1'))?.value, 'MIT');
      assert.ok(open.requests.length > 0);
      assert.ok(open.requests.every((request) => request.authorization === undefined));
      assert.deepEqual(
        guarded.requests.map((request) => request.authorization),
        [basic, basic],
      );
    });

    it('uses credentials written into the repository URL for that host', async () => {
      const basic = `Basic ${Buffer.from('name@example.com:pw').toString('base64')}`;
      const guarded = await repo({ requireAuthorization: basic });
      const where = await layout(projectManifest([{ type: 'composer', url: guarded.url.replace('http://', 'http://name%40example.com:pw@') }, { 'packagist.org': false }]));
      const { client } = await clientFor(where, true, []);
      assert.equal(client.hostFor('psr/log'), guarded.host);
      assert.equal((await client.license('psr/log', '1.1.4'))?.value, 'MIT');
      assert.deepEqual(guarded.requests.map((request) => request.authorization), [basic, basic]);
    });

    it('ignores the repositories of an untrusted project', async () => {
      const server = await repo();
      const where = await layout(projectManifest([{ type: 'composer', url: server.url }, { 'packagist.org': false }]));
      const { client, files } = await clientFor(where, false, []);
      assert.equal(client.hostFor('psr/log'), 'repo.packagist.org');
      assert.deepEqual(files, []);
      assert.deepEqual(server.requests, []);
    });
  });

  describe("the OSPO's mirror (lookups.registries.composer)", () => {
    async function mirrored(where: Layout, mirror: string, trustProject: boolean, env: Record<string, string> = {}) {
      const log: string[] = [];
      const { http, asked } = loopbackHttp((line) => log.push(line));
      const configured = await createComposerRegistryClient({ ...sources(where, trustProject, env), mirror }, context(log, { http }));
      const { config } = await readComposerConfig({ ...sources(where, trustProject, env), mirror });
      return { ...configured, client: configured.client as ComposerRegistryClient, config, asked, log };
    }

    it('is the default repository in packagist.org\'s place: repo.packagist.org is never asked', async () => {
      const mirror = await repo();
      const { client, problems, asked, log } = await mirrored(await layout(), mirror.url, false);
      assert.deepEqual(problems, []);
      assert.deepEqual(client.hostsFor('psr/log'), [mirror.host]);
      assert.deepEqual(await client.license('psr/log', '1.1.4'), { value: 'MIT', source: `${mirror.host} composer.json license` });
      assert.deepEqual(mirror.paths(), ['/packages.json', '/p2/psr/log.json']);
      assert.deepEqual(hostsAsked(asked), [mirror.host]);
      assert.deepEqual(log, []);
    });

    it("comes after the developer's repositories and goes where packagist.org would: disabled, or replaced by a repository on packagist.org", async () => {
      const mirror = await repo({ packages: ['psr/log'] });
      const corp = await repo({ host: '127.0.0.2' });
      const where = await layout(projectManifest([{ type: 'composer', url: 'https://packagist.org' }]));
      await writeFile(path.join(where.composerHome, 'config.json'), JSON.stringify({ config: { 'secure-http': false }, repositories: [{ type: 'composer', url: corp.url }] }));
      let configured = await mirrored(where, mirror.url, false);
      assert.deepEqual(configured.config.repositories.map((repository) => repository.url), [corp.url, mirror.url]);
      assert.deepEqual(configured.client.hostsFor('monolog/monolog'), [corp.host, mirror.host]);
      assert.equal((await configured.client.license('monolog/monolog', '2.9.1'))?.source, `${corp.host} composer.json license`);
      assert.ok(!mirror.paths().includes('/p2/monolog/monolog.json'), 'the first repository that has the package answers');

      configured = await mirrored(where, mirror.url, true);
      assert.deepEqual(configured.config.repositories.map((repository) => repository.url), ['https://repo.packagist.org', corp.url], "the trusted project's packagist.org replaces the default, the mirror");

      await writeFile(path.join(where.composerHome, 'config.json'), JSON.stringify({ config: { 'secure-http': false }, repositories: [{ type: 'composer', url: corp.url }, { 'packagist.org': false }] }));
      configured = await mirrored(where, mirror.url, false);
      assert.deepEqual(configured.client.hostsFor('psr/log'), [corp.host], '{"packagist.org": false} removes the mirror too');
    });

    it("sends the mirror the auth.json credentials of its host only, never the policy URL's", async () => {
      const basic = `Basic ${Buffer.from('mirror-user:pw').toString('base64')}`;
      const mirror = await repo({ requireAuthorization: basic });
      const where = await layout();
      const policyUrl = mirror.url.replace('http://', 'http://policy:leaked@');
      await writeFile(path.join(where.composerHome, 'auth.json'), JSON.stringify({ 'http-basic': { [mirror.host]: { username: 'mirror-user', password: 'pw' }, 'packagist.org': { username: 'p', password: 'q' } } }));
      let configured = await mirrored(where, policyUrl, false);
      assert.equal((await configured.client.license('psr/log', '1.1.4'))?.value, 'MIT');
      assert.deepEqual(mirror.requests.map((request) => request.authorization), [basic, basic]);
      assert.ok(configured.asked.every((url) => !url.includes('leaked')));
      assert.ok(!JSON.stringify(configured.config).includes('leaked'));

      await rm(path.join(where.composerHome, 'auth.json'));
      configured = await mirrored(where, policyUrl, false);
      assert.equal(await configured.client.listing('psr/log'), undefined);
      assert.deepEqual(mirror.requests.slice(2).map((request) => request.authorization), [undefined]);
    });

    it('asks no repository, rather than packagist.org, when the mirror is not https (http only on loopback)', async () => {
      for (const mirror of ['sparse+https://composer.acme.example/', 'http://composer.acme.example/']) {
        const { client, config, problems, asked } = await mirrored(await layout(), mirror, false);
        assert.deepEqual(config.repositories, []);
        assert.ok(problems.some((problem) => problem.includes("OSPO's Composer mirror is not an https URL")), problems.join('\n'));
        assert.deepEqual(client.hostsFor('psr/log'), []);
        assert.equal(await client.listing('psr/log'), undefined);
        assert.deepEqual(asked, []);
      }
    });
  });

  describe('hostsFor', () => {
    it('names every repository the name may be asked of, in order, each host once, filters applied', async () => {
      const where = await layout(
        projectManifest([
          { type: 'composer', url: 'https://satis.acme.example', only: ['acme/*'] },
          { type: 'composer', url: 'https://mirror.acme.example/composer', exclude: ['acme/*'] },
          { type: 'composer', url: 'https://satis.acme.example/other' },
          { type: 'package', package: { name: 'acme/inline', version: '1.0.0' } },
        ]),
      );
      const { client } = await clientFor(where, true, [], {}, { isPrivate: (_ecosystem, name) => name === 'acme/secret' });
      assert.deepEqual(client.hostsFor('psr/log'), ['mirror.acme.example', 'satis.acme.example', 'repo.packagist.org']);
      assert.equal(client.hostFor('psr/log'), 'mirror.acme.example');
      assert.deepEqual(client.hostsFor('acme/tools'), ['satis.acme.example', 'repo.packagist.org']);
      assert.deepEqual(client.hostsFor('acme/inline'), []);
      assert.deepEqual(client.hostsFor('acme/secret'), []);
      assert.deepEqual(client.hostsFor('not a name'), []);
    });
  });

  describe('failures', () => {
    it('stops at a repository that is down rather than sending the name to the next one', async () => {
      const port = await closedPort();
      const next = await repo();
      const where = await layout(projectManifest([{ type: 'composer', url: `http://127.0.0.1:${port}` }, { type: 'composer', url: next.url }, { 'packagist.org': false }]));
      const log: string[] = [];
      const { client } = await clientFor(where, true, log);
      assert.equal(await client.listing('psr/log'), undefined);
      assert.equal(await client.license('monolog/monolog', '2.9.1'), undefined);
      assert.deepEqual(next.requests, []);
      assert.equal(log.length, 1);
      assert.match(log[0], /could not reach http:\/\/127\.0\.0\.1:\d+/);
    });

    it('refuses an oversized answer and an answer that is not package metadata', async () => {
      const server = await repo();
      server.override = (url) => (url === '/p2/psr/log.json' ? { status: 200, body: '{"packages": {"psr/log": "nope"}}' } : undefined);
      const where = await layout(projectManifest([{ type: 'composer', url: server.url }, { 'packagist.org': false }]));
      const log: string[] = [];
      const { config } = await readComposerConfig(sources(where, true));
      const client = new ComposerRegistryClient({ ...context(log), config, maxPackageBytes: 1024 });
      assert.equal(await client.listing('monolog/monolog'), undefined);
      assert.ok(log.some((line) => /more than 1024 bytes/.test(line)));
      assert.equal(await client.listing('psr/log'), undefined);
      assert.ok(log.some((line) => /not Composer package metadata/.test(line)));
    });

    it('stops at a repository that only offers Composer 1 provider files, and at one without packages.json', async () => {
      const legacy = await repo();
      legacy.override = (url) => (url === '/packages.json' ? { status: 200, body: '{"packages":[],"providers-url":"/p/%package%$%hash%.json","provider-includes":{"p/provider-2013$%hash%.json":{"sha256":"00"}}}' } : undefined);
      const next = await repo({ host: '127.0.0.2' });
      const where = await layout(projectManifest([{ type: 'composer', url: legacy.url }, { type: 'composer', url: next.url }, { 'packagist.org': false }]));
      const log: string[] = [];
      const { client } = await clientFor(where, true, log);
      assert.equal(await client.listing('psr/log'), undefined);
      assert.deepEqual(legacy.paths(), ['/packages.json']);
      assert.deepEqual(next.requests, []);
      assert.ok(log.some((line) => /only offers Composer 1 metadata/.test(line)));

      legacy.override = (url) => (url === '/packages.json' ? { status: 404, body: '{}' } : undefined);
      const again = await clientFor(where, true, log);
      assert.equal(await again.client.listing('monolog/monolog'), undefined);
      assert.ok(log.some((line) => /has no packages\.json/.test(line)));
      assert.deepEqual(next.requests, []);
    });

    it('reads packages given whole inside packages.json', async () => {
      const inline = await repo();
      inline.override = (url) =>
        url === '/packages.json'
          ? { status: 200, body: JSON.stringify({ packages: { 'psr/log': Object.fromEntries((publishedVersions(inline.url).get('psr/log') ?? []).map((entry) => [entry.version, entry])) } }) }
          : undefined;
      const where = await layout(projectManifest([{ type: 'composer', url: inline.url }, { 'packagist.org': false }]));
      const { client } = await clientFor(where, true, []);
      assert.deepEqual(await client.license('psr/log', '1.1.4'), { value: 'MIT', source: `${inline.host} composer.json license` });
      assert.equal(await client.listing('monolog/monolog'), undefined);
      assert.deepEqual(inline.paths(), ['/packages.json']);
    });

    it('never sends invalid, private or inline-defined names', async () => {
      const server = await repo();
      const where = await layout(projectManifest([{ type: 'composer', url: server.url }, { type: 'package', package: [{ name: 'acme/inline', version: '1.0.0' }] }, { 'packagist.org': false }]));
      const { client } = await clientFor(where, true, [], {}, { isPrivate: (ecosystem, name) => ecosystem === 'composer' && name.startsWith('acme-internal/') });
      for (const name of ['php', 'ext-json', '../x/y', 'a/b/c', 'acme-internal/secret', 'acme/inline', '']) {
        assert.equal(client.hostFor(name), undefined, name);
        assert.equal(await client.listing(name), undefined, name);
      }
      assert.deepEqual(server.requests, []);
    });
  });
});
