// Judges recorded frames of the rendered editor: a mark may only sit on the line it belongs to, and a
// line whose verdict did not change never goes blank. What belongs where is read from the screen
// itself, before the keys (the marks each line text had) and after the marks settled.
import type { Frame, RenderedLine } from './screenshots';

/** The mark the extension draws after an edited line's last verdict until the new one is known. */
export const PENDING_MARK = ' …';

/** A line's marks without the pending one. */
export function verdictMarks(line: RenderedLine): string[] {
  return line.marks.filter((mark) => mark !== PENDING_MARK);
}

/** Each line text (trimmed) with the mark it shows; a text on several lines keeps the first. */
export function marksByText(lines: readonly RenderedLine[]): Map<string, string | undefined> {
  const byText = new Map<string, string | undefined>();
  for (const line of lines) {
    const text = line.text.trim();
    if (!byText.has(text)) {
      byText.set(text, verdictMarks(line)[0]);
    }
  }
  return byText;
}

export interface JudgeOptions {
  /** A fragment of the line being edited in place (a version typed): it keeps a mark in every frame, its last verdict (pending) or its new one. */
  readonly edited?: string;
  /** A mark a half-typed new line may show before its final text (e.g. `? no license data` for a name not yet complete). */
  readonly halfTyped?: (text: string, mark: string) => boolean;
}

/** Every wrong thing the frames show, as readable lines (empty when all is right). */
export function judgeFrames(before: readonly RenderedLine[], frames: readonly Frame[], after: readonly RenderedLine[], options: JudgeOptions = {}): string[] {
  const initial = marksByText(before);
  const final = marksByText(after);
  const editedBefore = options.edited === undefined ? undefined : before.find((line) => line.text.includes(options.edited ?? ''))?.marks.find((mark) => mark !== PENDING_MARK);
  const start = frames[0]?.at ?? 0;
  const wrong: string[] = [];
  for (const frame of frames) {
    const at = `${frame.at - start} ms`;
    const copies = new Map<string, number>();
    frame.lines.forEach((line) => copies.set(line.text.trim(), (copies.get(line.text.trim()) ?? 0) + 1));
    for (const line of frame.lines) {
      const text = line.text.trim();
      const isEdited = options.edited !== undefined && line.text.includes(options.edited);
      const allowed = new Set<string>();
      for (const source of [initial.get(text), final.get(text), isEdited ? editedBefore : undefined, isEdited ? final.get(text) : undefined]) {
        if (source !== undefined) {
          allowed.add(source);
        }
      }
      const marks = verdictMarks(line);
      if (marks.length === 0 && line.marks.length > 0) {
        wrong.push(`${at}: "${text}" shows pending without a verdict`);
      }
      for (const mark of marks) {
        const fine = allowed.has(mark) || (!initial.has(text) && !final.has(text) && (options.halfTyped?.(text, mark) ?? false));
        if (!fine) {
          wrong.push(`${at}: "${text}" shows "${mark}"`);
        }
      }
      const unchanged = initial.get(text) !== undefined && initial.get(text) === final.get(text);
      // A pasted copy of a line has no verdict of its own yet; the line it copies keeps its mark.
      const copied = (copies.get(text) ?? 0) > 1 && frame.lines.some((other) => other !== line && other.text.trim() === text && verdictMarks(other).length > 0);
      if (marks.length === 0 && !copied && (unchanged || (isEdited && editedBefore !== undefined))) {
        wrong.push(`${at}: "${text}" shows no mark`);
      }
    }
  }
  return wrong;
}
