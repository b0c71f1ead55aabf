/** A zero-based line and UTF-16 character, as editors count them. */
export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

/**
 * Turns offsets into line/character positions for one text, so ranges computed for a version of
 * a document can be placed without that document (a closed file, or an open one edited since).
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
      starts.push(index + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): LinePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= clamped) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  /** The length of a line without its line break (`\r\n` or `\n`). */
  lineLength(line: number): number {
    const start = this.starts[line] ?? this.text.length;
    let end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) {
      end--;
    }
    return Math.max(0, end - start);
  }
}
