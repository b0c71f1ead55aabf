import { lexGemfile, type GemfileToken } from './gemfileLexer';
import { manifestResult } from './result';
import type { DependencySource, ManifestDependency, ManifestParser, ParseProblem, TextRange } from './types';

/**
 * Gemfile: `gem` calls, with groups taken from enclosing `group … do … end` blocks and from
 * `group:`/`groups:` options. Every `do`/`if`/`unless`/`case`/`begin` … `end` is tracked so that a
 * group ends at its own `end`.
 */
export const parseGemfile: ManifestParser = (text) => {
  const lexed = lexGemfile(text);
  const walker = new StatementWalker(text, lexed.tokens);
  walker.run();
  return manifestResult('gemfile', text, walker.dependencies, [...lexed.problems, ...walker.problems]);
};

interface Frame {
  /** Groups in force inside the block, the enclosing blocks' included; shared with the parent when unchanged. */
  readonly groups: readonly string[];
  /** Source in force inside the block (from this or an enclosing `git`/`github`/`path` block). */
  readonly source?: DependencySource;
  /** Closed by `}` rather than `end`. */
  readonly brace: boolean;
  readonly open: TextRange;
}

/** Words that begin a statement in a Gemfile; seeing one at a line start ends a half-typed statement above. */
const STATEMENT_WORDS = new Set([
  'gem', 'group', 'end', 'platforms', 'platform', 'source', 'gemspec', 'ruby', 'git_source', 'plugin',
  'git', 'github', 'path', 'if', 'unless', 'else', 'elsif', 'install_if', 'env', 'eval_gemfile',
]);

/** A line ending in one of these goes on to the next line. */
const CONTINUING_PUNCT = new Set([',', '=>', '&&', '||', '=', '+', '-', '*', '/', '.', '&.', '?', ':', '==', '!=', '=~', '<', '>', '<=', '>=', '+=', '-=', '||=', '&&=']);
/** A line starting with one of these continues the line before. */
const LEADING_CONTINUATION = new Set(['.', '&.', '&&', '||', ')', ']', '}', ',']);

const CONDITIONALS = new Set(['if', 'unless', 'while', 'until']);
const ALWAYS_OPENS = new Set(['case', 'begin', 'def', 'class', 'module', 'for']);
/** Ends the arguments of a `gem` call: `gem "x" if cond`. */
const MODIFIERS = new Set(['if', 'unless', 'while', 'until', 'rescue', 'and', 'or', 'do']);
const SOURCE_OPTIONS = new Set(['git', 'github', 'gist', 'bitbucket', 'path']);

/** Walks the tokens once, cutting them into statements and keeping the stack of open blocks. */
class StatementWalker {
  readonly dependencies: ManifestDependency[] = [];
  readonly problems: ParseProblem[] = [];
  private readonly stack: Frame[] = [];
  private statement: GemfileToken[] = [];
  /** Unclosed `(`, `[` and hash `{` in the current statement. */
  private opens: GemfileToken[] = [];
  /** A `while`/`until`/`for` header is open on this line: its optional `do` opens no second block. */
  private loopHeader = false;
  /** Just after `end`/`}` on the same line, `if`/`while` are modifiers of that expression. */
  private afterBlockEnd = false;
  private nextSignificantAt = -1;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly GemfileToken[],
  ) {}

  run(): void {
    for (let index = 0; index < this.tokens.length; index++) {
      const token = this.tokens[index];
      if (token.kind === 'newline') {
        this.newline(index);
      } else if (token.kind === 'punct' && token.text === ';') {
        this.finish();
        this.loopHeader = false;
        this.afterBlockEnd = false;
      } else if (!this.keyword(token) && !this.bracket(token)) {
        this.statement.push(token);
      }
    }
    this.finish();
    for (const frame of this.stack) {
      this.problems.push({ message: 'Block is not closed with `end`', range: frame.open });
    }
  }

  /** The first token after `index` that is not a line break; remembered, so runs of blank lines stay linear. */
  private nextSignificant(index: number): GemfileToken | undefined {
    if (this.nextSignificantAt <= index) {
      let next = index + 1;
      while (next < this.tokens.length && this.tokens[next].kind === 'newline') {
        next++;
      }
      this.nextSignificantAt = next;
    }
    return this.tokens[this.nextSignificantAt];
  }

  private newline(index: number): void {
    this.loopHeader = false;
    this.afterBlockEnd = false;
    const last = this.statement[this.statement.length - 1];
    if (last === undefined) {
      return;
    }
    const next = this.nextSignificant(index);
    const lastContinues = (last.kind === 'punct' && CONTINUING_PUNCT.has(last.text)) || (last.kind === 'ident' && (last.text === 'and' || last.text === 'or' || last.text === 'not'));
    const nextStartsStatement = next !== undefined && next.kind === 'ident' && STATEMENT_WORDS.has(next.text);
    if (nextStartsStatement && (lastContinues || this.opens.length > 0)) {
      // Someone is typing: `gem "a",` or `gem("a"` directly above another statement.
      if (lastContinues && this.opens.length === 0) {
        this.problems.push({ message: 'Statement is not finished', range: { start: last.start, end: last.end } });
      }
      this.finish();
      return;
    }
    const nextContinues = next !== undefined && next.kind === 'punct' && LEADING_CONTINUATION.has(next.text);
    if (lastContinues || nextContinues || this.opens.length > 0) {
      return;
    }
    this.finish();
  }

  /** Block keywords; returns true when the token was consumed. */
  private keyword(token: GemfileToken): boolean {
    if (token.kind !== 'ident' || this.followsDot()) {
      return false;
    }
    switch (token.text) {
      case 'do':
        if (this.loopHeader) {
          this.loopHeader = false;
          this.finish();
        } else {
          this.openBlock(token, false);
        }
        return true;
      case 'end':
        this.finish();
        this.closeBlock(token, false);
        return true;
      case 'then':
      case 'else':
      case 'ensure':
        this.finish();
        return true;
      case 'elsif':
      case 'when':
        this.finish();
        return false;
      default:
        break;
    }
    if (CONDITIONALS.has(token.text) && this.startsExpression()) {
      this.push(token);
      this.loopHeader = token.text === 'while' || token.text === 'until';
    } else if (ALWAYS_OPENS.has(token.text)) {
      this.push(token);
      this.loopHeader = token.text === 'for';
    }
    return false;
  }

  private bracket(token: GemfileToken): boolean {
    if (token.kind !== 'punct') {
      return false;
    }
    switch (token.text) {
      case '(':
      case '[':
        this.opens.push(token);
        return false;
      case ')':
      case ']':
        this.opens.pop();
        return false;
      case '{':
        if (this.isBlockBrace()) {
          this.openBlock(token, true);
          return true;
        }
        this.opens.push(token);
        return false;
      case '}': {
        if (this.opens.length === 0 && this.stack[this.stack.length - 1]?.brace === true) {
          this.finish();
          this.closeBlock(token, true);
          return true;
        }
        this.opens.pop();
        return false;
      }
      default:
        return false;
    }
  }

  /** `foo {` and `foo(…) {` pass a block; after `=`, `,`, `(` or `=>` a brace is a hash. */
  private isBlockBrace(): boolean {
    const last = this.statement[this.statement.length - 1];
    if (last === undefined) {
      return false;
    }
    if (last.kind === 'punct') {
      return last.text === ')';
    }
    return last.kind === 'ident' && !CONDITIONALS.has(last.text) && !MODIFIERS.has(last.text);
  }

  private followsDot(): boolean {
    const last = this.statement[this.statement.length - 1];
    return last !== undefined && last.kind === 'punct' && (last.text === '.' || last.text === '&.' || last.text === '::');
  }

  /** `if` opens a block only where an expression starts; elsewhere it is a modifier (`gem "x" if y`). */
  private startsExpression(): boolean {
    if (this.afterBlockEnd) {
      return false;
    }
    const last = this.statement[this.statement.length - 1];
    return last === undefined || (last.kind === 'punct' && ['=', '(', ',', '[', '=>', '||', '&&', '||=', '&&='].includes(last.text));
  }

  private openBlock(token: GemfileToken, brace: boolean): void {
    const header = this.statement;
    this.finish();
    const head = header[0];
    const args = head !== undefined && head.kind === 'ident' ? splitArgs(header, 1) : null;
    const outer = this.top();
    if (args !== null && head.text === 'group') {
      const groups = unique([...outer.groups, ...groupNames(args.positional)]);
      this.stack.push({ ...outer, groups, brace, open: rangeOf(token) });
    } else if (args !== null && SOURCE_OPTIONS.has(head.text) && args.positional.length > 0) {
      const source = sourceOption(this.text, head.text, args.positional[0]) ?? outer.source;
      this.stack.push({ ...outer, brace, open: rangeOf(token), ...(source ? { source } : {}) });
    } else {
      this.push(token, brace);
    }
  }

  private push(token: GemfileToken, brace = false): void {
    this.stack.push({ ...this.top(), brace, open: rangeOf(token) });
  }

  /** The innermost block, or the file level. */
  private top(): Pick<Frame, 'groups' | 'source'> {
    return this.stack[this.stack.length - 1] ?? { groups: [] };
  }

  private closeBlock(token: GemfileToken, brace: boolean): void {
    this.afterBlockEnd = true;
    const top = this.stack[this.stack.length - 1];
    if (top === undefined || top.brace !== brace) {
      this.problems.push({ message: brace ? 'Unexpected `}`' : 'Unexpected `end`', range: rangeOf(token) });
      return;
    }
    this.stack.pop();
  }

  /** Ends the current statement; a `gem` call is read with the blocks open at this point. */
  private finish(): void {
    const statement = this.statement;
    if (this.opens.length > 0) {
      const open = this.opens[0];
      this.problems.push({ message: `\`${open.text}\` is not closed`, range: rangeOf(open) });
    }
    this.statement = [];
    this.opens = [];
    const head = statement[0];
    if (head !== undefined && head.kind === 'ident' && head.text === 'gem') {
      this.gem(statement);
    }
  }

  private gem(statement: readonly GemfileToken[]): void {
    const args = splitArgs(statement, 1);
    const nameToken = args.positional[0];
    if (nameToken === undefined || !isStringLiteral(nameToken) || nameToken[0].text.length === 0) {
      return;
    }
    const name = nameToken[0];
    // Only literal strings are requirements; `gem "rack", rack_version` has no spec we can read.
    const requirements = args.positional.slice(1).filter(isStringLiteral).map((arg) => arg[0]);
    const first = requirements[0];
    const last = requirements[requirements.length - 1];

    const groups = [...this.top().groups];
    let source = this.top().source;
    for (const [key, value] of args.options) {
      if (key === 'group' || key === 'groups') {
        groups.push(...groupNames([value]));
      } else if (SOURCE_OPTIONS.has(key)) {
        source = sourceOption(this.text, key, value) ?? source;
      }
    }
    const section = unique(groups).join(', ');
    this.dependencies.push({
      ecosystem: 'rubygems',
      name: name.text,
      spec: first === undefined ? null : requirements.map((requirement) => requirement.text).join(', '),
      specRange: first === undefined ? null : { start: first.contentStart, end: last.contentEnd },
      section: section.length > 0 ? section : 'default',
      nameRange: { start: name.contentStart, end: name.contentEnd },
      ...(source ? { source } : {}),
    });
  }
}

interface Arguments {
  readonly positional: readonly (readonly GemfileToken[])[];
  /** `key: value`, `:key => value` and `"key" => value`, in order. */
  readonly options: readonly (readonly [string, readonly GemfileToken[]])[];
}

/**
 * Splits call arguments at top-level commas, after an optional `(`; stops at the closing `)` or a
 * modifier keyword, so `gem "x" if ENV["Y"]` has one argument.
 */
function splitArgs(tokens: readonly GemfileToken[], from: number): Arguments {
  const positional: GemfileToken[][] = [];
  const options: [string, GemfileToken[]][] = [];
  const parenthesised = tokens[from]?.kind === 'punct' && tokens[from].text === '(';
  let depth = 0;
  let current: GemfileToken[] = [];
  const flush = (): void => {
    if (current.length > 0) {
      addArgument(current, positional, options);
    }
    current = [];
  };
  for (let index = parenthesised ? from + 1 : from; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.kind === 'punct' && ['(', '[', '{'].includes(token.text)) {
      depth++;
    } else if (token.kind === 'punct' && [')', ']', '}'].includes(token.text)) {
      if (depth === 0) {
        break;
      }
      depth--;
    } else if (depth === 0 && token.kind === 'punct' && token.text === ',') {
      flush();
      continue;
    } else if (depth === 0 && token.kind === 'ident' && MODIFIERS.has(token.text)) {
      break;
    }
    current.push(token);
  }
  flush();
  return { positional, options };
}

function addArgument(argument: GemfileToken[], positional: GemfileToken[][], options: [string, GemfileToken[]][]): void {
  const first = argument[0];
  if (first.kind === 'label') {
    options.push([first.text, argument.slice(1)]);
    return;
  }
  const rocket = argument.findIndex((token) => token.kind === 'punct' && token.text === '=>');
  if (rocket === 1 && (first.kind === 'symbol' || first.kind === 'string')) {
    options.push([first.text, argument.slice(2)]);
  } else if (rocket === -1 && options.length === 0) {
    positional.push(argument);
  }
}

function isStringLiteral(argument: readonly GemfileToken[]): boolean {
  return argument.length === 1 && argument[0].kind === 'string';
}

/** Symbols, strings, arrays of them and `%w[]`/`%i[]` words. */
function groupNames(values: readonly (readonly GemfileToken[])[]): string[] {
  const names: string[] = [];
  for (const value of values) {
    for (const token of value) {
      if (token.kind === 'symbol' || token.kind === 'string') {
        names.push(token.text);
      } else if (token.kind === 'words') {
        names.push(...(token.words ?? []).map((word) => word.text));
      }
    }
  }
  return names.filter((name) => name.length > 0);
}

/**
 * `git:`/`path:` keep their value as written; the `github:`-style shorthands are expanded the way
 * Bundler expands them, since `owner/repo` alone would not say where the code lives.
 */
function sourceOption(text: string, key: string, value: readonly GemfileToken[]): DependencySource | undefined {
  if (value.length === 0) {
    return undefined;
  }
  const literal = isStringLiteral(value) ? value[0].text : null;
  const written = literal ?? text.slice(value[0].start, value[value.length - 1].end);
  if (key === 'path') {
    return { kind: 'path', value: written };
  }
  if (literal === null || key === 'git') {
    return { kind: 'git', value: written };
  }
  const repository = key === 'gist' || literal.includes('/') ? literal : `${literal}/${literal}`;
  const host = key === 'github' ? 'https://github.com/' : key === 'gist' ? 'https://gist.github.com/' : 'https://bitbucket.org/';
  return { kind: 'git', value: `${host}${repository}.git` };
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

function rangeOf(token: GemfileToken): TextRange {
  return { start: token.start, end: token.end };
}
