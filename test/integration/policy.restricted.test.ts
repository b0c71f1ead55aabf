import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import * as vscode from 'vscode';
import { fixtureUri, openFixture } from './fixtureDocuments';
import { activeApi } from './ospoGuideApi';

/** The port the fixture's hostile `.vscode/settings.json` points the policy feed at. */
const HOSTILE_FEED_PORT = 47913;

suite('policy in Restricted Mode', () => {
  let server: Server;
  const requests: string[] = [];

  suiteSetup(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.writeHead(500).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(HOSTILE_FEED_PORT, '127.0.0.1', resolve);
    });
  });

  suiteTeardown(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('the fixture opens untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test("a repository's settings cannot point the feed elsewhere: no request is made", async () => {
    await openFixture('package.json');
    const api = await activeApi();
    assert.equal((server.address() as AddressInfo).port, HOSTILE_FEED_PORT);
    assert.equal(vscode.workspace.getConfiguration('ospoGuide').get('policy.source'), '');
    assert.equal(vscode.workspace.getConfiguration('ospoGuide').get('policy.publicKey'), '');
    const policy = await api.refreshPolicy();
    assert.equal(policy.origin, 'bundled');
    assert.equal(policy.id, 'ospo-guide-default');
    assert.equal(policy.lastError, undefined);
    await delay(500);
    assert.deepEqual(requests, []);
  });

  test("the repository's .ospo/policy.json is not read while untrusted", async () => {
    const api = await activeApi();
    assert.equal(api.policy().workspacePolicyApplied, false);
    const findings = await api.findings(fixtureUri('package.json'));
    assert.ok(findings.length > 0);
    // The fixture's policy file would deny WTFPL; untrusted, nothing it says may shape a verdict.
    assert.ok(findings.every(({ finding }) => !finding.reasons.some((reason) => reason.rule?.section === 'licenses' && reason.rule.key === 'deny' && /WTFPL/.test(reason.message))));
    assert.equal(findings.find(({ dependency }) => dependency.name === 'left-pad')?.finding.verdict, 'review');
  });

  test('findings carry verdicts from the policy in force', async () => {
    const api = await activeApi();
    const findings = await api.findings(fixtureUri('Cargo.toml'));
    assert.deepEqual(
      findings.map(({ dependency, finding }) => [dependency.name, finding.purl]),
      [
        ['serde', 'pkg:cargo/serde'],
        ['tokio', 'pkg:cargo/tokio'],
        ['rand', 'pkg:cargo/rand'],
        ['criterion', 'pkg:cargo/criterion'],
      ],
    );
    // The bundled default sends packages without license data to review.
    assert.ok(findings.every(({ finding }) => finding.verdict === 'review'));
  });
});
