import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { composeFolderPolicies } from '../../src/core/feed/folderPolicies';
import { mergeWorkspacePolicy } from '../../src/core/feed/mergeWorkspacePolicy';
import { CompiledPolicy, type DependencyFacts } from '../../src/core/policy/compiledPolicy';
import { parseFeedText } from '../../src/core/policy/validateFeed';
import { verdictRank, type Verdict } from '../../src/core/policy/verdict';
import { feedJson } from '../unit/support/feedServer';

// The oracle is the organization's policy alone: whatever a repository's `.ospo/policy.json` says,
// no dependency and no license may come out better under the merged policy than under it.

const NOW = new Date('2026-06-01T00:00:00Z');
const CONTEXT = { repo: 'github.com/acme/app', now: NOW };
const FOLDER = 'file:///work/app';

function organizationPolicy(overrides: Readonly<Record<string, unknown>>): CompiledPolicy {
  const result = parseFeedText(feedJson(overrides));
  assert.ok(result.feed, JSON.stringify(result.errors));
  return new CompiledPolicy(result.feed);
}

function folderPolicy(organization: CompiledPolicy, repository: unknown): CompiledPolicy {
  const [entry] = composeFolderPolicies(organization, [{ folder: FOLDER, text: JSON.stringify(repository) }], []);
  return entry.policy;
}

function licensed(license: string | readonly string[] | null, name = 'unruled'): DependencyFacts {
  return { ecosystem: 'npm', name, spec: '1.0.0', version: '1.0.0', license };
}

// ---------------------------------------------------------------- generators

/** Families whose `-only`, `-or-later`, `+` and deprecated bare forms the evaluator relates. */
const FAMILIES = ['GPL-2.0', 'GPL-3.0', 'LGPL-2.1', 'LGPL-3.0', 'AGPL-3.0', 'GFDL-1.3'];
const PLAIN = ['MIT', 'Apache-2.0', 'MPL-2.0', 'BSD-3-Clause', 'EPL-2.0', 'SSPL-1.0'];
const EXCEPTIONS = ['Classpath-exception-2.0', 'GCC-exception-3.1', 'LLVM-exception', 'Autoconf-exception-3.0'];

const licenseId = fc.oneof(
  fc.tuple(fc.constantFrom(...FAMILIES), fc.constantFrom('-only', '-or-later', '+', '')).map(([family, suffix]) => family + suffix),
  fc.constantFrom(...PLAIN),
  fc.constantFrom(...PLAIN).map((id) => `${id}+`),
);
const spelled = (id: fc.Arbitrary<string>) => fc.tuple(id, fc.boolean()).map(([text, lower]) => (lower ? text.toLowerCase() : text));
const leaf = fc.oneof({ weight: 3, arbitrary: licenseId }, { weight: 1, arbitrary: fc.tuple(licenseId, fc.constantFrom(...EXCEPTIONS)).map(([id, exception]) => `${id} WITH ${exception}`) });
/** A list entry as an OSPO or a repository might write it. */
const listEntry = spelled(leaf);

const { expression } = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('expression'), fc.constantFrom('AND', 'OR', 'and', 'or'), tie('expression')).map(([a, op, b]) => `(${a} ${op} ${b})`),
  ),
}));
const licenseData = fc.oneof(
  { weight: 6, arbitrary: expression },
  { weight: 1, arbitrary: fc.array(expression, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 'NOASSERTION', 'UNLICENSED', 'see LICENSE file', 'GPL-3.0-or-later AND ??') },
);

const listVerdict = fc.constantFrom('allow', 'review', 'deny');
const verdict = fc.constantFrom<Verdict>('allow', 'review', 'unknown', 'deny');
const MATCHES = ['pkg:npm/a', 'pkg:npm/b', 'pkg:npm/@s/*', 'pkg:npm/@s/x', 'pkg:npm/*', 'pkg:pypi/a'];
const VERSIONS = ['<2', '>=1.0.0', '1.0.0', '^2.0.0', '>=1 <1.5'];
const match = fc.constantFrom(...MATCHES);
const versions = fc.option(fc.constantFrom(...VERSIONS), { nil: undefined });
const healthScore = fc.integer({ min: 0, max: 10 });

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

const orgLicenses = fc.record({
  allow: fc.array(listEntry, { maxLength: 6 }),
  review: fc.array(listEntry, { maxLength: 4 }),
  deny: fc.array(listEntry, { maxLength: 4 }),
  default: listVerdict,
  unknown: fc.constantFrom('unknown', 'review', 'deny'),
});
const orgPackage = fc
  .record({ match, versions, verdict: fc.option(verdict, { nil: undefined }), license: fc.option(expression, { nil: undefined }), health: fc.option(healthScore.map((score) => ({ score })), { nil: undefined }) })
  .map(withoutUndefined);
const orgException = fc.record({ match, versions, verdict, repos: fc.option(fc.constantFrom(['github.com/acme/app'], ['github.com/other/*']), { nil: undefined }) }).map(withoutUndefined);
/** A feed's `denyBelow` may not exceed its `warnBelow`. */
const health = fc
  .tuple(fc.option(healthScore, { nil: undefined }), fc.option(healthScore, { nil: undefined }))
  .map(([a, b]) => withoutUndefined({ warnBelow: a !== undefined && b !== undefined ? Math.max(a, b) : a, denyBelow: a !== undefined && b !== undefined ? Math.min(a, b) : b }));

const organizationFeed = fc.record({
  licenses: orgLicenses,
  packages: fc.array(orgPackage, { maxLength: 5 }),
  exceptions: fc.array(orgException, { maxLength: 2 }),
  health,
});

const repositoryPolicy = fc.record(
  {
    licenses: fc.record(
      {
        allow: fc.array(listEntry, { maxLength: 3 }),
        review: fc.array(listEntry, { maxLength: 6 }),
        deny: fc.array(listEntry, { maxLength: 4 }),
        default: listVerdict,
        unknown: fc.constantFrom('unknown', 'review', 'deny'),
      },
      { requiredKeys: [] },
    ),
    packages: fc.array(
      fc.record({ match, versions, verdict: fc.option(verdict, { nil: undefined }), license: fc.option(expression, { nil: undefined }), reason: fc.constant('repo') }, { requiredKeys: ['match'] }).map(withoutUndefined),
      { maxLength: 4 },
    ),
    exceptions: fc.array(orgException, { maxLength: 2 }),
    health,
    advisories: fc.constant([{ id: 'REPO-1', affected: [{ package: { ecosystem: 'npm', name: 'a' }, versions: ['1.0.0'] }] }]),
  },
  { requiredKeys: [] },
);

const dependency = fc.record({
  ecosystem: fc.constantFrom<'npm' | 'pypi'>('npm', 'pypi'),
  name: fc.constantFrom('a', 'b', '@s/x', '@s/y', 'c'),
  version: fc.constantFrom('0.5.0', '1.0.0', '1.2.0', '2.1.0', null),
  license: licenseData,
  health: fc.option(healthScore.map((score) => ({ score, source: 'test' })), { nil: undefined }),
});

function facts(generated: { ecosystem: 'npm' | 'pypi'; name: string; version: string | null; license: string | readonly string[] | null; health?: { score: number; source: string } }): DependencyFacts {
  const spec = generated.version ?? '^1.0.0';
  return withoutUndefined({ ecosystem: generated.ecosystem, name: generated.name, spec, version: generated.version, license: generated.license, health: generated.health });
}

// ---------------------------------------------------------------- tests

/** Runs of the property; the report found 27 loosened verdicts in 849,744 checks, so it needs thousands. */
const RUNS = Number(process.env.OSPO_TIGHTEN_RUNS ?? 3000);

describe('tighten-only: a repository policy never makes a verdict better than the organization alone', () => {
  it('keeps GPL-3.0-or-later and GPL-3.0+ denied when the organization denies GPL-3.0-only and the repository reviews them (issue 12)', () => {
    const organization = organizationPolicy({ licenses: { allow: ['MIT'], review: [], deny: ['GPL-3.0-only'], default: 'allow', unknown: 'review' } });
    for (const id of ['GPL-3.0-or-later', 'GPL-3.0+']) {
      const merged = folderPolicy(organization, { licenses: { review: [id] } });
      for (const license of [id, 'GPL-3.0-or-later', `${id} AND MIT`, `${id} WITH GCC-exception-3.1`]) {
        assert.equal(organization.evaluate(licensed(license), CONTEXT).verdict, 'deny', `the organization alone denies ${license}`);
        assert.equal(merged.evaluate(licensed(license), CONTEXT).verdict, 'deny', `${license} under a repository reviewing ${id}`);
      }
      assert.deepEqual(
        mergeWorkspacePolicy(organization.feed, { licenses: { review: [id] } }).ignored.filter((line) => line.includes('already denied')),
        [`licenses.review: "${id}" is already denied (by the organization's policy or this file's deny list); a repository cannot loosen that.`],
      );
    }
  });

  it('keeps a deny that only a WITH form of an or-later id reaches (review of the -only WITH form)', () => {
    const organization = organizationPolicy({ licenses: { allow: [], review: [], deny: ['GPL-2.0-or-later'], default: 'allow', unknown: 'review' } });
    const merged = folderPolicy(organization, { licenses: { review: ['GPL-2.0-only WITH Classpath-exception-2.0'] } });
    const license = 'GPL-2.0-or-later WITH Classpath-exception-2.0';
    assert.equal(organization.evaluate(licensed(license), CONTEXT).verdict, 'deny');
    assert.equal(merged.evaluate(licensed(license), CONTEXT).verdict, 'deny');
    // Where the repository's entry does tighten, it still applies.
    assert.equal(merged.evaluate(licensed('GPL-2.0-only WITH Classpath-exception-2.0'), CONTEXT).verdict, 'review');
  });

  it(`holds for generated organization feeds, repository policies, dependencies and license expressions (${RUNS} runs)`, function () {
    this.timeout(600_000);
    let checks = 0;
    fc.assert(
      fc.property(organizationFeed, repositoryPolicy, fc.array(dependency, { minLength: 1, maxLength: 6 }), fc.array(licenseData, { minLength: 1, maxLength: 6 }), (org, repository, dependencies, licenses) => {
        const organization = organizationPolicy(org);
        const merged = folderPolicy(organization, repository);
        const subjects = [...dependencies.map(facts), ...licenses.map((license) => licensed(license))];
        for (const subject of subjects) {
          const before = organization.evaluate(subject, CONTEXT).verdict;
          const after = merged.evaluate(subject, CONTEXT).verdict;
          checks += 1;
          assert.ok(verdictRank(after) <= verdictRank(before), `${JSON.stringify(subject)}: ${before} under the organization, ${after} with ${JSON.stringify(repository)}`);
        }
        for (const license of licenses) {
          if (typeof license === 'string') {
            checks += 1;
            const before = organization.licenseVerdict(license);
            const after = merged.licenseVerdict(license);
            assert.ok(verdictRank(after) <= verdictRank(before), `${license}: ${before} under the organization, ${after} with ${JSON.stringify(repository)}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
    assert.ok(checks > RUNS);
  });
});
