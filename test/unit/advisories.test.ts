import * as assert from 'node:assert/strict';
import type { Ecosystem } from '../../src/core/manifests/types';
import { AdvisoryIndex, advisoryPackageName, affectedAdvisories, ecosystemFromOsv, isInOsvRange, osvEcosystem } from '../../src/core/policy/advisories';
import type { Advisory, OsvEcosystem, OsvEvent } from '../../src/core/policy/feedModel';

type RangeType = 'SEMVER' | 'ECOSYSTEM';

function advisory(
  id: string,
  ecosystem: OsvEcosystem,
  name: string,
  ranges: readonly { type?: RangeType; events: readonly OsvEvent[] }[],
  extra: { versions?: readonly string[]; verdict?: 'deny' | 'review'; aliases?: readonly string[]; summary?: string } = {},
): Advisory {
  return {
    id,
    aliases: extra.aliases ?? [],
    summary: extra.summary,
    affected: [
      {
        package: { ecosystem, name },
        ranges: ranges.map((range) => ({ type: range.type ?? 'ECOSYSTEM', events: range.events })),
        versions: extra.versions ?? [],
      },
    ],
    verdict: extra.verdict ?? 'deny',
  };
}

describe('advisories: OSV range evaluation', () => {
  // [ecosystem, type, events, version, affected?]
  const cases: readonly (readonly [Ecosystem, RangeType, readonly OsvEvent[], string, boolean])[] = [
    ['npm', 'SEMVER', [{ introduced: '0' }, { fixed: '4.17.21' }], '4.17.20', true],
    ['npm', 'SEMVER', [{ introduced: '0' }, { fixed: '4.17.21' }], '4.17.21', false],
    ['npm', 'SEMVER', [{ introduced: '0' }, { fixed: '4.17.21' }], '0.0.1', true],
    ['npm', 'SEMVER', [{ introduced: '0' }], '99.0.0', true],
    ['npm', 'SEMVER', [{ introduced: '1.0.0' }, { fixed: '1.2.0' }], '0.9.0', false],
    ['npm', 'SEMVER', [{ introduced: '1.0.0' }, { fixed: '1.2.0' }], '1.0.0', true],
    ['npm', 'SEMVER', [{ introduced: '1.0.0' }, { fixed: '1.2.0' }], '1.2.0-rc.1', true],
    ['npm', 'SEMVER', [{ introduced: '1.0.0' }, { last_affected: '1.2.0' }], '1.2.0', true],
    ['npm', 'SEMVER', [{ introduced: '1.0.0' }, { last_affected: '1.2.0' }], '1.2.1', false],
    // Two introduced/fixed pairs, and the same events unsorted.
    ['npm', 'SEMVER', [{ introduced: '1.0.0' }, { fixed: '1.5.0' }, { introduced: '2.0.0' }, { fixed: '2.3.1' }], '1.7.0', false],
    ['npm', 'SEMVER', [{ introduced: '1.0.0' }, { fixed: '1.5.0' }, { introduced: '2.0.0' }, { fixed: '2.3.1' }], '2.3.0', true],
    ['npm', 'SEMVER', [{ fixed: '2.3.1' }, { introduced: '2.0.0' }, { fixed: '1.5.0' }, { introduced: '1.0.0' }], '2.3.0', true],
    ['npm', 'SEMVER', [{ fixed: '2.3.1' }, { introduced: '2.0.0' }, { fixed: '1.5.0' }, { introduced: '1.0.0' }], '1.5.0', false],
    ['npm', 'SEMVER', [{ fixed: '2.3.1' }, { introduced: '0' }], '2.0.0', true],
    ['go', 'SEMVER', [{ introduced: '0' }, { fixed: '0.17.0' }], 'v0.16.0', true],
    ['go', 'SEMVER', [{ introduced: '0' }, { fixed: '0.0.0-20220315160706-3147a52a75dd' }], 'v0.0.0-20220101000000-aaaaaaaaaaaa', true],
    ['go', 'SEMVER', [{ introduced: '0' }, { fixed: '0.0.0-20220315160706-3147a52a75dd' }], 'v0.1.0', false],
    ['pypi', 'ECOSYSTEM', [{ introduced: '0' }, { fixed: '2.0.0' }], '2.0rc1', true],
    ['pypi', 'ECOSYSTEM', [{ introduced: '0' }, { fixed: '1.0.post1' }], '1.0', true],
    ['pypi', 'ECOSYSTEM', [{ introduced: '0' }, { fixed: '1.0.post1' }], '1.0.post1', false],
    ['pypi', 'ECOSYSTEM', [{ introduced: '1.0' }, { fixed: '2.0' }], '1.0.0', true],
    ['pypi', 'ECOSYSTEM', [{ introduced: '0' }, { fixed: '1.0a1' }], '1.0.dev2', true],
    ['rubygems', 'ECOSYSTEM', [{ introduced: '7.1.0' }, { fixed: '7.1.3.4' }], '7.1.3.3', true],
    ['rubygems', 'ECOSYSTEM', [{ introduced: '7.1.0' }, { fixed: '7.1.3.4' }], '7.1.3.4', false],
    ['maven', 'ECOSYSTEM', [{ introduced: '2.0-beta9' }, { fixed: '2.15.0' }], '2.14.1', true],
    ['maven', 'ECOSYSTEM', [{ introduced: '2.0-beta9' }, { fixed: '2.15.0' }], '2.0-beta8', false],
    ['maven', 'ECOSYSTEM', [{ introduced: '0' }, { fixed: '5.3.18' }], '5.3.17.RELEASE', true],
    ['composer', 'ECOSYSTEM', [{ introduced: '0' }, { fixed: '5.4.22' }], 'v5.4.21', true],
    ['cargo', 'SEMVER', [{ introduced: '0.0.0-0' }, { fixed: '1.0.0' }], '0.8.5', true],
    // Unreadable events are skipped; an unreadable version is never in a range.
    ['npm', 'SEMVER', [{ introduced: 'garbage' }, { fixed: '2.0.0' }], '1.0.0', false],
    ['npm', 'SEMVER', [{ introduced: '0' }, { fixed: '???' }], '1.0.0', true],
    ['npm', 'SEMVER', [{ introduced: '0' }], 'not a version', false],
    ['npm', 'SEMVER', [], '1.0.0', false],
  ];
  for (const [ecosystem, type, events, version, expected] of cases) {
    it(`${ecosystem} ${type} ${JSON.stringify(events)} ∋ ${version}: ${expected}`, () => {
      assert.equal(isInOsvRange(version, { type, events }, ecosystem), expected);
    });
  }
});

describe('advisories: names and ecosystems', () => {
  const spellings: readonly (readonly [OsvEcosystem, Ecosystem])[] = [
    ['npm', 'npm'],
    ['PyPI', 'pypi'],
    ['crates.io', 'cargo'],
    ['Go', 'go'],
    ['Maven', 'maven'],
    ['RubyGems', 'rubygems'],
    ['Packagist', 'composer'],
  ];
  for (const [osv, ours] of spellings) {
    it(`${osv} ↔ ${ours}`, () => {
      assert.equal(ecosystemFromOsv(osv), ours);
      assert.equal(osvEcosystem(ours), osv);
    });
  }
  it('unknown OSV ecosystems and prototype keys are not ecosystems', () => {
    assert.equal(ecosystemFromOsv('Debian:11'), null);
    assert.equal(ecosystemFromOsv('__proto__'), null);
    assert.equal(ecosystemFromOsv('pypi'), null);
  });

  // [OSV ecosystem, OSV name, dependency ecosystem, purl name, matches?]
  const names: readonly (readonly [OsvEcosystem, string, Ecosystem, string, boolean])[] = [
    ['PyPI', 'Django', 'pypi', 'django', true],
    ['PyPI', 'zope.interface', 'pypi', 'zope-interface', true],
    ['PyPI', 'typing_extensions', 'pypi', 'Typing.Extensions', true],
    ['Maven', 'org.apache.logging.log4j:log4j-core', 'maven', 'org.apache.logging.log4j/log4j-core', true],
    ['Maven', 'org.apache.logging.log4j:log4j-core', 'maven', 'org.apache.logging.log4j:log4j-core', true],
    ['Maven', 'org.apache.logging.log4j:log4j-core', 'maven', 'org.apache.logging.log4j/log4j-api', false],
    ['npm', '@babel/core', 'npm', '%40babel/core', true],
    ['npm', '@babel/core', 'npm', '@babel/core', true],
    ['npm', 'lodash', 'npm', 'lodash.merge', false],
    ['Go', 'github.com/BurntSushi/toml', 'go', 'github.com/burntsushi/toml', true],
    ['Packagist', 'Symfony/Console', 'composer', 'symfony/console', true],
    ['crates.io', 'serde_json', 'cargo', 'serde-json', true],
    ['npm', 'lodash', 'pypi', 'lodash', false],
  ];
  for (const [osv, osvName, ecosystem, purlName, expected] of names) {
    it(`${osv} ${osvName} vs ${ecosystem} ${purlName}: ${expected}`, () => {
      const feed = [advisory('A-1', osv, osvName, [{ events: [{ introduced: '0' }] }])];
      assert.equal(affectedAdvisories(feed, { ecosystem, purlName, version: '1.0.0', spec: null }).length, expected ? 1 : 0);
      assert.equal(advisoryPackageName(ecosystem, purlName) === advisoryPackageName(ecosystem, osvName.replace(':', '/')), expected || ecosystemFromOsv(osv) !== ecosystem);
    });
  }
});

describe('advisories: affectedAdvisories', () => {
  const lodash = advisory('GHSA-35jh-r3h4-6jhm', 'npm', 'lodash', [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }], {
    aliases: ['CVE-2021-23337'],
    summary: 'Command Injection in lodash',
  });
  const requests = advisory('PYSEC-1', 'PyPI', 'requests', [{ events: [{ introduced: '2.3.0' }, { fixed: '2.31.0' }] }], { verdict: 'review' });
  const explicit = advisory('OSV-EXPLICIT', 'RubyGems', 'rack', [], { versions: ['2.2.3', '3.0.0.beta1'] });
  const unfixed = advisory('OSV-UNFIXED', 'npm', 'left-pad', [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }] }]);
  const feed = [lodash, requests, explicit, unfixed];
  const index = new AdvisoryIndex(feed);

  // [title, dependency, expected ids, expected verdicts, message fragment]
  const cases: readonly (readonly [string, { ecosystem: Ecosystem; purlName: string; version: string | null; spec: string | null }, readonly string[], readonly string[], string])[] = [
    ['affected version', { ecosystem: 'npm', purlName: 'lodash', version: '4.17.20', spec: '^4.17.0' }, ['GHSA-35jh-r3h4-6jhm'], ['deny'], 'Version 4.17.20 is affected'],
    ['fixed version, though the spec allows affected ones', { ecosystem: 'npm', purlName: 'lodash', version: '4.17.21', spec: '^4.17.0' }, [], [], ''],
    ['spec only, partly affected', { ecosystem: 'npm', purlName: 'lodash', version: null, spec: '^4.17.0' }, ['GHSA-35jh-r3h4-6jhm'], ['review'], 'May be affected: the spec "^4.17.0" allows affected versions'],
    ['spec only, wholly affected', { ecosystem: 'npm', purlName: 'lodash', version: null, spec: '~4.17.0 <4.17.20' }, ['GHSA-35jh-r3h4-6jhm'], ['deny'], 'Every version the spec'],
    ['spec only, outside', { ecosystem: 'npm', purlName: 'lodash', version: null, spec: '^4.17.21' }, [], [], ''],
    ['spec not understood', { ecosystem: 'npm', purlName: 'lodash', version: null, spec: 'latest' }, [], [], ''],
    ['nothing known, fixed advisory', { ecosystem: 'npm', purlName: 'lodash', version: null, spec: null }, [], [], ''],
    ['nothing known, unfixed advisory', { ecosystem: 'npm', purlName: 'left-pad', version: null, spec: null }, ['OSV-UNFIXED'], ['review'], 'no release is fixed'],
    ['review verdict from the feed', { ecosystem: 'pypi', purlName: 'Requests', version: '2.30.0', spec: null }, ['PYSEC-1'], ['review'], 'Version 2.30.0'],
    ['PyPI spec intersects', { ecosystem: 'pypi', purlName: 'requests', version: null, spec: '>=2.28,<3' }, ['PYSEC-1'], ['review'], 'May be affected'],
    ['PyPI spec below the range', { ecosystem: 'pypi', purlName: 'requests', version: null, spec: '<2.3' }, [], [], ''],
    ['explicit versions list', { ecosystem: 'rubygems', purlName: 'rack', version: '2.2.3', spec: null }, ['OSV-EXPLICIT'], ['deny'], 'Version 2.2.3'],
    ['explicit versions list, other version', { ecosystem: 'rubygems', purlName: 'rack', version: '2.2.4', spec: null }, [], [], ''],
    ['explicit versions list, exact spec', { ecosystem: 'rubygems', purlName: 'rack', version: null, spec: '= 3.0.0.beta1' }, ['OSV-EXPLICIT'], ['deny'], 'Every version'],
    ['other ecosystem', { ecosystem: 'pypi', purlName: 'lodash', version: '1.0.0', spec: null }, [], [], ''],
    ['garbage version', { ecosystem: 'npm', purlName: 'lodash', version: '\u0000junk', spec: null }, [], [], ''],
  ];
  for (const [title, dependency, ids, verdicts, fragment] of cases) {
    it(title, () => {
      for (const matches of [affectedAdvisories(feed, dependency, index), affectedAdvisories(feed, dependency)]) {
        assert.deepEqual(
          matches.map((match) => match.advisory.id),
          ids,
        );
        assert.deepEqual(
          matches.map((match) => match.verdict),
          verdicts,
        );
        for (const match of matches) {
          assert.equal(match.reason.kind, 'advisory');
          assert.deepEqual(match.reason.rule, { section: 'advisories', index: feed.indexOf(match.advisory), id: match.advisory.id });
          assert.ok(match.reason.message.includes(fragment), match.reason.message);
        }
      }
    });
  }

  it('the reason names the id, aliases, summary and fix', () => {
    const [match] = affectedAdvisories(feed, { ecosystem: 'npm', purlName: 'lodash', version: '4.17.20', spec: null }, index);
    assert.equal(
      match.reason.message,
      'GHSA-35jh-r3h4-6jhm (CVE-2021-23337): Command Injection in lodash. Version 4.17.20 is affected; fixed in 4.17.21.',
    );
  });

  it('one match per advisory, even with several matching affected entries and ranges', () => {
    const twice: Advisory = {
      ...lodash,
      id: 'TWICE',
      affected: [lodash.affected[0], lodash.affected[0], { ...lodash.affected[0], ranges: [...lodash.affected[0].ranges, ...lodash.affected[0].ranges] }],
    };
    assert.equal(affectedAdvisories([twice], { ecosystem: 'npm', purlName: 'lodash', version: '1.0.0', spec: null }).length, 1);
  });

  it('hostile advisories and dependencies never throw', () => {
    const hostile = [
      { id: 'H1', aliases: null, affected: null, verdict: 'deny' },
      { id: 'H2', aliases: [], affected: [{ package: null, ranges: null, versions: null }], verdict: 'deny' },
      { id: 'H3', aliases: [], affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'GIT', events: [null, {}, { introduced: 5 }] }], versions: [7] }], verdict: 'deny' },
      { id: 'H4', aliases: [], affected: [{ package: { ecosystem: '__proto__', name: 'x' }, ranges: [], versions: [] }], verdict: 'deny' },
    ] as unknown as Advisory[];
    assert.doesNotThrow(() => {
      const hostileIndex = new AdvisoryIndex(hostile);
      for (const dependency of [
        { ecosystem: 'npm' as Ecosystem, purlName: 'x', version: '1.0.0', spec: null },
        { ecosystem: 'npm' as Ecosystem, purlName: 'x', version: null, spec: '^1' },
        { ecosystem: 'npm' as Ecosystem, purlName: 'x', version: null, spec: null },
        { ecosystem: 'constructor' as Ecosystem, purlName: 'x', version: '1', spec: null },
        { ecosystem: 'npm' as Ecosystem, purlName: '%E0%A4%A', version: '1', spec: null },
      ]) {
        affectedAdvisories(hostile, dependency, hostileIndex);
        affectedAdvisories(hostile, dependency);
      }
    });
  });

  it('matches 1,000 dependencies against 10,000 advisories quickly with an index', () => {
    const many: Advisory[] = [];
    for (let number = 0; number < 10_000; number += 1) {
      many.push(advisory(`GEN-${number}`, 'npm', `pkg-${number % 2_000}`, [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: `${number % 7}.1.0` }] }]));
    }
    const started = Date.now();
    const big = new AdvisoryIndex(many);
    let matched = 0;
    for (let number = 0; number < 1_000; number += 1) {
      matched += affectedAdvisories(many, { ecosystem: 'npm', purlName: `pkg-${number}`, version: '3.0.0', spec: null }, big).length;
      matched += affectedAdvisories(many, { ecosystem: 'npm', purlName: `pkg-${number}`, version: null, spec: '^3.0.0' }, big).length;
    }
    const elapsed = Date.now() - started;
    assert.ok(matched > 0);
    assert.ok(elapsed < 2_000, `took ${elapsed} ms`);
  });
});
