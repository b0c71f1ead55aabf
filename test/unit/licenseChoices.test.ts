import * as assert from 'node:assert/strict';
import type { LicensePolicy } from '../../src/core/policy/feedModel';
import { isoDate, licenseOptions, mergeLicenseChoice, parseLicenseChoices, recommendedLicenseOptions } from '../../src/core/policy/licenseChoices';
import { evaluateLicense } from '../../src/core/policy/spdx/evaluateLicense';

const CHOICE = { license: 'MIT', expression: 'MIT OR GPL-3.0-only', recordedAt: '2026-12-06' };

describe('mergeLicenseChoice', () => {
  const rows: { title: string; existing: string | undefined; purl?: string; expected: unknown }[] = [
    { title: 'creates the file', existing: undefined, expected: { choices: { 'pkg:cargo/rand': CHOICE } } },
    { title: 'an empty file', existing: '  \n', expected: { choices: { 'pkg:cargo/rand': CHOICE } } },
    {
      title: 'keeps other choices and fields',
      existing: JSON.stringify({ comment: 'ours', choices: { 'pkg:npm/x': { license: 'Apache-2.0', expression: 'Apache-2.0 OR MIT', recordedAt: '2026-01-01' } } }),
      expected: { comment: 'ours', choices: { 'pkg:npm/x': { license: 'Apache-2.0', expression: 'Apache-2.0 OR MIT', recordedAt: '2026-01-01' }, 'pkg:cargo/rand': CHOICE } },
    },
    {
      title: 'replaces the choice for the same purl',
      existing: JSON.stringify({ choices: { 'pkg:cargo/rand': { license: 'GPL-3.0-only', expression: 'MIT OR GPL-3.0-only', recordedAt: '2025-01-01' } } }),
      expected: { choices: { 'pkg:cargo/rand': CHOICE } },
    },
    { title: 'a prototype key stays a plain key', existing: '{"choices": {}}', purl: '__proto__', expected: JSON.parse(`{"choices": {"__proto__": ${JSON.stringify(CHOICE)}}}`) },
    { title: 'invalid JSON is an error, not overwritten', existing: '{"choices": ', expected: 'error' },
    { title: 'an array is an error', existing: '[]', expected: 'error' },
    { title: 'choices that are not an object are an error', existing: '{"choices": 3}', expected: 'error' },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const result = mergeLicenseChoice(row.existing, row.purl ?? 'pkg:cargo/rand', CHOICE);
      if (row.expected === 'error') {
        assert.ok('error' in result);
        return;
      }
      assert.ok('text' in result, JSON.stringify(result));
      assert.deepEqual(JSON.parse(result.text), row.expected);
      assert.ok(result.text.endsWith('}\n') && result.text.includes('\n  "choices": {'), 'pretty-printed');
    });
  }

  it('round-trips through parseLicenseChoices', () => {
    const result = mergeLicenseChoice(undefined, 'pkg:cargo/rand', CHOICE);
    assert.ok('text' in result);
    assert.deepEqual(parseLicenseChoices(result.text).get('pkg:cargo/rand'), CHOICE);
  });

  const unreadable = [undefined, '', 'nope', '[]', '{"choices": []}', '{"choices": {"a": 1, "b": {"license": 2}}}'];
  for (const text of unreadable) {
    it(`parseLicenseChoices(${JSON.stringify(text)}) is empty`, () => assert.equal(parseLicenseChoices(text).size, 0));
  }
});

describe('licenseOptions', () => {
  const policy: LicensePolicy = {
    allow: ['MIT', 'Apache-2.0'],
    review: ['MPL-2.0'],
    deny: ['GPL-3.0-only'],
    default: 'review',
    unknown: 'review',
    notes: new Map(),
    training: new Map(),
  };
  const verdictOf = (license: string) => evaluateLicense(license, policy).verdict;
  const rows: { expression: string | null; options: string[]; recommended: string[] }[] = [
    { expression: 'MIT OR GPL-3.0-only', options: ['MIT:allow', 'GPL-3.0-only:deny'], recommended: ['MIT'] },
    { expression: 'GPL-3.0-only OR MPL-2.0', options: ['MPL-2.0:review', 'GPL-3.0-only:deny'], recommended: ['MPL-2.0'] },
    { expression: 'MIT OR Apache-2.0', options: ['MIT:allow', 'Apache-2.0:allow'], recommended: ['MIT', 'Apache-2.0'] },
    { expression: '(MIT AND GPL-3.0-only) OR Apache-2.0', options: ['Apache-2.0:allow', 'MIT AND GPL-3.0-only:deny'], recommended: ['Apache-2.0'] },
    { expression: 'MIT', options: [], recommended: [] },
    { expression: 'MIT AND Apache-2.0', options: [], recommended: [] },
    { expression: null, options: [], recommended: [] },
  ];
  for (const row of rows) {
    it(String(row.expression), () => {
      assert.deepEqual(
        licenseOptions(row.expression, verdictOf).map((option) => `${option.license}:${option.verdict}`),
        row.options,
      );
      assert.deepEqual(
        recommendedLicenseOptions(row.expression, verdictOf).map((option) => option.license),
        row.recommended,
      );
    });
  }

  it('isoDate', () => assert.equal(isoDate(new Date('2026-12-06T23:59:59Z')), '2026-12-06'));
});
