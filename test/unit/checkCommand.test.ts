import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkCommand } from '../../src/cli/checkCommand';
import { explainCommand } from '../../src/cli/explainCommand';
import { runCli } from '../../src/cli/main';
import type { CheckReport } from '../../src/core/report/checkReport';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');
const POLICY = path.join(FIXTURES, 'policies/test-policy.json');
const NOW = new Date('2026-11-23T00:00:00Z');

async function checkJson(...args: string[]): Promise<{ report: CheckReport; exitCode: number }> {
  const output = await checkCommand(['checkWorkspace', '--offline', '--policy', POLICY, '--format', 'json', ...args], FIXTURES, NOW);
  return { report: JSON.parse(output.stdout) as CheckReport, exitCode: output.exitCode };
}

describe('ospo-guide check', () => {
  it('finds manifests below the paths, skipping node_modules and virtual environments', async () => {
    const { report } = await checkJson();
    assert.deepEqual([...new Set(report.findings.map((finding) => finding.file))].sort(), [
      path.join('checkWorkspace', 'app', 'Cargo.toml'),
      path.join('checkWorkspace', 'app', 'requirements.txt'),
      path.join('checkWorkspace', 'package.json'),
    ]);
    assert.deepEqual(report.policy, { id: 'fixture-ospo', version: 4 });
    assert.equal(report.summary.manifests, 3);
  });

  it('gives each direct dependency its verdict, line and reasons', async () => {
    const { report } = await checkJson();
    const byName = new Map(report.findings.map((finding) => [finding.name, finding]));
    assert.deepEqual(
      [...byName.entries()].map(([name, finding]) => [name, finding.verdict, finding.line]).sort(),
      [
        ['express', 'allow', 4],
        ['mongoose-agpl', 'deny', 5],
        ['mystery', 'unknown', 7],
        ['needs-look', 'review', 6],
        ['requests', 'review', 1],
        ['serde', 'allow', 6],
      ],
    );
    const requests = byName.get('requests');
    assert.equal(requests?.version, '2.31.0');
    assert.equal(requests?.code, 'advisory');
    assert.deepEqual(requests?.advisories.map((advisory) => advisory.id), ['FIXTURE-1']);
    assert.equal(byName.get('serde')?.license, 'MIT OR Apache-2.0');
    assert.deepEqual(report.summary.byVerdict, { deny: 1, review: 2, unknown: 1, allow: 2 });
  });

  it('gives the rule behind each verdict as data, in the finding and in its reasons', async () => {
    const { report } = await checkJson();
    const feed = JSON.parse(readFileSync(POLICY, 'utf8')) as { advisories: { id: string }[]; packages: { match: string }[] };
    const byName = new Map(report.findings.map((finding) => [finding.name, finding]));
    const advisory = { section: 'advisories', index: feed.advisories.findIndex((entry) => entry.id === 'FIXTURE-1'), id: 'FIXTURE-1' };
    assert.deepEqual(byName.get('requests')?.rule, advisory);
    assert.ok(byName.get('requests')?.reasons.some((reason) => JSON.stringify(reason.rule) === JSON.stringify(advisory)));
    assert.deepEqual(byName.get('mongoose-agpl')?.rule, { section: 'licenses', key: 'deny', license: 'AGPL-3.0-only' });
    const curation = byName.get('mongoose-agpl')?.reasons.find((reason) => reason.kind === 'data');
    assert.deepEqual(curation?.rule, { section: 'packages', index: feed.packages.findIndex((rule) => rule.match === 'pkg:npm/mongoose-agpl'), match: 'pkg:npm/mongoose-agpl' });
  });

  const failOn: [string[], number][] = [
    [[], 1],
    [['--fail-on', 'deny'], 1],
    [['--fail-on', 'review'], 1],
    [['--fail-on', 'never'], 0],
  ];
  for (const [args, exitCode] of failOn) {
    it(`exits ${exitCode} with ${args.join(' ') || 'the default --fail-on deny'}`, async () => {
      assert.equal((await checkJson(...args)).exitCode, exitCode);
    });
  }

  it('exits 0 when nothing reaches the threshold', async () => {
    const output = await checkCommand(['checkWorkspace/app/Cargo.toml', '--offline', '--policy', POLICY, '--fail-on', 'review'], FIXTURES, NOW);
    assert.equal(output.exitCode, 0);
  });

  it('writes SARIF 2.1.0 with one rule per code and relative locations', async () => {
    const output = await checkCommand(['checkWorkspace', '--offline', '--policy', POLICY, '--format', 'sarif'], FIXTURES, NOW);
    const sarif = JSON.parse(output.stdout) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const [run] = sarif.runs;
    assert.equal(run.tool.driver.name, 'OSPO Guide');
    const results = run.results.map((result) => [result.ruleId, result.level, result.locations[0].physicalLocation.artifactLocation.uri, result.locations[0].physicalLocation.region.startLine]);
    assert.deepEqual(results.sort(), [
      ['advisory', 'warning', 'checkWorkspace/app/requirements.txt', 1],
      ['license-denied', 'error', 'checkWorkspace/package.json', 5],
      ['license-review', 'warning', 'checkWorkspace/package.json', 6],
      ['license-unknown', 'note', 'checkWorkspace/package.json', 7],
    ]);
    for (const result of run.results) {
      assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    }
  });

  it("puts the feed's rule behind a SARIF result in its property bag, as the JSON report has it", async () => {
    const sarif = JSON.parse((await checkCommand(['checkWorkspace', '--offline', '--policy', POLICY, '--format', 'sarif'], FIXTURES, NOW)).stdout) as {
      runs: { results: { ruleId: string; properties: { purl: string; policyRule?: unknown } }[] }[];
    };
    const { report } = await checkJson();
    const results = sarif.runs[0].results;
    assert.ok(results.length > 0);
    for (const result of results) {
      const finding = report.findings.find((candidate) => candidate.purl === result.properties.purl);
      assert.ok(finding?.rule, result.properties.purl);
      assert.deepEqual(result.properties.policyRule, finding.rule);
    }
    assert.deepEqual(results.find((result) => result.ruleId === 'advisory')?.properties.policyRule, { section: 'advisories', index: 0, id: 'FIXTURE-1' });
  });

  it('prints a readable report with a summary line', async () => {
    const output = await checkCommand(['checkWorkspace', '--offline', '--policy', POLICY], FIXTURES, NOW);
    const lines = output.stdout.trimEnd().split('\n');
    assert.match(lines.at(-1) ?? '', /^1 denied, 2 to review, 1 unknown license, 2 allowed \(6 direct dependencies in 3 manifests; policy fixture-ospo v4/);
    assert.ok(lines.some((line) => /5:6\s+✖ deny\s+mongoose-agpl \^1\.0\.0\s+AGPL-3\.0-only\s+AGPL-3\.0-only is not allowed/.test(line)), output.stdout);
  });

  it('counts dependencies without license data as unknown, says where the policy sends them and, on stderr, what would resolve them', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'ospo-unresolved-'));
    try {
      writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { express: '^4.18.2', 'left-pad': '^1.3.0' } }));
      writeFileSync(path.join(project, 'go.mod'), 'module example.com/x\n\ngo 1.21\n\nrequire github.com/spf13/cobra v1.8.0\n');
      const output = await checkCommand([project, '--offline'], project, NOW);
      assert.match(output.stdout, /0 denied, 0 to review, 3 unknown license \(the policy sends them to review\), 0 allowed/);
      assert.match(output.stdout, /\? unknown\s+express \^4\.18\.2/);
      assert.equal(output.exitCode, 0, 'review is below the default --fail-on deny');
      const notes = (output.stderr ?? '').trimEnd().split('\n');
      assert.deepEqual(notes, [
        'ospo-guide: 2 npm dependencies have no license data: nothing installed or locked here describes them, and registry lookups are not allowed. To fix: run again without --offline, or install.',
        'ospo-guide: 1 Go dependency has no license data: nothing installed or locked here describes them, and registry lookups are not allowed. To fix: run again without --offline, or install.',
      ]);
      const json = JSON.parse((await checkCommand([project, '--offline', '--format', 'json'], project, NOW)).stdout) as CheckReport;
      assert.deepEqual(json.summary.byVerdict, { deny: 0, review: 0, unknown: 3, allow: 0 });
      assert.equal(json.summary.unknownSentTo, 'review');
      assert.deepEqual(
        json.findings.map((finding) => [finding.verdict, finding.shown, finding.code]),
        [0, 1, 2].map(() => ['review', 'unknown', 'license-unknown']),
        'JSON keeps the policy verdict for --fail-on',
      );
      assert.equal((await checkCommand([project, '--offline', '--fail-on', 'review'], project, NOW)).exitCode, 1);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("looks nothing up where the OSPO's feed allows no lookups, and says so", async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'ospo-no-lookups-'));
    try {
      writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { 'not-in-any-feed': '^1.0.0' } }));
      const feed = { ...(JSON.parse(readFileSync(POLICY, 'utf8')) as object), lookups: { allowed: false } };
      writeFileSync(path.join(project, 'policy.json'), JSON.stringify(feed));
      // Not --offline: the feed alone keeps the names on this machine (a lookup would need the network, and fail slowly).
      const started = Date.now();
      const output = await checkCommand([project, '--policy', path.join(project, 'policy.json')], project, NOW);
      assert.ok(Date.now() - started < 5_000, 'no request was attempted');
      assert.match(output.stderr ?? '', /1 npm dependency has no license data: nothing installed or locked here describes them, and your OSPO's policy allows no lookups\. To fix: run npm ci \(or npm install\)\./);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('uses the bundled default policy without --policy', async () => {
    const output = await checkCommand(['checkWorkspace', '--offline', '--format', 'json'], FIXTURES, NOW);
    assert.equal((JSON.parse(output.stdout) as CheckReport).policy.id, 'ospo-guide-default');
  });

  const usage: [string, string[], RegExp][] = [
    ['an invalid policy', ['check', '--offline', '--policy', path.join(FIXTURES, 'manifests/Cargo.toml')], /is not valid JSON/],
    ['a missing policy', ['check', '--offline', '--policy', path.join(FIXTURES, 'nope.json')], /cannot read the policy/],
    ['a wrong --format', ['check', '--offline', '--format', 'xml'], /--format must be one of text, json, sarif/],
    ['a wrong --fail-on', ['check', '--offline', '--fail-on', 'unknown'], /--fail-on must be one of deny, review, never/],
    ['a missing path', ['check', '--offline', path.join(FIXTURES, 'does-not-exist')], /no such file or directory/],
  ];
  for (const [title, argv, message] of usage) {
    it(`exits 2 with a clear message for ${title}`, async () => {
      const result = await runCli(argv);
      assert.equal(result.exitCode, 2, result.stderr);
      assert.match(result.stderr, message);
    });
  }
});

describe('ospo-guide explain', () => {
  async function explain(...args: string[]): Promise<{ verdict: string; reasons: { message: string }[] }> {
    const output = await explainCommand([...args, '--policy', POLICY, '--json', '--offline'], FIXTURES, NOW);
    assert.equal(output.exitCode, 0);
    return JSON.parse(output.stdout) as { verdict: string; reasons: { message: string }[] };
  }

  const rows: [string, string[], string, RegExp][] = [
    ['an OR expression takes the best choice', ['--license', 'AGPL-3.0-only OR MIT'], 'allow', /MIT chosen over AGPL-3\.0-only/],
    ['AND takes the worst', ['--license', 'MIT AND MPL-2.0'], 'review', /MPL-2\.0/],
    ['a corrected name', ['--license', 'Apache 2.0'], 'allow', /Apache-2\.0/],
    ['garbage is unknown', ['--license', '???'], 'unknown', /./],
    ['a purl with a version inside an advisory range', ['pkg:pypi/requests@2.31.0'], 'review', /FIXTURE-1/],
    ['a purl with --version outside it', ['pkg:pypi/requests', '--version', '2.32.0'], 'allow', /Apache-2\.0/],
    ['a bare name found in the package rules', ['mongoose-agpl'], 'deny', /AGPL-3\.0-only/],
  ];
  for (const [title, args, verdict, reason] of rows) {
    it(title, async () => {
      const result = await explain(...args);
      assert.equal(result.verdict, verdict, JSON.stringify(result.reasons));
      assert.ok(result.reasons.some((item) => reason.test(item.message)), JSON.stringify(result.reasons));
    });
  }

  it('prints verdict and reasons as text', async () => {
    const output = await explainCommand(['--license', 'MPL-2.0', '--policy', POLICY], FIXTURES, NOW);
    assert.match(output.stdout, /^MPL-2\.0: review\n {2}- /);
  });

  it('says which rule of the feed each reason comes from, counted from 1 as people count', async () => {
    const output = await explainCommand(['mongoose-agpl', '--policy', POLICY, '--offline'], FIXTURES, NOW);
    const position = (JSON.parse(readFileSync(POLICY, 'utf8')) as { packages: { match: string }[] }).packages.findIndex((rule) => rule.match === 'pkg:npm/mongoose-agpl');
    assert.ok(output.stdout.includes(`[rule: packages #${position + 1} (pkg:npm/mongoose-agpl)]`), output.stdout);
    assert.ok(output.stdout.includes('[rule: licenses deny list (AGPL-3.0-only)]'), output.stdout);
    assert.doesNotMatch(output.stdout, /packages\[|licenses\.deny/);
  });

  it('gives the rule of each reason as data in --json', async () => {
    const output = await explainCommand(['pkg:pypi/requests@2.31.0', '--policy', POLICY, '--json', '--offline'], FIXTURES, NOW);
    const feed = JSON.parse(readFileSync(POLICY, 'utf8')) as { packages: { match: string }[]; advisories: { id: string }[] };
    const rules = (JSON.parse(output.stdout) as { reasons: { rule?: unknown }[] }).reasons.map((reason) => reason.rule);
    assert.deepEqual(rules, [
      { section: 'packages', index: feed.packages.findIndex((rule) => rule.match === 'pkg:pypi/requests'), match: 'pkg:pypi/requests' },
      { section: 'licenses', key: 'allow', license: 'Apache-2.0' },
      { section: 'advisories', index: feed.advisories.findIndex((advisory) => advisory.id === 'FIXTURE-1'), id: 'FIXTURE-1' },
    ]);
  });

  it('refuses both a license and a package, or neither', async () => {
    assert.equal((await runCli(['explain'])).exitCode, 2);
    assert.equal((await runCli(['explain', 'lodash', '--license', 'MIT'])).exitCode, 2);
    assert.match((await runCli(['explain', 'pkg:npm/lodash*'])).stderr, /must name one package/);
  });
});
