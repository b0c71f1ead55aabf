import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateKeyPair, signFeed } from '../../src/core/feed/signature';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { writeLockedNpmProject } from './support/lockedNpmProject';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const TLS = path.join(REPO_ROOT, 'test/fixtures/tls');
const CLI = path.join(REPO_ROOT, 'dist/cli.js');

interface Served {
  feed?: Buffer;
  signature?: string;
}

/** The organization's feed: the bundled default with MIT moved to the deny list. */
function orgFeed(version: number): Buffer {
  const base = bundledDefaultFeed();
  const feed = {
    ...base,
    id: 'acme-ospo',
    version,
    organization: { name: 'ACME OSPO', contact: {} },
    licenses: { ...base.licenses, allow: base.licenses.allow.filter((id) => id !== 'MIT'), deny: [...base.licenses.deny, 'MIT'] },
  };
  return Buffer.from(JSON.stringify(feed, null, 2));
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('ospo-guide check --policy <https URL> --public-key', function () {
  this.timeout(60_000);
  const keys = generateKeyPair();
  const served: Served = {};
  let server: https.Server;
  let feedUrl: string;
  let project: string;
  let home: string;

  before(async () => {
    server = https.createServer({ key: readFileSync(path.join(TLS, 'loopback.key')), cert: readFileSync(path.join(TLS, 'loopback.crt')) }, (request, response) => {
      if (request.url === '/policy/feed.json' && served.feed) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(served.feed);
      } else if (request.url === '/policy/feed.json.sig' && served.signature !== undefined) {
        response.writeHead(200, { 'content-type': 'text/plain' }).end(served.signature);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    feedUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/policy/feed.json`;
    project = mkdtempSync(path.join(os.tmpdir(), 'ospo-remote-policy-project-'));
    writeLockedNpmProject(project, { 'left-pad': { version: '1.3.0', license: 'MIT' } });
  });
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'ospo-remote-policy-home-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(project, { recursive: true, force: true });
  });

  const serve = (feed: Buffer, signWith: string | null = keys.privateKey) => {
    served.feed = feed;
    served.signature = signWith === null ? undefined : signFeed(feed, signWith);
  };

  const check = (...extra: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), NODE_EXTRA_CA_CERTS: path.join(TLS, 'loopback.crt') };
      execFile(process.execPath, [CLI, 'check', '.', '--offline', ...extra], { cwd: project, env, timeout: 45_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr });
      });
    });

  it('applies the organization feed when its signature matches the key, and says so', async () => {
    serve(orgFeed(3));
    const run = await check('--policy', feedUrl, '--public-key', keys.publicKey);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /left-pad/);
    assert.match(run.stdout, /deny/);
    assert.match(run.stdout, /signature verified/);
  });

  it('takes the key from a file, as the feed verify command does', async () => {
    serve(orgFeed(3));
    writeFileSync(path.join(home, 'ospo-feed.pub'), keys.publicKey);
    const run = await check('--policy', feedUrl, '--public-key', path.join(home, 'ospo-feed.pub'), '--format', 'json');
    assert.equal(run.code, 1, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { findings: { verdict: string }[] }).findings[0].verdict, 'deny');
  });

  it('refuses a feed signed by another key: exit 2, nothing checked under the default', async () => {
    serve(orgFeed(3), generateKeyPair().privateKey);
    const run = await check('--policy', feedUrl, '--public-key', keys.publicKey);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /does not match the configured public key/);
  });

  it('refuses an unsigned feed when a key is given', async () => {
    serve(orgFeed(3), null);
    const run = await check('--policy', feedUrl, '--public-key', keys.publicKey);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /is not signed/);
  });

  it('keeps the newer verified copy when the server rolls the feed back, and says why', async () => {
    serve(orgFeed(5));
    assert.equal((await check('--policy', feedUrl, '--public-key', keys.publicKey)).code, 1);
    const older = orgFeed(4);
    const feed = JSON.parse(older.toString()) as { licenses: { deny: string[] } };
    feed.licenses.deny = feed.licenses.deny.filter((id) => id !== 'MIT');
    serve(Buffer.from(JSON.stringify(feed)));
    const run = await check('--policy', feedUrl, '--public-key', keys.publicKey);
    assert.equal(run.code, 1, 'the verified version 5 still denies MIT');
    assert.match(run.stderr, /older than version 5 already verified; refused as a possible rollback/);
  });

  it('exits 2 when the feed cannot be fetched and no verified copy is kept', async () => {
    served.feed = undefined;
    const run = await check('--policy', feedUrl, '--public-key', keys.publicKey);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /HTTP 404/);
  });

  it('fetches an unsigned feed without a key, and the report says the signature was not checked', async () => {
    serve(orgFeed(3), null);
    const run = await check('--policy', feedUrl);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /signature not checked/);
  });

  it('refuses plain http to another machine, as the extension does', async () => {
    const run = await check('--policy', 'http://example.com/feed.json');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /https/);
  });

  it('needs --policy for --public-key', async () => {
    const run = await check('--public-key', keys.publicKey);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--public-key needs --policy/);
  });
});
