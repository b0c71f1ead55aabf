import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { WHOLE_PARSE_MAX_BYTES } from '../../src/core/data/jsonInTurns';
import { ResponseCache } from '../../src/core/data/online/responseCache';
import { createNpmRegistryClient } from '../../src/core/data/registry/npm/npmRegistryClient';
import { compactPackument, isCompactPackument, readPackument } from '../../src/core/data/registry/npm/packument';
import { RegistryHttp } from '../../src/core/data/registry/registryHttp';
import { lookUpDependency } from '../../src/core/data/registry/registryLookup';

/** `test/fixtures/registry/npm`: real answers of registry.npmjs.org (see SOURCES.md there). */
const NPM_FIXTURES = path.resolve(__dirname, __filename.endsWith('.js') ? '../../../test/fixtures/registry/npm' : '../fixtures/registry/npm');

function fixture(name: string): Buffer {
  return readFileSync(path.join(NPM_FIXTURES, `${name}.packument.json`));
}

/** Through JSON, as the disk cache stores it: null-prototype maps become plain objects. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/** The full metadata of `tiny-tarball`, as the registry's documentation gives it (npm/registry, docs/responses/package-metadata.md). */
const DOCUMENTED_EXAMPLE = {
  _id: 'tiny-tarball',
  _rev: '3-085759e977d42299e64a35aedc17d250',
  author: { email: 'ben@npmjs.com', name: 'Ben Coe' },
  description: 'tiny tarball used for health checks',
  'dist-tags': { latest: '1.0.0' },
  license: 'ISC',
  maintainers: [{ email: 'ben@npmjs.com', name: 'bcoe' }],
  name: 'tiny-tarball',
  time: { '1.0.0': '2015-03-24T00:12:24.039Z', created: '2015-03-24T00:12:24.039Z', modified: '2015-05-16T22:27:54.741Z' },
  versions: {
    '1.0.0': {
      _id: 'tiny-tarball@1.0.0',
      dist: { shasum: 'bbf102d5ae73afe2c553295e0fb02230216f65b1', tarball: 'https://registry.npmjs.org/tiny-tarball/-/tiny-tarball-1.0.0.tgz' },
      license: 'ISC',
      maintainers: [{ email: 'bencoe@gmail.com', name: 'bcoe' }],
      name: 'tiny-tarball',
      version: '1.0.0',
    },
  },
};

describe('npm packument, compact form', () => {
  it('keeps, of a real packument (express), each version’s publish day and the latest version’s repository and funding', () => {
    const compact = compactPackument(JSON.parse(fixture('express').toString('utf8')));
    assert.ok(compact);
    assert.deepEqual(compact.project, { repository: 'github.com/expressjs/express', funding: ['https://opencollective.com/express'] }, 'this answer has no top-level maintainers: no count');
    const days = new Map(compact.versions.map(([version, , , day]) => [version, day]));
    assert.equal(days.get('5.3.0'), '2026-10-09', '`time` 2026-10-09T12:56:54+00:00');
    assert.equal(days.get('4.21.2'), '2024-12-06', '`time` 2024-12-06T17:55:28.909000+00:00: microseconds, an offset');
    assert.ok(compact.versions.every(([, license, deprecated, day]) => license === 'MIT' && deprecated === 0 && /^\d{4}-\d{2}-\d{2}$/.test(day)));
    // Small: a day is ten characters, and nothing else per version but the license.
    assert.ok(JSON.stringify(compact).length < 1500, `${JSON.stringify(compact).length} characters`);
  });

  it('reads a repository object with a directory (vscode-languageclient) as the repository itself', () => {
    const compact = compactPackument(JSON.parse(fixture('vscode-languageclient').toString('utf8')));
    assert.equal(compact?.project.repository, 'github.com/microsoft/vscode-languageserver-node');
    assert.equal(compact?.project.funding, undefined);
    assert.equal(compact?.versions.find(([version]) => version === '11.0.0')?.[3], '2026-10-22');
  });

  it('counts the top-level maintainers of the documented full format, and falls back to the top-level repository', () => {
    const compact = compactPackument({ ...DOCUMENTED_EXAMPLE, repository: { type: 'git', url: 'git+https://github.com/npm/tiny-tarball.git' } });
    assert.deepEqual(plain(compact), {
      tags: { latest: '1.0.0' },
      versions: [['1.0.0', 'ISC', 0, '2015-03-24']],
      project: { repository: 'github.com/npm/tiny-tarball', maintainers: 1 },
    });
    assert.ok(isCompactPackument(plain(compact)), 'read back from disk');
  });

  it('keeps keys from the registry where they belong, and drops what is no link or no date', () => {
    const compact = compactPackument(
      JSON.parse(
        JSON.stringify({
          'dist-tags': { latest: 'constructor' },
          time: { '1.0.0': 'yesterday', '2.0.0': '2024-02-30T00:00:00Z' },
          versions: {
            '1.0.0': { license: 'MIT' },
            '2.0.0': { license: 'MIT' },
            constructor: { license: 'MIT', repository: 'javascript:alert(1)', funding: ['javascript:alert(1)', 'http://plain.example', 'https://ok.example/fund'] },
            toString: { license: 'MIT' },
          },
          maintainers: 'not a list',
        }),
      ),
    );
    assert.deepEqual(
      compact?.versions.map(([version, , , day]) => [version, day]),
      [
        ['1.0.0', ''],
        ['2.0.0', ''],
        ['constructor', ''],
        ['toString', ''],
      ],
      'an impossible date is no date; `time.toString` is no publish time',
    );
    assert.deepEqual(compact?.project, { funding: ['https://ok.example/fund'] });
  });

  it('reads a big packument in slices exactly as it reads it whole, dist-tags last included', async () => {
    const real = JSON.parse(fixture('vscode-languageclient').toString('utf8')) as { versions: Record<string, Record<string, unknown>>; time: Record<string, string>; 'dist-tags': Record<string, string> };
    const versions: Record<string, unknown> = {};
    const time: Record<string, string> = {};
    // The real versions, then each again as a pre-release of its own, until past the whole-parse limit.
    for (let round = 0; Buffer.byteLength(JSON.stringify(versions)) <= WHOLE_PARSE_MAX_BYTES; round++) {
      for (const [version, manifest] of Object.entries(real.versions)) {
        const name = round === 0 ? version : `${version.split('-')[0]}-copy.${round}`;
        versions[name] = { ...manifest, version: name, ...(round === 2 ? { deprecated: 'a copy' } : {}) };
        if (real.time[version] !== undefined) {
          time[name] = real.time[version];
        }
      }
    }
    // `dist-tags` after `versions`, and `maintainers` and `repository` at the top, as the registry hoists them.
    const big = { _id: 'vscode-languageclient', name: 'vscode-languageclient', time, versions, maintainers: [{ name: 'a' }, { name: 'b' }], repository: 'github:microsoft/vscode-languageserver-node', 'dist-tags': real['dist-tags'] };
    const bytes = Buffer.from(JSON.stringify(big));
    assert.ok(bytes.length > WHOLE_PARSE_MAX_BYTES, `${bytes.length} bytes`);
    const sliced = await readPackument(bytes);
    assert.deepEqual(plain(sliced), plain(compactPackument(big)));
    assert.deepEqual(sliced?.project, { repository: 'github.com/microsoft/vscode-languageserver-node', maintainers: 2 });
    assert.equal(sliced?.versions.find(([version]) => version === '11.0.0')?.[3], '2026-10-22');
    assert.ok(sliced?.versions.some(([version, , deprecated, day]) => version.endsWith('-copy.2') && deprecated === 1 && day !== ''));
  });

  it('refuses a compact packument cached before days and project were kept', () => {
    const current = plain(compactPackument(DOCUMENTED_EXAMPLE));
    assert.ok(isCompactPackument(current));
    assert.ok(!isCompactPackument({ tags: { latest: '1.0.0' }, versions: [['1.0.0', 'ISC', 0]] }), 'the former form: no day, no project');
    assert.ok(!isCompactPackument({ tags: { latest: '1.0.0' }, versions: [['1.0.0', 'ISC', 0, '2015-03-24']] }), 'no project');
    assert.ok(!isCompactPackument({ tags: {}, versions: [], project: { maintainers: -1 } }));
    assert.ok(!isCompactPackument({ tags: {}, versions: [], project: { funding: [1] } }));
  });
});

describe('npm registry client, cached packuments of the former form', () => {
  let server: http.Server;
  let registry: string;
  let temp: string;
  const seen: { path: string; ifNoneMatch?: string }[] = [];
  const body = fixture('express');

  before(async () => {
    server = http.createServer((request, response) => {
      const ifNoneMatch = typeof request.headers['if-none-match'] === 'string' ? request.headers['if-none-match'] : undefined;
      seen.push({ path: request.url ?? '', ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}) });
      if (request.url !== '/express') {
        response.writeHead(404).end();
      } else if (ifNoneMatch === '"express-1"') {
        // What the registry answers for an unchanged packument: the stored form would be kept.
        response.writeHead(304, { ETag: '"express-1"' }).end();
      } else {
        response.writeHead(200, { 'Content-Type': 'application/json', ETag: '"express-1"' }).end(body);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    temp = mkdtempSync(path.join(os.tmpdir(), 'ospo-packument-cache-'));
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(temp, { recursive: true, force: true });
  });

  const client = async (cacheDir: string, offline = false) =>
    (await createNpmRegistryClient({ projectDir: temp, rootDir: temp, trustProject: false, home: temp, env: { npm_config_registry: registry } }, { http: new RegistryHttp({ maxRetries: 0 }), cacheDir, offline })).client;

  /** Writes a cache entry as the client stores it: `{ value, etag }` under `<registry>\n<name>`, stored now. */
  const store = async (cacheDir: string, value: unknown) => {
    const cache = new ResponseCache<unknown>({ dir: cacheDir, namespace: 'npm-packuments', label: 'test', isValue: (_v: unknown): _v is unknown => true, maxMemoryEntries: 1, now: Date.now, onError: () => undefined });
    await cache.set(`${registry}\nexpress`, { storedAt: Date.now(), value: { value, etag: '"express-1"' } });
  };

  it('fetches the packument again whole, without its ETag, then keeps the new form', async () => {
    const cacheDir = path.join(temp, 'former');
    // First, that the entry is where the client looks: a current one is answered offline.
    await store(cacheDir, plain(compactPackument(JSON.parse(body.toString('utf8')))));
    assert.equal((await (await client(cacheDir, true)).listing('express'))?.project?.repository, 'github.com/expressjs/express');

    await store(cacheDir, { tags: { latest: '5.3.0' }, versions: [['5.3.0', 'MIT', 0]] });
    assert.equal(await (await client(cacheDir, true)).listing('express'), undefined, 'the former form is not read, even offline');
    seen.length = 0;
    const answer = await lookUpDependency(await client(cacheDir), { name: 'express', spec: '^5.0.0' });
    assert.deepEqual(seen, [{ path: '/express' }], 'one request, and no If-None-Match: a 304 would keep the former form');
    assert.equal(answer?.version, '5.3.0');
    assert.deepEqual(answer?.activity, { latestRelease: { version: '5.3.0', date: '2026-10-09' }, source: registry.slice('http://'.length, -1) });
    assert.deepEqual(answer?.repository, { location: 'github.com/expressjs/express', source: registry.slice('http://'.length, -1) });
    assert.deepEqual(answer?.funding, ['https://opencollective.com/express']);

    const offline = await (await client(cacheDir, true)).listing('express');
    assert.equal(offline?.versions.find((entry) => entry.version === '5.3.0')?.published, '2026-10-09', 'the new form, from disk');
  });
});
