import type { DependencySource, ParseProblem, TextRange } from './types';

/**
 * One PEP 508 requirement (`name[extras] specifier ; markers` or `name[extras] @ url ; markers`).
 * Every range is absolute: an index into the parsed string plus the caller's base offset.
 */
export interface Pep508Requirement {
  readonly name: string;
  readonly nameRange: TextRange;
  readonly extras: readonly string[];
  /** The version specifier as written, trimmed, without the parentheses of the `name (>=1)` form. */
  readonly spec: string | null;
  readonly specRange: TextRange | null;
  readonly markers: string | null;
  readonly markersRange: TextRange | null;
  readonly url: string | null;
  readonly urlRange: TextRange | null;
}

export interface Pep508Result {
  /** Null when the string holds no package name at all (empty, or starts with something else). */
  readonly requirement: Pep508Requirement | null;
  readonly problems: readonly ParseProblem[];
}

/**
 * Parses one requirement. `baseOffset` is added to every range, so a caller that hands over the
 * contents of a TOML string (or one logical line of a requirements file) gets ranges into its own text.
 * Never throws; what cannot be read becomes a problem and parsing keeps what it has.
 */
export function parsePep508(source: string, baseOffset = 0): Pep508Result {
  const cursor = new Cursor(source, baseOffset);
  cursor.skipSpace();
  const nameStart = cursor.pos;
  cursor.skipWhile(isNameChar);
  if (cursor.pos === nameStart) {
    if (!cursor.atEnd()) {
      cursor.problem('Expected a package name', nameStart, source.length);
    }
    return { requirement: null, problems: cursor.problems };
  }
  const name = source.slice(nameStart, cursor.pos);
  const nameRange = cursor.range(nameStart, cursor.pos);
  cursor.skipSpace();
  const extras = cursor.peek() === '[' ? readExtras(cursor) : [];
  cursor.skipSpace();

  let spec: Piece | null = null;
  let url: Piece | null = null;
  if (cursor.peek() === '@') {
    cursor.pos++;
    url = readUrl(cursor);
  } else {
    spec = readSpecifier(cursor);
  }
  cursor.skipSpace();
  const markers = readMarkers(cursor);

  return {
    requirement: {
      name,
      nameRange,
      extras,
      spec: spec?.text ?? null,
      specRange: spec?.range ?? null,
      markers: markers?.text ?? null,
      markersRange: markers?.range ?? null,
      url: url?.text ?? null,
      urlRange: url?.range ?? null,
    },
    problems: cursor.problems,
  };
}

/** Classifies a requirement URL the way pip treats it: VCS git URLs, local files, everything else remote. */
export function urlSource(url: string): DependencySource {
  const lower = url.toLowerCase();
  if (lower.startsWith('git+') || lower.startsWith('git://') || lower.startsWith('git@')) {
    return { kind: 'git', value: url };
  }
  if (lower.startsWith('file:') || !/^[a-z][a-z0-9+.-]*:\/\//.test(lower)) {
    return { kind: 'path', value: url };
  }
  return { kind: 'url', value: url };
}

interface Piece {
  readonly text: string;
  readonly range: TextRange;
}

/** Position plus collected problems; the only mutable state, and it lives for one call. */
class Cursor {
  pos = 0;
  readonly problems: ParseProblem[] = [];

  constructor(
    readonly source: string,
    private readonly base: number,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.source.length;
  }

  peek(): string {
    return this.source.charAt(this.pos);
  }

  skipSpace(): void {
    this.skipWhile(isSpace);
  }

  skipWhile(test: (char: string) => boolean): void {
    while (this.pos < this.source.length && test(this.source.charAt(this.pos))) {
      this.pos++;
    }
  }

  range(start: number, end: number): TextRange {
    return { start: this.base + start, end: this.base + end };
  }

  problem(message: string, start: number, end: number): void {
    this.problems.push({ message, range: this.range(start, end) });
  }

  /** The trimmed text of `[start, end)`, or null when it is blank. */
  piece(start: number, end: number): Piece | null {
    let from = start;
    let to = end;
    while (from < to && isSpace(this.source.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(this.source.charAt(to - 1))) {
      to--;
    }
    return from === to ? null : { text: this.source.slice(from, to), range: this.range(from, to) };
  }
}

function readExtras(cursor: Cursor): string[] {
  const open = cursor.pos;
  cursor.pos++;
  const extras: string[] = [];
  for (;;) {
    cursor.skipSpace();
    const start = cursor.pos;
    cursor.skipWhile(isNameChar);
    if (cursor.pos > start) {
      extras.push(cursor.source.slice(start, cursor.pos));
    }
    cursor.skipSpace();
    const char = cursor.peek();
    if (char === ',') {
      cursor.pos++;
    } else if (char === ']') {
      cursor.pos++;
      return extras;
    } else {
      // Half-typed `name[dev` or stray characters: keep the extras read so far and resume at the specifier.
      cursor.problem('Extras are not closed with `]`', open, cursor.pos);
      cursor.skipWhile((c) => c !== ']' && c !== ';' && !isSpecifierStart(c) && c !== '(' && c !== '@');
      if (cursor.peek() === ']') {
        cursor.pos++;
      }
      return extras;
    }
  }
}

function readSpecifier(cursor: Cursor): Piece | null {
  if (cursor.peek() === '(') {
    const open = cursor.pos;
    cursor.pos++;
    const start = cursor.pos;
    cursor.skipWhile((c) => c !== ')' && c !== ';');
    const spec = cursor.piece(start, cursor.pos);
    if (cursor.peek() === ')') {
      cursor.pos++;
    } else {
      cursor.problem('Version specifier is not closed with `)`', open, cursor.pos);
    }
    return checkedSpecifier(cursor, spec);
  }
  const start = cursor.pos;
  cursor.skipWhile((c) => c !== ';');
  return checkedSpecifier(cursor, cursor.piece(start, cursor.pos));
}

/** A specifier must open with a comparison operator; `name 1.0` is a typo we report instead of guessing. */
function checkedSpecifier(cursor: Cursor, spec: Piece | null): Piece | null {
  if (spec === null || isSpecifierStart(spec.text.charAt(0))) {
    return spec;
  }
  cursor.problems.push({ message: 'Expected a version specifier such as `>=1.0`', range: spec.range });
  return null;
}

/** PEP 508 ends a URL at whitespace; a `;` glued to it belongs to the URL. */
function readUrl(cursor: Cursor): Piece | null {
  const at = cursor.pos - 1;
  cursor.skipSpace();
  const start = cursor.pos;
  cursor.skipWhile((c) => !isSpace(c));
  const url = cursor.piece(start, cursor.pos);
  if (url === null) {
    cursor.problem('Expected a URL after `@`', at, cursor.pos);
  }
  return url;
}

function readMarkers(cursor: Cursor): Piece | null {
  if (cursor.atEnd()) {
    return null;
  }
  if (cursor.peek() !== ';') {
    cursor.problem('Unexpected text after the requirement', cursor.pos, cursor.source.length);
    return null;
  }
  const semicolon = cursor.pos;
  const markers = cursor.piece(semicolon + 1, cursor.source.length);
  if (markers === null) {
    cursor.problem('Expected environment markers after `;`', semicolon, semicolon + 1);
  }
  cursor.pos = cursor.source.length;
  return markers;
}

function isNameChar(char: string): boolean {
  return /^[A-Za-z0-9._-]$/.test(char);
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\v';
}

function isSpecifierStart(char: string): boolean {
  return char === '<' || char === '>' || char === '=' || char === '!' || char === '~';
}
