import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { fastScanJsonDependencySections } from '../../src/core/manifests/jsonFastScan';
import { tolerantScan } from '../../src/core/manifests/jsonManifest';

const SECTIONS = ['dependencies', 'devDependencies'];

const dependencyObject = fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })), { maxKeys: 8 });
const manifest = fc.record(
  {
    name: fc.string(),
    dependencies: dependencyObject,
    devDependencies: dependencyObject,
    other: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: [] },
);

describe('fast JSON scan', () => {
  it('gives exactly what the tolerant parser gives on any valid JSON', () => {
    fc.assert(
      fc.property(manifest, fc.constantFrom(0, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const fast = fastScanJsonDependencySections(text, SECTIONS);
        assert.notEqual(fast, null, 'valid JSON takes the fast path');
        assert.deepEqual(fast, tolerantScan(text, SECTIONS).entries);
      }),
      { numRuns: 500 },
    );
  });

  const bailOuts: [string, string][] = [
    ['a line comment', '{"dependencies": {"a": "1"} // note\n}'],
    ['a block comment', '{/* c */"dependencies": {"a": "1"}}'],
    ['a trailing comma', '{"dependencies": {"a": "1",}}'],
    ['an unterminated string', '{"dependencies": {"a": "1'],
    ['a missing comma', '{"dependencies": {"a": "1" "b": "2"}}'],
    ['text after the document', '{"dependencies": {}} x'],
    ['mismatched brackets', '{"other": [1, 2}, "dependencies": {}}'],
    ['not an object', '[1]'],
  ];
  for (const [title, text] of bailOuts) {
    it(`leaves ${title} to the tolerant parser`, () => assert.equal(fastScanJsonDependencySections(text, SECTIONS), null));
  }

  it('decodes escapes in names but keeps ranges on the raw text', () => {
    const text = '{"dependencies": {"caf\\u00e9": "^1 \\"x\\""}}';
    const [entry] = fastScanJsonDependencySections(text, SECTIONS) ?? [];
    assert.equal(entry.name, 'café');
    assert.equal(entry.spec, '^1 "x"');
    assert.equal(text.slice(entry.nameRange.start, entry.nameRange.end), 'caf\\u00e9');
  });
});
