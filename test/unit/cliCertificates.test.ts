import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { CheckReport } from '../../src/core/report/checkReport';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../../..');
const TLS = path.join(REPO_ROOT, 'test/fixtures/tls');
const CLI = path.join(REPO_ROOT, 'dist/cli.js');

/** A packument as the npm registry API defines it: dist-tags, and each version's package.json fields. */
const PACKUMENT = {
  name: '@acme/widget',
  'dist-tags': { latest: '1.2.0' },
  versions: {
    '1.1.0': { name: '@acme/widget', version: '1.1.0', license: 'MIT' },
    '1.2.0': { name: '@acme/widget', version: '1.2.0', license: 'Apache-2.0' },
  },
};

describe('the CLI over HTTPS to a registry signed by an organization CA', function () {
  this.timeout(60_000);
  let server: https.Server;
  let project: string;
  let home: string;
  const requests: string[] = [];

  before(async () => {
    server = https.createServer({ key: readFileSync(path.join(TLS, 'loopback.key')), cert: readFileSync(path.join(TLS, 'loopback.crt')) }, (request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/@acme%2fwidget') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(PACKUMENT));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    project = mkdtempSync(path.join(os.tmpdir(), 'ospo-tls-project-'));
    home = mkdtempSync(path.join(os.tmpdir(), 'ospo-tls-home-'));
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { '@acme/widget': '^1.1.0' } }));
    writeFileSync(path.join(home, '.npmrc'), `@acme:registry=https://127.0.0.1:${(server.address() as AddressInfo).port}/\n`);
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(project, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const check = async (extraEnv: Record<string, string>) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), OSPO_GUIDE_DEPS_DEV_URL: 'https://127.0.0.1:9/', ...extraEnv };
    const { stdout } = await run(process.execPath, [CLI, 'check', project, '--format', 'json', '--fail-on', 'never'], { env, timeout: 45_000 });
    return (JSON.parse(stdout) as CheckReport).findings[0];
  };

  it('refuses the certificate without NODE_EXTRA_CA_CERTS', async () => {
    const finding = await check({});
    assert.equal(finding.license, null);
    assert.equal(requests.length, 0, 'no request completed');
  });

  it('trusts it with NODE_EXTRA_CA_CERTS, and picks the version npm would', async () => {
    const finding = await check({ NODE_EXTRA_CA_CERTS: path.join(TLS, 'loopback.crt') });
    assert.equal(finding.version, '1.2.0');
    assert.equal(finding.license, 'Apache-2.0');
    assert.deepEqual(requests, ['/@acme%2fwidget']);
  });
});
