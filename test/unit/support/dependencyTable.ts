import * as assert from 'node:assert/strict';
import type { ManifestDependency, ManifestParser } from '../../../src/core/manifests/types';

/** The fields a table row states; ranges are checked by slicing the text, not by offsets. */
export type ExpectedDependency = Partial<Omit<ManifestDependency, 'nameRange' | 'specRange'>> & {
  readonly name: string;
  /** The text the name range covers, when it is not `name` itself (e.g. Maven's artifactId). */
  readonly nameText?: string;
};

export interface ParserCase {
  readonly title: string;
  readonly text: string;
  readonly expected: readonly ExpectedDependency[];
}

/** Runs table rows through a parser: names, specs and every stated field, plus the text under each range. */
export function runParserTable(parser: ManifestParser, cases: readonly ParserCase[]): void {
  for (const row of cases) {
    it(row.title, () => {
      const parsed = parser(row.text);
      assert.deepEqual(
        parsed.dependencies.map((dependency) => dependency.name),
        row.expected.map((dependency) => dependency.name),
        'dependency names',
      );
      row.expected.forEach((expected, index) => {
        const actual = parsed.dependencies[index];
        const { nameText, ...fields } = expected;
        for (const [field, value] of Object.entries(fields)) {
          assert.deepEqual(actual[field as keyof ManifestDependency], value, `${expected.name}: ${field}`);
        }
        assert.equal(row.text.slice(actual.nameRange.start, actual.nameRange.end), nameText ?? actual.name, `${expected.name}: name range`);
        if (actual.spec === null) {
          assert.equal(actual.specRange, null, `${expected.name}: no spec range without a spec`);
        } else if (actual.specRange) {
          assert.equal(row.text.slice(actual.specRange.start, actual.specRange.end), actual.spec, `${expected.name}: spec range`);
        }
      });
    });
  }
}
