import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { proxyAwareFetch } from '../../src/cli/proxyFetch';
import { requestBytes } from '../../src/core/data/online/http';

/** A forward proxy that tunnels CONNECT requests (what HTTPS_PROXY names), recording each target. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; close: () => Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_request, response) => response.writeHead(405).end());
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the CLI fetch honours HTTPS_PROXY / HTTP_PROXY and NO_PROXY', () => {
  const saved = { ...process.env };
  let target: http.Server;
  let targetPort: number;

  beforeEach(async () => {
    target = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetPort = (target.address() as AddressInfo).port;
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy', 'npm_config_proxy', 'npm_config_https_proxy', 'npm_config_no_proxy']) {
      delete process.env[name];
    }
  });
  afterEach(async () => {
    process.env = { ...saved };
    await new Promise<void>((resolve) => target.close(() => resolve()));
  });

  const get = (url: string) => requestBytes(proxyAwareFetch(), { url, method: 'GET', timeoutMs: 5_000, maxBytes: 1024, userAgent: 'test', now: Date.now });

  it('goes through the proxy the environment names', async () => {
    const proxy = await startProxy();
    try {
      process.env.HTTP_PROXY = proxy.url;
      const outcome = await get(`http://127.0.0.1:${targetPort}/x`);
      assert.equal(outcome.kind, 'ok');
      assert.deepEqual(proxy.tunnels, [`127.0.0.1:${targetPort}`]);
    } finally {
      await proxy.close();
    }
  });

  it('goes direct for a host NO_PROXY names, and without a proxy', async () => {
    const proxy = await startProxy();
    try {
      process.env.HTTP_PROXY = proxy.url;
      process.env.NO_PROXY = 'localhost,127.0.0.1';
      assert.equal((await get(`http://127.0.0.1:${targetPort}/x`)).kind, 'ok');
      delete process.env.HTTP_PROXY;
      delete process.env.NO_PROXY;
      assert.equal((await get(`http://127.0.0.1:${targetPort}/x`)).kind, 'ok');
      assert.deepEqual(proxy.tunnels, []);
    } finally {
      await proxy.close();
    }
  });

  it('reports a proxy that cannot be reached as a network failure, without the URL', async () => {
    process.env.HTTP_PROXY = 'http://127.0.0.1:9';
    const outcome = await get(`http://127.0.0.1:${targetPort}/secret-package-name`);
    assert.equal(outcome.kind, 'failed');
    assert.ok(outcome.kind === 'failed' && !outcome.message.includes('secret-package-name'), outcome.kind === 'failed' ? outcome.message : '');
  });
});
