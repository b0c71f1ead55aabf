/**
 * A reader for the YAML that package managers write (pnpm-lock.yaml, Yarn Berry's yarn.lock,
 * pnpm-workspace.yaml, Bundler's config): block mappings and sequences, plain and quoted scalars,
 * block scalars, and flow collections, resolved with the YAML 1.2 core schema. It keeps one pass
 * over the text with an explicit stack, so its time is linear in the input and deep nesting is a
 * plain error rather than a stack overflow; the general YAML library we used before took
 * quadratic time (and more) on hostile lockfiles. Anchors are ignored, aliases, tags other than
 * the standard ones and complex keys are refused: no package manager writes them.
 */

import { isDue, takeTurn, type Pace } from './turns';

/** Deeper than any lockfile, shallow enough for the explicit stack to stay small. */
export const MAX_YAML_DEPTH = 64;

export class YamlSubsetError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

type Container = Record<string, unknown> | unknown[];

interface Frame {
  readonly indent: number;
  readonly value: Container;
  /** The key (mapping) or `true` (sequence) waiting for a value on the following lines. */
  pending?: string | true;
  /** Where a plain scalar that may continue on more-indented lines was stored. */
  plain?: { key: string | number; text: string };
}

/** Reads the last document of `text` (pnpm 11 puts the project lockfile last) as plain data. */
export function parseBlockYaml(text: string): unknown {
  return new Reader(text).read();
}

/** `parseBlockYaml` with a turn of the event loop whenever the slice is used up: for lockfiles. */
export function parseBlockYamlInTurns(text: string, pace: Pace): Promise<unknown> {
  return new Reader(text).readInTurns(pace);
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function store(container: Container, key: string | number, value: unknown): void {
  if (Array.isArray(container)) {
    container[key as number] = value;
  } else {
    setKey(container, key as string, value);
  }
}

const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** The YAML 1.2 core schema's reading of a plain scalar. */
export function resolvePlain(text: string): unknown {
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return Number.POSITIVE_INFINITY;
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return Number.NEGATIVE_INFINITY;
    case '.nan':
    case '.NaN':
    case '.NAN':
      return Number.NaN;
  }
  if (text.length > 64) {
    return text;
  }
  if (INT.test(text)) {
    return Number.parseInt(text, 10);
  }
  if (OCT.test(text)) {
    return Number.parseInt(text.slice(2), 8);
  }
  if (HEX.test(text)) {
    return Number.parseInt(text.slice(2), 16);
  }
  return FLOAT.test(text) ? Number.parseFloat(text) : text;
}

const FLOW_INDICATORS = ',[]{}';

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === undefined;
}

class Reader {
  private position = 0;
  private line = 1;
  private readonly stack: Frame[] = [];
  private root: unknown = null;
  private rootPending = true;

  constructor(private readonly text: string) {}

  private fail(message: string): never {
    throw new YamlSubsetError(message, this.line);
  }

  read(): unknown {
    while (this.position < this.text.length) {
      this.readLine();
    }
    return this.finish();
  }

  async readInTurns(pace: Pace): Promise<unknown> {
    while (this.position < this.text.length) {
      this.readLine();
      if (isDue(pace)) {
        await takeTurn(pace);
      }
    }
    return this.finish();
  }

  private finish(): unknown {
    this.closeAll();
    return this.root;
  }

  /** One line from `position`: its indentation, then its content, if any. */
  private readLine(): void {
    const text = this.text;
    let column = 0;
    while (text[this.position + column] === ' ') {
      column++;
    }
    const start = this.position + column;
    const char = text[start];
    if (char === '\n' || char === '\r' || char === undefined || char === '#') {
      this.skipRestOfLine(start);
      return;
    }
    if (char === '\t') {
      this.skipTabsOrFail(start);
      return;
    }
    if (column === 0 && (text.startsWith('---', start) || text.startsWith('...', start)) && isBlank(text[start + 3])) {
      this.closeAll();
      let content = start + 3;
      if (text[start] === '-') {
        this.root = null;
        this.rootPending = true;
        while (text[content] === ' ') {
          content++;
        }
        if (!isBlank(text[content]) && text[content] !== '#') {
          this.readNode(undefined, content, content - this.position);
          return;
        }
      }
      this.skipRestOfLine(content);
      return;
    }
    if (column === 0 && char === '%' && this.rootPending && this.stack.length === 0) {
      this.skipRestOfLine(start);
      return;
    }
    this.readContent(start, column);
  }

  /** A line of only tabs and blanks is empty; a tab in indentation is not YAML. */
  private skipTabsOrFail(start: number): void {
    let index = start;
    while (this.text[index] === '\t' || this.text[index] === ' ') {
      index++;
    }
    const char = this.text[index];
    if (char === '\n' || char === '\r' || char === undefined || char === '#') {
      this.skipRestOfLine(index);
      return;
    }
    this.fail('a tab is used for indentation');
  }

  /** Moves past the line break after `index`, which must leave only blanks or a comment. */
  private skipRestOfLine(index: number): void {
    const text = this.text;
    let cursor = index;
    let blankBefore = true;
    while (cursor < text.length && text[cursor] !== '\n') {
      const char = text[cursor];
      if (char === '#' && blankBefore) {
        const newline = text.indexOf('\n', cursor);
        cursor = newline === -1 ? text.length : newline;
        break;
      }
      if (char !== ' ' && char !== '\t' && char !== '\r') {
        this.fail('unexpected text after a value');
      }
      blankBefore = true;
      cursor++;
    }
    this.position = cursor < text.length ? cursor + 1 : cursor;
    if (cursor < text.length) {
      this.line++;
    }
  }

  private closeAll(): void {
    while (this.stack.length > 0) {
      this.pop();
    }
  }

  private pop(): void {
    const frame = this.stack.pop() as Frame;
    if (frame.pending !== undefined) {
      this.attach(frame, null);
    }
  }

  private attach(frame: Frame, value: unknown): void {
    if (frame.pending === true) {
      (frame.value as unknown[]).push(value);
    } else if (frame.pending !== undefined) {
      setKey(frame.value as Record<string, unknown>, frame.pending, value);
    }
    frame.pending = undefined;
  }

  /** Hangs a new block collection where the line above left a place, and pushes it. */
  private open(indent: number, value: Container, parent: Frame | undefined): Frame {
    if (this.stack.length >= MAX_YAML_DEPTH) {
      this.fail(`nested deeper than ${MAX_YAML_DEPTH} levels`);
    }
    if (parent) {
      this.attach(parent, value);
    } else {
      this.root = value;
      this.rootPending = false;
    }
    const frame: Frame = { indent, value };
    this.stack.push(frame);
    return frame;
  }

  /** The content of a line starting at `start` in column `column`. */
  private readContent(start: number, column: number): void {
    let top = this.stack[this.stack.length - 1];
    if (top?.plain && top.pending === undefined && column > top.indent) {
      this.continuePlain(top, start);
      return;
    }
    const entry = this.isSequenceEntry(start);
    // A list may sit at its key's indentation (`key:` then `- item`); a key there ends it.
    while (top && (top.indent > column || (top.indent === column && !entry && Array.isArray(top.value) && this.stack[this.stack.length - 2]?.indent === column))) {
      this.pop();
      top = this.stack[this.stack.length - 1];
    }
    if (top) {
      top.plain = undefined;
    }
    if (!top) {
      if (!this.rootPending) {
        this.fail('more than one value at the top of the document');
      }
      this.readNode(undefined, start, column);
    } else if (top.pending !== undefined && (column > top.indent || (entry && !Array.isArray(top.value)))) {
      this.readNode(top, start, column);
    } else if (top.indent === column) {
      if (Array.isArray(top.value) !== entry) {
        this.fail(entry ? 'a list item where a key was expected' : 'a key where a list item was expected');
      }
      if (top.pending !== undefined) {
        this.attach(top, null);
      }
      this.readEntry(top, start, column);
    } else {
      this.fail('the indentation does not match any open block');
    }
  }

  private isSequenceEntry(start: number): boolean {
    return this.text[start] === '-' && isBlank(this.text[start + 1]);
  }

  /** A new block node at `column` for `parent` (or the root): a list, a mapping or a scalar. */
  private readNode(parent: Frame | undefined, start: number, column: number): void {
    if (this.isSequenceEntry(start)) {
      this.readEntry(this.open(column, [], parent), start, column);
      return;
    }
    const colon = this.keyEnd(start);
    if (colon !== -1) {
      this.readEntry(this.open(column, Object.create(Object.prototype) as Record<string, unknown>, parent), start, column);
      return;
    }
    const value = this.readValue(start, parent);
    if (parent) {
      const key = parent.pending === true ? (parent.value as unknown[]).length : parent.pending;
      this.attach(parent, value.value);
      if (value.plain !== undefined) {
        parent.plain = { key: key as string | number, text: value.plain };
      }
    } else {
      this.root = value.value;
      this.rootPending = false;
    }
  }

  /** A `- item` of `frame` (a list) or a `key: value` of `frame` (a mapping), at `start`. */
  private readEntry(frame: Frame, start: number, column: number): void {
    const text = this.text;
    if (Array.isArray(frame.value)) {
      let itemStart = start + 1;
      while (text[itemStart] === ' ') {
        itemStart++;
      }
      frame.pending = true;
      const char = text[itemStart];
      if (char === '\n' || char === '\r' || char === undefined || (char === '#' && isBlank(text[itemStart - 1]))) {
        this.skipRestOfLine(itemStart);
        return;
      }
      if (char === '\t') {
        this.fail('a tab is used for indentation');
      }
      this.readNode(frame, itemStart, column + (itemStart - start));
      return;
    }
    const colon = this.keyEnd(start);
    if (colon === -1) {
      this.fail('a line that is neither a key nor a list item');
    }
    const key = this.readKey(start, colon);
    let valueStart = colon + 1;
    while (text[valueStart] === ' ' || text[valueStart] === '\t') {
      valueStart++;
    }
    frame.pending = key;
    const char = text[valueStart];
    if (char === '\n' || char === '\r' || char === undefined || char === '#') {
      this.skipRestOfLine(valueStart);
      return;
    }
    if (this.isSequenceEntry(valueStart) || this.keyEnd(valueStart) !== -1) {
      this.fail('a block collection on the same line as its key');
    }
    const value = this.readValue(valueStart, frame);
    this.attach(frame, value.value);
    if (value.plain !== undefined) {
      frame.plain = { key, text: value.plain };
    }
  }

  /** The index of the `:` ending a key that starts at `start` on this line, or -1. */
  private keyEnd(start: number): number {
    const text = this.text;
    const char = text[start];
    let index = start;
    if (char === '"' || char === "'") {
      index = this.quotedEnd(start, true);
      if (index === -1) {
        return -1;
      }
      while (text[index] === ' ') {
        index++;
      }
      return text[index] === ':' && isBlank(text[index + 1]) ? index : -1;
    }
    if (char === '?' && isBlank(text[start + 1])) {
      this.fail('a complex key (`?`)');
    }
    if (char === '[' || char === '{' || char === '|' || char === '>' || char === '*' || char === '&' || char === '!') {
      return -1;
    }
    while (index < text.length && text[index] !== '\n') {
      if (text[index] === ':' && isBlank(text[index + 1])) {
        return index;
      }
      if (text[index] === '#' && index > start && (text[index - 1] === ' ' || text[index - 1] === '\t')) {
        return -1;
      }
      index++;
    }
    return -1;
  }

  private readKey(start: number, colon: number): string {
    const char = this.text[start];
    if (char === '"' || char === "'") {
      const { value } = this.readQuoted(start);
      return value;
    }
    const value = resolvePlain(this.text.slice(start, colon).trimEnd());
    return value === null ? '' : String(value);
  }

  /** A scalar, block scalar or flow collection starting at `start`; moves to the next line. */
  private readValue(start: number, owner: Frame | undefined): { value: unknown; plain?: string } {
    const text = this.text;
    let index = start;
    // Anchors (`&name`) name a node for aliases, which are refused; the node itself is kept.
    while (text[index] === '&' || text[index] === '!') {
      const tag = text[index] === '!';
      const tokenStart = index;
      while (index < text.length && !isBlank(text[index])) {
        index++;
      }
      if (tag && !text.startsWith('!!str', tokenStart)) {
        this.fail('a tag other than !!str');
      }
      while (text[index] === ' ') {
        index++;
      }
    }
    const char = text[index];
    if (char === '*') {
      this.fail('an alias (`*`)');
    }
    if (char === '\n' || char === '\r' || char === undefined || char === '#') {
      this.skipRestOfLine(index);
      return { value: null };
    }
    if (char === '"' || char === "'") {
      const { value, end } = this.readQuoted(index);
      this.skipRestOfLine(end);
      return { value };
    }
    if (char === '[' || char === '{') {
      const { value, end } = this.readFlow(index);
      this.skipRestOfLine(end);
      return { value };
    }
    if (char === '|' || char === '>') {
      return { value: this.readBlockScalar(index, owner?.indent ?? -1) };
    }
    const plain = this.plainToLineEnd(index);
    this.skipRestOfLine(plain.end);
    return { value: resolvePlain(plain.text), plain: plain.text };
  }

  /** A plain scalar's text on this line: up to a ` #` comment or the line's end, trimmed. */
  private plainToLineEnd(start: number): { text: string; end: number } {
    const text = this.text;
    let index = start;
    let end = start;
    while (index < text.length && text[index] !== '\n') {
      const char = text[index];
      if (char === '#' && index > start && (text[index - 1] === ' ' || text[index - 1] === '\t')) {
        break;
      }
      if (char !== ' ' && char !== '\t' && char !== '\r') {
        end = index + 1;
      }
      index++;
    }
    return { text: text.slice(start, end), end: index };
  }

  private continuePlain(frame: Frame, start: number): void {
    const plain = frame.plain as { key: string | number; text: string };
    if (this.keyEnd(start) !== -1) {
      this.fail('the indentation does not match any open block');
    }
    const more = this.plainToLineEnd(start);
    plain.text = `${plain.text} ${more.text}`;
    store(frame.value, plain.key, plain.text);
    this.skipRestOfLine(more.end);
  }

  /** The index just after the closing quote of the quoted scalar at `start`, or -1. */
  private quotedEnd(start: number, sameLine: boolean): number {
    const text = this.text;
    const quote = text[start];
    let index = start + 1;
    while (index < text.length) {
      const char = text[index];
      if (sameLine && char === '\n') {
        return -1;
      }
      if (quote === '"' && char === '\\') {
        index += 2;
        continue;
      }
      if (char === quote) {
        if (quote === "'" && text[index + 1] === "'") {
          index += 2;
          continue;
        }
        return index + 1;
      }
      index++;
    }
    return -1;
  }

  /** A single- or double-quoted scalar, folded over lines as YAML does. */
  private readQuoted(start: number): { value: string; end: number } {
    const text = this.text;
    const quote = text[start];
    const parts: string[] = [];
    let index = start + 1;
    let lineStart = index;
    for (;;) {
      if (index >= text.length) {
        this.fail('a quoted value is not closed');
      }
      const char = text[index];
      if (char === quote) {
        if (quote === "'" && text[index + 1] === "'") {
          parts.push(text.slice(lineStart, index + 1));
          index += 2;
          lineStart = index;
          continue;
        }
        parts.push(text.slice(lineStart, index));
        return { value: parts.join(''), end: index + 1 };
      }
      if (quote === '"' && char === '\\') {
        parts.push(text.slice(lineStart, index));
        index = this.readEscape(index, parts);
        lineStart = index;
        continue;
      }
      if (char === '\n' || char === '\r') {
        let trimmed = index;
        while (trimmed > lineStart && (text[trimmed - 1] === ' ' || text[trimmed - 1] === '\t')) {
          trimmed--;
        }
        parts.push(text.slice(lineStart, trimmed));
        index = this.foldBreaks(index, parts);
        lineStart = index;
        continue;
      }
      index++;
    }
  }

  /** Line breaks inside a quoted scalar: one becomes a space, n become n-1 newlines. */
  private foldBreaks(start: number, parts: string[]): number {
    const text = this.text;
    let index = start;
    let breaks = 0;
    while (index < text.length && (text[index] === '\n' || text[index] === '\r' || text[index] === ' ' || text[index] === '\t')) {
      if (text[index] === '\n') {
        breaks++;
        this.line++;
      }
      index++;
    }
    parts.push(breaks <= 1 ? ' ' : '\n'.repeat(breaks - 1));
    return index;
  }

  private readEscape(start: number, parts: string[]): number {
    const text = this.text;
    const char = text[start + 1];
    const simple: Record<string, string> = {
      '0': '\0',
      a: '\x07',
      b: '\b',
      t: '\t',
      '\t': '\t',
      n: '\n',
      v: '\v',
      f: '\f',
      r: '\r',
      e: '\x1b',
      ' ': ' ',
      '"': '"',
      '/': '/',
      '\\': '\\',
      N: '\x85',
      _: '\xa0',
      L: '\u2028',
      P: '\u2029',
    };
    if (char !== undefined && Object.hasOwn(simple, char)) {
      parts.push(simple[char]);
      return start + 2;
    }
    const width = char === 'x' ? 2 : char === 'u' ? 4 : char === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = text.slice(start + 2, start + 2 + width);
      const code = hex.length === width && /^[0-9a-fA-F]+$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
      if (!(code <= 0x10ffff)) {
        this.fail('a bad escape in a quoted value');
      }
      parts.push(String.fromCodePoint(code));
      return start + 2 + width;
    }
    if (char === '\n' || char === '\r') {
      // An escaped line break joins the lines without a space.
      let index = start + 1;
      while (index < text.length && (text[index] === '\n' || text[index] === '\r' || text[index] === ' ' || text[index] === '\t')) {
        if (text[index] === '\n') {
          this.line++;
        }
        index++;
      }
      return index;
    }
    this.fail('a bad escape in a quoted value');
  }

  /** `|` or `>` and the more-indented lines under it. */
  private readBlockScalar(start: number, ownerIndent: number): string {
    const text = this.text;
    const folded = text[start] === '>';
    let index = start + 1;
    let chomp = '';
    let explicitIndent = 0;
    while (text[index] === '-' || text[index] === '+' || (text[index] >= '1' && text[index] <= '9')) {
      if (text[index] === '-' || text[index] === '+') {
        chomp = text[index];
      } else {
        explicitIndent = Number(text[index]);
      }
      index++;
    }
    this.skipRestOfLine(index);
    const lines: string[] = [];
    let indent = explicitIndent > 0 ? Math.max(ownerIndent, 0) + explicitIndent : -1;
    while (this.position < text.length) {
      let column = 0;
      while (text[this.position + column] === ' ') {
        column++;
      }
      const lineStart = this.position + column;
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline === -1 ? text.length : newline;
      const empty = text.slice(lineStart, lineEnd).trim() === '';
      if (!empty && (column <= ownerIndent || (indent !== -1 && column < indent))) {
        break;
      }
      if (!empty && indent === -1) {
        indent = column;
      }
      lines.push(empty ? '' : text.slice(this.position + indent, lineEnd).replace(/\r$/, ''));
      this.position = newline === -1 ? text.length : newline + 1;
      if (newline !== -1) {
        this.line++;
      }
    }
    let trailing = 0;
    while (trailing < lines.length && lines[lines.length - 1 - trailing] === '') {
      trailing++;
    }
    const body = lines.slice(0, lines.length - trailing);
    let value = '';
    if (folded) {
      for (let line = 0; line < body.length; line++) {
        const current = body[line];
        if (line > 0) {
          const previous = body[line - 1];
          value += previous === '' || current === '' || current.startsWith(' ') || previous.startsWith(' ') ? '\n' : ' ';
        }
        value += current;
      }
    } else {
      value = body.join('\n');
    }
    if (chomp === '-' || body.length === 0) {
      return chomp === '+' ? '\n'.repeat(trailing) : value;
    }
    return chomp === '+' ? `${value}\n${'\n'.repeat(trailing)}` : `${value}\n`;
  }

  /** A flow collection (`[...]`, `{...}`), possibly over several lines, with an explicit stack. */
  private readFlow(start: number): { value: unknown; end: number } {
    const text = this.text;
    interface FlowFrame {
      readonly value: Container;
      key?: string;
      /** In a mapping: a key has been read and `:` is expected or seen. */
      state: 'key' | 'colon' | 'value' | 'comma';
    }
    const stack: FlowFrame[] = [];
    let index = start;
    let result: unknown;
    const put = (value: unknown): void => {
      const frame = stack[stack.length - 1];
      if (Array.isArray(frame.value)) {
        if (frame.state === 'comma') {
          this.fail('a missing comma in a flow collection');
        }
        frame.value.push(value);
        frame.state = 'comma';
      } else if (frame.state === 'key') {
        frame.key = typeof value === 'string' ? value : value === null ? '' : String(value);
        frame.state = 'colon';
      } else if (frame.state === 'value') {
        setKey(frame.value, frame.key as string, value);
        frame.state = 'comma';
      } else {
        this.fail('a missing comma in a flow collection');
      }
    };
    for (;;) {
      if (index >= this.text.length) {
        this.fail('a flow collection is not closed');
      }
      const char = text[index];
      const frame = stack[stack.length - 1];
      if (char === ' ' || char === '\t' || char === '\r') {
        index++;
      } else if (char === '\n') {
        this.line++;
        index++;
      } else if (char === '#' && isBlank(text[index - 1])) {
        while (index < text.length && text[index] !== '\n') {
          index++;
        }
      } else if (char === '[' || char === '{') {
        if (stack.length + this.stack.length >= MAX_YAML_DEPTH) {
          this.fail(`nested deeper than ${MAX_YAML_DEPTH} levels`);
        }
        const value: Container = char === '[' ? [] : (Object.create(Object.prototype) as Record<string, unknown>);
        if (frame) {
          put(value);
        }
        stack.push({ value, state: char === '[' ? 'value' : 'key' });
        if (!frame) {
          result = value;
        }
        index++;
      } else if (char === ']' || char === '}') {
        if (!frame || Array.isArray(frame.value) !== (char === ']')) {
          this.fail('a flow collection closed by the wrong bracket');
        }
        if (frame.state === 'colon' || frame.state === 'value') {
          setKey(frame.value as Record<string, unknown>, frame.key as string, null);
        }
        stack.pop();
        index++;
        if (stack.length === 0) {
          return { value: result, end: index };
        }
      } else if (char === ',') {
        if (!Array.isArray(frame.value) && (frame.state === 'colon' || frame.state === 'value')) {
          setKey(frame.value, frame.key as string, null);
        } else if (frame.state !== 'comma') {
          this.fail('an empty entry in a flow collection');
        }
        frame.state = Array.isArray(frame.value) ? 'value' : 'key';
        index++;
      } else if (char === ':' && !Array.isArray(frame.value) && frame.state === 'colon') {
        frame.state = 'value';
        index++;
      } else if (char === '"' || char === "'") {
        const quoted = this.readQuoted(index);
        put(quoted.value);
        index = quoted.end;
      } else if (char === '*' || char === '&' || char === '!' || (char === '?' && isBlank(text[index + 1]))) {
        this.fail('an alias, anchor, tag or complex key in a flow collection');
      } else {
        const parts: string[] = [];
        let lineStart = index;
        let end = index;
        while (index < text.length) {
          const current = text[index];
          if (current === '\n') {
            // A plain scalar goes on over line breaks, folded, unless the next line ends it.
            let next = index;
            let breaks = 0;
            while (isBlank(text[next]) && next < text.length) {
              breaks += text[next] === '\n' ? 1 : 0;
              next++;
            }
            const after = text[next];
            if (after === undefined || FLOW_INDICATORS.includes(after) || after === '#' || (after === ':' && (isBlank(text[next + 1]) || FLOW_INDICATORS.includes(text[next + 1])))) {
              break;
            }
            parts.push(text.slice(lineStart, end), breaks === 1 ? ' ' : '\n'.repeat(breaks - 1));
            this.line += breaks;
            index = next;
            lineStart = next;
            end = next;
            continue;
          }
          if (FLOW_INDICATORS.includes(current) || (current === ':' && (isBlank(text[index + 1]) || FLOW_INDICATORS.includes(text[index + 1]))) || (current === '#' && isBlank(text[index - 1]))) {
            break;
          }
          if (current !== ' ' && current !== '\t' && current !== '\r') {
            end = index + 1;
          }
          index++;
        }
        parts.push(text.slice(lineStart, end));
        put(parts.length === 1 ? resolvePlain(parts[0]) : parts.join(''));
        index = Math.max(index, end);
      }
    }
  }
}
