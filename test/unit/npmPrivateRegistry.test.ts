import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultFetch, type FetchLike } from '../../src/core/data/online/http';
import { createNpmRegistryClient } from '../../src/core/data/registry/npm/npmRegistryClient';
import { pickVersion } from '../../src/core/data/registry/pickVersion';
import { RegistryHttp } from '../../src/core/data/registry/registryHttp';
import { lookUpDependency, type RegistryAnswer, type RegistryQuestion } from '../../src/core/data/registry/registryLookup';
import type { ConfiguredClient } from '../../src/core/data/registry/types';
import { RecordingServer, runNpm, unpackNpmTarball, VerdaccioServer, verdaccioEntry } from './support/verdaccioServer';

/**
 * The npm client against a real private registry: Verdaccio on 127.0.0.1, no uplinks, every
 * package behind htpasswd authentication, holding real npm tarballs (`ms`, from the npm registry)
 * republished with `npm publish` under `@acme/` with licenses that change between versions.
 * npm itself (`npm pack --dry-run`, `npm view`) is the oracle for the versions picked.
 */

/** Real tarballs (`ms` is MIT, ~3 KB), fetched with `npm pack` from whatever registry npm is configured for. */
const REAL_TARBALLS = ['ms@2.0.0', 'ms@2.1.1', 'ms@2.1.2', 'ms@2.1.3'];

interface Release {
  readonly name: string;
  readonly version: string;
  readonly tarball: string;
  readonly tag: string;
  /** package.json fields to set (`undefined` deletes one). */
  readonly fields: Readonly<Record<string, unknown>>;
}

const RELEASES: readonly Release[] = [
  { name: '@acme/x', version: '1.0.0', tarball: 'ms-2.0.0.tgz', tag: 'latest', fields: { license: 'MIT' } },
  { name: '@acme/x', version: '1.1.0', tarball: 'ms-2.1.1.tgz', tag: 'latest', fields: { license: 'MIT' } },
  { name: '@acme/x', version: '1.2.0', tarball: 'ms-2.1.2.tgz', tag: 'latest', fields: { license: 'MIT' } },
  { name: '@acme/x', version: '2.0.0', tarball: 'ms-2.1.3.tgz', tag: 'latest', fields: { license: 'BUSL-1.1' } },
  { name: '@acme/x', version: '2.1.0', tarball: 'ms-2.1.3.tgz', tag: 'latest', fields: { license: 'SEE LICENSE IN license.md' } },
  { name: '@acme/x', version: '3.0.0-rc.1', tarball: 'ms-2.1.3.tgz', tag: 'next', fields: { license: 'Apache-2.0' } },
  // The legacy forms npm still publishes: a `licenses` array, a `{type, url}` object.
  { name: '@acme/y', version: '1.0.0', tarball: 'ms-2.0.0.tgz', tag: 'latest', fields: { license: undefined, licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] } },
  { name: '@acme/y', version: '1.1.0', tarball: 'ms-2.1.1.tgz', tag: 'latest', fields: { license: { type: 'ISC', url: 'https://opensource.org/licenses/ISC' } } },
  // Not `latest`: npm keeps picking 1.1.0 for ranges that admit 2.0.0.
  { name: '@acme/y', version: '2.0.0', tarball: 'ms-2.1.3.tgz', tag: 'next', fields: { license: 'BUSL-1.1' } },
];

/** `@acme/x@1.2.0` is deprecated: npm avoids it unless nothing else fits. */
const DEPRECATED = { spec: '@acme/x@1.2.0', message: 'use 1.1.0' };

/** [name, spec, the version npm installs]; checked against npm itself too. */
const PICKS: readonly [string, string | null, string][] = [
  ['@acme/x', '^1.0.0', '1.1.0'],
  ['@acme/x', '^1.2.0', '1.2.0'],
  ['@acme/x', '1.2.0', '1.2.0'],
  ['@acme/x', 'latest', '2.1.0'],
  ['@acme/x', null, '2.1.0'],
  ['@acme/x', '>=1 <3', '2.1.0'],
  ['@acme/x', '~2.0.0', '2.0.0'],
  ['@acme/x', '*', '2.1.0'],
  ['@acme/x', 'next', '3.0.0-rc.1'],
  ['@acme/x', '^3.0.0-rc.0', '3.0.0-rc.1'],
  ['@acme/y', '>=1 <3', '1.1.0'],
  ['@acme/y', '^2.0.0', '2.0.0'],
  ['@acme/y', 'latest', '1.1.0'],
];

interface Sent {
  readonly host: string;
  readonly path: string;
  readonly authorization?: string;
  readonly ifNoneMatch?: string;
  readonly status?: number;
}

interface Setup {
  readonly home: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly projectDir?: string;
  readonly trustProject?: boolean;
  readonly cacheDir?: string;
  readonly now?: () => number;
  readonly offline?: boolean;
}

describe('npm registry client against a private Verdaccio registry', () => {
  let tmp: string;
  let verdaccio: VerdaccioServer | undefined;
  let elsewhere: RecordingServer | undefined;
  let token: string;
  /** The user's home: `@acme` on Verdaccio with `${ACME_TOKEN}`, everything else on `elsewhere`. */
  let home: string;
  /** A package.json folder without an .npmrc. */
  let plainProject: string;

  before(async function () {
    this.timeout(300_000);
    const entry = verdaccioEntry();
    if (entry === undefined) {
      console.warn('      npmPrivateRegistry: skipped, verdaccio is not installed (it is a devDependency).');
      this.skip();
    }
    if (process.platform === 'win32') {
      // npm is a .cmd there, which needs a shell, which would mangle specs such as `>=1 <3`.
      console.warn('      npmPrivateRegistry: skipped on Windows.');
      this.skip();
    }
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ospo-verdaccio-'));
    const tarballs = path.join(tmp, 'tarballs');
    mkdirSync(tarballs);
    try {
      await runNpm(['pack', ...REAL_TARBALLS, '--pack-destination', tarballs, '--ignore-scripts', '--silent'], { cwd: tmp, env: process.env });
    } catch (error) {
      console.warn(`      npmPrivateRegistry: skipped, the npm registry is not reachable: ${(error as Error).message.split('\n')[0]}`);
      this.skip();
    }
    elsewhere = await RecordingServer.start();
    verdaccio = await VerdaccioServer.start(entry as string, path.join(tmp, 'verdaccio'));
    token = await verdaccio.addUser('ospo-tester', 'ospo-tester-password');
    home = writeHome('home', [`registry=${elsewhere.url}`, `@acme:registry=${verdaccio.url}`, `//${verdaccio.host}/:_authToken=\${ACME_TOKEN}`]);
    plainProject = writeProject('plain-project', undefined);
    // Each package's versions in order (the order decides `latest`); the packages side by side.
    const publishAll = async (name: string) => {
      for (const release of RELEASES.filter((candidate) => candidate.name === name)) {
        const dir = path.join(tmp, 'publish', `${release.name.slice(1).replace('/', '-')}-${release.version}`);
        unpackNpmTarball(path.join(tarballs, release.tarball), dir);
        const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
        const edited: Record<string, unknown> = { ...manifest, name: release.name, version: release.version, ...release.fields };
        for (const [key, value] of Object.entries(release.fields)) {
          if (value === undefined) {
            delete edited[key];
          }
        }
        writeFileSync(path.join(dir, 'package.json'), JSON.stringify(edited, null, 2));
        await npm(['publish', dir, '--tag', release.tag, '--ignore-scripts']);
      }
    };
    await Promise.all([...new Set(RELEASES.map((release) => release.name))].map(publishAll));
    await npm(['deprecate', DEPRECATED.spec, DEPRECATED.message]);
  });

  after(async () => {
    await verdaccio?.stop();
    await elsewhere?.close();
    if (tmp !== undefined) {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  /** A fresh HOME holding `.npmrc` with these lines. */
  function writeHome(name: string, lines: readonly string[]): string {
    const dir = path.join(tmp, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '.npmrc'), `${lines.join('\n')}\n`);
    return dir;
  }

  /** A folder with a package.json and, when given, an `.npmrc`. */
  function writeProject(name: string, npmrc: readonly string[] | undefined): string {
    const dir = path.join(tmp, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0', dependencies: { '@acme/x': '^1.0.0' } }));
    if (npmrc !== undefined) {
      writeFileSync(path.join(dir, '.npmrc'), `${npmrc.join('\n')}\n`);
    }
    return dir;
  }

  /** The npm CLI with only the test's configuration: the user .npmrc of `home`, no global one, no update checks; a project .npmrc in `cwd`. */
  function npm(args: readonly string[], cwd = tmp): Promise<string> {
    return runNpm(args, {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        ...(process.env.SystemRoot !== undefined ? { SystemRoot: process.env.SystemRoot } : {}),
        HOME: home,
        ACME_TOKEN: token,
        npm_config_userconfig: path.join(home, '.npmrc'),
        npm_config_globalconfig: path.join(tmp, 'no-global-npmrc'),
        npm_config_cache: path.join(tmp, 'npm-cache'),
        npm_config_update_notifier: 'false',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
      },
    });
  }

  /** The project's client, configured from these sources, with every request it sends recorded. */
  async function configure(setup: Setup): Promise<ConfiguredClient & { sent: Sent[]; logs: string[] }> {
    const sent: Sent[] = [];
    const logs: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      const parsed = new URL(url);
      const response = await defaultFetch(url, init);
      sent.push({
        host: parsed.host,
        path: parsed.pathname,
        authorization: init.headers.Authorization,
        ifNoneMatch: init.headers['If-None-Match'],
        status: response.status,
      });
      return response;
    };
    const projectDir = setup.projectDir ?? plainProject;
    const configured = await createNpmRegistryClient(
      { projectDir, rootDir: projectDir, trustProject: setup.trustProject ?? false, home: setup.home, env: setup.env ?? { ACME_TOKEN: token } },
      {
        http: new RegistryHttp({ fetch, log: (message) => logs.push(message) }),
        log: (message) => logs.push(message),
        ...(setup.cacheDir !== undefined ? { cacheDir: setup.cacheDir } : {}),
        ...(setup.now !== undefined ? { now: setup.now } : {}),
        ...(setup.offline !== undefined ? { offline: setup.offline } : {}),
      },
    );
    return { ...configured, sent, logs };
  }

  it('lists every version of a private package with its license, authenticated by ${ACME_TOKEN} from the user .npmrc', async () => {
    const { client, files, problems, sent } = await configure({ home });
    assert.deepEqual(files, [path.join(home, '.npmrc')]);
    assert.deepEqual(problems, []);
    const host = (verdaccio as VerdaccioServer).host;
    assert.equal(client.hostFor('@acme/x'), host);
    const listing = await client.listing('@acme/x');
    assert.ok(listing, (verdaccio as VerdaccioServer).output);
    assert.equal(listing.licensesListed, true);
    assert.deepEqual({ ...listing.tags }, { latest: '2.1.0', next: '3.0.0-rc.1' });
    // Each version's publish day is the day the test published it (Verdaccio keeps `time` as npm does).
    assert.ok(listing.versions.every((entry) => /^\d{4}-\d{2}-\d{2}$/.test(entry.published ?? '')));
    assert.deepEqual(listing.versions.map((entry) => withoutKey(entry, 'published')), [
      { version: '1.0.0', license: { value: 'MIT', source: host } },
      { version: '1.1.0', license: { value: 'MIT', source: host } },
      { version: '1.2.0', license: { value: 'MIT', source: host }, withdrawn: true },
      { version: '2.0.0', license: { value: 'BUSL-1.1', source: host } },
      { version: '2.1.0', license: { value: 'SEE LICENSE IN license.md', source: host } },
      { version: '3.0.0-rc.1', license: { value: 'Apache-2.0', source: host } },
    ]);
    assert.deepEqual(await client.license('@acme/x', '2.0.0'), { value: 'BUSL-1.1', source: host });
    // No uplinks: what Verdaccio does not hold is not fetched from anywhere else.
    assert.equal(await client.listing('@acme/missing'), undefined);
    const legacy = await client.listing('@acme/y');
    assert.deepEqual(
      legacy?.versions.map((entry) => [entry.version, entry.license?.value]),
      [
        ['1.0.0', ['MIT', 'Apache-2.0']],
        ['1.1.0', 'ISC'],
        ['2.0.0', 'BUSL-1.1'],
      ],
    );
    assert.deepEqual(
      sent.map((request) => [request.host, request.path, request.authorization, request.status]),
      [
        [host, '/@acme%2fx', `Bearer ${token}`, 200],
        [host, '/@acme%2fmissing', `Bearer ${token}`, 404],
        [host, '/@acme%2fy', `Bearer ${token}`, 200],
      ],
      'one packument request each (the second listing of @acme/x comes from memory)',
    );
  });

  it('picks the version npm itself picks (npm pack --dry-run), among the versions npm view lists', async function () {
    this.timeout(120_000);
    const { client } = await configure({ home });
    const ours: string[] = [];
    for (const [name, spec] of PICKS) {
      ours.push((await lookUpDependency(client, { name, spec }))?.version ?? 'none');
    }
    assert.deepEqual(
      ours,
      PICKS.map(([, , expected]) => expected),
    );
    const packed = JSON.parse(await npm(['pack', ...PICKS.map(([name, spec]) => (spec === null ? name : `${name}@${spec}`)), '--dry-run', '--json'])) as { version: string }[];
    assert.deepEqual(
      packed.map((entry) => entry.version),
      ours,
      'npm agrees',
    );
    // npm view <name>@<range> lists every version the range admits; ours are those compared for
    // license changes. (npm view reads a bare `*` as `latest`, so it is left out here.)
    const ranges = PICKS.filter(([, spec]) => spec !== null && spec !== '*' && /[\^~<>=]/.test(spec));
    const viewed = await Promise.all(ranges.map(([name, spec]) => npm(['view', `${name}@${spec}`, 'version', '--json'])));
    for (const [index, [name, spec]] of ranges.entries()) {
      const listing = await client.listing(name);
      const admitted = listing === undefined ? undefined : pickVersion('npm', spec, listing)?.admitted;
      const npmSays = JSON.parse(viewed[index]) as string | string[];
      assert.deepEqual(admitted, typeof npmSays === 'string' ? [npmSays] : npmSays, `${name}@${spec}`);
    }
  });

  it('reports each license change with the first version under the new license', async () => {
    const { client } = await configure({ home });
    const host = (verdaccio as VerdaccioServer).host;
    // The activity (the `latest` release and its publish day, today's) is the same whatever the spec; the rest is compared whole.
    const lookUp = async (question: RegistryQuestion): Promise<Omit<RegistryAnswer, 'activity'> | undefined> => {
      const answer = await lookUpDependency(client, question);
      assert.equal(answer?.activity?.latestRelease?.version, question.name === '@acme/x' ? '2.1.0' : '1.1.0');
      assert.match(answer?.activity?.latestRelease?.date ?? '', /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(answer?.activity?.source, host);
      return answer === undefined ? undefined : withoutKey(answer, 'activity');
    };
    assert.deepEqual(await lookUp({ name: '@acme/x', spec: '>=1 <3' }), {
      version: '2.1.0',
      versionSource: `${host}: newest matching >=1 <3`,
      license: { value: 'SEE LICENSE IN license.md', source: host },
      licenseChanges: [
        { version: '2.0.0', from: 'MIT', to: 'BUSL-1.1' },
        { version: '2.1.0', from: 'BUSL-1.1', to: 'SEE LICENSE IN license.md' },
      ],
      // The `latest` version's (the tarball of ms it was published from), whatever version is in use.
      repository: { location: 'github.com/vercel/ms', source: host },
    });
    assert.deepEqual(await lookUp({ name: '@acme/x', spec: '^1.0.0' }), {
      version: '1.1.0',
      versionSource: `${host}: newest matching ^1.0.0`,
      license: { value: 'MIT', source: host },
      licenseChanges: [],
      repository: { location: 'github.com/vercel/ms', source: host },
    });
    // A locked version is the one in use, whatever the spec would pick now.
    assert.deepEqual(await lookUp({ name: '@acme/x', spec: '^1.0.0 || ^2.0.0', locked: '1.0.0' }), {
      version: '1.0.0',
      license: { value: 'MIT', source: host },
      licenseChanges: [
        { version: '2.0.0', from: 'MIT', to: 'BUSL-1.1' },
        { version: '2.1.0', from: 'BUSL-1.1', to: 'SEE LICENSE IN license.md' },
      ],
      repository: { location: 'github.com/vercel/ms', source: host },
    });
    // npm picks `latest` (1.1.0) although 2.0.0 is admitted; the change at 2.0.0 is still reported.
    assert.deepEqual(await lookUp({ name: '@acme/y', spec: '>=1 <3' }), {
      version: '1.1.0',
      versionSource: `${host}: newest matching >=1 <3`,
      license: { value: 'ISC', source: host },
      licenseChanges: [
        { version: '1.1.0', from: 'MIT AND Apache-2.0', to: 'ISC' },
        { version: '2.0.0', from: 'ISC', to: 'BUSL-1.1' },
      ],
      repository: { location: 'github.com/zeit/ms', source: host },
    });
  });

  it('answers undefined, without throwing, when Verdaccio refuses: no token, or a wrong one', async () => {
    const host = (verdaccio as VerdaccioServer).host;
    for (const env of [{}, { ACME_TOKEN: 'not-a-token' }]) {
      const { client, sent, logs } = await configure({ home, env });
      assert.equal(client.hostFor('@acme/x'), host, 'the scope still names Verdaccio');
      assert.equal(await client.listing('@acme/x'), undefined);
      assert.equal(await client.license('@acme/x', '1.0.0'), undefined);
      assert.equal(await lookUpDependency(client, { name: '@acme/x', spec: '^1.0.0' }), undefined);
      assert.equal(sent.length, 1, 'the refusal is remembered for the key');
      assert.equal(sent[0].host, host);
      assert.equal(sent[0].authorization, env.ACME_TOKEN === undefined ? undefined : 'Bearer not-a-token', 'an unset ${ACME_TOKEN} sends no credentials at all');
      assert.equal(sent[0].status, 401);
      assert.ok(
        logs.some((line) => line.includes('401')),
        logs.join('\n'),
      );
    }
  });

  it("does not expand ${ACME_TOKEN} in a trusted project's .npmrc: the request goes out without the token", async () => {
    const host = (verdaccio as VerdaccioServer).host;
    const bareHome = writeHome('home-without-acme', [`registry=${(elsewhere as RecordingServer).url}`]);
    const projectDir = writeProject('project-with-token-reference', [`@acme:registry=${(verdaccio as VerdaccioServer).url}`, `//${host}/:_authToken=\${ACME_TOKEN}`]);
    const { client, files, sent } = await configure({ home: bareHome, projectDir, trustProject: true });
    assert.deepEqual(files, [path.join(projectDir, '.npmrc'), path.join(bareHome, '.npmrc')]);
    assert.equal(client.hostFor('@acme/x'), host, "a trusted project's scope registry is used");
    assert.equal(await client.listing('@acme/x'), undefined);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].host, host);
    assert.ok(!(sent[0].authorization ?? '').includes(token), 'the environment secret was not sent');
    assert.equal(sent[0].status, 401);
  });

  it("keeps the user's own token when a trusted project's .npmrc names the same registry with ${ACME_TOKEN}", async () => {
    // The usual committed .npmrc (`//host/:_authToken=${NPM_TOKEN}`, for CI) beside a developer whose
    // user .npmrc already holds a working token: npm uses the token, and so must we.
    const host = (verdaccio as VerdaccioServer).host;
    const projectDir = writeProject('project-like-ci', [`@acme:registry=${(verdaccio as VerdaccioServer).url}`, `//${host}/:_authToken=\${ACME_TOKEN}`]);
    assert.equal(JSON.parse(await npm(['view', '@acme/x', 'version', '--json'], projectDir)), '2.1.0', 'npm reads the package there');
    const { client, sent } = await configure({ home, projectDir, trustProject: true });
    const listing = await client.listing('@acme/x');
    assert.ok(!sent.some((request) => request.authorization === 'Bearer ${ACME_TOKEN}'), `sent ${JSON.stringify(sent)}`);
    assert.equal(listing?.versions.length, 6);
  });

  it("ignores a project's .npmrc entirely when the project is not trusted", async () => {
    const host = (verdaccio as VerdaccioServer).host;
    const other = elsewhere as RecordingServer;
    const bareHome = writeHome('home-untrusted', [`registry=${other.url}`]);
    const projectDir = writeProject('project-untrusted', [`@acme:registry=${(verdaccio as VerdaccioServer).url}`, `//${host}/:_authToken=${token}`]);
    const before = other.requests.length;
    const { client, files, sent } = await configure({ home: bareHome, projectDir, trustProject: false });
    assert.deepEqual(files, [path.join(bareHome, '.npmrc')]);
    assert.equal(client.hostFor('@acme/x'), other.host, 'the scope is not taken from the project');
    assert.equal(await client.listing('@acme/x'), undefined);
    assert.deepEqual(
      sent.map((request) => [request.host, request.authorization, request.status]),
      [[other.host, undefined, 404]],
    );
    assert.deepEqual(
      other.requests.slice(before).map((request) => [request.path, request.headers.authorization]),
      [['/@acme%2fx', undefined]],
    );
  });

  it('sends the token to Verdaccio only, never to the default registry on another port of the same host', async () => {
    const other = elsewhere as RecordingServer;
    const host = (verdaccio as VerdaccioServer).host;
    const before = other.requests.length;
    const { client, sent } = await configure({ home });
    assert.equal(client.hostFor('ms'), other.host);
    assert.equal(client.hostFor('@other/z'), other.host);
    assert.equal(await client.listing('ms'), undefined);
    assert.equal(await client.listing('@other/z'), undefined);
    assert.ok(await client.listing('@acme/x'));
    const seen = other.requests.slice(before);
    assert.deepEqual(
      seen.map((request) => request.path),
      ['/ms', '/@other%2fz'],
    );
    assert.ok(
      seen.every((request) => request.headers.authorization === undefined),
      JSON.stringify(seen.map((request) => request.headers)),
    );
    assert.deepEqual(
      sent.map((request) => [request.host, request.authorization]),
      [
        [other.host, undefined],
        [other.host, undefined],
        [host, `Bearer ${token}`],
      ],
    );
  });

  it('does not carry the token along a redirect to another host or port', async () => {
    const other = elsewhere as RecordingServer;
    for (const target of [`http://localhost:${other.port}`, `http://127.0.0.1:${other.port}`]) {
      const redirector = await RecordingServer.start((request) => ({ status: 302, headers: { location: `${target}${request.path}` } }));
      try {
        const redirectHome = writeHome(`home-redirect-${redirector.port}`, [
          `registry=${other.url}`,
          `@redir:registry=${redirector.url}`,
          `//${redirector.host}/:_authToken=\${ACME_TOKEN}`,
        ]);
        const before = other.requests.length;
        const { client } = await configure({ home: redirectHome });
        assert.equal(await client.listing('@redir/x'), undefined);
        assert.equal(redirector.requests[0]?.headers.authorization, `Bearer ${token}`, 'the configured host gets its token');
        // Following the redirect or not is the client's choice; carrying the token along is not.
        const followed = other.requests.slice(before);
        assert.ok(
          followed.every((request) => request.headers.authorization === undefined),
          `the token went along the redirect to ${target}`,
        );
      } finally {
        await redirector.close();
      }
    }
  });

  it('keeps the compact packument on disk: revalidated once stale, answered offline', async () => {
    const cacheDir = path.join(tmp, 'cache');
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const first = await configure({ home, cacheDir, now: () => clock });
    const fresh = await first.client.listing('@acme/x');
    assert.equal(fresh?.versions.length, 6);
    const offline = await configure({ home, cacheDir, now: () => clock, offline: true, env: {} });
    // Through JSON: the fresh listing's tags are a null-prototype map, the stored ones a plain object.
    const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    assert.deepEqual(plain(await offline.client.listing('@acme/x')), plain(fresh), 'from disk, with no token and no request');
    assert.equal(offline.sent.length, 0);
    clock += 13 * 60 * 60 * 1000;
    const later = await configure({ home, cacheDir, now: () => clock });
    assert.deepEqual(plain(await later.client.listing('@acme/x')), plain(fresh));
    assert.equal(later.sent.length, 1);
    assert.ok(later.sent[0].ifNoneMatch, 'revalidated with the ETag Verdaccio sent');
    assert.equal(later.sent[0].authorization, `Bearer ${token}`);
  });
});

/** A copy without one key, to compare the rest whole. */
function withoutKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
