import type { ParseProblem } from './types';

/**
 * A tolerant lexer for Gradle build scripts, Groovy and Kotlin DSL alike. It knows just enough
 * to find where code is: comments, strings (with `${…}` inside double quotes), identifiers and
 * the punctuation the dependency reader looks at. Anything it does not know becomes an `other`
 * token, and an unterminated string or comment is reported and ended where it does least harm.
 */

export type GradleToken =
  | { readonly kind: 'ident'; readonly text: string; readonly start: number; readonly end: number }
  | GradleStringToken
  | { readonly kind: 'punct'; readonly text: Punctuation; readonly start: number; readonly end: number }
  | { readonly kind: 'newline'; readonly start: number; readonly end: number }
  | { readonly kind: 'other'; readonly start: number; readonly end: number };

export interface GradleStringToken {
  readonly kind: 'string';
  readonly start: number;
  readonly end: number;
  /** The characters between the quotes. */
  readonly contentStart: number;
  readonly contentEnd: number;
  /** Double-quoted strings interpolate `$x` and `${…}`; single-quoted ones are literal. */
  readonly interpolating: boolean;
}

export type Punctuation = '(' | ')' | '{' | '}' | '[' | ']' | ',' | ':' | '=' | '.' | ';';

export interface GradleLexResult {
  readonly tokens: GradleToken[];
  readonly problems: ParseProblem[];
}

const PUNCTUATION = new Set<string>(['(', ')', '{', '}', '[', ']', ',', ':', '=', '.', ';']);
/** Strings nest inside `${…}`; deeper than this is not a build script anyone writes. */
const MAX_STRING_NESTING = 8;

export function lexGradle(text: string): GradleLexResult {
  const tokens: GradleToken[] = [];
  const problems: ParseProblem[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    const next = text[index + 1];
    if (char === '\n') {
      tokens.push({ kind: 'newline', start: index, end: index + 1 });
      index++;
    } else if (char === ' ' || char === '\t' || char === '\r' || char === '\f') {
      index++;
    } else if (char === '/' && next === '/') {
      index = lineEnd(text, index);
    } else if (char === '/' && next === '*') {
      index = skipBlockComment(text, index, problems);
    } else if (char === '"' || char === "'") {
      const token = lexString(text, index, problems, 0);
      tokens.push(token);
      index = token.end;
    } else if (char === '`') {
      index = lexBacktickIdentifier(text, index, tokens);
    } else if (isIdentifierStart(char)) {
      const end = identifierEnd(text, index);
      tokens.push({ kind: 'ident', text: text.slice(index, end), start: index, end });
      index = end;
    } else if (isDigit(char)) {
      const end = numberEnd(text, index);
      tokens.push({ kind: 'other', start: index, end });
      index = end;
    } else if (PUNCTUATION.has(char) && !isDoubledOperator(char, next)) {
      tokens.push({ kind: 'punct', text: char as Punctuation, start: index, end: index + 1 });
      index++;
    } else {
      // `==`, `::`, `?.` and every other operator: nothing a declaration is made of.
      const end = isDoubledOperator(char, next) ? index + 2 : index + 1;
      tokens.push({ kind: 'other', start: index, end });
      index = end;
    }
  }
  return { tokens, problems };
}

/** `==` must not read as an assignment, nor `::` as a map key separator. */
function isDoubledOperator(char: string, next: string | undefined): boolean {
  return (char === '=' || char === ':') && next === char;
}

function lineEnd(text: string, index: number): number {
  const newline = text.indexOf('\n', index);
  return newline < 0 ? text.length : newline;
}

function skipBlockComment(text: string, start: number, problems: ParseProblem[]): number {
  const close = text.indexOf('*/', start + 2);
  if (close < 0) {
    problems.push({ message: 'Gradle: unterminated comment', range: { start, end: text.length } });
    return text.length;
  }
  return close + 2;
}

/**
 * Lexes the string starting at `start`. A single-line string ends at the end of its line when
 * its closing quote is missing, so one half-typed string never swallows the rest of the file.
 */
function lexString(text: string, start: number, problems: ParseProblem[], nesting: number): GradleStringToken {
  const quote = text[start];
  const triple = text.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  const interpolating = quote === '"';
  const contentStart = start + delimiter.length;
  let index = contentStart;
  while (index < text.length) {
    const char = text[index];
    if (text.startsWith(delimiter, index)) {
      return { kind: 'string', start, end: index + delimiter.length, contentStart, contentEnd: index, interpolating };
    }
    if (char === '\n' && !triple) {
      break;
    }
    if (char === '\\') {
      index += 2;
    } else if (interpolating && char === '$' && text[index + 1] === '{') {
      index = skipInterpolation(text, index + 2, triple, problems, nesting);
    } else {
      index++;
    }
  }
  const contentEnd = Math.min(index, text.length);
  problems.push({ message: 'Gradle: unterminated string', range: { start, end: contentEnd } });
  return { kind: 'string', start, end: contentEnd, contentStart, contentEnd, interpolating };
}

/** Skips the code inside `${…}`, with its own braces and strings; returns where the string goes on. */
function skipInterpolation(text: string, start: number, multiline: boolean, problems: ParseProblem[], nesting: number): number {
  let depth = 0;
  let index = start;
  while (index < text.length) {
    const char = text[index];
    if (char === '\n' && !multiline) {
      return index;
    }
    if (char === '}') {
      if (depth === 0) {
        return index + 1;
      }
      depth--;
      index++;
    } else if (char === '{') {
      depth++;
      index++;
    } else if ((char === '"' || char === "'") && nesting < MAX_STRING_NESTING) {
      index = lexString(text, index, problems, nesting + 1).end;
    } else {
      index++;
    }
  }
  return index;
}

function lexBacktickIdentifier(text: string, start: number, tokens: GradleToken[]): number {
  const close = text.indexOf('`', start + 1);
  const newline = lineEnd(text, start);
  if (close < 0 || close > newline) {
    tokens.push({ kind: 'other', start, end: start + 1 });
    return start + 1;
  }
  tokens.push({ kind: 'ident', text: text.slice(start + 1, close), start: start + 1, end: close });
  return close + 1;
}

export function isIdentifierStart(char: string | undefined): boolean {
  return char !== undefined && (/[A-Za-z_$]/.test(char) || char.charCodeAt(0) > 127);
}

export function isIdentifierPart(char: string | undefined): boolean {
  return isIdentifierStart(char) || isDigit(char);
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function identifierEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && isIdentifierPart(text[index])) {
    index++;
  }
  return index;
}

/** Numbers, with their suffixes and decimals (`1.5f`, `0x1F`): one token. */
function numberEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && (isIdentifierPart(text[index]) || (text[index] === '.' && isDigit(text[index + 1])))) {
    index++;
  }
  return index;
}
