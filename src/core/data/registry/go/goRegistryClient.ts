import { coerceVersion } from '../../../policy/versions';
import type { DeclaredLicense } from '../../types';
import { CachedLookup, type LookupOutcome } from '../cachedLookup';
import type { RegistryRequest } from '../registryHttp';
import type { RegistryClient, RegistryClientFactory, RegistryContext, RegistryListing } from '../types';
import { type GoRegistryConfig, readGoRegistryConfig } from './goConfig';
import { isRetracted, readRetractions } from './goModRetract';
import type { ProxyEntry } from './goProxyList';
import { isPseudoVersion, isValidModulePath, isValidVersion, proxyPathOf, versionFitsPath } from './moduleNames';
import { netrcAuthorization } from './netrc';
import { matchPrefixPatterns } from './prefixPatterns';
import { DEFAULT_ZIP_LICENSE_LIMITS, licenseFromModuleZip, type ZipLicenseLimits } from './zipLicense';

export interface GoRegistryClientOptions extends RegistryContext {
  readonly config: GoRegistryConfig;
  /** Module zips bigger than this are not downloaded (the go command allows 500 MiB); default 50 MiB. */
  readonly maxZipBytes?: number;
  readonly zipLimits?: ZipLicenseLimits;
}

/** The Go client for a folder, configured as the go command would be for this user. */
export const createGoRegistryClient: RegistryClientFactory = async (sources, context) => {
  const { config, files, problems } = await readGoRegistryConfig(sources);
  return { client: new GoRegistryClient({ ...context, config }), files, problems };
};

/** `[version, 1 when retracted]`, oldest first. */
interface CompactListing {
  readonly v: [string, 0 | 1][];
}

/** What a module zip said: the ids found (null: none), the proxy and files they came from. */
interface CompactLicense {
  readonly ids: string[] | null;
  readonly host: string;
  readonly files: string[];
  readonly c: number;
  readonly several: 0 | 1;
}

/** One proxy's answer to one operation; `content`: the answer itself was unusable (too large, not a zip), which will not change. */
type Attempt<T> = { readonly kind: 'found'; readonly value: T } | { readonly kind: 'not-found' } | { readonly kind: 'failed'; readonly content?: boolean };

type Tried<T> = { readonly kind: 'found'; readonly value: T; readonly host: string } | { readonly kind: 'not-found' } | { readonly kind: 'failed'; readonly content: boolean };

const MAX_LIST_BYTES = 4 * 1024 * 1024;
const MAX_INFO_BYTES = 64 * 1024;
const MAX_GO_MOD_BYTES = 1024 * 1024;
const DEFAULT_MAX_ZIP_BYTES = 50 * 1024 * 1024;

/**
 * The GOPROXY protocol (Go Modules Reference § "`GOPROXY` protocol"): `<proxy>/<module>/@v/list`
 * for versions (`@latest` when it lists none), `@v/<version>.mod` of the latest version for its
 * `retract` directives, `@v/<version>.zip` for the license files. Each operation walks the
 * `GOPROXY` list as the go command does (§ "Module proxies": after `,` only 404/410 falls through,
 * after `|` any error does; `direct` and `off` end it, and we never fetch from version control).
 * Modules matching `GOPRIVATE`/`GONOPROXY` (§ "Private modules") are never sent anywhere.
 */
export class GoRegistryClient implements RegistryClient {
  readonly ecosystem = 'go' as const;
  private readonly listings: CachedLookup<CompactListing>;
  private readonly licenses: CachedLookup<CompactLicense>;
  /** The proxy list in the cache keys: another configuration has answers of its own. */
  private readonly configKey: string;

  constructor(private readonly options: GoRegistryClientOptions) {
    const common = {
      ...(options.cacheDir !== undefined ? { dir: options.cacheDir } : {}),
      now: options.now ?? Date.now,
      onError: (message: string): void => options.log?.(message),
    };
    this.listings = new CachedLookup<CompactListing>({
      ...common,
      namespace: 'go-listings',
      isValue: isCompactListing,
      ttlMs: 12 * 60 * 60 * 1000,
      notFoundTtlMs: 60 * 60 * 1000,
    });
    // § "GOPROXY protocol": a proxy must always serve the same .zip for a version, so its license is kept long.
    this.licenses = new CachedLookup<CompactLicense>({
      ...common,
      namespace: 'go-licenses',
      isValue: isCompactLicense,
      ttlMs: 30 * 24 * 60 * 60 * 1000,
      maxStaleMs: 365 * 24 * 60 * 60 * 1000,
      notFoundTtlMs: 60 * 60 * 1000,
    });
    this.configKey = options.config.proxies
      .map((entry) => (entry.kind === 'proxy' ? `${entry.base}${entry.fallBackOnError ? '|' : ','}` : entry.kind))
      .join(' ');
  }

  hostFor(name: string): string | undefined {
    return this.hostsFor(name)[0];
  }

  /**
   * The proxies `tryProxies` may reach, in order: every one up to `direct` or `off` (a 404 falls
   * through any separator), except past an entry we cannot ask (`file://`) that is not followed by `|`.
   */
  hostsFor(name: string): readonly string[] {
    if (!this.sendable(name)) {
      return [];
    }
    const hosts: string[] = [];
    for (const entry of this.options.config.proxies) {
      if (entry.kind === 'off' || entry.kind === 'direct' || (entry.kind === 'unsupported' && !entry.fallBackOnError)) {
        break;
      }
      if (entry.kind === 'proxy' && !hosts.includes(entry.host)) {
        hosts.push(entry.host);
      }
    }
    return hosts;
  }

  async listing(name: string): Promise<RegistryListing | undefined> {
    if (this.hostFor(name) === undefined) {
      return undefined;
    }
    const compact = await this.listings.get(`${this.configKey}\n${name}`, () => this.fetchListing(name), this.options.offline);
    if (compact === undefined) {
      return undefined;
    }
    return { versions: compact.v.map(([version, retracted]) => ({ version, ...(retracted === 1 ? { withdrawn: true } : {}) })) };
  }

  async license(name: string, version: string): Promise<DeclaredLicense | undefined> {
    if (this.hostFor(name) === undefined || !isValidVersion(version) || !versionFitsPath(name, version)) {
      return undefined;
    }
    const compact = await this.licenses.get(`${this.configKey}\n${name}@${version}`, () => this.fetchLicense(name, version), this.options.offline);
    if (compact === undefined || compact.ids === null || compact.ids.length === 0) {
      return undefined;
    }
    const files = compact.files.join(', ');
    const several = compact.several === 1 ? ` (${compact.ids.length} licenses in one file)` : '';
    return {
      value: compact.ids.length === 1 ? compact.ids[0] : [...compact.ids],
      source: `${compact.host}: ${name}@${version}/${files} text${several}`,
      confidence: compact.c,
    };
  }

  /** `GOPRIVATE` / `GONOPROXY` modules (the go command's "Private modules"). */
  isPrivateName(name: string): boolean {
    return matchPrefixPatterns(this.options.config.noProxy, name) || matchPrefixPatterns(this.options.config.private, name);
  }

  /** A valid module path that no rule keeps on this machine. */
  private sendable(name: string): boolean {
    const { config } = this.options;
    return (
      isValidModulePath(name) &&
      this.options.isPrivate?.('go', name) !== true &&
      !matchPrefixPatterns(config.noProxy, name) &&
      // Stricter than the go command, which sends GOPRIVATE modules to the proxies when GONOPROXY is set otherwise: private names stay here.
      !matchPrefixPatterns(config.private, name)
    );
  }

  private async fetchListing(name: string): Promise<LookupOutcome<CompactListing>> {
    const found = await this.tryProxies((proxy) => this.versionsFrom(proxy, name));
    if (found.kind !== 'found') {
      return outcomeOf(found);
    }
    const versions = found.value;
    const intervals = readRetractions((await this.retractionsSource(name, versions)) ?? '');
    return { kind: 'found', value: { v: versions.map((version) => [version, isRetracted(version, intervals) ? 1 : 0]) } };
  }

  /**
   * The go.mod holding the retractions in force: the latest version's, retractions ignored (§ "`retract`
   * directive"). Latest is the highest release, else the highest pre-release; `+incompatible` versions
   * count only when the highest compatible version has no go.mod of its own (cmd/go/internal/modload
   * `filterVersions`, golang.org/issue/34165).
   */
  private async retractionsSource(name: string, versions: readonly string[]): Promise<string | undefined> {
    const compatible = versions.filter((version) => !version.endsWith('+incompatible'));
    let candidates = versions;
    let lastCompatibleMod: { version: string; text: string | undefined } | undefined;
    if (compatible.length > 0 && compatible.length < versions.length) {
      const lastCompatible = compatible[compatible.length - 1];
      const text = await this.goMod(name, lastCompatible);
      lastCompatibleMod = { version: lastCompatible, text };
      // The proxy serves `module <path>` alone for a version without go.mod (§ "GOPROXY protocol", `.mod`).
      if (text !== undefined && text !== `module ${name}\n`) {
        candidates = compatible;
      }
    }
    const releases = candidates.filter((version) => (coerceVersion(version, 'go')?.prerelease.length ?? 1) === 0);
    const latest = releases.length > 0 ? releases[releases.length - 1] : candidates[candidates.length - 1];
    if (latest === undefined) {
      return undefined;
    }
    return latest === lastCompatibleMod?.version ? lastCompatibleMod.text : this.goMod(name, latest);
  }

  private async goMod(name: string, version: string): Promise<string | undefined> {
    const found = await this.tryProxies(async (proxy) => {
      const outcome = await this.get(proxy, name, `@v/${proxyPathOf(version)}.mod`, MAX_GO_MOD_BYTES, 'text/plain');
      return outcome.kind === 'ok' ? { kind: 'found', value: outcome.bytes.toString('utf8') } : outcome;
    });
    return found.kind === 'found' ? found.value : undefined;
  }

  /** `@v/list` (tagged versions only, as the go command reads it), else `@latest`, else the newest pseudo-version listed. */
  private async versionsFrom(proxy: Extract<ProxyEntry, { kind: 'proxy' }>, name: string): Promise<Attempt<string[]>> {
    const list = await this.get(proxy, name, '@v/list', MAX_LIST_BYTES, 'text/plain');
    if (list.kind !== 'ok') {
      return list;
    }
    const tagged = new Set<string>();
    let newestPseudo: { version: string; time: string } | undefined;
    for (const line of list.bytes.toString('utf8').split('\n')) {
      const version = line.trim().split(/[ \t\r]+/)[0];
      // A version the path cannot have (v2.0.0 of a path without /v2) is not the module's (module.CheckPathMajor).
      if (version === undefined || !isValidVersion(version) || !versionFitsPath(name, version)) {
        continue;
      }
      if (!isPseudoVersion(version)) {
        tagged.add(version);
      } else {
        const time = pseudoVersionTime(version);
        if (newestPseudo === undefined || time > newestPseudo.time) {
          newestPseudo = { version, time };
        }
      }
    }
    if (tagged.size > 0) {
      return { kind: 'found', value: sortVersions([...tagged]) };
    }
    const latest = await this.get(proxy, name, '@latest', MAX_INFO_BYTES, 'application/json');
    if (latest.kind === 'ok') {
      const version = infoVersion(latest.bytes);
      if (version === undefined || !versionFitsPath(name, version)) {
        this.options.http.report(proxy.host, 'malformed', `${proxy.host} answered @latest of ${name} with something that is not version information`);
        return { kind: 'failed' };
      }
      return { kind: 'found', value: [version] };
    }
    if (latest.kind === 'not-found') {
      return newestPseudo === undefined ? { kind: 'not-found' } : { kind: 'found', value: [newestPseudo.version] };
    }
    return latest;
  }

  private async fetchLicense(name: string, version: string): Promise<LookupOutcome<CompactLicense>> {
    const maxZipBytes = this.options.maxZipBytes ?? DEFAULT_MAX_ZIP_BYTES;
    const found = await this.tryProxies(async (proxy): Promise<Attempt<CompactLicense>> => {
      const zip = await this.get(proxy, name, `@v/${proxyPathOf(version)}.zip`, maxZipBytes, 'application/zip', 120_000);
      if (zip.kind !== 'ok') {
        return zip;
      }
      const read = licenseFromModuleZip(zip.bytes, name, version, this.options.zipLimits ?? DEFAULT_ZIP_LICENSE_LIMITS);
      if (read.unreadable !== undefined) {
        this.options.http.report(proxy.host, 'malformed', `${proxy.host} served a zip of ${name}@${version} that cannot be read (${read.unreadable})`);
        return { kind: 'failed', content: true };
      }
      if (read.problems.length > 0) {
        this.options.http.report(proxy.host, 'malformed', `${proxy.host}: in the zip of ${name}@${version}, ${read.problems.join('; ')}`);
      }
      const license = read.license;
      return {
        kind: 'found',
        value: {
          ids: license === undefined ? null : [...license.ids],
          host: proxy.host,
          files: license === undefined ? [] : [...license.files],
          c: license?.confidence ?? 0,
          several: license?.several === true ? 1 : 0,
        },
      };
    });
    if (found.kind === 'failed' && found.content) {
      // A version's zip never changes (§ "GOPROXY protocol"): one too large or unreadable stays so; remember "no license".
      return { kind: 'found', value: { ids: null, host: '', files: [], c: 0, several: 0 } };
    }
    return outcomeOf(found);
  }

  /**
   * cmd/go/internal/modfetch `TryProxies`: each proxy in turn until one answers; 404/410 falls
   * through to the next; any other error ends the walk unless the proxy is followed by `|`.
   * `direct` and `off` end it with no answer.
   */
  private async tryProxies<T>(operation: (proxy: Extract<ProxyEntry, { kind: 'proxy' }>) => Promise<Attempt<T>>): Promise<Tried<T>> {
    let failure: { content: boolean } | undefined;
    for (const entry of this.options.config.proxies) {
      if (entry.kind === 'off' || entry.kind === 'direct') {
        break;
      }
      const attempt: Attempt<T> = entry.kind === 'proxy' ? await operation(entry) : { kind: 'failed' };
      if (attempt.kind === 'found') {
        return { kind: 'found', value: attempt.value, host: entry.kind === 'proxy' ? entry.host : '' };
      }
      if (attempt.kind === 'failed') {
        failure = { content: attempt.content === true };
        if (!entry.fallBackOnError) {
          break;
        }
      }
    }
    return failure === undefined ? { kind: 'not-found' } : { kind: 'failed', content: failure.content };
  }

  private async get(
    proxy: Extract<ProxyEntry, { kind: 'proxy' }>,
    name: string,
    tail: string,
    maxBytes: number,
    accept: string,
    timeoutMs?: number,
  ): Promise<{ kind: 'ok'; bytes: Buffer } | { kind: 'not-found' } | { kind: 'failed'; content?: boolean }> {
    const authorization = proxy.authorization ?? netrcAuthorization(this.options.config.netrc, proxy.host, hostnameOf(proxy.host));
    const request: RegistryRequest = {
      url: `${proxy.base}${proxyPathOf(name)}/${tail}`,
      maxBytes,
      accept,
      ...(authorization !== undefined ? { authorization } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    };
    const outcome = await this.options.http.get(request);
    switch (outcome.kind) {
      case 'ok':
        return { kind: 'ok', bytes: outcome.bytes };
      case 'not-found':
        return { kind: 'not-found' };
      case 'failed':
        return { kind: 'failed', content: outcome.failure === 'too-large' };
      default:
        // `not-modified` cannot come back (no ETag is sent); `skipped`: the host is paused after failures.
        return { kind: 'failed' };
    }
  }
}

function outcomeOf<T>(tried: Tried<T>): LookupOutcome<T> {
  switch (tried.kind) {
    case 'found':
      return { kind: 'found', value: tried.value };
    case 'not-found':
      return { kind: 'not-found' };
    case 'failed':
      return { kind: 'failed', perKey: tried.content };
  }
}

/** golang.org/x/mod/semver order (`SortVersions`: equal versions by text). */
function sortVersions(versions: string[]): string[] {
  const parsed = versions.map((version) => ({ version, semver: coerceVersion(version, 'go') }));
  parsed.sort((a, b) => (a.semver !== null && b.semver !== null ? a.semver.compare(b.semver) : 0) || (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  return parsed.map((entry) => entry.version);
}

/** The `yyyymmddhhmmss` of a pseudo-version (§ "Pseudo-versions"), comparable as text. */
function pseudoVersionTime(version: string): string {
  const withoutBuild = version.split('+')[0];
  const parts = withoutBuild.split('-');
  const stamp = parts[parts.length - 2] ?? '';
  return stamp.slice(-14);
}

/** The `Version` of an `.info` / `@latest` answer (§ "GOPROXY protocol": a JSON object, `Version` required). */
function infoVersion(bytes: Buffer): string | undefined {
  try {
    const info = JSON.parse(bytes.toString('utf8')) as unknown;
    const version = info !== null && typeof info === 'object' ? (info as { Version?: unknown }).Version : undefined;
    return typeof version === 'string' && isValidVersion(version) ? version : undefined;
  } catch {
    return undefined;
  }
}

function hostnameOf(host: string): string {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return host;
  }
}

function isCompactListing(value: unknown): value is CompactListing {
  return (
    value !== null &&
    typeof value === 'object' &&
    Array.isArray((value as CompactListing).v) &&
    (value as CompactListing).v.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && (entry[1] === 0 || entry[1] === 1))
  );
}

function isCompactLicense(value: unknown): value is CompactLicense {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const candidate = value as Partial<CompactLicense>;
  return (
    (candidate.ids === null || (Array.isArray(candidate.ids) && candidate.ids.every((id) => typeof id === 'string'))) &&
    typeof candidate.host === 'string' &&
    Array.isArray(candidate.files) &&
    candidate.files.every((file) => typeof file === 'string') &&
    typeof candidate.c === 'number' &&
    (candidate.several === 0 || candidate.several === 1)
  );
}
