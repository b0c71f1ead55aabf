import type { Ecosystem } from '../manifests/types';

/** Package URL types of our ecosystems (https://github.com/package-url/purl-spec). */
export const PURL_TYPE: Readonly<Record<Ecosystem, string>> = {
  npm: 'npm',
  pypi: 'pypi',
  cargo: 'cargo',
  go: 'golang',
  maven: 'maven',
  rubygems: 'gem',
  composer: 'composer',
};

const ECOSYSTEM_OF_TYPE: ReadonlyMap<string, Ecosystem> = new Map(
  (Object.entries(PURL_TYPE) as [Ecosystem, string][]).map(([ecosystem, type]) => [type, ecosystem]),
);

/** A versionless package identity, reduced to the form two spellings of one package share. */
export interface PackageKey {
  readonly ecosystem: Ecosystem;
  /** `namespace/name` as the registry identifies it, normalised (see `normalizeName`). */
  readonly name: string;
}

/** A feed `match`: a package, or every package whose name starts with `prefix` (`pkg:npm/@acme/*`). */
export type PurlPattern = { readonly kind: 'exact'; readonly key: PackageKey } | { readonly kind: 'prefix'; readonly ecosystem: Ecosystem; readonly prefix: string };

/** PEP 503: lower case, and every run of `-`, `_` and `.` becomes one `-`. */
export function pep503Name(name: string): string {
  let result = '';
  let inRun = false;
  for (const char of name.toLowerCase()) {
    if (char === '-' || char === '_' || char === '.') {
      if (!inRun) {
        result += '-';
      }
      inRun = true;
    } else {
      result += char;
      inRun = false;
    }
  }
  return result;
}

/**
 * The registry's own notion of "the same name": PyPI per PEP 503, Composer and Go paths compared
 * in lower case (the purl spec lowercases them), everything else exactly.
 */
export function normalizeName(ecosystem: Ecosystem, name: string): string {
  switch (ecosystem) {
    case 'pypi':
      return pep503Name(name);
    case 'composer':
    case 'go':
      return name.toLowerCase();
    default:
      return name;
  }
}

/** The key of a manifest dependency: the registry package (npm alias target, Cargo rename), Maven `g:a` as `g/a`. */
export function dependencyKey(dependency: { readonly ecosystem: Ecosystem; readonly name: string; readonly package?: string }): PackageKey {
  const registryName = dependency.package ?? dependency.name;
  const name = dependency.ecosystem === 'maven' ? registryName.replace(':', '/') : registryName;
  return { ecosystem: dependency.ecosystem, name: normalizeName(dependency.ecosystem, name) };
}

/** `pkg:<type>/<namespace>/<name>` with each segment percent-encoded as the purl spec asks. */
export function formatPurl(key: PackageKey, version?: string): string {
  const path = key.name
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return `pkg:${PURL_TYPE[key.ecosystem]}/${path}${version ? `@${encodeURIComponent(version)}` : ''}`;
}

export function keyString(key: PackageKey): string {
  return `${key.ecosystem}:${key.name}`;
}

export type PurlParseResult = { readonly pattern: PurlPattern } | { readonly error: string };

/** Parses a feed `match` (or an alternative's `purl`): versionless, no qualifiers, `*` only at the end. */
export function parsePurlPattern(text: string): PurlParseResult {
  if (!text.startsWith('pkg:')) {
    return { error: 'must start with "pkg:"' };
  }
  const rest = text.slice(4).replace(/^\/+/, '');
  const slash = rest.indexOf('/');
  if (slash <= 0) {
    return { error: 'must have a type and a name, e.g. "pkg:npm/lodash"' };
  }
  const ecosystem = ECOSYSTEM_OF_TYPE.get(rest.slice(0, slash).toLowerCase());
  if (!ecosystem) {
    return { error: `has an unsupported type "${rest.slice(0, slash)}" (supported: ${[...ECOSYSTEM_OF_TYPE.keys()].join(', ')})` };
  }
  const path = rest.slice(slash + 1);
  if (path.includes('?') || path.includes('#')) {
    return { error: 'must not have qualifiers or a subpath' };
  }
  const segments = path.split('/');
  // `@` starts an npm scope at the beginning of a segment; anywhere else it would be a version.
  if (segments.some((segment) => segment.indexOf('@', 1) !== -1) || (path.includes('@') && !path.startsWith('@') && !path.startsWith('%40'))) {
    return { error: 'must not have a version; use "versions" for a range' };
  }
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return { error: 'has a malformed percent-encoding' };
  }
  if (decoded.some((segment) => segment.length === 0)) {
    return { error: 'has an empty path segment' };
  }
  const name = decoded.join('/');
  const star = name.indexOf('*');
  if (star !== -1 && star !== name.length - 1) {
    return { error: 'may use "*" only as the last character of the name' };
  }
  if (star !== -1) {
    return { pattern: { kind: 'prefix', ecosystem, prefix: normalizeName(ecosystem, name.slice(0, -1)) } };
  }
  return { pattern: { kind: 'exact', key: { ecosystem, name: normalizeName(ecosystem, name) } } };
}

export function patternMatches(pattern: PurlPattern, key: PackageKey): boolean {
  return pattern.kind === 'exact'
    ? pattern.key.ecosystem === key.ecosystem && pattern.key.name === key.name
    : pattern.ecosystem === key.ecosystem && key.name.startsWith(pattern.prefix);
}

/** A purl that may carry a version (`pkg:npm/lodash@4.17.21`), as users type it on a command line. */
export function parsePurlWithVersion(text: string): { readonly key: PackageKey; readonly version?: string } | { readonly error: string } {
  const lastSlash = text.lastIndexOf('/');
  const at = text.indexOf('@', lastSlash + 2);
  const bare = at === -1 ? text : text.slice(0, at);
  const parsed = parsePurlPattern(bare);
  if ('error' in parsed) {
    return parsed;
  }
  if (parsed.pattern.kind !== 'exact') {
    return { error: 'must name one package, without "*"' };
  }
  if (at === -1) {
    return { key: parsed.pattern.key };
  }
  try {
    return { key: parsed.pattern.key, version: decodeURIComponent(text.slice(at + 1)) };
  } catch {
    return { error: 'has a malformed percent-encoding in its version' };
  }
}
