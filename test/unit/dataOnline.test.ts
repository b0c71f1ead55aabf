import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DepsDevClient, type DepsDevClientOptions, type FetchLike, versionRequestKey, type VersionRequest } from '../../src/core/data/online';
import { ResponseCache } from '../../src/core/data/online/responseCache';
import { isVersionInfo } from '../../src/core/data/online/depsDevTypes';
import { DepsDevServer } from './support/depsDevServer';

const HOUR = 60 * 60 * 1000;

const COLORS: VersionRequest = { ecosystem: 'npm', name: '@colors/colors', version: '1.5.0' };
const REACT: VersionRequest = { ecosystem: 'npm', name: 'react', version: '18.2.0' };
const GUAVA: VersionRequest = { ecosystem: 'maven', name: 'com.google.guava:guava', version: '33.0.0-jre' };
const X_TEXT: VersionRequest = { ecosystem: 'go', name: 'golang.org/x/text', version: 'v0.14.0' };
const DJANGO: VersionRequest = { ecosystem: 'pypi', name: 'Django', version: '3.0.0' };
const SERDE: VersionRequest = { ecosystem: 'cargo', name: 'serde', version: '1.0.228' };
const RACK: VersionRequest = { ecosystem: 'rubygems', name: 'rack', version: '3.0.8' };
const MISSING: VersionRequest = { ecosystem: 'npm', name: 'react', version: '999.0.0' };

describe('DepsDevClient', () => {
  let server: DepsDevServer;
  let cacheDir: string;
  let logs: string[];
  let clock: number;

  beforeEach(async () => {
    server = await DepsDevServer.start();
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'ospo-depsdev-'));
    logs = [];
    clock = Date.parse('2026-03-01T00:00:00Z');
  });
  afterEach(async () => {
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const client = (options: DepsDevClientOptions = {}) =>
    new DepsDevClient({ cacheDir, log: (message) => logs.push(message), now: () => clock, ...options, baseUrl: options.baseUrl ?? server.baseUrl });

  describe('versions', () => {
    it('looks up licenses per ecosystem with each name percent-encoded as one path segment', async () => {
      const requests = [COLORS, GUAVA, X_TEXT, DJANGO, SERDE, RACK, { ecosystem: 'composer', name: 'monolog/monolog', version: '3.5.0' } as const];
      const found = await client({ batch: false }).lookupVersions(requests);
      const license = (request: VersionRequest) => found.get(versionRequestKey(request))?.license;
      assert.deepEqual(license(COLORS), { value: 'MIT', source: 'deps.dev' });
      assert.deepEqual(license(GUAVA), { value: 'Apache-2.0', source: 'deps.dev' });
      assert.deepEqual(license(X_TEXT), { value: 'BSD-3-Clause', source: 'deps.dev' });
      assert.deepEqual(license(DJANGO), { value: 'BSD-3-Clause', source: 'deps.dev' });
      assert.deepEqual(license(SERDE), { value: 'MIT OR Apache-2.0', source: 'deps.dev' });
      assert.deepEqual(license(RACK), { value: 'MIT', source: 'deps.dev' });
      assert.equal(found.size, 6, 'Composer is not on deps.dev: no entry and no request');
      assert.deepEqual(server.requests.map((request) => request.rawPath).sort(), [
        '/v3/systems/cargo/packages/serde/versions/1.0.228',
        '/v3/systems/go/packages/golang.org%2Fx%2Ftext/versions/v0.14.0',
        '/v3/systems/maven/packages/com.google.guava%3Aguava/versions/33.0.0-jre',
        '/v3/systems/npm/packages/%40colors%2Fcolors/versions/1.5.0',
        '/v3/systems/pypi/packages/django/versions/3.0.0',
        '/v3/systems/rubygems/packages/rack/versions/3.0.8',
      ]);
      assert.deepEqual(found.get(versionRequestKey(RACK))?.advisoryKeys, ['GHSA-22f2-v57c-j9cx']);
      assert.equal(found.get(versionRequestKey(COLORS))?.sourceRepo, 'github.com/dabh/colors.js');
      assert.deepEqual(logs, []);
    });

    it('encodes versions too (Go +incompatible) and accepts Maven group/artifact', async () => {
      server.addVersion({ versionKey: { system: 'GO', name: 'github.com/docker/docker', version: 'v24.0.7+incompatible' }, licenses: ['Apache-2.0'] } as never);
      const go = { ecosystem: 'go', name: 'github.com/docker/docker', version: 'v24.0.7+incompatible' } as const;
      const found = await client({ batch: false }).lookupVersions([go, { ...GUAVA, name: 'com.google.guava/guava' }]);
      assert.equal(found.get(versionRequestKey(go))?.license?.value, 'Apache-2.0');
      assert.equal(found.get(versionRequestKey({ ...GUAVA, name: 'com.google.guava/guava' }))?.license?.value, 'Apache-2.0');
      assert.ok(server.requests.some((request) => request.rawPath === '/v3/systems/go/packages/github.com%2Fdocker%2Fdocker/versions/v24.0.7%2Bincompatible'));
    });

    it('batches through POST /v3alpha/versionbatch with deps.dev system names', async () => {
      const found = await client().lookupVersions([COLORS, REACT, GUAVA, X_TEXT, MISSING]);
      assert.equal(server.count(), 1);
      const batch = server.requests[0]!;
      assert.equal(batch.kind, 'batch');
      assert.equal(batch.headers['content-type'], 'application/json');
      assert.deepEqual((batch.body as { requests: unknown[] }).requests[2], { versionKey: { system: 'MAVEN', name: 'com.google.guava:guava', version: '33.0.0-jre' } });
      assert.deepEqual([...found.keys()].sort(), [COLORS, GUAVA, REACT, X_TEXT].map(versionRequestKey).sort());
      assert.equal(found.get(versionRequestKey(REACT))?.sourceRepo, 'github.com/facebook/react');
      // A version the batch did not find is remembered as not found.
      await client().lookupVersions([MISSING, REACT]);
      assert.equal(server.count(), 1);
    });

    it('follows batch pages and splits large requests into several batches', async () => {
      server.batchPageSize = 2;
      const found = await client({ batchSize: 3 }).lookupVersions([COLORS, REACT, GUAVA, X_TEXT, SERDE, RACK, DJANGO]);
      assert.equal(found.size, 7);
      // 3 + 3 + 1 requests in batches, 2 pages each for the first two.
      assert.equal(server.count('batch'), 5);
      assert.equal(server.count('version'), 0);
      const tokens = server.requests.map((request) => (request.body as { pageToken?: string }).pageToken).filter((token) => token !== undefined);
      assert.deepEqual(tokens, ['page-2', 'page-2']);
    });

    it('falls back to single requests when the server has no batch endpoint, and stops trying it', async () => {
      server.batchSupported = false;
      const lookups = client();
      const found = await lookups.lookupVersions([COLORS, REACT]);
      assert.equal(found.size, 2);
      assert.deepEqual([server.count('batch'), server.count('version')], [1, 2]);
      await lookups.lookupVersions([GUAVA, X_TEXT]);
      assert.deepEqual([server.count('batch'), server.count('version')], [1, 4]);
    });

    it('falls back to single requests when a batch fails with a server error', async () => {
      server.script((request) => (request.kind === 'batch' ? { status: 500 } : undefined));
      const found = await client().lookupVersions([COLORS, REACT]);
      assert.equal(found.size, 2);
      assert.deepEqual([server.count('batch'), server.count('version')], [1, 2]);
      assert.equal(logs.length, 1);
    });

    it('keeps at most `concurrency` requests in flight', async () => {
      for (let i = 0; i < 20; i++) {
        server.addVersion({ versionKey: { system: 'NPM', name: `pkg-${i}`, version: '1.0.0' }, licenses: ['MIT'] } as never);
      }
      server.delayMs = 30;
      const requests = Array.from({ length: 20 }, (_, i): VersionRequest => ({ ecosystem: 'npm', name: `pkg-${i}`, version: '1.0.0' }));
      const found = await client({ batch: false, concurrency: 3 }).lookupVersions(requests);
      assert.equal(found.size, 20);
      assert.equal(server.count(), 20);
      assert.equal(server.maxInFlight, 3);
    });

    it('asks once for a version two lookups want at the same time', async () => {
      server.delayMs = 30;
      const lookups = client({ batch: false });
      const [first, second] = await Promise.all([lookups.lookupVersions([COLORS]), lookups.lookupVersions([COLORS, COLORS])]);
      assert.equal(server.count(), 1);
      assert.equal(first.size, 1);
      assert.equal(second.size, 1);
    });
  });

  describe('projects and health', () => {
    it('reads a project scorecard with the project key percent-encoded', async () => {
      const project = await client().lookupProject('github.com/facebook/react');
      assert.equal(project?.scorecard?.score, 5.6);
      assert.equal(server.requests[0]!.rawPath, '/v3/projects/github.com%2Ffacebook%2Freact');
      assert.deepEqual(await client().lookupProject('github.com/dabh/colors.js'), {});
      assert.equal(await client().lookupProject('github.com/nobody/nothing'), undefined);
      assert.equal(await client().lookupProject('not a project'), undefined);
      assert.equal(server.count(), 3);
    });

    it('gives the health of a package version from its source repository scorecard', async () => {
      const health = await client().healthFor('npm', 'react', '18.2.0');
      assert.deepEqual(health, {
        score: 5.6,
        source: 'OpenSSF Scorecard via deps.dev',
        project: 'github.com/facebook/react',
        date: '2024-05-27T00:00:00Z',
        weakestChecks: [
          { name: 'Fuzzing', score: 0, reason: 'project is not fuzzed' },
          { name: 'Token-Permissions', score: 0, reason: 'detected GitHub workflow tokens with excessive permissions' },
          { name: 'Pinned-Dependencies', score: 2, reason: 'dependency not pinned by hash detected -- score normalized to 2' },
        ],
      });
      assert.equal((await client().healthFor('go', 'golang.org/x/text', 'v0.14.0'))?.score, 7.2);
      assert.equal(await client().healthFor('npm', '@colors/colors', '1.5.0'), undefined, 'project without scorecard');
      assert.equal(await client().healthFor('composer', 'monolog/monolog', '3.5.0'), undefined);
    });
  });

  describe('failures', () => {
    it('waits for Retry-After on 429 and then succeeds', async () => {
      let limited = 0;
      server.script(() => (limited++ === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : undefined));
      const slept: number[] = [];
      const found = await client({ batch: false, sleep: async (ms) => void slept.push(ms) }).lookupVersions([COLORS]);
      assert.equal(found.get(versionRequestKey(COLORS))?.license?.value, 'MIT');
      assert.equal(server.count(), 2);
      assert.deepEqual(slept, [1000]);
      assert.deepEqual(logs, []);
    });

    it('really sleeps for a short Retry-After', async () => {
      let limited = 0;
      server.script(() => (limited++ === 0 ? { status: 503, headers: { 'Retry-After': '1' } } : undefined));
      const started = Date.now();
      const found = await new DepsDevClient({ baseUrl: server.baseUrl, batch: false }).lookupVersions([COLORS]);
      assert.equal(found.size, 1);
      assert.ok(Date.now() - started >= 900, 'waited about a second');
    });

    it('gives up on a Retry-After beyond the cap and makes no requests until it has passed', async () => {
      server.script(() => ({ status: 429, headers: { 'Retry-After': '600' } }));
      const slept: number[] = [];
      const lookups = client({ batch: false, sleep: async (ms) => void slept.push(ms) });
      assert.equal((await lookups.lookupVersions([COLORS])).size, 0);
      assert.deepEqual(slept, []);
      assert.equal(server.count(), 1);
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, /HTTP 429/);
      assert.equal((await lookups.lookupVersions([REACT])).size, 0);
      assert.equal(server.count(), 1);
      server.clearScripts();
      clock += 601_000;
      assert.equal((await lookups.lookupVersions([REACT])).size, 1);
    });

    it('gives no data on HTTP 500, reports it once and does not ask again for a while', async () => {
      server.script(() => ({ status: 500, body: 'oops' }));
      const lookups = client({ batch: false });
      assert.equal((await lookups.lookupVersions([COLORS])).size, 0);
      assert.equal((await lookups.lookupVersions([COLORS])).size, 0);
      assert.equal(server.count(), 1);
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, /answered HTTP 500/);
      assert.ok(!logs[0]!.includes('colors'), 'the log names the server, not the request');
      server.clearScripts();
      clock += 6 * 60 * 1000;
      assert.equal((await lookups.lookupVersions([COLORS])).size, 1);
    });

    it('caches a 404 on disk for a shorter time than an answer', async () => {
      await client({ batch: false }).lookupVersions([MISSING, REACT]);
      assert.equal(server.count(), 2);
      clock += 5 * HOUR;
      await client({ batch: false }).lookupVersions([MISSING, REACT]);
      assert.equal(server.count(), 2, 'both still fresh after 5 h');
      clock += 2 * HOUR;
      await client({ batch: false }).lookupVersions([MISSING, REACT]);
      assert.equal(server.count(), 3, 'only the 404 expired (6 h), the answer (24 h) did not');
      assert.equal(server.requests[2]!.subject, 'NPM react@999.0.0');
      assert.deepEqual(logs, []);
    });

    it('gives up after the timeout and then stays quiet for a while', async () => {
      server.delayMs = 2000;
      const lookups = client({ batch: false, timeoutMs: 100 });
      const started = Date.now();
      assert.equal((await lookups.lookupVersions([COLORS])).size, 0);
      assert.ok(Date.now() - started < 1500);
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, /did not answer within 100 ms/);
      assert.equal((await lookups.lookupVersions([REACT, GUAVA])).size, 0);
      assert.equal(server.count(), 1, 'no requests during the back-off');
      assert.equal(logs.length, 1);
    });

    it('refuses an oversized body, declared or streamed', async () => {
      const big = JSON.stringify({ licenses: ['MIT'], padding: 'x'.repeat(100_000) });
      server.script((request) => (request.subject?.includes('colors') ? { body: big } : { body: big, chunked: true }));
      const found = await client({ batch: false, maxResponseBytes: 10_000 }).lookupVersions([COLORS, REACT]);
      assert.equal(found.size, 0);
      assert.equal(server.count(), 2);
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, /more than 10000 bytes/);
    });

    it('gives no data for malformed JSON', async () => {
      server.script(() => ({ body: '{"licenses": [' }));
      assert.equal((await client({ batch: false }).lookupVersions([COLORS])).size, 0);
      assert.equal((await client({ batch: false }).lookupProject('github.com/facebook/react')), undefined);
      assert.equal(logs.length, 2, 'one per client');
      assert.match(logs[0]!, /malformed JSON/);
    });

    it('never throws when the server is unreachable, and reports it once', async () => {
      const baseUrl = server.baseUrl;
      await server.close();
      const lookups = client({ baseUrl });
      assert.equal((await lookups.lookupVersions([COLORS, REACT])).size, 0);
      assert.equal(await lookups.lookupProject('github.com/facebook/react'), undefined);
      assert.equal(await lookups.healthFor('npm', 'react', '18.2.0'), undefined);
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, /could not reach http:\/\/127\.0\.0\.1:\d+/);
      server = await DepsDevServer.start();
    });

    it('reports one message per kind of failure per minute', async () => {
      const failing: FetchLike = async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND api.deps.dev'), { code: 'ENOTFOUND' });
      };
      const lookups = client({ fetch: failing, batch: false, networkBackoffMs: 0 });
      await lookups.lookupVersions([COLORS]);
      await lookups.lookupVersions([REACT]);
      clock += 30_000;
      await lookups.lookupVersions([GUAVA]);
      assert.equal(logs.length, 1);
      clock += 31_000;
      await lookups.lookupVersions([X_TEXT]);
      assert.equal(logs.length, 2);
      assert.match(logs[1]!, /ENOTFOUND/);
    });

    it('does not throw on a bad base URL', async () => {
      const lookups = new DepsDevClient({ baseUrl: 'ftp://mirror', log: (message) => logs.push(message) });
      assert.equal((await lookups.lookupVersions([COLORS])).size, 0);
      assert.equal(logs.length, 1);
    });
  });

  describe('cache', () => {
    it('answers from disk after a restart, with the server gone', async () => {
      await client().lookupVersions([COLORS, REACT]);
      await client().lookupProject('github.com/facebook/react');
      const baseUrl = server.baseUrl;
      await server.close();
      const restarted = new DepsDevClient({ baseUrl, cacheDir, log: (message) => logs.push(message), now: () => clock });
      const found = await restarted.lookupVersions([COLORS, REACT]);
      assert.equal(found.get(versionRequestKey(COLORS))?.license?.value, 'MIT');
      assert.equal((await restarted.healthFor('npm', 'react', '18.2.0'))?.score, 5.6);
      assert.deepEqual(logs, []);
      server = await DepsDevServer.start();
    });

    it('asks again once the TTL has passed, and serves memory before that', async () => {
      const lookups = client({ batch: false });
      await lookups.lookupVersions([COLORS]);
      clock += 23 * HOUR;
      await lookups.lookupVersions([COLORS]);
      await client({ batch: false }).lookupVersions([COLORS]);
      assert.equal(server.count(), 1);
      clock += 2 * HOUR;
      const found = await lookups.lookupVersions([COLORS]);
      assert.equal(server.count(), 2);
      assert.equal(found.size, 1);
      // Projects keep longer.
      await lookups.lookupProject('github.com/facebook/react');
      clock += 48 * HOUR;
      await lookups.lookupProject('github.com/facebook/react');
      assert.equal(server.count('project'), 1);
      clock += 25 * HOUR;
      await lookups.lookupProject('github.com/facebook/react');
      assert.equal(server.count('project'), 2);
    });

    it('serves an expired answer when the refresh fails, but not after a 404', async () => {
      await client({ batch: false }).lookupVersions([COLORS]);
      clock += 25 * HOUR;
      server.script(() => ({ status: 502 }));
      assert.equal((await client({ batch: false }).lookupVersions([COLORS])).get(versionRequestKey(COLORS))?.license?.value, 'MIT');
      server.clearScripts();
      server.script(() => ({ status: 404 }));
      assert.equal((await client({ batch: false }).lookupVersions([COLORS])).size, 0);
    });

    it('ignores a corrupt cache file and replaces it', async () => {
      await client({ batch: false }).lookupVersions([COLORS]);
      const file = new ResponseCache({ dir: cacheDir, namespace: 'versions', label: 'deps.dev', isValue: isVersionInfo, maxMemoryEntries: 1, now: () => clock, onError: () => undefined }).filePath(
        versionRequestKey(COLORS),
      )!;
      writeFileSync(file, '{"format":1,"key":"npm:@colors/colors@1.5.0","storedAt":');
      const found = await client({ batch: false }).lookupVersions([COLORS]);
      assert.equal(found.size, 1);
      assert.equal(server.count(), 2);
      assert.equal((await client({ batch: false }).lookupVersions([COLORS])).size, 1);
      assert.equal(server.count(), 2);
      assert.deepEqual(readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp')), []);
      assert.deepEqual(logs, []);
    });

    it('offline mode reads the cache only (stale entries included) and makes no request', async () => {
      await client().lookupVersions([COLORS, MISSING]);
      await client().lookupProject('github.com/facebook/react');
      const requestsBefore = server.count();
      let fetched = 0;
      const counting: FetchLike = async () => {
        fetched++;
        throw new Error('no network');
      };
      clock += 10 * 24 * HOUR;
      const offline = client({ offline: true, fetch: counting });
      const found = await offline.lookupVersions([COLORS, MISSING, REACT]);
      assert.deepEqual([...found.keys()], [versionRequestKey(COLORS)]);
      assert.equal((await offline.lookupProject('github.com/facebook/react'))?.scorecard?.score, 5.6);
      assert.equal(await offline.lookupProject('github.com/golang/text'), undefined);
      assert.equal(fetched, 0);
      assert.equal(server.count(), requestsBefore);
      assert.deepEqual(logs, []);
    });

    it('works without a cache folder (memory only)', async () => {
      const lookups = new DepsDevClient({ baseUrl: server.baseUrl, batch: false });
      await lookups.lookupVersions([COLORS]);
      await lookups.lookupVersions([COLORS]);
      assert.equal(server.count(), 1);
    });
  });
});
