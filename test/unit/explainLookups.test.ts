import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { explainCommand } from '../../src/cli/explainCommand';
import { cachesIn, servePackuments, type PackumentServer } from './support/packumentServer';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/registry/npm');
const DEFAULT_FEED = path.resolve(__dirname, '../../../src/core/policy/default/defaultFeed.json');
const NOW = new Date('2026-12-07T12:00:00Z');

describe('ospo-guide explain asks the registries', () => {
  let temp: string;
  let registry: PackumentServer;
  let restoreCaches: () => void;

  before(async () => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-explain-'));
    // The real registry.npmjs.org answers, saved (see SOURCES.md beside them).
    registry = await servePackuments({
      '/vscode-languageclient': readFileSync(path.join(FIXTURES, 'vscode-languageclient.packument.json'), 'utf8'),
      '/express': readFileSync(path.join(FIXTURES, 'express.packument.json'), 'utf8'),
    });
    // The folder's own .npmrc names the registry (the CLI trusts the project it is run in).
    writeFileSync(path.join(temp, '.npmrc'), `registry=${registry.url}\n`);
    // The bundled default's lists, with lookups allowed and deps.dev (unreachable here) left out.
    const bundled = JSON.parse(readFileSync(DEFAULT_FEED, 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(temp, 'policy.json'), JSON.stringify({ ...bundled, lookups: { allowed: true, depsDev: false } }));
    writeFileSync(path.join(temp, 'closed.json'), JSON.stringify({ ...bundled, lookups: { allowed: false } }));
    restoreCaches = cachesIn(path.join(temp, 'cache'));
  });

  after(async () => {
    restoreCaches();
    await registry.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('a purl: the license, the repository (so: who governs it) and the latest release, each with its source', async () => {
    registry.asked.length = 0;
    const output = await explainCommand(['pkg:npm/vscode-languageclient', '--policy', 'policy.json'], temp, NOW);
    assert.equal(output.exitCode, 0, output.stderr);
    const [first, second] = output.stdout.split('\n');
    assert.equal(first, 'pkg:npm/vscode-languageclient: allow');
    assert.match(second, /^data: version \d+\.\d+\.\d+ \(127\.0\.0\.1:\d+: newest release\), license MIT \(127\.0\.0\.1:\d+\)$/);
    assert.ok(output.stdout.includes('trust: single-vendor (Microsoft)\n  - governance: single vendor: Microsoft (OSPO Guide’s list of foundations and vendors by its repository github.com/microsoft/vscode-languageserver-node (from 127.0.0.1:'), output.stdout);
    assert.match(output.stdout, /\n {2}- latest-release: \d+\.\d+\.\d+ on \d{4}-\d{2}-\d{2} \(127\.0\.0\.1:\d+\)\n/);
    assert.deepEqual(registry.asked, ['/vscode-languageclient']);
  });

  it('--json carries the same trust rating, the repository’s governance and the activity signal', async () => {
    const output = await explainCommand(['pkg:npm/vscode-languageclient', '--policy', 'policy.json', '--json'], temp, NOW);
    const json = JSON.parse(output.stdout) as { verdict: string; license: string; trust: { governance: string; steward: string; signals: { kind: string }[] } };
    assert.deepEqual([json.verdict, json.license, json.trust.governance, json.trust.steward], ['allow', 'MIT', 'single-vendor', 'Microsoft']);
    assert.deepEqual(
      json.trust.signals.map((signal) => signal.kind),
      ['governance', 'latest-release'],
    );
  });

  it('a bare name the bundled list places is asked of its ecosystem only', async () => {
    registry.asked.length = 0;
    const output = await explainCommand(['express', '--policy', 'policy.json'], temp, NOW);
    assert.ok(output.stdout.startsWith('express: allow\ndata: version 5.'), output.stdout);
    assert.ok(output.stdout.includes('trust: foundation (OpenJS Foundation)'), output.stdout);
    assert.deepEqual(registry.asked, ['/express']);
  });

  it('--offline, or a policy that forbids lookups: nothing is asked, the policy alone answers', async () => {
    registry.asked.length = 0;
    const offline = await explainCommand(['pkg:npm/vscode-languageclient', '--policy', 'policy.json', '--offline'], temp, NOW);
    assert.ok(offline.stdout.startsWith('pkg:npm/vscode-languageclient: review\n  - No license information'), offline.stdout);
    assert.ok(offline.stdout.includes('trust: unknown'), offline.stdout);
    const closed = await explainCommand(['pkg:npm/vscode-languageclient', '--policy', 'closed.json'], temp, NOW);
    assert.ok(closed.stdout.includes('trust: unknown'), closed.stdout);
    assert.deepEqual(registry.asked, []);
  });

  it('a name no registry asked publishes is said on stderr, and explained from the policy alone', async () => {
    const output = await explainCommand(['pkg:npm/no-such-package-here', '--policy', 'policy.json'], temp, NOW);
    assert.equal(output.exitCode, 0);
    assert.match(output.stderr ?? '', /no registry asked publishes pkg:npm\/no-such-package-here; explained from the policy alone/);
    assert.ok(output.stdout.startsWith('pkg:npm/no-such-package-here: review\n  - No license information'), output.stdout);
  });
});
