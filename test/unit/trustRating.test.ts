import * as assert from 'node:assert/strict';
import { explainCommand } from '../../src/cli/explainCommand';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { CompiledPolicy, type DependencyFacts } from '../../src/core/policy/compiledPolicy';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import { bundledGovernance, bundledGovernanceProblems } from '../../src/core/policy/governance/bundledGovernance';
import { validateFeed } from '../../src/core/policy/validateFeed';
import { findingCode } from '../../src/core/report/findingCode';
import { activityWords } from '../../src/core/report/governanceWords';

const CONTEXT = { repo: null, now: new Date('2026-12-07T12:00:00Z') };
const base = bundledDefaultFeed();
const policy = new CompiledPolicy(base);

function facts(ecosystem: DependencyFacts['ecosystem'], name: string, extra: Partial<DependencyFacts> = {}): DependencyFacts {
  return { ecosystem, name, spec: null, version: '1.0.0', license: 'MIT', ...extra };
}

function feedWith(extra: Record<string, unknown>): PolicyFeed {
  const { feed, errors } = validateFeed({ ...JSON.parse(JSON.stringify({ ...base, licenses: { ...base.licenses, notes: {}, training: {} } })), ...extra });
  assert.deepEqual(errors, []);
  assert.ok(feed);
  return feed;
}

describe('trust rating: governance', () => {
  it('the bundled list reads cleanly, and every entry and relicensing names its public source', () => {
    assert.deepEqual(bundledGovernanceProblems(), []);
    const entries = bundledGovernance();
    assert.ok(entries.length >= 60, `${entries.length} entries`);
    for (const entry of entries) {
      assert.match(entry.source ?? '', /^https:\/\//, entry.match ?? entry.repository);
      entry.relicensed.forEach((change) => assert.match(change.source ?? '', /^https:\/\//, `${entry.match ?? entry.repository} ${change.date}`));
    }
  });

  const rows: Array<{ title: string; dependency: DependencyFacts; governance: string; steward?: string; signals: string[] }> = [
    { title: 'a Kubernetes module: a foundation (CNCF)', dependency: facts('go', 'k8s.io/client-go'), governance: 'foundation', steward: 'Cloud Native Computing Foundation', signals: ['governance: foundation: Cloud Native Computing Foundation'] },
    { title: 'gRPC is named before Google’s namespace: the first entry wins', dependency: facts('go', 'google.golang.org/grpc'), governance: 'foundation', steward: 'Cloud Native Computing Foundation', signals: ['governance: foundation: Cloud Native Computing Foundation'] },
    { title: 'another google.golang.org module: Google', dependency: facts('go', 'google.golang.org/protobuf'), governance: 'single-vendor', steward: 'Google', signals: ['governance: single vendor: Google'] },
    {
      title: 'a HashiCorp module: a single vendor, with its relicensing',
      dependency: facts('go', 'github.com/hashicorp/vault/api', { license: 'MPL-2.0' }),
      governance: 'single-vendor',
      steward: 'HashiCorp',
      signals: ['governance: single vendor: HashiCorp', 'relicensing: MPL-2.0 → BUSL-1.1 on 2023-08-10'],
    },
    { title: 'Maven groups: org.apache.* and io.vertx', dependency: facts('maven', 'org.apache.commons:commons-lang3'), governance: 'foundation', steward: 'Apache Software Foundation', signals: ['governance: foundation: Apache Software Foundation'] },
    { title: 'a Vert.x artifact', dependency: facts('maven', 'io.vertx:vertx-core'), governance: 'foundation', steward: 'Eclipse Foundation', signals: ['governance: foundation: Eclipse Foundation'] },
    { title: 'an npm scope: @elastic', dependency: facts('npm', '@elastic/elasticsearch', { license: 'Apache-2.0' }), governance: 'single-vendor', steward: 'Elastic', signals: ['governance: single vendor: Elastic', 'relicensing: Apache-2.0 → SSPL-1.0 OR Elastic-2.0 on 2021-01-14'] },
    { title: 'a package no list names: unknown, with the health score as its only signal', dependency: facts('npm', 'left-pad-ish', { health: { score: 4.5, source: 'deps.dev' } }), governance: 'unknown', signals: ['scorecard: 4.5 / 10'] },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const { trust } = policy.evaluate(row.dependency, CONTEXT);
      assert.equal(trust.governance, row.governance);
      assert.equal(trust.steward, row.steward);
      assert.deepEqual(
        trust.signals.map((signal) => `${signal.kind}: ${signal.value}`),
        row.signals,
      );
      trust.signals.forEach((signal) => assert.ok(signal.source.length > 0, `${signal.kind} has a source`));
    });
  }

  it('by repository: an unscoped npm package whose repository lies in a vendor’s or a foundation’s organization, said with the repository and where it was read', () => {
    const repository = { location: 'github.com/microsoft/vscode-languageserver-node', source: 'vscode-languageclient 9.0.1 in node_modules' };
    const client = policy.evaluate(facts('npm', 'vscode-languageclient', { repository }), CONTEXT).trust;
    assert.deepEqual([client.governance, client.steward], ['single-vendor', 'Microsoft']);
    assert.equal(client.signals[0].source, 'OSPO Guide’s list of foundations and vendors by its repository github.com/microsoft/vscode-languageserver-node (from vscode-languageclient 9.0.1 in node_modules), from https://github.com/microsoft');
    const body = policy.evaluate(facts('npm', 'body-parser', { repository: { location: 'github.com/expressjs/body-parser', source: 'registry.npmjs.org' } }), CONTEXT).trust;
    assert.deepEqual([body.governance, body.steward], ['foundation', 'OpenJS Foundation']);
    const arrow = policy.evaluate(facts('pypi', 'pyarrow', { repository: { location: 'github.com/apache/arrow', source: 'pyarrow 18.0.0 in .venv' } }), CONTEXT).trust;
    assert.deepEqual([arrow.governance, arrow.steward], ['foundation', 'Apache Software Foundation']);
    const stranger = policy.evaluate(facts('npm', 'left-pad', { repository: { location: 'github.com/stevemao/left-pad', source: 'registry.npmjs.org' } }), CONTEXT).trust;
    assert.equal(stranger.governance, 'unknown');
  });

  it('a Go module on a code host is matched by its path as a repository', () => {
    const collector = policy.evaluate(facts('go', 'github.com/open-telemetry/opentelemetry-collector-contrib/exporter/kafkaexporter'), CONTEXT).trust;
    assert.deepEqual([collector.governance, collector.steward], ['foundation', 'Cloud Native Computing Foundation']);
    assert.match(collector.signals[0].source, /by its repository github\.com\/open-telemetry\/opentelemetry-collector-contrib \(from its module path\)/);
  });

  it('within the policy’s list the first entry naming the package or its repository wins, and the list wins over the bundled one', () => {
    const compiled = new CompiledPolicy(
      feedWith({
        governance: [
          { repository: 'github.com/acme-oss/*', kind: 'community', steward: 'Acme open source community', source: 'https://ospo.acme.example/oss' },
          { match: 'pkg:npm/acme-widgets', kind: 'single-vendor', steward: 'Acme Corp' },
          { repository: 'github.com/microsoft/vscode-languageserver-node', kind: 'community', steward: 'as the OSPO sees it' },
        ],
      }),
    );
    const widgets = compiled.evaluate(facts('npm', 'acme-widgets', { repository: { location: 'github.com/acme-oss/widgets', source: 'registry.npmjs.org' } }), CONTEXT).trust;
    assert.deepEqual([widgets.governance, widgets.steward], ['community', 'Acme open source community']);
    const client = compiled.evaluate(facts('npm', 'vscode-languageclient', { repository: { location: 'github.com/microsoft/vscode-languageserver-node', source: 'registry.npmjs.org' } }), CONTEXT).trust;
    assert.deepEqual([client.governance, client.steward], ['community', 'as the OSPO sees it']);
    assert.match(client.signals[0].source, /^governance #3 of the policy .* by its repository github\.com\/microsoft\/vscode-languageserver-node \(from registry\.npmjs\.org\)$/);
  });

  it('repository patterns are checked: host and path in lower case, no scheme, * only at the end, and not beside match', () => {
    const { errors } = validateFeed({
      ...JSON.parse(JSON.stringify(base)),
      licenses: { ...base.licenses, notes: {}, training: {} },
      governance: [
        { repository: 'https://github.com/apache/*', kind: 'foundation' },
        { repository: 'GitHub.com/Apache/*', kind: 'foundation' },
        { repository: 'github.com/*/x', kind: 'foundation' },
        { repository: 'github.com', kind: 'foundation' },
        { repository: 'github.com/apache/*', match: 'pkg:npm/x', kind: 'foundation' },
        { kind: 'foundation' },
        { repository: 'gitbox.apache.org/*', kind: 'foundation' },
        { repository: 'github.com/apache/commons-lang', kind: 'foundation' },
      ],
    });
    assert.deepEqual(
      errors.map((error) => error.path),
      ['governance[0].repository', 'governance[1].repository', 'governance[2].repository', 'governance[3].repository', 'governance[4]', 'governance[5]'],
    );
  });

  it('the registry’s latest release and maintainer count are signals with their source, in words for the tree’s tooltip', () => {
    const activity = { latestRelease: { version: '9.0.1', date: '2023-10-06' }, maintainers: 3, source: 'registry.npmjs.org' };
    const { trust } = policy.evaluate(facts('npm', 'left-pad-ish', { activity }), CONTEXT);
    assert.deepEqual(
      trust.signals.map((signal) => `${signal.kind}: ${signal.value} (${signal.source})`),
      ['latest-release: 9.0.1 on 2023-10-06 (registry.npmjs.org)', 'maintainers: 3 (registry.npmjs.org)'],
    );
    assert.equal(activityWords(trust), 'latest release 9.0.1 on 2023-10-06, 3 maintainers');
    assert.equal(activityWords(policy.evaluate(facts('npm', 'x', { activity: { maintainers: 1, source: 'registry.npmjs.org' } }), CONTEXT).trust), '1 maintainer');
    assert.equal(activityWords(policy.evaluate(facts('npm', 'x'), CONTEXT).trust), undefined);
  });

  it("the policy's list wins over the bundled one, and a package rule over both", () => {
    const feed = feedWith({
      governance: [{ match: 'pkg:golang/github.com/hashicorp/*', kind: 'community', steward: 'OpenTofu-minded fork team', source: 'https://ospo.acme.example/governance' }],
      packages: [...base.packages, { match: 'pkg:golang/github.com/hashicorp/vault/api', governance: { kind: 'foundation', steward: 'A foundation, as the OSPO knows it' } }],
    });
    const compiled = new CompiledPolicy(feed);
    const listed = compiled.evaluate(facts('go', 'github.com/hashicorp/consul/api'), CONTEXT).trust;
    assert.deepEqual([listed.governance, listed.steward, listed.signals[0].source], ['community', 'OpenTofu-minded fork team', `governance #1 of the policy ${feed.id}, from https://ospo.acme.example/governance`]);
    const ruled = compiled.evaluate(facts('go', 'github.com/hashicorp/vault/api'), CONTEXT).trust;
    assert.equal(ruled.governance, 'foundation');
    assert.match(ruled.signals[0].source, /^package rule #\d+ of the policy /);
  });

  it('trust.relicensingVendor turns a single vendor with a relicensing history into the verdict it names, said plainly; never a better verdict', () => {
    const compiled = new CompiledPolicy(feedWith({ trust: { relicensingVendor: 'review' } }));
    const finding = compiled.evaluate(facts('go', 'github.com/hashicorp/vault/api', { license: 'MIT' }), CONTEXT);
    assert.equal(finding.verdict, 'review');
    assert.equal(finding.decisive.kind, 'trust');
    assert.equal(finding.decisive.message, 'HashiCorp alone governs this package and has relicensed before (MPL-2.0 to BUSL-1.1 on 2023-08-10); the policy sends such packages to review.');
    assert.deepEqual(finding.decisive.rule, { section: 'trust', key: 'relicensingVendor' });
    assert.equal(findingCode(finding), 'governance-risk');
    assert.equal(compiled.evaluate(facts('go', 'github.com/hashicorp/vault/api', { license: 'AGPL-3.0-only' }), CONTEXT).verdict, 'deny');
    assert.equal(compiled.evaluate(facts('go', 'github.com/google/uuid'), CONTEXT).verdict, 'allow', 'a single vendor without a relicensing');
    assert.equal(policy.evaluate(facts('go', 'github.com/hashicorp/vault/api'), CONTEXT).verdict, 'allow', 'without trust rules the rating only informs');
  });

  it('trust.noReleaseFor and trust.soleMaintainer turn the registry’s activity into verdicts, said plainly; silence is no evidence', () => {
    const compiled = new CompiledPolicy(feedWith({ trust: { noReleaseFor: { days: 730, verdict: 'review' }, soleMaintainer: 'deny' } }));
    const old = { latestRelease: { version: '1.3.0', date: '2018-04-09' }, maintainers: 2, source: 'registry.npmjs.org' };
    const stale = compiled.evaluate(facts('npm', 'left-pad', { activity: old }), CONTEXT);
    assert.equal(stale.verdict, 'review');
    assert.equal(stale.decisive.message, 'The latest release, 1.3.0 on 2018-04-09, is 3,164 days old (registry.npmjs.org); the policy sends projects with no release in 730 days to review.');
    assert.deepEqual(stale.decisive.rule, { section: 'trust', key: 'noReleaseFor' });
    assert.equal(findingCode(stale), 'no-recent-release');
    const recent = { latestRelease: { version: '9.0.1', date: '2026-01-10' }, maintainers: 1, source: 'registry.npmjs.org' };
    const sole = compiled.evaluate(facts('npm', 'tiny-lib', { activity: recent }), CONTEXT);
    assert.equal(sole.verdict, 'deny');
    assert.equal(sole.decisive.message, 'One account alone can publish this package (registry.npmjs.org); the policy sends such packages to deny.');
    assert.equal(findingCode(sole), 'sole-maintainer');
    assert.equal(compiled.evaluate(facts('npm', 'fresh', { activity: { ...recent, maintainers: 4 } }), CONTEXT).verdict, 'allow');
    assert.equal(compiled.evaluate(facts('npm', 'unsaid'), CONTEXT).verdict, 'allow', 'no registry data: nothing judged');
    assert.equal(compiled.evaluate(facts('npm', 'left-pad', { activity: old, license: 'GPL-3.0-only' }), CONTEXT).verdict, 'deny', 'never a better verdict than the license’s');
    assert.equal(policy.evaluate(facts('npm', 'left-pad', { activity: { ...old, maintainers: 1 } }), CONTEXT).verdict, 'allow', 'without trust rules the activity only informs');
    const { errors } = validateFeed({ ...JSON.parse(JSON.stringify(base)), licenses: { ...base.licenses, notes: {}, training: {} }, trust: { noReleaseFor: { days: 0, verdict: 'allow' }, soleMaintainer: 'warn' } });
    assert.deepEqual(
      errors.map((error) => error.path),
      ['trust.noReleaseFor.days', 'trust.noReleaseFor.verdict', 'trust.soleMaintainer'],
    );
  });

  it('the feed is checked: kind, https sources and relicensing dates', () => {
    const { errors } = validateFeed({
      ...JSON.parse(JSON.stringify(base)),
      licenses: { ...base.licenses, notes: {}, training: {} },
      governance: [{ match: 'pkg:npm/x', kind: 'company', source: 'http://x.example' }, { match: 'pkg:npm/y', kind: 'single-vendor', relicensed: [{ from: 'MIT', to: 'BUSL-1.1' }] }],
      trust: { relicensingVendor: 'allow' },
    });
    assert.deepEqual(
      errors.map((error) => error.path),
      ['governance[0].kind', 'governance[0].source', 'governance[1].relicensed[0].date', 'trust.relicensingVendor'],
    );
  });

  it('explain says it, in words and as JSON (trust: { governance, steward, signals })', async () => {
    const text = await explainCommand(['pkg:golang/github.com/hashicorp/vault/api', '--offline']);
    assert.ok(text.stdout.includes('trust: single-vendor (HashiCorp)\n  - governance: single vendor: HashiCorp ('), text.stdout);
    assert.ok(text.stdout.includes('  - relicensing: MPL-2.0 → BUSL-1.1 on 2023-08-10 (https://www.infoq.com/news/2023/08/hashicorp-adopts-bsl/)'));
    const json = JSON.parse((await explainCommand(['express', '--json', '--offline'])).stdout) as { trust: { governance: string; steward: string; signals: Array<{ kind: string; value: string; source: string }> } };
    assert.deepEqual([json.trust.governance, json.trust.steward, json.trust.signals[0].kind], ['foundation', 'OpenJS Foundation', 'governance']);
    const unknown = await explainCommand(['pkg:npm/left-pad-ish', '--offline']);
    assert.ok(unknown.stdout.includes('trust: unknown: no list names it; a package rule can say who governs it'));
  });
});
