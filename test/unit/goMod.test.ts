import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseGoMod } from '../../src/core/manifests/goMod';
import type { ManifestDependency } from '../../src/core/manifests/types';
import { assertRangesInside } from './support/rangesInside';

interface Expected {
  name: string;
  spec: string | null;
  indirect?: true;
}

interface Case {
  title: string;
  text: string;
  expected: Expected[];
  problems?: number;
}

const cases: Case[] = [
  { title: 'single-line require', text: 'module m\n\ngo 1.20\n\nrequire golang.org/x/net v0.26.0\n', expected: [{ name: 'golang.org/x/net', spec: 'v0.26.0' }] },
  {
    title: 'require block',
    text: 'require (\n\tgolang.org/x/crypto v0.0.0-20220516162934-403b01795ae8\n\tgolang.org/x/net v0.1.0\n)\n',
    expected: [{ name: 'golang.org/x/crypto', spec: 'v0.0.0-20220516162934-403b01795ae8' }, { name: 'golang.org/x/net', spec: 'v0.1.0' }],
  },
  {
    title: 'indirect comments',
    text: 'require (\n\ta.com/x v1.0.0 // indirect\n\tb.com/y v1.0.0 //indirect\n\tc.com/z v1.0.0 // indirect; needed by tests\n\td.com/w v1.0.0 // not indirect\n\te.com/v v1.0.0 // indirectly\n)\nrequire f.com/u v2.0.0+incompatible // indirect',
    expected: [
      { name: 'a.com/x', spec: 'v1.0.0', indirect: true },
      { name: 'b.com/y', spec: 'v1.0.0', indirect: true },
      { name: 'c.com/z', spec: 'v1.0.0', indirect: true },
      { name: 'd.com/w', spec: 'v1.0.0' },
      { name: 'e.com/v', spec: 'v1.0.0' },
      { name: 'f.com/u', spec: 'v2.0.0+incompatible', indirect: true },
    ],
  },
  {
    title: 'quoted paths and versions',
    text: 'module "gopkg.in/yaml.v3"\n\nrequire (\n\t"gopkg.in/check.v1" v0.0.0-20161208181325-20d25e280405\n)\nrequire `example.com/raw` "v1.2.3"',
    expected: [{ name: 'gopkg.in/check.v1', spec: 'v0.0.0-20161208181325-20d25e280405' }, { name: 'example.com/raw', spec: 'v1.2.3' }],
  },
  {
    title: 'comments everywhere',
    text: '// header\nrequire ( // trailing\n\t// a comment line\n\ta.com/x v1.0.0 // why\n) // done\nrequire b.com/y v1.1.0// glued',
    expected: [{ name: 'a.com/x', spec: 'v1.0.0' }, { name: 'b.com/y', spec: 'v1.1.0' }],
  },
  {
    title: 'other directives and their blocks are skipped',
    text: [
      'module github.com/o/m', 'go 1.22.5', 'toolchain go1.22.6', 'godebug default=go1.21', 'godebug (', '\tpanicnil=1', ')',
      'tool golang.org/x/tools/cmd/stringer', 'tool (', '\texample.com/tool', ')', 'ignore ./node_modules',
      'replace a.com/x => b.com/x v1.0.0', 'replace (', '\tc.com/x v1.0.0 => ../x', ')',
      'exclude d.com/x v1.0.0', 'exclude (', '\te.com/x v1.0.0', ')', 'retract v1.0.1', 'retract (', '\tv1.5.2 // overwritten', '\t[v1.0.0, v1.0.5]', ')',
      'require real.com/dep v1.2.3',
    ].join('\n'),
    expected: [{ name: 'real.com/dep', spec: 'v1.2.3' }],
  },
  { title: 'empty one-line block', text: 'require ()\nrequire a.com/x v1', expected: [{ name: 'a.com/x', spec: 'v1' }] },
  { title: 'CRLF and CR line endings', text: 'require (\r\n\ta.com/x v1.0.0 // indirect\r\n)\r\rrequire b.com/y v2.0.0\r', expected: [{ name: 'a.com/x', spec: 'v1.0.0', indirect: true }, { name: 'b.com/y', spec: 'v2.0.0' }] },
  { title: 'empty document', text: '', expected: [] },
  // Half-typed documents.
  { title: 'block without close paren', text: 'require (\n\ta.com/x v1.0.0\n\tb.com/y v1', expected: [{ name: 'a.com/x', spec: 'v1.0.0' }, { name: 'b.com/y', spec: 'v1' }], problems: 1 },
  { title: 'truncated before the version', text: 'require (\n\ta.com/x v1.0.0\n\tb.com/', expected: [{ name: 'a.com/x', spec: 'v1.0.0' }, { name: 'b.com/', spec: null }], problems: 2 },
  { title: 'require with no arguments', text: 'require\nrequire a.com/x v1', expected: [{ name: 'a.com/x', spec: 'v1' }], problems: 1 },
  { title: 'unterminated quoted path', text: 'require "a.com/x v1.0.0\nrequire b.com/y v2', expected: [{ name: 'a.com/x v1.0.0', spec: null }, { name: 'b.com/y', spec: 'v2' }], problems: 2 },
  {
    title: 'a directive closes a block left open above it',
    text: 'require (\n\ta.com/x v1\nreplace b.com/y => c.com/y v1\nrequire d.com/z v2',
    expected: [{ name: 'a.com/x', spec: 'v1' }, { name: 'd.com/z', spec: 'v2' }],
    problems: 1,
  },
  { title: 'unclosed exclude block does not swallow requires', text: 'exclude (\n\ta.com/x v1\nrequire b.com/y v2', expected: [{ name: 'b.com/y', spec: 'v2' }], problems: 1 },
  { title: 'half-typed directive', text: 'requ\nrequire a.com/x v1', expected: [{ name: 'a.com/x', spec: 'v1' }], problems: 1 },
];

describe('parseGoMod', () => {
  for (const { title, text, expected, problems = 0 } of cases) {
    it(title, () => {
      const result = parseGoMod(text);
      assert.equal(result.kind, 'gomod');
      assert.equal(result.problems.length, problems, JSON.stringify(result.problems));
      assert.deepEqual(result.dependencies.map(project), expected);
      for (const dependency of result.dependencies) {
        assert.equal(dependency.ecosystem, 'go');
        assert.equal(dependency.section, 'require');
        assert.equal(text.slice(dependency.nameRange.start, dependency.nameRange.end), dependency.name);
        assert.equal(dependency.specRange === null ? null : text.slice(dependency.specRange.start, dependency.specRange.end), dependency.spec);
      }
      assertRangesInside(result, text.length);
    });
  }

  it('never throws on any truncation of a realistic file', () => {
    const text = 'module m\n\ngo 1.21\n\nrequire (\n\t"a.com/x" v1.0.0 // indirect\n\tb.com/y v0.0.0-2022\n)\n\nreplace c => d v1\nexclude (\n\te v1\n)\n';
    for (let end = 0; end <= text.length; end++) {
      const prefix = text.slice(0, end);
      assertRangesInside(parseGoMod(prefix), prefix.length);
    }
  });

  it('never throws and names match their ranges on arbitrary input', () => {
    const piece = fc.constantFrom('require', 'replace', ' ', '\t', '(', ')', '\n', '\r', 'a.com/x', 'v1.0.0', '"', '`', '\\', '//', ' indirect', '=>');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join('')), (text) => {
        const result = parseGoMod(text);
        assertRangesInside(result, text.length);
        for (const dependency of result.dependencies) {
          assert.equal(text.slice(dependency.nameRange.start, dependency.nameRange.end), dependency.name);
        }
      }),
    );
  });

  it('is linear on long input', () => {
    const text = 'require (\n' + '\ta.com/x v1 // indirect\n'.repeat(50_000) + '"'.repeat(100_000) + '\n' + '('.repeat(100_000);
    const started = Date.now();
    assert.equal(parseGoMod(text).dependencies.length, 50_000);
    assert.ok(Date.now() - started < 2000);
  });
});

function project(dependency: ManifestDependency): Expected {
  return { name: dependency.name, spec: dependency.spec, ...(dependency.indirect ? { indirect: true as const } : {}) };
}
