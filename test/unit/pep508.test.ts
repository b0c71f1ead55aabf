import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePep508, urlSource } from '../../src/core/manifests/pep508';
import type { TextRange } from '../../src/core/manifests/types';

interface Expected {
  name: string;
  extras?: string[];
  spec?: string | null;
  markers?: string | null;
  url?: string | null;
  problems?: number;
}

interface Case {
  title: string;
  text: string;
  expected: Expected | null;
  problems?: number;
}

const cases: Case[] = [
  { title: 'bare name', text: 'requests', expected: { name: 'requests' } },
  { title: 'leading and trailing space', text: '  requests  ', expected: { name: 'requests' } },
  { title: 'name as written, not normalised', text: 'Foo_Bar.baz', expected: { name: 'Foo_Bar.baz' } },
  { title: 'specifier glued to the name', text: 'requests>=2.0', expected: { name: 'requests', spec: '>=2.0' } },
  {
    title: 'extras, specifier list and markers',
    text: 'name[extra1,extra2] >=1.0, <2 ; python_version < "3.12"',
    expected: { name: 'name', extras: ['extra1', 'extra2'], spec: '>=1.0, <2', markers: 'python_version < "3.12"' },
  },
  { title: 'spaced extras', text: 'name [ a , b ] ==1', expected: { name: 'name', extras: ['a', 'b'], spec: '==1' } },
  { title: 'parenthesised specifier', text: 'name (>=1.0)', expected: { name: 'name', spec: '>=1.0' } },
  { title: 'parenthesised specifier with markers', text: 'name (>=1.0, <2);os_name=="nt"', expected: { name: 'name', spec: '>=1.0, <2', markers: 'os_name=="nt"' } },
  { title: 'compatible release and arbitrary equality', text: 'a~=1.4.2', expected: { name: 'a', spec: '~=1.4.2' } },
  { title: 'URL requirement', text: 'pip @ https://github.com/pypa/pip/archive/1.3.1.zip', expected: { name: 'pip', url: 'https://github.com/pypa/pip/archive/1.3.1.zip' } },
  { title: 'URL without spaces', text: 'pip@file:///tmp/pip.whl', expected: { name: 'pip', url: 'file:///tmp/pip.whl' } },
  {
    title: 'URL requirement with markers',
    text: 'name[x] @ git+https://h/r.git@v1 ; python_version >= "3.8"',
    expected: { name: 'name', extras: ['x'], url: 'git+https://h/r.git@v1', markers: 'python_version >= "3.8"' },
  },
  { title: 'markers without specifier', text: "geoip2; python_version < '3.13'", expected: { name: 'geoip2', markers: "python_version < '3.13'" } },
  { title: 'empty string', text: '', expected: null },
  { title: 'blank string', text: '   ', expected: null },
  // Half-typed input: keep what was read, report the rest.
  { title: 'no name', text: '>=1.0', expected: null, problems: 1 },
  { title: 'half-typed specifier', text: 'requests>=', expected: { name: 'requests', spec: '>=' } },
  { title: 'unclosed extras', text: 'requests[secu', expected: { name: 'requests', extras: ['secu'] }, problems: 1 },
  { title: 'unclosed extras before specifier', text: 'requests[secu >=1', expected: { name: 'requests', extras: ['secu'], spec: '>=1' }, problems: 1 },
  { title: 'unclosed parenthesis', text: 'name (>=1.0', expected: { name: 'name', spec: '>=1.0' }, problems: 1 },
  { title: 'at sign without URL', text: 'name @ ', expected: { name: 'name' }, problems: 1 },
  { title: 'semicolon without markers', text: 'name>=1;', expected: { name: 'name', spec: '>=1' }, problems: 1 },
  { title: 'version without operator', text: 'name 1.0', expected: { name: 'name' }, problems: 1 },
  { title: 'text after URL', text: 'name @ https://x/y.zip junk', expected: { name: 'name', url: 'https://x/y.zip' }, problems: 1 },
];

describe('parsePep508', () => {
  for (const { title, text, expected, problems = 0 } of cases) {
    it(title, () => {
      for (const base of [0, 37]) {
        // Pretend the requirement sits inside a larger document at `base`.
        const document = 'x'.repeat(base) + text;
        const result = parsePep508(text, base);
        assert.equal(result.problems.length, problems, JSON.stringify(result.problems));
        for (const problem of result.problems) {
          assertInside(problem.range, base, document.length);
        }
        if (expected === null) {
          assert.equal(result.requirement, null);
          continue;
        }
        const requirement = result.requirement;
        assert.ok(requirement);
        assert.deepEqual(
          {
            name: requirement.name,
            extras: requirement.extras,
            spec: requirement.spec,
            markers: requirement.markers,
            url: requirement.url,
          },
          { extras: [], spec: null, markers: null, url: null, ...expected },
        );
        assert.equal(slice(document, requirement.nameRange), requirement.name);
        assert.equal(slice(document, requirement.specRange), requirement.spec);
        assert.equal(slice(document, requirement.markersRange), requirement.markers);
        assert.equal(slice(document, requirement.urlRange), requirement.url);
      }
    });
  }

  it('never throws and keeps every range inside the string', () => {
    const alphabet = fc.constantFrom('a', 'B', '1', '-', '.', '[', ']', ',', '(', ')', '>', '=', '<', '~', '!', ';', '@', ' ', '"', "'", '/', ':', '\\', '#');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((chars) => chars.join('')), fc.nat(100), (text, base) => {
        const result = parsePep508(text, base);
        const ranges = [...result.problems.map((problem) => problem.range)];
        if (result.requirement) {
          const { nameRange, specRange, markersRange, urlRange } = result.requirement;
          ranges.push(nameRange, ...[specRange, markersRange, urlRange].filter((range): range is TextRange => range !== null));
          assert.equal(text.slice(nameRange.start - base, nameRange.end - base), result.requirement.name);
        }
        for (const range of ranges) {
          assertInside(range, base, base + text.length);
        }
      }),
    );
  });

  it('is linear on long adversarial input', () => {
    const text = 'a' + '['.repeat(100_000) + '('.repeat(100_000) + ' '.repeat(100_000);
    const started = Date.now();
    parsePep508(text);
    assert.ok(Date.now() - started < 1000);
  });
});

describe('urlSource', () => {
  const table: { url: string; kind: string }[] = [
    { url: 'git+https://github.com/a/b.git@v1', kind: 'git' },
    { url: 'git://github.com/a/b.git', kind: 'git' },
    { url: 'https://example.com/x.zip', kind: 'url' },
    { url: 'hg+https://example.com/repo', kind: 'url' },
    { url: 'file:///tmp/x.whl', kind: 'path' },
    { url: './local/pkg', kind: 'path' },
  ];
  for (const { url, kind } of table) {
    it(`classifies ${url} as ${kind}`, () => {
      assert.deepEqual(urlSource(url), { kind, value: url });
    });
  }
});

function slice(text: string, range: TextRange | null): string | null {
  return range === null ? null : text.slice(range.start, range.end);
}

function assertInside(range: TextRange, start: number, end: number): void {
  assert.ok(range.start >= start && range.start <= range.end && range.end <= end, JSON.stringify(range));
}
