import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCargoConfig } from '../../src/core/data/registry/cargo/cargoConfig';
import { CargoRegistryClient, createCargoRegistryClient } from '../../src/core/data/registry/cargo/cargoRegistryClient';
import { resolveCargoRegistry } from '../../src/core/data/registry/cargo/cargoSources';
import { crateLicense, licenseFilePath } from '../../src/core/data/registry/cargo/crateLicense';
import { downloadUrl, indexFileUrl, indexPath, parseIndexFile } from '../../src/core/data/registry/cargo/sparseIndex';
import { readTarGzFiles } from '../../src/core/data/registry/cargo/tarGz';
import { RegistryHttp } from '../../src/core/data/registry/registryHttp';
import { lookUpDependency } from '../../src/core/data/registry/registryLookup';
import type { RegistryConfigSources, RegistryContext } from '../../src/core/data/registry/types';
import { hostsAsked, loopbackHttp } from './support/loopbackHttp';
import { buildCrate, CARGO_FIXTURES, CargoSparseServer, crateMembers, fixtureCrateFolders, sha256, tarArchive } from './support/cargoSparseServer';

const crateFolder = (name: string) => path.join(CARGO_FIXTURES, 'crates', name);
const temporary: string[] = [];

after(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temporary home with a CARGO_HOME, and a project folder inside a workspace folder. */
async function tempLayout(): Promise<{ root: string; home: string; cargoHome: string; workspace: string; project: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ospo-cargo-'));
  temporary.push(root);
  const home = path.join(root, 'home');
  const cargoHome = path.join(home, '.cargo');
  const workspace = path.join(root, 'workspace');
  const project = path.join(workspace, 'app');
  await mkdir(cargoHome, { recursive: true });
  await mkdir(project, { recursive: true });
  return { root, home, cargoHome, workspace, project };
}

function sourcesFor(layout: { home: string; cargoHome: string; workspace: string; project: string }, trustProject: boolean, env: Record<string, string> = {}): RegistryConfigSources {
  return { projectDir: layout.project, rootDir: layout.workspace, trustProject, home: layout.home, env: { CARGO_HOME: layout.cargoHome, ...env } };
}

function contextWith(log: string[], extra: Partial<RegistryContext> = {}): RegistryContext {
  return { http: new RegistryHttp({ log: (line) => log.push(line), maxRetries: 0, networkBackoffMs: 1000 }), log: (line) => log.push(line), ...extra };
}

/** A client for `server` as crates-io's replacement, configured through a real CARGO_HOME config.toml. */
async function clientFor(server: CargoSparseServer, log: string[], extra: Partial<RegistryContext> = {}): Promise<CargoRegistryClient> {
  const layout = await tempLayout();
  await writeFile(path.join(layout.cargoHome, 'config.toml'), `[source.crates-io]\nreplace-with = "local"\n\n[source.local]\nregistry = "sparse+${server.indexUrl}"\n`);
  const { client } = await createCargoRegistryClient(sourcesFor(layout, false), contextWith(log, extra));
  return client as CargoRegistryClient;
}

describe('Cargo sparse registry client', () => {
  describe('index format (Cargo Book, Registry Index)', () => {
    it('places index files by name length: 1, 2, 3/{first}, {first two}/{next two}, lower-cased', () => {
      assert.equal(indexPath('a'), '1/a');
      assert.equal(indexPath('gl'), '2/gl');
      assert.equal(indexPath('fnv'), '3/f/fnv');
      assert.equal(indexPath('itoa'), 'it/oa/itoa');
      assert.equal(indexPath('cargo'), 'ca/rg/cargo');
      assert.equal(indexFileUrl('https://index.example/', 'MyCrate'), 'https://index.example/my/cr/mycrate');
      assert.equal(indexFileUrl('https://index.example/', 'X'), 'https://index.example/1/x');
    });

    it('expands the dl template markers, and appends /{crate}/{version}/download when there are none', () => {
      assert.equal(downloadUrl('https://crates.example/api/v1/crates', 'serde', '1.0.0', 'ab'), 'https://crates.example/api/v1/crates/serde/1.0.0/download');
      assert.equal(
        downloadUrl('https://dl.example/{prefix}/{lowerprefix}/{crate}/{version}/{sha256-checksum}', 'MyCrate', '0.1.0', 'c0ffee'),
        'https://dl.example/My/Cr/my/cr/MyCrate/0.1.0/c0ffee',
      );
      assert.equal(downloadUrl('https://dl.example/{prefix}/{crate}', 'abc', '1.0.0', 'x'), 'https://dl.example/3/a/abc');
    });

    it('reads index lines, skipping broken lines, other crates and schema versions above 2', () => {
      const sum = 'a'.repeat(64);
      const text = [
        JSON.stringify({ name: 'Foo', vers: '1.0.0', cksum: sum, yanked: false, deps: [] }),
        'not json',
        JSON.stringify({ name: 'bar', vers: '1.0.0', cksum: sum, yanked: false }),
        JSON.stringify({ name: 'foo', vers: '1.1.0', cksum: sum, yanked: true, v: 2 }),
        JSON.stringify({ name: 'foo', vers: '2.0.0', cksum: sum, yanked: false, v: 3 }),
        JSON.stringify({ name: 'foo', vers: '../../x', cksum: sum }),
        '',
      ].join('\n');
      assert.deepEqual(
        parseIndexFile(text, 'foo').map((entry) => [entry.name, entry.vers, entry.yanked]),
        [
          ['Foo', '1.0.0', false],
          ['foo', '1.1.0', true],
        ],
      );
    });

    it('resolves license-file inside the package, and outside it to the root copy cargo package makes', () => {
      assert.equal(licenseFilePath('x-1.0.0', 'LICENSE'), 'x-1.0.0/LICENSE');
      assert.equal(licenseFilePath('x-1.0.0', './legal/../legal/COPYING'), 'x-1.0.0/legal/COPYING');
      assert.equal(licenseFilePath('x-1.0.0', '../LICENSE.txt'), 'x-1.0.0/LICENSE.txt');
      assert.equal(licenseFilePath('x-1.0.0', '/etc/passwd'), 'x-1.0.0/passwd');
    });
  });

  describe('against a sparse registry on 127.0.0.1 serving .crate files built from Debian crate sources', function () {
    this.timeout(30_000);
    let server: CargoSparseServer;

    before(async () => {
      server = await CargoSparseServer.start();
      for (const folder of fixtureCrateFolders()) {
        // nom 4.2.3 stands for a yanked release (see SOURCES.md).
        server.publishFolder(folder, path.basename(folder) === 'nom-4.2.3');
      }
    });
    after(() => server.close());
    beforeEach(() => {
      server.requests.length = 0;
    });

    it('asks for the index path of 1-, 2-, 3- and 4+-character names, lower-cased', async () => {
      const client = await clientFor(server, []);
      assert.equal(await client.listing('x'), undefined);
      assert.ok(await client.listing('gl'));
      assert.ok(await client.listing('FNV'));
      assert.ok(await client.listing('itoa'));
      assert.ok(await client.listing('miniz_oxide'));
      assert.deepEqual(
        server.requests.map((request) => request.path),
        ['/index/config.json', '/index/1/x', '/index/2/gl', '/index/3/f/fnv', '/index/it/oa/itoa', '/index/mi/ni/miniz_oxide'],
      );
    });

    it('lists every version, a yanked one as withdrawn, and picks the newest live one', async () => {
      const client = await clientFor(server, []);
      const listing = await client.listing('nom');
      assert.deepEqual(listing?.versions, [{ version: '4.2.3', withdrawn: true }, { version: '7.1.1' }]);
      const answer = await lookUpDependency(client, { name: 'nom', spec: '>=4' });
      assert.equal(answer?.version, '7.1.1');
      assert.equal(answer?.license?.value, 'MIT');
    });

    it('reads the license from the .crate Cargo.toml, as written', async () => {
      const client = await clientFor(server, []);
      const expected: [string, string, string][] = [
        ['gl', '0.14.0', 'Apache-2.0'],
        ['fnv', '1.0.7', 'Apache-2.0 / MIT'],
        ['itoa', '1.0.1', 'MIT OR Apache-2.0'],
        ['miniz_oxide', '0.6.2', 'MIT OR Zlib OR Apache-2.0'],
        ['ryu', '1.0.2', 'Apache-2.0 OR BSL-1.0'],
        ['memchr', '2.5.0', 'Unlicense/MIT'],
        ['nom', '4.2.3', 'MIT'],
      ];
      for (const [name, version, license] of expected) {
        const found = await client.license(name, version);
        assert.equal(found?.value, license, name);
        assert.equal(found?.source, `${server.host}: ${name}-${version}.crate Cargo.toml package.license`);
        assert.equal(found?.confidence, undefined);
      }
      assert.ok(server.requests.some((request) => request.path === '/api/v1/crates/fnv/1.0.7/download'));
    });

    it('identifies a license-file crate by its text, and gives none for a file holding several licenses', async () => {
      const client = await clientFor(server, []);
      const fuchsia = await client.license('fuchsia-cprng', '0.1.1');
      assert.equal(fuchsia?.value, 'BSD-3-Clause');
      assert.ok(fuchsia?.confidence !== undefined && fuchsia.confidence >= 0.9 && fuchsia.confidence < 1);
      assert.equal(fuchsia?.source, `${server.host}: fuchsia-cprng-0.1.1.crate LICENSE text`);
      // ring's LICENSE lists ISC, OpenSSL, SSLeay and MIT terms; webpki's adds a third-party note to ISC.
      assert.equal(await client.license('ring', '0.16.20'), undefined);
      assert.equal(await client.license('webpki', '0.22.0'), undefined);
    });

    it('finds a license-file stored before Cargo.toml, and under a GNU or pax long name', async () => {
      for (const longNames of ['gnu', 'pax'] as const) {
        const members = crateMembers(crateFolder('fuchsia-cprng-0.1.1'));
        const deep = `fuchsia-cprng-0.1.1/${'legal/'.repeat(20)}LICENSE`;
        const manifest = members.find((member) => member.path.endsWith('/Cargo.toml'));
        const license = members.find((member) => member.path.endsWith('/LICENSE'));
        assert.ok(manifest && license);
        const rewritten = Buffer.from(manifest.data.toString('utf8').replace('license-file = "LICENSE"', `license-file = "${'legal/'.repeat(20)}LICENSE"`));
        const crate = gzipSync(tarArchive([{ path: deep, data: license.data }, { ...manifest, data: rewritten }], longNames));
        const read = await crateLicense(crate, 'fuchsia-cprng', '0.1.1', 'test');
        assert.equal(read.kind === 'read' ? read.license?.value : read.reason, 'BSD-3-Clause', longNames);
      }
    });

    it('follows the dl template markers to the .crate', async () => {
      const templated = await CargoSparseServer.start({ dl: '{base}/dl/{lowerprefix}/{crate}/{crate}-{version}.crate' });
      try {
        templated.publishFolder(crateFolder('fnv-1.0.7'));
        const client = await clientFor(templated, []);
        assert.equal((await client.license('fnv', '1.0.7'))?.value, 'Apache-2.0 / MIT');
        assert.ok(templated.requests.some((request) => request.path === '/dl/3/f/fnv/fnv-1.0.7.crate'));
      } finally {
        await templated.close();
      }
    });

    it('answers a second time from its cache, and offline from the disk cache', async () => {
      const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ospo-cargo-cache-'));
      try {
        const client = await clientFor(server, [], { cacheDir });
        assert.equal((await client.license('itoa', '1.0.1'))?.value, 'MIT OR Apache-2.0');
        const asked = server.requests.length;
        assert.equal((await client.license('itoa', '1.0.1'))?.value, 'MIT OR Apache-2.0');
        assert.equal(server.requests.length, asked);
        const offline = await clientFor(server, [], { cacheDir, offline: true });
        assert.deepEqual((await offline.listing('itoa'))?.versions, [{ version: '1.0.1' }]);
        assert.equal((await offline.license('itoa', '1.0.1'))?.value, 'MIT OR Apache-2.0');
        assert.equal(server.requests.length, asked);
      } finally {
        await rm(cacheDir, { recursive: true, force: true });
      }
    });

    it('sends nothing for private, invalid or unknown names and versions', async () => {
      const client = await clientFor(server, [], { isPrivate: (ecosystem, name) => ecosystem === 'cargo' && name.startsWith('corp-') });
      assert.equal(client.hostFor('corp-secret'), undefined);
      assert.equal(client.hostFor('../etc'), undefined);
      assert.equal(client.hostFor('sérde'), undefined);
      assert.equal(await client.listing('corp-secret'), undefined);
      assert.equal(await client.license('fnv', '9.9.9'), undefined);
      assert.ok(server.requests.every((request) => !request.path.includes('corp-') && !request.path.includes('9.9.9')));
    });
  });

  describe('configuration (Source Replacement, Registries, Configuration)', () => {
    let server: CargoSparseServer;
    let other: CargoSparseServer;

    before(async () => {
      server = await CargoSparseServer.start();
      other = await CargoSparseServer.start();
      for (const registry of [server, other]) {
        registry.publishFolder(crateFolder('itoa-1.0.1'));
      }
    });
    after(async () => {
      await server.close();
      await other.close();
    });
    beforeEach(() => {
      server.requests.length = 0;
      other.requests.length = 0;
    });

    it('uses crates.io sparse index without configuration', async () => {
      const layout = await tempLayout();
      const { client, problems } = await createCargoRegistryClient(sourcesFor(layout, true), contextWith([]));
      assert.equal(client.hostFor('serde'), 'index.crates.io');
      assert.deepEqual(problems, []);
    });

    it('replaces crates-io by an alternative registry from the [registries] table, inline-table form', async () => {
      const layout = await tempLayout();
      await writeFile(path.join(layout.cargoHome, 'config.toml'), `[registries]\nmirror = { index = "sparse+${server.indexUrl}" }\n\n[source.crates-io]\nreplace-with = "mirror"\n`);
      const { client, files } = await createCargoRegistryClient(sourcesFor(layout, false), contextWith([]));
      assert.equal(client.hostFor('itoa'), server.host);
      assert.equal((await client.license('itoa', '1.0.1'))?.value, 'MIT OR Apache-2.0');
      assert.deepEqual(files, [path.join(layout.cargoHome, 'config.toml')]);
    });

    it('reads the project .cargo/config.toml and its parents only in a trusted workspace, over CARGO_HOME', async () => {
      const layout = await tempLayout();
      await writeFile(path.join(layout.cargoHome, 'config.toml'), `[source.crates-io]\nreplace-with = "home"\n[source.home]\nregistry = "sparse+${server.indexUrl}"\n`);
      await mkdir(path.join(layout.workspace, '.cargo'));
      await writeFile(path.join(layout.workspace, '.cargo', 'config.toml'), `[source.crates-io]\nreplace-with = "project"\n[source.project]\nregistry = "sparse+${other.indexUrl}"\n`);
      const untrusted = await createCargoRegistryClient(sourcesFor(layout, false), contextWith([]));
      assert.equal(untrusted.client.hostFor('itoa'), server.host);
      assert.ok(untrusted.problems.some((problem) => problem.includes('untrusted workspace')));
      assert.ok(await untrusted.client.listing('itoa'));
      assert.equal(other.requests.length, 0);
      const trusted = await createCargoRegistryClient(sourcesFor(layout, true), contextWith([]));
      assert.equal(trusted.client.hostFor('itoa'), other.host);
    });

    it('gives no data for git indexes, directory sources and broken replacement chains, and says why', async () => {
      const cases: [string, RegExp][] = [
        ['[source.crates-io]\nreplace-with = "git-mirror"\n[source.git-mirror]\nregistry = "https://git.example/index"\n', /git index, which cannot be read here/],
        ['[source.crates-io]\nreplace-with = "vendored"\n[source.vendored]\ndirectory = "vendor"\n', /from the folder vendor/],
        ['[source.crates-io]\nreplace-with = "a"\n[source.a]\nreplace-with = "crates-io"\n', /loops/],
        ['[source.crates-io]\nreplace-with = "nowhere"\n', /no \[source.nowhere\] or \[registries.nowhere\]/],
      ];
      for (const [config, reason] of cases) {
        const layout = await tempLayout();
        await writeFile(path.join(layout.cargoHome, 'config.toml'), config);
        const { client, problems } = await createCargoRegistryClient(sourcesFor(layout, false), contextWith([]));
        assert.equal(client.hostFor('itoa'), undefined);
        assert.equal(await client.listing('itoa'), undefined);
        assert.ok(problems.some((problem) => reason.test(problem)), problems.join('\n'));
      }
    });

    it("finds Debian's directory source in $CARGO_HOME/config, which wins over config.toml, with relative paths from its parent", async () => {
      const layout = await tempLayout();
      // What Debian's /usr/share/cargo/bin/cargo prepare-debian writes (package cargo 0.66.0+ds1-1).
      await writeFile(path.join(layout.cargoHome, 'config'), '[source.crates-io]\nreplace-with = "dh-cargo-registry"\n\n[source.dh-cargo-registry]\ndirectory = "/usr/share/cargo/registry"\n');
      await writeFile(path.join(layout.cargoHome, 'config.toml'), `[source.crates-io]\nreplace-with = "local"\n[source.local]\nregistry = "sparse+${server.indexUrl}"\n`);
      const debian = await readCargoConfig(sourcesFor(layout, false));
      assert.deepEqual(debian.files, [path.join(layout.cargoHome, 'config')]);
      assert.equal((resolveCargoRegistry(debian.config) as { directory?: string }).directory, '/usr/share/cargo/registry');
      await writeFile(path.join(layout.cargoHome, 'config'), '[source.crates-io]\nreplace-with = "vendored"\n[source.vendored]\ndirectory = "vendor"\n');
      const relative = await readCargoConfig(sourcesFor(layout, false));
      assert.equal((resolveCargoRegistry(relative.config) as { directory?: string }).directory, path.join(layout.home, 'vendor'));
    });
  });

  describe('credentials', () => {
    let privateRegistry: CargoSparseServer;
    let downloads: CargoSparseServer;
    let publicRegistry: CargoSparseServer;
    const TOKEN = 'cio-test-token-1';

    before(async () => {
      downloads = await CargoSparseServer.start();
      downloads.publishFolder(crateFolder('ryu-1.0.2'));
      privateRegistry = await CargoSparseServer.start({ requireToken: TOKEN });
      privateRegistry.publishFolder(crateFolder('ryu-1.0.2'));
      privateRegistry.publishFolder(crateFolder('memchr-2.5.0'));
      publicRegistry = await CargoSparseServer.start();
      publicRegistry.publishFolder(crateFolder('ryu-1.0.2'));
    });
    after(async () => {
      await privateRegistry.close();
      await downloads.close();
      await publicRegistry.close();
    });
    beforeEach(() => {
      for (const registry of [privateRegistry, downloads, publicRegistry]) {
        registry.requests.length = 0;
      }
    });

    async function privateLayout(extraConfig = '', credentials = `[registries.corp]\ntoken = "${TOKEN}"\n`) {
      const layout = await tempLayout();
      await writeFile(
        path.join(layout.cargoHome, 'config.toml'),
        `[registry]\nglobal-credential-providers = ["cargo:token"]\n\n[registries.corp]\nindex = "sparse+${privateRegistry.indexUrl}"\n\n[source.crates-io]\nreplace-with = "corp"\n${extraConfig}`,
      );
      await writeFile(path.join(layout.cargoHome, 'credentials.toml'), credentials);
      return layout;
    }

    it('retries config.json with the token after a 401, then sends it with index and download requests to that host', async () => {
      const layout = await privateLayout();
      const { client } = await createCargoRegistryClient(sourcesFor(layout, false), contextWith([]));
      assert.equal((await client.license('memchr', '2.5.0'))?.value, 'Unlicense/MIT');
      assert.deepEqual(
        privateRegistry.requests.map((request) => [request.path, request.authorization]),
        [
          ['/index/config.json', undefined],
          ['/index/config.json', TOKEN],
          ['/index/me/mc/memchr', TOKEN],
          ['/api/v1/crates/memchr/2.5.0/download', TOKEN],
        ],
      );
    });

    it('takes the token from CARGO_REGISTRIES_<NAME>_TOKEN', async () => {
      const layout = await privateLayout('', '');
      const { client } = await createCargoRegistryClient(sourcesFor(layout, false, { CARGO_REGISTRIES_CORP_TOKEN: TOKEN }), contextWith([]));
      assert.ok(await client.listing('ryu'));
    });

    it('never sends the token to a download host other than the index host', async () => {
      const split = await CargoSparseServer.start({ requireToken: TOKEN, dl: `${downloads.baseUrl}/api/v1/crates` });
      try {
        split.publish('ryu', '1.0.2', downloads.crates[0].crate);
        const layout = await tempLayout();
        await writeFile(
          path.join(layout.cargoHome, 'config.toml'),
          `[registry]\nglobal-credential-providers = ["cargo:token"]\n[registries.corp]\nindex = "sparse+${split.indexUrl}"\n[source.crates-io]\nreplace-with = "corp"\n`,
        );
        await writeFile(path.join(layout.cargoHome, 'credentials.toml'), `[registries.corp]\ntoken = "${TOKEN}"\n`);
        const { client } = await createCargoRegistryClient(sourcesFor(layout, false), contextWith([]));
        assert.equal((await client.license('ryu', '1.0.2'))?.value, 'Apache-2.0 OR BSL-1.0');
        assert.ok(split.requests.some((request) => request.authorization === TOKEN));
        assert.deepEqual(
          downloads.requests.map((request) => [request.path, request.authorization]),
          [['/api/v1/crates/ryu/1.0.2/download', undefined]],
        );
      } finally {
        await split.close();
      }
    });

    it('sends no token to a registry that does not say auth-required', async () => {
      const layout = await tempLayout();
      await writeFile(
        path.join(layout.cargoHome, 'config.toml'),
        `[registry]\nglobal-credential-providers = ["cargo:token"]\n[registries.pub]\nindex = "sparse+${publicRegistry.indexUrl}"\n[source.crates-io]\nreplace-with = "pub"\n`,
      );
      await writeFile(path.join(layout.cargoHome, 'credentials.toml'), `[registries.pub]\ntoken = "${TOKEN}"\n`);
      const { client } = await createCargoRegistryClient(sourcesFor(layout, false), contextWith([]));
      assert.equal((await client.license('ryu', '1.0.2'))?.value, 'Apache-2.0 OR BSL-1.0');
      assert.ok(publicRegistry.requests.length >= 3);
      assert.ok(publicRegistry.requests.every((request) => request.authorization === undefined));
    });

    it('uses no token without cargo:token as a configured credential provider, as Cargo requires', async () => {
      const layout = await tempLayout();
      await writeFile(path.join(layout.cargoHome, 'config.toml'), `[registries.corp]\nindex = "sparse+${privateRegistry.indexUrl}"\n[source.crates-io]\nreplace-with = "corp"\n`);
      await writeFile(path.join(layout.cargoHome, 'credentials.toml'), `[registries.corp]\ntoken = "${TOKEN}"\n`);
      const log: string[] = [];
      const { client } = await createCargoRegistryClient(sourcesFor(layout, false), contextWith(log));
      assert.equal(await client.listing('ryu'), undefined);
      assert.ok(privateRegistry.requests.every((request) => request.authorization === undefined));
      assert.ok(log.some((line) => line.includes('asks for credentials')), log.join('\n'));
    });

    it('sends no user token to a host a project file names for the same registry', async () => {
      const layout = await privateLayout();
      await mkdir(path.join(layout.project, '.cargo'));
      await writeFile(path.join(layout.project, '.cargo', 'config.toml'), `[registries.corp]\nindex = "sparse+${publicRegistry.indexUrl}"\n`);
      const { client } = await createCargoRegistryClient(sourcesFor(layout, true), contextWith([]));
      assert.equal(client.hostFor('ryu'), publicRegistry.host);
      assert.ok(await client.license('ryu', '1.0.2'));
      assert.ok(publicRegistry.requests.length >= 3);
      assert.ok(publicRegistry.requests.every((request) => request.authorization === undefined));
    });
  });

  describe("the OSPO's mirror (lookups.registries.cargo)", () => {
    const TOKEN = 'mirror-token-1';
    let mirror: CargoSparseServer;
    let guarded: CargoSparseServer;
    let own: CargoSparseServer;
    let downloads: CargoSparseServer;
    let split: CargoSparseServer;

    before(async () => {
      mirror = await CargoSparseServer.start();
      guarded = await CargoSparseServer.start({ requireToken: TOKEN });
      own = await CargoSparseServer.start();
      downloads = await CargoSparseServer.start();
      split = await CargoSparseServer.start({ dl: `${downloads.baseUrl}/api/v1/crates` });
      for (const registry of [mirror, guarded, own, downloads, split]) {
        registry.publishFolder(crateFolder('itoa-1.0.1'));
      }
    });
    after(async () => {
      for (const registry of [mirror, guarded, own, downloads, split]) {
        await registry.close();
      }
    });
    beforeEach(() => {
      for (const registry of [mirror, guarded, own, downloads, split]) {
        registry.requests.length = 0;
      }
    });

    const mirrored = async (layout: Awaited<ReturnType<typeof tempLayout>>, ospoMirror: string, trustProject = false, env: Record<string, string> = {}) => {
      const log: string[] = [];
      const { http, asked } = loopbackHttp((line) => log.push(line));
      const configured = await createCargoRegistryClient({ ...sourcesFor(layout, trustProject, env), mirror: ospoMirror }, { http, log: (line) => log.push(line) });
      return { ...configured, asked, log };
    };

    it('takes crates.io\'s place where no configuration replaces it: index, config.json and .crate from the mirror, nothing from crates.io', async () => {
      const { client, problems, asked } = await mirrored(await tempLayout(), `sparse+${mirror.indexUrl}`);
      assert.deepEqual(problems, []);
      assert.deepEqual(client.hostsFor('itoa'), [mirror.host]);
      const license = await client.license('itoa', '1.0.1');
      assert.equal(license?.value, 'MIT OR Apache-2.0');
      assert.ok(license?.source.startsWith(`${mirror.host}: itoa-1.0.1.crate`), license?.source);
      assert.deepEqual(
        mirror.requests.map((request) => request.path),
        ['/index/config.json', '/index/it/oa/itoa', '/api/v1/crates/itoa/1.0.1/download'],
      );
      assert.deepEqual(hostsAsked(asked), [mirror.host], 'index.crates.io and static.crates.io were never asked');
    });

    it("loses to the user's replace-with and to a trusted project's, as crates.io would", async () => {
      const layout = await tempLayout();
      await writeFile(path.join(layout.cargoHome, 'config.toml'), `[source.crates-io]\nreplace-with = "own"\n[source.own]\nregistry = "sparse+${own.indexUrl}"\n`);
      let configured = await mirrored(layout, `sparse+${mirror.indexUrl}`);
      assert.deepEqual(configured.client.hostsFor('itoa'), [own.host]);
      assert.ok(await configured.client.listing('itoa'));
      assert.deepEqual(hostsAsked(configured.asked), [own.host]);
      assert.equal(mirror.requests.length, 0);

      const projectOnly = await tempLayout();
      await mkdir(path.join(projectOnly.workspace, '.cargo'));
      await writeFile(path.join(projectOnly.workspace, '.cargo', 'config.toml'), `[source.crates-io]\nreplace-with = "project"\n[source.project]\nregistry = "sparse+${own.indexUrl}"\n`);
      configured = await mirrored(projectOnly, `sparse+${mirror.indexUrl}`, true);
      assert.deepEqual(configured.client.hostsFor('itoa'), [own.host]);
      configured = await mirrored(projectOnly, `sparse+${mirror.indexUrl}`, false);
      assert.deepEqual(configured.client.hostsFor('itoa'), [mirror.host], 'an untrusted project replaces nothing');
    });

    it('sends the mirror a token only from a registry of the user whose index is the mirror, never one written into the policy', async () => {
      const withToken = await tempLayout();
      await writeFile(path.join(withToken.cargoHome, 'config.toml'), `[registry]\nglobal-credential-providers = ["cargo:token"]\n[registries.ospo]\nindex = "sparse+${guarded.indexUrl}"\n`);
      await writeFile(path.join(withToken.cargoHome, 'credentials.toml'), `[registries.ospo]\ntoken = "${TOKEN}"\n`);
      const policyUrl = `sparse+${guarded.indexUrl.replace('http://', 'http://policy:leaked@')}`;
      let configured = await mirrored(withToken, policyUrl);
      assert.equal((await configured.client.license('itoa', '1.0.1'))?.value, 'MIT OR Apache-2.0');
      assert.deepEqual(
        guarded.requests.map((request) => [request.path, request.authorization]),
        [
          ['/index/config.json', undefined],
          ['/index/config.json', TOKEN],
          ['/index/it/oa/itoa', TOKEN],
          ['/api/v1/crates/itoa/1.0.1/download', TOKEN],
        ],
      );
      assert.ok(configured.asked.every((url) => !url.includes('leaked')));

      guarded.requests.length = 0;
      configured = await mirrored(await tempLayout(), policyUrl);
      assert.equal(await configured.client.listing('itoa'), undefined);
      assert.ok(guarded.requests.every((request) => request.authorization === undefined));
      assert.ok(configured.log.some((line) => line.includes('asks for credentials')), configured.log.join('\n'));
    });

    it('looks nothing up, rather than on crates.io, when the mirror is not a sparse index', async () => {
      for (const [ospoMirror, reason] of [
        [mirror.indexUrl, /not a sparse index \(sparse\+https:\/\/…\); crates\.io is not used in its place/],
        ['sparse+ftp://crates.acme.example/', /not an http\(s\) URL/],
      ] as const) {
        const { client, problems, asked } = await mirrored(await tempLayout(), ospoMirror);
        assert.ok(problems.some((problem) => reason.test(problem)), problems.join('\n'));
        assert.deepEqual(client.hostsFor('itoa'), []);
        assert.equal(await client.listing('itoa'), undefined);
        assert.deepEqual(asked, []);
      }
    });

    it('hostsFor names the index, then the download host once config.json has named it; none for names never sent', async () => {
      const { client } = await mirrored(await tempLayout(), `sparse+${split.indexUrl}`);
      const cargo = client as CargoRegistryClient;
      assert.deepEqual(cargo.hostsFor('itoa'), [split.host]);
      assert.equal((await cargo.license('itoa', '1.0.1'))?.value, 'MIT OR Apache-2.0');
      assert.deepEqual(cargo.hostsFor('itoa'), [split.host, downloads.host]);
      assert.equal(cargo.hostFor('itoa'), split.host);
      assert.deepEqual(downloads.requests.map((request) => request.path), ['/api/v1/crates/itoa/1.0.1/download']);
      assert.deepEqual(cargo.hostsFor('../etc'), []);
      const secret = await createCargoRegistryClient({ ...sourcesFor(await tempLayout(), false), mirror: `sparse+${split.indexUrl}` }, contextWith([], { isPrivate: (_ecosystem, name) => name === 'itoa' }));
      assert.deepEqual(secret.client.hostsFor('itoa'), []);
    });
  });

  describe('hostile or broken servers', function () {
    this.timeout(30_000);

    it('resolves undefined and logs when the server is down', async () => {
      const server = await CargoSparseServer.start();
      const log: string[] = [];
      const client = await clientFor(server, log);
      await server.close();
      assert.equal(await client.listing('itoa'), undefined);
      assert.equal(await client.license('itoa', '1.0.1'), undefined);
      assert.ok(log.some((line) => line.includes('could not reach')), log.join('\n'));
    });

    it('refuses an oversized .crate, a gzip bomb, a .crate that does not match its checksum, and garbage', async () => {
      const server = await CargoSparseServer.start();
      try {
        const manifest = crateMembers(crateFolder('itoa-1.0.1')).filter((member) => member.path.endsWith('Cargo.toml'));
        // 64 MiB of zeros before Cargo.toml, about 64 KiB compressed: as 16 members, and as one that says its size.
        const zeros = Buffer.alloc(4 * 1024 * 1024);
        const cargoToml = manifest.map((member) => ({ ...member, path: 'bomb-1.0.0/Cargo.toml' }));
        const bomb = gzipSync(tarArchive([...Array.from({ length: 16 }, (_, index) => ({ path: `bomb-1.0.0/A${index}`, data: zeros })), ...cargoToml]));
        assert.ok(bomb.length < 1024 * 1024);
        server.publish('bomb', '1.0.0', bomb);
        server.publish('one-bomb', '1.0.0', gzipSync(tarArchive([{ path: 'one-bomb-1.0.0/A', data: Buffer.alloc(64 * 1024 * 1024) }, ...cargoToml])));
        server.publish('big', '1.0.0', Buffer.concat([buildCrate(crateFolder('itoa-1.0.1')), Buffer.alloc(2 * 1024 * 1024)]));
        const swapped = server.publish('swapped', '1.0.0', buildCrate(crateFolder('itoa-1.0.1')));
        server.overrides.set('/api/v1/crates/swapped/1.0.0/download', { body: buildCrate(crateFolder('fnv-1.0.7')) });
        server.publish('garbage', '1.0.0', Buffer.from('this is not gzip'));
        const log: string[] = [];
        // A fresh client for each: failures are logged once a minute per kind and host.
        const limited = () => new CargoRegistryClient({ ...contextWith(log), target: { kind: 'sparse', indexUrl: server.indexUrl, described: 'test' }, maxCrateBytes: 1024 * 1024, maxUnpackedBytes: 8 * 1024 * 1024 });
        assert.equal(await limited().license('bomb', '1.0.0'), undefined);
        assert.equal(await limited().license('one-bomb', '1.0.0'), undefined);
        assert.equal(await limited().license('big', '1.0.0'), undefined);
        assert.equal(await (await clientFor(server, log)).license('swapped', '1.0.0'), undefined);
        assert.equal(await (await clientFor(server, log)).license('garbage', '1.0.0'), undefined);
        assert.notEqual(sha256(swapped.crate), sha256(buildCrate(crateFolder('fnv-1.0.7'))));
        const text = log.join('\n');
        assert.match(text, /more than 8388608 bytes once decompressed/);
        assert.match(text, /one-bomb 1\.0\.0 .* a tar header with an impossible size/);
        assert.match(text, /more than 1048576 bytes/);
        assert.match(text, /differs from the index's checksum/);
        assert.match(text, /not a gzip archive/);
      } finally {
        await server.close();
      }
    });

    it('reads tar archives linearly: links skipped, corrupt headers refused', async () => {
      const license = Buffer.from('MIT');
      const archive = tarArchive([
        { path: 'x-1.0.0/Cargo.toml', data: Buffer.alloc(0), type: '2', linkTarget: '/etc/passwd' },
        { path: 'x-1.0.0/LICENSE', data: license },
      ]);
      const scan = await readTarGzFiles(gzipSync(archive), ['x-1.0.0/Cargo.toml', 'x-1.0.0/LICENSE'], { maxOutputBytes: 1 << 20, maxEntries: 10, maxFileBytes: 1024 });
      assert.equal(scan.kind, 'ok');
      assert.deepEqual(scan.kind === 'ok' ? [...scan.files.keys()] : [], ['x-1.0.0/LICENSE']);
      const corrupt = Buffer.from(archive);
      corrupt[10] ^= 0xff;
      const refused = await readTarGzFiles(gzipSync(corrupt), ['x-1.0.0/LICENSE'], { maxOutputBytes: 1 << 20, maxEntries: 10, maxFileBytes: 1024 });
      assert.deepEqual(refused, { kind: 'refused', reason: 'a tar header with a wrong checksum' });
      const many = tarArchive(Array.from({ length: 50 }, (_, index) => ({ path: `x-1.0.0/f${index}`, data: Buffer.from('x') })));
      const tooMany = await readTarGzFiles(gzipSync(many), ['x-1.0.0/none'], { maxOutputBytes: 1 << 20, maxEntries: 10, maxFileBytes: 1024 });
      assert.deepEqual(tooMany, { kind: 'refused', reason: 'more than 10 entries' });
    });
  });
});
