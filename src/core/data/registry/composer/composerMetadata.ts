import { expandMinified, MINIFIED_FORMAT } from './metadataMinifier';
import { isComposerName } from './packageNamePattern';

/** Per version as kept: `[version as published, license list or null]`. */
export type CompactVersions = [string, string[] | null][];

/** What we keep of a repository's `packages.json`. */
export interface CompactRoot {
  /** The `metadata-url` template made absolute, `%package%` still in it; null without one. */
  readonly metadataUrl: string | null;
  /** `available-packages`, lower-cased; null when the repository does not list its packages. */
  readonly available: string[] | null;
  readonly patterns: string[] | null;
  /** Packages given whole inside `packages.json` (`packages`), by lower-cased name. */
  readonly inline: Record<string, CompactVersions> | null;
  /** Without `metadata-url`, the file points to Composer 1 provider or include files, which are not read here. */
  readonly providersOnly: boolean;
}

/**
 * A repository's `packages.json` (getcomposer.org "Repositories", "Composer" type): `metadata-url`
 * (the v2 protocol; a path starting with `/` is on the repository's own host), `available-packages`
 * and `available-package-patterns` (the repository holds nothing else), and `packages` (whole
 * version lists inline, `{"vendor/name": {"1.0.0": {…composer.json…}}}`). A `metadata-url` on another
 * host is refused: names are sent only to the hosts the configuration names.
 */
export function parseRootFile(json: unknown, repositoryUrl: string): CompactRoot | { readonly problem: string } {
  if (!isObject(json)) {
    return { problem: 'is not a packages.json object' };
  }
  let metadataUrl: string | null = null;
  const template = json['metadata-url'];
  if (typeof template === 'string' && template !== '') {
    const absolute = canonicalUrl(template, repositoryUrl);
    if (absolute === undefined || !absolute.includes('%package%')) {
      return { problem: 'has a metadata-url that is not a URL template with %package%' };
    }
    if (originOf(absolute) !== originOf(repositoryUrl)) {
      return { problem: `names a metadata-url on another host (${originOf(absolute) ?? 'unknown'}); not followed` };
    }
    metadataUrl = absolute;
  }
  const names = (value: unknown): string[] | null =>
    Array.isArray(value) && value.length > 0 ? value.flatMap((item) => (typeof item === 'string' && item !== '' ? [item.toLowerCase()] : [])) : null;
  const inline = isObject(json.packages) ? inlinePackages(json.packages) : null;
  // Composer 1 ways of listing packages outside the file: provider files and `includes`.
  const providers = json['providers-url'] !== undefined || json['provider-includes'] !== undefined || json.providers !== undefined || json.includes !== undefined;
  return {
    metadataUrl,
    // Composer reads these two only together with metadata-url.
    available: metadataUrl !== null ? names(json['available-packages']) : null,
    patterns: metadataUrl !== null ? names(json['available-package-patterns']) : null,
    inline,
    providersOnly: metadataUrl === null && providers,
  };
}

/**
 * One `metadata-url` answer: `{"packages": {"vendor/name": [versions…]}}`, expanded first when
 * `"minified": "composer/2.0"`. Each version keeps its `version` as published (`v2.4.1` stays
 * `v2.4.1`) and its `license` list. Branches (`dev-main`, `2.x-dev`) are left out: they are not
 * releases, and Composer serves them from the separate `~dev` file anyway.
 */
export function parseMetadataFile(json: unknown, name: string): CompactVersions | undefined {
  if (!isObject(json) || !isObject(json.packages)) {
    return undefined;
  }
  const list = Object.prototype.hasOwnProperty.call(json.packages, name) ? json.packages[name] : undefined;
  if (!Array.isArray(list)) {
    return undefined;
  }
  const versions = json.minified === MINIFIED_FORMAT ? expandMinified(list) : list;
  return compactVersions(versions);
}

function inlinePackages(packages: Record<string, unknown>): Record<string, CompactVersions> {
  const result: Record<string, CompactVersions> = Object.create(null) as Record<string, CompactVersions>;
  for (const [name, versions] of Object.entries(packages)) {
    const lower = name.toLowerCase();
    if (!isComposerName(lower)) {
      continue;
    }
    const list = Array.isArray(versions) ? versions : isObject(versions) ? Object.values(versions) : [];
    result[lower] = compactVersions(list);
  }
  return result;
}

function compactVersions(versions: readonly unknown[]): CompactVersions {
  const seen = new Set<string>();
  const result: CompactVersions = [];
  for (const entry of versions) {
    if (!isObject(entry) || typeof entry.version !== 'string') {
      continue;
    }
    const version = entry.version.trim();
    if (version === '' || version.length > 128 || isBranch(version) || seen.has(version)) {
      continue;
    }
    seen.add(version);
    result.push([version, licenseList(entry.license)]);
  }
  return result;
}

/** Composer's branch versions: `dev-` prefixed names and `-dev` suffixed branch aliases (`2.x-dev`). */
function isBranch(version: string): boolean {
  const lower = version.toLowerCase();
  return lower.startsWith('dev-') || lower.endsWith('-dev');
}

function licenseList(value: unknown): string[] | null {
  const list = (Array.isArray(value) ? value : [value]).flatMap((item) => (typeof item === 'string' && item.trim() !== '' ? [item.trim()] : []));
  return list.length === 0 ? null : list;
}

/** Composer's `canonicalizeUrl`: a path starting with `/` is taken on the repository's scheme and host; anything else as it is. */
function canonicalUrl(value: string, repositoryUrl: string): string | undefined {
  if (value.startsWith('/')) {
    const origin = originOf(repositoryUrl);
    return origin === undefined ? undefined : `${origin}${value}`;
  }
  return originOf(value) === undefined ? undefined : value;
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url.split('%package%').join('x'));
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
