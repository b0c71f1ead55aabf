// A FeedLoader against a local feed server, with a fresh store per test: shared by the loader's
// own tests and the hostile tier's transport faults.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FeedLoader, type FeedLoaderOptions, type FeedState } from '../../../src/core/feed/feedLoader';
import { generateKeyPair, signFeed } from '../../../src/core/feed/signature';
import type { PolicyFeed } from '../../../src/core/policy/feedModel';
import { parseFeedText } from '../../../src/core/policy/validateFeed';
import { FeedServer, feedJson, type Handler } from './feedServer';

export const BUNDLED: PolicyFeed = (() => {
  const result = parseFeedText(feedJson({ id: 'bundled-default', version: 1 }));
  assert.ok(result.feed, JSON.stringify(result.errors));
  return result.feed;
})();

export const KEYS = generateKeyPair();
export const GOOD = feedJson({ version: 2 });
export const LIMITS = { timeoutMs: 400, maxBytes: 4096, maxRedirects: 3 };

export function signed(body: string, keys = KEYS): { feed: Handler; sig: Handler } {
  return { feed: { body, headers: { 'Content-Type': 'application/json' } }, sig: { body: signFeed(Buffer.from(body), keys.privateKey) + '\n' } };
}

export interface FeedLoaderHarness {
  readonly server: FeedServer;
  readonly storeDirectory: string;
  loader(options?: Partial<FeedLoaderOptions>): FeedLoader;
  serveSigned(body: string, keys?: typeof KEYS): void;
  /** The state kept the good feed (version 2) and says why the refresh failed. */
  assertKeptGood(state: FeedState, error: RegExp): void;
}

/** Registers the server, store and loader clean-up around each test of the calling suite. */
export function feedLoaderHarness(): FeedLoaderHarness {
  let server: FeedServer | undefined;
  let storeDirectory: string | undefined;
  const loaders: FeedLoader[] = [];
  beforeEach(async () => {
    server = await FeedServer.start();
    storeDirectory = mkdtempSync(path.join(os.tmpdir(), 'ospo-feed-store-'));
  });
  afterEach(async () => {
    loaders.splice(0).forEach((loader) => loader.dispose());
    await server?.close();
    if (storeDirectory) {
      rmSync(storeDirectory, { recursive: true, force: true });
    }
  });
  const harness: FeedLoaderHarness = {
    get server() {
      assert.ok(server, 'the feed server runs inside a test');
      return server;
    },
    get storeDirectory() {
      assert.ok(storeDirectory, 'the store exists inside a test');
      return storeDirectory;
    },
    loader(options = {}) {
      const created = new FeedLoader({ source: harness.server.url('/feed.json'), bundled: BUNDLED, storeDirectory: harness.storeDirectory, limits: LIMITS, ...options });
      loaders.push(created);
      return created;
    },
    serveSigned(body, keys = KEYS) {
      const { feed, sig } = signed(body, keys);
      harness.server.route('/feed.json', feed).route('/feed.json.sig', sig);
    },
    assertKeptGood(state, error) {
      assert.equal(state.feed.id, 'acme-ospo');
      assert.equal(state.feed.version, 2);
      assert.equal(state.origin, 'remote');
      assert.ok(state.lastError, 'lastError is set');
      assert.match(state.lastError, error);
      assert.match(state.lastError, /Keeping the copy of "acme-ospo" version 2 from http:\/\/127\.0\.0\.1:\d+\/feed\.json, fetched \d+ seconds? ago\./);
    },
  };
  return harness;
}
