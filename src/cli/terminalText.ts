/**
 * Text a terminal shows. Package names, license strings, feed ids and file names come from the
 * workspace, the feed or a registry: printed raw, an ESC or OSC 8 sequence would drive the
 * terminal, a CR or LF would forge rows, a bidi override would reorder what is read. Every such
 * character is shown as a visible `\uXXXX` escape instead (full values stay in JSON and SARIF).
 */

/** Table cells are capped so that one huge name cannot pad every row of the table. */
export const MAX_CELL_CHARS = 60;

/** A path or a policy source in a sentence: long enough for real paths, bounded for hostile ones. */
export const MAX_PATH_CHARS = 240;

/** A sentence that quotes workspace or feed text (a reason, a log line): bounded, not cut short. */
export const MAX_SENTENCE_CHARS = 600;

const ELLIPSIS = '…';

/** C0 (but LF where `keepNewlines`), DEL, C1, the bidi embeddings/overrides/isolates and marks, line/paragraph separators. */
function isUnsafe(code: number, keepNewlines: boolean): boolean {
  return (
    (code < 0x20 && !(keepNewlines && code === 0x0a)) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x061c ||
    code === 0x2028 ||
    code === 0x2029
  );
}

function escapeCode(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One value inside a line (a cell, a name in a sentence): every control character escaped, LF
 * included, and at most `maxChars` characters (code points) shown, the rest replaced by `…`.
 * Linear in the part of the input it shows.
 */
export function terminalField(value: string, maxChars = Number.POSITIVE_INFINITY): string {
  let out = '';
  let shown = 0;
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const piece = isUnsafe(code, false) ? escapeCode(code) : char;
    const width = isUnsafe(code, false) ? piece.length : 1;
    if (shown + width > maxChars) {
      return out + ELLIPSIS;
    }
    out += piece;
    shown += width;
  }
  return out;
}

/**
 * A whole output (stdout or stderr): line breaks kept, every other control character escaped.
 * In JSON the escapes are JSON's own (`\u001b`), so a JSON document stays valid and parses to
 * the same values; this is the net under the per-field escaping.
 */
export function terminalLines(text: string): string {
  let out = '';
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isUnsafe(code, true)) {
      out += text.slice(start, index) + escapeCode(code);
      start = index + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}
