// Exact text edits to one dependency of a parsed manifest: replace it by another package, or give it
// another version requirement. Pure; every edit is computed from the parser's ranges, so it touches
// only the name and spec tokens. Where an edit cannot be exact (a Maven version held in a property,
// a Gradle map notation, a Cargo rename) none is returned rather than a guess.
import type { Range as SemverRange } from 'semver';
import { safeRange } from '../policy/versions';
import type { Ecosystem, ManifestDependency, ManifestKind, TextRange } from './types';

export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

/** The package and requirement to put in place of a dependency; `spec` absent means "any version". */
export interface ReplacementTarget {
  /** The name as the manifest writes it (Maven and Gradle `group:artifact`). */
  readonly name: string;
  readonly spec?: string;
}

const NAME_CHARS = /^[A-Za-z0-9._\-/@~+:]+$/;
const MAX_TOKEN_LENGTH = 256;

/** Names are written into quoted strings and bare keys: only the characters package names use. */
function safeName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_TOKEN_LENGTH && NAME_CHARS.test(name);
}

/** Specs come from the feed: printable ASCII that cannot end a string, a line or an XML text. */
function safeSpec(spec: string, kind: ManifestKind): boolean {
  if (spec.length === 0 || spec.length > MAX_TOKEN_LENGTH) {
    return false;
  }
  for (const char of spec) {
    const code = char.charCodeAt(0);
    if (code < 32 || code > 126 || `"'\\\`#;{}`.includes(char)) {
      return false;
    }
    if ((kind === 'maven' || kind === 'gradle') && (char === '<' || char === '&' || char === '$')) {
      return false;
    }
  }
  return true;
}

/** A package name from a purl (`group/artifact` for Maven) as a manifest writes it. */
export function manifestNameOf(ecosystem: Ecosystem, purlName: string): string {
  return ecosystem === 'maven' ? purlName.replace('/', ':') : purlName;
}

/** Is the spec of this dependency written inside a PEP 508 requirement string (`name[extras]>=1`)? */
function isPep508(kind: ManifestKind, text: string, dependency: ManifestDependency): boolean {
  if (dependency.ecosystem !== 'pypi') {
    return false;
  }
  if (kind === 'requirements') {
    return true;
  }
  if (kind !== 'pyproject') {
    return false;
  }
  if (dependency.specRange === null) {
    // `name = "…"` (Poetry) has a quote or `=` right after the key; a PEP 508 string ends at the name or extras.
    const after = text.slice(dependency.nameRange.end, dependency.nameRange.end + 1);
    return after === '"' || after === "'" || after === '[' || after === ' ' || after === ';';
  }
  const gap = text.slice(dependency.nameRange.end, dependency.specRange.start);
  return !gap.includes('"') && !gap.includes("'") && !gap.includes('=');
}

/** After the name and any `[extras]` of a PEP 508 string: where a spec goes when there is none. */
function pep508SpecInsertion(text: string, dependency: ManifestDependency): number {
  let at = dependency.nameRange.end;
  if (text[at] === '[') {
    const close = text.indexOf(']', at);
    const lineEnd = text.indexOf('\n', at);
    if (close === -1 || (lineEnd !== -1 && close > lineEnd)) {
      return -1;
    }
    at = close + 1;
  }
  return at;
}

function isOperatorStart(spec: string): boolean {
  return '<>=!~'.includes(spec[0] ?? '');
}

/** The edits that set the dependency's version requirement to `spec`; null when that cannot be exact. */
export function specEdits(kind: ManifestKind, text: string, dependency: ManifestDependency, spec: string | undefined): TextEdit[] | null {
  if (spec !== undefined && !safeSpec(spec, kind)) {
    return null;
  }
  if (dependency.source !== undefined && dependency.ecosystem !== 'npm') {
    return null;
  }
  const range = dependency.specRange;
  if (kind === 'npm' && dependency.package !== undefined) {
    // An `npm:` alias: the whole spec names the package, so it is rewritten as a whole.
    if (range === null) {
      return null;
    }
    return [{ range, newText: spec === undefined ? `npm:${dependency.package}` : `npm:${dependency.package}@${spec}` }];
  }
  if (isPep508(kind, text, dependency)) {
    const pep508 = spec === undefined ? '' : isOperatorStart(spec) ? spec : `==${spec}`;
    if (range !== null) {
      return [{ range, newText: pep508 }];
    }
    if (pep508 === '') {
      return [];
    }
    const at = pep508SpecInsertion(text, dependency);
    return at === -1 ? null : [{ range: { start: at, end: at }, newText: pep508 }];
  }
  switch (kind) {
    case 'gomod':
    case 'maven':
    case 'gradle':
      // These need a version: no "any"; a Maven `${property}` lives elsewhere.
      if (spec === undefined || range === null || (dependency.spec ?? '').includes('${')) {
        return null;
      }
      return [{ range, newText: spec }];
    case 'gemfile':
      return gemfileSpecEdits(text, dependency, spec);
    default:
      // npm, composer, cargo, pipfile and Poetry tables: a quoted string value.
      if (range === null) {
        return spec === undefined ? [] : null;
      }
      return [{ range, newText: spec ?? '*' }];
  }
}

/**
 * A Gemfile takes one quoted string per requirement (`gem 'x', '>= 1.2', '< 2'`; one string
 * `'>= 1.2, < 2'` is refused by RubyGems): a spec of several, as the parser reports it joined by
 * `, `, is written as several strings with the quote the line already uses.
 */
function gemfileSpecEdits(text: string, dependency: ManifestDependency, spec: string | undefined): TextEdit[] | null {
  const parts = (spec ?? '>= 0').split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) {
    return null;
  }
  const range = dependency.specRange;
  if (range === null) {
    if (spec === undefined) {
      return [];
    }
    const quote = text[dependency.nameRange.end];
    if (quote !== '"' && quote !== "'") {
      return null;
    }
    const at = dependency.nameRange.end + 1;
    return [{ range: { start: at, end: at }, newText: parts.map((part) => `, ${quote}${part}${quote}`).join('') }];
  }
  // The spec range runs from inside the first string's quotes to inside the last one's.
  const open = text[range.start - 1];
  const close = text[range.end];
  if ((open !== '"' && open !== "'") || (close !== '"' && close !== "'")) {
    return null;
  }
  return [{ range: { start: range.start - 1, end: range.end + 1 }, newText: parts.map((part) => `${open}${part}${open}`).join(', ') }];
}

/** A TOML key is written bare only with these characters; anything else goes in quotes. */
function tomlKey(text: string, dependency: ManifestDependency, name: string): string {
  const before = text[dependency.nameRange.start - 1];
  const quoted = before === '"' || before === "'";
  return quoted || /^[A-Za-z0-9_-]+$/.test(name) ? name : `"${name}"`;
}

/** The range of the `<groupId>` text inside the same `<dependency>` element as the artifactId. */
function mavenGroupRange(text: string, dependency: ManifestDependency): TextRange | null {
  const blockStart = text.lastIndexOf('<dependency>', dependency.nameRange.start);
  const blockEnd = text.indexOf('</dependency>', dependency.nameRange.end);
  if (blockStart === -1 || blockEnd === -1 || text.lastIndexOf('</dependency>', dependency.nameRange.start) > blockStart) {
    return null;
  }
  const block = text.slice(blockStart, blockEnd);
  const open = block.indexOf('<groupId>');
  if (open === -1 || block.indexOf('<groupId>', open + 1) !== -1) {
    return null;
  }
  const close = block.indexOf('</groupId>', open);
  if (close === -1) {
    return null;
  }
  const start = blockStart + open + '<groupId>'.length;
  const end = blockStart + close;
  const group = text.slice(start, end);
  return group.trim() === group && group === dependency.name.split(':')[0] ? { start, end } : null;
}

function nameEdits(kind: ManifestKind, text: string, dependency: ManifestDependency, name: string): TextEdit[] | null {
  const range = dependency.nameRange;
  switch (kind) {
    case 'npm':
      // An alias keeps its name (the code imports it); its spec names the new package.
      return dependency.package !== undefined ? [] : [{ range, newText: name }];
    case 'cargo':
      return dependency.package !== undefined ? null : [{ range, newText: tomlKey(text, dependency, name) }];
    case 'pipfile':
      return [{ range, newText: tomlKey(text, dependency, name) }];
    case 'pyproject':
      return [{ range, newText: isPep508(kind, text, dependency) ? name : tomlKey(text, dependency, name) }];
    case 'maven': {
      const [group, artifact, extra] = name.split(':');
      if (!group || !artifact || extra !== undefined) {
        return null;
      }
      const groupRange = mavenGroupRange(text, dependency);
      return groupRange === null
        ? null
        : [
            { range: groupRange, newText: group },
            { range, newText: artifact },
          ];
    }
    case 'gradle':
      // Only the string notation (`'group:artifact:version'`) has the whole coordinate in one token.
      return text.slice(range.start, range.end) === dependency.name && name.split(':').length === 2 ? [{ range, newText: name }] : null;
    default:
      return [{ range, newText: name }];
  }
}

/**
 * The edits that replace a dependency by another package of the same ecosystem: its name token and
 * its spec token (an `npm:` alias keeps its name and gets a new spec). Null when not exact.
 */
export function replacementEdits(kind: ManifestKind, text: string, dependency: ManifestDependency, target: ReplacementTarget): TextEdit[] | null {
  if (!safeName(target.name)) {
    return null;
  }
  const names = nameEdits(kind, text, dependency, kind === 'npm' && dependency.package !== undefined ? dependency.name : target.name);
  if (names === null) {
    return null;
  }
  const aliasTarget = kind === 'npm' && dependency.package !== undefined ? { ...dependency, package: target.name } : dependency;
  const specs = specEdits(kind, text, aliasTarget, target.spec);
  if (specs === null) {
    return null;
  }
  return sortEdits([...names, ...specs]);
}

/** In text order; null when two edits overlap (they could not be applied together). */
function sortEdits(edits: TextEdit[]): TextEdit[] | null {
  const sorted = edits.sort((a, b) => a.range.start - b.range.start);
  for (let index = 1; index < sorted.length; index++) {
    if (sorted[index].range.start < sorted[index - 1].range.end) {
      return null;
    }
  }
  return sorted;
}

/** Applies non-overlapping edits to a text (for tests and previews). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.range.start - a.range.start)) {
    result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  }
  return result;
}

/** The X of a range that is only a lower bound, `>=X`; null for anything else. */
export function lowerBoundOnly(versions: string): string | null {
  const range: SemverRange | null = safeRange(versions);
  if (range === null || range.set.length !== 1 || range.set[0].length !== 1) {
    return null;
  }
  const [comparator] = range.set[0];
  if (comparator.operator !== '>=') {
    return null;
  }
  const { major, minor, patch, prerelease } = comparator.semver;
  // With pre-releases included, `>=1.40` reads as `>=1.40.0-0`: the bound is still 1.40.0.
  return prerelease.length === 1 && prerelease[0] === 0 ? `${major}.${minor}.${patch}` : comparator.semver.version;
}
