import { access } from 'node:fs/promises';
import * as path from 'node:path';
import type { DeclaredLicense } from '../../types';
import { CachedLookup, lookupOutcomeOf, type LookupOutcome } from '../cachedLookup';
import { hostOf } from '../registryHttp';
import type { RegistryClient, RegistryClientFactory, RegistryConfigSources, RegistryContext, RegistryListing } from '../types';
import { type CompactPackument, isCompactPackument, readPackument } from './packument';
import { authorizationFor, type NpmRegistryConfig, readNpmConfig, registryFor } from './npmrc';


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
 * package.json fields with `license`, plus `dist-tags`, `time` (each version's publish time) and
 * `maintainers`. The full packument is fetched (the abbreviated "corgi" form lacks licenses,
 * `time`, `repository` and `maintainers`) and only what we need is kept, on disk, revalidated with
 * its ETag.
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

  /** A scoped name whose scope the configuration sends to another registry than the default one. */
  isPrivateName(name: string): boolean {
    return name.startsWith('@') && registryFor(this.options.config, name) !== this.options.config.registry;
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
      versions: compact.versions.map(([version, license, deprecated, published]) => ({
        version,
        ...(license !== null ? { license: { value: license, source } } : {}),
        ...(deprecated === 1 ? { withdrawn: true } : {}),
        ...(published !== '' ? { published } : {}),
      })),
      project: compact.project,
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
        const compact = await readPackument(outcome.bytes);
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

/** npm's own rule for what goes into a registry URL: a scoped name keeps its `@` and its slash becomes `%2f`. */
function escapedName(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1)).replace('%2F', '%2f')}` : encodeURIComponent(name);
}

/** Lower-case URL-safe names, optionally scoped, as npm accepts them; anything else is never sent. */
function isValidName(name: string): boolean {
  return name.length > 0 && name.length <= 214 && /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9._~-][a-z0-9._~-]*$/i.test(name) && !name.startsWith('.') && !name.startsWith('_');
}
