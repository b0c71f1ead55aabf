import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { FeedFetchError, fetchFeed } from '../../src/core/feed/fetchFeed';
import { FeedServer } from '../unit/support/feedServer';

const TLS = path.resolve(__dirname, '../../../test/fixtures/tls');

async function refusal(url: string, withSignature = false): Promise<FeedFetchError> {
  try {
    await fetchFeed({ source: { kind: 'url', url, display: url }, withSignature });
  } catch (error) {
    assert.ok(error instanceof FeedFetchError, String(error));
    return error;
  }
  assert.fail(`expected ${url} to be refused`);
}

async function fetched(url: string, withSignature = false): Promise<{ body: string; signature: string | undefined }> {
  const result = await fetchFeed({ source: { kind: 'url', url, display: url }, withSignature });
  assert.equal(result.kind, 'fetched');
  return result.kind === 'fetched' ? { body: result.bytes.toString(), signature: result.signature } : { body: '', signature: undefined };
}

/** An HTTPS server on 127.0.0.1 with the test CA's loopback certificate; `hits` counts requests per path. */
async function startHttps(handler: (url: string) => { status: number; headers?: Record<string, string>; body?: string }) {
  const hits: string[] = [];
  const server = https.createServer({ key: readFileSync(path.join(TLS, 'loopback.key')), cert: readFileSync(path.join(TLS, 'loopback.crt')) }, (request, response) => {
    hits.push(request.url ?? '');
    const answer = handler(request.url ?? '');
    response.writeHead(answer.status, answer.headers).end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    hits,
    url: (pathname: string) => `https://127.0.0.1:${(server.address() as AddressInfo).port}${pathname}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('feed redirects: same origin is scheme, host and port', () => {
  let home: FeedServer;
  let other: FeedServer;
  beforeEach(async () => {
    [home, other] = await Promise.all([FeedServer.start(), FeedServer.start()]);
    other.route('/feed.json', { body: 'unsigned v99 from the other port' });
  });
  afterEach(async () => {
    await Promise.all([home.close(), other.close()]);
  });

  for (const status of [301, 302, 303, 307, 308]) {
    it(`follows a ${status} to the same origin`, async () => {
      home.route('/feed.json', { status, headers: { Location: home.url('/moved/feed.json') } });
      home.route('/moved/feed.json', { body: 'the feed' });
      assert.equal((await fetched(home.url('/feed.json'))).body, 'the feed');
      assert.deepEqual(home.requests.map((request) => request.path), ['/feed.json', '/moved/feed.json']);
    });

    it(`refuses a ${status} to another port of the same host`, async () => {
      home.route('/feed.json', { status, headers: { Location: other.url('/feed.json') } });
      const error = await refusal(home.url('/feed.json'));
      assert.equal(error.kind, 'redirect');
      assert.equal(error.status, status);
      assert.match(error.message, new RegExp(`another origin \\(http://127\\.0\\.0\\.1:${other.port}\\)`));
      assert.equal(other.requests.length, 0, 'nothing was asked of the other port');
    });
  }

  it('follows a relative Location against the current URL', async () => {
    home.route('/a/b/feed.json', { status: 302, headers: { Location: '../c/feed.json?v=2' } });
    home.route('/a/c/feed.json?v=2', { body: 'relative' });
    assert.equal((await fetched(home.url('/a/b/feed.json'))).body, 'relative');
  });

  it('refuses a protocol-relative Location to another port', async () => {
    home.route('/feed.json', { status: 301, headers: { Location: `//127.0.0.1:${other.port}/feed.json` } });
    assert.equal((await refusal(home.url('/feed.json'))).kind, 'redirect');
    assert.equal(other.requests.length, 0);
  });

  it('refuses another host name on the same port', async () => {
    home.route('/feed.json', { status: 302, headers: { Location: home.otherHostUrl('/feed.json') } });
    assert.match((await refusal(home.url('/feed.json'))).message, /another origin \(http:\/\/localhost:\d+\)/);
    assert.equal(home.requests.length, 1);
  });

  it('refuses a redirect of the signature to another port, though the feed itself is served', async () => {
    home.route('/feed.json', { body: 'the feed' });
    home.route('/feed.json.sig', { status: 307, headers: { Location: other.url('/feed.json.sig') } });
    other.route('/feed.json.sig', { body: 'c2ln' });
    assert.equal((await refusal(home.url('/feed.json'), true)).kind, 'redirect');
    assert.equal(other.requests.length, 0);
  });

  it('refuses more hops than the limit, counting each kind', async () => {
    home.route('/feed.json', { status: 301, headers: { Location: '/r1' } });
    home.route('/r1', { status: 302, headers: { Location: '/r2' } });
    home.route('/r2', { status: 303, headers: { Location: '/r3' } });
    home.route('/r3', { status: 307, headers: { Location: '/r4' } });
    home.route('/r4', { body: 'too far' });
    assert.match((await refusal(home.url('/feed.json'))).message, /more than 3 times/);
    assert.equal(home.count('/r4'), 0);
    home.route('/r3', { body: 'three hops' });
    assert.equal((await fetched(home.url('/feed.json'))).body, 'three hops');
  });

  describe('across schemes', () => {
    let secure: Awaited<ReturnType<typeof startHttps>>;
    let savedCa: unknown;
    before(() => {
      // node-fetch uses the global agent; trusting the test CA there is what NODE_EXTRA_CA_CERTS does for users.
      savedCa = https.globalAgent.options.ca;
      https.globalAgent.options.ca = readFileSync(path.join(TLS, 'loopback.crt'));
    });
    after(() => {
      https.globalAgent.options.ca = savedCa as https.AgentOptions['ca'];
    });
    afterEach(async () => {
      await secure.close();
    });

    it('serves over https from the test server (so the refusals below are about the redirect)', async () => {
      secure = await startHttps(() => ({ status: 200, body: 'over tls' }));
      assert.equal((await fetched(secure.url('/feed.json'))).body, 'over tls');
    });

    it('refuses https → http', async () => {
      secure = await startHttps(() => ({ status: 302, headers: { Location: other.url('/feed.json') } }));
      assert.match((await refusal(secure.url('/feed.json'))).message, /from https to plain http/);
      assert.equal(other.requests.length, 0);
    });

    it('refuses http → https: another origin, though a safer one', async () => {
      secure = await startHttps(() => ({ status: 200, body: 'over tls' }));
      home.route('/feed.json', { status: 301, headers: { Location: secure.url('/feed.json') } });
      const error = await refusal(home.url('/feed.json'));
      assert.match(error.message, /another origin \(https:\/\/127\.0\.0\.1:\d+\).*configure its new URL/);
      assert.deepEqual(secure.hits, []);
    });
  });
});
