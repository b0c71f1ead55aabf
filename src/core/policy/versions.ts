import { Range, type SemVer, intersects, parse as parseSemver } from 'semver';
import type { Ecosystem } from '../manifests/types';
import { type NativeVersion, nativeToSemverText, parseNativeVersion } from './versionsNative';

/**
 * Versions and version requirements of every ecosystem, brought to npm-style semver so that the
 * feed's `versions` ranges and OSV ranges can be checked against them.
 *
 * Decisions (see also `versionsNative.ts`):
 * - Every range is built and tested with `includePrerelease: true`: a pre-release inside a
 *   range's bounds is inside the range (for a policy or a security notice, over-matching a
 *   beta is better than missing it).
 * - What semver cannot order (4th release parts, PEP 440 post releases and epochs) goes into
 *   build metadata and so compares equal to the base release in npm-style ranges.
 * - Go: a `require` version is taken as exactly that version. MVS may select a higher one when
 *   another module needs it, but since Go 1.17 the main module's go.mod lists the selected
 *   version of every module it builds with, so "exactly" is the better reading.
 * - Maven: a bare version is a soft requirement, resolved as that exact version; Gradle's
 *   `1.+` is a prefix range, `+` is any version, `1.2!!` is strictly 1.2; `latest.release`,
 *   `${property}` and anything with `$` are not ranges.
 * - PyPI: PEP 440 specifiers plus Poetry's `^`, `~`, `*` and bare versions (exact), since
 *   pyproject's `[tool.poetry]` tables use them; `<V` excludes V's pre-releases (PEP 440).
 * - Composer: `<V` excludes V's pre-releases too (Composer reads it as `<V-dev`).
 * - Unrecognised text is null (ranges) or false (checks); nothing here throws.
 */

export const RANGE_OPTIONS: { readonly includePrerelease: true } = { includePrerelease: true };

/** Specs longer than this are not requirements anybody wrote. */
const MAX_SPEC_LENGTH = 1024;
/** An `AND` of `OR`s (`!=` clauses) multiplies alternatives; beyond this the spec is refused. */
const MAX_ALTERNATIVES = 64;

/** A version of the ecosystem as semver (`v1.2` → `1.2.0`, `1.0a1` → `1.0.0-a.1`); null if it is not one. */
export function coerceVersion(version: string, ecosystem: Ecosystem): SemVer | null {
  const native = parseNativeVersion(version, ecosystem);
  if (native === null) {
    return null;
  }
  try {
    return parseSemver(nativeToSemverText(native));
  } catch {
    return null;
  }
}

/** Parses an npm-style range leniently about nothing and without ever throwing. */
export function safeRange(range: string): Range | null {
  if (typeof range !== 'string' || range.length > MAX_SPEC_LENGTH) {
    return null;
  }
  try {
    return new Range(range, RANGE_OPTIONS);
  } catch {
    return null;
  }
}

/** Does the version (as its ecosystem writes it) satisfy the feed's npm-style range? */
export function versionSatisfies(version: string, range: string, ecosystem: Ecosystem): boolean {
  const parsedVersion = coerceVersion(version, ecosystem);
  const parsedRange = safeRange(range);
  if (parsedVersion === null || parsedRange === null) {
    return false;
  }
  try {
    return parsedRange.test(parsedVersion);
  } catch {
    return false;
  }
}

/** Could a version allowed by the spec (as written in the ecosystem) lie inside the npm-style range? */
export function specIntersects(spec: string, range: string, ecosystem: Ecosystem): boolean {
  const specRange = specToRange(spec, ecosystem);
  const parsedRange = safeRange(range);
  return specRange !== null && parsedRange !== null && rangesIntersect(specRange, parsedRange);
}

/** `Range.intersects` with pre-releases included, false instead of an exception. */
export function rangesIntersect(a: Range, b: Range): boolean {
  try {
    return intersects(a, b, RANGE_OPTIONS);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Ranges as OR-of-ANDs of comparator strings, rendered to npm syntax at the end.

/** Alternatives (OR) of comparator sets (AND); `[[]]` is any version, `[]` is none. */
type Alternatives = readonly (readonly string[])[];

const ANY: Alternatives = [[]];

function both(a: Alternatives, b: Alternatives): Alternatives | null {
  if (a.length * b.length > MAX_ALTERNATIVES) {
    return null;
  }
  const result: string[][] = [];
  for (const left of a) {
    for (const right of b) {
      result.push([...left, ...right]);
    }
  }
  return result;
}

function allOf(parts: readonly Alternatives[]): Alternatives | null {
  let result: Alternatives | null = ANY;
  for (const part of parts) {
    result = result === null ? null : both(result, part);
  }
  return result;
}

function render(alternatives: Alternatives): Range | null {
  if (alternatives.length === 0) {
    return safeRange('<0.0.0-0');
  }
  return safeRange(alternatives.map((set) => (set.length === 0 ? '*' : set.join(' '))).join(' || '));
}

function single(...comparators: string[]): Alternatives {
  return [comparators];
}

/** The semver text of a parsed version, without build metadata (ranges ignore it anyway). */
function sv(version: NativeVersion): string {
  return nativeToSemverText(version, false);
}

/** `release` with part `index` increased and everything after it dropped, as the lowest pre-release. */
function bumped(release: readonly number[], index: number): string {
  const parts = [0, 0, 0].map((zero, position) => (position < index ? (release[position] ?? 0) : position === index ? (release[position] ?? 0) + 1 : zero));
  return `${parts.join('.')}-0`;
}

/** Every version whose release starts with `prefix` (`1.2.*`), pre-releases of `1.2.0` included. */
function prefixRange(prefix: readonly number[]): Alternatives {
  if (prefix.length === 0) {
    return ANY;
  }
  const lower = [0, 1, 2].map((index) => prefix[index] ?? 0).join('.');
  return single(`>=${lower}-0`, `<${bumped(prefix, Math.min(prefix.length, 3) - 1)}`);
}

/** `!= V`: below or above V. */
function notEqual(version: string): Alternatives {
  return [[`<${version}`], [`>${version}`]];
}

/** `^`: the first non-zero given part may not change (all zero: the last given part). */
function caret(version: NativeVersion, given: number): Alternatives {
  let index = version.release.slice(0, given).findIndex((part) => part !== 0);
  if (index < 0) {
    index = given - 1;
  }
  return single(`>=${sv(version)}`, `<${bumped(version.release, Math.min(index, 2))}`);
}

/** Parts before `bumpIndex` fixed, part `bumpIndex` may grow: tilde-like operators of each ecosystem. */
function pessimistic(version: NativeVersion, bumpIndex: number): Alternatives {
  return single(`>=${sv(version)}`, `<${bumped(version.release, Math.max(0, Math.min(bumpIndex, 2)))}`);
}

function countReleaseParts(text: string): number {
  let count = 1;
  for (const char of text) {
    if (char === '.') {
      count += 1;
    } else if (!(char >= '0' && char <= '9')) {
      break;
    }
  }
  return count;
}

function stripLeadingV(text: string): string {
  return text.startsWith('v') || text.startsWith('V') ? text.slice(1) : text;
}

/** Comparison operators shared by several ecosystems. */
function comparison(operator: string, version: NativeVersion, strictUpper: boolean): Alternatives | null {
  const text = sv(version);
  switch (operator) {
    case '>=':
      return single(`>=${text}`);
    case '>':
      return single(`>${text}`);
    case '<=':
      return single(`<=${text}`);
    case '<':
      // PEP 440 and Composer: `<2` does not admit 2's own pre-releases.
      return single(strictUpper && version.pre.length === 0 ? `<${text}-0` : `<${text}`);
    case '=':
    case '==':
      return single(text);
    case '!=':
    case '<>':
      return notEqual(text);
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Per ecosystem.

function npmSpec(spec: string): Range | null {
  let text = spec.trim();
  if (text.startsWith('npm:')) {
    const target = text.slice(4);
    const at = target.indexOf('@', 1);
    text = at < 0 ? '*' : target.slice(at + 1);
  }
  if (/[:/\\#]/.test(text)) {
    return null; // URLs, paths, git, `workspace:` and other protocols; semver itself refuses dist-tags
  }
  return safeRange(text);
}

const PEP_CLAUSE = /^(===|==|!=|~=|<=|>=|<|>|\^|~|=)?\s*(\S+)$/;

function pypiClause(clause: string): Alternatives | null {
  if (clause === '*' || clause === '') {
    return ANY;
  }
  const match = PEP_CLAUSE.exec(clause);
  if (!match) {
    return null;
  }
  const operator = match[1] ?? '';
  const text = match[2];
  if (text.endsWith('.*')) {
    const prefix = text.slice(0, -2);
    const version = parseNativeVersion(prefix, 'pypi');
    if (version === null || version.pre.length > 0 || version.post.length > 0 || prefix.includes('+')) {
      return null;
    }
    if (operator === '==' || operator === '' || operator === '=') {
      return prefixRange(version.release);
    }
    if (operator === '!=') {
      const range = prefixRange(version.release)[0];
      return [[range[0].replace('>=', '<')], [range[1].replace('<', '>=')]];
    }
    return null;
  }
  const version = parseNativeVersion(text, 'pypi');
  if (version === null) {
    return null;
  }
  const given = countReleaseParts(stripLeadingV(text).split('!').pop() ?? '');
  switch (operator) {
    case '':
    case '=':
    case '==':
    case '===':
      return single(sv(version));
    case '~=':
      return given < 2 ? null : pessimistic(version, given - 2);
    case '^':
      return caret(version, given);
    case '~':
      // Poetry: `~1.2.3` and `~1.2` allow patch changes, `~1` minor ones (as npm).
      return pessimistic(version, Math.min(1, given - 1));
    default:
      return comparison(operator, version, true);
  }
}

function pypiSpec(spec: string): Range | null {
  const alternatives: (readonly string[])[] = [];
  for (const group of spec.split('||')) {
    const clauses = group.split(',').map((clause) => clause.trim());
    if (clauses.length > 1 && clauses.some((clause) => clause === '')) {
      return null;
    }
    const parts: Alternatives[] = [];
    for (const clause of clauses) {
      const part = pypiClause(clause);
      if (part === null) {
        return null;
      }
      parts.push(part);
    }
    const combined = allOf(parts);
    if (combined === null) {
      return null;
    }
    alternatives.push(...combined);
  }
  return alternatives.length > MAX_ALTERNATIVES ? null : render(alternatives);
}

const CARGO_CLAUSE = /^(\^|~|=|>=|<=|>|<)?\s*(\d+(?:\.(?:\d+|\*)(?:\.(?:\d+|\*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)?)?|\*)$/;

function cargoSpec(spec: string): Range | null {
  const clauses = spec.split(',').map((clause) => clause.trim());
  const comparators: string[] = [];
  for (const clause of clauses) {
    const match = CARGO_CLAUSE.exec(clause);
    if (!match) {
      return null;
    }
    const operator = match[1] ?? (match[2].includes('*') ? '' : '^');
    comparators.push(`${operator}${match[2]}`);
  }
  return safeRange(comparators.join(' '));
}

function goSpec(spec: string): Range | null {
  const text = spec.trim();
  if (!text.startsWith('v') && !/^\d/.test(text)) {
    return null;
  }
  const version = parseNativeVersion(text, 'go');
  return version === null ? null : render(single(sv(version)));
}

function mavenBound(text: string): NativeVersion | null | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : parseNativeVersion(trimmed, 'maven');
}

/** Maven/Gradle version ranges: `[1.0,2.0)`, `(,1.0]`, `[1.5]`, several sets separated by commas; Gradle also `]1,2[`. */
function mavenRanges(text: string): Alternatives | null {
  const alternatives: string[][] = [];
  let position = 0;
  while (position < text.length) {
    const open = text[position];
    if (open !== '[' && open !== '(' && open !== ']') {
      return null;
    }
    let end = position + 1;
    while (end < text.length && text[end] !== ')' && text[end] !== ']' && text[end] !== '[') {
      end += 1;
    }
    if (end >= text.length) {
      return null;
    }
    const close = text[end];
    const body = text.slice(position + 1, end);
    const comma = body.indexOf(',');
    if (comma < 0) {
      const version = mavenBound(body);
      if (!version || open !== '[' || close !== ']') {
        return null;
      }
      alternatives.push([sv(version)]);
    } else {
      if (body.indexOf(',', comma + 1) >= 0) {
        return null;
      }
      const lower = mavenBound(body.slice(0, comma));
      const upper = mavenBound(body.slice(comma + 1));
      if (lower === null || upper === null) {
        return null;
      }
      const set: string[] = [];
      if (lower) {
        set.push(`${open === '[' ? '>=' : '>'}${sv(lower)}`);
      }
      if (upper) {
        set.push(`${close === ']' ? '<=' : '<'}${sv(upper)}`);
      }
      alternatives.push(set);
    }
    position = end + 1;
    while (position < text.length && text[position] === ' ') {
      position += 1;
    }
    if (position < text.length) {
      if (text[position] !== ',') {
        return null;
      }
      position += 1;
      while (position < text.length && text[position] === ' ') {
        position += 1;
      }
      if (position >= text.length) {
        return null;
      }
    }
  }
  return alternatives.length > 0 && alternatives.length <= MAX_ALTERNATIVES ? alternatives : null;
}

function mavenSpec(spec: string): Range | null {
  let text = spec.trim();
  if (text === '' || text.includes('$') || text.includes('@')) {
    return null;
  }
  if (text.startsWith('[') || text.startsWith('(') || text.startsWith(']')) {
    const ranges = mavenRanges(text);
    return ranges === null ? null : render(ranges);
  }
  if (text === '+') {
    return render(ANY);
  }
  if (text.endsWith('.+')) {
    const prefix = text.slice(0, -2);
    if (!/^\d+(?:\.\d+)*$/.test(prefix)) {
      return null;
    }
    const version = parseNativeVersion(prefix, 'maven');
    return version === null ? null : render(prefixRange(version.release));
  }
  if (text.endsWith('!!')) {
    text = text.slice(0, -2);
  }
  const version = parseNativeVersion(text, 'maven');
  return version === null ? null : render(single(sv(version)));
}

const GEM_CLAUSE = /^(~>|>=|<=|!=|=|>|<)?\s*(\S+)$/;

function rubygemsSpec(spec: string): Range | null {
  const parts: Alternatives[] = [];
  for (const clause of spec.split(',').map((part) => part.trim())) {
    const match = GEM_CLAUSE.exec(clause);
    const version = match ? parseNativeVersion(match[2], 'rubygems') : null;
    if (!match || version === null) {
      return null;
    }
    const operator = match[1] ?? '=';
    const given = countReleaseParts(match[2]);
    // `~> 2.3` is `>= 2.3, < 3.0`; `~> 2.3.1` is `>= 2.3.1, < 2.4`; `~> 2` is `>= 2, < 3`.
    const part = operator === '~>' ? pessimistic(version, given - 2) : comparison(operator, version, false);
    if (part === null) {
      return null;
    }
    parts.push(part);
  }
  const combined = allOf(parts);
  return combined === null ? null : render(combined);
}

const COMPOSER_CLAUSE = /^(>=|<=|<>|!=|==|>|<|=|\^|~)?\s*(\S+)$/;
const COMPOSER_WILDCARD = /^v?(\d+)(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/;

function composerPartial(text: string): { readonly release: number[]; readonly wildcard: boolean } | null {
  const match = COMPOSER_WILDCARD.exec(text);
  if (!match) {
    return null;
  }
  const release: number[] = [];
  let wildcard = false;
  for (const part of match.slice(1)) {
    if (part === undefined) {
      break;
    }
    if (part === 'x' || part === 'X' || part === '*') {
      wildcard = true;
      break;
    }
    if (wildcard) {
      return null;
    }
    release.push(Number(part));
  }
  return release.every((value) => Number.isSafeInteger(value)) ? { release, wildcard } : null;
}

function composerClause(clause: string): Alternatives | null {
  const at = clause.indexOf('@');
  const text = at < 0 ? clause : clause.slice(0, at);
  if (text === '*' || text === 'x' || text === 'X') {
    return ANY;
  }
  const match = COMPOSER_CLAUSE.exec(text);
  if (!match) {
    return null;
  }
  const operator = match[1] ?? '';
  const versionText = match[2];
  const partial = composerPartial(versionText);
  if (partial !== null && partial.wildcard) {
    return operator === '' || operator === '=' || operator === '==' ? prefixRange(partial.release) : null;
  }
  const version = parseNativeVersion(versionText, 'composer');
  if (version === null) {
    return null;
  }
  const given = countReleaseParts(stripLeadingV(versionText));
  switch (operator) {
    case '':
      return single(sv(version));
    case '^':
      return caret(version, given);
    case '~':
      // Composer's tilde: the last given part may grow (`~1.2` is `>=1.2 <2.0`).
      return pessimistic(version, given - 2);
    default:
      return comparison(operator, version, true);
  }
}

function composerAnd(group: string): Alternatives | null {
  const tokens = group
    .split(/[\s,]+/)
    .filter((token) => token !== '');
  // Operators written apart from their version (`>= 1.0`) belong to the next token.
  const clauses: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token === '-' && clauses.length > 0 && index + 1 < tokens.length) {
      // Hyphen range `1.0 - 2.0`: a partial upper bound is a wildcard (`<2.1`).
      const upper = composerPartial(tokens[index + 1]);
      const lowerClause = clauses.pop() ?? '';
      if (upper === null || upper.wildcard || /^[<>=!^~]/.test(lowerClause)) {
        return null;
      }
      clauses.push(`>=${lowerClause}`);
      clauses.push(upper.release.length >= 3 ? `<=${tokens[index + 1]}` : `<${bumped(upper.release, upper.release.length - 1).slice(0, -2)}`);
      index += 1;
    } else if (/^(>=|<=|<>|!=|==|>|<|=|\^|~)$/.test(token) && index + 1 < tokens.length) {
      clauses.push(token + tokens[index + 1]);
      index += 1;
    } else {
      clauses.push(token);
    }
  }
  if (clauses.length === 0) {
    return null;
  }
  const parts: Alternatives[] = [];
  for (const clause of clauses) {
    const part = composerClause(clause);
    if (part === null) {
      return null;
    }
    parts.push(part);
  }
  return allOf(parts);
}

function composerSpec(spec: string): Range | null {
  const alternatives: (readonly string[])[] = [];
  for (const group of spec.split('|')) {
    if (group.trim() === '') {
      continue; // the empty text between the bars of `||`
    }
    const combined = composerAnd(group);
    if (combined === null) {
      return null;
    }
    alternatives.push(...combined);
  }
  return alternatives.length === 0 || alternatives.length > MAX_ALTERNATIVES ? null : render(alternatives);
}

/**
 * The requirement as written in the ecosystem's syntax, as an npm-style range (built with
 * `includePrerelease`); null for anything not recognised (tags, URLs, branches, properties).
 */
export function specToRange(spec: string, ecosystem: Ecosystem): Range | null {
  if (typeof spec !== 'string' || spec.length > MAX_SPEC_LENGTH) {
    return null;
  }
  const text = spec.trim();
  try {
    switch (ecosystem) {
      case 'npm':
        return npmSpec(text);
      case 'pypi':
        return text === '' ? null : pypiSpec(text);
      case 'cargo':
        return text === '' ? null : cargoSpec(text);
      case 'go':
        return goSpec(text);
      case 'maven':
        return mavenSpec(text);
      case 'rubygems':
        return text === '' ? null : rubygemsSpec(text);
      case 'composer':
        return text === '' ? null : composerSpec(text);
      default:
        return null;
    }
  } catch {
    return null;
  }
}

function validExact(text: string, ecosystem: Ecosystem): string | null {
  const trimmed = text.trim();
  return trimmed !== '' && parseNativeVersion(trimmed, ecosystem) !== null ? trimmed : null;
}

/**
 * The one version a spec pins, as the ecosystem writes it (`==1.2.3` → `1.2.3`, Go `v1.2.3` →
 * `v1.2.3`); null where the spec allows more than one version or is not understood.
 */
export function exactVersionFromSpec(spec: string, ecosystem: Ecosystem): string | null {
  if (typeof spec !== 'string' || spec.length > MAX_SPEC_LENGTH) {
    return null;
  }
  const text = spec.trim();
  switch (ecosystem) {
    case 'npm': {
      const at = text.startsWith('npm:') ? text.indexOf('@', 5) : -1;
      const target = text.startsWith('npm:') ? (at < 0 ? '' : text.slice(at + 1)) : text;
      const bare = target.startsWith('=') ? target.slice(1).trim() : target;
      return /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(bare) ? validExact(bare, 'npm') : null;
    }
    case 'pypi': {
      if (text.includes(',') || text.includes('*')) {
        return null;
      }
      const match = /^(===|==)?\s*(\S+)$/.exec(text);
      return match && /^v?\d/.test(match[2]) ? validExact(match[2], 'pypi') : null;
    }
    case 'cargo': {
      const match = /^=\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/.exec(text);
      return match ? validExact(match[1], 'cargo') : null;
    }
    case 'go':
      return /^v\d/.test(text) ? validExact(text, 'go') : null;
    case 'maven': {
      const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text.endsWith('!!') ? text.slice(0, -2) : text;
      return /^\d[0-9A-Za-z.\-_]*$/.test(inner) ? validExact(inner, 'maven') : null;
    }
    case 'rubygems': {
      const match = /^=?\s*(\d[0-9A-Za-z.-]*)$/.exec(text);
      return match ? validExact(match[1], 'rubygems') : null;
    }
    case 'composer': {
      const at = text.indexOf('@');
      const bare = (at < 0 ? text : text.slice(0, at)).trim();
      const match = /^(?:==?)?\s*(v?\d[0-9A-Za-z.\-_+]*)$/.exec(bare);
      return match ? validExact(match[1], 'composer') : null;
    }
    default:
      return null;
  }
}
