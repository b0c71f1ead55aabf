import * as assert from 'node:assert/strict';
import { explainCommand } from '../../src/cli/explainCommand';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { CompiledPolicy, type DependencyFacts } from '../../src/core/policy/compiledPolicy';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import { bundledGovernance, bundledGovernanceProblems } from '../../src/core/policy/governance/bundledGovernance';
import { validateFeed } from '../../src/core/policy/validateFeed';
import { findingCode } from '../../src/core/report/findingCode';

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
      assert.match(entry.source ?? '', /^https:\/\//, entry.match);
      entry.relicensed.forEach((change) => assert.match(change.source ?? '', /^https:\/\//, `${entry.match} ${change.date}`));
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
    const text = await explainCommand(['pkg:golang/github.com/hashicorp/vault/api']);
    assert.ok(text.stdout.includes('trust: single-vendor (HashiCorp)\n  - governance: single vendor: HashiCorp ('), text.stdout);
    assert.ok(text.stdout.includes('  - relicensing: MPL-2.0 → BUSL-1.1 on 2023-08-10 (https://www.infoq.com/news/2023/08/hashicorp-adopts-bsl/)'));
    const json = JSON.parse((await explainCommand(['express', '--json'])).stdout) as { trust: { governance: string; steward: string; signals: Array<{ kind: string; value: string; source: string }> } };
    assert.deepEqual([json.trust.governance, json.trust.steward, json.trust.signals[0].kind], ['foundation', 'OpenJS Foundation', 'governance']);
    const unknown = await explainCommand(['pkg:npm/left-pad-ish']);
    assert.ok(unknown.stdout.includes('trust: unknown: no list names it; a package rule can say who governs it'));
  });
});
