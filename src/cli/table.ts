import { MAX_CELL_CHARS, terminalField } from './terminalText';

/** The last column is not padded, so a long reason there costs one line, not every row; still bounded. */
const MAX_LAST_CELL_CHARS = 300;

/**
 * Renders rows as aligned plain-text columns; the last column is not padded. Every cell is
 * terminal-safe (control characters escaped) and capped, so no value can forge a row or widen all.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const safe = rows.map((row) => row.map((cell, column) => terminalField(cell, column === row.length - 1 ? MAX_LAST_CELL_CHARS : MAX_CELL_CHARS)));
  const widths = header.map((title, column) => safe.reduce((widest, row) => Math.max(widest, (row[column] ?? '').length), title.length));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), ...safe.map(line)].join('\n');
}
