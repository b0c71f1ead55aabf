import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FeedFetchError, fetchFeed, signatureUrl } from '../../src/core/feed/fetchFeed';
import { parseRetryAfter } from '../../src/core/data/online/http';
import { FEED_STORE_FILE, FeedStore, mergeSeen } from '../../src/core/feed/feedStore';
import { parseFeedBytes, sha256Hex } from '../../src/core/feed/feedText';
import { FeedServer, feedJson } from './support/feedServer';

async function fetchError(promise: Promise<unknown>): Promise<FeedFetchError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof FeedFetchError, String(error));
    return error;
  }
  assert.fail('expected a FeedFetchError');
}

describe('fetchFeed', () => {
  let server: FeedServer;
  beforeEach(async () => {
    server = await FeedServer.start();
  });
  afterEach(async () => {
    await server.close();
  });
  const source = (pathname: string) => ({ kind: 'url' as const, url: server.url(pathname), display: server.url(pathname) });

  it('returns the exact bytes with ETag and Last-Modified, and no signature unless asked', async () => {
    const body = Buffer.from(feedJson() + '\n\n');
    server.route('/feed.json', { body, headers: { ETag: 'W/"1"', 'Last-Modified': 'Wed, 01 Jan 2026 00:00:00 GMT' } });
    const result = await fetchFeed({ source: source('/feed.json'), withSignature: false });
    assert.equal(result.kind, 'fetched');
    assert.ok(result.kind === 'fetched' && result.bytes.equals(body));
    assert.deepEqual(result.kind === 'fetched' && [result.etag, result.lastModified, result.signature], ['W/"1"', 'Wed, 01 Jan 2026 00:00:00 GMT', undefined]);
    assert.equal(server.requests.length, 1);
  });

  it('follows a same-host redirect (within the limit) and fetches the signature next to the configured URL', async () => {
    server.route('/feed.json', { status: 302, headers: { Location: '/v2/feed.json' } });
    server.route('/v2/feed.json', { body: 'x' });
    server.route('/feed.json.sig?t=1', { body: ' c2ln \n' });
    server.route('/feed.json?t=1', { status: 301, headers: { Location: server.url('/v2/feed.json') } });
    const result = await fetchFeed({ source: source('/feed.json?t=1'), withSignature: true });
    assert.deepEqual(result.kind === 'fetched' && [result.bytes.toString(), result.signature], ['x', 'c2ln']);
  });

  it('treats a 404 signature as missing but other signature failures as errors', async () => {
    server.route('/feed.json', { body: 'x' });
    const missing = await fetchFeed({ source: source('/feed.json'), withSignature: true });
    assert.equal(missing.kind === 'fetched' && missing.signature, undefined);
    server.route('/feed.json.sig', { status: 500 });
    assert.equal((await fetchError(fetchFeed({ source: source('/feed.json'), withSignature: true }))).status, 500);
    server.route('/feed.json.sig', { body: 'A'.repeat(20_000) });
    assert.equal((await fetchError(fetchFeed({ source: source('/feed.json'), withSignature: true }))).kind, 'too-large');
  });

  it('carries the status and Retry-After', async () => {
    server.route('/feed.json', { status: 429, headers: { 'Retry-After': '7' } });
    const error = await fetchError(fetchFeed({ source: source('/feed.json'), withSignature: false }));
    assert.deepEqual([error.kind, error.status, error.retryAfterMs], ['rate-limited', 429, 7000]);
    server.route('/feed.json', { status: 403 });
    const forbidden = await fetchError(fetchFeed({ source: source('/feed.json'), withSignature: false }));
    assert.deepEqual([forbidden.kind, forbidden.status, forbidden.retryAfterMs], ['http', 403, undefined]);
  });

  it('treats a 304 to an unconditional request as an error, and 304 to a conditional one as not modified', async () => {
    server.route('/feed.json', { status: 304 });
    assert.equal((await fetchError(fetchFeed({ source: source('/feed.json'), withSignature: false }))).status, 304);
    const result = await fetchFeed({ source: source('/feed.json'), withSignature: false, conditional: { etag: '"1"' } });
    assert.deepEqual(result, { kind: 'not-modified' });
  });

  it('refuses a redirect without Location or to another scheme', async () => {
    server.route('/feed.json', { status: 302 });
    assert.match((await fetchError(fetchFeed({ source: source('/feed.json'), withSignature: false }))).message, /without a Location/);
    server.route('/feed.json', { status: 302, headers: { Location: 'file:///etc/passwd' } });
    assert.match((await fetchError(fetchFeed({ source: source('/feed.json'), withSignature: false }))).message, /file: URL; refusing/);
  });

  it('keeps tokens in the query out of messages', async () => {
    server.route('/feed.json?token=s3cret', { status: 500 });
    const error = await fetchError(fetchFeed({ source: source('/feed.json?token=s3cret'), withSignature: false }));
    assert.doesNotMatch(error.message, /s3cret/);
  });

  it('reads local files with the same cap', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'ospo-feed-file-'));
    try {
      const file = path.join(directory, 'feed.json');
      writeFileSync(file, 'y'.repeat(100));
      const result = await fetchFeed({ source: { kind: 'file', path: file, display: file }, withSignature: true, maxBytes: 100 });
      assert.deepEqual(result.kind === 'fetched' && [result.bytes.length, result.signature], [100, undefined]);
      const error = await fetchError(fetchFeed({ source: { kind: 'file', path: file, display: file }, withSignature: false, maxBytes: 99 }));
      assert.equal(error.kind, 'too-large');
      assert.equal((await fetchError(fetchFeed({ source: { kind: 'file', path: directory, display: directory }, withSignature: false }))).kind, 'file');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('parses Retry-After and builds the signature URL', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('99999999', now), 24 * 60 * 60 * 1000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(signatureUrl('https://a.example/p/feed.json?x=1#f'), 'https://a.example/p/feed.json.sig?x=1');
  });
});

describe('FeedStore', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'ospo-feed-store-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  function stored(version: number) {
    const bytes = Buffer.from(feedJson({ version }));
    const feed = parseFeedBytes(bytes).feed;
    assert.ok(feed);
    return { bytes, feed, source: 'url:https://a.example/f', sourceDisplay: 'https://a.example/f', etag: '"e"', fetchedAt: new Date('2026-02-03T04:05:06Z'), id: feed.id, version, sha256: sha256Hex(bytes) };
  }

  it('writes atomically and reads back the exact bytes and metadata', async () => {
    const store = new FeedStore(path.join(directory, 'nested'));
    assert.deepEqual(await store.read(), { contents: { seen: [] } });
    const current = stored(3);
    await store.write({ current, seen: [{ id: 'other', version: 9, sha256: 'a'.repeat(64) }] });
    const { contents, problem } = await store.read();
    assert.equal(problem, undefined);
    assert.ok(contents.current?.bytes.equals(current.bytes));
    assert.equal(contents.current?.etag, '"e"');
    assert.equal(contents.current?.fetchedAt.toISOString(), '2026-02-03T04:05:06.000Z');
    assert.deepEqual(contents.seen.map((record) => [record.id, record.version]), [['other', 9], ['acme-ospo', 3]]);
  });

  it('reports and ignores a corrupt or foreign store', async () => {
    const store = new FeedStore(directory);
    for (const text of ['', 'null', '{"format":2}', '{"format":1,"bytes":5}', '{"format":1,"bytes":"e30=","sha256":"x","source":"s","fetchedAt":"t"}']) {
      writeFileSync(path.join(directory, FEED_STORE_FILE), text);
      const result = await store.read();
      assert.equal(result.contents.current, undefined, text);
      assert.ok(result.problem, text);
    }
  });

  it('keeps the highest version per id and the first hash seen for it', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    assert.deepEqual(mergeSeen([{ id: 'x', version: 2, sha256: a }], [{ id: 'x', version: 1, sha256: b }]), [{ id: 'x', version: 2, sha256: a }]);
    assert.deepEqual(mergeSeen([{ id: 'x', version: 2, sha256: a }], [{ id: 'x', version: 2, sha256: b }]), [{ id: 'x', version: 2, sha256: a }]);
    assert.deepEqual(mergeSeen([{ id: 'x', version: 2, sha256: a }], [{ id: 'x', version: 3, sha256: b }]), [{ id: 'x', version: 3, sha256: b }]);
  });
});
