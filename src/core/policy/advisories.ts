import { type Range, type SemVer, compare as compareSemver, subset } from 'semver';
import type { Ecosystem } from '../manifests/types';
import type { Advisory, OsvEcosystem, OsvEvent } from './feedModel';
import { normalizeName } from './purl';
import type { RuleRef } from './ruleRef';
import type { Reason } from './verdict';
import { RANGE_OPTIONS, coerceVersion, rangesIntersect, safeRange, specToRange } from './versions';
import { type NativeVersion, compareNative, nativeToSemverText, parseNativeVersion } from './versionsNative';

/**
 * Matching dependencies against the feed's OSV-shaped advisories.
 *
 * Decisions:
 * - Names: the dependency's `purlName` is the purl name part (`@babel/core`, `%40babel/core`,
 *   `org.slf4j/slf4j-api`; Maven `group:artifact` is accepted too). Both sides are reduced as
 *   `normalizeName` does (PyPI per PEP 503, Go and Composer in lower case), Cargo names also in
 *   lower case with `_` read as `-` (crates.io refuses names that differ only so), and OSV's Maven
 *   `group:artifact` becomes `group/artifact`.
 * - A known version is decisive; the spec is used only where no version is known. Spec-only
 *   matches say "may be affected"; their verdict is the advisory's when every version the spec
 *   allows is affected (an exact pin, or a range wholly inside an affected range), otherwise a
 *   `deny` advisory gives `review`.
 * - Neither version nor spec known: the advisory applies (as "may be affected", `review`) only
 *   where the latest release is affected too, that is an affected range with no `fixed` or
 *   `last_affected` after its last `introduced`.
 * - `ECOSYSTEM` ranges compare in the ecosystem's own order (`versionsNative.ts`: PEP 440 post
 *   and dev releases, 4-part Maven and RubyGems versions); `SEMVER` ranges compare as semver
 *   after coercion. An event whose version cannot be read is skipped; a dependency version that
 *   cannot be read matches only the explicit `versions[]` list, by exact text.
 * - One match per advisory, from its first affected entry that matches.
 */

export interface AdvisoryMatch {
  readonly advisory: Advisory;
  readonly verdict: 'deny' | 'review';
  readonly reason: Reason;
}

export interface AdvisoryDependency {
  readonly ecosystem: Ecosystem;
  /** The purl name part, normalised or not (see the module comment). */
  readonly purlName: string;
  readonly version: string | null;
  readonly spec: string | null;
}

type Affected = Advisory['affected'][number];
type OsvRange = Affected['ranges'][number];

const ECOSYSTEM_OF_OSV: Readonly<Record<OsvEcosystem, Ecosystem>> = {
  npm: 'npm',
  PyPI: 'pypi',
  'crates.io': 'cargo',
  Go: 'go',
  Maven: 'maven',
  RubyGems: 'rubygems',
  Packagist: 'composer',
};

const OSV_OF_ECOSYSTEM: Readonly<Record<Ecosystem, OsvEcosystem>> = {
  npm: 'npm',
  pypi: 'PyPI',
  cargo: 'crates.io',
  go: 'Go',
  maven: 'Maven',
  rubygems: 'RubyGems',
  composer: 'Packagist',
};

/** Our ecosystem for an OSV ecosystem name; null for ecosystems we do not read. */
export function ecosystemFromOsv(osv: string): Ecosystem | null {
  return Object.prototype.hasOwnProperty.call(ECOSYSTEM_OF_OSV, osv) ? ECOSYSTEM_OF_OSV[osv as OsvEcosystem] : null;
}

export function osvEcosystem(ecosystem: Ecosystem): OsvEcosystem {
  return OSV_OF_ECOSYSTEM[ecosystem];
}

function decode(name: string): string {
  if (!name.includes('%')) {
    return name;
  }
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** The name both sides are compared by: see the module comment. */
export function advisoryPackageName(ecosystem: Ecosystem, name: string): string {
  let text = decode(typeof name === 'string' ? name.trim() : '');
  if (ecosystem === 'maven') {
    text = text.replace(':', '/');
  }
  const normal = normalizeName(ecosystem, text);
  return ecosystem === 'cargo' ? normal.toLowerCase().split('_').join('-') : normal;
}

function indexKey(ecosystem: Ecosystem, name: string): string {
  return `${ecosystem}\u0000${advisoryPackageName(ecosystem, name)}`;
}

// ---------------------------------------------------------------------------------------------
// OSV range evaluation.

interface Comparer {
  readonly parse: (version: string) => unknown;
  readonly compare: (a: unknown, b: unknown) => number;
}

function comparerFor(type: OsvRange['type'], ecosystem: Ecosystem): Comparer {
  if (type === 'SEMVER') {
    return {
      parse: (version) => coerceVersion(version, ecosystem === 'go' || ecosystem === 'npm' || ecosystem === 'cargo' ? ecosystem : 'npm') ?? coerceVersion(version, ecosystem),
      compare: (a, b) => compareSemver(a as SemVer, b as SemVer),
    };
  }
  return { parse: (version) => parseNativeVersion(version, ecosystem), compare: (a, b) => compareNative(a as NativeVersion, b as NativeVersion) };
}

interface ParsedEvent {
  readonly kind: 'introduced' | 'fixed' | 'last_affected';
  readonly text: string;
  /** null for `introduced: "0"`, which is before every version. */
  readonly version: unknown;
}

/** The events we can read, sorted as OSV asks (by version; `introduced: "0"` first). */
function sortedEvents(events: readonly OsvEvent[], comparer: Comparer): ParsedEvent[] {
  const parsed: ParsedEvent[] = [];
  for (const event of Array.isArray(events) ? events : []) {
    for (const kind of ['introduced', 'fixed', 'last_affected'] as const) {
      const text = event?.[kind];
      if (typeof text !== 'string') {
        continue;
      }
      if (kind === 'introduced' && text.trim() === '0') {
        parsed.push({ kind, text, version: null });
        continue;
      }
      const version = comparer.parse(text);
      if (version !== null && version !== undefined) {
        parsed.push({ kind, text, version });
      }
    }
  }
  return parsed
    .map((event, order) => ({ event, order }))
    .sort((a, b) => {
      if (a.event.version === null || b.event.version === null) {
        return a.event.version === b.event.version ? a.order - b.order : a.event.version === null ? -1 : 1;
      }
      return comparer.compare(a.event.version, b.event.version) || a.order - b.order;
    })
    .map(({ event }) => event);
}

/** OSV's evaluation of one range for one version: the last event at or below the version decides. */
export function isInOsvRange(version: string, range: OsvRange, ecosystem: Ecosystem): boolean {
  const comparer = comparerFor(range?.type, ecosystem);
  const parsed = typeof version === 'string' ? comparer.parse(version) : null;
  if (parsed === null || parsed === undefined) {
    return false;
  }
  let affected = false;
  for (const event of sortedEvents(range?.events ?? [], comparer)) {
    const order = event.version === null ? 1 : comparer.compare(parsed, event.version);
    if (event.kind === 'introduced' && order >= 0) {
      affected = true;
    } else if (event.kind === 'fixed' && order >= 0) {
      affected = false;
    } else if (event.kind === 'last_affected' && order > 0) {
      affected = false;
    }
  }
  return affected;
}

function equalVersions(a: string, b: string, ecosystem: Ecosystem): boolean {
  if (a === b) {
    return true;
  }
  const left = parseNativeVersion(a, ecosystem);
  const right = parseNativeVersion(b, ecosystem);
  return left !== null && right !== null && compareNative(left, right) === 0;
}

/** Is this version affected by one `affected[]` entry (explicit `versions[]` or any range)? */
export function isVersionAffected(affected: Affected, version: string, ecosystem: Ecosystem): boolean {
  const versions = Array.isArray(affected?.versions) ? affected.versions : [];
  if (versions.some((listed) => typeof listed === 'string' && equalVersions(listed, version, ecosystem))) {
    return true;
  }
  const ranges = Array.isArray(affected?.ranges) ? affected.ranges : [];
  return ranges.some((range) => isInOsvRange(version, range, ecosystem));
}

/** The affected versions of one entry as npm-style ranges, and whether the newest release is among them. */
interface AffectedRanges {
  readonly range: Range | null;
  readonly openEnded: boolean;
}

function semverText(event: ParsedEvent, ecosystem: Ecosystem): string | null {
  const native = parseNativeVersion(event.text, ecosystem);
  if (native !== null) {
    return nativeToSemverText(native, false);
  }
  const coerced = coerceVersion(event.text, 'npm');
  return coerced === null ? null : coerced.version;
}

/** The intervals an OSV range describes, as npm-style comparator sets. */
function rangeIntervals(range: OsvRange, ecosystem: Ecosystem): { readonly sets: string[]; readonly openEnded: boolean } {
  const events = sortedEvents(range?.events ?? [], comparerFor(range?.type, ecosystem));
  const sets: string[] = [];
  let start: string | null = null;
  for (const event of events) {
    if (event.kind === 'introduced') {
      if (start === null) {
        start = `>=${(event.version === null ? null : semverText(event, ecosystem)) ?? '0.0.0-0'}`;
      }
      continue;
    }
    const end = semverText(event, ecosystem);
    if (start !== null && end !== null) {
      sets.push(`${start} ${event.kind === 'fixed' ? '<' : '<='}${end}`);
      start = null;
    }
  }
  if (start !== null) {
    sets.push(start);
  }
  return { sets, openEnded: start !== null };
}

function affectedRanges(affected: Affected, ecosystem: Ecosystem): AffectedRanges {
  const sets: string[] = [];
  let openEnded = false;
  for (const range of Array.isArray(affected?.ranges) ? affected.ranges : []) {
    const intervals = rangeIntervals(range, ecosystem);
    sets.push(...intervals.sets);
    openEnded = openEnded || intervals.openEnded;
  }
  for (const listed of Array.isArray(affected?.versions) ? affected.versions : []) {
    const coerced = typeof listed === 'string' ? coerceVersion(listed, ecosystem) : null;
    if (coerced !== null) {
      sets.push(nativeToSemverText(parseNativeVersion(listed, ecosystem) as NativeVersion, false));
    }
  }
  return { range: sets.length === 0 ? null : safeRange(sets.join(' || ')), openEnded };
}

// ---------------------------------------------------------------------------------------------
// The index.

interface Entry {
  readonly advisory: Advisory;
  /** Position in the feed's `advisories`. */
  readonly index: number;
  readonly affected: Affected;
  readonly ecosystem: Ecosystem;
}

/** The feed's advisories by ecosystem and name, built once per feed. */
export class AdvisoryIndex {
  private readonly byPackage = new Map<string, Entry[]>();
  /** Affected entries as npm-style ranges, computed when a spec first needs them. */
  private readonly rangeCache = new Map<Affected, AffectedRanges>();

  constructor(readonly advisories: readonly Advisory[]) {
    (Array.isArray(advisories) ? advisories : []).forEach((advisory, index) => {
      for (const affected of Array.isArray(advisory?.affected) ? advisory.affected : []) {
        const ecosystem = ecosystemFromOsv(affected?.package?.ecosystem);
        const name = affected?.package?.name;
        if (ecosystem === null || typeof name !== 'string') {
          continue;
        }
        const key = indexKey(ecosystem, name);
        const list = this.byPackage.get(key);
        if (list) {
          list.push({ advisory, index, affected, ecosystem });
        } else {
          this.byPackage.set(key, [{ advisory, index, affected, ecosystem }]);
        }
      }
    });
  }

  /** Every affected entry naming this package, in feed order. */
  entriesFor(ecosystem: Ecosystem, purlName: string): readonly Entry[] {
    return this.byPackage.get(indexKey(ecosystem, purlName)) ?? [];
  }

  affectedRanges(entry: Entry): AffectedRanges {
    let ranges = this.rangeCache.get(entry.affected);
    if (ranges === undefined) {
      ranges = affectedRanges(entry.affected, entry.ecosystem);
      this.rangeCache.set(entry.affected, ranges);
    }
    return ranges;
  }
}

// ---------------------------------------------------------------------------------------------
// Matching.

function fixedVersions(affected: Affected): string[] {
  const fixed: string[] = [];
  for (const range of Array.isArray(affected?.ranges) ? affected.ranges : []) {
    for (const event of Array.isArray(range?.events) ? range.events : []) {
      if (typeof event?.fixed === 'string' && !fixed.includes(event.fixed)) {
        fixed.push(event.fixed);
      }
    }
  }
  return fixed;
}

function describe(advisory: Advisory, affected: Affected, finding: string): string {
  const aliases = (Array.isArray(advisory.aliases) ? advisory.aliases : []).filter((alias) => typeof alias === 'string' && alias !== '');
  const title = aliases.length > 0 ? `${advisory.id} (${aliases.join(', ')})` : advisory.id;
  const summary = typeof advisory.summary === 'string' && advisory.summary.trim() !== '' ? `: ${advisory.summary.trim()}` : '';
  const fixed = fixedVersions(affected);
  const fixedText = fixed.length > 0 ? `; fixed in ${fixed.join(', ')}` : '';
  return `${title}${summary}. ${finding}${fixedText}.`;
}

function verdictOf(advisory: Advisory): 'deny' | 'review' {
  return advisory.verdict === 'review' ? 'review' : 'deny';
}

function match(entry: Entry, dependency: AdvisoryDependency, index: AdvisoryIndex): AdvisoryMatch | null {
  const { advisory, affected } = entry;
  const rule: RuleRef = { section: 'advisories', index: entry.index, id: advisory.id };
  const reason = (message: string): Reason => ({ kind: 'advisory', message: describe(advisory, affected, message), rule, source: 'feed advisories' });
  if (typeof dependency.version === 'string' && dependency.version.trim() !== '') {
    const version = dependency.version.trim();
    return isVersionAffected(affected, version, dependency.ecosystem)
      ? { advisory, verdict: verdictOf(advisory), reason: reason(`Version ${version} is affected`) }
      : null;
  }
  const ranges = index.affectedRanges(entry);
  if (typeof dependency.spec === 'string' && dependency.spec.trim() !== '') {
    const specRange = specToRange(dependency.spec, dependency.ecosystem);
    if (specRange === null || ranges.range === null || !rangesIntersect(specRange, ranges.range)) {
      return null;
    }
    const whollyAffected = isSubset(specRange, ranges.range);
    return {
      advisory,
      verdict: whollyAffected ? verdictOf(advisory) : 'review',
      reason: reason(
        whollyAffected
          ? `Every version the spec "${dependency.spec.trim()}" allows is affected`
          : `May be affected: the spec "${dependency.spec.trim()}" allows affected versions`,
      ),
    };
  }
  return ranges.openEnded
    ? { advisory, verdict: 'review', reason: reason('May be affected: no version is known and no release is fixed') }
    : null;
}

function isSubset(inner: Range, outer: Range): boolean {
  try {
    return subset(inner, outer, RANGE_OPTIONS);
  } catch {
    return false;
  }
}

/**
 * The feed's advisories that apply to one dependency, one match per advisory, in feed order.
 * Pass the feed's `AdvisoryIndex` (built from the same `advisories`) to avoid a scan per call.
 */
export function affectedAdvisories(advisories: readonly Advisory[], dependency: AdvisoryDependency, index?: AdvisoryIndex): AdvisoryMatch[] {
  if (!dependency || typeof dependency.purlName !== 'string' || !Object.prototype.hasOwnProperty.call(OSV_OF_ECOSYSTEM, dependency.ecosystem)) {
    return [];
  }
  const lookup = index ?? new AdvisoryIndex(advisories);
  const matches: AdvisoryMatch[] = [];
  const seen = new Set<Advisory>();
  for (const entry of lookup.entriesFor(dependency.ecosystem, dependency.purlName)) {
    if (seen.has(entry.advisory)) {
      continue;
    }
    const found = match(entry, dependency, lookup);
    if (found !== null) {
      seen.add(entry.advisory);
      matches.push(found);
    }
  }
  return matches;
}
