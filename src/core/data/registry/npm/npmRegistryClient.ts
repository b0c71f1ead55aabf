import { access } from 'node:fs/promises';
import * as path from 'node:path';
import { licenseOfManifest } from '../../npm/license';
import type { DeclaredLicense } from '../../types';
import { CachedLookup, lookupOutcomeOf, type LookupOutcome } from '../cachedLookup';
import { hostOf } from '../registryHttp';
import type { RegistryClient, RegistryClientFactory, RegistryConfigSources, RegistryContext, RegistryListing } from '../types';
import { authorizationFor, type NpmRegistryConfig, readNpmConfig, registryFor } from './npmrc';

/** What is kept of a packument: dist-tags, and per version its license and whether it is deprecated. */
interface CompactPackument {
  readonly tags: Record<string, string>;
  /** `[version, license or null, 1 when deprecated]`, in the packument's order. */
  readonly versions: [string, string | string[] | null, 0 | 1][];
}

export interface NpmRegistryClientOptions extends RegistryContext {
  readonly config: NpmRegistryConfig;
  /** Full packuments of popular packages run to tens of MiB; default 64 MiB. */
  readonly maxPackumentBytes?: number;
}

/** The npm client for a folder, configured as npm itself would be there. */
export const createNpmRegistryClient: RegistryClientFactory = async (sources, context) => {
  const { config, files, problems } = await readNpmConfig({ ...sources, projectDir: await nearestNpmrcDir(sources) });
  return { client: new NpmRegistryClient({ ...context, config }), files, problems };
};

/** npm reads the project `.npmrc` beside the package.json that is its project root: the nearest one up to the workspace root. */
async function nearestNpmrcDir(sources: RegistryConfigSources): Promise<string> {
  let dir = sources.projectDir;
  for (;;) {
    try {
      await access(path.join(dir, '.npmrc'));
      return dir;
    } catch {
      // Not here; look further up.
    }
    const parent = path.dirname(dir);
    if (parent === dir || !isInside(parent, sources.rootDir)) {
      return sources.projectDir;
    }
    dir = parent;
  }
}

function isInside(dir: string, root: string): boolean {
  const relative = path.relative(root, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The npm registry protocol (the one npm itself speaks, and Verdaccio, Artifactory, Nexus and
 * GitHub Packages serve): `GET <registry>/<name>` returns the packument, every version's
 * package.json fields with `license`, plus `dist-tags`. The full packument is fetched (the
 * abbreviated "corgi" form lacks licenses) and only what we need is kept, on disk, revalidated
 * with its ETag.
 */
export class NpmRegistryClient implements RegistryClient {
  readonly ecosystem = 'npm' as const;
  private readonly packuments: CachedLookup<CompactPackument>;

  constructor(private readonly options: NpmRegistryClientOptions) {
    this.packuments = new CachedLookup<CompactPackument>({
      ...(options.cacheDir !== undefined ? { dir: options.cacheDir } : {}),
      namespace: 'npm-packuments',
      label: 'npm registry',
      isValue: isCompactPackument,
      now: options.now ?? Date.now,
      onError: (message) => options.log?.(message),
      ttlMs: 12 * 60 * 60 * 1000,
      notFoundTtlMs: 60 * 60 * 1000,
    });
  }

  hostFor(name: string): string | undefined {
    return this.hostsFor(name)[0];
  }

  /** npm asks one registry per name: its scope's, else the default. */
  hostsFor(name: string): readonly string[] {
    if (!isValidName(name) || this.options.isPrivate?.('npm', name) === true) {
      return [];
    }
    return [hostOf(registryFor(this.options.config, name))];
  }

  async listing(name: string): Promise<RegistryListing | undefined> {
    if (this.hostFor(name) === undefined) {
      return undefined;
    }
    const registry = registryFor(this.options.config, name);
    const url = `${registry}${escapedName(name)}`;
    const source = hostOf(registry);
    const compact = await this.packuments.get(`${registry}\n${name}`, (etag) => this.fetchPackument(url, etag), this.options.offline);
    if (compact === undefined) {
      return undefined;
    }
    return {
      tags: compact.tags,
      licensesListed: true,
      versions: compact.versions.map(([version, license, deprecated]) => ({
        version,
        ...(license !== null ? { license: { value: license, source } } : {}),
        ...(deprecated === 1 ? { withdrawn: true } : {}),
      })),
    };
  }

  async license(name: string, version: string): Promise<DeclaredLicense | undefined> {
    return (await this.listing(name))?.versions.find((entry) => entry.version === version)?.license;
  }

  private async fetchPackument(url: string, etag: string | undefined): Promise<LookupOutcome<CompactPackument>> {
    const authorization = authorizationFor(this.options.config, url);
    const outcome = await this.options.http.get({
      url,
      accept: 'application/json',
      maxBytes: this.options.maxPackumentBytes ?? 64 * 1024 * 1024,
      timeoutMs: 30_000,
      ...(authorization !== undefined ? { authorization } : {}),
      ...(etag !== undefined ? { etag } : {}),
    });
    switch (outcome.kind) {
      case 'ok': {
        let json: unknown;
        try {
          json = JSON.parse(outcome.bytes.toString('utf8'));
        } catch {
          this.options.http.report(hostOf(url), 'malformed', `${hostOf(url)} answered with malformed JSON`);
          return { kind: 'failed', perKey: true };
        }
        const compact = compactPackument(json);
        if (compact === undefined) {
          this.options.http.report(hostOf(url), 'malformed', `${hostOf(url)} answered with something that is not a packument`);
          return { kind: 'failed', perKey: true };
        }
        return { kind: 'found', value: compact, ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}) };
      }
      default:
        return lookupOutcomeOf(outcome);
    }
  }
}

function compactPackument(json: unknown): CompactPackument | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return undefined;
  }
  const packument = json as { 'dist-tags'?: unknown; versions?: unknown };
  if (packument.versions === null || typeof packument.versions !== 'object' || Array.isArray(packument.versions)) {
    return undefined;
  }
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  if (packument['dist-tags'] !== null && typeof packument['dist-tags'] === 'object') {
    for (const [tag, version] of Object.entries(packument['dist-tags'] as Record<string, unknown>)) {
      if (typeof version === 'string') {
        tags[tag] = version;
      }
    }
  }
  const versions: CompactPackument['versions'] = [];
  for (const [version, manifest] of Object.entries(packument.versions as Record<string, unknown>)) {
    if (manifest === null || typeof manifest !== 'object') {
      continue;
    }
    const found = licenseOfManifest(manifest as Record<string, unknown>);
    const license = found.kind === 'declared' ? found.value : found.kind === 'file' ? found.raw : null;
    const deprecated = (manifest as { deprecated?: unknown }).deprecated;
    versions.push([version, license, typeof deprecated === 'string' && deprecated !== '' ? 1 : 0]);
  }
  return { tags, versions };
}

function isCompactPackument(value: unknown): value is CompactPackument {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const candidate = value as Partial<CompactPackument>;
  return (
    candidate.tags !== null &&
    typeof candidate.tags === 'object' &&
    Array.isArray(candidate.versions) &&
    candidate.versions.every(
      (entry) =>
        Array.isArray(entry) &&
        typeof entry[0] === 'string' &&
        (entry[1] === null || typeof entry[1] === 'string' || (Array.isArray(entry[1]) && entry[1].every((item) => typeof item === 'string'))) &&
        (entry[2] === 0 || entry[2] === 1),
    )
  );
}

/** npm's own rule for what goes into a registry URL: a scoped name keeps its `@` and its slash becomes `%2f`. */
function escapedName(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1)).replace('%2F', '%2f')}` : encodeURIComponent(name);
}

/** Lower-case URL-safe names, optionally scoped, as npm accepts them; anything else is never sent. */
function isValidName(name: string): boolean {
  return name.length > 0 && name.length <= 214 && /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9._~-][a-z0-9._~-]*$/i.test(name) && !name.startsWith('.') && !name.startsWith('_');
}
