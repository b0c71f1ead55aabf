import { MAX_PROBLEMS, manifestResult } from './result';
import type { ManifestDependency, ManifestParser, ParseProblem, TextRange } from './types';

/** Directives other than `require`: read past (with their blocks) but never dependencies. */
const OTHER_DIRECTIVES = new Set(['module', 'go', 'toolchain', 'godebug', 'replace', 'exclude', 'retract', 'tool', 'ignore']);

/** go.mod: `require path version` lines and `require ( … )` blocks; `// indirect` marks indirect requirements. */
export const parseGoMod: ManifestParser = (text) => {
  const dependencies: ManifestDependency[] = [];
  const problems: ParseProblem[] = [];
  let block: OpenBlock | null = null;
  for (const line of lines(text)) {
    const lexed = lexLine(text, line.start, line.end);
    if (problems.length < MAX_PROBLEMS) {
      problems.push(...lexed.problems);
    }
    const tokens = lexed.tokens;
    if (tokens.length === 0) {
      continue;
    }
    if (block !== null && tokens[0].text === ')') {
      block = null;
      continue;
    }
    if (block !== null && !startsDirective(tokens)) {
      if (block.verb === 'require') {
        readRequirement(tokens, lexed.comment, tokens[0].range, dependencies, problems);
      }
      continue;
    }
    if (block !== null) {
      // A directive inside a block means the user has not typed the `)` yet; close it here.
      problems.push(unclosed(block));
      block = null;
    }
    block = readDirective(tokens, lexed.comment, dependencies, problems);
  }
  if (block !== null) {
    problems.push(unclosed(block));
  }
  return manifestResult('gomod', text, dependencies, problems);
};

interface OpenBlock {
  readonly verb: string;
  readonly open: TextRange;
}

interface Token {
  /** The token's text; for a quoted string its contents without the quotes. */
  readonly text: string;
  /** The characters of `text` (inside the quotes for a quoted string). */
  readonly range: TextRange;
  readonly quoted: boolean;
}

interface LexedLine {
  readonly tokens: readonly Token[];
  /** Text of a trailing `//` comment without the slashes, or null. */
  readonly comment: string | null;
  readonly problems: readonly ParseProblem[];
}

function startsDirective(tokens: readonly Token[]): boolean {
  const first = tokens[0];
  return !first.quoted && (first.text === 'require' || OTHER_DIRECTIVES.has(first.text)) && tokens.length > 1;
}

/** Handles one line outside a block; returns the block it opens, if any. */
function readDirective(
  tokens: readonly Token[],
  comment: string | null,
  dependencies: ManifestDependency[],
  problems: ParseProblem[],
): OpenBlock | null {
  const verb = tokens[0];
  if (verb.quoted || (verb.text !== 'require' && !OTHER_DIRECTIVES.has(verb.text))) {
    problems.push({ message: `Unknown go.mod directive \`${verb.text}\``, range: verb.range });
    return null;
  }
  if (tokens.length > 1 && tokens[1].text === '(' && !tokens[1].quoted) {
    // `require ()` on one line is an empty block.
    const closesHere = tokens.length > 2 && tokens[2].text === ')' && !tokens[2].quoted;
    return closesHere ? null : { verb: verb.text, open: tokens[1].range };
  }
  if (verb.text === 'require') {
    readRequirement(tokens.slice(1), comment, verb.range, dependencies, problems);
  }
  return null;
}

function readRequirement(
  tokens: readonly Token[],
  comment: string | null,
  context: TextRange,
  dependencies: ManifestDependency[],
  problems: ParseProblem[],
): void {
  const path = tokens[0];
  if (path === undefined || (!path.quoted && (path.text === '(' || path.text === ')'))) {
    problems.push({ message: 'Expected a module path and version after `require`', range: context });
    return;
  }
  if (path.text.length === 0) {
    problems.push({ message: 'Empty module path', range: path.range });
    return;
  }
  const version = tokens[1];
  if (version === undefined) {
    problems.push({ message: `Expected a version after \`${path.text}\``, range: path.range });
  }
  dependencies.push({
    ecosystem: 'go',
    name: path.text,
    spec: version?.text ?? null,
    specRange: version?.range ?? null,
    section: 'require',
    nameRange: path.range,
    ...(isIndirect(comment) ? { indirect: true } : {}),
  });
}

/** The go command's own rule: the comment is `indirect`, or starts with `indirect;`. */
function isIndirect(comment: string | null): boolean {
  if (comment === null) {
    return false;
  }
  const fields = comment.trim().split(/\s+/);
  return (fields.length === 1 && fields[0] === 'indirect') || (fields.length > 1 && fields[0] === 'indirect;');
}

function unclosed(block: OpenBlock): ParseProblem {
  return { message: `\`${block.verb} (\` block is not closed with \`)\``, range: block.open };
}

/** Lines split on LF, CR or CRLF, one at a time (a list of a hostile file's lines would outlive the parse); a CRLF yields an empty line in between, which go.mod ignores anyway. */
function* lines(text: string): Generator<TextRange> {
  let start = 0;
  // indexOf is native and far cheaper than a per-character loop; the next LF and the next CR are
  // remembered, so text with only one kind of line break is searched for the other only once.
  let lineFeed = text.indexOf('\n');
  let carriageReturn = text.indexOf('\r');
  while (start <= text.length) {
    if (lineFeed !== -1 && lineFeed < start) {
      lineFeed = text.indexOf('\n', start);
    }
    if (carriageReturn !== -1 && carriageReturn < start) {
      carriageReturn = text.indexOf('\r', start);
    }
    let end = lineFeed === -1 ? text.length : lineFeed;
    if (carriageReturn !== -1 && carriageReturn < end) {
      end = carriageReturn;
    }
    yield { start, end };
    start = end + 1;
  }
}

function lexLine(text: string, start: number, end: number): LexedLine {
  const tokens: Token[] = [];
  const problems: ParseProblem[] = [];
  let index = start;
  while (index < end) {
    const char = text.charAt(index);
    if (char === ' ' || char === '\t' || char === '\f' || char === '\v') {
      index++;
    } else if (text.startsWith('//', index)) {
      return { tokens, comment: text.slice(index + 2, end), problems };
    } else if (char === '(' || char === ')') {
      tokens.push({ text: char, range: { start: index, end: index + 1 }, quoted: false });
      index++;
    } else if (char === '"' || char === '`') {
      index = lexQuoted(text, index, end, tokens, problems);
    } else {
      const tokenStart = index;
      while (index < end && isBareChar(text, index)) {
        index++;
      }
      tokens.push({ text: text.slice(tokenStart, index), range: { start: tokenStart, end: index }, quoted: false });
    }
  }
  return { tokens, comment: null, problems };
}

/** Reads a `"…"` (with `\` escapes) or `` `…` `` string; an unterminated one runs to the end of the line. */
function lexQuoted(text: string, open: number, end: number, tokens: Token[], problems: ParseProblem[]): number {
  const quote = text.charAt(open);
  let index = open + 1;
  while (index < end && text.charAt(index) !== quote) {
    index += quote === '"' && text.charAt(index) === '\\' ? 2 : 1;
  }
  const contentEnd = Math.min(index, end);
  tokens.push({ text: text.slice(open + 1, contentEnd), range: { start: open + 1, end: contentEnd }, quoted: true });
  if (index >= end) {
    problems.push({ message: 'Unterminated string', range: { start: open, end } });
    return end;
  }
  return index + 1;
}

function isBareChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  // space, tab, form feed, vertical tab, parentheses, double quote, backquote
  if (code === 32 || code === 9 || code === 12 || code === 11 || code === 40 || code === 41 || code === 34 || code === 96) {
    return false;
  }
  return !(code === 47 && text.charCodeAt(index + 1) === 47);
}
