import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LicensePolicy } from '../../src/core/policy/feedModel';
import type { RuleRef } from '../../src/core/policy/ruleRef';
import type { Verdict } from '../../src/core/policy/verdict';
import { evaluateLicense, LicenseEvaluationCache } from '../../src/core/policy/spdx/evaluateLicense';
import { trainingForLicenses } from '../../src/core/policy/spdx/licenseTraining';

function policy(overrides: Partial<LicensePolicy> = {}): LicensePolicy {
  return {
    allow: ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC', 'GPL-2.0-only WITH Classpath-exception-2.0', 'LicenseRef-acme-internal', 'GPL-2.0-only', 'Apache-2.0 WITH LLVM-exception'],
    review: ['LGPL-2.1-only', 'MPL-2.0', 'ISC'],
    deny: ['AGPL-3.0-only', 'SSPL-1.0', 'BUSL-1.1', 'GPL-3.0-only', 'LGPL-3.0', 'ISC'],
    default: 'review',
    unknown: 'review',
    notes: new Map([['MPL-2.0', 'File-level copyleft: publish changes to MPL files.']]),
    training: new Map([
      ['AGPL-3.0-only', ['network-copyleft']],
      ['GPL-3.0', ['copyleft-101']],
      ['GPL-2.0-only WITH Classpath-exception-2.0', ['classpath']],
      ['GPL-2.0-only', ['copyleft-101']],
    ]),
    ...overrides,
  };
}

const POLICY = policy();

const DEFAULT: RuleRef = { section: 'licenses', key: 'default' };
const UNKNOWN: RuleRef = { section: 'licenses', key: 'unknown' };
const listed = (key: 'allow' | 'review' | 'deny', license: string): RuleRef => ({ section: 'licenses', key, license });
const note = (license: string): RuleRef => ({ section: 'licenses', key: 'notes', license });

interface Case {
  title: string;
  input: string | readonly string[] | null | undefined;
  policy?: LicensePolicy;
  verdict: Verdict;
  normalized?: string | null;
  choice?: string | null;
  /** Rules that must be among the reasons. */
  rules?: RuleRef[];
  /** Reason kinds that must be among the reasons. */
  kinds?: string[];
  /** Text that must appear in some reason. */
  says?: string[];
  leaves?: [string, Verdict][];
}

const cases: Case[] = [
  // Leaves and the lists.
  { title: 'allowed id', input: 'MIT', verdict: 'allow', normalized: 'MIT', rules: [listed('allow', 'MIT')], says: ['MIT is allowed'], leaves: [['MIT', 'allow']] },
  { title: 'review id', input: 'LGPL-2.1-only', verdict: 'review', rules: [listed('review', 'LGPL-2.1-only')] },
  { title: 'denied id', input: 'AGPL-3.0-only', verdict: 'deny', rules: [listed('deny', 'AGPL-3.0-only')], says: ['AGPL-3.0-only is not allowed'] },
  { title: 'id in no list gets the default (review)', input: 'CDDL-1.0', verdict: 'review', rules: [DEFAULT], says: ['CDDL-1.0', 'default'] },
  { title: 'id in no list gets the default (allow)', input: 'CDDL-1.0', policy: policy({ default: 'allow' }), verdict: 'allow', rules: [DEFAULT] },
  { title: 'id in no list gets the default (deny)', input: 'CDDL-1.0', policy: policy({ default: 'deny' }), verdict: 'deny', rules: [DEFAULT] },
  { title: 'id in three lists: the worst wins', input: 'ISC', verdict: 'deny', rules: [listed('deny', 'ISC')], says: ['stricter list wins'] },
  {
    title: 'id in allow and review: review wins',
    input: 'MIT',
    policy: policy({ allow: ['MIT'], review: ['MIT'], deny: [] }),
    verdict: 'review',
    rules: [listed('review', 'MIT')],
    says: ['also on the allow list'],
  },
  { title: 'LicenseRef in a list', input: 'LicenseRef-acme-internal', verdict: 'allow', rules: [listed('allow', 'LicenseRef-acme-internal')] },
  { title: 'LicenseRef in no list gets the default', input: 'LicenseRef-other', verdict: 'review', rules: [DEFAULT] },
  { title: 'DocumentRef kept and defaulted', input: 'DocumentRef-x:LicenseRef-y', verdict: 'review', normalized: 'DocumentRef-x:LicenseRef-y' },
  { title: 'policy lists a deprecated id; the expression matches its current form', input: 'LGPL-3.0-only', verdict: 'deny', rules: [listed('deny', 'LGPL-3.0-only')] },
  { title: 'a note on the decisive license', input: 'MPL-2.0', verdict: 'review', rules: [listed('review', 'MPL-2.0'), note('MPL-2.0')], says: ['File-level copyleft'] },
  // WITH.
  { title: 'exact L WITH E listed', input: 'GPL-2.0-only WITH Classpath-exception-2.0', verdict: 'allow', rules: [listed('allow', 'GPL-2.0-only WITH Classpath-exception-2.0')], says: ['GPL-2.0-only WITH Classpath-exception-2.0 is allowed'] },
  { title: 'L WITH E not listed: L decides', input: 'GPL-3.0-only WITH GCC-exception-3.1', verdict: 'deny', rules: [listed('deny', 'GPL-3.0-only')], says: ['no rule of its own', 'GPL-3.0-only decides'] },
  {
    title: 'L WITH E listed beats L',
    input: 'GPL-2.0-only WITH Classpath-exception-2.0',
    policy: policy({ allow: ['GPL-2.0-only WITH Classpath-exception-2.0'], deny: ['GPL-2.0-only'] }),
    verdict: 'allow',
  },
  { title: 'L WITH E, neither listed: default', input: 'CDDL-1.0 WITH Classpath-exception-2.0', verdict: 'review', rules: [DEFAULT] },
  { title: 'deprecated -with- id maps onto the listed L WITH E', input: 'GPL-2.0-with-classpath-exception', verdict: 'allow', normalized: 'GPL-2.0-only WITH Classpath-exception-2.0', kinds: ['license-correction'] },
  // Or later.
  { title: 'or-later not listed: its -only base decides', input: 'GPL-2.0-or-later', verdict: 'allow', rules: [listed('allow', 'GPL-2.0-only')], says: ['may be used as GPL-2.0-only'] },
  { title: 'GPL-2.0+ is read as or-later, then the base', input: 'GPL-2.0+', verdict: 'allow', normalized: 'GPL-2.0-or-later', kinds: ['license-correction'] },
  {
    title: 'or-later listed itself wins over the base',
    input: 'GPL-2.0-or-later',
    policy: policy({ deny: ['GPL-2.0-or-later'] }),
    verdict: 'deny',
    rules: [listed('deny', 'GPL-2.0-or-later')],
  },
  { title: 'plus on a non-GNU id falls back to the id', input: 'Apache-2.0+', verdict: 'allow', normalized: 'Apache-2.0+', leaves: [['Apache-2.0+', 'allow']] },
  { title: 'or-later of an unlisted base: default', input: 'LGPL-2.0-or-later', verdict: 'review', rules: [DEFAULT] },
  { title: '-only is never widened to or-later', input: 'GPL-3.0-only', policy: policy({ allow: ['GPL-3.0-or-later'], deny: [] }), verdict: 'review', rules: [DEFAULT] },
  { title: 'or-later WITH E falls back to base WITH E', input: 'GPL-2.0-or-later WITH Classpath-exception-2.0', verdict: 'allow', says: ['GPL-2.0-only WITH Classpath-exception-2.0'] },
  // OR.
  { title: 'OR takes the best', input: 'MIT OR GPL-3.0-only', verdict: 'allow', choice: 'MIT', kinds: ['license-choice'], says: ['MIT chosen over GPL-3.0-only'] },
  { title: 'OR choice in either order', input: 'GPL-3.0-only OR MIT', verdict: 'allow', choice: 'MIT', says: ['MIT chosen over GPL-3.0-only'] },
  { title: 'OR of two allowed: first is the choice, no choice reason', input: 'MIT OR Apache-2.0', verdict: 'allow', choice: 'MIT' },
  { title: 'OR of two denied', input: 'AGPL-3.0-only OR SSPL-1.0', verdict: 'deny', choice: 'AGPL-3.0-only', rules: [listed('deny', 'AGPL-3.0-only')] },
  { title: 'OR between review and deny', input: 'SSPL-1.0 OR LGPL-2.1-only', verdict: 'review', choice: 'LGPL-2.1-only', says: ['LGPL-2.1-only chosen over SSPL-1.0'] },
  { title: 'three alternatives', input: 'AGPL-3.0-only OR MPL-2.0 OR BSD-3-Clause', verdict: 'allow', choice: 'BSD-3-Clause', says: ['over AGPL-3.0-only (not allowed), MPL-2.0 (needs review)'] },
  // AND.
  { title: 'AND takes the worst', input: 'MIT AND GPL-3.0-only', verdict: 'deny', normalized: 'MIT AND GPL-3.0-only', rules: [listed('deny', 'GPL-3.0-only')], choice: null },
  { title: 'AND of allowed', input: 'MIT AND BSD-3-Clause', verdict: 'allow', rules: [listed('allow', 'MIT')] },
  { title: 'AND with a default', input: 'MIT AND CDDL-1.0', verdict: 'review', rules: [DEFAULT] },
  {
    title: 'AND with a denied part beside an unknown exception (husky 5.0.1): denied',
    input: 'AGPL-3.0-only AND MIT WITH Patron-1.0.0',
    verdict: 'deny',
    rules: [listed('deny', 'AGPL-3.0-only'), UNKNOWN],
    says: ['AGPL-3.0-only is not allowed', 'Patron-1.0.0'],
  },
  {
    title: 'AND: a review part beside an unknown exception is at least review, where unknown stays unknown',
    input: 'MPL-2.0 AND MIT WITH Patron-1.0.0',
    policy: policy({ unknown: 'unknown' }),
    verdict: 'review',
    rules: [listed('review', 'MPL-2.0'), UNKNOWN],
  },
  { title: 'AND with a denied part beside an unknown name: denied', input: 'FooBar and GPL-3.0-only', verdict: 'deny', rules: [listed('deny', 'GPL-3.0-only'), UNKNOWN] },
  { title: 'OR with an unknown part stays unknown, even beside a denied one', input: 'AGPL-3.0-only OR FooBar', verdict: 'review', rules: [UNKNOWN] },
  { title: 'parentheses are not split: unknown', input: '(AGPL-3.0-only OR MIT) AND FooBar', verdict: 'review', rules: [UNKNOWN] },
  { title: 'AND of allowed and unknown stays unknown', input: 'MIT AND FooBar', verdict: 'review', rules: [UNKNOWN] },
  // Precedence and nesting.
  { title: 'A OR B AND C: AND binds tighter (choose A)', input: 'MIT OR GPL-3.0-only AND Apache-2.0', verdict: 'allow', normalized: 'MIT OR (GPL-3.0-only AND Apache-2.0)', choice: 'MIT' },
  { title: 'A AND B OR C: AND binds tighter (choose C)', input: 'GPL-3.0-only AND MIT OR ISC', policy: policy({ review: [], deny: ['GPL-3.0-only'] }), verdict: 'allow', choice: 'ISC' },
  { title: '(A OR B) AND C', input: '(MIT OR GPL-3.0-only) AND Apache-2.0', verdict: 'allow', choice: 'MIT AND Apache-2.0' },
  { title: '(A OR B) AND C with C denied', input: '(MIT OR Apache-2.0) AND AGPL-3.0-only', verdict: 'deny', rules: [listed('deny', 'AGPL-3.0-only')] },
  { title: 'nested choices', input: '(AGPL-3.0-only OR MPL-2.0) AND (GPL-3.0-only OR BSD-3-Clause)', verdict: 'review', choice: 'MPL-2.0 AND BSD-3-Clause' },
  { title: 'WITH inside OR', input: 'GPL-2.0-only WITH Classpath-exception-2.0 OR AGPL-3.0-only', verdict: 'allow', choice: 'GPL-2.0-only WITH Classpath-exception-2.0' },
  // Corrections reach the reasons.
  { title: 'common name corrected', input: 'Apache License, Version 2.0', verdict: 'allow', normalized: 'Apache-2.0', kinds: ['license-correction'], says: ['read as Apache-2.0'] },
  { title: 'npm dual license', input: 'MIT/GPL-3.0', verdict: 'allow', normalized: 'MIT OR GPL-3.0-only', choice: 'MIT', kinds: ['license-correction', 'license-choice'] },
  { title: 'lower case id', input: 'mit', verdict: 'allow', normalized: 'MIT', kinds: ['license-correction'] },
  { title: 'deprecated GPL-3.0 denied as GPL-3.0-only', input: 'GPL-3.0', verdict: 'deny', normalized: 'GPL-3.0-only' },
  // Unknown.
  { title: 'null', input: null, verdict: 'review', normalized: null, rules: [UNKNOWN], says: ['No license information'] },
  { title: 'undefined', input: undefined, verdict: 'review', rules: [UNKNOWN] },
  { title: 'empty string', input: '', verdict: 'review', rules: [UNKNOWN] },
  { title: 'NOASSERTION', input: 'NOASSERTION', verdict: 'review', rules: [UNKNOWN], says: ['NOASSERTION'] },
  { title: 'NONE', input: 'NONE', verdict: 'review', rules: [UNKNOWN] },
  { title: 'UNLICENSED', input: 'UNLICENSED', verdict: 'review', rules: [UNKNOWN], says: ['no license granted'] },
  { title: 'SEE LICENSE IN', input: 'SEE LICENSE IN LICENSE.txt', verdict: 'review', says: ['LICENSE.txt'] },
  { title: 'garbage', input: 'see the website', verdict: 'review', normalized: null, rules: [UNKNOWN] },
  { title: 'ambiguous BSD is not guessed', input: 'BSD', verdict: 'review', normalized: null, says: ['not guessed'] },
  { title: 'unknown mapped to deny', input: 'NOASSERTION', policy: policy({ unknown: 'deny' }), verdict: 'deny', says: ['does not allow unknown licenses'] },
  { title: 'unknown left unknown', input: 'UNLICENSED', policy: policy({ unknown: 'unknown' }), verdict: 'unknown', says: ['verdict is unknown'] },
  { title: 'garbage mapped to deny', input: 'Proprietary', policy: policy({ unknown: 'deny' }), verdict: 'deny' },
  { title: 'too long', input: `MIT${' AND MIT'.repeat(400)}`, verdict: 'review', normalized: null, says: ['too long'] },
  // Arrays: several licenses, no stated relation: AND.
  { title: 'array combined with AND', input: ['MIT', 'GPL-3.0-only'], verdict: 'deny', normalized: 'MIT AND GPL-3.0-only', kinds: ['license-correction'], says: ['read as AND'] },
  { title: 'array of allowed', input: ['MIT', 'Apache 2.0'], verdict: 'allow', normalized: 'MIT AND Apache-2.0', says: ['read as Apache-2.0'] },
  { title: 'array with a dual license keeps the choice', input: ['MIT OR GPL-3.0-only', 'ISC'], policy: policy({ review: [], deny: ['GPL-3.0-only'] }), verdict: 'allow', normalized: '(MIT OR GPL-3.0-only) AND ISC', choice: 'MIT AND ISC' },
  { title: 'array of one is the string', input: ['MIT'], verdict: 'allow', normalized: 'MIT', choice: null },
  { title: 'array with duplicates', input: ['MIT', 'MIT'], verdict: 'allow', normalized: 'MIT' },
  { title: 'empty array is no data', input: [], verdict: 'review', normalized: null, rules: [UNKNOWN] },
  { title: 'array of blanks is no data', input: ['', '  '], verdict: 'review', rules: [UNKNOWN] },
  { title: 'array with an unknown part (unknown → review)', input: ['MIT', 'NOASSERTION'], verdict: 'review', normalized: null, rules: [UNKNOWN] },
  { title: 'array with an unknown part (unknown → unknown)', input: ['MIT', 'garbage'], policy: policy({ unknown: 'unknown' }), verdict: 'unknown', normalized: null, leaves: [['MIT', 'allow']] },
  { title: 'array with an unknown part and a denied one', input: ['AGPL-3.0-only', 'garbage'], verdict: 'deny', rules: [listed('deny', 'AGPL-3.0-only')] },
];

describe('evaluateLicense', () => {
  for (const testCase of cases) {
    it(testCase.title, () => {
      const result = evaluateLicense(testCase.input, testCase.policy ?? POLICY);
      assert.equal(result.verdict, testCase.verdict);
      if (testCase.normalized !== undefined) {
        assert.equal(result.normalized, testCase.normalized);
      }
      if (testCase.choice !== undefined) {
        assert.equal(result.choice, testCase.choice ?? undefined);
      }
      const rules = result.reasons.map((reason) => JSON.stringify(reason.rule));
      for (const rule of testCase.rules ?? []) {
        assert.ok(rules.includes(JSON.stringify(rule)), `rule ${JSON.stringify(rule)} in ${JSON.stringify(result.reasons, null, 1)}`);
      }
      const kinds = result.reasons.map((reason) => reason.kind);
      for (const kind of testCase.kinds ?? []) {
        assert.ok(kinds.includes(kind as never), `kind ${kind} in ${JSON.stringify(result.reasons, null, 1)}`);
      }
      for (const text of testCase.says ?? []) {
        assert.ok(
          result.reasons.some((reason) => reason.message.includes(text)),
          `"${text}" in ${JSON.stringify(result.reasons.map((reason) => reason.message), null, 1)}`,
        );
      }
      if (testCase.leaves !== undefined) {
        assert.deepEqual(
          result.leaves.map((leaf) => [leaf.license, leaf.verdict]),
          testCase.leaves,
        );
      }
      assert.ok(result.reasons.length > 0, 'there is always a reason');
      for (const reason of result.reasons) {
        assert.ok(['license', 'license-correction', 'license-choice'].includes(reason.kind));
        assert.ok(reason.message.length > 0);
      }
    });
  }

  it('reports every leaf with its own verdict, once', () => {
    const result = evaluateLicense('(MIT OR AGPL-3.0-only) AND MIT AND GPL-2.0-only WITH Classpath-exception-2.0', POLICY);
    assert.deepEqual(result.leaves, [
      { license: 'MIT', verdict: 'allow' },
      { license: 'AGPL-3.0-only', verdict: 'deny' },
      { license: 'GPL-2.0-only', exception: 'Classpath-exception-2.0', verdict: 'allow' },
    ]);
  });

  it('states the choice in plain English', () => {
    const result = evaluateLicense('MIT OR GPL-3.0-only', POLICY);
    const choice = result.reasons.find((reason) => reason.kind === 'license-choice');
    assert.equal(choice?.message, 'MIT chosen over GPL-3.0-only (not allowed): the license expression offers a choice, and MIT is allowed.');
  });

  it('does not throw on a hostile policy or input', () => {
    const hostile = { allow: 'MIT', review: [null, 42, '__proto__'], deny: undefined, default: 'maybe', unknown: 'whatever', notes: {}, training: null } as unknown as LicensePolicy;
    assert.equal(evaluateLicense('MIT', hostile).verdict, 'review');
    assert.equal(evaluateLicense('garbage', hostile).verdict, 'unknown');
    assert.equal(evaluateLicense([42, {}, 'MIT'] as unknown as string[], POLICY).verdict, 'allow');
    assert.equal(evaluateLicense({} as unknown as string, POLICY).verdict, 'review');
    assert.equal(evaluateLicense(Array.from({ length: 100 }, (_, i) => `LicenseRef-${i}`), POLICY).normalized, null);
    assert.deepEqual(trainingForLicenses(evaluateLicense('MIT', hostile), hostile), []);
  });

  it('stays shallow and fast on deep or huge expressions', () => {
    const deep = `${'('.repeat(5000)}MIT${')'.repeat(5000)}`;
    const chain = Array.from({ length: 240 }, (_, i) => (i % 2 === 0 ? 'MIT' : 'ISC')).join(' AND '); // just under the length cap
    const started = Date.now();
    assert.equal(evaluateLicense(deep, POLICY).verdict, 'review');
    assert.equal(evaluateLicense('x'.repeat(1_000_000), POLICY).verdict, 'review');
    assert.equal(evaluateLicense(chain, POLICY).verdict, 'deny');
    assert.ok(Date.now() - started < 2000);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 100 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 })), (input) => {
        const result = evaluateLicense(input, POLICY);
        assert.ok(['allow', 'review', 'unknown', 'deny'].includes(result.verdict));
      }),
      { numRuns: 300 },
    );
  });
});

describe('LicenseEvaluationCache', () => {
  it('returns results equal to uncached evaluation', () => {
    const cache = new LicenseEvaluationCache();
    for (const testCase of cases) {
      const policyUsed = testCase.policy ?? POLICY;
      const uncached = evaluateLicense(testCase.input, policyUsed);
      const first = evaluateLicense(testCase.input, policyUsed, cache);
      const second = evaluateLicense(testCase.input, policyUsed, cache);
      assert.deepEqual(first, uncached, testCase.title);
      assert.deepEqual(second, uncached, testCase.title);
    }
  });

  it('hands out arrays the caller may change', () => {
    const cache = new LicenseEvaluationCache();
    const first = evaluateLicense('MIT', POLICY, cache);
    first.reasons.push({ kind: 'data', message: 'mine' });
    first.leaves.length = 0;
    const second = evaluateLicense('MIT', POLICY, cache);
    assert.equal(second.reasons.length, 1);
    assert.equal(second.leaves.length, 1);
  });

  it('keeps results per policy', () => {
    const cache = new LicenseEvaluationCache();
    const strict = policy({ allow: [], deny: ['MIT'] });
    assert.equal(evaluateLicense('MIT', POLICY, cache).verdict, 'allow');
    assert.equal(evaluateLicense('MIT', strict, cache).verdict, 'deny');
    assert.equal(evaluateLicense('MIT', POLICY, cache).verdict, 'allow');
  });

  it('tells an array from a string', () => {
    const cache = new LicenseEvaluationCache();
    assert.equal(evaluateLicense('MIT,GPL-3.0-only', POLICY, cache).verdict, 'allow'); // a choice
    assert.equal(evaluateLicense(['MIT', 'GPL-3.0-only'], POLICY, cache).verdict, 'deny'); // both apply
  });

  it('is bounded', () => {
    const cache = new LicenseEvaluationCache(50);
    for (let i = 0; i < 1000; i++) {
      evaluateLicense(`LicenseRef-${i} OR MIT`, POLICY, cache);
    }
    assert.ok(cache.size <= 100, `size ${cache.size}`);
    assert.equal(evaluateLicense('LicenseRef-1 OR MIT', POLICY, cache).choice, 'MIT');
    cache.clear();
    assert.equal(cache.size, 0);
  });

  it('defaults to 10,000 entries and refuses a silly bound', () => {
    assert.equal(new LicenseEvaluationCache().maxEntries, 10_000);
    assert.equal(new LicenseEvaluationCache(Number.NaN).maxEntries, 10_000);
    assert.equal(new LicenseEvaluationCache(0).maxEntries, 10_000);
  });

  it('evaluates 1,000 dependencies quickly', () => {
    const cache = new LicenseEvaluationCache();
    const texts = ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause', 'MIT OR Apache-2.0', 'Apache 2.0', '(MIT AND Zlib)', 'GPL-2.0+', 'UNLICENSED', 'BSD'];
    const run = (): number => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < 1000; i++) {
        evaluateLicense(texts[i % texts.length], POLICY, cache);
      }
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    run();
    assert.ok(run() < 100);
  });
});

describe('trainingForLicenses', () => {
  const table: { input: string | string[]; expected: string[] }[] = [
    { input: 'AGPL-3.0-only', expected: ['network-copyleft'] },
    { input: 'MIT', expected: [] },
    { input: 'MIT AND AGPL-3.0-only', expected: ['network-copyleft'] },
    { input: 'GPL-3.0-only', expected: ['copyleft-101'] }, // the feed key `GPL-3.0` is normalized
    { input: 'GPL-3.0-or-later', expected: [] }, // exact ids only
    { input: 'GPL-2.0-only WITH Classpath-exception-2.0', expected: ['classpath', 'copyleft-101'] },
    { input: ['AGPL-3.0-only', 'GPL-3.0-only', 'GPL-2.0-only'], expected: ['network-copyleft', 'copyleft-101'] },
    { input: 'NOASSERTION', expected: [] },
  ];
  for (const { input, expected } of table) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(trainingForLicenses(evaluateLicense(input, POLICY), POLICY), expected);
    });
  }
});
