import type { JsonDependencyEntry } from './jsonManifest';

/**
 * A strict, allocation-light scan of well-formed JSON that reads only the members of the named
 * top-level objects and skips every other value without building it. It returns null at the first
 * thing it does not expect (comments, trailing commas, a syntax error), and the caller falls back
 * to the tolerant parser; so it only has to be right for valid JSON, where it is several times
 * cheaper than building a tree.
 */
export function fastScanJsonDependencySections(text: string, sections: readonly string[]): JsonDependencyEntry[] | null {
  const scanner = new StrictScanner(text);
  try {
    return scanner.scanTopLevel(sections);
  } catch (error) {
    if (error === BAIL_OUT) {
      return null;
    }
    throw error;
  }
}

const BAIL_OUT = Symbol('bail out');

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  DoubleQuote = 34,
  Comma = 44,
  Colon = 58,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  OpenBrace = 123,
  CloseBrace = 125,
}

interface StringToken {
  readonly value: string;
  /** Offset of the opening quote; the content starts one after it. */
  readonly start: number;
  /** Offset of the closing quote. */
  readonly end: number;
}

class StrictScanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  scanTopLevel(sections: readonly string[]): JsonDependencyEntry[] {
    const entries: JsonDependencyEntry[] = [];
    this.skipWhitespace();
    this.expect(Char.OpenBrace);
    this.readMembers((key) => {
      if (sections.includes(key.value) && this.peekAfterWhitespace() === Char.OpenBrace) {
        this.expect(Char.OpenBrace);
        this.readMembers((name) => {
          this.skipWhitespace();
          const isString = this.text.charCodeAt(this.pos) === Char.DoubleQuote;
          const spec = isString ? this.readString() : undefined;
          if (!isString) {
            this.skipValue();
          }
          if (name.value.length > 0) {
            entries.push({
              section: key.value,
              name: name.value,
              nameRange: { start: name.start + 1, end: name.end },
              spec: spec ? spec.value : null,
              specRange: spec ? { start: spec.start + 1, end: spec.end } : null,
            });
          }
        });
      } else {
        this.skipValue();
      }
    });
    this.skipWhitespace();
    if (this.pos !== this.text.length) {
      throw BAIL_OUT;
    }
    return entries;
  }

  /** Reads `"key": value, …}` after an opening brace, handing each key to `onMember` to consume the value. */
  private readMembers(onMember: (key: StringToken) => void): void {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === Char.CloseBrace) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      const key = this.readString();
      this.skipWhitespace();
      this.expect(Char.Colon);
      onMember(key);
      this.skipWhitespace();
      const code = this.text.charCodeAt(this.pos++);
      if (code === Char.CloseBrace) {
        return;
      }
      if (code !== Char.Comma) {
        throw BAIL_OUT;
      }
    }
  }

  private readString(): StringToken {
    const start = this.pos;
    if (this.text.charCodeAt(start) !== Char.DoubleQuote) {
      throw BAIL_OUT;
    }
    let cursor = start + 1;
    for (;;) {
      const quote = this.text.indexOf('"', cursor);
      if (quote === -1) {
        throw BAIL_OUT;
      }
      let backslashes = 0;
      while (this.text.charCodeAt(quote - 1 - backslashes) === Char.Backslash) {
        backslashes++;
      }
      if (backslashes % 2 === 0) {
        const raw = this.text.slice(start + 1, quote);
        if (raw.includes('\n') || raw.includes('\r')) {
          throw BAIL_OUT;
        }
        this.pos = quote + 1;
        return { value: raw.includes('\\') ? decodeJsonString(this.text.slice(start, quote + 1)) : raw, start, end: quote };
      }
      cursor = quote + 1;
    }
  }

  /** Skips any JSON value, checking brackets balance and strings close; content is not validated. */
  private skipValue(): void {
    this.skipWhitespace();
    const code = this.text.charCodeAt(this.pos);
    if (code === Char.DoubleQuote) {
      this.readString();
      return;
    }
    if (code !== Char.OpenBrace && code !== Char.OpenBracket) {
      const start = this.pos;
      while (this.pos < this.text.length && !isValueTerminator(this.text.charCodeAt(this.pos))) {
        this.pos++;
      }
      if (this.pos === start) {
        throw BAIL_OUT;
      }
      return;
    }
    const closers: number[] = [];
    while (this.pos < this.text.length) {
      const current = this.text.charCodeAt(this.pos);
      if (current === Char.DoubleQuote) {
        this.readString();
        continue;
      }
      if (current === Char.OpenBrace || current === Char.OpenBracket) {
        closers.push(current === Char.OpenBrace ? Char.CloseBrace : Char.CloseBracket);
      } else if (current === Char.CloseBrace || current === Char.CloseBracket) {
        if (closers.pop() !== current) {
          throw BAIL_OUT;
        }
        if (closers.length === 0) {
          this.pos++;
          return;
        }
      } else if (current === 47 /* / */) {
        throw BAIL_OUT;
      }
      this.pos++;
    }
    throw BAIL_OUT;
  }

  private expect(code: number): void {
    if (this.text.charCodeAt(this.pos) !== code) {
      throw BAIL_OUT;
    }
    this.pos++;
  }

  private peekAfterWhitespace(): number {
    this.skipWhitespace();
    return this.text.charCodeAt(this.pos);
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (code !== Char.Space && code !== Char.LineFeed && code !== Char.CarriageReturn && code !== Char.Tab) {
        return;
      }
      this.pos++;
    }
  }
}

function isValueTerminator(code: number): boolean {
  return (
    code === Char.Comma ||
    code === Char.CloseBrace ||
    code === Char.CloseBracket ||
    code === Char.Space ||
    code === Char.LineFeed ||
    code === Char.CarriageReturn ||
    code === Char.Tab ||
    code === 47 /* / */
  );
}

function decodeJsonString(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    throw BAIL_OUT;
  }
}
