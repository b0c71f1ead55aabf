import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { RegistryHttp } from '../../src/core/data/registry/registryHttp';
import { lookUpDependency } from '../../src/core/data/registry/registryLookup';
import { bundlerCredentials, bundlerKey, bundlerMirror, parseBundlerConfig } from '../../src/core/data/registry/rubygems/bundlerSettings';
import { readGemfileSources } from '../../src/core/data/registry/rubygems/gemfileSources';
import { parseCompactInfo, parseVersionsApi } from '../../src/core/data/registry/rubygems/rubygemsAnswers';
import { readRubygemsConfig } from '../../src/core/data/registry/rubygems/rubygemsConfig';
import { createRubygemsRegistryClient, RubygemsRegistryClient } from '../../src/core/data/registry/rubygems/rubygemsRegistryClient';
import type { RegistryConfigSources, RegistryContext } from '../../src/core/data/registry/types';
import { hostsAsked, loopbackHttp } from './support/loopbackHttp';
import { fixtureGems, RubygemsServer } from './support/rubygemsServer';

interface Layout {
  readonly root: string;
  readonly home: string;
  readonly workspace: string;
  readonly project: string;
}

async function tempLayout(): Promise<Layout> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ospo-gems-'));
  const home = path.join(root, 'home');
  const workspace = path.join(root, 'workspace');
  const project = path.join(workspace, 'app');
  await mkdir(home, { recursive: true });
  await mkdir(project, { recursive: true });
  return { root, home, workspace, project };
}

function sources(layout: Layout, trustProject: boolean, env: Record<string, string> = {}): RegistryConfigSources {
  return { projectDir: layout.project, rootDir: layout.workspace, trustProject, home: layout.home, env };
}

function context(log: string[], extra: Partial<RegistryContext> = {}): RegistryContext {
  return { http: new RegistryHttp({ log: (line) => log.push(line), maxRetries: 0, networkBackoffMs: 60_000, timeoutMs: 5_000 }), log: (line) => log.push(line), ...extra };
}

async function clientFor(layout: Layout, trustProject: boolean, log: string[], env: Record<string, string> = {}, extra: Partial<RegistryContext> = {}) {
  const configured = await createRubygemsRegistryClient(sources(layout, trustProject, env), context(log, extra));
  return { ...configured, client: configured.client as RubygemsRegistryClient };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('RubyGems registry client', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) {
      await step();
    }
  });

  async function layoutWithGemfile(gemfile: string): Promise<Layout> {
    const layout = await tempLayout();
    cleanup.push(() => rm(layout.root, { recursive: true, force: true }));
    await writeFile(path.join(layout.project, 'Gemfile'), gemfile);
    return layout;
  }

  async function server(options: Parameters<typeof RubygemsServer.start>[0] = {}): Promise<RubygemsServer> {
    const started = await RubygemsServer.start(options);
    cleanup.push(() => started.close());
    return started;
  }

  describe('answers (guides.rubygems.org)', () => {
    it('reads the real gemspecs the servers are built from', () => {
      const gems = new Map(fixtureGems().map((gem) => [gem.name, gem]));
      assert.equal(gems.size, 9);
      assert.deepEqual(gems.get('rack')?.licenses, ['MIT']);
      assert.deepEqual(gems.get('power_assert')?.licenses, ['BSD-2-Clause', 'Ruby']);
      assert.deepEqual(gems.get('test-unit')?.licenses, ['Ruby', 'BSDL', 'PSFL']);
      assert.deepEqual(gems.get('i18n')?.dependencies, [{ name: 'concurrent-ruby', requirements: ['~> 1.0'] }]);
    });

    it('folds platform builds of one number in the versions API, keeping the ruby platform licenses and the first push day', () => {
      const versions = parseVersionsApi([
        { number: '1.16.5', platform: 'x86_64-linux', licenses: ['MIT', 'Apache-2.0'], created_at: '2024-05-14T10:00:00.000Z' },
        { number: '1.16.5', platform: 'ruby', licenses: ['MIT'], created_at: '2024-05-13T23:59:59.000Z' },
        { number: '1.16.4', platform: 'java', licenses: null },
        { number: '../../etc', platform: 'ruby', licenses: ['MIT'] },
        'garbage',
      ]);
      assert.deepEqual(versions, [
        { number: '1.16.5', platforms: ['x86_64-linux', 'ruby'], licenses: ['MIT'], published: '2024-05-13' },
        { number: '1.16.4', platforms: ['java'], licenses: null, published: '' },
      ]);
      assert.equal(parseVersionsApi({ error: 'not found' }), undefined);
    });

    it('reads compact index info lines after ---, splitting the platform at the first dash', () => {
      const text = 'created_at: 2024-04-01T00:00:05Z\n---\n2.2.2 actionmailer:= 2.2.2,rake:>= 0.8.3|checksum:84fd\n1.16.5-x86_64-linux racc:~> 1.4|checksum:aa,ruby:< 3.4.dev&>= 3.0\n1.16.5 racc:~> 1.4|checksum:bb\n\n';
      assert.deepEqual(parseCompactInfo(text), [
        { number: '2.2.2', platforms: ['ruby'], licenses: null, published: '' },
        { number: '1.16.5', platforms: ['x86_64-linux', 'ruby'], licenses: null, published: '' },
      ]);
      assert.equal(parseCompactInfo('<html>Not a compact index</html>'), undefined);
    });
  });

  describe('Gemfile sources (Gemfile(5))', () => {
    it('reads global sources, source blocks and the source: option, ignoring git and path gems', () => {
      const found = readGemfileSources(
        [
          'source "https://rubygems.org"',
          "source 'https://gems.example.com' do",
          '  gem "internal"',
          '  if ENV["X"]',
          '    gem "conditional"',
          '  end',
          '  gem "from_git", git: "https://example.com/x.git"',
          'end',
          'gem "rack", "~> 2.2"',
          'gem "optioned", source: "https://other.example.com"',
          'gem "rocket", :source => "https://rocket.example.com"',
          'gem "local", path: "vendor/local"',
          'group :test do',
          '  gem "rspec"',
          'end',
        ].join('\n'),
      );
      assert.deepEqual(found.global, ['https://rubygems.org']);
      assert.deepEqual({ ...found.scoped }, {
        internal: 'https://gems.example.com',
        conditional: 'https://gems.example.com',
        optioned: 'https://other.example.com',
        rocket: 'https://rocket.example.com',
      });
    });

    it('ends a source block at its own end, with nested blocks and braces', () => {
      const found = readGemfileSources('source("https://a.example") {\n  gem "one"\n}\ngem "two"\nsource "https://b.example" do\n  group :dev do\n    gem "three"\n  end\nend\ngem "four"\n');
      assert.deepEqual({ ...found.scoped }, { one: 'https://a.example', three: 'https://b.example' });
      assert.deepEqual(found.global, []);
    });
  });

  describe('Bundler settings (bundle-config(1))', () => {
    it('keys settings as Bundler does and finds credentials by source URL, then by host', () => {
      assert.equal(bundlerKey('gems.example.com'), 'BUNDLE_GEMS__EXAMPLE__COM');
      assert.equal(bundlerKey('my.gem-host.com'), 'BUNDLE_MY__GEM___HOST__COM');
      assert.equal(bundlerKey('https://gems.example.com'), 'BUNDLE_HTTPS://GEMS__EXAMPLE__COM/');
      const settings = {
        layers: [
          parseBundlerConfig('---\nBUNDLE_HTTPS://GEMS__EXAMPLE__COM:8443/: "url:level"\n'),
          { BUNDLE_GEMS__EXAMPLE__COM: 'host:level' },
          parseBundlerConfig('---\nBUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/: "https://mirror.example/"\n'),
        ],
      };
      assert.equal(bundlerCredentials(settings, new URL('https://gems.example.com:8443/')), 'url:level');
      assert.equal(bundlerCredentials(settings, new URL('https://gems.example.com/')), 'host:level');
      assert.equal(bundlerCredentials(settings, new URL('https://other.example.com/')), undefined);
      assert.equal(bundlerMirror(settings, new URL('https://rubygems.org/')), 'https://mirror.example/');
      assert.equal(bundlerMirror(settings, new URL('https://gems.example.com/')), undefined);
    });

    it('reads a hostile config file without aliases or prototype keys taking effect', () => {
      const layer = parseBundlerConfig('---\n__proto__: {polluted: true}\nBUNDLE_A: &x "v"\nBUNDLE_B: *x\nBUNDLE_C: [1, 2]\n');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(layer.BUNDLE_C, undefined);
    });
  });

  describe('against a gem server with the versions API', () => {
    it('lists versions with their gemspec licenses, keeping several licenses as a list', async () => {
      const gems = await server();
      const layout = await layoutWithGemfile(`source "${gems.url}"\n\ngem "rack", "~> 2.2"\ngem "power_assert"\n`);
      const log: string[] = [];
      const { client, files, problems } = await clientFor(layout, true, log);
      assert.deepEqual(problems, []);
      assert.ok(files.includes(path.join(layout.project, 'Gemfile')));
      assert.equal(client.hostFor('rack'), gems.host);

      const rack = await client.listing('rack');
      // The server writes every `created_at` as 2023-01-01, as rubygems.org writes each version's push time.
      assert.deepEqual(rack, { licensesListed: true, versions: [{ version: '2.2.22', license: { value: 'MIT', source: `${gems.host} gemspec license` }, published: '2023-01-01' }] });
      const testUnit = await client.license('test-unit', '3.5.7');
      assert.deepEqual(testUnit, { value: ['Ruby', 'BSDL', 'PSFL'], source: `${gems.host} gemspec licenses` });
      assert.equal((await client.license('rack', '2.2.22-x86_64-linux'))?.value, 'MIT');
      assert.deepEqual(gems.paths(), ['/api/v1/versions/rack.json', '/api/v1/versions/test-unit.json']);

      const answer = await lookUpDependency(client, { name: 'power_assert', spec: '>= 2.0' });
      assert.equal(answer?.version, '2.0.3');
      assert.deepEqual(answer?.license, { value: ['BSD-2-Clause', 'Ruby'], source: `${gems.host} gemspec licenses` });
      assert.deepEqual(answer?.activity, { latestRelease: { version: '2.0.3', date: '2023-01-01' }, source: gems.host }, 'no maintainer count: the versions API names no owners');
      assert.equal(await client.listing('no-such-gem'), undefined);
      assert.deepEqual(log, []);
    });

    it('revalidates an expired listing with its ETag', async () => {
      const gems = await server();
      const layout = await layoutWithGemfile(`source "${gems.url}"\n`);
      const cacheDir = path.join(layout.root, 'cache');
      let clock = Date.parse('2026-03-01T00:00:00Z');
      const first = await clientFor(layout, true, [], {}, { cacheDir, now: () => clock });
      assert.equal((await first.client.listing('thor'))?.versions[0].version, '1.2.1');
      clock += 7 * 60 * 60 * 1000;
      const second = await clientFor(layout, true, [], {}, { cacheDir, now: () => clock });
      assert.equal((await second.client.listing('thor'))?.versions[0].license?.value, 'MIT');
      assert.equal(gems.requests.length, 2);
      assert.match(gems.requests[1].ifNoneMatch ?? '', /^"[0-9a-f]{32}"$/);
    });
  });

  describe('against a compact-index-only gem server', () => {
    it('takes versions from /info and each license from the v2 version API', async () => {
      const gems = await server({ versionsApi: false });
      const layout = await layoutWithGemfile(`source "${gems.url}"\ngem "tzinfo"\n`);
      const { client } = await clientFor(layout, true, []);
      const tzinfo = await client.listing('tzinfo');
      assert.deepEqual(tzinfo, { licensesListed: false, versions: [{ version: '2.0.5' }] });
      assert.deepEqual(await client.license('tzinfo', '2.0.5'), { value: 'MIT', source: `${gems.host} gemspec license` });
      const answer = await lookUpDependency(client, { name: 'i18n', spec: '~> 1.10' });
      assert.equal(answer?.version, '1.10.0');
      assert.equal(answer?.license?.value, 'MIT');
      assert.deepEqual(gems.paths(), [
        '/api/v1/versions/tzinfo.json',
        '/info/tzinfo',
        '/api/v2/rubygems/tzinfo/versions/2.0.5.json',
        // Once the server is known to lack the versions API, it is not asked again.
        '/info/i18n',
        '/api/v2/rubygems/i18n/versions/1.10.0.json',
      ]);
    });
  });

  describe('which server and which credentials', () => {
    it('sends gems of a source block or source: option to that server and the rest to the global source', async () => {
      const publicGems = await server({ gems: ['rack', 'thor', 'json'] });
      const privateGems = await server({ gems: ['i18n', 'concurrent-ruby', 'mustermann'], host: '127.0.0.2' });
      const layout = await layoutWithGemfile(
        `source "${publicGems.url}"\n\nsource "${privateGems.url}" do\n  gem "i18n"\n  gem "concurrent-ruby"\nend\n\ngem "rack"\ngem "mustermann", source: "${privateGems.url}"\n`,
      );
      const { client } = await clientFor(layout, true, []);
      assert.equal(client.hostFor('i18n'), privateGems.host);
      assert.equal(client.hostFor('mustermann'), privateGems.host);
      assert.equal(client.hostFor('rack'), publicGems.host);
      assert.equal(client.hostFor('json'), publicGems.host);
      assert.equal((await client.license('i18n', '1.10.0'))?.value, 'MIT');
      assert.equal((await client.license('mustermann', '3.0.0'))?.value, 'MIT');
      assert.equal((await client.license('rack', '2.2.22'))?.value, 'MIT');
      assert.equal(await client.listing('concurrent-ruby-edge'), undefined);
      assert.deepEqual(privateGems.paths(), ['/api/v1/versions/i18n.json', '/api/v1/versions/mustermann.json']);
      // A 404 from the versions API may mean a server without it: the compact index has the last word.
      assert.deepEqual(publicGems.paths(), ['/api/v1/versions/rack.json', '/api/v1/versions/concurrent-ruby-edge.json', '/info/concurrent-ruby-edge']);
    });

    it('sends Bundler credentials only to the host they are configured for', async () => {
      const authorization = `Basic ${Buffer.from('gemuser:s3cr@t').toString('base64')}`;
      const privateGems = await server({ gems: ['i18n'], host: '127.0.0.2', requireAuthorization: authorization });
      const publicGems = await server({ gems: ['rack'] });
      const layout = await layoutWithGemfile(`source "${publicGems.url}"\nsource "${privateGems.url}" do\n  gem "i18n"\nend\n`);
      const log: string[] = [];
      // bundle-config(1): `export BUNDLE_GEMS__LONGEROUS__COM="claudette:s00pers3krit"`, the value percent-encoded as in a URL.
      const { client } = await clientFor(layout, true, log, { BUNDLE_127__0__0__2: 'gemuser:s3cr%40t' });
      assert.equal((await client.license('i18n', '1.10.0'))?.value, 'MIT');
      assert.equal((await client.license('rack', '2.2.22'))?.value, 'MIT');
      assert.deepEqual(
        privateGems.requests.map((request) => request.authorization),
        [authorization],
      );
      assert.deepEqual(
        publicGems.requests.map((request) => request.authorization),
        [undefined],
      );
      assert.deepEqual(log, []);
    });

    it('uses credentials keyed by source URL from the global config file, and credentials written in the source URL', async () => {
      const fromConfig = `Basic ${Buffer.from('alice:wonder').toString('base64')}`;
      const inline = `Basic ${Buffer.from('bob:builder').toString('base64')}`;
      const first = await server({ gems: ['rack'], requireAuthorization: fromConfig });
      const second = await server({ gems: ['thor'], host: '127.0.0.2', requireAuthorization: inline });
      const withUser = second.url.replace('http://', 'http://bob:builder@');
      const layout = await layoutWithGemfile(`source "${first.url}"\ngem "thor", source: "${withUser}"\n`);
      await mkdir(path.join(layout.home, '.bundle'));
      await writeFile(path.join(layout.home, '.bundle', 'config'), `---\n${bundlerKey(`${first.url}/`)}: "alice:wonder"\n`);
      const { client, files } = await clientFor(layout, true, []);
      assert.ok(files.includes(path.join(layout.home, '.bundle', 'config')));
      assert.equal((await client.listing('rack'))?.versions[0].version, '2.2.22');
      assert.equal((await client.listing('thor'))?.versions[0].version, '1.2.1');
      assert.deepEqual(first.requests.map((request) => request.authorization), [fromConfig]);
      assert.deepEqual(second.requests.map((request) => request.authorization), [inline]);
    });

    it('reads the project .bundle/config only in a trusted workspace', async () => {
      const authorization = `Basic ${Buffer.from('local:only').toString('base64')}`;
      const gems = await server({ gems: ['rack'], requireAuthorization: authorization });
      const layout = await layoutWithGemfile(`source "${gems.url}"\n`);
      await mkdir(path.join(layout.project, '.bundle'));
      await writeFile(path.join(layout.project, '.bundle', 'config'), '---\nBUNDLE_127__0__0__1: "local:only"\n');
      const trusted = await clientFor(layout, true, []);
      assert.equal((await trusted.client.listing('rack'))?.versions.length, 1);
      assert.equal(gems.requests[0].authorization, authorization);
      const untrusted = await clientFor(layout, false, []);
      assert.ok(!untrusted.files.includes(path.join(layout.project, '.bundle', 'config')));
    });

    it('ignores the Gemfile of an untrusted project: rubygems.org, through the user mirror when one is configured', async () => {
      const mirror = await server({ gems: ['json'] });
      const elsewhere = await server({ host: '127.0.0.2' });
      const layout = await layoutWithGemfile(`source "${elsewhere.url}"\nsource "${elsewhere.url}" do\n  gem "json"\nend\n`);
      const plain = await clientFor(layout, false, []);
      assert.equal(plain.client.hostFor('json'), 'rubygems.org');
      assert.ok(!plain.files.includes(path.join(layout.project, 'Gemfile')));

      const mirrored = await clientFor(layout, false, [], { 'BUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/': `${mirror.url}/` });
      assert.equal(mirrored.client.hostFor('json'), mirror.host);
      assert.deepEqual(await mirrored.client.license('json', '2.6.3'), { value: 'Ruby', source: `${mirror.host} gemspec license` });
      assert.deepEqual(elsewhere.requests, []);
    });
  });

  describe("the OSPO's mirror (lookups.registries.rubygems)", () => {
    async function mirrored(layout: Layout, mirror: string, trustProject: boolean, env: Record<string, string> = {}) {
      const log: string[] = [];
      const { http, asked } = loopbackHttp((line) => log.push(line));
      const configured = await createRubygemsRegistryClient({ ...sources(layout, trustProject, env), mirror }, context(log, { http }));
      return { ...configured, asked, log };
    }

    it('stands in for rubygems.org where nothing names a source: rubygems.org is never asked', async () => {
      const mirror = await server({ gems: ['rack', 'json'] });
      const layout = await tempLayout();
      cleanup.push(() => rm(layout.root, { recursive: true, force: true }));
      const { client, problems, asked } = await mirrored(layout, mirror.url, false);
      assert.deepEqual(problems, []);
      assert.deepEqual(client.hostsFor('json'), [mirror.host]);
      assert.deepEqual(await client.license('json', '2.6.3'), { value: 'Ruby', source: `${mirror.host} gemspec license` });
      assert.deepEqual(mirror.paths(), ['/api/v1/versions/json.json']);
      assert.deepEqual(hostsAsked(asked), [mirror.host]);
    });

    it("mirrors a Gemfile's rubygems.org source, below the developer's own Bundler mirror; other Gemfile sources are used as written", async () => {
      const mirror = await server({ gems: ['rack', 'json'] });
      const own = await server({ gems: ['rack', 'json', 'i18n'], host: '127.0.0.2' });
      const layout = await layoutWithGemfile(`source "https://rubygems.org"\n\nsource "${own.url}" do\n  gem "i18n"\nend\ngem "rack"\n`);
      let configured = await mirrored(layout, mirror.url, true);
      assert.deepEqual(configured.client.hostsFor('rack'), [mirror.host], "the Gemfile's rubygems.org goes through the mirror, as through a Bundler mirror");
      assert.deepEqual(configured.client.hostsFor('i18n'), [own.host]);
      assert.equal((await configured.client.license('rack', '2.2.22'))?.source, `${mirror.host} gemspec license`);
      assert.equal((await configured.client.license('i18n', '1.10.0'))?.source, `${own.host} gemspec license`);
      assert.deepEqual(hostsAsked(configured.asked), [mirror.host, own.host]);

      configured = await mirrored(layout, mirror.url, true, { 'BUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/': `${own.url}/` });
      assert.deepEqual(configured.client.hostsFor('rack'), [own.host], "the developer's Bundler mirror wins");
      configured = await mirrored(layout, mirror.url, false, { BUNDLE_MIRROR__ALL: `${own.url}/` });
      assert.deepEqual(configured.client.hostsFor('json'), [own.host], 'mirror.all too');

      const elsewhere = await layoutWithGemfile(`source "${own.url}"\n`);
      const before = mirror.requests.length;
      configured = await mirrored(elsewhere, mirror.url, true);
      assert.deepEqual(configured.client.hostsFor('json'), [own.host]);
      assert.ok(await configured.client.listing('json'));
      assert.equal(mirror.requests.length, before, 'a Gemfile naming another server keeps the mirror out');
    });

    it("sends the mirror Bundler's credentials for its host only: not rubygems.org's, not the policy URL's", async () => {
      const authorization = `Basic ${Buffer.from('gemuser:s3cret').toString('base64')}`;
      const mirror = await server({ gems: ['rack'], requireAuthorization: authorization });
      const layout = await layoutWithGemfile('source "https://someone:else@rubygems.org"\n');
      const policyUrl = mirror.url.replace('http://', 'http://policy:leaked@');
      let configured = await mirrored(layout, policyUrl, true, { BUNDLE_127__0__0__1: 'gemuser:s3cret', BUNDLE_RUBYGEMS__ORG: 'rubygems:only' });
      assert.equal((await configured.client.license('rack', '2.2.22'))?.value, 'MIT');
      assert.deepEqual(mirror.requests.map((request) => request.authorization), [authorization]);
      assert.ok(configured.asked.every((url) => !url.includes('leaked')));

      configured = await mirrored(layout, policyUrl, true);
      assert.equal(await configured.client.listing('rack'), undefined);
      assert.deepEqual(mirror.requests.slice(1).map((request) => request.authorization), [undefined], 'neither the Gemfile nor the policy lends it credentials');
    });

    it('asks nobody, rather than rubygems.org, when the mirror is not an http(s) URL', async () => {
      const layout = await layoutWithGemfile('source "https://rubygems.org"\n');
      const { client, problems, asked } = await mirrored(layout, 'sparse+https://gems.acme.example/', true);
      assert.ok(problems.some((problem) => problem.includes("OSPO's RubyGems mirror is not an http(s) URL")), problems.join('\n'));
      assert.deepEqual(client.hostsFor('rack'), []);
      assert.equal(client.hostFor('rack'), undefined);
      assert.equal(await client.listing('rack'), undefined);
      assert.deepEqual(asked, []);
    });
  });

  describe('hostsFor', () => {
    it("names the gem's own source, or every global source in priority order, each host once", async () => {
      const layout = await layoutWithGemfile(
        'source "https://gems.one.example"\nsource "https://gems.two.example"\nsource "https://gems.one.example/other"\nsource "https://private.example" do\n  gem "secret-sauce"\nend\n',
      );
      const { client } = await clientFor(layout, true, [], {}, { isPrivate: (_ecosystem, name) => name === 'acme-core' });
      assert.deepEqual(client.hostsFor('rack'), ['gems.one.example', 'gems.two.example']);
      assert.equal(client.hostFor('rack'), 'gems.one.example');
      assert.deepEqual(client.hostsFor('secret-sauce'), ['private.example']);
      assert.deepEqual(client.hostsFor('acme-core'), []);
      assert.deepEqual(client.hostsFor('../x'), []);
    });
  });

  describe('failures', () => {
    it('resolves undefined for a server that is down, logs once, and does not try it again for every gem', async () => {
      const port = await closedPort();
      const layout = await layoutWithGemfile(`source "http://127.0.0.1:${port}"\n`);
      const log: string[] = [];
      const { client } = await clientFor(layout, true, log);
      assert.equal(await client.listing('rack'), undefined);
      assert.equal(await client.license('thor', '1.2.1'), undefined);
      assert.equal(log.length, 1);
      assert.match(log[0], /could not reach http:\/\/127\.0\.0\.1:\d+/);
      assert.doesNotMatch(log[0], /rack|thor/);
    });

    it('refuses an answer larger than the limit, and a body that is not a version list', async () => {
      const gems = await server();
      gems.override = (url) =>
        url.startsWith('/api/v1/versions/rack.json')
          ? { status: 200, body: JSON.stringify(Array.from({ length: 5000 }, (_, index) => ({ number: `1.0.${index}`, platform: 'ruby', licenses: ['MIT'] }))) }
          : url.startsWith('/api/v1/versions/thor.json') || url.startsWith('/info/thor')
            ? { status: 200, body: '<html>maintenance</html>' }
            : undefined;
      const layout = await layoutWithGemfile(`source "${gems.url}"\n`);
      const log: string[] = [];
      const { config } = await readRubygemsConfig(sources(layout, true));
      const small = new RubygemsRegistryClient({ ...context(log), config, maxListingBytes: 64 * 1024 });
      assert.equal(await small.listing('rack'), undefined);
      assert.ok(log.some((line) => /more than 65536 bytes/.test(line)));
      assert.equal(await small.listing('thor'), undefined);
      assert.ok(log.some((line) => /not a version list/.test(line)));
      // The versions API answered nonsense, so the compact index was asked too (and answered nonsense).
      assert.deepEqual(gems.paths().slice(-2), ['/api/v1/versions/thor.json', '/info/thor']);
    });

    it('never sends invalid or private names', async () => {
      const gems = await server();
      const layout = await layoutWithGemfile(`source "${gems.url}"\n`);
      const { client } = await clientFor(layout, true, [], {}, { isPrivate: (ecosystem, name) => ecosystem === 'rubygems' && name.startsWith('acme-') });
      for (const name of ['../etc/passwd', 'a b', '', '..', 'x'.repeat(300), 'acme-secret']) {
        assert.equal(client.hostFor(name), undefined, name);
        assert.equal(await client.listing(name), undefined, name);
      }
      assert.equal(await client.license('rack', '../../x'), undefined);
      assert.deepEqual(gems.requests, []);
    });
  });
});
