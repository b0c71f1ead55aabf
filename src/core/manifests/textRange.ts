import type { TextRange } from './types';

/** Clamps a range into `[0, length]` and keeps `start <= end`, so no consumer ever sees a range outside the text. */
export function clampRange(range: TextRange, length: number): TextRange {
  const start = Math.min(Math.max(0, range.start), length);
  const end = Math.min(Math.max(start, range.end), length);
  return start === range.start && end === range.end ? range : { start, end };
}

export function rangeOf(start: number, end: number): TextRange {
  return { start, end };
}
