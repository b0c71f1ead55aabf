import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { identifyLicenseText, identifyLicenseTexts } from '../../src/core/data/licenseText/identifyLicense';
import { isRetracted, readRetractions } from '../../src/core/data/registry/go/goModRetract';
import { parseGoEnvFile } from '../../src/core/data/registry/go/goEnv';
import { parseGoProxy } from '../../src/core/data/registry/go/goProxyList';
import { createGoRegistryClient, GoRegistryClient } from '../../src/core/data/registry/go/goRegistryClient';
import { isPseudoVersion, isValidModulePath, isValidVersion, proxyPathOf, versionFitsPath } from '../../src/core/data/registry/go/moduleNames';
import { parseNetrc } from '../../src/core/data/registry/go/netrc';
import { matchPrefixPatterns, pathMatch } from '../../src/core/data/registry/go/prefixPatterns';
import { readZipDirectory } from '../../src/core/files/zipArchive';
import { pickVersion } from '../../src/core/data/registry/pickVersion';
import { RegistryHttp } from '../../src/core/data/registry/registryHttp';
import type { RegistryClient, RegistryContext } from '../../src/core/data/registry/types';
import { GO_FIXTURES, GoProxyServer } from './support/goProxyServer';
import { hostsAsked, loopbackHttp } from './support/loopbackHttp';
import { writeZip } from './support/zipWriter';

const MIB = 1024 * 1024;

function fixtureText(module: string, file: string): string {
  return readFileSync(path.join(GO_FIXTURES, 'modules', ...`${module}/${file}`.split('/')), 'utf8');
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Go module proxy registry client (GOPROXY protocol, real module sources from Debian)', () => {
  let server: GoProxyServer;
  const extraServers: GoProxyServer[] = [];
  let home: string;
  let cacheDir: string;
  let logs: string[];
  let http: RegistryHttp;

  beforeEach(async () => {
    server = await GoProxyServer.start();
    home = mkdtempSync(path.join(os.tmpdir(), 'ospo-go-home-'));
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'ospo-go-cache-'));
    logs = [];
    http = new RegistryHttp({ log: (message) => logs.push(message), maxRetries: 0, timeoutMs: 5_000 });
  });
  afterEach(async () => {
    await server.close();
    await Promise.all(extraServers.splice(0).map((extra) => extra.close()));
    rmSync(home, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  async function configured(env: Record<string, string | undefined>, context: Partial<RegistryContext> = {}) {
    return createGoRegistryClient(
      { projectDir: home, rootDir: home, trustProject: false, home, env },
      { http, cacheDir, log: (message) => logs.push(message), ...context },
    );
  }
  async function client(env: Record<string, string | undefined> = { GOPROXY: server.url }, context: Partial<RegistryContext> = {}): Promise<RegistryClient> {
    return (await configured(env, context)).client;
  }
  async function emptyProxy(): Promise<GoProxyServer> {
    const extra = await GoProxyServer.start({ fixtures: false });
    extraServers.push(extra);
    return extra;
  }

  describe('listing and licenses', () => {
    const cases: readonly (readonly [string, string, string, string])[] = [
      ['github.com/BurntSushi/toml', 'v1.2.0', 'MIT', 'COPYING'],
      ['github.com/Masterminds/semver/v3', 'v3.2.0', 'MIT', 'LICENSE.txt'],
      ['github.com/pkg/errors', 'v0.9.1', 'BSD-2-Clause', 'LICENSE'],
      ['github.com/davecgh/go-spew', 'v1.1.1', 'ISC', 'LICENSE'],
      ['github.com/hashicorp/go-version', 'v1.3.0', 'MPL-2.0', 'LICENSE'],
      ['github.com/spf13/cobra', 'v1.6.1', 'Apache-2.0', 'LICENSE.txt'],
      ['golang.org/x/text', 'v0.7.0', 'BSD-3-Clause', 'LICENSE'],
      ['github.com/mattn/go-sqlite3', 'v1.14.16', 'MIT', 'LICENSE'],
    ];
    for (const [module, version, license, file] of cases) {
      it(`${module}@${version}: listed, and ${license} read from ${file} in its zip`, async () => {
        const go = await client();
        assert.equal(go.hostFor(module), server.host);
        const listing = await go.listing(module);
        assert.ok(listing?.versions.some((entry) => entry.version === version && entry.withdrawn !== true));
        const found = await go.license(module, version);
        assert.equal(found?.value, license);
        assert.equal(found?.source, `${server.host}: ${module}@${version}/${file} text`);
        assert.ok((found?.confidence ?? 0) >= 0.95);
      });
    }

    it('sends case-encoded paths and versions (`!` + lower case, sent as %21 like the go command)', async () => {
      const go = await client();
      await go.license('github.com/BurntSushi/toml', 'v1.2.0');
      await go.listing('github.com/Masterminds/semver/v3');
      server.addVersion('example.com/M', 'v1.0.0-RC1', {
        goMod: 'module example.com/M\n',
        zip: writeZip([{ name: 'example.com/M@v1.0.0-RC1/LICENSE', data: Buffer.from(fixtureText('github.com/pkg/errors@v0.9.1', 'LICENSE')) }]),
      });
      assert.equal((await go.license('example.com/M', 'v1.0.0-RC1'))?.value, 'BSD-2-Clause');
      assert.deepEqual(
        server.requests.map((request) => request.rawPath),
        [
          '/github.com/%21burnt%21sushi/toml/@v/v1.2.0.zip',
          '/github.com/%21masterminds/semver/v3/@v/list',
          '/github.com/%21masterminds/semver/v3/@v/v3.2.0.mod',
          '/example.com/%21m/@v/v1.0.0-%21r%21c1.zip',
        ],
      );
    });

    it('reads only license files at the module root, and speaks to a proxy URL that has a path', async () => {
      const withPath = await GoProxyServer.start({ basePath: '/go/proxy/' });
      extraServers.push(withPath);
      const go = await client({ GOPROXY: `${withPath.url}/` });
      const found = await go.license('github.com/klauspost/compress', 'v1.15.12');
      assert.match(found?.source ?? '', /compress@v1\.15\.12\/LICENSE text/);
      assert.ok(!(found?.source ?? '').includes('gzhttp'), 'gzhttp/LICENSE (Apache-2.0 for that folder) is not the module license');
      assert.deepEqual(
        withPath.requests.map((request) => request.rawPath),
        ['/go/proxy/github.com/klauspost/compress/@v/v1.15.12.zip'],
      );
    });
  });

  describe('a LICENSE file holding several licenses (issue 10, data quality)', () => {
    it('klauspost/compress: BSD-3-Clause, Apache-2.0 and MIT texts are all reported, not Apache-2.0 alone', async () => {
      const found = await (await client()).license('github.com/klauspost/compress', 'v1.15.12');
      assert.deepEqual(found?.value, ['BSD-3-Clause', 'Apache-2.0', 'MIT'], 'in the order of the file');
      assert.equal(found?.source, `${server.host}: github.com/klauspost/compress@v1.15.12/LICENSE text (3 licenses in one file)`);
      // As a whole the file is Apache-2.0 at 0.903: the single-license identification says none of them.
      assert.equal(identifyLicenseText(fixtureText('github.com/klauspost/compress@v1.15.12', 'LICENSE')), null);
    });

    it('pelletier/go-toml: MIT and Apache-2.0', async () => {
      const found = await (await client()).license('github.com/pelletier/go-toml', 'v1.9.4');
      assert.deepEqual(found?.value, ['MIT', 'Apache-2.0'], 'in the order of the file');
    });

    it('gopkg.in/yaml.v3 (MIT text and an Apache-2.0 notice): no license rather than one of them', async () => {
      assert.equal(await (await client()).license('gopkg.in/yaml.v3', 'v3.0.1'), undefined);
      assert.equal(identifyLicenseText(fixtureText('gopkg.in/yaml.v3@v3.0.1', 'LICENSE')), null);
    });

    it('the same holds for any long license with a short one beside it (texts from test/fixtures/data/licenseText)', () => {
      const text = (name: string) => readFileSync(path.join(GO_FIXTURES, '..', '..', 'data', 'licenseText', name), 'utf8');
      assert.deepEqual(identifyLicenseTexts(text('agpl-3.0.md') + text('0bsd.txt'))?.ids, ['AGPL-3.0-only', '0BSD']);
      assert.deepEqual(identifyLicenseTexts(text('gpl-3.0-COPYING.txt') + text('isc-npm.txt'))?.ids, ['GPL-3.0-only', 'ISC']);
      assert.deepEqual(identifyLicenseTexts(text('mit-jane-doe.txt') + text('apache-2.0-no-appendix.txt'))?.ids, ['MIT', 'Apache-2.0']);
      assert.deepEqual(identifyLicenseTexts(text('lgpl-3.0-COPYING.LESSER.txt') + text('gpl-3.0-COPYING.txt'))?.ids, ['LGPL-3.0-only'], 'the LGPL ships with the GPL it amends');
      const padded = `${text('gpl-3.0-COPYING.txt')}\n\n${Array.from({ length: 50 }, (_, index) => `note${index}`).join('\n\n')}`;
      assert.deepEqual(identifyLicenseTexts(padded)?.ids, ['GPL-3.0-only'], 'the GPL’s own “How to Apply” section names no other license');
    });

    it('single licenses stay single, whatever surrounds them', () => {
      for (const [module, file, id] of [
        ['github.com/spf13/cobra@v1.6.1', 'LICENSE.txt', 'Apache-2.0'],
        ['golang.org/x/text@v0.7.0', 'LICENSE', 'BSD-3-Clause'],
        ['github.com/hashicorp/go-version@v1.3.0', 'LICENSE', 'MPL-2.0'],
      ] as const) {
        const text = fixtureText(module, file);
        assert.deepEqual(identifyLicenseTexts(text)?.ids, [id]);
        const attributed = `${text}\n\nThis product includes software developed by the authors listed in the AUTHORS file, who keep their copyright.\n`;
        assert.deepEqual(identifyLicenseTexts(attributed)?.ids, [id], `${module} with an attribution paragraph`);
      }
    });
  });

  describe('retracted versions', () => {
    it('marks versions retracted by the latest go.mod as withdrawn (mattn/go-sqlite3: `retract [v2.0.0+incompatible, v2.0.6+incompatible]`)', async () => {
      const listing = await (await client()).listing('github.com/mattn/go-sqlite3');
      assert.deepEqual(listing?.versions, [
        { version: 'v1.14.16' },
        { version: 'v2.0.0+incompatible', withdrawn: true },
        { version: 'v2.0.6+incompatible', withdrawn: true },
      ]);
      // +incompatible versions do not count as latest when the newest compatible one has a go.mod (as `go list -m …@latest` says: v1.14.16).
      assert.deepEqual(
        server.requests.map((request) => request.rawPath),
        ['/github.com/mattn/go-sqlite3/@v/list', '/github.com/mattn/go-sqlite3/@v/v1.14.16.mod'],
      );
    });

    it('a latest version may retract itself (the Go Modules Reference example), and the newest live release is then picked', async () => {
      const goMod = 'module example.com/m\n\nretract (\n    v1.0.0 // Published accidentally.\n    v1.0.1 // Contains retractions only.\n)\n';
      server.addVersion('example.com/m', 'v0.9.5', { goMod: 'module example.com/m\n' });
      server.addVersion('example.com/m', 'v1.0.0', { goMod: 'module example.com/m\n' });
      server.addVersion('example.com/m', 'v1.0.1', { goMod });
      const listing = await (await client()).listing('example.com/m');
      assert.deepEqual(listing?.versions, [{ version: 'v0.9.5' }, { version: 'v1.0.0', withdrawn: true }, { version: 'v1.0.1', withdrawn: true }]);
      assert.equal(pickVersion('go', null, listing!)?.version, 'v0.9.5');
    });

    it('reads single versions, intervals and blocks; ignores other directives', () => {
      const intervals = readRetractions(
        'module example.com/m\nrequire (\n\tv1.0.0\n)\nretract v1.0.0\nretract [v1.1.0,v1.2.0] // range\nretract (\n    [v0.0.0-0, v0.15.2]\n    "v2.0.0"\n    not-a-version\n)\n',
      );
      assert.deepEqual(intervals, [
        { low: 'v1.0.0', high: 'v1.0.0' },
        { low: 'v1.1.0', high: 'v1.2.0' },
        { low: 'v0.0.0-0', high: 'v0.15.2' },
        { low: 'v2.0.0', high: 'v2.0.0' },
      ]);
      assert.equal(isRetracted('v1.1.5', intervals), true);
      assert.equal(isRetracted('v0.0.0-20191109021931-daa7c04131f5', intervals), true);
      assert.equal(isRetracted('v1.3.0', intervals), false);
    });
  });

  describe('@v/list', () => {
    it('keeps tagged versions the path can have, sorted; pseudo-versions are not listed versions', async () => {
      server.script((request) =>
        request.module === 'example.com/p' && request.endpoint === 'list'
          ? { body: 'v1.10.0\nv1.2.0 2019-11-09T02:19:31Z\nv0.0.0-20191109021931-daa7c04131f5\nnot-a-version\nv1.2.0-beta.1\nv2.0.0\nv3.1.0+incompatible\n\n' }
          : request.module === 'example.com/p'
            ? { status: 404, body: 'not found' }
            : undefined,
      );
      const listing = await (await client()).listing('example.com/p');
      assert.deepEqual(listing?.versions.map((entry) => entry.version), ['v1.2.0-beta.1', 'v1.2.0', 'v1.10.0', 'v3.1.0+incompatible']);
    });

    it('asks @latest when the list is empty, and falls back to the newest pseudo-version listed', async () => {
      server.script((request) => {
        if (request.module === 'example.com/a') {
          return request.endpoint === 'list' ? { body: '' } : request.endpoint === 'latest' ? { body: '{"Version":"v0.0.0-20191109021931-daa7c04131f5","Time":"2019-11-09T02:19:31Z"}' } : { status: 404 };
        }
        if (request.module === 'example.com/b') {
          return request.endpoint === 'list' ? { body: 'v0.0.0-20190101000000-aaaaaaaaaaaa\nv0.0.0-20200101000000-bbbbbbbbbbbb\n' } : { status: 404 };
        }
        return undefined;
      });
      const go = await client();
      assert.deepEqual((await go.listing('example.com/a'))?.versions, [{ version: 'v0.0.0-20191109021931-daa7c04131f5' }]);
      assert.deepEqual((await go.listing('example.com/b'))?.versions, [{ version: 'v0.0.0-20200101000000-bbbbbbbbbbbb' }]);
      assert.ok(server.requests.some((request) => request.rawPath === '/example.com/a/@latest'));
    });
  });

  describe('GOPROXY lists (`,` and `|`), direct and off', () => {
    it('after `,` a 404 falls through to the next proxy', async () => {
      const first = await emptyProxy();
      const go = await client({ GOPROXY: `${first.url},${server.url}` });
      assert.equal(go.hostFor('github.com/pkg/errors'), first.host);
      const found = await go.license('github.com/pkg/errors', 'v0.9.1');
      assert.equal(found?.value, 'BSD-2-Clause');
      assert.ok(found?.source.startsWith(`${server.host}: `));
      assert.deepEqual(first.requests.map((request) => request.endpoint), ['zip']);
      assert.deepEqual(server.requests.map((request) => request.endpoint), ['zip']);
    });

    it('after `,` any other error ends the walk: the next proxy is never asked', async () => {
      const first = (await emptyProxy()).script(() => ({ status: 500, body: 'broken' }));
      const go = await client({ GOPROXY: `${first.url},${server.url}` });
      assert.equal(await go.listing('github.com/pkg/errors'), undefined);
      assert.equal(first.requests.length, 1);
      assert.equal(server.requests.length, 0);
      assert.ok(logs.some((line) => line.includes(first.host) && line.includes('500')));
    });

    it('after `|` any error falls through: an HTTP 500, a 403 gatekeeper, a dropped connection', async () => {
      for (const scripted of [{ status: 500 }, { status: 403 }, { destroy: true }]) {
        const first = (await emptyProxy()).script(() => scripted);
        const go = await client({ GOPROXY: `${first.url}|${server.url}` });
        assert.equal((await go.license('github.com/davecgh/go-spew', 'v1.1.1'))?.value, 'ISC', JSON.stringify(scripted));
        assert.equal(first.requests.length, 1);
      }
    });

    it('a proxy that is down: `,` gives no data and asks no one else; `|` moves on', async () => {
      const down = `http://127.0.0.1:${await closedPort()}`;
      const strict = await client({ GOPROXY: `${down},${server.url}` });
      assert.equal(await strict.listing('github.com/pkg/errors'), undefined);
      assert.equal(server.requests.length, 0);
      http = new RegistryHttp({ log: (message) => logs.push(message), maxRetries: 0 });
      const lenient = await client({ GOPROXY: `${down}|${server.url}` });
      assert.ok((await lenient.listing('github.com/pkg/errors'))?.versions.length);
      assert.deepEqual(server.requests.map((request) => request.endpoint), ['list', 'mod']);
    });

    it('a private proxy serving only its modules in front of a public one: each module from where it is', async () => {
      const corp = await emptyProxy();
      corp.addVersion('github.com/pkg/errors', 'v0.9.1', server.modules.get('github.com/pkg/errors')!.get('v0.9.1')!);
      const go = await client({ GOPROXY: `${corp.url},${server.url},direct` });
      assert.ok((await go.license('github.com/pkg/errors', 'v0.9.1'))?.source.startsWith(`${corp.host}: `));
      assert.ok((await go.license('github.com/davecgh/go-spew', 'v1.1.1'))?.source.startsWith(`${server.host}: `));
      assert.deepEqual(server.requests.map((request) => request.module), ['github.com/davecgh/go-spew']);
    });

    it('`direct` ends the list (we never fetch from version control); `off` and `direct` alone send nothing', async () => {
      const first = await emptyProxy();
      const go = await client({ GOPROXY: `${first.url},direct,${server.url}` });
      assert.equal(await go.listing('github.com/pkg/errors'), undefined);
      assert.equal(first.requests.length, 1);
      for (const goproxy of ['off', 'direct', `off,${server.url}`]) {
        const none = await client({ GOPROXY: goproxy });
        assert.equal(none.hostFor('github.com/pkg/errors'), undefined, goproxy);
        assert.equal(await none.listing('github.com/pkg/errors'), undefined);
        assert.equal(await none.license('github.com/pkg/errors', 'v0.9.1'), undefined);
      }
      const afterOff = await client({ GOPROXY: `${first.url},off,${server.url}` });
      assert.equal(await afterOff.listing('github.com/pkg/errors'), undefined);
      assert.equal(server.requests.length, 0);
    });

    it('defaults to proxy.golang.org then direct; an invalid entry disables lookups, as the go command refuses the list', async () => {
      assert.equal((await client({})).hostFor('github.com/pkg/errors'), 'proxy.golang.org');
      // file:// proxies are read from disk by the go command; we speak HTTP only, so one answers nothing.
      assert.equal((await client({ GOPROXY: `file:///var/goproxy|${server.url}` })).hostFor('github.com/pkg/errors'), server.host);
      assert.equal((await client({ GOPROXY: `file:///var/goproxy,${server.url}` })).hostFor('github.com/pkg/errors'), undefined);
      const invalid = await configured({ GOPROXY: `ftp://mirror.example,${server.url}` });
      assert.equal(invalid.client.hostFor('github.com/pkg/errors'), undefined);
      assert.ok(invalid.problems.some((problem) => problem.includes('invalid proxy URL')));
    });
  });

  describe('private modules (GOPRIVATE, GONOPROXY, the go env file)', () => {
    it('a module matching GOPRIVATE is never requested from any proxy', async () => {
      const go = await client({ GOPROXY: server.url, GOPRIVATE: '*.corp.example.com,github.com/pkg' });
      for (const module of ['github.com/pkg/errors', 'git.corp.example.com/team/repo']) {
        assert.equal(go.hostFor(module), undefined, module);
        assert.equal(await go.listing(module), undefined);
        assert.equal(await go.license(module, 'v0.9.1'), undefined);
      }
      assert.equal(server.requests.length, 0);
      assert.equal(go.hostFor('github.com/pkgx/errors'), server.host, 'a prefix is matched by path elements, not characters');
      assert.equal(go.hostFor('github.com/davecgh/go-spew'), server.host);
    });

    it('GONOPROXY alone, GOPRIVATE with GONOPROXY=none (stricter than the go command), and the OSPO’s own rule', async () => {
      const noProxy = await client({ GOPROXY: server.url, GONOPROXY: 'github.com/pkg/*' });
      assert.equal(noProxy.hostFor('github.com/pkg/errors'), undefined);
      const overridden = await client({ GOPROXY: server.url, GOPRIVATE: 'github.com/pkg', GONOPROXY: 'none' });
      assert.equal(overridden.hostFor('github.com/pkg/errors'), undefined);
      const ospo = await client({ GOPROXY: server.url }, { isPrivate: (ecosystem, name) => ecosystem === 'go' && name.startsWith('github.com/pkg/') });
      assert.equal(await ospo.listing('github.com/pkg/errors'), undefined);
      assert.equal(server.requests.length, 0);
    });

    it('reads GOPROXY and GOPRIVATE from the go env file (`go env -w`), the environment winning; GOENV names or disables it', async () => {
      const envFile = path.join(home, '.config', 'go', 'env');
      mkdirSync(path.dirname(envFile), { recursive: true });
      writeFileSync(envFile, `GOPROXY=${server.url}\nGOPRIVATE=github.com/pkg\n# not a setting\nlowercase=ignored\n`);
      const fromFile = await configured({});
      assert.deepEqual(fromFile.files, [envFile]);
      assert.equal(fromFile.client.hostFor('github.com/davecgh/go-spew'), server.host);
      assert.equal(fromFile.client.hostFor('github.com/pkg/errors'), undefined);
      const overridden = await client({ GOPRIVATE: 'github.com/davecgh', GOPROXY: '' });
      assert.equal(overridden.hostFor('github.com/pkg/errors'), server.host, 'an empty variable falls back to the file, a set one wins');
      assert.equal(overridden.hostFor('github.com/davecgh/go-spew'), undefined);
      assert.equal((await client({ GOENV: 'off' })).hostFor('github.com/pkg/errors'), 'proxy.golang.org');
      const elsewhere = path.join(home, 'other-env');
      writeFileSync(elsewhere, 'GOPROXY=off\n');
      assert.equal((await client({ GOENV: elsewhere })).hostFor('github.com/davecgh/go-spew'), undefined);
      const xdg = path.join(home, 'xdg');
      mkdirSync(path.join(xdg, 'go'), { recursive: true });
      writeFileSync(path.join(xdg, 'go', 'env'), 'GOPROXY=direct\n');
      assert.equal((await client({ XDG_CONFIG_HOME: xdg })).hostFor('github.com/davecgh/go-spew'), undefined);
    });

    it('never sends an invalid module path', async () => {
      const go = await client();
      for (const name of ['', 'errors', 'Github.com/x/y', 'github.com/../x', 'github.com/x/', '-x.com/y', 'github.com/x y/z', 'example.com/m/v1', 'gopkg.in/yaml', 'a'.repeat(600) + '.com']) {
        assert.equal(go.hostFor(name), undefined, name);
        assert.equal(await go.listing(name), undefined);
      }
      assert.equal(await go.license('github.com/pkg/errors', 'latest'), undefined);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('credentials', () => {
    it('credentials in a GOPROXY URL go to that proxy only', async () => {
      const first = await emptyProxy();
      const withUser = first.url.replace('http://', 'http://gopher:s3cret@');
      const go = await client({ GOPROXY: `${withUser},${server.url}` });
      assert.equal(go.hostFor('github.com/pkg/errors'), first.host);
      assert.ok(await go.listing('github.com/pkg/errors'));
      assert.equal(first.requests[0].authorization, `Basic ${Buffer.from('gopher:s3cret').toString('base64')}`);
      assert.equal(server.requests[0].authorization, undefined);
    });

    it('.netrc credentials go to their machine only, unless GOAUTH=off', async () => {
      const first = await emptyProxy();
      const netrc = path.join(home, '.netrc');
      writeFileSync(netrc, `machine ${first.host}\n  login gopher\n  password hunter2\nmachine other.example.com login x password y\n`);
      const { client: go, files } = await configured({ GOPROXY: `${first.url},${server.url}` });
      assert.ok(files.includes(netrc));
      await go.listing('github.com/pkg/errors');
      assert.equal(first.requests[0].authorization, `Basic ${Buffer.from('gopher:hunter2').toString('base64')}`);
      assert.equal(server.requests[0].authorization, undefined);
      assert.ok(first.requests.every((request) => request.authorization !== undefined));
      const off = await client({ GOPROXY: `${first.url},${server.url}`, GOAUTH: 'off' });
      const before = first.requests.length;
      await off.listing('github.com/davecgh/go-spew');
      assert.ok(first.requests.length > before);
      assert.ok(first.requests.slice(before).every((request) => request.authorization === undefined));
    });
  });

  describe("the OSPO's mirror (lookups.registries.go)", () => {
    async function mirrored(mirror: string, env: Record<string, string | undefined> = {}) {
      const { http: loopback, asked } = loopbackHttp((message) => logs.push(message));
      const result = await createGoRegistryClient({ projectDir: home, rootDir: home, trustProject: false, home, env, mirror }, { http: loopback, cacheDir, log: (message) => logs.push(message) });
      return { ...result, asked };
    }

    it('replaces proxy.golang.org where GOPROXY is unset: the mirror, then direct (never fetched); proxy.golang.org is never asked', async () => {
      const { client: go, problems, asked } = await mirrored(server.url);
      assert.deepEqual(problems, []);
      assert.deepEqual(go.hostsFor('github.com/pkg/errors'), [server.host]);
      const found = await go.license('github.com/pkg/errors', 'v0.9.1');
      assert.equal(found?.value, 'BSD-2-Clause');
      assert.equal(found?.source, `${server.host}: github.com/pkg/errors@v0.9.1/LICENSE text`);
      assert.ok((await go.listing('github.com/pkg/errors'))?.versions.length);
      assert.deepEqual(hostsAsked(asked), [server.host]);
      const empty = await emptyProxy();
      const missing = await mirrored(empty.url);
      assert.equal(await missing.client.listing('github.com/pkg/errors'), undefined, 'after the mirror comes direct, which is never fetched');
      assert.deepEqual(hostsAsked(missing.asked), [empty.host]);
    });

    it("loses to GOPROXY in the environment or the go env file, but replaces the toolchain's own $GOROOT/go.env default", async () => {
      const own = await emptyProxy();
      own.addVersion('github.com/pkg/errors', 'v0.9.1', server.modules.get('github.com/pkg/errors')!.get('v0.9.1')!);
      let result = await mirrored(server.url, { GOPROXY: own.url });
      assert.deepEqual(result.client.hostsFor('github.com/pkg/errors'), [own.host]);
      assert.ok((await result.client.license('github.com/pkg/errors', 'v0.9.1'))?.source.startsWith(`${own.host}: `));
      assert.deepEqual(hostsAsked(result.asked), [own.host]);
      assert.equal(server.requests.length, 0);
      assert.deepEqual((await mirrored(server.url, { GOPROXY: 'off' })).client.hostsFor('github.com/pkg/errors'), [], 'GOPROXY=off is the user saying no');

      const envFile = path.join(home, '.config', 'go', 'env');
      mkdirSync(path.dirname(envFile), { recursive: true });
      writeFileSync(envFile, `GOPROXY=${own.url}\n`);
      result = await mirrored(server.url);
      assert.deepEqual(result.client.hostsFor('github.com/pkg/errors'), [own.host], '`go env -w GOPROXY=…` wins');
      rmSync(envFile);

      // Go 1.21+ ships GOROOT/go.env with `GOPROXY=https://proxy.golang.org,direct`: the public default, not the user's choice.
      const goroot = path.join(home, 'goroot');
      mkdirSync(goroot, { recursive: true });
      writeFileSync(path.join(goroot, 'go.env'), 'GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n');
      result = await mirrored(server.url, { GOROOT: goroot });
      assert.ok(result.files.includes(path.join(goroot, 'go.env')));
      assert.deepEqual(result.client.hostsFor('github.com/pkg/errors'), [server.host]);
      assert.deepEqual((await configured({ GOROOT: goroot })).client.hostsFor('github.com/pkg/errors'), ['proxy.golang.org'], 'without a mirror, go.env decides');
    });

    it(".netrc credentials of the mirror's host go to it; credentials written into the policy's URL do not", async () => {
      const first = await emptyProxy();
      writeFileSync(path.join(home, '.netrc'), `machine ${first.host}\n  login gopher\n  password hunter2\n`);
      const withPolicyCredentials = first.url.replace('http://', 'http://policy:leaked@');
      const { client: go, asked } = await mirrored(withPolicyCredentials);
      await go.listing('github.com/pkg/errors');
      assert.ok(first.requests.length > 0);
      assert.ok(first.requests.every((request) => request.authorization === `Basic ${Buffer.from('gopher:hunter2').toString('base64')}`));
      assert.ok(asked.every((url) => !url.includes('leaked')));
      rmSync(path.join(home, '.netrc'));
      const bare = await mirrored(withPolicyCredentials);
      const before = first.requests.length;
      await bare.client.listing('github.com/davecgh/go-spew');
      assert.ok(first.requests.slice(before).every((request) => request.authorization === undefined));
    });

    it('sends nothing, rather than to proxy.golang.org, when the mirror is not an http(s) URL', async () => {
      for (const mirror of ['sparse+https://go.acme.example/', `${server.url},https://proxy.golang.org`]) {
        const { client: go, problems, asked } = await mirrored(mirror);
        assert.ok(problems.some((problem) => problem.includes("OSPO's Go module proxy mirror is not an http(s) URL")), problems.join('\n'));
        assert.deepEqual(go.hostsFor('github.com/pkg/errors'), []);
        assert.equal(await go.listing('github.com/pkg/errors'), undefined);
        assert.deepEqual(asked, []);
      }
    });
  });

  describe('hostsFor', () => {
    it('names every proxy up to direct or off, past a file:// proxy only after `|`, and none for private modules', async () => {
      const a = 'https://a.example/';
      const go = await client({ GOPROXY: `${a},https://b.example|file:///srv/goproxy|https://c.example/mod,https://a.example/other,direct,https://d.example`, GOPRIVATE: 'git.corp.example' });
      assert.deepEqual(go.hostsFor('github.com/pkg/errors'), ['a.example', 'b.example', 'c.example']);
      assert.equal(go.hostFor('github.com/pkg/errors'), 'a.example');
      assert.deepEqual(go.hostsFor('git.corp.example/team/repo'), []);
      assert.deepEqual(go.hostsFor('not a module'), []);
      assert.deepEqual((await client({ GOPROXY: `https://a.example,file:///srv/goproxy,https://b.example` })).hostsFor('github.com/pkg/errors'), ['a.example']);
      assert.deepEqual((await client({ GOPROXY: 'off' })).hostsFor('github.com/pkg/errors'), []);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('failures, caching and offline', () => {
    it('a proxy that is down: no data, one line in the log, and no second attempt while the host is paused', async () => {
      const down = `http://127.0.0.1:${await closedPort()}`;
      const go = await client({ GOPROXY: down });
      assert.equal(await go.listing('github.com/pkg/errors'), undefined);
      assert.equal(await go.license('github.com/pkg/errors', 'v0.9.1'), undefined);
      assert.equal(logs.filter((line) => line.includes('127.0.0.1')).length, 1);
    });

    it('answers from the cache, then from disk when offline; offline with nothing cached sends nothing', async () => {
      const go = await client();
      await go.listing('github.com/pkg/errors');
      await go.license('github.com/pkg/errors', 'v0.9.1');
      await go.listing('github.com/pkg/errors');
      await go.license('github.com/pkg/errors', 'v0.9.1');
      assert.deepEqual(server.requests.map((request) => request.endpoint), ['list', 'mod', 'zip']);
      const offline = await client({ GOPROXY: server.url }, { offline: true });
      assert.equal((await offline.license('github.com/pkg/errors', 'v0.9.1'))?.value, 'BSD-2-Clause');
      assert.ok(await offline.listing('github.com/pkg/errors'));
      assert.equal(await offline.listing('github.com/davecgh/go-spew'), undefined);
      assert.equal(server.requests.length, 3);
    });
  });

  describe('module zips are read within bounds (zip bombs, oversize, lies)', () => {
    const zipOf = (zip: Buffer) => ({ goMod: 'module example.com/bomb\n', zip });
    const zeros = Buffer.alloc(16 * MIB);
    const deflatedZeros = deflateRawSync(zeros);

    it('a zip over the size cap is not kept, and not asked for again', async () => {
      const capped = new GoRegistryClient({
        http,
        cacheDir,
        log: (line) => logs.push(line),
        maxZipBytes: 4096,
        config: { proxies: parseGoProxy(server.url).entries, noProxy: '', private: '', netrc: [] },
      });
      assert.equal(await capped.license('github.com/hashicorp/go-version', 'v1.3.0'), undefined);
      assert.equal(await capped.license('github.com/hashicorp/go-version', 'v1.3.0'), undefined);
      assert.equal(server.requests.filter((request) => request.endpoint === 'zip').length, 1);
      assert.ok(logs.some((line) => line.includes(server.host) && line.includes('more than 4096 bytes')), logs.join('\n'));
    });

    it('refuses a license file that declares 16 MiB, one that inflates past what it declares, and an impossible ratio', async () => {
      const license = (name: string, entry: Partial<Parameters<typeof writeZip>[0][number]>) =>
        writeZip([{ name: `${name}/LICENSE`, data: Buffer.from('x'), ...entry }]);
      server.addVersion('example.com/bomb', 'v1.0.0', zipOf(license('example.com/bomb@v1.0.0', { data: zeros, compressed: deflatedZeros })));
      server.addVersion('example.com/bomb', 'v1.0.1', zipOf(license('example.com/bomb@v1.0.1', { data: zeros.subarray(0, 1000), compressed: deflatedZeros, declaredSize: 1000 })));
      server.addVersion('example.com/bomb', 'v1.0.2', zipOf(license('example.com/bomb@v1.0.2', { data: Buffer.alloc(900_000), compressed: deflateRawSync(Buffer.alloc(10)) })));
      const started = Date.now();
      for (const [version, why] of [
        ['v1.0.0', 'LICENSE is 16777216 bytes, over 1048576'],
        ['v1.0.1', 'LICENSE does not inflate to its declared size'],
        ['v1.0.2', 'LICENSE declares an impossible compression ratio'],
      ] as const) {
        // A fresh HTTP client each time: its log says one thing per host and minute.
        http = new RegistryHttp({ log: (message) => logs.push(message), maxRetries: 0 });
        assert.equal(await (await client()).license('example.com/bomb', version), undefined, version);
        assert.ok(logs.some((line) => line.includes(`example.com/bomb@${version}`) && line.includes(why)), `${version}: ${logs.join('\n')}`);
      }
      assert.ok(Date.now() - started < 5_000);
    });

    it('refuses an archive that lies about its entry count, and one that is no zip at all', async () => {
      const good = [{ name: 'example.com/bomb@v1.0.3/LICENSE', data: Buffer.from(fixtureText('golang.org/x/text@v0.7.0', 'LICENSE')) }];
      server.addVersion('example.com/bomb', 'v1.0.3', zipOf(writeZip(good, { declaredCount: 60_000 })));
      server.addVersion('example.com/bomb', 'v1.0.4', zipOf(Buffer.from('PK not really a zip')));
      const go = await client();
      assert.equal(await go.license('example.com/bomb', 'v1.0.3'), undefined);
      assert.equal(await go.license('example.com/bomb', 'v1.0.4'), undefined);
      assert.ok(logs.some((line) => line.includes('declares 60000 entries')), logs.join('\n'));
      assert.ok('ok' in readZipDirectory(writeZip(good), 10), 'the same archive with its true count is read');
    });

    it('reads the zip64 forms of the end record and of the sizes', async () => {
      const text = Buffer.from(fixtureText('golang.org/x/text@v0.7.0', 'LICENSE'));
      server.addVersion('example.com/wide', 'v1.0.0', { goMod: 'module example.com/wide\n', zip: writeZip([{ name: 'example.com/wide@v1.0.0/LICENSE', data: text }], { zip64: true }) });
      assert.equal((await (await client()).license('example.com/wide', 'v1.0.0'))?.value, 'BSD-3-Clause');
    });

    it('ignores license files outside the module root and entries of another module', async () => {
      const text = Buffer.from(fixtureText('golang.org/x/text@v0.7.0', 'LICENSE'));
      server.addVersion('example.com/bomb', 'v1.0.5', zipOf(writeZip([
        { name: 'example.com/bomb@v1.0.5/sub/LICENSE', data: text },
        { name: 'example.com/other@v1.0.5/LICENSE', data: text },
        { name: 'LICENSE', data: text },
      ])));
      assert.equal(await (await client()).license('example.com/bomb', 'v1.0.5'), undefined);
    });
  });

  describe('the pieces, against the reference', () => {
    it('MatchPrefixPatterns and path.Match', () => {
      const cases: readonly (readonly [string, string, boolean])[] = [
        ['rsc.io', 'rsc.io/quote', true],
        ['rsc.io/', 'rsc.io/quote', true],
        ['*/quote', 'rsc.io/quote', true],
        ['*/quote', 'rsc.io/quote/v3', true],
        ['*.corp.example.com', 'git.corp.example.com/repo', true],
        ['*.corp.example.com', 'corp.example.com/repo', false],
        ['rsc.io/quote/v3', 'rsc.io/quote', false],
        ['rsc.io/q*', 'rsc.io/quote/v3', true],
        ['rsc.io/q?ote', 'rsc.io/quote', true],
        ['rsc.io/[a-p]uote', 'rsc.io/quote', false],
        ['rsc.io/[^a-p]uote', 'rsc.io/quote', true],
        ['rsc.io/[', 'rsc.io/quote', false],
        [',,github.com/pkg,', 'github.com/pkg/errors', true],
        ['github.com/pk', 'github.com/pkg/errors', false],
        ['', 'github.com/pkg/errors', false],
      ];
      for (const [globs, target, expected] of cases) {
        assert.equal(matchPrefixPatterns(globs, target), expected, `${globs} ${target}`);
      }
      assert.equal(pathMatch('a\\*b', 'a*b'), true);
      assert.equal(pathMatch('a*/b', 'abc/b'), true);
      assert.equal(pathMatch('a*', 'ab/c'), false);
      assert.equal(pathMatch(`${'*a'.repeat(40)}b`, 'a'.repeat(60)), false);
    });

    it('GOPROXY parsing', () => {
      const parsed = parseGoProxy(' corp.example.com/go | https://proxy.golang.org , direct, https://never.example');
      assert.deepEqual(parsed.entries, [
        { kind: 'proxy', base: 'https://corp.example.com/go/', host: 'corp.example.com', fallBackOnError: true },
        { kind: 'proxy', base: 'https://proxy.golang.org/', host: 'proxy.golang.org', fallBackOnError: false },
        { kind: 'direct' },
      ]);
      assert.deepEqual(parseGoProxy('file:///var/goproxy|off').entries, [{ kind: 'unsupported', text: 'file:///var/goproxy', fallBackOnError: true }, { kind: 'off' }]);
      assert.ok(parseGoProxy('noproxy').problem, 'a single word is not a URL');
    });

    it('names and versions', () => {
      assert.equal(proxyPathOf('github.com/Azure/azure-sdk-for-go'), 'github.com/%21azure/azure-sdk-for-go');
      assert.ok(isValidModulePath('gopkg.in/yaml.v3') && isValidModulePath('github.com/Masterminds/semver/v3') && isValidModulePath('golang.org/x/text'));
      for (const version of ['v1', 'v1.2', 'v1.2.3', 'v1.2.3-pre.1+meta', 'v2.0.0+incompatible']) {
        assert.ok(isValidVersion(version), version);
      }
      for (const version of ['1.2.3', 'v01.2.3', 'v1.2-pre', 'v1.2.3-01', 'v1.2.3-', 'v1.2.3/../x', 'latest']) {
        assert.ok(!isValidVersion(version), version);
      }
      for (const [module, version, fits] of [
        ['github.com/pkg/errors', 'v0.9.1', true],
        ['github.com/pkg/errors', 'v2.0.0', false],
        ['github.com/pkg/errors', 'v2.0.0+incompatible', true],
        ['github.com/Masterminds/semver/v3', 'v3.2.0', true],
        ['github.com/Masterminds/semver/v3', 'v1.5.0', false],
        ['gopkg.in/yaml.v3', 'v3.0.1', true],
        ['gopkg.in/yaml.v3', 'v2.4.0', false],
        ['gopkg.in/check.v1', 'v0.0.0-20161208181325-20d25e280405', true],
      ] as const) {
        assert.equal(versionFitsPath(module, version), fits, `${module}@${version}`);
      }
      assert.ok(isPseudoVersion('v0.0.0-20191109021931-daa7c04131f5'));
      assert.ok(isPseudoVersion('v1.2.4-0.20191109021931-daa7c04131f5'));
      assert.ok(isPseudoVersion('v1.2.3-pre.0.20191109021931-daa7c04131f5'));
      assert.ok(!isPseudoVersion('v1.2.3-pre'));
    });

    it('.netrc and the go env file', () => {
      assert.deepEqual(parseNetrc('machine a.example login u password p\nmacdef init\ncd /\n\nmachine b.example\n  login v\n  password q\ndefault\nmachine c.example login z password z\n'), [
        { machine: 'a.example', login: 'u', password: 'p' },
        { machine: 'b.example', login: 'v', password: 'q' },
      ]);
      assert.deepEqual([...parseGoEnvFile('GOPROXY=https://a.example,direct\nGOPRIVATE=\n#X=1\nbad=1\nNOEQUALS\n')], [
        ['GOPROXY', 'https://a.example,direct'],
        ['GOPRIVATE', ''],
      ]);
    });
  });

  describe('the go command agrees with the test proxy (skipped where `go` is not installed)', () => {
    it('go mod download and go list -m read the served modules, zips and retractions', async function () {
      this.timeout(120_000);
      const goHome = mkdtempSync(path.join(os.tmpdir(), 'ospo-go-oracle-'));
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: goHome,
        GOPATH: path.join(goHome, 'go'),
        GOMODCACHE: path.join(goHome, 'mod'),
        GOCACHE: path.join(goHome, 'cache'),
        GOPROXY: server.url,
        GOSUMDB: 'off',
        GOFLAGS: '-mod=mod',
        GOENV: 'off',
        GOTOOLCHAIN: 'local',
      };
      const go = (args: string[]) =>
        new Promise<{ error: boolean; stdout: string; missing: boolean }>((resolve) =>
          execFile('go', args, { env, cwd: goHome, encoding: 'utf8', timeout: 60_000 }, (error, stdout) =>
            resolve({ error: error !== null, stdout, missing: (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' }),
          ),
        );
      try {
        const version = await go(['version']);
        if (version.missing) {
          this.skip();
        }
        const downloaded = JSON.parse((await go(['mod', 'download', '-json', 'github.com/BurntSushi/toml@v1.2.0'])).stdout) as { Error?: string; Dir?: string };
        assert.equal(downloaded.Error, undefined);
        assert.ok(downloaded.Dir?.endsWith(`${path.sep}github.com${path.sep}!burnt!sushi${path.sep}toml@v1.2.0`));
        const latest = JSON.parse((await go(['list', '-m', '-json', 'github.com/mattn/go-sqlite3@latest'])).stdout) as { Version?: string };
        assert.equal(latest.Version, 'v1.14.16');
        const listed = JSON.parse((await go(['list', '-m', '-versions', '-json', 'github.com/mattn/go-sqlite3'])).stdout) as { Versions?: string[] };
        assert.deepEqual(listed.Versions, ['v1.14.16'], 'the retracted versions are hidden, as our listing marks them');
      } finally {
        chmodSync(goHome, 0o755);
        await new Promise<void>((resolve) => execFile('chmod', ['-R', 'u+w', goHome], () => resolve()));
        rmSync(goHome, { recursive: true, force: true });
      }
    });
  });
});
