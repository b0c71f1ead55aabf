import { fundingField } from '../../funding';
import { repositoryLocation } from '../../repository';
import { pickNewestVersion } from '../pickNewestVersion';
import { releaseDay } from '../releaseDay';
import { expandMinified, MINIFIED_FORMAT } from './metadataMinifier';
import { isComposerName } from './packageNamePattern';

/**
 * Per version as kept: `[version as published, license list or null, release day (`YYYY-MM-DD`) or '']`.
 * The day was added later: a list cached without it fails the client's check and is fetched again.
 */
export type CompactVersions = [string, string[] | null, string][];

/** One package's metadata file as kept: its versions, and the links of its newest release. */
export interface CompactPackage {
  readonly versions: CompactVersions;
  readonly links: { repository?: string; funding?: string[] };
}

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
 * `v2.4.1`), its `license` list and its `time` (composer.json schema: the release date). Branches
 * (`dev-main`, `2.x-dev`) are left out: they are not releases, and Composer serves them from the
 * separate `~dev` file anyway. The links are the newest release's `source.url` (else
 * `support.source`) and `funding`: what the project says of itself now.
 */
export function parseMetadataFile(json: unknown, name: string): CompactPackage | undefined {
  if (!isObject(json) || !isObject(json.packages)) {
    return undefined;
  }
  const list = Object.prototype.hasOwnProperty.call(json.packages, name) ? json.packages[name] : undefined;
  if (!Array.isArray(list)) {
    return undefined;
  }
  const entries = json.minified === MINIFIED_FORMAT ? expandMinified(list) : list;
  const versions = compactVersions(entries);
  const newest = pickNewestVersion('composer', null, { versions: versions.map(([version]) => ({ version })) })?.version;
  const release = newest === undefined ? undefined : entries.find((entry): entry is Record<string, unknown> => isObject(entry) && typeof entry.version === 'string' && entry.version.trim() === newest);
  return { versions, links: release === undefined ? {} : releaseLinks(release) };
}

function releaseLinks(release: Record<string, unknown>): CompactPackage['links'] {
  const repository = repositoryLocation(release.source) ?? (isObject(release.support) ? repositoryLocation(release.support.source) : undefined);
  const funding = fundingField(release.funding);
  return { ...(repository !== undefined ? { repository } : {}), ...(funding !== undefined ? { funding: [...funding] } : {}) };
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
    result.push([version, licenseList(entry.license), releaseDay(entry.time) ?? '']);
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
