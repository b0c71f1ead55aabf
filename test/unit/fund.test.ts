import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fundCommand } from '../../src/cli/fundCommand';
import { runCli } from '../../src/cli/main';
import { buildInventory, manifestFacts, packageFacts, type InventoryPackage } from '../../src/core/data/inventory';
import type { ResolvedPackage } from '../../src/core/data/types';
import { parsePackageJson } from '../../src/core/manifests/packageJson';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { CompiledPolicy } from '../../src/core/policy/compiledPolicy';
import { EvaluationMemo } from '../../src/core/policy/evaluationMemo';
import { fundingReport } from '../../src/core/report/funding';
import { cachesIn, servePackuments, type PackumentServer } from './support/packumentServer';

function npm(name: string, version: string, fields: Partial<InventoryPackage> = {}): InventoryPackage {
  return { ecosystem: 'npm', name, version, source: 'node_modules', direct: false, manifests: [], ...fields };
}

describe('Funding report', () => {
  it('ranks by the manifests that use a package, directly or through the graph, then by name', () => {
    const report = fundingReport(
      [{
        inventory: { packages: [
          // app/package.json and tool/package.json both name `shared`; only app names `solo`.
          npm('solo', '1.0.0', { direct: true, manifests: ['/w/app/package.json'], funding: ['https://github.com/sponsors/solo'], dependencies: ['deep@2.0.0'] }),
          npm('shared', '3.0.0', { direct: true, manifests: ['/w/app/package.json', '/w/tool/package.json'], funding: ['https://opencollective.com/shared'], dependencies: ['deep@2.0.0', 'quiet@1.0.0'] }),
          // Transitive: under both `solo` (app) and `shared` (app, tool), counted once per manifest.
          npm('deep', '2.0.0', { funding: ['https://github.com/sponsors/deep'], dependencies: ['shared@3.0.0'] }),
          // Asks for nothing: not listed, yet the walk goes through it.
          npm('quiet', '1.0.0', { dependencies: ['under-quiet@1.0.0'] }),
          npm('under-quiet', '1.0.0', { funding: ['https://example.com/donate'] }),
          // A package of another ecosystem with the same id is not in npm's graph.
          { ecosystem: 'pypi', name: 'deep', version: '2.0.0', source: '.venv', direct: false, manifests: [], funding: ['https://example.com/py'] },
        ] },
      }],
      [],
    );
    assert.deepEqual(
      report.packages.map((item) => [item.name, item.ecosystem, item.manifests]),
      [
        ['deep', 'npm', 2],
        ['shared', 'npm', 2],
        ['under-quiet', 'npm', 2],
        ['solo', 'npm', 1],
        ['deep', 'pypi', 0],
      ],
    );
  });

  it('lists a package once across its versions, with every version’s URLs', () => {
    const report = fundingReport(
      [{
        inventory: { packages: [
          npm('lib', '1.0.0', { direct: true, manifests: ['/w/a/package.json'], funding: ['https://a.example/fund'] }),
          npm('lib', '2.0.0', { direct: true, manifests: ['/w/b/package.json'], funding: ['https://a.example/fund', 'https://b.example/fund'] }),
        ] },
      }],
      [],
    );
    assert.deepEqual(report.packages, [{ name: 'lib', ecosystem: 'npm', funding: ['https://a.example/fund', 'https://b.example/fund'], manifests: 2 }]);
  });

  it('walks each inventory as its own graph and counts a manifest once across them', () => {
    const report = fundingReport(
      [
        // /w/app's lockfile resolves `mid@1.0.0` to `leaf@1.0.0`, which asks for nothing...
        {
          inventory: { packages: [
            npm('top', '1.0.0', { direct: true, manifests: ['/w/app/package.json'], dependencies: ['mid@1.0.0'] }),
            npm('mid', '1.0.0', { dependencies: ['leaf@1.0.0'] }),
            npm('leaf', '1.0.0'),
            npm('only-app', '1.0.0', { direct: true, manifests: ['/w/app/package.json'], funding: ['https://example.com/only'] }),
          ] },
        },
        // ...and /w/tool's resolves the same `mid@1.0.0` to `leaf@2.0.0`, which asks: /w/app does not reach it.
        { inventory: { packages: [npm('mid', '1.0.0', { direct: true, manifests: ['/w/tool/package.json'], dependencies: ['leaf@2.0.0'] }), npm('leaf', '2.0.0', { funding: ['https://example.com/leaf'] })] } },
        // A second reading of /w/app: its manifest counts once.
        { inventory: { packages: [npm('only-app', '1.0.0', { direct: true, manifests: ['/w/app/package.json'], funding: ['https://example.com/only'] })] } },
      ],
      [],
    );
    assert.deepEqual(
      report.packages.map((item) => [item.name, item.manifests]),
      [
        ['leaf', 1],
        ['only-app', 1],
      ],
    );
  });

  it('marks what the feed says the organization sponsors: the first matching entry, a wildcard too', () => {
    const report = fundingReport(
      [{
        inventory: { packages: [
          npm('eslint', '9.1.0', { direct: true, manifests: ['/w/package.json'], funding: ['https://opencollective.com/eslint'] }),
          npm('@babel/core', '7.0.0', { direct: true, manifests: ['/w/package.json'], funding: ['https://opencollective.com/babel'] }),
          npm('left-alone', '1.0.0', { direct: true, manifests: ['/w/package.json'], funding: ['https://example.com/fund'] }),
        ] },
      }],
      [
        { match: 'pkg:npm/eslint', how: 'Open Collective, $1,000/month', contact: 'ospo@acme.example' },
        { match: 'pkg:npm/@babel/*', how: 'GitHub Sponsors' },
        { match: 'pkg:npm/eslint', how: 'a second entry, never used' },
      ],
    );
    assert.deepEqual(
      report.packages.map((item) => [item.name, item.sponsored]),
      [
        ['@babel/core', { how: 'GitHub Sponsors' }],
        ['eslint', { how: 'Open Collective, $1,000/month', contact: 'ospo@acme.example' }],
        ['left-alone', undefined],
      ],
    );
  });
});

describe('Funding of direct dependencies nothing local describes', () => {
  it('lists what the facts say (the registry’s answer), counted for the manifest that names it, once beside an installed copy', () => {
    const app = parsePackageJson('{"dependencies": {"fresh": "^1.0.0", "installed": "^2.0.0", "quiet": "^1.0.0", "mine": "file:../mine"}}');
    const tool = parsePackageJson('{"dependencies": {"fresh": "^1.0.0"}}');
    const fromRegistry: Record<string, readonly string[]> = { fresh: ['https://github.com/sponsors/fresh'], installed: ['https://opencollective.com/installed'], mine: ['https://example.com/never'] };
    const report = fundingReport(
      [
        {
          inventory: {
            packages: [npm('installed', '2.0.0', { direct: true, manifests: ['/w/app/package.json'], funding: ['https://opencollective.com/installed'] })],
            // As RegistryInventory completes them: funding where no local data has any.
            factsFor: (_file, dependency) => ({ ...manifestFacts(dependency), ...(fromRegistry[dependency.name] ? { funding: fromRegistry[dependency.name] } : {}) }),
            isLocal: (_file, dependency) => dependency.name === 'mine',
          },
          manifests: [
            { file: '/w/app/package.json', parsed: app },
            { file: '/w/tool/package.json', parsed: tool },
          ],
        },
      ],
      [{ match: 'pkg:npm/fresh', how: 'GitHub Sponsors' }],
    );
    assert.deepEqual(report, {
      packages: [
        { name: 'fresh', ecosystem: 'npm', funding: ['https://github.com/sponsors/fresh'], manifests: 2, sponsored: { how: 'GitHub Sponsors' } },
        { name: 'installed', ecosystem: 'npm', funding: ['https://opencollective.com/installed'], manifests: 1 },
      ],
    });
  });
});

describe('Funding through the inventory and the evaluation', () => {
  it('survives the merge of two sources of one version, and reaches the facts and the finding', async () => {
    const manifest = '{"dependencies": {"eslint": "^9.0.0"}}';
    const records: ResolvedPackage[] = [
      // The lockfile's record first, without funding; the installed one has it.
      { ecosystem: 'npm', name: 'eslint', version: '9.1.0', source: 'package-lock.json' },
      { ecosystem: 'npm', name: 'eslint', version: '9.1.0', source: 'node_modules', funding: ['https://opencollective.com/eslint'] },
    ];
    const inventory = await buildInventory([{ file: '/p/package.json', parsed: parsePackageJson(manifest) }], { npm: async () => ({ packages: records, files: [], problems: [] }) }, { home: '/home/test', env: {} });
    const [eslint] = inventory.packages;
    assert.deepEqual(eslint.funding, ['https://opencollective.com/eslint']);
    assert.deepEqual(packageFacts(eslint).funding, ['https://opencollective.com/eslint']);
    const facts = inventory.factsFor('/p/package.json', parsePackageJson(manifest).dependencies[0]);
    assert.deepEqual(facts.funding, ['https://opencollective.com/eslint']);
    const finding = new CompiledPolicy(bundledDefaultFeed()).evaluate(facts, { repo: null, now: new Date('2026-11-23T12:00:00Z') });
    assert.deepEqual(finding.funding, ['https://opencollective.com/eslint']);
  });

  it('the evaluation memo tells facts apart by their funding', () => {
    const memo = new EvaluationMemo(new CompiledPolicy(bundledDefaultFeed()), { repo: null, now: new Date('2026-11-23T12:00:00Z') });
    const base = { ecosystem: 'npm' as const, name: 'x', spec: '1.0.0', version: '1.0.0', license: 'MIT' };
    assert.equal(memo.evaluate(base).funding, undefined);
    assert.deepEqual(memo.evaluate({ ...base, funding: ['https://example.com/fund'] }).funding, ['https://example.com/fund']);
  });
});

describe('ospo-guide fund', () => {
  let temp: string;

  function write(file: string, text: string): void {
    mkdirSync(path.dirname(path.join(temp, file)), { recursive: true });
    writeFileSync(path.join(temp, file), text);
  }

  before(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-fund-cli-'));
    write('project/package.json', JSON.stringify({ name: 'project', version: '1.0.0', dependencies: { eslint: '^9.0.0', chalk: '^5.0.0' } }));
    write('project/node_modules/eslint/package.json', JSON.stringify({ name: 'eslint', version: '9.1.0', license: 'MIT', funding: { url: 'https://opencollective.com/eslint' }, dependencies: { 'ansi-styles': '^6.0.0' } }, null, 2));
    write('project/node_modules/chalk/package.json', '{\n\t"name": "chalk",\n\t"version": "5.3.0",\n\t"license": "MIT",\n\t"funding": "https://github.com/chalk/chalk?sponsor=1"\n}\n');
    // A hostile field: a "URL" with an escape sequence in it is left out.
    write('project/node_modules/ansi-styles/package.json', JSON.stringify({ name: 'ansi-styles', version: '6.2.1', license: 'MIT', funding: ['https://github.com/chalk/ansi-styles?sponsor=1', 'https://evil.example/\u001b[2J'] }));
    write('project/node_modules/plain/package.json', JSON.stringify({ name: 'plain', version: '1.0.0', license: 'MIT' }));
    write(
      'policy.json',
      JSON.stringify({
        schemaVersion: 1,
        id: 'acme-ospo',
        version: 1,
        issued: '2026-11-01T09:00:00Z',
        sponsorships: [{ match: 'pkg:npm/eslint', how: 'Open Collective, $1,000/month', contact: 'ospo@acme.example' }],
      }),
    );
  });

  after(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  it('--json: exactly the packages that ask, with manifests and sponsorship', async () => {
    const result = await fundCommand(['project', '--offline', '--json', '--policy', 'policy.json'], temp);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      packages: [
        { name: 'ansi-styles', ecosystem: 'npm', funding: ['https://github.com/chalk/ansi-styles?sponsor=1'], manifests: 1 },
        { name: 'chalk', ecosystem: 'npm', funding: ['https://github.com/chalk/chalk?sponsor=1'], manifests: 1 },
        { name: 'eslint', ecosystem: 'npm', funding: ['https://opencollective.com/eslint'], manifests: 1, sponsored: { how: 'Open Collective, $1,000/month', contact: 'ospo@acme.example' } },
      ],
    });
  });

  it('text: a table and a summary', async () => {
    const result = await runCli(['fund', path.join(temp, 'project'), '--offline', '--policy', path.join(temp, 'policy.json')]);
    assert.equal(result.exitCode, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(lines[0], /^PACKAGE\s+ECOSYSTEM\s+MANIFESTS\s+SPONSORED\s+FUNDING$/);
    assert.match(lines[3], /^eslint\s+npm\s+1\s+yes: Open Collective, \$1,000\/month \(ospo@acme\.example\)\s+https:\/\/opencollective\.com\/eslint$/);
    assert.ok(result.stdout.includes('3 packages ask for funding; your organization sponsors 1 of them.'));
    assert.ok(!result.stdout.includes('\u001b'));
    assert.ok(!result.stdout.includes('Shared funding links'), 'no link is shared by two packages here');
  });

  it('text: the funding links several packages share, most shared first, names cut after three', async () => {
    const sindresorhus = 'https://github.com/sponsors/sindresorhus';
    for (const name of ['ansi-escapes', 'bundle-name', 'default-browser', 'is-wsl']) {
      write(`shared/node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0', license: 'MIT', funding: sindresorhus }));
    }
    write('shared/node_modules/webpack/package.json', JSON.stringify({ name: 'webpack', version: '5.0.0', license: 'MIT', funding: { type: 'opencollective', url: 'https://opencollective.com/webpack' } }));
    write('shared/node_modules/css-loader/package.json', JSON.stringify({ name: 'css-loader', version: '7.0.0', license: 'MIT', funding: { type: 'opencollective', url: 'https://opencollective.com/webpack' } }));
    write('shared/package.json', JSON.stringify({ name: 'shared', version: '1.0.0', dependencies: { 'ansi-escapes': '1', 'bundle-name': '1', 'default-browser': '1', 'is-wsl': '1', webpack: '5', 'css-loader': '7' } }));
    const result = await runCli(['fund', path.join(temp, 'shared'), '--offline']);
    const shared = result.stdout.slice(result.stdout.indexOf('Shared funding links'));
    const rows = shared.split('\n').slice(2, 5);
    assert.match(rows[0], /^FUNDING\s+PACKAGES\s+ASKED BY$/);
    assert.match(rows[1], /^https:\/\/github\.com\/sponsors\/sindresorhus\s+4\s+ansi-escapes, bundle-name, default-browser and 1 more$/);
    assert.match(rows[2], /^https:\/\/opencollective\.com\/webpack\s+2\s+css-loader, webpack$/);
  });

  describe('online, in a fresh clone with nothing installed', () => {
    let registry: PackumentServer;
    let restoreCaches: () => void;

    before(async () => {
      // Packuments in the registry's format (npm/registry docs/responses/package-metadata.md), funding in the `latest` version.
      const packuments: Record<string, unknown> = {
        '/@acme%2fwidget': {
          name: '@acme/widget',
          'dist-tags': { latest: '1.2.0' },
          time: { '1.2.0': '2026-10-01T08:00:00.000Z' },
          versions: { '1.2.0': { name: '@acme/widget', version: '1.2.0', license: 'MIT', funding: { type: 'github', url: 'https://github.com/sponsors/acme' } } },
        },
        '/@acme%2fplain': { name: '@acme/plain', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: '@acme/plain', version: '1.0.0', license: 'MIT' } } },
      };
      registry = await servePackuments(Object.fromEntries(Object.entries(packuments).map(([url, body]) => [url, JSON.stringify(body)])));
      write('fresh/package.json', JSON.stringify({ name: 'fresh', version: '1.0.0', dependencies: { '@acme/widget': '^1.0.0', '@acme/plain': '^1.0.0' } }));
      // The project's own .npmrc sends the scope to the server here (the CLI trusts the project it is run on).
      write('fresh/.npmrc', `@acme:registry=${registry.url}\n`);
      write('fresh-policy.json', JSON.stringify({ schemaVersion: 1, id: 'acme-ospo', version: 1, issued: '2026-11-01T09:00:00Z', lookups: { allowed: true, registries: {}, depsDev: false, internal: [] } }));
      restoreCaches = cachesIn(path.join(temp, 'cache'));
    });

    after(async () => {
      restoreCaches();
      await registry.close();
    });

    it('--json: the registry’s funding of the direct dependencies, in the same shape', async () => {
      const result = await fundCommand(['fresh', '--json', '--policy', 'fresh-policy.json'], temp);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), { packages: [{ name: '@acme/widget', ecosystem: 'npm', funding: ['https://github.com/sponsors/acme'], manifests: 1 }] });
      assert.deepEqual([...registry.asked].sort(), ['/@acme%2fplain', '/@acme%2fwidget']);
    });

    it('--offline: nothing is asked, and nothing installed asks', async () => {
      registry.asked.length = 0;
      const result = await fundCommand(['fresh', '--offline', '--policy', 'fresh-policy.json'], temp);
      assert.equal(result.stdout, 'No package of this project asks for funding.\n');
      assert.deepEqual(registry.asked, []);
    });
  });

  it('says so when nothing asks, and refuses two paths with the usage', async () => {
    write('bare/package.json', JSON.stringify({ name: 'bare', version: '1.0.0', dependencies: { plain: '1.0.0' } }));
    write('bare/node_modules/plain/package.json', JSON.stringify({ name: 'plain', version: '1.0.0', license: 'MIT' }));
    const none = await fundCommand(['bare', '--offline'], temp);
    assert.equal(none.stdout, 'No package of this project asks for funding.\n');
    const extra = await runCli(['fund', 'a', 'b']);
    assert.equal(extra.exitCode, 2);
    assert.match(extra.stderr, /usage: ospo-guide fund \[path\] \[--json\] \[--offline\]/);
  });
});
