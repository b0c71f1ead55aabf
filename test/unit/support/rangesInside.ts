import * as assert from 'node:assert/strict';
import type { ParsedManifest } from '../../../src/core/manifests/types';

/** Every dependency and problem range lies inside `[0, length]` with `start <= end`. */
export function assertRangesInside(parsed: ParsedManifest, length: number): void {
  for (const dependency of parsed.dependencies) {
    for (const range of [dependency.nameRange, dependency.specRange]) {
      if (range) {
        assert.ok(range.start >= 0 && range.start <= range.end && range.end <= length, `range ${JSON.stringify(range)} outside 0..${length}`);
      }
    }
  }
  for (const problem of parsed.problems) {
    assert.ok(problem.range.start >= 0 && problem.range.start <= problem.range.end && problem.range.end <= length, `problem range ${JSON.stringify(problem.range)} outside 0..${length}`);
  }
}
