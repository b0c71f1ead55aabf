import * as assert from 'node:assert/strict';
import { parseManifest } from '../../src/core/manifests';
import { LineIndex } from '../../src/core/manifests/lineIndex';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { CompiledPolicy, type Finding } from '../../src/core/policy/compiledPolicy';
import { EvaluationMemo } from '../../src/core/policy/evaluationMemo';
import { validateFeed } from '../../src/core/policy/validateFeed';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import { annotationText } from '../../src/core/report/annotation';

describe('LineIndex', () => {
  const text = 'ab\r\ncde\n\nf';
  const index = new LineIndex(text);
  const cases: Array<[offset: number, line: number, character: number]> = [
    [0, 0, 0],
    [2, 0, 2],
    [4, 1, 0],
    [7, 1, 3],
    [8, 2, 0],
    [9, 3, 0],
    [10, 3, 1],
    [-5, 0, 0],
    [99, 3, 1],
  ];
  for (const [offset, line, character] of cases) {
    it(`offset ${offset} is line ${line}, character ${character}`, () => assert.deepEqual(index.positionAt(offset), { line, character }));
  }
  it('counts lines and their lengths without line breaks', () => {
    assert.equal(index.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((line) => index.lineLength(line)), [2, 3, 0, 1]);
  });
});

describe('annotationText', () => {
  const feed = validateFeed({
    schemaVersion: 1,
    id: 'marks',
    version: 1,
    issued: '2026-11-01T00:00:00Z',
    licenses: { allow: ['MIT'], review: ['MPL-2.0'], deny: ['AGPL-3.0-only'], default: 'review', unknown: 'unknown' },
    packages: [
      { match: 'pkg:npm/ruled', verdict: 'deny', reason: 'Banned   for\nthe test.', support: { level: 'eol', until: '2020-01-01' } },
      { match: 'pkg:npm/healthy', health: { score: 7.45, source: 'OpenSSF Scorecard' } },
      { match: 'pkg:npm/sick', health: { score: 1, source: 'OpenSSF Scorecard' } },
    ],
    health: { warnBelow: 4, denyBelow: 2 },
  }).feed as PolicyFeed;
  const policy = new CompiledPolicy(feed);
  const finding = (name: string, license: string | readonly string[] | null): Finding => policy.evaluate({ ecosystem: 'npm', name, spec: null, license }, { repo: null, now: new Date('2026-12-01') });
  const rows: Array<[title: string, finding: Finding, compact: string, full: string]> = [
    ['allowed', finding('a', 'MIT'), '✓ MIT', ''],
    ['to review', finding('b', 'MPL-2.0'), '⚠ MPL-2.0 review', ''],
    ['denied', finding('c', 'AGPL-3.0-only'), '✖ AGPL-3.0-only', ''],
    ['no data', finding('d', null), '? no license data', ''],
    ['package rule, support in full', finding('ruled', 'MIT'), '✖ MIT · OSPO rule', '✖ MIT · OSPO rule · end of life until 2020-01-01 · Banned for the test.'],
    ['health score', finding('healthy', 'MIT'), '✓ MIT · health 7.5/10', ''],
    ['low health decides', finding('sick', 'MIT'), '✖ MIT · low health · health 1/10', ''],
    ['a list with no stated relation is shown as listed, evaluated as AND', finding('f', ['MIT', 'MPL-2.0']), '⚠ listed: MIT, MPL-2.0 review', ''],
    [
      'a change of license inside the spec is named',
      policy.evaluate(
        { ecosystem: 'npm', name: 'g', spec: '>=1', version: '2.0.0', license: 'MIT', licenseChanges: [{ version: '2.0.0', from: 'AGPL-3.0-only', to: 'MIT' }] },
        { repo: null, now: new Date('2026-12-01') },
      ),
      '✖ MIT · license changes at 2.0.0',
      '',
    ],
    ['a license paragraph is cut to one short line', finding('e', `Some\nlong ${'x'.repeat(100)}`), `? Some long ${'x'.repeat(49)}…`, ''],
  ];
  for (const [title, item, compact, full] of rows) {
    it(title, () => {
      assert.equal(annotationText(item, 'compact'), compact);
      assert.ok(annotationText(item, 'full').startsWith(`${compact} · `));
      if (full !== '') {
        assert.equal(annotationText(item, 'full'), full);
      }
    });
  }
});

describe('EvaluationMemo', () => {
  const policy = new CompiledPolicy(bundledDefaultFeed());
  const context = { repo: null, now: new Date('2026-12-01T10:00:00Z') };
  const manifest = parseManifest('npm', JSON.stringify({ dependencies: { a: '^1.0.0', b: '2.0.0' } }));

  it('asks for facts once per dependency as written and returns the same finding', () => {
    const memo = new EvaluationMemo(policy, context);
    let lookups = 0;
    const facts = (name: string) => () => {
      lookups++;
      return { ecosystem: 'npm' as const, name, spec: null, license: 'MIT' };
    };
    const first = manifest.dependencies.map((dependency) => memo.evaluateDependency('/p', dependency, facts(dependency.name)));
    const second = manifest.dependencies.map((dependency) => memo.evaluateDependency('/p', dependency, facts(dependency.name)));
    assert.equal(lookups, 2);
    assert.deepEqual(first, second);
    assert.equal(first[0], second[0]);
    memo.evaluateDependency('/other', manifest.dependencies[0], facts('a'));
    assert.equal(lookups, 3, 'another folder has other data');
  });

  it('lets go of what two sweeps in a row did not use', () => {
    const memo = new EvaluationMemo(policy, context);
    let lookups = 0;
    const facts = () => {
      lookups++;
      return { ecosystem: 'npm' as const, name: 'a', spec: null, license: 'MIT' };
    };
    memo.evaluateDependency('/p', manifest.dependencies[0], facts);
    memo.sweep();
    memo.evaluateDependency('/p', manifest.dependencies[0], facts);
    assert.equal(lookups, 1, 'promoted from the previous generation');
    memo.sweep();
    memo.sweep();
    memo.evaluateDependency('/p', manifest.dependencies[0], facts);
    assert.equal(lookups, 2);
  });

  it('fits only its policy, repository and day', () => {
    const memo = new EvaluationMemo(policy, context);
    assert.equal(memo.fits(policy, null, new Date('2026-12-01T23:00:00Z')), true);
    assert.equal(memo.fits(policy, null, new Date('2026-12-02T00:00:01Z')), false);
    assert.equal(memo.fits(policy, 'github.com/acme/x', context.now), false);
    assert.equal(memo.fits(new CompiledPolicy(bundledDefaultFeed()), null, context.now), false);
  });
});
