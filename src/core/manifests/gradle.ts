import { lexGradle, type GradleStringToken, type GradleToken } from './gradleLexer';
import {
  gradleResolver,
  isDottedName,
  recordVariable,
  resolveReference,
  type GradleResolver,
  type GradleStringValue,
  type GradleVariables,
} from './gradleVariables';
import { manifestResult } from './result';
import type { ManifestDependency, ManifestParser, ParseProblem, TextRange } from './types';

/**
 * Dependency declarations in build.gradle and build.gradle.kts. Only what is written literally
 * counts: string and map notation, optionally wrapped in `platform(…)`, `enforcedPlatform(…)` or
 * `testFixtures(…)`. Project, file and version-catalog dependencies are not registry packages
 * this file names, so they are passed over.
 */

/** A `{ … }` block being read. */
interface Frame {
  readonly name: string | null;
  readonly open: GradleToken;
  /** The section declarations in this block belong to; null outside `dependencies { }`. */
  readonly section: string | null;
  /** Inherited from enclosing blocks, so nesting depth never costs a walk up the stack. */
  readonly inPlugins: boolean;
  readonly inBuildscript: boolean;
}

/** The version of a declaration, before variables (which may come later in the file) are known. */
type VersionSource =
  | { readonly kind: 'string'; readonly token: GradleStringToken; readonly range: TextRange }
  | { readonly kind: 'reference'; readonly path: string }
  | { readonly kind: 'expression' };

interface DeclarationDraft {
  readonly name: string;
  readonly nameRange: TextRange;
  readonly spec: string | null;
  readonly specRange: TextRange | null;
  readonly versionSource: VersionSource | null;
  readonly section: string;
  readonly configuration: string;
}

interface Reader {
  readonly text: string;
  readonly tokens: readonly GradleToken[];
  readonly problems: ParseProblem[];
  readonly variables: GradleVariables;
  readonly drafts: DeclarationDraft[];
  /** For each `)`, the index of its `(`; how `foo(…) {` gets its block name. */
  readonly openParenOf: Map<number, number>;
}

interface Argument {
  readonly kind: 'string' | 'named' | 'skipped';
  readonly string?: GradleStringToken;
  readonly key?: string;
  readonly valueStart?: number;
  readonly valueEnd?: number;
}

const WRAPPERS = new Set(['platform', 'enforcedPlatform', 'testFixtures']);
/** Words that start a statement but never name a configuration. */
const KEYWORDS = new Set(['if', 'else', 'for', 'while', 'return', 'def', 'val', 'var', 'new', 'throw', 'in', 'is', 'as', 'import', 'apply']);
const STATEMENT_END = new Set(['newline', '}', ';', '{']);

export const parseGradle: ManifestParser = (text) => {
  const { tokens, problems } = lexGradle(text);
  const reader: Reader = { text, tokens, problems, variables: new Map(), drafts: [], openParenOf: matchParens(tokens) };
  readBlocks(reader);
  const resolver = gradleResolver(reader.variables);
  const dependencies = reader.drafts.map((draft) => toDependency(reader, draft, resolver));
  return manifestResult('gradle', text, dependencies, problems);
};

/** Pairs parentheses within each brace block, so a missing `)` cannot pair across blocks. */
function matchParens(tokens: readonly GradleToken[]): Map<number, number> {
  const openParenOf = new Map<number, number>();
  const stacks: number[][] = [[]];
  tokens.forEach((token, index) => {
    const stack = stacks[stacks.length - 1];
    if (token.kind !== 'punct') {
      return;
    }
    if (token.text === '(') {
      stack.push(index);
    } else if (token.text === ')' && stack.length > 0) {
      openParenOf.set(index, stack.pop() as number);
    } else if (token.text === '{') {
      stacks.push([]);
    } else if (token.text === '}' && stacks.length > 1) {
      stacks.pop();
    }
  });
  return openParenOf;
}

function readBlocks(reader: Reader): void {
  const { tokens } = reader;
  const frames: Frame[] = [];
  // The `{` of a closure configuring a declaration (`{ exclude … }`): not a place for more.
  let declarationClosure = -1;
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    if (isPunct(token, '{')) {
      frames.push(openFrame(reader, frames, index, index === declarationClosure));
      index++;
    } else if (isPunct(token, '}')) {
      if (!frames.pop()) {
        reader.problems.push({ message: "Gradle: '}' without a matching '{'", range: token });
      }
      index++;
    } else if (token.kind === 'ident' && isStatementStart(tokens, index)) {
      recordAssignment(reader, frames, index);
      const section = frames.length > 0 ? frames[frames.length - 1].section : null;
      const next = section !== null ? readDeclaration(reader, index, section) : null;
      if (next === null) {
        index++;
      } else {
        declarationClosure = isPunct(tokens[next], '{') ? next : -1;
        index = next;
      }
    } else {
      if (token.kind === 'ident') {
        recordAssignment(reader, frames, index);
      }
      index++;
    }
  }
  for (const frame of frames) {
    reader.problems.push({ message: "Gradle: '{' is not closed", range: frame.open });
  }
}

function openFrame(reader: Reader, frames: readonly Frame[], index: number, isDeclarationClosure: boolean): Frame {
  const name = blockName(reader, index);
  const open = reader.tokens[index];
  const parent = frames.length > 0 ? frames[frames.length - 1] : null;
  const inPlugins = name === 'plugins' || (parent?.inPlugins ?? false);
  const inBuildscript = name === 'buildscript' || (parent?.inBuildscript ?? false);
  const frame = { name, open, inPlugins, inBuildscript };
  if (isDeclarationClosure || inPlugins) {
    return { ...frame, section: null };
  }
  if (name === 'dependencies') {
    return { ...frame, section: inBuildscript ? 'buildscript.dependencies' : 'dependencies' };
  }
  if (parent?.section && name === 'constraints') {
    return { ...frame, section: `${parent.section}.constraints` };
  }
  // Blocks inside `dependencies { }` (an `if`, a loop) still declare dependencies.
  return { ...frame, section: parent?.section ?? null };
}

/** The identifier a `{` belongs to: `dependencies {`, `project(':a') {`, `tasks.named('x').configure {`. */
function blockName(reader: Reader, braceIndex: number): string | null {
  const { tokens } = reader;
  let index = braceIndex - 1;
  while (index >= 0 && tokens[index].kind === 'newline') {
    index--;
  }
  const openParen = reader.openParenOf.get(index);
  if (openParen !== undefined) {
    index = openParen - 1;
  }
  const token = tokens[index];
  return token?.kind === 'ident' ? token.text : null;
}

function isStatementStart(tokens: readonly GradleToken[], index: number): boolean {
  const previous = tokens[index - 1];
  if (previous === undefined || previous.kind === 'newline') {
    return true;
  }
  return previous.kind === 'punct' && (previous.text === '{' || previous.text === '}' || previous.text === ';');
}

function isPunct(token: GradleToken | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

function isStatementEnd(token: GradleToken | undefined): boolean {
  return token === undefined || STATEMENT_END.has(token.kind === 'punct' ? token.text : token.kind);
}

/**
 * Records `def x = "…"`, `val x = "…"`, `String x = "…"`, `ext.x = "…"`, `ext["x"] = "…"`,
 * `val x by extra("…")`, `x = "…"` inside `ext { }`, and the project's own `version = "…"`.
 */
function recordAssignment(reader: Reader, frames: readonly Frame[], index: number): void {
  const { tokens, variables } = reader;
  const token = tokens[index];
  if (token.kind !== 'ident') {
    return;
  }
  const at = (offset: number): GradleToken | undefined => tokens[index + offset];
  const identAt = (offset: number): string | null => {
    const candidate = at(offset);
    return candidate?.kind === 'ident' ? candidate.text : null;
  };
  const record = (name: string | null, valueIndex: number): void => {
    if (name !== null) {
      recordVariable(variables, name, assignedValue(reader, valueIndex));
    }
  };
  const word = token.text;
  const frameName = frames.length > 0 ? frames[frames.length - 1].name : null;

  if ((word === 'def' || word === 'val' || word === 'var' || word === 'String') && isPunct(at(2), '=')) {
    record(identAt(1), index + 3);
  } else if ((word === 'val' || word === 'var') && isPunct(at(2), ':') && isPunct(at(4), '=')) {
    record(identAt(1), index + 5);
  } else if (word === 'val' && identAt(2) === 'by' && identAt(3) === 'extra' && isPunct(at(4), '(') && isPunct(at(6), ')')) {
    record(identAt(1), index + 5);
  } else if ((word === 'ext' || word === 'extra') && isPunct(at(1), '.') && isPunct(at(3), '=')) {
    record(identAt(2), index + 4);
  } else if ((word === 'ext' || word === 'extra') && isPunct(at(1), '[') && isPunct(at(3), ']') && isPunct(at(4), '=')) {
    const key = at(2);
    record(key?.kind === 'string' ? reader.text.slice(key.contentStart, key.contentEnd) : null, index + 5);
  } else if (isPunct(at(1), '=') && isStatementStart(tokens, index)) {
    const projectProperty = frames.length === 0 && (word === 'version' || word === 'group');
    if (frameName === 'ext' || projectProperty) {
      record(word, index + 2);
    }
  }
}

/** The string assigned at `valueIndex`, or null when the value is anything more than one string. */
function assignedValue(reader: Reader, valueIndex: number): GradleStringValue | null {
  const token = reader.tokens[valueIndex];
  if (token?.kind !== 'string') {
    return null;
  }
  const after = reader.tokens[valueIndex + 1];
  if (!isStatementEnd(after) && !isPunct(after, ')')) {
    return null;
  }
  return { raw: reader.text.slice(token.contentStart, token.contentEnd), interpolating: token.interpolating };
}

/**
 * Reads `configuration <arguments>` or `configuration(<arguments>)` starting at `index`.
 * Returns the index after the declaration, or null when this is not one.
 */
function readDeclaration(reader: Reader, index: number, section: string): number | null {
  const { tokens } = reader;
  const configuration = tokens[index];
  if (configuration.kind !== 'ident' || KEYWORDS.has(configuration.text)) {
    return null;
  }
  const parenthesised = isPunct(tokens[index + 1], '(');
  if (!parenthesised && !startsArgument(tokens, index + 1)) {
    return null;
  }
  const { args, next } = readArguments(reader, index + (parenthesised ? 2 : 1), parenthesised);
  const named = namedConfiguration(reader, configuration.text, args);
  addDeclarations(reader, named.args, named.configuration, section);
  return next;
}

/** `add("implementation", "g:a:1")` names its configuration in its first argument. */
function namedConfiguration(
  reader: Reader,
  configuration: string,
  args: readonly Argument[],
): { configuration: string; args: readonly Argument[] } {
  const first = args[0]?.string;
  if (configuration !== 'add' || !first) {
    return { configuration, args };
  }
  const name = reader.text.slice(first.contentStart, first.contentEnd);
  return name.includes(':') ? { configuration, args } : { configuration: name, args: args.slice(1) };
}

/** Command syntax (`implementation 'g:a:1'`) needs a string, a map key or a wrapper call next. */
function startsArgument(tokens: readonly GradleToken[], index: number): boolean {
  const token = tokens[index];
  const next = tokens[index + 1];
  if (token?.kind === 'string') {
    return true;
  }
  return token?.kind === 'ident' && (isPunct(next, ':') || (WRAPPERS.has(token.text) && isPunct(next, '(')));
}

/**
 * Reads comma-separated arguments from `start`. Inside parentheses newlines are spaces; in
 * command syntax a newline ends the list unless a comma leaves it open. Stops at any brace,
 * so a half-typed declaration never takes the block structure with it.
 */
function readArguments(reader: Reader, start: number, parenthesised: boolean): { args: Argument[]; next: number } {
  const { tokens } = reader;
  const args: Argument[] = [];
  let index = start;
  const skipNewlines = (): void => {
    while (tokens[index]?.kind === 'newline') {
      index++;
    }
  };
  for (;;) {
    if (parenthesised) {
      skipNewlines();
    }
    if (parenthesised && isPunct(tokens[index], ')')) {
      return { args, next: index + 1 };
    }
    const argument = readArgument(reader, index);
    if (argument === null) {
      return { args, next: index };
    }
    args.push(argument.arg);
    index = argument.next;
    if (!isPunct(tokens[index], ',')) {
      if (parenthesised && isPunct(tokens[index], ')')) {
        return { args, next: index + 1 };
      }
      return { args, next: index };
    }
    index++;
    skipNewlines();
  }
}

function readArgument(reader: Reader, index: number): { arg: Argument; next: number } | null {
  const { tokens } = reader;
  const token = tokens[index];
  if (token === undefined || isStatementEnd(token) || isPunct(token, ')')) {
    return null;
  }
  const next = tokens[index + 1];
  if ((token.kind === 'ident' || token.kind === 'string') && (isPunct(next, ':') || isPunct(next, '='))) {
    const key = token.kind === 'ident' ? token.text : reader.text.slice(token.contentStart, token.contentEnd);
    const valueEnd = expressionEnd(tokens, index + 2);
    return { arg: { kind: 'named', key, valueStart: index + 2, valueEnd }, next: valueEnd };
  }
  if (token.kind === 'string' && !continuesExpression(reader, next)) {
    return { arg: { kind: 'string', string: token }, next: expressionEnd(tokens, index) };
  }
  if (token.kind === 'ident' && WRAPPERS.has(token.text) && isPunct(next, '(')) {
    const inner = tokens[index + 2];
    const end = expressionEnd(tokens, index);
    if (inner?.kind === 'string' && isPunct(tokens[index + 3], ')') && end === index + 4) {
      return { arg: { kind: 'string', string: inner }, next: end };
    }
    return { arg: { kind: 'skipped' }, next: end };
  }
  return { arg: { kind: 'skipped' }, next: expressionEnd(tokens, index) };
}

/**
 * Whether the token after a string makes it part of a larger expression (`"g:a:" + v`,
 * `"…".toString()`); anything else after it is taken for half-typed text.
 */
function continuesExpression(reader: Reader, token: GradleToken | undefined): boolean {
  if (token === undefined) {
    return false;
  }
  if (token.kind === 'punct') {
    return token.text === '.' || token.text === '[';
  }
  return token.kind === 'other' && (reader.text[token.start] === '+' || reader.text[token.start] === '?');
}

/** The index after the expression at `start`: up to a `,`, `)` or the statement's end, outside brackets. */
function expressionEnd(tokens: readonly GradleToken[], start: number): number {
  let depth = 0;
  let index = start;
  for (; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.kind === 'newline' && depth > 0) {
      continue;
    }
    if (isPunct(token, '{') || isPunct(token, '}') || (depth === 0 && (isStatementEnd(token) || isPunct(token, ',')))) {
      break;
    }
    if (isPunct(token, '(') || isPunct(token, '[')) {
      depth++;
    } else if (isPunct(token, ')') || isPunct(token, ']')) {
      if (depth === 0) {
        break;
      }
      depth--;
    }
  }
  return index;
}

function addDeclarations(reader: Reader, args: readonly Argument[], configuration: string, section: string): void {
  const named = new Map<string, Argument>();
  for (const arg of args) {
    if (arg.kind === 'string' && arg.string) {
      const draft = stringNotation(reader, arg.string, configuration, section);
      if (draft) {
        reader.drafts.push(draft);
      }
    } else if (arg.kind === 'named' && arg.key !== undefined && !named.has(arg.key)) {
      named.set(arg.key, arg);
    }
  }
  if (named.has('name')) {
    const draft = mapNotation(reader, named, configuration, section);
    if (draft) {
      reader.drafts.push(draft);
    }
  }
}

/** `group:name[:version[:classifier]][@extension]`, with ranges inside the string. */
function stringNotation(reader: Reader, token: GradleStringToken, configuration: string, section: string): DeclarationDraft | null {
  const { text } = reader;
  const parts = coordinateParts(text, token.contentStart, token.contentEnd);
  const [group, artifact, version] = parts;
  if (parts.length < 2 || artifact.start === artifact.end) {
    // An unterminated string is already reported, and is most likely still being typed.
    if (token.end === token.contentEnd) {
      return null;
    }
    reader.problems.push({
      message: 'Gradle: expected group:name[:version] dependency notation',
      range: { start: token.start, end: token.end },
    });
    return null;
  }
  const versionRange = version ? trimRange(text, version) : null;
  const hasVersion = versionRange !== null && versionRange.start < versionRange.end;
  return {
    name: text.slice(group.start, artifact.end),
    nameRange: { start: group.start, end: artifact.end },
    spec: hasVersion ? text.slice(versionRange.start, versionRange.end) : null,
    specRange: hasVersion ? versionRange : null,
    versionSource: hasVersion ? { kind: 'string', token, range: versionRange } : null,
    section,
    configuration,
  };
}

/**
 * Splits string notation at its colons, leaving `${…}` (which may hold a `?:`) whole and
 * dropping an `@extension` suffix.
 */
function coordinateParts(text: string, start: number, end: number): TextRange[] {
  const parts: TextRange[] = [];
  let partStart = start;
  let index = start;
  while (index < end) {
    const char = text[index];
    if (char === '$' && text[index + 1] === '{') {
      const close = text.indexOf('}', index + 2);
      index = close < 0 || close >= end ? end : close + 1;
    } else if (char === ':') {
      parts.push({ start: partStart, end: index });
      partStart = index + 1;
      index++;
    } else if (char === '@') {
      break;
    } else {
      index++;
    }
  }
  parts.push({ start: partStart, end: index });
  return parts;
}

/** `group: 'g', name: 'a', version: 'v'` (Groovy) or `group = "g", name = "a", version = "v"` (Kotlin). */
function mapNotation(
  reader: Reader,
  named: ReadonlyMap<string, Argument>,
  configuration: string,
  section: string,
): DeclarationDraft | null {
  const nameValue = stringValue(reader, named.get('name'));
  if (!nameValue || nameValue.contentStart === nameValue.contentEnd) {
    return null;
  }
  const { text } = reader;
  const artifact = text.slice(nameValue.contentStart, nameValue.contentEnd);
  const groupArgument = named.get('group');
  const groupString = stringValue(reader, groupArgument);
  const group = groupString ? text.slice(groupString.contentStart, groupString.contentEnd) : expressionText(reader, groupArgument);
  const version = mapVersion(reader, named.get('version'));
  return {
    name: group ? `${group}:${artifact}` : artifact,
    nameRange: { start: nameValue.contentStart, end: nameValue.contentEnd },
    spec: version ? version.spec : null,
    specRange: version ? version.range : null,
    versionSource: version ? version.source : null,
    section,
    configuration,
  };
}

function mapVersion(reader: Reader, arg: Argument | undefined): { spec: string; range: TextRange; source: VersionSource } | null {
  const string = stringValue(reader, arg);
  const { text, tokens } = reader;
  if (string) {
    const range = trimRange(text, { start: string.contentStart, end: string.contentEnd });
    return range.start < range.end ? { spec: text.slice(range.start, range.end), range, source: { kind: 'string', token: string, range } } : null;
  }
  if (!arg || arg.valueStart === undefined || arg.valueEnd === undefined || arg.valueStart >= arg.valueEnd) {
    return null;
  }
  const range = { start: tokens[arg.valueStart].start, end: tokens[arg.valueEnd - 1].end };
  const spec = text.slice(range.start, range.end);
  return { spec, range, source: isDottedName(spec) ? { kind: 'reference', path: spec } : { kind: 'expression' } };
}

/** The value of a named argument when it is exactly one string literal. */
function stringValue(reader: Reader, arg: Argument | undefined): GradleStringToken | null {
  if (!arg || arg.valueStart === undefined || arg.valueEnd !== arg.valueStart + 1) {
    return null;
  }
  const token = reader.tokens[arg.valueStart];
  return token.kind === 'string' ? token : null;
}

function expressionText(reader: Reader, arg: Argument | undefined): string | null {
  if (!arg || arg.valueStart === undefined || arg.valueEnd === undefined || arg.valueStart >= arg.valueEnd) {
    return null;
  }
  return reader.text.slice(reader.tokens[arg.valueStart].start, reader.tokens[arg.valueEnd - 1].end);
}

function trimRange(text: string, range: TextRange): TextRange {
  let { start, end } = range;
  while (start < end && /\s/.test(text[start])) {
    start++;
  }
  while (end > start && /\s/.test(text[end - 1])) {
    end--;
  }
  return { start, end };
}

function toDependency(reader: Reader, draft: DeclarationDraft, resolver: GradleResolver): ManifestDependency {
  const version = resolveVersion(reader, draft.versionSource, resolver);
  return {
    ecosystem: 'maven',
    name: draft.name,
    spec: draft.spec,
    section: draft.section,
    nameRange: draft.nameRange,
    specRange: draft.specRange,
    ...(version !== undefined && version !== '' ? { version } : {}),
    scope: draft.configuration,
  };
}

function resolveVersion(reader: Reader, source: VersionSource | null, resolver: GradleResolver): string | undefined {
  if (source === null || source.kind === 'expression') {
    return undefined;
  }
  if (source.kind === 'reference') {
    return resolveReference(resolver, source.path);
  }
  return resolver({ raw: reader.text.slice(source.range.start, source.range.end), interpolating: source.token.interpolating });
}
