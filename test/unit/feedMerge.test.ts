import * as assert from 'node:assert/strict';
import { mergeWorkspacePolicy, mergeWorkspacePolicyText } from '../../src/core/feed/mergeWorkspacePolicy';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import { parseFeedText } from '../../src/core/policy/validateFeed';
import { feedJson } from './support/feedServer';

const ORG: PolicyFeed = (() => {
  const result = parseFeedText(
    feedJson({
      licenses: {
        allow: ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
        review: ['MPL-2.0', 'LGPL-2.1-only'],
        deny: ['AGPL-3.0-only', 'GPL-2.0-only'],
        default: 'review',
        unknown: 'review',
      },
      packages: [
        { match: 'pkg:npm/left-pad', verdict: 'allow', reason: 'Vendored.' },
        { match: 'pkg:npm/@acme/*', verdict: 'allow' },
        { match: 'pkg:npm/@acme/legacy', verdict: 'deny' },
        { match: 'pkg:npm/moment', versions: '<2', verdict: 'allow' },
      ],
      health: { warnBelow: 5, denyBelow: 2 },
      advisories: [{ id: 'ACME-1', affected: [{ package: { ecosystem: 'npm', name: 'x' }, versions: ['1.0.0'] }] }],
    }),
  );
  assert.ok(result.feed, JSON.stringify(result.errors));
  return result.feed;
})();

describe('mergeWorkspacePolicy', () => {
  const licenseCases: { name: string; workspace: unknown; allow: string[]; review: string[]; deny: string[]; ignored: RegExp[] }[] = [
    {
      name: 'adds a new id to deny',
      workspace: { licenses: { deny: ['SSPL-1.0'] } },
      allow: ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
      review: ['MPL-2.0', 'LGPL-2.1-only'],
      deny: ['AGPL-3.0-only', 'GPL-2.0-only', 'SSPL-1.0'],
      ignored: [],
    },
    {
      name: 'moves allowed ids to review and deny',
      workspace: { licenses: { review: ['Apache-2.0'], deny: ['mit'] } },
      allow: ['GPL-2.0-only WITH Classpath-exception-2.0'],
      review: ['MPL-2.0', 'LGPL-2.1-only', 'Apache-2.0'],
      deny: ['AGPL-3.0-only', 'GPL-2.0-only', 'mit'],
      ignored: [],
    },
    {
      name: 'moves a review id to deny',
      workspace: { licenses: { deny: ['MPL-2.0'] } },
      allow: ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
      review: ['LGPL-2.1-only'],
      deny: ['AGPL-3.0-only', 'GPL-2.0-only', 'MPL-2.0'],
      ignored: [],
    },
    {
      name: 'refuses to move a denied id to review (also through deprecated spellings and WITH)',
      workspace: { licenses: { review: ['AGPL-3.0-only', 'GPL-2.0', 'GPL-2.0-only WITH GCC-exception-2.0'] } },
      allow: ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
      review: ['MPL-2.0', 'LGPL-2.1-only'],
      deny: ['AGPL-3.0-only', 'GPL-2.0-only'],
      ignored: [/"AGPL-3.0-only" is already denied/, /"GPL-2.0" is already denied/, /"GPL-2.0-only WITH GCC-exception-2.0" is already denied/],
    },
    {
      name: 'refuses to review an or-later form whose -only form is denied (by the organization or this file), as the evaluator relates them',
      workspace: { licenses: { deny: ['LGPL-2.1-only'], review: ['GPL-2.0-or-later', 'GPL-2.0+', 'LGPL-2.1+', 'AGPL-3.0-or-later WITH Classpath-exception-2.0'] } },
      allow: ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
      review: ['MPL-2.0'],
      deny: ['AGPL-3.0-only', 'GPL-2.0-only', 'LGPL-2.1-only'],
      ignored: [/"GPL-2.0-or-later" is already denied/, /"GPL-2.0\+" is already denied/, /"LGPL-2.1\+" is already denied/, /"AGPL-3.0-or-later WITH Classpath-exception-2.0" is already denied/],
    },
    {
      name: 'refuses allow',
      workspace: { licenses: { allow: ['AGPL-3.0-only'] } },
      allow: ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
      review: ['MPL-2.0', 'LGPL-2.1-only'],
      deny: ['AGPL-3.0-only', 'GPL-2.0-only'],
      ignored: [/licenses\.allow: a repository cannot allow licenses/],
    },
    {
      name: 'skips junk entries',
      workspace: { licenses: { deny: ['BSL-1.0', 42, '', '<script>'], review: 'MIT' } },
      allow: ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
      review: ['MPL-2.0', 'LGPL-2.1-only'],
      deny: ['AGPL-3.0-only', 'GPL-2.0-only', 'BSL-1.0'],
      ignored: [/licenses\.deny\[1\]: not a license id/, /licenses\.deny\[2\]/, /licenses\.deny\[3\]/, /licenses\.review: must be an array/],
    },
  ];

  for (const testCase of licenseCases) {
    it(`licenses: ${testCase.name}`, () => {
      const { feed, ignored } = mergeWorkspacePolicy(ORG, testCase.workspace);
      assert.deepEqual([...feed.licenses.allow], testCase.allow);
      assert.deepEqual([...feed.licenses.review], testCase.review);
      assert.deepEqual([...feed.licenses.deny], testCase.deny);
      assert.equal(ignored.length, testCase.ignored.length, ignored.join('\n'));
      testCase.ignored.forEach((pattern, index) => assert.match(ignored[index], pattern));
    });
  }

  const defaultCases: { workspace: unknown; default: string; unknown: string; ignored: number }[] = [
    { workspace: { licenses: { default: 'deny', unknown: 'deny' } }, default: 'deny', unknown: 'deny', ignored: 0 },
    { workspace: { licenses: { default: 'allow', unknown: 'unknown' } }, default: 'review', unknown: 'review', ignored: 2 },
    { workspace: { licenses: { default: 'review', unknown: 'review' } }, default: 'review', unknown: 'review', ignored: 0 },
    { workspace: { licenses: { default: 'nope' } }, default: 'review', unknown: 'review', ignored: 1 },
  ];
  for (const testCase of defaultCases) {
    it(`licenses: default/unknown ${JSON.stringify(testCase.workspace)}`, () => {
      const { feed, ignored } = mergeWorkspacePolicy(ORG, testCase.workspace);
      assert.equal(feed.licenses.default, testCase.default);
      assert.equal(feed.licenses.unknown, testCase.unknown);
      assert.equal(ignored.length, testCase.ignored, ignored.join('\n'));
    });
  }

  const packageCases: { name: string; rule: Record<string, unknown>; added: boolean; ignored?: RegExp }[] = [
    { name: 'deny on any package', rule: { match: 'pkg:npm/lodash', verdict: 'deny', reason: 'We use native methods.' }, added: true },
    { name: 'deny on a wildcard', rule: { match: 'pkg:pypi/evil-*', verdict: 'deny' }, added: true },
    { name: 'review where the org allows by rule', rule: { match: 'pkg:npm/left-pad', verdict: 'review' }, added: true },
    { name: 'review inside an org wildcard allow', rule: { match: 'pkg:npm/@acme/ui', verdict: 'review' }, added: true },
    { name: 'no verdict', rule: { match: 'pkg:npm/lodash', reason: 'hmm' }, added: false, ignored: /has no verdict/ },
    { name: 'allow', rule: { match: 'pkg:npm/lodash', verdict: 'allow' }, added: false, ignored: /cannot allow a package/ },
    { name: 'review without an org rule (could loosen a license deny)', rule: { match: 'pkg:npm/lodash', verdict: 'review' }, added: false, ignored: /could loosen/ },
    { name: 'unknown where the org allows only some versions', rule: { match: 'pkg:npm/moment', verdict: 'unknown' }, added: false, ignored: /could loosen/ },
    { name: 'review over an org deny', rule: { match: 'pkg:npm/@acme/legacy', verdict: 'review' }, added: false, ignored: /already says "deny"/ },
    { name: 'review on a wildcard overlapping an org deny', rule: { match: 'pkg:npm/@acme/*', verdict: 'review' }, added: false, ignored: /already says "deny"/ },
    { name: 'an invalid match', rule: { match: 'npm/lodash', verdict: 'deny' }, added: false, ignored: /packages\[0\]\.match: "npm\/lodash" must start with "pkg:"/ },
    { name: 'an invalid range', rule: { match: 'pkg:npm/lodash', versions: 'banana', verdict: 'deny' }, added: false, ignored: /not an npm-style version range/ },
  ];
  for (const testCase of packageCases) {
    it(`packages: ${testCase.name}`, () => {
      const { feed, ignored } = mergeWorkspacePolicy(ORG, { packages: [testCase.rule] });
      assert.equal(feed.packages.length, ORG.packages.length + (testCase.added ? 1 : 0));
      if (testCase.added) {
        assert.equal(feed.packages.at(-1)?.match, testCase.rule.match);
        assert.equal(feed.packages.at(-1)?.verdict, testCase.rule.verdict);
        assert.deepEqual(ignored, []);
      } else {
        assert.equal(ignored.length, 1, ignored.join('\n'));
        assert.match(ignored[0], testCase.ignored ?? /./);
      }
    });
  }

  it('packages: drops fields that could loosen or mislead, and says so', () => {
    const { feed, ignored } = mergeWorkspacePolicy(ORG, {
      packages: [{ match: 'pkg:npm/redis', verdict: 'deny', license: 'MIT', health: { score: 10 }, alternatives: [{ purl: 'pkg:npm/evil' }], support: { level: 'vendor' } }],
    });
    const rule = feed.packages.at(-1);
    assert.deepEqual([rule?.match, rule?.verdict, rule?.license, rule?.health, rule?.alternatives, rule?.support], ['pkg:npm/redis', 'deny', undefined, undefined, [], undefined]);
    assert.match(ignored[0], /"license", "health", "alternatives", "support" ignored/);
  });

  it('adds advisories, but not one the org already has or an invalid one', () => {
    const advisory = { id: 'REPO-1', summary: 'Do not use', affected: [{ package: { ecosystem: 'npm', name: 'y' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }], verdict: 'review' };
    const { feed, ignored } = mergeWorkspacePolicy(ORG, { advisories: [advisory, { id: 'ACME-1', affected: [] }, { id: 'BAD', verdict: 'allow' }] });
    assert.deepEqual(feed.advisories.map((item) => item.id), ['ACME-1', 'REPO-1']);
    assert.equal(feed.advisories[1].verdict, 'review');
    assert.match(ignored[0], /advisories\[1\]: the organization's feed already has advisory ACME-1/);
    assert.match(ignored[1], /advisories\[2\]: invalid \(advisories\[2\]\.verdict: must be one of/);
  });

  it('raises health thresholds but never lowers them', () => {
    assert.deepEqual(mergeWorkspacePolicy(ORG, { health: { warnBelow: 7, denyBelow: 3 } }).feed.health, { warnBelow: 7, denyBelow: 3 });
    assert.deepEqual(mergeWorkspacePolicy(ORG, { health: { denyBelow: 6 } }).feed.health, { warnBelow: 6, denyBelow: 6 });
    const lowered = mergeWorkspacePolicy(ORG, { health: { warnBelow: 1, denyBelow: 'x' } });
    assert.equal(lowered.feed, ORG);
    assert.equal(lowered.ignored.length, 2);
  });

  it('never takes exceptions, organization, contribution or training', () => {
    const { feed, ignored } = mergeWorkspacePolicy(ORG, {
      $schema: 'https://example/schema.json',
      id: 'mine',
      version: 99,
      exceptions: [{ match: 'pkg:npm/x', verdict: 'allow' }],
      organization: { name: 'Evil' },
      contribution: { default: { status: 'pre-approved' } },
      training: [],
      surprise: true,
    });
    assert.equal(feed, ORG);
    assert.deepEqual(
      ignored.map((line) => line.split(':')[0]),
      ['exceptions', 'organization', 'contribution', 'training', 'surprise'],
    );
  });

  it('treats hostile input as nothing', () => {
    for (const workspace of [null, 42, 'x', [], undefined]) {
      const result = mergeWorkspacePolicy(ORG, workspace);
      assert.equal(result.feed, ORG);
      assert.match(result.ignored[0], /must be a JSON object/);
    }
    const polluted = mergeWorkspacePolicyText(ORG, '{"licenses": {"deny": ["X"]}, "packages": [{"__proto__": {"verdict": "allow"}}]}');
    assert.equal(polluted.feed, ORG);
    assert.match(polluted.ignored[0], /at packages\[0\]\.__proto__ is a forbidden key/);
    assert.equal(({} as Record<string, unknown>).verdict, undefined);
    assert.match(mergeWorkspacePolicyText(ORG, '{nope').ignored[0], /not valid JSON/);
    const getter = Object.defineProperty({}, 'licenses', { enumerable: true, get: () => { throw new Error('boom'); } });
    assert.match(mergeWorkspacePolicy(ORG, getter).ignored[0], /could not be applied \(boom\)/);
  });

  it('merges a file of a thousand deny and a thousand review entries in linear time', () => {
    const ids = (prefix: string) => Array.from({ length: 1000 }, (_, index) => `LicenseRef-${prefix}${index}`);
    const allowing: PolicyFeed = { ...ORG, licenses: { ...ORG.licenses, default: 'allow' } };
    const started = performance.now();
    const { feed, ignored } = mergeWorkspacePolicy(allowing, { licenses: { deny: ids('d'), review: [...ids('r').slice(0, 500), ...ids('d').slice(500)] } });
    const elapsed = performance.now() - started;
    assert.equal(feed.licenses.deny.length, ORG.licenses.deny.length + 1000);
    assert.equal(feed.licenses.review.length, ORG.licenses.review.length + 500);
    assert.equal(ignored.length, 500);
    // A scan of every list per entry took 6.8 s here on a 2-core machine; an index takes under 0.1 s.
    assert.ok(elapsed < 2000, `${elapsed.toFixed(0)} ms`);
  });

  it('leaves the organization feed itself untouched', () => {
    const before = JSON.stringify({ ...ORG, licenses: { ...ORG.licenses, notes: [...ORG.licenses.notes] } });
    mergeWorkspacePolicy(ORG, { licenses: { deny: ['MIT'], review: ['Apache-2.0'] }, packages: [{ match: 'pkg:npm/a', verdict: 'deny' }] });
    assert.equal(JSON.stringify({ ...ORG, licenses: { ...ORG.licenses, notes: [...ORG.licenses.notes] } }), before);
  });
});
