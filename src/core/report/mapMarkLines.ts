/** One change of a document, as editors report it: a range of the text before the change and what replaced it. */
export interface LineChange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly text: string;
}

/** Where a mark of the old text goes in the new one: its new line, and whether its line was edited (its verdict pending). */
export type MappedLine = { readonly line: number; readonly edited: boolean } | undefined;

/**
 * Maps the line of a mark through one edit of the text it was made for, so that a mark is never
 * drawn on a line it does not belong to while the new text is checked: lines below move with the
 * edit; a line the edit removes loses its mark; a line edited in place keeps it, marked edited; a
 * line split at its end (Enter at the end of the line) keeps it on its first part.
 */
export function mapMarkLine(line: number, change: LineChange): MappedLine {
  const added = countNewlines(change.text);
  const removed = change.endLine - change.startLine;
  if (line < change.startLine) {
    return { line, edited: false };
  }
  if (line > change.endLine) {
    return { line: line + added - removed, edited: false };
  }
  if (line > change.startLine && line < change.endLine) {
    return undefined;
  }
  if (line === change.startLine && line === change.endLine) {
    // Lines inserted above this one (a paste at its start ending in a newline): it moves down whole.
    if (change.startCharacter === 0 && change.endCharacter === 0 && change.text.endsWith('\n')) {
      return { line: line + added, edited: false };
    }
    // Typing inside the line, or Enter at its end (what follows the break is a new line): it stays, edited unless
    // the edit only added lines after its end.
    return { line, edited: !(change.endCharacter === change.startCharacter && change.text.startsWith('\n') && isBlankAfter(change.text)) };
  }
  if (line === change.startLine) {
    // The edit runs from this line into later ones: from its very start (Ctrl+Shift+K) the line is gone.
    return change.startCharacter === 0 && change.endCharacter === 0 ? undefined : { line, edited: true };
  }
  // The last line of the edited range survives whole only where the edit replaced whole lines before it
  // (from a line's start to its start); otherwise it is cut or joined onto the line the edit started in.
  return change.endCharacter === 0 && change.startCharacter === 0 ? { line: change.startLine + added, edited: false } : undefined;
}

/** Maps a line through several changes of one edit, applied from the bottom of the text up so that each range still refers to the text it was given for. */
export function mapMarkLineThrough(line: number, changes: readonly LineChange[]): MappedLine {
  let mapped: MappedLine = { line, edited: false };
  const bottomUp = [...changes].sort((a, b) => b.startLine - a.startLine || b.startCharacter - a.startCharacter);
  for (const change of bottomUp) {
    if (mapped === undefined) {
      return undefined;
    }
    const next = mapMarkLine(mapped.line, change);
    mapped = next === undefined ? undefined : { line: next.line, edited: mapped.edited || next.edited };
  }
  return mapped;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
    count++;
  }
  return count;
}

/** Whether what was inserted after the line break is only a new line's indentation (the first line itself is unchanged). */
function isBlankAfter(text: string): boolean {
  return text.trim() === '';
}
