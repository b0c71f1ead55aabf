import * as fc from 'fast-check';
import { parseManifest } from '../../src/core/manifests';
import { loadCorpus } from './support/corpus';
import { assertRangesInside } from './support/rangesInside';

/** Characters that matter to some manifest syntax, so random edits hit the interesting paths. */
const SYNTAX_CHARACTERS = [...`"'[]{}(),:=<>@#;\\/.\n\r\t -_$*~^!&|%`, 'a', '1', '\u00e9', '\ud83d'];

type Edit =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.array(fc.constantFrom(...SYNTAX_CHARACTERS), { minLength: 1, maxLength: 12 }).map((chars) => chars.join('')),
  }),
);

function applyEdit(text: string, edit: Edit): string {
  const at = text.length === 0 ? 0 : edit.at % (text.length + 1);
  switch (edit.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'insert':
      return text.slice(0, at) + edit.text + text.slice(at);
  }
}

describe('parsers under random edits of real manifests', () => {
  for (const file of loadCorpus()) {
    it(`${file.id}: never throws and keeps ranges inside the text`, () => {
      fc.assert(
        fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 6 }), (edits) => {
          const text = edits.reduce(applyEdit, file.text);
          assertRangesInside(parseManifest(file.kind, text), text.length);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('random text in every format never throws', () => {
    const kinds = ['npm', 'requirements', 'pyproject', 'pipfile', 'cargo', 'gomod', 'maven', 'gradle', 'gemfile', 'composer'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.string({ unit: fc.constantFrom(...SYNTAX_CHARACTERS), maxLength: 300 }), (kind, text) => {
        assertRangesInside(parseManifest(kind, text), text.length);
      }),
      { numRuns: 2000 },
    );
  });
});
