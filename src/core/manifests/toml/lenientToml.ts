import type { ParseProblem } from '../types';
import type {
  TomlArray,
  TomlDocument,
  TomlEntry,
  TomlInlineTable,
  TomlKeyPart,
  TomlScalar,
  TomlString,
  TomlValue,
} from './tomlTypes';

/**
 * A TOML reader for documents that are being typed. Strict parsers give up on the first error
 * and lose the whole file; this one records the problem, skips to the next line and goes on,
 * and keeps the offsets of every key and string so the editor can decorate and replace them.
 * It reads what manifests use (tables, dotted keys, strings, arrays, inline tables) and keeps
 * other values as raw scalars; it does not validate TOML.
 */
export function parseLenientToml(text: string): TomlDocument {
  return new TomlReader(text).read();
}

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  DoubleQuote = 34,
  Hash = 35,
  SingleQuote = 39,
  Comma = 44,
  Dot = 46,
  Equals = 61,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  OpenBrace = 123,
  CloseBrace = 125,
}

/** Thrown inside the reader only, to abandon the current line; never escapes `read()`. */
class LineError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

interface MutableTable {
  header: TomlKeyPart[];
  isArrayTable: boolean;
  broken: boolean;
  entries: TomlEntry[];
}

const MAX_NESTING = 64;

class TomlReader {
  private pos = 0;
  private depth = 0;
  private readonly problems: ParseProblem[] = [];

  constructor(private readonly text: string) {}

  read(): TomlDocument {
    const root: MutableTable = { header: [], isArrayTable: false, broken: false, entries: [] };
    const tables: MutableTable[] = [root];
    let current = root;
    while (this.skipBlankLinesAndComments()) {
      const lineStart = this.pos;
      try {
        if (this.peek() === Char.OpenBracket) {
          current = this.readHeader();
          tables.push(current);
        } else {
          current.entries.push(this.readKeyValue());
        }
        this.expectLineEnd();
      } catch (error) {
        if (!(error instanceof LineError)) {
          throw error;
        }
        this.problems.push({ message: error.message, range: { start: error.offset, end: error.offset + 1 } });
        if (this.peek() === Char.OpenBracket && this.pos === lineStart) {
          current = { header: [], isArrayTable: false, broken: true, entries: [] };
          tables.push(current);
        }
        this.skipRestOfLine(Math.max(lineStart, error.offset));
      }
    }
    return { tables, problems: this.problems };
  }

  private readHeader(): MutableTable {
    const start = this.pos;
    const isArrayTable = this.text.charCodeAt(start + 1) === Char.OpenBracket;
    this.pos += isArrayTable ? 2 : 1;
    let header: TomlKeyPart[] = [];
    try {
      header = this.readKey();
      this.skipSpaces();
      if (this.peek() !== Char.CloseBracket || (isArrayTable && this.text.charCodeAt(this.pos + 1) !== Char.CloseBracket)) {
        throw new LineError(`Expected '${isArrayTable ? ']]' : ']'}' to close the table header`, this.pos);
      }
    } catch (error) {
      // A half-typed header must not let the entries below it fall into the previous table.
      this.pos = start;
      throw error;
    }
    this.pos += isArrayTable ? 2 : 1;
    return { header, isArrayTable, broken: false, entries: [] };
  }

  private readKeyValue(): TomlEntry {
    const key = this.readKey();
    this.skipSpaces();
    if (this.peek() !== Char.Equals) {
      throw new LineError("Expected '=' after the key", this.pos);
    }
    this.pos++;
    this.skipSpaces();
    return { key, value: this.readValue() };
  }

  private readKey(): TomlKeyPart[] {
    const parts: TomlKeyPart[] = [];
    for (;;) {
      this.skipSpaces();
      parts.push(this.readKeyPart());
      this.skipSpaces();
      if (this.peek() !== Char.Dot) {
        return parts;
      }
      this.pos++;
    }
  }

  private readKeyPart(): TomlKeyPart {
    const code = this.peek();
    if (code === Char.DoubleQuote || code === Char.SingleQuote) {
      const quoted = this.readSingleLineString(code);
      return { name: quoted.value, range: quoted.contentRange };
    }
    const start = this.pos;
    while (this.pos < this.text.length && isBareKeyChar(this.text.charCodeAt(this.pos))) {
      this.pos++;
    }
    if (this.pos === start) {
      throw new LineError('Expected a key', this.pos);
    }
    return { name: this.text.slice(start, this.pos), range: { start, end: this.pos } };
  }

  private readValue(): TomlValue {
    const code = this.peek();
    if (code === Char.DoubleQuote || code === Char.SingleQuote) {
      return this.startsWithTripleQuote(code) ? this.readMultiLineString(code) : this.readSingleLineString(code);
    }
    if (code === Char.OpenBracket || code === Char.OpenBrace) {
      if (this.depth >= MAX_NESTING) {
        throw new LineError('Values nested too deeply', this.pos);
      }
      this.depth++;
      try {
        return code === Char.OpenBracket ? this.readArray() : this.readInlineTable();
      } finally {
        this.depth--;
      }
    }
    return this.readScalar();
  }

  private readSingleLineString(quote: number): TomlString {
    const start = this.pos;
    this.pos++;
    let value = '';
    let hasEscapes = false;
    let chunkStart = this.pos;
    while (this.pos < this.text.length) {
      const code = this.text.charCodeAt(this.pos);
      if (code === quote) {
        value += this.text.slice(chunkStart, this.pos);
        this.pos++;
        return { kind: 'string', value, contentRange: { start: start + 1, end: this.pos - 1 }, hasEscapes };
      }
      if (code === Char.LineFeed || code === Char.CarriageReturn) {
        break;
      }
      if (code === Char.Backslash && quote === Char.DoubleQuote) {
        value += this.text.slice(chunkStart, this.pos) + this.readEscape();
        hasEscapes = true;
        chunkStart = this.pos;
        continue;
      }
      this.pos++;
    }
    // Keep what was typed so far: the dependency being written stays visible.
    this.problems.push({ message: 'Unterminated string', range: { start, end: start + 1 } });
    value += this.text.slice(chunkStart, this.pos);
    return { kind: 'string', value, contentRange: { start: start + 1, end: this.pos }, hasEscapes };
  }

  private readMultiLineString(quote: number): TomlString {
    const start = this.pos;
    this.pos += 3;
    // A newline right after the opening delimiter is not part of the string.
    if (this.peek() === Char.CarriageReturn && this.text.charCodeAt(this.pos + 1) === Char.LineFeed) {
      this.pos += 2;
    } else if (this.peek() === Char.LineFeed) {
      this.pos++;
    }
    const contentStart = this.pos;
    let value = '';
    let hasEscapes = false;
    let chunkStart = this.pos;
    while (this.pos < this.text.length) {
      const code = this.text.charCodeAt(this.pos);
      if (code === quote && this.startsWithTripleQuote(quote)) {
        // Up to two quotes may stand right before the closing delimiter.
        let end = this.pos + 3;
        while (end < this.text.length && end - this.pos < 5 && this.text.charCodeAt(end) === quote) {
          end++;
        }
        const contentEnd = end - 3;
        value += this.text.slice(chunkStart, contentEnd);
        this.pos = end;
        return { kind: 'string', value, contentRange: { start: contentStart, end: contentEnd }, hasEscapes };
      }
      if (code === Char.Backslash && quote === Char.DoubleQuote) {
        value += this.text.slice(chunkStart, this.pos) + this.readEscape();
        hasEscapes = true;
        chunkStart = this.pos;
        continue;
      }
      this.pos++;
    }
    throw new LineError('Unterminated multi-line string', start);
  }

  /** Reads one escape sequence starting at the backslash; a line-ending backslash trims whitespace. */
  private readEscape(): string {
    const next = this.text.charCodeAt(this.pos + 1);
    const simple = SIMPLE_ESCAPES.get(next);
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    if (next === 117 /* u */ || next === 85 /* U */) {
      const length = next === 117 ? 4 : 8;
      const hex = this.text.slice(this.pos + 2, this.pos + 2 + length);
      const codePoint = /^[0-9a-fA-F]+$/.test(hex) && hex.length === length ? Number.parseInt(hex, 16) : Number.NaN;
      if (Number.isNaN(codePoint) || codePoint > 0x10ffff) {
        throw new LineError('Invalid unicode escape', this.pos);
      }
      this.pos += 2 + length;
      return String.fromCodePoint(codePoint);
    }
    if (next === Char.LineFeed || next === Char.CarriageReturn || next === Char.Space || next === Char.Tab) {
      this.pos++;
      while (this.pos < this.text.length && isWhitespaceOrNewline(this.text.charCodeAt(this.pos))) {
        this.pos++;
      }
      return '';
    }
    throw new LineError('Invalid escape sequence', this.pos);
  }

  private readArray(): TomlArray {
    const start = this.pos;
    this.pos++;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipWhitespaceNewlinesAndComments();
      if (this.pos >= this.text.length) {
        this.problems.push({ message: "Unterminated array: expected ']'", range: { start, end: start + 1 } });
        return { kind: 'array', items, range: { start, end: this.pos } };
      }
      if (this.peek() === Char.CloseBracket) {
        this.pos++;
        return { kind: 'array', items, range: { start, end: this.pos } };
      }
      if (this.looksLikeNextStatement()) {
        // The closing bracket has not been typed yet: keep the items so far, leave the rest for the next lines.
        this.problems.push({ message: "Unterminated array: expected ']'", range: { start, end: start + 1 } });
        return { kind: 'array', items, range: { start, end: this.pos } };
      }
      const itemStart = this.pos;
      try {
        items.push(this.readValue());
      } catch (error) {
        if (!(error instanceof LineError)) {
          throw error;
        }
        this.problems.push({ message: error.message, range: { start: error.offset, end: error.offset + 1 } });
        this.pos = Math.max(this.pos, itemStart + 1);
        this.skipToArraySeparator();
      }
      this.skipWhitespaceNewlinesAndComments();
      if (this.peek() === Char.Comma) {
        this.pos++;
      } else if (this.peek() !== Char.CloseBracket && this.pos < this.text.length && !this.looksLikeNextStatement()) {
        this.problems.push({ message: "Expected ',' or ']' in array", range: { start: this.pos, end: this.pos + 1 } });
        this.skipToArraySeparator();
        if (this.peek() === Char.Comma) {
          this.pos++;
        }
      }
    }
  }

  private readInlineTable(): TomlInlineTable {
    const start = this.pos;
    this.pos++;
    const entries: TomlEntry[] = [];
    for (;;) {
      this.skipSpaces();
      const code = this.peek();
      if (code === Char.CloseBrace) {
        this.pos++;
        return { kind: 'table', entries, range: { start, end: this.pos } };
      }
      if (this.pos >= this.text.length || code === Char.LineFeed || code === Char.CarriageReturn || code === Char.Hash || this.onFreshLine()) {
        // Inline tables end on their own line; a missing '}' must not swallow the next dependency.
        this.problems.push({ message: "Unterminated inline table: expected '}'", range: { start, end: start + 1 } });
        return { kind: 'table', entries, range: { start, end: this.pos } };
      }
      try {
        entries.push(this.readKeyValue());
      } catch (error) {
        if (!(error instanceof LineError)) {
          throw error;
        }
        // Keep the fields typed so far: `serde = { version = "1", features = ` still names serde.
        this.problems.push({ message: error.message, range: { start: error.offset, end: error.offset + 1 } });
        this.skipRestOfLine(this.pos);
        return { kind: 'table', entries, range: { start, end: this.pos } };
      }
      this.skipSpaces();
      if (this.peek() === Char.Comma) {
        this.pos++;
      } else if (this.peek() !== Char.CloseBrace && !this.atLineEnd() && !this.onFreshLine()) {
        this.problems.push({ message: "Expected ',' or '}' in inline table", range: { start: this.pos, end: this.pos + 1 } });
        return { kind: 'table', entries, range: { start, end: this.pos } };
      }
    }
  }

  private readScalar(): TomlScalar {
    const start = this.pos;
    if (!isScalarStart(this.peek())) {
      throw new LineError('Expected a value', this.pos);
    }
    while (this.pos < this.text.length && !isScalarTerminator(this.text.charCodeAt(this.pos))) {
      this.pos++;
    }
    // A local date-time may separate date and time with a space: `1979-05-27 07:32:00`.
    if (
      this.peek() === Char.Space &&
      /^\d{4}-\d{2}-\d{2}$/.test(this.text.slice(start, this.pos)) &&
      isDigit(this.text.charCodeAt(this.pos + 1))
    ) {
      this.pos++;
      while (this.pos < this.text.length && !isScalarTerminator(this.text.charCodeAt(this.pos))) {
        this.pos++;
      }
    }
    if (this.pos === start) {
      throw new LineError('Expected a value', this.pos);
    }
    return { kind: 'scalar', raw: this.text.slice(start, this.pos), range: { start, end: this.pos } };
  }

  /**
   * Inside a multi-line array, a line that starts a `[table]` at column 0 or a `key =` cannot be
   * an item: the array was left open while typing.
   */
  private looksLikeNextStatement(): boolean {
    const lineStart = this.pos === 0 || isNewline(this.text.charCodeAt(this.pos - 1));
    if (this.peek() === Char.OpenBracket) {
      return lineStart && this.looksLikeHeaderLine();
    }
    let cursor = this.pos;
    while (cursor < this.text.length && isBareKeyChar(this.text.charCodeAt(cursor))) {
      cursor++;
    }
    if (cursor === this.pos) {
      return false;
    }
    while (this.text.charCodeAt(cursor) === Char.Space || this.text.charCodeAt(cursor) === Char.Tab || this.text.charCodeAt(cursor) === Char.Dot) {
      cursor++;
      while (cursor < this.text.length && isBareKeyChar(this.text.charCodeAt(cursor))) {
        cursor++;
      }
    }
    return this.text.charCodeAt(cursor) === Char.Equals && this.text.charCodeAt(cursor + 1) !== Char.Equals;
  }

  private looksLikeHeaderLine(): boolean {
    let cursor = this.pos;
    while (this.text.charCodeAt(cursor) === Char.OpenBracket) {
      cursor++;
    }
    if (!isBareKeyChar(this.text.charCodeAt(cursor)) && this.text.charCodeAt(cursor) !== Char.DoubleQuote && this.text.charCodeAt(cursor) !== Char.SingleQuote) {
      return false;
    }
    while (cursor < this.text.length && !isNewline(this.text.charCodeAt(cursor))) {
      const code = this.text.charCodeAt(cursor);
      if (code === Char.Comma || code === Char.Equals) {
        return false;
      }
      if (code === Char.CloseBracket) {
        return true;
      }
      cursor++;
    }
    return false;
  }

  private skipToArraySeparator(): void {
    while (this.pos < this.text.length) {
      const code = this.text.charCodeAt(this.pos);
      if (code === Char.Comma || code === Char.CloseBracket || isNewline(code)) {
        return;
      }
      this.pos++;
    }
  }

  private expectLineEnd(): void {
    if (this.onFreshLine()) {
      // An unterminated array stopped at the start of the next statement.
      return;
    }
    this.skipSpaces();
    if (this.peek() === Char.Hash) {
      this.skipRestOfLine(this.pos);
      return;
    }
    if (!this.atLineEnd()) {
      throw new LineError('Expected the end of the line', this.pos);
    }
  }

  /** Whether only spaces stand between the last line break and the cursor. */
  private onFreshLine(): boolean {
    let cursor = this.pos - 1;
    while (cursor >= 0 && (this.text.charCodeAt(cursor) === Char.Space || this.text.charCodeAt(cursor) === Char.Tab)) {
      cursor--;
    }
    return cursor >= 0 && isNewline(this.text.charCodeAt(cursor));
  }

  private atLineEnd(): boolean {
    return this.pos >= this.text.length || isNewline(this.peek());
  }

  private skipRestOfLine(from: number): void {
    this.pos = Math.max(this.pos, from);
    while (this.pos < this.text.length && !isNewline(this.text.charCodeAt(this.pos))) {
      this.pos++;
    }
  }

  /** Moves to the next statement; false at the end of the text. */
  private skipBlankLinesAndComments(): boolean {
    this.skipWhitespaceNewlinesAndComments();
    return this.pos < this.text.length;
  }

  private skipWhitespaceNewlinesAndComments(): void {
    while (this.pos < this.text.length) {
      const code = this.text.charCodeAt(this.pos);
      if (isWhitespaceOrNewline(code)) {
        this.pos++;
      } else if (code === Char.Hash) {
        this.skipRestOfLine(this.pos);
      } else {
        return;
      }
    }
  }

  private skipSpaces(): void {
    while (this.peek() === Char.Space || this.peek() === Char.Tab) {
      this.pos++;
    }
  }

  private startsWithTripleQuote(quote: number): boolean {
    return this.text.charCodeAt(this.pos + 1) === quote && this.text.charCodeAt(this.pos + 2) === quote && this.text.charCodeAt(this.pos) === quote;
  }

  private peek(): number {
    return this.text.charCodeAt(this.pos);
  }
}

const SIMPLE_ESCAPES = new Map<number, string>([
  [98 /* b */, '\b'],
  [116 /* t */, '\t'],
  [110 /* n */, '\n'],
  [102 /* f */, '\f'],
  [114 /* r */, '\r'],
  [101 /* e */, '\x1b'],
  [Char.DoubleQuote, '"'],
  [Char.Backslash, '\\'],
]);

function isBareKeyChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || isDigit(code) || code === 45 /* - */ || code === 95 /* _ */;
}

/** Numbers, booleans, dates, `inf` and `nan` all start with one of these. */
function isScalarStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || isDigit(code) || code === 43 /* + */ || code === 45 /* - */;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isNewline(code: number): boolean {
  return code === Char.LineFeed || code === Char.CarriageReturn;
}

function isWhitespaceOrNewline(code: number): boolean {
  return code === Char.Space || code === Char.Tab || isNewline(code);
}

function isScalarTerminator(code: number): boolean {
  return (
    isWhitespaceOrNewline(code) ||
    code === Char.Comma ||
    code === Char.CloseBracket ||
    code === Char.CloseBrace ||
    code === Char.Hash ||
    code === Char.OpenBracket ||
    code === Char.OpenBrace ||
    Number.isNaN(code)
  );
}
