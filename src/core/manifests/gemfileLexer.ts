import type { ParseProblem } from './types';

/**
 * A forgiving tokenizer for the Ruby found in Gemfiles. It only needs to be right about strings,
 * symbols, keywords and brackets, so that `gem` calls and `do … end` nesting can be followed;
 * everything else becomes a `punct` or `other` token.
 */
export type GemfileTokenKind = 'ident' | 'label' | 'symbol' | 'string' | 'words' | 'number' | 'regex' | 'punct' | 'newline';

export interface GemfileWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface GemfileToken {
  readonly kind: GemfileTokenKind;
  /** Identifier or punctuation as written; for strings, symbols and labels the contents/name without quotes or colons. */
  readonly text: string;
  /** Whole token, quotes and colons included. */
  readonly start: number;
  readonly end: number;
  /** Where `text` lies for strings, symbols and labels (inside the quotes); equals start/end otherwise. */
  readonly contentStart: number;
  readonly contentEnd: number;
  /** The words of a `%w[…]`/`%i[…]` literal. */
  readonly words?: readonly GemfileWord[];
}

export interface GemfileLexResult {
  readonly tokens: readonly GemfileToken[];
  readonly problems: readonly ParseProblem[];
}

const MULTI_CHAR_PUNCT = ['**=', '<=>', '===', '=>', '::', '&&', '||', '==', '!=', '=~', '!~', '<=', '>=', '&.', '**', '<<', '>>', '..', '+=', '-=', '||=', '&&='];

/** After these words an operand is expected, so `/` opens a regex rather than dividing. */
const OPERAND_KEYWORDS = new Set(['if', 'unless', 'while', 'until', 'and', 'or', 'not', 'when', 'return', 'puts', 'then', 'else', 'elsif', 'in']);

const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

export function lexGemfile(text: string): GemfileLexResult {
  return new Lexer(text).run();
}

class Lexer {
  private index = 0;
  private readonly tokens: GemfileToken[] = [];
  private readonly problems: ParseProblem[] = [];

  constructor(private readonly text: string) {}

  run(): GemfileLexResult {
    while (this.index < this.text.length) {
      if (this.atLineStart() && this.skipLineStartSpecial()) {
        continue;
      }
      this.step();
    }
    return { tokens: this.tokens, problems: this.problems };
  }

  private atLineStart(): boolean {
    const previous = this.text.charAt(this.index - 1);
    return this.index === 0 || previous === '\n' || previous === '\r';
  }

  /** `=begin … =end` comments and the `__END__` data section; returns true when it consumed something. */
  private skipLineStartSpecial(): boolean {
    if (this.text.startsWith('__END__', this.index) && this.isLineEnd(this.index + 7)) {
      this.index = this.text.length;
      return true;
    }
    if (!this.text.startsWith('=begin', this.index)) {
      return false;
    }
    let lineStart = this.index;
    for (;;) {
      const lineEnd = this.lineEnd(lineStart);
      if (lineStart !== this.index && this.text.startsWith('=end', lineStart)) {
        this.index = lineEnd;
        return true;
      }
      if (lineEnd >= this.text.length) {
        this.problems.push({ message: '`=begin` comment is not closed with `=end`', range: { start: this.index, end: this.index + 6 } });
        this.index = lineEnd;
        return true;
      }
      lineStart = lineEnd + 1;
    }
  }

  private step(): void {
    const char = this.text.charAt(this.index);
    const next = this.text.charAt(this.index + 1);
    if (char === '\n' || char === '\r') {
      this.newline(char, next);
    } else if (char === ' ' || char === '\t' || char === '\f' || char === '\v') {
      this.index++;
    } else if (char === '\\' && (next === '\n' || next === '\r')) {
      // An escaped line break joins lines: the statement goes on.
      this.index += next === '\r' && this.text.charAt(this.index + 2) === '\n' ? 3 : 2;
    } else if (char === '#') {
      this.index = this.lineEnd(this.index);
    } else if (char === '"' || char === "'" || char === '`') {
      this.quoted(this.index, this.index + 1, char, 'string');
    } else if (char === '%' && this.percentLiteral()) {
      return;
    } else if (char === ':' && next !== ':' && this.symbol()) {
      return;
    } else if (isIdentStart(char)) {
      this.identifier();
    } else if (isDigit(char)) {
      this.number();
    } else if (char === '/' && this.expectsOperand()) {
      this.regex();
    } else {
      this.punct();
    }
  }

  private newline(char: string, next: string): void {
    const length = char === '\r' && next === '\n' ? 2 : 1;
    this.push('newline', '\n', this.index, this.index + length);
    this.index += length;
  }

  private identifier(): void {
    const start = this.index;
    this.index++;
    while (this.index < this.text.length && isIdentPart(this.text.charAt(this.index))) {
      this.index++;
    }
    const after = this.text.charAt(this.index);
    if ((after === '?' || after === '!') && this.text.charAt(this.index + 1) !== '=') {
      this.index++;
    }
    const name = this.text.slice(start, this.index);
    if (this.text.charAt(this.index) === ':' && this.text.charAt(this.index + 1) !== ':') {
      this.index++;
      this.tokens.push({ kind: 'label', text: name, start, end: this.index, contentStart: start, contentEnd: start + name.length });
      return;
    }
    this.push('ident', name, start, this.index);
  }

  /** `:name`, `:"name"` and `:'name'`; returns false for a lone `:` (ternary, keyword argument spacing). */
  private symbol(): boolean {
    const start = this.index;
    const next = this.text.charAt(start + 1);
    if (next === '"' || next === "'") {
      this.quoted(start, start + 2, next, 'symbol');
      return true;
    }
    if (!isIdentStart(next)) {
      return false;
    }
    let end = start + 2;
    while (end < this.text.length && isIdentPart(this.text.charAt(end))) {
      end++;
    }
    if ('?!='.includes(this.text.charAt(end)) && this.text.charAt(end) !== '' && this.text.charAt(end + 1) !== '=' && this.text.charAt(end + 1) !== '>') {
      end++;
    }
    this.index = end;
    this.tokens.push({ kind: 'symbol', text: this.text.slice(start + 1, end), start, end, contentStart: start + 1, contentEnd: end });
    return true;
  }

  /**
   * A quoted literal from `contentStart` to the unescaped `close`. Brackets nest for `%q(…)`.
   * An unterminated literal ends at the end of its line, so a half-typed string never swallows the file.
   */
  private quoted(start: number, contentStart: number, open: string, kind: 'string' | 'symbol' | 'regex', close = open): void {
    const escapes = open !== "'" || kind !== 'string';
    let depth = 0;
    let index = contentStart;
    while (index < this.text.length) {
      const char = this.text.charAt(index);
      if (char === '\n' || char === '\r') {
        break;
      }
      if (char === '\\' && this.isLineEnd(index + 1)) {
        // A half-typed string ending in `\` stops at the line end like any other unterminated string.
        index++;
        break;
      }
      if (char === '\\' && (escapes || this.text.charAt(index + 1) === open || this.text.charAt(index + 1) === '\\')) {
        index += 2;
        continue;
      }
      if (char === close && depth === 0) {
        break;
      }
      if (open !== close && char === open) {
        depth++;
      } else if (open !== close && char === close) {
        depth--;
      } else if (char === '#' && this.text.charAt(index + 1) === '{' && open !== "'") {
        index = this.interpolationEnd(index + 2);
        continue;
      }
      index++;
    }
    const contentEnd = index;
    const terminated = this.text.charAt(index) === close;
    if (!terminated) {
      this.problems.push({ message: kind === 'regex' ? 'Unterminated regular expression' : 'Unterminated string', range: { start, end: contentEnd } });
    }
    this.index = terminated ? index + 1 : contentEnd;
    if (kind === 'regex') {
      while (/[a-z]/.test(this.text.charAt(this.index))) {
        this.index++;
      }
    }
    const content = this.text.slice(contentStart, contentEnd);
    this.tokens.push({ kind, text: content, start, end: this.index, contentStart, contentEnd });
  }

  /** Skips `#{ … }` inside a string, counting braces; stops at the line end like the string does. */
  private interpolationEnd(from: number): number {
    let depth = 1;
    let index = from;
    while (index < this.text.length && depth > 0) {
      const char = this.text.charAt(index);
      if (char === '\n' || char === '\r') {
        return index;
      }
      depth += char === '{' ? 1 : char === '}' ? -1 : 0;
      index++;
    }
    return index;
  }

  /** `%q(…)`, `%Q[…]`, `%(…)`, `%w[…]`, `%i[…]`, `%r!…!`; returns false when `%` is the operator. */
  private percentLiteral(): boolean {
    const start = this.index;
    let type = this.text.charAt(start + 1);
    let delimiterAt = start + 2;
    if (!/[qQwWiIrs]/.test(type)) {
      type = 'Q';
      delimiterAt = start + 1;
    }
    const open = this.text.charAt(delimiterAt);
    if (open === '' || /[A-Za-z0-9\s]/.test(open) || (delimiterAt === start + 1 && !this.expectsOperand())) {
      return false;
    }
    const close = CLOSING[open] ?? open;
    if (type === 'r') {
      this.quoted(start, delimiterAt + 1, open, 'regex', close);
    } else if (type === 's') {
      this.quoted(start, delimiterAt + 1, open, 'symbol', close);
    } else {
      this.quoted(start, delimiterAt + 1, open, 'string', close);
    }
    if (/[wWiI]/.test(type)) {
      this.toWords(this.tokens.length - 1);
    }
    return true;
  }

  private toWords(tokenIndex: number): void {
    const token = this.tokens[tokenIndex];
    const words: GemfileWord[] = [];
    let index = token.contentStart;
    while (index < token.contentEnd) {
      while (index < token.contentEnd && /\s/.test(this.text.charAt(index))) {
        index++;
      }
      const start = index;
      while (index < token.contentEnd && !/\s/.test(this.text.charAt(index))) {
        index++;
      }
      if (index > start) {
        words.push({ text: this.text.slice(start, index), start, end: index });
      }
    }
    this.tokens[tokenIndex] = { ...token, kind: 'words', words };
  }

  private regex(): void {
    this.quoted(this.index, this.index + 1, '/', 'regex');
  }

  private number(): void {
    const start = this.index;
    while (this.index < this.text.length && /[0-9A-Za-z_.]/.test(this.text.charAt(this.index))) {
      // `1..5` is a range, not a number with two dots.
      if (this.text.charAt(this.index) === '.' && !isDigit(this.text.charAt(this.index + 1))) {
        break;
      }
      this.index++;
    }
    this.push('number', this.text.slice(start, this.index), start, this.index);
  }

  private punct(): void {
    const start = this.index;
    const match = MULTI_CHAR_PUNCT.filter((candidate) => this.text.startsWith(candidate, start)).sort((a, b) => b.length - a.length)[0];
    const text = match ?? this.text.charAt(start);
    this.index += text.length;
    this.push('punct', text, start, this.index);
  }

  /** Whether the previous token leaves Ruby expecting a value, which makes `/` and `%(` literals. */
  private expectsOperand(): boolean {
    const previous = this.tokens[this.tokens.length - 1];
    if (previous === undefined || previous.kind === 'newline' || previous.kind === 'label') {
      return true;
    }
    if (previous.kind === 'punct') {
      return previous.text !== ')' && previous.text !== ']' && previous.text !== '}';
    }
    if (previous.kind === 'ident') {
      // `foo /x/` is a method call with a regex argument; `foo / x` divides.
      const spaced = previous.end < this.index && !/\s/.test(this.text.charAt(this.index + 1));
      return OPERAND_KEYWORDS.has(previous.text) || spaced;
    }
    return false;
  }

  private push(kind: GemfileTokenKind, text: string, start: number, end: number): void {
    this.tokens.push({ kind, text, start, end, contentStart: start, contentEnd: end });
  }

  private lineEnd(from: number): number {
    let index = from;
    while (index < this.text.length && this.text.charAt(index) !== '\n' && this.text.charAt(index) !== '\r') {
      index++;
    }
    return index;
  }

  private isLineEnd(index: number): boolean {
    const char = this.text.charAt(index);
    return char === '' || char === '\n' || char === '\r';
  }
}

function isIdentStart(char: string): boolean {
  return /[A-Za-z_@$]/.test(char) || char.charCodeAt(0) > 127;
}

function isIdentPart(char: string): boolean {
  return /[A-Za-z0-9_]/.test(char) || char.charCodeAt(0) > 127;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}
