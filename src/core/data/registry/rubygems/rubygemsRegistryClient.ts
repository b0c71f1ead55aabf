import type { DeclaredLicense } from '../../types';
import { CachedLookup, lookupOutcomeOf, type LookupOutcome } from '../cachedLookup';
import { hostOf, type RegistryOutcome } from '../registryHttp';
import type { RegistryClient, RegistryClientFactory, RegistryContext, RegistryListing } from '../types';
import { type GemSource, readRubygemsConfig, type RubygemsRegistryConfig } from './rubygemsConfig';
import { type GemVersionEntry, isGemVersion, parseCompactInfo, parseVersionsApi, parseVersionV2 } from './rubygemsAnswers';

/**
 * What is kept of a gem's versions: where they came from and, per number, its platforms, licenses
 * and the day it was pushed (`YYYY-MM-DD`, '' from the compact index). The day was added later: a
 * listing cached without it fails `isCompactListing` and is fetched again, not revalidated into a
 * 304 that would keep it.
 */
interface CompactGemListing {
  /** `api`: the versions API (licenses and days included); `info`: the compact index (neither). */
  readonly via: 'api' | 'info';
  readonly versions: [string, string[], string[] | null, string][];
}

interface CompactVersionLicense {
  readonly licenses: string[] | null;
}

export interface RubygemsRegistryClientOptions extends RegistryContext {
  readonly config: RubygemsRegistryConfig;
  /** `versions/<gem>.json` of a gem with many platform builds runs to a few MiB; default 16 MiB. */
  readonly maxListingBytes?: number;
  /** One version's v2 answer; default 1 MiB. */
  readonly maxVersionBytes?: number;
}

const HOUR = 60 * 60 * 1000;

/** The RubyGems client for a folder, with the sources and credentials Bundler would use there. */
export const createRubygemsRegistryClient: RegistryClientFactory = async (sources, context) => {
  const { config, files, problems } = await readRubygemsConfig(sources);
  return { client: new RubygemsRegistryClient({ ...context, config }), files, problems };
};

/**
 * The protocol of rubygems.org and of the servers compatible with it (guides.rubygems.org
 * "RubyGems.org API" and "Compact Index API"). Versions come from `GET /api/v1/versions/<gem>.json`,
 * which carries every version's gemspec `licenses`; a server without that API (a 404 there while the
 * compact index has the gem) is asked `GET /info/<gem>` for the versions and
 * `GET /api/v2/rubygems/<gem>/versions/<version>.json` for one version's licenses.
 *
 * A gemspec's `licenses` list states no relation between its entries, so several are passed on as a
 * list, which the evaluator reads as the cautious AND and shows as listed.
 */
export class RubygemsRegistryClient implements RegistryClient {
  readonly ecosystem = 'rubygems' as const;
  private readonly listings: CachedLookup<CompactGemListing>;
  private readonly versionLicenses: CachedLookup<CompactVersionLicense>;
  /** Servers seen to lack the versions API, for this client's life: asked through the compact index straight away. */
  private readonly withoutVersionsApi = new Set<string>();

  constructor(private readonly options: RubygemsRegistryClientOptions) {
    const common = {
      ...(options.cacheDir !== undefined ? { dir: options.cacheDir } : {}),
      now: options.now ?? Date.now,
      onError: (message: string) => options.log?.(message),
    };
    this.listings = new CachedLookup<CompactGemListing>({ ...common, namespace: 'rubygems-listings', isValue: isCompactListing, ttlMs: 6 * HOUR, notFoundTtlMs: HOUR });
    // A published version's gemspec never changes.
    this.versionLicenses = new CachedLookup<CompactVersionLicense>({ ...common, namespace: 'rubygems-version-licenses', isValue: isVersionLicense, ttlMs: 30 * 24 * HOUR });
  }

  hostFor(name: string): string | undefined {
    return this.hostsFor(name)[0];
  }

  /** The gem's block or option source, else every global source, as `find` asks them in turn. */
  hostsFor(name: string): readonly string[] {
    if (!isGemName(name) || this.options.isPrivate?.('rubygems', name) === true) {
      return [];
    }
    return [...new Set(this.sourcesFor(name).map((source) => hostOf(source.fetchUrl)))];
  }

  async listing(name: string): Promise<RegistryListing | undefined> {
    const found = await this.find(name);
    if (found === undefined) {
      return undefined;
    }
    const host = hostOf(found.source.fetchUrl);
    const listed = found.listing.via === 'api';
    return {
      licensesListed: listed,
      versions: found.listing.versions.map(([version, , licenses, published]) => {
        const license = listed ? declared(licenses, host) : undefined;
        return { version, ...(license !== undefined ? { license } : {}), ...(published !== '' ? { published } : {}) };
      }),
    };
  }

  async license(name: string, written: string): Promise<DeclaredLicense | undefined> {
    // `1.16.5-x86_64-linux` (a lockfile's platform build) is version 1.16.5: the first `-` splits the platform off.
    const version = written.split('-')[0];
    if (!isGemVersion(version)) {
      return undefined;
    }
    const found = await this.find(name);
    if (found === undefined) {
      return undefined;
    }
    const { source, listing } = found;
    const host = hostOf(source.fetchUrl);
    const entry = listing.versions.find(([number]) => number === version);
    if (listing.via === 'api') {
      return entry === undefined ? undefined : declared(entry[2], host);
    }
    // A version built only for other platforms is asked for with one of them (the API's `platform` parameter).
    const platform = entry !== undefined && !entry[1].includes('ruby') ? entry[1][0] : undefined;
    const url = `${source.fetchUrl}api/v2/rubygems/${name}/versions/${version}.json${platform !== undefined ? `?platform=${encodeURIComponent(platform)}` : ''}`;
    const answer = await this.versionLicenses.get(`${source.fetchUrl}\n${name}\n${version}`, (etag) => this.fetchVersion(url, source, etag), this.options.offline);
    return answer === undefined ? undefined : declared(answer.licenses, host);
  }

  /** A gem's source (Gemfile(5) "Source priority"): its block or option source alone, else the global sources in turn. */
  private sourcesFor(name: string): readonly GemSource[] {
    const scoped = this.options.config.scoped[name];
    return scoped !== undefined ? [scoped] : this.options.config.global;
  }

  private async find(name: string): Promise<{ source: GemSource; listing: CompactGemListing } | undefined> {
    if (this.hostFor(name) === undefined) {
      return undefined;
    }
    for (const source of this.sourcesFor(name)) {
      const listing = await this.listings.get(`${source.fetchUrl}\n${name}`, (etag) => this.fetchListing(source, name, etag), this.options.offline);
      if (listing !== undefined) {
        return { source, listing };
      }
    }
    return undefined;
  }

  /** The stored ETag is tagged with the endpoint that gave it (`api …`, `info …`), so it is only sent back there. */
  private async fetchListing(source: GemSource, name: string, taggedEtag: string | undefined): Promise<LookupOutcome<CompactGemListing>> {
    const space = taggedEtag?.indexOf(' ') ?? -1;
    const etagOf = (via: 'api' | 'info'): string | undefined => (taggedEtag !== undefined && space > 0 && taggedEtag.slice(0, space) === via ? taggedEtag.slice(space + 1) : undefined);
    const host = hostOf(source.fetchUrl);
    let apiMissing = false;
    if (!this.withoutVersionsApi.has(source.fetchUrl)) {
      const outcome = await this.get(`${source.fetchUrl}api/v1/versions/${name}.json`, source, 'application/json', this.options.maxListingBytes ?? 16 * 1024 * 1024, etagOf('api'));
      if (outcome.kind === 'ok') {
        const versions = parseVersionsApi(parseJson(outcome.bytes));
        if (versions !== undefined) {
          return found('api', versions, outcome.etag);
        }
        this.options.http.report(host, 'malformed', `${host} answered the versions API with something that is not a version list`);
      } else if (outcome.kind === 'not-found') {
        apiMissing = true;
      } else if (outcome.kind === 'not-modified' || !fallsBack(outcome)) {
        return lookupOutcomeOf(outcome);
      }
    }
    const outcome = await this.get(`${source.fetchUrl}info/${name}`, source, 'text/plain', this.options.maxListingBytes ?? 16 * 1024 * 1024, etagOf('info'));
    if (apiMissing && (outcome.kind === 'ok' || outcome.kind === 'not-modified')) {
      this.withoutVersionsApi.add(source.fetchUrl);
    }
    if (outcome.kind !== 'ok') {
      return lookupOutcomeOf(outcome);
    }
    const versions = parseCompactInfo(outcome.bytes.toString('utf8'));
    if (versions === undefined) {
      this.options.http.report(host, 'malformed', `${host} answered the compact index with something that is not an info file`);
      return { kind: 'failed', perKey: true };
    }
    return found('info', versions, outcome.etag);
  }

  private async fetchVersion(url: string, source: GemSource, etag: string | undefined): Promise<LookupOutcome<CompactVersionLicense>> {
    const outcome = await this.get(url, source, 'application/json', this.options.maxVersionBytes ?? 1024 * 1024, etag);
    if (outcome.kind !== 'ok') {
      return lookupOutcomeOf(outcome);
    }
    const answer = parseVersionV2(parseJson(outcome.bytes));
    if (answer === undefined) {
      const host = hostOf(source.fetchUrl);
      this.options.http.report(host, 'malformed', `${host} answered the version API with something that is not a version`);
      return { kind: 'failed', perKey: true };
    }
    return { kind: 'found', value: answer, ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}) };
  }

  /** Every request of this client goes to a source's own URL, with that source's credentials only. */
  private get(url: string, source: GemSource, accept: string, maxBytes: number, etag: string | undefined): Promise<RegistryOutcome> {
    return this.options.http.get({
      url,
      accept,
      maxBytes,
      timeoutMs: 30_000,
      ...(source.authorization !== undefined ? { authorization: source.authorization } : {}),
      ...(etag !== undefined ? { etag } : {}),
    });
  }
}

function found(via: 'api' | 'info', versions: readonly GemVersionEntry[], etag: string | undefined): LookupOutcome<CompactGemListing> {
  return {
    kind: 'found',
    value: { via, versions: versions.map((entry) => [entry.number, [...entry.platforms], entry.licenses === null ? null : [...entry.licenses], entry.published]) },
    ...(etag !== undefined ? { etag: `${via} ${etag}` } : {}),
  };
}

/** After the versions API fails, the compact index is still tried, unless the server is unreachable or refused us. */
function fallsBack(outcome: RegistryOutcome): boolean {
  return outcome.kind === 'failed' && (outcome.failure === 'malformed' || (outcome.failure === 'http' && outcome.status !== 401 && outcome.status !== 403));
}

/** One license as a string, several as the list the gemspec gave (no relation stated). */
function declared(licenses: readonly string[] | null, host: string): DeclaredLicense | undefined {
  if (licenses === null || licenses.length === 0) {
    return undefined;
  }
  return licenses.length === 1 ? { value: licenses[0], source: `${host} gemspec license` } : { value: [...licenses], source: `${host} gemspec licenses` };
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Names RubyGems accepts (letters, digits, `.`, `_`, `-`, at least one letter or digit); anything else is never sent. */
export function isGemName(name: string): boolean {
  return name.length > 0 && name.length <= 200 && /^[A-Za-z0-9._-]+$/.test(name) && /[A-Za-z0-9]/.test(name);
}

function isCompactListing(value: unknown): value is CompactGemListing {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const candidate = value as Partial<CompactGemListing>;
  return (
    (candidate.via === 'api' || candidate.via === 'info') &&
    Array.isArray(candidate.versions) &&
    candidate.versions.every(
      (entry) =>
        Array.isArray(entry) &&
        typeof entry[0] === 'string' &&
        Array.isArray(entry[1]) &&
        entry[1].every((item) => typeof item === 'string') &&
        (entry[2] === null || (Array.isArray(entry[2]) && entry[2].every((item) => typeof item === 'string'))) &&
        typeof entry[3] === 'string',
    )
  );
}

function isVersionLicense(value: unknown): value is CompactVersionLicense {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const licenses = (value as Partial<CompactVersionLicense>).licenses;
  return licenses === null || (Array.isArray(licenses) && licenses.every((item) => typeof item === 'string'));
}
