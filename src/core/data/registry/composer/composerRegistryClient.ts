import { composerLicense } from '../../composer/composerLock';
import type { DeclaredLicense } from '../../types';
import { CachedLookup, lookupOutcomeOf, type LookupOutcome } from '../cachedLookup';
import { hostOf, type RegistryOutcome } from '../registryHttp';
import type { RegistryClient, RegistryClientFactory, RegistryContext, RegistryListing } from '../types';
import { authorizationFor } from './composerAuth';
import { type ComposerRegistryConfig, type ComposerRepository, readComposerConfig } from './composerConfig';
import { type CompactPackage, type CompactRoot, type CompactVersions, parseMetadataFile, parseRootFile } from './composerMetadata';
import { isComposerName, matchesAnyNamePattern } from './packageNamePattern';

export interface ComposerRegistryClientOptions extends RegistryContext {
  readonly config: ComposerRegistryConfig;
  /** A repository's `packages.json`; those that inline every package run to many MiB. Default 32 MiB. */
  readonly maxRootBytes?: number;
  /** One package's metadata file; default 16 MiB. */
  readonly maxPackageBytes?: number;
}

const HOUR = 60 * 60 * 1000;

/** The Composer client for a folder, with the repositories and credentials Composer would use there. */
export const createComposerRegistryClient: RegistryClientFactory = async (sources, context) => {
  const { config, files, problems } = await readComposerConfig(sources);
  return { client: new ComposerRegistryClient({ ...context, config }), files, problems };
};

/**
 * The Composer v2 repository protocol (getcomposer.org "Repositories", "Composer" type): the
 * repository's `packages.json`, then its `metadata-url` with `%package%` replaced by the lower-cased
 * name (`/p2/vendor/name.json` on Packagist), whose version list may be minified. Repositories are
 * asked in Composer's order and the first that has the package answers (Composer 2 treats every
 * repository as canonical); one that filters the name out (`only`/`exclude`) or lists its packages
 * without it (`available-packages`, `available-package-patterns`) is passed over.
 *
 * Composer documents a `license` array as a choice ("Schema", `license`: "(license1 or license2)"),
 * so several licenses are passed on as one `A OR B` expression, as composer.lock licenses are.
 */
export class ComposerRegistryClient implements RegistryClient {
  readonly ecosystem = 'composer' as const;
  private readonly roots: CachedLookup<CompactRoot>;
  /** `versions: null` records that the repository answered 404: it does not have the package, so the next one is asked. */
  private readonly packages: CachedLookup<PackageAnswer>;
  private readonly inlineNames: ReadonlySet<string>;

  constructor(private readonly options: ComposerRegistryClientOptions) {
    const common = {
      ...(options.cacheDir !== undefined ? { dir: options.cacheDir } : {}),
      now: options.now ?? Date.now,
      onError: (message: string) => options.log?.(message),
    };
    this.roots = new CachedLookup<CompactRoot>({ ...common, namespace: 'composer-roots', isValue: isCompactRoot, ttlMs: 6 * HOUR, notFoundTtlMs: HOUR });
    this.packages = new CachedLookup<PackageAnswer>({ ...common, namespace: 'composer-packages', isValue: isPackageAnswer, ttlMs: 3 * HOUR });
    this.inlineNames = new Set(options.config.inlineNames);
  }

  hostFor(name: string): string | undefined {
    return this.hostsFor(name)[0];
  }

  /** Every repository that may be asked for the name, in Composer's order (`find` stops at the first that has it). */
  hostsFor(name: string): readonly string[] {
    return [...new Set(this.candidates(name).map((repository) => hostOf(repository.url)))];
  }

  async listing(name: string): Promise<RegistryListing | undefined> {
    const found = await this.find(name);
    if (found === undefined) {
      return undefined;
    }
    const source = `${hostOf(found.repository.url)} composer.json license`;
    return {
      licensesListed: true,
      versions: found.versions.map(([version, licenses, published]) => {
        const license = licenses === null ? undefined : composerLicense(licenses, source);
        return { version, ...(license !== undefined ? { license } : {}), ...(published !== '' ? { published } : {}) };
      }),
      ...(found.links !== undefined ? { project: found.links } : {}),
    };
  }

  async license(name: string, version: string): Promise<DeclaredLicense | undefined> {
    const versions = (await this.listing(name))?.versions ?? [];
    // A lock or a spec may write `6.4.8` for the tag `v6.4.8`: Composer's version parser takes both as one version.
    const bare = (text: string) => (text.startsWith('v') || text.startsWith('V') ? text.slice(1) : text);
    return (versions.find((entry) => entry.version === version) ?? versions.find((entry) => bare(entry.version) === bare(version)))?.license;
  }

  /** The repositories that may be asked for a name, in Composer's order; none for names never sent. */
  private candidates(name: string): readonly ComposerRepository[] {
    const lower = name.toLowerCase();
    if (!isComposerName(lower) || this.inlineNames.has(lower) || this.options.isPrivate?.('composer', name) === true) {
      return [];
    }
    return this.options.config.repositories.filter(
      (repository) => (repository.only === undefined || matchesAnyNamePattern(lower, repository.only)) && (repository.exclude === undefined || !matchesAnyNamePattern(lower, repository.exclude)),
    );
  }

  /**
   * The first repository that has the package. A repository that cannot be read (down, refusing
   * us, or only offering Composer 1 metadata) ends the search: the package might be
   * there, and asking the next one could send a private name to a public host. A package given
   * inline in `packages.json` comes without links: only its versions are kept of it.
   */
  private async find(name: string): Promise<{ repository: ComposerRepository; versions: CompactVersions; links?: CompactPackage['links'] } | undefined> {
    const lower = name.toLowerCase();
    for (const repository of this.candidates(name)) {
      const root = await this.roots.get(repository.packagesJsonUrl, (etag) => this.fetchRoot(repository, etag), this.options.offline);
      if (root === undefined) {
        return undefined;
      }
      // Read back from the disk cache, `inline` is a plain object: only its own keys count.
      const inline = root.inline !== null && Object.prototype.hasOwnProperty.call(root.inline, lower) ? root.inline[lower] : undefined;
      if (inline !== undefined) {
        return { repository, versions: inline };
      }
      if (root.metadataUrl === null) {
        if (root.providersOnly) {
          const host = hostOf(repository.url);
          this.options.http.report(host, 'config', `${host} only offers Composer 1 metadata (provider or include files), which is not supported`);
          return undefined;
        }
        continue;
      }
      const listed = root.available !== null || root.patterns !== null;
      if (listed && !(root.available?.includes(lower) ?? false) && !matchesAnyNamePattern(lower, root.patterns ?? [])) {
        continue;
      }
      const url = root.metadataUrl.split('%package%').join(lower);
      const answer = await this.packages.get(url, (etag) => this.fetchPackage(url, lower, etag), this.options.offline);
      if (answer === undefined) {
        return undefined;
      }
      if (answer.versions !== null) {
        return { repository, versions: answer.versions, links: answer.links };
      }
    }
    return undefined;
  }

  private async fetchRoot(repository: ComposerRepository, etag: string | undefined): Promise<LookupOutcome<CompactRoot>> {
    const outcome = await this.get(repository.packagesJsonUrl, this.options.maxRootBytes ?? 32 * 1024 * 1024, etag);
    const host = hostOf(repository.url);
    if (outcome.kind === 'not-found') {
      this.options.http.report(host, 'http', `${host} has no packages.json: not a Composer repository`);
      return { kind: 'failed', perKey: true };
    }
    if (outcome.kind !== 'ok') {
      return lookupOutcomeOf(outcome);
    }
    const root = parseRootFile(parseJson(outcome.bytes), repository.url);
    if ('problem' in root) {
      this.options.http.report(host, 'malformed', `${host}: packages.json ${root.problem}`);
      return { kind: 'failed', perKey: true };
    }
    return { kind: 'found', value: root, ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}) };
  }

  private async fetchPackage(url: string, name: string, etag: string | undefined): Promise<LookupOutcome<PackageAnswer>> {
    const outcome = await this.get(url, this.options.maxPackageBytes ?? 16 * 1024 * 1024, etag);
    if (outcome.kind === 'not-found') {
      // "Any requested package which does not exist MUST return a 404 status code" (Repositories, metadata-url).
      return { kind: 'found', value: { versions: null } };
    }
    if (outcome.kind !== 'ok') {
      return lookupOutcomeOf(outcome);
    }
    const found = parseMetadataFile(parseJson(outcome.bytes), name);
    if (found === undefined) {
      const host = hostOf(url);
      this.options.http.report(host, 'malformed', `${host} answered with something that is not Composer package metadata`);
      return { kind: 'failed', perKey: true };
    }
    return { kind: 'found', value: found, ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}) };
  }

  /** Credentials go only with a request to the origin they are configured for. */
  private get(url: string, maxBytes: number, etag: string | undefined): Promise<RegistryOutcome> {
    const authorization = authorizationFor(this.options.config.credentials, url);
    return this.options.http.get({
      url,
      accept: 'application/json',
      maxBytes,
      timeoutMs: 30_000,
      ...(authorization !== undefined ? { authorization } : {}),
      ...(etag !== undefined ? { etag } : {}),
    });
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Three fields: a list cached before the release day was kept (two) is fetched again, not revalidated into a 304 that would keep it. */
function isCompactVersions(value: unknown): value is CompactVersions {
  return (
    Array.isArray(value) &&
    value.every(
      (entry) =>
        Array.isArray(entry) &&
        typeof entry[0] === 'string' &&
        (entry[1] === null || (Array.isArray(entry[1]) && entry[1].every((item) => typeof item === 'string'))) &&
        typeof entry[2] === 'string',
    )
  );
}

/** `versions: null`: the repository does not have the package. */
type PackageAnswer = CompactPackage | { readonly versions: null; readonly links?: undefined };

function isPackageAnswer(value: unknown): value is PackageAnswer {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const { versions, links } = value as { versions?: unknown; links?: unknown };
  if (versions === null) {
    return true;
  }
  if (!isCompactVersions(versions) || links === null || typeof links !== 'object') {
    return false;
  }
  const { repository, funding } = links as { repository?: unknown; funding?: unknown };
  return (repository === undefined || typeof repository === 'string') && (funding === undefined || (Array.isArray(funding) && funding.every((url) => typeof url === 'string')));
}

function isStringListOrNull(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function isCompactRoot(value: unknown): value is CompactRoot {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const root = value as Partial<CompactRoot>;
  return (
    (root.metadataUrl === null || typeof root.metadataUrl === 'string') &&
    isStringListOrNull(root.available) &&
    isStringListOrNull(root.patterns) &&
    typeof root.providersOnly === 'boolean' &&
    (root.inline === null || (typeof root.inline === 'object' && root.inline !== undefined && Object.values(root.inline).every(isCompactVersions)))
  );
}
