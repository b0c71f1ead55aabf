import * as assert from 'node:assert/strict';
import { CompiledPolicy, type DependencyFacts, type Finding } from '../../src/core/policy/compiledPolicy';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import type { RuleRef } from '../../src/core/policy/ruleRef';
import { validateFeed } from '../../src/core/policy/validateFeed';
import { findingCode } from '../../src/core/report/findingCode';

const feedJson = {
  schemaVersion: 1,
  id: 'test-ospo',
  version: 7,
  issued: '2026-11-01T00:00:00Z',
  licenses: { allow: ['MIT', 'Apache-2.0'], review: ['MPL-2.0'], deny: ['AGPL-3.0-only', 'SSPL-1.0'], default: 'review', unknown: 'review', training: { 'AGPL-3.0-only': ['network-copyleft'] } },
  packages: [
    { match: 'pkg:npm/redis', versions: '>=4.7.0', license: 'SSPL-1.0', reason: 'License changed in 4.7.0.', alternatives: [{ purl: 'pkg:npm/iovalkey', spec: '^0.3.0' }], training: ['license-changes'] },
    { match: 'pkg:npm/curated', license: 'MIT' },
    { match: 'pkg:npm/blessed', license: 'AGPL-3.0-only', verdict: 'allow', reason: 'Used only as an internal tool; approved by legal.' },
    { match: 'pkg:npm/@acme/*', verdict: 'allow', reason: 'Our own packages.', support: { level: 'internal', note: 'Team Platform owns these.' } },
    { match: 'pkg:npm/layered', license: 'MIT', support: { level: 'community' } },
    { match: 'pkg:npm/layered', support: { level: 'vendor', note: 'Later rule wins.' }, health: { score: 1.5, source: 'OpenSSF Scorecard' } },
    { match: 'pkg:pypi/zope-interface', verdict: 'deny', reason: 'Banned for the test.' },
  ],
  health: { warnBelow: 5, denyBelow: 2 },
  advisories: [{ id: 'TEST-1', aliases: ['CVE-2026-1'], summary: 'Remote code execution', affected: [{ package: { ecosystem: 'npm', name: 'leftish' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] }], verdict: 'deny' }],
  exceptions: [
    { match: 'pkg:npm/agpl-thing', repos: ['github.com/acme/*'], until: '2027-01-31', ticket: 'OSPO-1', verdict: 'allow' },
    { match: 'pkg:npm/old-exception', until: '2026-01-31', ticket: 'OSPO-0', verdict: 'allow' },
  ],
};

const NOW = new Date('2026-11-23T12:00:00Z');
const ACME = { repo: 'github.com/acme/tool', now: NOW };
const policy = new CompiledPolicy(validateFeed(feedJson).feed as PolicyFeed);

function npm(name: string, extra: Partial<DependencyFacts> = {}): DependencyFacts {
  return { ecosystem: 'npm', name, spec: null, ...extra };
}

interface Row {
  readonly title: string;
  readonly dependency: DependencyFacts;
  readonly context?: { repo: string | null; now: Date };
  readonly compiled?: CompiledPolicy;
  readonly verdict: Finding['verdict'];
  readonly decidedBy?: Finding['decidedBy'];
  readonly code?: string | null;
  readonly reason?: RegExp;
  /** The decisive reason's reference to the policy, as data. */
  readonly rule?: RuleRef;
  readonly check?: (finding: Finding) => void;
}

const rows: Row[] = [
  { title: 'an allowed license from data', dependency: npm('express', { license: 'MIT', licenseSource: 'package-lock.json' }), verdict: 'allow', code: null, check: (f) => assert.equal(f.licenseSource, 'package-lock.json') },
  {
    title: 'no data: unknown mapped to review keeps the verdict, is coded and shown as unknown',
    dependency: npm('mystery'),
    verdict: 'review',
    code: 'license-unknown',
    reason: /No license information/,
    rule: { section: 'licenses', key: 'unknown' },
    check: (f) => {
      assert.equal(f.shown, 'unknown');
      assert.equal(f.licenseMissing, true);
    },
  },
  {
    title: 'no data under a policy that denies unknown licenses: denied and shown denied',
    dependency: npm('mystery'),
    compiled: new CompiledPolicy(validateFeed({ ...feedJson, licenses: { ...feedJson.licenses, unknown: 'deny' } }).feed as PolicyFeed),
    verdict: 'deny',
    code: 'license-unknown',
    check: (f) => assert.equal(f.shown, 'deny'),
  },
  {
    title: 'text that names no license is data, not missing data',
    dependency: npm('odd', { license: 'See LICENSE file' }),
    verdict: 'review',
    code: 'license-review',
    check: (f) => {
      assert.equal(f.shown, 'review');
      assert.equal(f.licenseMissing, false);
    },
  },
  { title: 'a denied license from data', dependency: npm('gpl-ish', { license: 'AGPL-3.0-only' }), verdict: 'deny', code: 'license-denied', rule: { section: 'licenses', key: 'deny', license: 'AGPL-3.0-only' }, check: (f) => assert.deepEqual(f.training, ['network-copyleft']) },
  { title: 'OR takes the best', dependency: npm('dual', { license: 'AGPL-3.0-only OR MIT' }), verdict: 'allow' },
  { title: 'AND takes the worst', dependency: npm('both', { license: 'MIT AND MPL-2.0' }), verdict: 'review', code: 'license-review' },
  {
    title: 'a versioned rule applies to a version inside its range, with curation beating data',
    dependency: npm('redis', { version: '4.7.0', license: 'MIT' }),
    verdict: 'deny',
    decidedBy: 'license',
    reason: /curated this package's license as SSPL-1\.0/,
    rule: { section: 'licenses', key: 'deny', license: 'SSPL-1.0' },
    check: (f) => {
      const curation = f.reasons.find((reason) => reason.kind === 'data');
      assert.deepEqual(curation?.rule, { section: 'packages', index: 0, match: 'pkg:npm/redis' });
      assert.equal(f.license, 'SSPL-1.0');
      assert.equal(f.licenseSource, 'feed curation');
      assert.deepEqual(f.alternatives, [{ purl: 'pkg:npm/iovalkey', spec: '^0.3.0' }]);
      assert.deepEqual(f.training, ['license-changes']);
      assert.ok(f.reasons.some((reason) => reason.message === 'License changed in 4.7.0.'));
    },
  },
  { title: 'a versioned rule does not apply below its range', dependency: npm('redis', { version: '4.6.14', license: 'MIT' }), verdict: 'allow' },
  { title: 'a versioned rule applies when only a spec is known and it intersects', dependency: npm('redis', { spec: '^4.6.0', license: 'MIT' }), verdict: 'deny' },
  { title: 'an exact spec counts as the version', dependency: npm('redis', { spec: '4.6.0', license: 'MIT' }), verdict: 'allow', check: (f) => assert.equal(f.version, '4.6.0') },
  { title: 'a versioned rule does not apply without version or spec', dependency: npm('redis', { license: 'MIT' }), verdict: 'allow' },
  { title: 'curation gives a license where data has none', dependency: npm('curated'), verdict: 'allow', check: (f) => assert.equal(f.license, 'MIT') },
  { title: 'a rule verdict overrides the license verdict', dependency: npm('blessed'), verdict: 'allow', decidedBy: 'package-rule', rule: { section: 'packages', index: 2, match: 'pkg:npm/blessed' }, check: (f) => assert.equal(f.licenseVerdict, 'deny') },
  { title: 'a prefix rule matches a scope', dependency: npm('@acme/ui'), verdict: 'allow', check: (f) => assert.equal(f.support?.level, 'internal') },
  { title: 'a PyPI rule matches any spelling (PEP 503)', dependency: { ecosystem: 'pypi', name: 'Zope.Interface', spec: null }, verdict: 'deny', code: 'package-denied', reason: /Banned/, rule: { section: 'packages', index: 6, match: 'pkg:pypi/zope-interface' } },
  {
    title: 'later rules win field by field, and a low health score denies',
    dependency: npm('layered'),
    verdict: 'deny',
    decidedBy: 'health',
    code: 'health-low',
    reason: /Health score 1\.5 \(OpenSSF Scorecard\) is below 2/,
    rule: { section: 'health', key: 'denyBelow' },
    check: (f) => {
      assert.equal(f.support?.level, 'vendor');
      assert.equal(f.license, 'MIT');
      assert.equal(f.health?.verdict, 'deny');
    },
  },
  { title: 'a middling health score from data gives review', dependency: npm('meh', { license: 'MIT', health: { score: 4.2, source: 'deps.dev' } }), verdict: 'review', code: 'health-low', rule: { section: 'health', key: 'warnBelow' } },
  { title: 'a good health score changes nothing', dependency: npm('fine', { license: 'MIT', health: { score: 8, source: 'deps.dev' } }), verdict: 'allow', check: (f) => assert.equal(f.health?.verdict, undefined) },
  { title: 'an advisory affecting the version denies', dependency: npm('leftish', { version: '1.2.3', license: 'MIT' }), verdict: 'deny', decidedBy: 'advisory', code: 'advisory', reason: /TEST-1/, rule: { section: 'advisories', index: 0, id: 'TEST-1' }, check: (f) => assert.equal(f.advisories[0].id, 'TEST-1') },
  { title: 'a fixed version is not affected', dependency: npm('leftish', { version: '2.0.0', license: 'MIT' }), verdict: 'allow' },
  { title: 'an exception scoped to the repository allows', dependency: npm('agpl-thing', { license: 'AGPL-3.0-only' }), context: ACME, verdict: 'allow', decidedBy: 'exception', reason: /OSPO-1/, rule: { section: 'exceptions', index: 0, match: 'pkg:npm/agpl-thing' } },
  { title: 'the same exception does not apply to another repository', dependency: npm('agpl-thing', { license: 'AGPL-3.0-only' }), context: { repo: 'github.com/other/tool', now: NOW }, verdict: 'deny' },
  { title: 'the same exception does not apply without a repository', dependency: npm('agpl-thing', { license: 'AGPL-3.0-only' }), context: { repo: null, now: NOW }, verdict: 'deny' },
  { title: 'an exception ends after its date', dependency: npm('agpl-thing', { license: 'AGPL-3.0-only' }), context: { repo: 'github.com/acme/tool', now: new Date('2027-02-01T00:00:00Z') }, verdict: 'deny', reason: /expired on 2027-01-31/ },
  {
    title: 'an expired exception is reported and ignored',
    dependency: npm('old-exception', { license: 'MIT' }),
    verdict: 'allow',
    code: 'exception-expired',
    check: (f) => {
      assert.equal(f.expiredExceptions.length, 1);
      assert.deepEqual(f.reasons.find((reason) => reason.kind === 'exception-expired')?.rule, { section: 'exceptions', index: 1, match: 'pkg:npm/old-exception' });
    },
  },
];

describe('policy evaluation', () => {
  for (const row of rows) {
    it(row.title, () => {
      const finding = (row.compiled ?? policy).evaluate(row.dependency, row.context ?? ACME);
      assert.equal(finding.verdict, row.verdict, JSON.stringify(finding.reasons));
      if (row.decidedBy) {
        assert.equal(finding.decidedBy, row.decidedBy);
      }
      if (row.code !== undefined) {
        assert.equal(findingCode(finding), row.code);
      }
      if (row.reason) {
        assert.ok(finding.reasons.some((reason) => row.reason?.test(reason.message)), JSON.stringify(finding.reasons));
      }
      if (row.rule) {
        assert.deepEqual(finding.decisive.rule, row.rule);
      }
      row.check?.(finding);
    });
  }

  it('names the package with a purl', () => {
    assert.equal(policy.evaluate({ ecosystem: 'maven', name: 'org.slf4j:slf4j-api', spec: '2.0.13' }, ACME).purl, 'pkg:maven/org.slf4j/slf4j-api');
  });
});
