import { parsePep508, urlSource } from './pep508';
import { manifestResult } from './result';
import type { ManifestDependency, ManifestParser, ParseProblem, TextRange } from './types';

/**
 * pip requirements files: one requirement per logical line, `\` joins lines, `#` after whitespace
 * starts a comment, lines starting with `-` are options, and VCS/URL lines name their package by `#egg=`.
 */
export const parseRequirements: ManifestParser = (text) => {
  const dependencies: ManifestDependency[] = [];
  const problems: ParseProblem[] = [];
  for (const line of logicalLines(text)) {
    const parsed = parseLine(line);
    if (parsed.dependency) {
      dependencies.push(parsed.dependency);
    }
    problems.push(...parsed.problems);
  }
  return manifestResult('requirements', text, dependencies, problems);
};

/** A logical line after joining `\` continuations; `map` turns its indexes back into offsets in the file. */
interface LogicalLine {
  readonly text: string;
  readonly segments: readonly Segment[];
}

interface Segment {
  readonly logicalStart: number;
  readonly offset: number;
}

interface LineResult {
  readonly dependency?: ManifestDependency;
  readonly problems: readonly ParseProblem[];
}

/**
 * Joins continuation lines the way pip does: a line ending in `\` continues unless it holds a comment,
 * so a commented line never swallows the requirement below it. Comments are cut after joining.
 */
function* logicalLines(text: string): Generator<LogicalLine> {
  let parts = '';
  let segments: Segment[] = [];
  let position = 0;
  while (position < text.length) {
    const lineEnd = endOfLine(text, position);
    const line = text.slice(position, lineEnd);
    const continues = line.endsWith('\\') && commentStart(line) === -1;
    segments.push({ logicalStart: parts.length, offset: position });
    parts += continues ? line.slice(0, -1) : line;
    if (!continues) {
      yield withoutComment({ text: parts, segments });
      parts = '';
      segments = [];
    }
    position = nextLineStart(text, lineEnd);
  }
  // A continuation at end of file still ends the requirement the user is typing.
  if (segments.length > 0) {
    yield withoutComment({ text: parts, segments });
  }
}

function endOfLine(text: string, from: number): number {
  let index = from;
  while (index < text.length && text.charCodeAt(index) !== 10 && text.charCodeAt(index) !== 13) {
    index++;
  }
  return index;
}

function nextLineStart(text: string, lineEnd: number): number {
  if (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10) {
    return lineEnd + 2;
  }
  return lineEnd + 1;
}

/** pip's comment rule: `#` at the start of the line or after whitespace, so `#egg=` in a URL is not one. */
function commentStart(line: string): number {
  for (let index = 0; index < line.length; index++) {
    if (line.charAt(index) === '#' && (index === 0 || isSpace(line.charAt(index - 1)))) {
      return index;
    }
  }
  return -1;
}

function withoutComment(line: LogicalLine): LogicalLine {
  const comment = commentStart(line.text);
  return comment === -1 ? line : { text: line.text.slice(0, comment), segments: line.segments };
}

function toOffset(line: LogicalLine, index: number): number {
  let segment = line.segments[0];
  for (const candidate of line.segments) {
    if (candidate.logicalStart > index) {
      break;
    }
    segment = candidate;
  }
  return segment.offset + index - segment.logicalStart;
}

/** Maps the end through its last character, so a range ending at a line join does not swallow the `\`. */
function toRange(line: LogicalLine, range: TextRange): TextRange {
  const start = toOffset(line, range.start);
  const end = range.end > range.start ? toOffset(line, range.end - 1) + 1 : start;
  return { start, end };
}

function parseLine(line: LogicalLine): LineResult {
  const start = skipSpace(line.text, 0);
  if (start >= line.text.length) {
    return { problems: [] };
  }
  const editable = editableValueStart(line.text, start);
  if (editable !== -1) {
    return parseUrlLine(line, skipSpace(line.text, editable));
  }
  if (line.text.charAt(start) === '-') {
    // -r, -c, -i, --index-url, --hash and every other option: not a dependency.
    return { problems: [] };
  }
  if (looksLikeUrlOrPath(line.text.slice(start, tokenEnd(line.text, start)))) {
    return parseUrlLine(line, start);
  }
  return parseRequirementLine(line, start);
}

/** Index where the value of `-e`/`--editable` starts, or -1 when the line is not an editable install. */
function editableValueStart(text: string, start: number): number {
  if (text.startsWith('--editable', start)) {
    const after = start + '--editable'.length;
    const next = text.charAt(after);
    if (next === '=') {
      return after + 1;
    }
    return next === '' || isSpace(next) ? after : -1;
  }
  if (text.startsWith('-e', start)) {
    return start + 2;
  }
  return -1;
}

function parseRequirementLine(line: LogicalLine, start: number): LineResult {
  const end = optionsStart(line.text, start);
  const parsed = parsePep508(line.text.slice(start, end), start);
  const problems = parsed.problems.map((problem) => ({ ...problem, range: toRange(line, problem.range) }));
  const requirement = parsed.requirement;
  if (requirement === null) {
    return { problems };
  }
  const dependency: ManifestDependency = {
    ...base(requirement.name, toRange(line, requirement.nameRange)),
    spec: requirement.spec,
    specRange: requirement.specRange ? toRange(line, requirement.specRange) : null,
    ...(requirement.extras.length > 0 ? { extras: requirement.extras } : {}),
    ...(requirement.markers !== null ? { markers: requirement.markers } : {}),
    ...(requirement.url !== null ? { source: urlSource(requirement.url) } : {}),
  };
  return { dependency, problems };
}

/** VCS URLs, archives and local paths: the package is only known from an `#egg=` fragment. */
function parseUrlLine(line: LogicalLine, start: number): LineResult {
  const end = tokenEnd(line.text, start);
  if (end === start) {
    return { problems: [{ message: 'Expected a path or URL after `-e`', range: toRange(line, { start, end: start }) }] };
  }
  const url = line.text.slice(start, end);
  const egg = eggName(url);
  if (egg === null) {
    return { problems: [] };
  }
  const markers = urlMarkers(line.text, end);
  const dependency: ManifestDependency = {
    ...base(egg.name, toRange(line, { start: start + egg.start, end: start + egg.start + egg.name.length })),
    spec: null,
    specRange: null,
    ...(markers !== null ? { markers } : {}),
    source: urlSource(url),
  };
  return { dependency, problems: [] };
}

function base(name: string, nameRange: TextRange): Pick<ManifestDependency, 'ecosystem' | 'name' | 'section' | 'nameRange'> {
  return { ecosystem: 'pypi', name, section: 'requirements', nameRange };
}

/** `egg=name` in the URL fragment; a pinned `egg=name==1.0` still names `name`. */
function eggName(url: string): { name: string; start: number } | null {
  const hash = url.indexOf('#');
  if (hash === -1) {
    return null;
  }
  let paramStart = hash + 1;
  while (paramStart <= url.length) {
    const ampersand = url.indexOf('&', paramStart);
    const paramEnd = ampersand === -1 ? url.length : ampersand;
    if (url.startsWith('egg=', paramStart)) {
      const nameStart = paramStart + 4;
      let nameEnd = nameStart;
      while (nameEnd < paramEnd && isNameChar(url.charAt(nameEnd))) {
        nameEnd++;
      }
      return nameEnd > nameStart ? { name: url.slice(nameStart, nameEnd), start: nameStart } : null;
    }
    paramStart = paramEnd + 1;
  }
  return null;
}

/** Markers after a bare URL (`./pkg.whl ; sys_platform == "win32"`) still apply to it. */
function urlMarkers(text: string, urlEnd: number): string | null {
  const semicolon = skipSpace(text, urlEnd);
  if (text.charAt(semicolon) !== ';') {
    return null;
  }
  const markers = text.slice(semicolon + 1, optionsStart(text, semicolon + 1)).trim();
  return markers.length > 0 ? markers : null;
}

/**
 * A first token that is a path or URL rather than a PEP 508 name. `name @ url` and `name@url` start
 * with a name followed by `@`, so they never match here.
 */
function looksLikeUrlOrPath(token: string): boolean {
  if (/^[./~\\$]/.test(token) || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(token)) {
    return true;
  }
  const requirementChar = token.search(/[;<>=!~[(@]/);
  const head = requirementChar === -1 ? token : token.slice(0, requirementChar);
  return /[/\\]/.test(head) || /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar)$/i.test(head);
}

/**
 * Where per-requirement options (`--hash=…`, `--config-settings …`) begin: like pip, the first
 * whitespace-separated token starting with `-`. Quoted marker values may contain ` -` and are skipped.
 */
function optionsStart(text: string, from: number): number {
  let quote = '';
  for (let index = from; index < text.length; index++) {
    const char = text.charAt(index);
    if (quote !== '') {
      quote = char === quote ? '' : quote;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '-' && index > from && isSpace(text.charAt(index - 1))) {
      return index;
    }
  }
  return text.length;
}

function tokenEnd(text: string, from: number): number {
  let index = from;
  while (index < text.length && !isSpace(text.charAt(index))) {
    index++;
  }
  return index;
}

function skipSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && isSpace(text.charAt(index))) {
    index++;
  }
  return index;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\f' || char === '\v';
}

function isNameChar(char: string): boolean {
  return /^[A-Za-z0-9._-]$/.test(char);
}
