// The feed's version ranges are npm-style (docs/policy-feed.md); a quick fix writes them into manifests
// of every ecosystem, each with its own requirement syntax. Each decision below cites the
// ecosystem's own documentation; where a manifest cannot say a range, the answer is null and the
// fix is not offered with it (never a text the package manager would reject or read otherwise).
import { Range, type SemVer } from 'semver';
import { parseNativeVersion } from '../policy/versionsNative';
import type { Ecosystem, ManifestKind } from './types';

type Operator = '<' | '<=' | '>' | '>=' | '=';

/** One AND-set of an npm range as an interval: open ends are absent; `exact` is a single version. */
interface Interval {
  readonly lower?: { readonly version: SemVer; readonly inclusive: boolean };
  readonly upper?: { readonly version: SemVer; readonly inclusive: boolean };
  readonly exact?: SemVer;
}

const MAX_RANGE_LENGTH = 256;
/** More OR-ed sets than this are not a requirement anybody means to write into a manifest. */
const MAX_SETS = 8;

/** The ecosystem of each manifest format. */
export function ecosystemOfKind(kind: ManifestKind): Ecosystem {
  switch (kind) {
    case 'requirements':
    case 'pyproject':
    case 'pipfile':
      return 'pypi';
    case 'gomod':
      return 'go';
    case 'gradle':
      return 'maven';
    case 'gemfile':
      return 'rubygems';
    default:
      return kind;
  }
}

/**
 * The feed's npm-style range as the manifest writes a requirement, in the form our parser reports
 * it back as the dependency's spec (several RubyGems strings joined by `, `). Undefined: the range
 * admits every version (the manifest's "any", or no spec). Null: the manifest cannot say it.
 */
export function writtenRequirement(kind: ManifestKind, range: string): string | undefined | null {
  const intervals = intervalsOf(range);
  if (intervals === null) {
    return null;
  }
  if (intervals.length === 1 && intervals[0].lower === undefined && intervals[0].upper === undefined && intervals[0].exact === undefined) {
    return undefined;
  }
  switch (kind) {
    case 'npm':
      return range.trim();
    case 'gomod':
      // The Go Modules Reference, "require directive": `require module-path module-version`, one
      // canonical version (go.dev/ref/mod#go-mod-file-require); Go has no ranges (MVS).
      return intervals.length === 1 && intervals[0].exact !== undefined && intervals[0].exact.build.length === 0 ? `v${intervals[0].exact.version}` : null;
    case 'maven':
    case 'gradle':
      return mavenRange(kind, intervals);
    default:
      return intervals.length === 1 ? andRequirement(kind, intervals[0]) : orRequirement(kind, intervals);
  }
}

/** A requirement for "any version below `below`" (a version as the ecosystem writes it); null where the manifest cannot say it (go.mod). */
export function pinBelowSpec(kind: ManifestKind, below: string): string | null {
  return nativeBound(kind, '<', below);
}

/** A requirement for `version` or later (as the ecosystem writes it); null where the manifest cannot say it (go.mod). */
export function atLeastSpec(kind: ManifestKind, version: string): string | null {
  return nativeBound(kind, '>=', version);
}

function nativeBound(kind: ManifestKind, operator: '<' | '>=', version: string): string | null {
  if (kind === 'gomod' || parseNativeVersion(version, ecosystemOfKind(kind)) === null || !/^[0-9A-Za-z.+_-]+$/.test(version)) {
    return null;
  }
  if (kind === 'maven' || kind === 'gradle') {
    return operator === '<' ? `(,${version})` : `[${version},)`;
  }
  return comparator(kind, operator, version);
}

/** The AND-sets of an npm range as intervals; null when unreadable, too long, or empty. */
function intervalsOf(range: string): Interval[] | null {
  if (typeof range !== 'string' || range.length > MAX_RANGE_LENGTH) {
    return null;
  }
  let parsed: Range;
  try {
    parsed = new Range(range);
  } catch {
    return null;
  }
  if (parsed.set.length > MAX_SETS) {
    return null;
  }
  const intervals: Interval[] = [];
  for (const set of parsed.set) {
    const interval = intervalOf(set);
    if (interval === null) {
      return null;
    }
    intervals.push(interval);
  }
  return intervals;
}

function intervalOf(set: Range['set'][number]): Interval | null {
  let lower: Interval['lower'];
  let upper: Interval['upper'];
  let exact: SemVer | undefined;
  for (const { operator, semver } of set) {
    if (operator === '') {
      if (typeof semver === 'object' && 'version' in semver) {
        if (exact !== undefined && exact.compare(semver) !== 0) {
          return null;
        }
        exact = semver;
      }
      continue; // semver's ANY
    }
    if (!realVersion(semver, operator === '<')) {
      return null;
    }
    if (operator === '>' || operator === '>=') {
      const candidate = { version: semver, inclusive: operator === '>=' };
      if (lower === undefined || semver.compare(lower.version) > 0 || (semver.compare(lower.version) === 0 && !candidate.inclusive)) {
        lower = candidate;
      }
    } else {
      const candidate = { version: semver, inclusive: operator === '<=' };
      if (upper === undefined || semver.compare(upper.version) < 0 || (semver.compare(upper.version) === 0 && !candidate.inclusive)) {
        upper = candidate;
      }
    }
  }
  if (exact !== undefined) {
    // `1.2.3 >=1.0` is just 1.2.3 when inside the bounds, else nothing at all.
    const inside = (lower === undefined || exact.compare(lower.version) > 0 || (lower.inclusive && exact.compare(lower.version) === 0)) &&
      (upper === undefined || exact.compare(upper.version) < 0 || (upper.inclusive && exact.compare(upper.version) === 0));
    return inside && realVersion(exact, false) ? { exact } : null;
  }
  if (lower !== undefined && upper !== undefined) {
    const order = lower.version.compare(upper.version);
    if (order > 0 || (order === 0 && !(lower.inclusive && upper.inclusive))) {
      return null; // no version at all: Maven refuses such a range, the others would never resolve
    }
    if (order === 0) {
      return { exact: lower.version };
    }
  }
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

/**
 * semver writes "below X, X's pre-releases excluded" as `<X-0` (a caret's upper end); every
 * ecosystem below reads a plain `<X` that way or close enough (PEP 440, Composer, Cargo exclude
 * X's pre-releases). Any other pre-release or build part is not carried across ecosystems.
 */
function realVersion(version: SemVer, upperEnd: boolean): boolean {
  if (version.build.length > 0) {
    return false;
  }
  return version.prerelease.length === 0 || (upperEnd && version.prerelease.length === 1 && version.prerelease[0] === 0);
}

function plain(version: SemVer): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

function comparator(kind: ManifestKind, operator: Operator, version: string): string {
  switch (ecosystemOfKind(kind)) {
    case 'pypi':
      // PEP 440 "Version specifiers": `==` for version matching; `<`, `<=`, `>`, `>=` as ordered comparisons.
      return operator === '=' ? `==${version}` : `${operator}${version}`;
    case 'rubygems':
      // RubyGems requirements are `op version` strings (`>= 1.6.0`); a bare version means `=`.
      return operator === '=' ? version : `${operator} ${version}`;
    case 'cargo':
      // Cargo book, "Comparison requirements": `=1.2.3` is exactly that version (a bare one is a caret).
      return `${operator}${version}`;
    default:
      // Composer, "Exact Version Constraint": a bare version is exact; npm likewise.
      return operator === '=' ? version : `${operator}${version}`;
  }
}

/** One AND-set in comparator syntax, with the ecosystem's shorthand where its meaning is exactly the same. */
function andRequirement(kind: ManifestKind, interval: Interval): string | null {
  const ecosystem = ecosystemOfKind(kind);
  if (interval.exact !== undefined) {
    return comparator(kind, '=', plain(interval.exact));
  }
  const { lower, upper } = interval;
  if (lower?.inclusive === true && upper?.inclusive === false) {
    const shorthand = shorthandFor(ecosystem, lower.version, upper.version);
    if (shorthand !== null) {
      return shorthand;
    }
  }
  const parts = [
    ...(lower ? [comparator(kind, lower.inclusive ? '>=' : '>', plain(lower.version))] : []),
    ...(upper ? [comparator(kind, upper.inclusive ? '<=' : '<', plain(upper.version))] : []),
  ];
  switch (ecosystem) {
    case 'cargo':
      // Cargo book, "Multiple version requirements": comparisons separated by a comma (`>= 1.2, < 1.5`).
      return parts.join(', ');
    case 'pypi':
      // PEP 440 "Version specifiers": clauses separated by commas, all of which must match.
      return parts.join(',');
    case 'composer':
      // Composer "Versions and constraints", Version Range: a space or a comma is a logical AND.
      return parts.join(' ');
    case 'rubygems':
      // Gem::Requirement takes several requirement strings (`gem 'x', '>= 1.2', '< 1.5'`), one comparison each.
      return parts.join(', ');
    default:
      return null;
  }
}

/** `>=lower <upper` as `^`, `~>` or the like, only where the ecosystem's documentation gives exactly that meaning. */
function shorthandFor(ecosystem: Ecosystem, lower: SemVer, upper: SemVer): string | null {
  const caretUpper = lower.major > 0 ? [lower.major + 1, 0, 0] : lower.minor > 0 ? [0, lower.minor + 1, 0] : [0, 0, lower.patch + 1];
  const isCaret = upper.major === caretUpper[0] && upper.minor === caretUpper[1] && upper.patch === caretUpper[2];
  switch (ecosystem) {
    case 'cargo':
      // Cargo book, "Caret requirements": `^1.2.3` is `>=1.2.3, <2.0.0`, `^0.2.3` is `>=0.2.3, <0.3.0`, `^0.0.3` is `>=0.0.3, <0.0.4`.
      return isCaret ? `^${plain(lower)}` : null;
    case 'composer':
      // Composer "Caret Version Range": `^1.2.3` is `>=1.2.3 <2.0.0`, `^0.3` is `>=0.3.0 <0.4.0` (0.0.x is not documented: comparators).
      return isCaret && (lower.major > 0 || lower.minor > 0) ? `^${plain(lower)}` : null;
    case 'rubygems':
      // RubyGems "Patterns", pessimistic version constraint: `~> 2.2` is `>= 2.2, < 3.0`, `~> 2.2.0` is `>= 2.2.0, < 2.3`.
      if (lower.patch === 0 && upper.major === lower.major + 1 && upper.minor === 0 && upper.patch === 0) {
        return `~> ${lower.major}.${lower.minor}`;
      }
      return upper.major === lower.major && upper.minor === lower.minor + 1 && upper.patch === 0 ? `~> ${plain(lower)}` : null;
    default:
      return null;
  }
}

/** OR-ed sets: only Composer says "or" inside one requirement (`||`); Cargo, PEP 440 and RubyGems cannot. */
function orRequirement(kind: ManifestKind, intervals: readonly Interval[]): string | null {
  if (kind !== 'composer') {
    return null;
  }
  const sets: string[] = [];
  for (const interval of intervals) {
    const set = andRequirement(kind, interval);
    if (set === null) {
      return null;
    }
    sets.push(set);
  }
  // Composer "Version Range": `||` is a logical OR, with lower precedence than AND.
  return sets.join(' || ');
}

/**
 * Maven's version ranges (POM reference, "Dependency Version Requirement Specification"):
 * `[1.0]` exactly, `[1.2,1.3]`, `[1.0,2.0)`, `(,1.0]`, `[1.5,)`, several sets comma-separated
 * for a union. Gradle ("Declaring Versions and Ranges") takes one Maven-style range, no union.
 */
function mavenRange(kind: 'maven' | 'gradle', intervals: readonly Interval[]): string | null {
  if (kind === 'gradle' && intervals.length > 1) {
    return null;
  }
  const ranges = intervals.map((interval) => {
    if (interval.exact !== undefined) {
      return `[${plain(interval.exact)}]`;
    }
    const { lower, upper } = interval;
    const open = lower === undefined ? '(' : lower.inclusive ? '[' : '(';
    const close = upper === undefined ? ')' : upper.inclusive ? ']' : ')';
    return `${open}${lower ? plain(lower.version) : ''},${upper ? plain(upper.version) : ''}${close}`;
  });
  return ranges.join(',');
}
