import * as assert from 'node:assert/strict';
import type { FeedState } from '../../src/core/feed/feedLoader';
import { generateKeyPair, signFeed } from '../../src/core/feed/signature';
import { feedJson } from '../unit/support/feedServer';
import { feedLoaderHarness, GOOD, KEYS } from '../unit/support/feedLoaderHarness';

const OTHER_KEYS = generateKeyPair();

// Every fault a feed server (or someone between it and us) can put in the way: the last verified
// feed stays in force, and the error says what happened.
describe('the feed transport under faults', () => {
  const h = feedLoaderHarness();

  const failures: { name: string; serve: () => void; error: RegExp; check?: (state: FeedState) => void }[] = [
    { name: '404', serve: () => h.server.route('/feed.json', { status: 404, body: 'gone' }), error: /answered HTTP 404 Not Found/ },
    { name: '500', serve: () => h.server.route('/feed.json', { status: 500 }), error: /answered HTTP 500/ },
    {
      name: '429 with Retry-After in seconds',
      serve: () => h.server.route('/feed.json', { status: 429, headers: { 'Retry-After': '120' } }),
      error: /HTTP 429.*retry in 120 s/,
      check: (state) => {
        assert.ok(state.retryAt);
        const delta = state.retryAt.getTime() - Date.now();
        assert.ok(delta > 100_000 && delta <= 120_000, String(delta));
      },
    },
    {
      name: '503 with Retry-After as an HTTP date',
      serve: () => h.server.route('/feed.json', { status: 503, headers: { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() } }),
      error: /HTTP 503.*retry in \d+ s/,
      check: (state) => assert.ok(state.retryAt && state.retryAt.getTime() > Date.now() + 50_000),
    },
    {
      name: 'a slow body past the timeout',
      serve: () => h.server.route('/feed.json', { body: feedJson({ version: 3 }), chunkSize: 50, chunkDelayMs: 100 }),
      error: /took longer than 400 ms/,
    },
    {
      name: 'a slow first byte past the timeout',
      serve: () => h.server.route('/feed.json', { body: feedJson({ version: 3 }), delayMs: 1000 }),
      error: /took longer than 400 ms/,
    },
    {
      name: 'a body over the cap with Content-Length',
      serve: () => h.server.route('/feed.json', { body: feedJson({ version: 3, training: [{ id: 'x', title: 'x', markdown: 'x'.repeat(8000) }] }) }),
      error: /larger than 4 KiB/,
    },
    {
      name: 'a body over the cap without Content-Length',
      serve: () => h.server.route('/feed.json', { body: feedJson({ version: 3, training: [{ id: 'x', title: 'x', markdown: 'x'.repeat(8000) }] }), chunked: true, chunkSize: 1000 }),
      error: /larger than 4 KiB/,
    },
    {
      name: 'a redirect to another host',
      serve: () => h.server.route('/feed.json', { status: 302, headers: { Location: h.server.otherHostUrl('/evil.json') } }),
      error: /redirected to another origin \(http:\/\/localhost:\d+\)/,
      check: () => assert.equal(h.server.count('/evil.json'), 0),
    },
    {
      name: 'too many redirects',
      serve: () => {
        h.server.route('/feed.json', { status: 301, headers: { Location: '/r1' } });
        h.server.route('/r1', { status: 302, headers: { Location: '/r2' } });
        h.server.route('/r2', { status: 307, headers: { Location: '/r3' } });
        h.server.route('/r3', { status: 308, headers: { Location: '/r4' } });
        h.server.route('/r4', { body: feedJson({ version: 3 }) });
      },
      error: /redirected more than 3 times/,
      check: () => assert.equal(h.server.count('/r4'), 0),
    },
    { name: 'a bad signature', serve: () => h.serveSigned(feedJson({ version: 3 }), OTHER_KEYS), error: /signature .* does not match the configured public key/ },
    {
      name: 'a signature over other bytes',
      serve: () => {
        h.server.route('/feed.json', { body: feedJson({ version: 3 }) });
        h.server.route('/feed.json.sig', { body: signFeed(Buffer.from(feedJson({ version: 4 })), KEYS.privateKey) });
      },
      error: /does not match/,
    },
    { name: 'garbage as the signature', serve: () => h.server.route('/feed.json', { body: feedJson({ version: 3 }) }).route('/feed.json.sig', { body: '!!not base64!!' }), error: /does not match/ },
    {
      name: 'a missing signature with a key configured',
      serve: () => h.server.route('/feed.json', { body: feedJson({ version: 3 }) }).route('/feed.json.sig', { status: 404 }),
      error: /is not signed \(no signature at http:\/\/127\.0\.0\.1:\d+\/feed\.json\.sig\)/,
    },
    { name: 'an older version (rollback)', serve: () => h.serveSigned(feedJson({ version: 1 })), error: /version 1 of "acme-ospo", older than version 2 already verified; refused as a possible rollback/ },
    {
      name: 'the same version with different bytes',
      serve: () => h.serveSigned(feedJson({ version: 2, organization: { name: 'Evil' } })),
      error: /version 2 of "acme-ospo" but its content differs .* must have a higher version/,
    },
    { name: 'malformed JSON', serve: () => h.serveSigned('{"schemaVersion": 1, "id": '), error: /is invalid: \(root\): is not valid JSON/ },
    { name: 'an invalid feed', serve: () => h.serveSigned(feedJson({ version: 3, licenses: { default: 'maybe' } })), error: /is invalid: licenses\.default: must be one of/ },
    { name: 'a newer schema version', serve: () => h.serveSigned(feedJson({ version: 3, schemaVersion: 2 })), error: /schemaVersion: is 2, newer than the format/ },
    {
      name: 'a __proto__ key in the JSON',
      serve: () => h.serveSigned(feedJson({ version: 3 }).replace('"licenses": {', '"licenses": { "__proto__": { "polluted": true },')),
      error: /licenses\.__proto__: is a forbidden key/,
      check: () => assert.equal(({} as Record<string, unknown>).polluted, undefined),
    },
    {
      name: 'an escaped __proto__ key inside a dictionary',
      serve: () => h.serveSigned(feedJson({ version: 3 }).replace('"licenses": {', '"licenses": { "notes": { "\\u005f_proto__": "x" },')),
      error: /forbidden key/,
    },
    { name: 'invalid UTF-8', serve: () => h.server.route('/feed.json', { body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }).route('/feed.json.sig', { body: signFeed(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), KEYS.privateKey) }), error: /not valid UTF-8/ },
  ];

  for (const failure of failures) {
    it(`keeps the last good feed on ${failure.name}`, async () => {
      const feedLoader = h.loader({ publicKey: KEYS.publicKey });
      h.serveSigned(GOOD);
      const good = await feedLoader.refresh();
      assert.equal(good.lastError, undefined);
      failure.serve();
      const state = await feedLoader.refresh({ force: true });
      h.assertKeptGood(state, failure.error);
      assert.equal(state.feed, good.feed);
      failure.check?.(state);
      // The store still holds the good copy.
      const restarted = await h.loader({ publicKey: KEYS.publicKey }).loadCached();
      assert.equal(restarted.feed.version, 2);
      assert.equal(restarted.origin, 'cache');
    });
  }
});
