import * as assert from 'node:assert/strict';
import { parseLenientToml } from '../../src/core/manifests/toml/lenientToml';
import { tomlPathEntries } from '../../src/core/manifests/toml/tomlPaths';
import type { TomlValue } from '../../src/core/manifests/toml/tomlTypes';

/** A plain-data view of a value, to compare whole structures in one assertion. */
function plain(value: TomlValue): unknown {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'scalar':
      return { raw: value.raw };
    case 'array':
      return value.items.map(plain);
    case 'table':
      return Object.fromEntries(value.entries.map((entry) => [entry.key.map((part) => part.name).join('.'), plain(entry.value)]));
  }
}

function flatten(text: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const entry of tomlPathEntries(parseLenientToml(text))) {
    result[entry.path.map((part) => part.name).join('.')] = plain(entry.value);
  }
  return result;
}

describe('lenient TOML reader', () => {
  const cases: { title: string; text: string; expected: Record<string, unknown> }[] = [
    { title: 'basic and literal strings', text: `a = "x\\ty"\nb = 'c:\\path'`, expected: { a: 'x\ty', b: 'c:\\path' } },
    { title: 'unicode escapes', text: `a = "\\u00e9\\U0001F600"`, expected: { a: 'é😀' } },
    { title: 'multi-line strings trim the first newline', text: `a = """\nline1\nline2"""\nb = '''\nraw\\n'''`, expected: { a: 'line1\nline2', b: 'raw\\n' } },
    { title: 'line-ending backslash in multi-line basic strings', text: `a = """one \\\n    two"""`, expected: { a: 'one two' } },
    { title: 'quotes right before the closing delimiter', text: `a = """say ""hi"""""`, expected: { a: 'say ""hi""' } },
    { title: 'scalars kept raw', text: `a = 1\nb = true\nc = 1979-05-27 07:32:00\nd = -inf`, expected: { a: { raw: '1' }, b: { raw: 'true' }, c: { raw: '1979-05-27 07:32:00' }, d: { raw: '-inf' } } },
    { title: 'multi-line arrays with comments and trailing commas', text: `a = [\n  "x", # first\n  "y",\n]`, expected: { a: ['x', 'y'] } },
    { title: 'nested arrays and inline tables', text: `a = [[1, 2], { b = "c", d.e = "f" }]`, expected: { a: [[{ raw: '1' }, { raw: '2' }], { b: 'c', 'd.e': 'f' }] } },
    { title: 'tables and dotted keys make paths', text: `x.y = 1\n[t]\nk = 2\n[t.u]\n"quoted key" = 3`, expected: { 'x.y': { raw: '1' }, 't.k': { raw: '2' }, 't.u.quoted key': { raw: '3' } } },
    { title: 'whitespace around dots', text: `[ a . "b c" ]\nk = 1`, expected: { 'a.b c.k': { raw: '1' } } },
    { title: 'an unterminated array stops at the next key', text: `deps = [\n  "a",\n  "b"\nname = "x"`, expected: { deps: ['a', 'b'], name: 'x' } },
    { title: 'an unterminated array stops at the next table header', text: `deps = [\n  "a",\n[tool]\nk = 1`, expected: { deps: ['a'], 'tool.k': { raw: '1' } } },
    { title: 'a bad item inside an array is skipped', text: `a = ["x", @@, "y"]`, expected: { a: ['x', 'y'] } },
    { title: 'garbage lines are skipped', text: `a = 1\n!!!\nb = 2`, expected: { a: { raw: '1' }, b: { raw: '2' } } },
    { title: 'a key without = is skipped', text: `a\nb = 2`, expected: { b: { raw: '2' } } },
  ];
  for (const row of cases) {
    it(row.title, () => assert.deepEqual(flatten(row.text), row.expected));
  }

  it('gives content ranges of strings and keys', () => {
    const text = `[dependencies]\n"name" = 'spec'`;
    const [entry] = tomlPathEntries(parseLenientToml(text));
    assert.equal(text.slice(entry.path[1].range.start, entry.path[1].range.end), 'name');
    assert.equal(entry.value.kind, 'string');
    if (entry.value.kind === 'string') {
      assert.equal(text.slice(entry.value.contentRange.start, entry.value.contentRange.end), 'spec');
    }
  });

  it('reports problems with their offsets and keeps going', () => {
    const document = parseLenientToml(`a = "unterminated\nb = 1\n[broken\nc = 2`);
    assert.ok(document.problems.length >= 2);
    assert.deepEqual(flatten(`a = "unterminated\nb = 1\n[broken\nc = 2`), { a: 'unterminated', b: { raw: '1' } });
  });

  it('survives deep nesting without a stack overflow', () => {
    const text = `a = ${'['.repeat(100_000)}`;
    assert.doesNotThrow(() => parseLenientToml(text));
  });
});
