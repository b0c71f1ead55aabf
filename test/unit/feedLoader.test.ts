import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FeedLoader, type FeedClock, type FeedState } from '../../src/core/feed/feedLoader';
import { FEED_STORE_FILE } from '../../src/core/feed/feedStore';
import { signFeed } from '../../src/core/feed/signature';
import { feedJson } from './support/feedServer';
import { BUNDLED, feedLoaderHarness, GOOD, KEYS } from './support/feedLoaderHarness';

describe('FeedLoader', () => {
  const h = feedLoaderHarness();

  it('starts with the bundled default and takes a signed feed on 200', async () => {
    const feedLoader = h.loader({ publicKey: KEYS.publicKey });
    assert.equal(feedLoader.state.origin, 'bundled');
    assert.equal(feedLoader.state.feed, BUNDLED);
    h.serveSigned(GOOD);
    const state = await feedLoader.refresh();
    assert.equal(state.lastError, undefined);
    assert.equal(state.origin, 'remote');
    assert.equal(state.signed, true);
    assert.equal(state.feed.version, 2);
    assert.equal(state.stale, false);
    assert.ok(state.fetchedAt instanceof Date);
    assert.equal(typeof state.ageMs, 'number');
    assert.equal(state.source, h.server.url('/feed.json'));
    assert.equal(h.server.count('/feed.json.sig'), 1);
  });

  it('does not fetch the signature when no key is configured', async () => {
    h.server.route('/feed.json', { body: GOOD });
    const state = await h.loader().refresh();
    assert.equal(state.lastError, undefined);
    assert.equal(state.signed, false);
    assert.equal(h.server.count('/feed.json.sig'), 0);
  });

  it('sends If-None-Match / If-Modified-Since and keeps the copy on 304', async () => {
    const lastModified = 'Wed, 01 Jan 2026 00:00:00 GMT';
    h.server.route('/feed.json', (request) =>
      request.headers['if-none-match'] === '"v2"' ? { status: 304 } : { body: GOOD, headers: { ETag: '"v2"', 'Last-Modified': lastModified } },
    );
    const feedLoader = h.loader();
    const first = await feedLoader.refresh();
    const second = await feedLoader.refresh();
    assert.equal(h.server.requests[1].headers['if-none-match'], '"v2"');
    assert.equal(h.server.requests[1].headers['if-modified-since'], lastModified);
    assert.equal(h.server.requests[0].headers['if-none-match'], undefined);
    assert.equal(second.lastError, undefined);
    assert.equal(second.origin, 'remote');
    assert.equal(second.feed, first.feed, 'the same feed object stays in force');
  });

  it('keeps the last good feed when the server is gone', async () => {
    const feedLoader = h.loader();
    h.server.route('/feed.json', { body: GOOD });
    await feedLoader.refresh();
    await h.server.close();
    const state = await feedLoader.refresh();
    h.assertKeptGood(state, /Could not fetch http:\/\/127\.0\.0\.1:\d+\/feed\.json: .*(ECONNREFUSED|ECONNRESET)\)\./);
  });

  it('uses the bundled default when nothing was ever fetched, and says so', async () => {
    h.server.route('/feed.json', { status: 500 });
    const state = await h.loader().refresh();
    assert.equal(state.feed, BUNDLED);
    assert.equal(state.origin, 'bundled');
    assert.match(state.lastError ?? '', /HTTP 500.*The bundled default policy stays in force\./);
  });

  it('uses an expired feed but marks it stale', async () => {
    h.serveSigned(feedJson({ version: 3, expires: '2020-01-01T00:00:00Z' }));
    const state = await h.loader({ publicKey: KEYS.publicKey }).refresh();
    assert.equal(state.feed.version, 3);
    assert.equal(state.stale, true);
    assert.equal(state.lastError, undefined);
  });

  it('accepts a higher version after a lower one and the same bytes again', async () => {
    const feedLoader = h.loader({ publicKey: KEYS.publicKey });
    h.serveSigned(GOOD);
    await feedLoader.refresh();
    const again = await feedLoader.refresh();
    assert.equal(again.lastError, undefined);
    h.serveSigned(feedJson({ version: 5 }));
    const newer = await feedLoader.refresh();
    assert.equal(newer.lastError, undefined);
    assert.equal(newer.feed.version, 5);
  });

  it('clears lastError after a later success', async () => {
    const feedLoader = h.loader();
    h.server.route('/feed.json', { status: 500 });
    assert.ok((await feedLoader.refresh()).lastError);
    h.server.route('/feed.json', { body: GOOD });
    assert.equal((await feedLoader.refresh()).lastError, undefined);
  });

  it('shares one request between concurrent refreshes', async () => {
    h.server.route('/feed.json', { body: GOOD, delayMs: 100 });
    const feedLoader = h.loader();
    const calls = [feedLoader.refresh(), feedLoader.refresh(), feedLoader.refresh()];
    assert.equal(calls[0], calls[1]);
    assert.equal(calls[1], calls[2]);
    const states = await Promise.all(calls);
    assert.equal(h.server.count('/feed.json'), 1);
    assert.ok(states.every((state) => state.feed.version === 2));
    await feedLoader.refresh();
    assert.equal(h.server.count('/feed.json'), 2, 'a later refresh makes a new request');
  });

  it('keeps the verified copy across restarts, offline and with rollback protection', async () => {
    h.serveSigned(GOOD);
    h.server.route('/feed.json', { body: GOOD, headers: { ETag: '"abc"' } });
    const first = await h.loader({ publicKey: KEYS.publicKey }).refresh();
    assert.equal(first.origin, 'remote');

    // Restart while offline: the cached copy, its age, the error.
    h.server.route('/feed.json', { status: 503 });
    const offline = h.loader({ publicKey: KEYS.publicKey });
    const cached = await offline.loadCached();
    assert.equal(cached.origin, 'cache');
    assert.equal(cached.signed, true);
    assert.equal(cached.feed.version, 2);
    assert.equal(cached.fetchedAt?.getTime(), first.fetchedAt?.getTime());
    const failed = await offline.refresh();
    assert.equal(failed.origin, 'cache');
    assert.match(failed.lastError ?? '', /HTTP 503.*Keeping the cached copy of "acme-ospo" version 2/);

    // Restart again: the conditional request uses the stored ETag; 304 confirms the copy.
    h.server.route('/feed.json', (request) => (request.headers['if-none-match'] === '"abc"' ? { status: 304 } : { status: 500 }));
    const confirmed = await h.loader({ publicKey: KEYS.publicKey }).refresh();
    assert.equal(confirmed.lastError, undefined);
    assert.equal(confirmed.origin, 'remote');

    // Restart once more: an older version is refused even by a fresh instance.
    h.serveSigned(feedJson({ version: 1 }));
    const rollback = await h.loader({ publicKey: KEYS.publicKey }).refresh();
    assert.equal(rollback.feed.version, 2);
    assert.match(rollback.lastError ?? '', /rollback/);
  });

  it('ignores a corrupt store and falls back to the bundled default', async () => {
    writeFileSync(path.join(h.storeDirectory, FEED_STORE_FILE), '{"format":1,"bytes":"AAAA", "sha256": "00');
    const logs: string[] = [];
    h.server.route('/feed.json', { status: 500 });
    const state = await h.loader({ log: (message) => logs.push(message) }).refresh();
    assert.equal(state.origin, 'bundled');
    assert.match(logs.join('\n'), /corrupt/);
  });

  it('ignores a store whose bytes were tampered with', async () => {
    h.server.route('/feed.json', { body: GOOD });
    await h.loader().refresh();
    const file = path.join(h.storeDirectory, FEED_STORE_FILE);
    const record = JSON.parse(readFileSync(file, 'utf8')) as { bytes: string };
    record.bytes = Buffer.from(feedJson({ version: 99 })).toString('base64');
    writeFileSync(file, JSON.stringify(record));
    const logs: string[] = [];
    const state = await h.loader({ log: (message) => logs.push(message) }).loadCached();
    assert.equal(state.origin, 'bundled');
    assert.match(logs.join('\n'), /do not match their recorded hash/);
  });

  it('does not trust a cached copy that the newly configured key did not sign', async () => {
    h.server.route('/feed.json', { body: GOOD });
    await h.loader().refresh();
    h.server.route('/feed.json', { status: 500 });
    const state = await h.loader({ publicKey: KEYS.publicKey }).refresh();
    assert.equal(state.origin, 'bundled');
    assert.ok(state.lastError);
  });

  it('refuses everything with an unusable public key', async () => {
    h.serveSigned(GOOD);
    const state = await h.loader({ publicKey: 'not a key' }).refresh();
    assert.equal(state.origin, 'bundled');
    assert.match(state.lastError ?? '', /public key is not usable/);
  });

  it('reports an unusable source and keeps the bundled default', async () => {
    const state = await h.loader({ source: 'ftp://example.com/feed.json' }).refresh();
    assert.equal(state.origin, 'bundled');
    assert.match(state.lastError ?? '', /unsupported scheme 'ftp:'/);
    const http = await h.loader({ source: 'http://example.com/feed.json' }).refresh();
    assert.match(http.lastError ?? '', /plain http:\/\//);
  });

  it('uses the bundled default for an empty source without any request', async () => {
    const state = await h.loader({ source: '  ' }).refresh();
    assert.equal(state.origin, 'bundled');
    assert.equal(state.lastError, undefined);
    assert.equal(h.server.requests.length, 0);
  });

  it('reads a local file source, with its .sig next to it', async () => {
    const file = path.join(h.storeDirectory, 'policy.json');
    writeFileSync(file, GOOD);
    writeFileSync(`${file}.sig`, signFeed(Buffer.from(GOOD), KEYS.privateKey));
    const feedLoader = h.loader({ source: file, publicKey: KEYS.publicKey, storeDirectory: path.join(h.storeDirectory, 'store') });
    const state = await feedLoader.refresh();
    assert.equal(state.origin, 'file');
    assert.equal(state.signed, true);
    writeFileSync(file, feedJson({ version: 3 }));
    const tampered = await feedLoader.refresh();
    assert.equal(tampered.feed.version, 2);
    assert.match(tampered.lastError ?? '', /does not match/);
    rmSync(file);
    const missing = await feedLoader.refresh();
    assert.match(missing.lastError ?? '', /does not exist/);
  });

  it('tells a listener when the policy in force or the error changes', async () => {
    const seen: FeedState[] = [];
    h.server.route('/feed.json', { body: GOOD, headers: { ETag: '"e"' } });
    const feedLoader = h.loader({ onDidChange: (state) => seen.push(state) });
    await feedLoader.refresh();
    h.server.route('/feed.json', { status: 304 });
    await feedLoader.refresh();
    assert.equal(seen.length, 1, 'a 304 changes nothing worth telling');
    h.server.route('/feed.json', { status: 500 });
    await feedLoader.refresh();
    assert.equal(seen.length, 2);
    assert.ok(seen[1].lastError);
  });

  describe('periodic refresh', () => {
    class ManualClock implements FeedClock {
      time = Date.parse('2026-06-01T00:00:00Z');
      timers: { at: number; callback: () => void; id: number }[] = [];
      private nextId = 1;
      now(): number {
        return this.time;
      }
      setTimeout(callback: () => void, ms: number): unknown {
        const id = this.nextId++;
        this.timers.push({ at: this.time + ms, callback, id });
        return id;
      }
      clearTimeout(handle: unknown): void {
        this.timers = this.timers.filter((timer) => timer.id !== handle);
      }
      /** Advances to the next timer and runs it. */
      fire(): void {
        this.timers.sort((a, b) => a.at - b.at);
        const timer = this.timers.shift();
        assert.ok(timer, 'a timer is pending');
        this.time = Math.max(this.time, timer.at);
        timer.callback();
      }
    }

    async function settle(feedLoader: FeedLoader): Promise<void> {
      await feedLoader.refresh();
      await new Promise((resolve) => setImmediate(resolve));
    }

    it('refreshes at start and every interval until stopped', async () => {
      const clock = new ManualClock();
      h.server.route('/feed.json', { body: GOOD });
      const feedLoader = h.loader({ clock, refreshIntervalMs: 60_000 });
      feedLoader.start();
      feedLoader.start(); // idempotent
      assert.equal(clock.timers.length, 1);
      clock.fire();
      await settle(feedLoader);
      assert.equal(h.server.count('/feed.json'), 1, "settle's refresh shares the timer's");
      assert.equal(clock.timers.length, 1);
      assert.equal(clock.timers[0].at - clock.time, 60_000);
      clock.fire();
      await settle(feedLoader);
      assert.equal(h.server.count('/feed.json'), 2);
      feedLoader.stop();
      assert.equal(clock.timers.length, 0);
    });

    it('waits for Retry-After before the next periodic request', async () => {
      const clock = new ManualClock();
      h.server.route('/feed.json', { status: 429, headers: { 'Retry-After': '3600' } });
      const feedLoader = h.loader({ clock, refreshIntervalMs: 60_000 });
      feedLoader.start();
      clock.fire();
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(h.server.count('/feed.json'), 1);
      assert.equal(feedLoader.state.retryAt?.getTime(), clock.time + 3_600_000);
      clock.fire(); // the interval timer: still inside Retry-After, so it only re-schedules
      assert.equal(h.server.count('/feed.json'), 1);
      assert.equal(clock.timers[0].at, feedLoader.state.retryAt?.getTime());
      const skipped = await feedLoader.refresh();
      assert.equal(h.server.count('/feed.json'), 1, 'a plain refresh honours Retry-After');
      assert.match(skipped.lastError ?? '', /429/);
      await feedLoader.refresh({ force: true });
      assert.equal(h.server.count('/feed.json'), 2, 'a forced refresh does not');
      feedLoader.dispose();
      assert.equal(clock.timers.length, 0);
    });
  });
});
