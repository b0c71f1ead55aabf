import { createHash } from 'node:crypto';
import type { DeclaredLicense } from '../../types';
import { CachedLookup, lookupOutcomeOf, type LookupOutcome } from '../cachedLookup';
import { hostOf, parseHttpUrl, type RegistryOutcome } from '../registryHttp';
import type { RegistryClient, RegistryClientFactory, RegistryContext, RegistryListing } from '../types';
import { readCargoConfig } from './cargoConfig';
import { type CargoRegistryTarget, resolveCargoRegistry } from './cargoSources';
import { CRATE_LIMITS, crateLicense } from './crateLicense';
import { downloadUrl, type IndexConfig, indexFileUrl, isValidCrateName, parseIndexConfig, parseIndexFile } from './sparseIndex';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** An index file, as much as is kept of it: the name as published, and per version `[vers, cksum, 1 when yanked]`. */
interface CompactIndexFile {
  readonly name: string;
  readonly versions: [string, string, 0 | 1][];
}

/** A version's license as read from its `.crate`; `{}` when the crate declares none. */
interface CompactLicense {
  readonly value?: string;
  readonly source?: string;
  readonly confidence?: number;
}

export interface CargoRegistryClientOptions extends RegistryContext {
  readonly target: CargoRegistryTarget;
  /** The largest crates' index files run to a few MiB; default 32 MiB. */
  readonly maxIndexFileBytes?: number;
  /** Default 20 MiB (crates.io takes uploads of 10 MB). */
  readonly maxCrateBytes?: number;
  /** Decompressed bytes read from one `.crate` at most; default 256 MiB. */
  readonly maxUnpackedBytes?: number;
}

/** The Cargo client for a folder: crates.io, or what Cargo's configuration replaces it with. */
export const createCargoRegistryClient: RegistryClientFactory = async (sources, context) => {
  const { config, files, problems } = await readCargoConfig(sources);
  const target = resolveCargoRegistry(config, 'crates-io', sources.mirror);
  if (target.kind === 'none') {
    problems.push(`Cargo: ${target.reason}`);
  }
  return { client: new CargoRegistryClient({ ...context, target }), files, problems };
};

/**
 * The sparse registry protocol (Cargo Book, "Registry Index"): `config.json` at the index root,
 * then one index file per crate listing every version (yanked ones marked), and the `.crate`
 * itself from the `dl` template, since the index carries no license. Only the license is kept of
 * a `.crate`, so it is cached for long: a published version never changes ("The JSON objects
 * should not be modified after they are added except for the `yanked` field").
 */
export class CargoRegistryClient implements RegistryClient {
  readonly ecosystem = 'cargo' as const;
  private readonly configs: CachedLookup<IndexConfig>;
  private readonly indexFiles: CachedLookup<CompactIndexFile>;
  private readonly licenses: CachedLookup<CompactLicense>;
  /** `config.json`'s `dl` template once read: `.crate` downloads go where it says. */
  private downloadTemplate: string | undefined;

  constructor(private readonly options: CargoRegistryClientOptions) {
    const common = {
      ...(options.cacheDir !== undefined ? { dir: options.cacheDir } : {}),
      now: options.now ?? Date.now,
      onError: (message: string) => options.log?.(message),
    };
    this.configs = new CachedLookup<IndexConfig>({ ...common, namespace: 'cargo-index-configs', isValue: isIndexConfig, ttlMs: DAY, notFoundTtlMs: HOUR });
    this.indexFiles = new CachedLookup<CompactIndexFile>({ ...common, namespace: 'cargo-index-files', isValue: isCompactIndexFile, ttlMs: 12 * HOUR, notFoundTtlMs: HOUR });
    this.licenses = new CachedLookup<CompactLicense>({ ...common, namespace: 'cargo-crate-licenses', isValue: isCompactLicense, ttlMs: 30 * DAY, notFoundTtlMs: 6 * HOUR });
  }

  /** The index's host; undefined for names never sent (invalid, private, or no sparse registry configured). */
  hostFor(name: string): string | undefined {
    return this.hostsFor(name)[0];
  }

  /** The index's host, then the host `.crate` files are downloaded from, once the index's `config.json` has named it. */
  hostsFor(name: string): readonly string[] {
    if (this.options.target.kind !== 'sparse' || !isValidCrateName(name) || this.options.isPrivate?.('cargo', name) === true) {
      return [];
    }
    const index = hostOf(this.options.target.indexUrl);
    // `{crate}` may stand anywhere in the template, the host included; a version is needed to fill it, not to name the host.
    const download = this.downloadTemplate === undefined ? undefined : downloadUrl(this.downloadTemplate, name, '0.0.0', '0'.repeat(64));
    return download === undefined || parseHttpUrl(download) === undefined || hostOf(download) === index ? [index] : [index, hostOf(download)];
  }

  async listing(name: string): Promise<RegistryListing | undefined> {
    const file = await this.indexFile(name);
    if (file === undefined) {
      return undefined;
    }
    return { versions: file.versions.map(([version, , yanked]) => (yanked === 1 ? { version, withdrawn: true } : { version })) };
  }

  async license(name: string, version: string): Promise<DeclaredLicense | undefined> {
    const target = this.options.target;
    if (this.hostFor(name) === undefined || target.kind !== 'sparse') {
      return undefined;
    }
    const found = await this.licenses.get(`${target.indexUrl}\n${name.toLowerCase()}\n${version}`, () => this.readCrateLicense(name, version), this.options.offline);
    return found?.value !== undefined && found.source !== undefined
      ? { value: found.value, source: found.source, ...(found.confidence !== undefined ? { confidence: found.confidence } : {}) }
      : undefined;
  }

  private async indexFile(name: string): Promise<CompactIndexFile | undefined> {
    const target = this.options.target;
    if (this.hostFor(name) === undefined || target.kind !== 'sparse') {
      return undefined;
    }
    return this.indexFiles.get(`${target.indexUrl}\n${name.toLowerCase()}`, (etag) => this.fetchIndexFile(target, name, etag), this.options.offline);
  }

  /**
   * Cargo fetches `config.json` first, without credentials; "If the server responds with an HTTP
   * 401, then Cargo will assume that the registry requires authentication and re-attempt the
   * request for `config.json` with the authentication token included" ("Sparse authentication").
   */
  private async indexConfig(target: CargoRegistryTarget & { kind: 'sparse' }): Promise<IndexConfig | undefined> {
    const config = await this.configs.get(
      target.indexUrl,
      async (etag) => {
        const url = `${target.indexUrl}config.json`;
        const request = { url, accept: 'application/json', maxBytes: 64 * 1024 };
        let outcome = await this.options.http.get({ ...request, ...(etag !== undefined ? { etag } : {}) });
        let answeredWithToken = false;
        if (outcome.kind === 'failed' && outcome.status === 401) {
          if (target.token === undefined) {
            this.options.http.report(hostOf(url), 'config', `${hostOf(url)} asks for credentials (HTTP 401) and none is configured for it with Cargo's cargo:token provider`);
            return { kind: 'failed', perKey: true };
          }
          outcome = await this.options.http.get({ ...request, authorization: target.token });
          answeredWithToken = true;
        }
        return this.decoded(outcome, url, 'a Cargo index config.json', (text) => {
          const config = parseIndexConfig(text);
          return config !== undefined && answeredWithToken ? { ...config, authRequired: true } : config;
        });
      },
      this.options.offline,
    );
    if (config !== undefined) {
      this.downloadTemplate = config.dl;
    }
    return config;
  }

  private async fetchIndexFile(target: CargoRegistryTarget & { kind: 'sparse' }, name: string, etag: string | undefined): Promise<LookupOutcome<CompactIndexFile>> {
    const config = await this.indexConfig(target);
    if (config === undefined) {
      return { kind: 'failed', perKey: false };
    }
    const url = indexFileUrl(target.indexUrl, name);
    const authorization = this.authorizationFor(target, config, url);
    const outcome = await this.options.http.get({
      url,
      accept: 'text/plain',
      maxBytes: this.options.maxIndexFileBytes ?? 32 * 1024 * 1024,
      timeoutMs: 30_000,
      ...(authorization !== undefined ? { authorization } : {}),
      ...(etag !== undefined ? { etag } : {}),
    });
    return this.decoded(outcome, url, `an index file of ${name}`, (text) => {
      const entries = parseIndexFile(text, name);
      const first = entries[0];
      return first === undefined ? undefined : { name: first.name, versions: entries.map((entry) => [entry.vers, entry.cksum, entry.yanked ? 1 : 0]) };
    });
  }

  private async readCrateLicense(name: string, version: string): Promise<LookupOutcome<CompactLicense>> {
    const target = this.options.target;
    if (target.kind !== 'sparse') {
      return { kind: 'failed', perKey: false };
    }
    const file = await this.indexFile(name);
    const config = file === undefined ? undefined : await this.indexConfig(target);
    if (file === undefined || config === undefined) {
      return { kind: 'failed', perKey: false };
    }
    const entry = file.versions.find(([vers]) => vers === version);
    if (entry === undefined) {
      return { kind: 'not-found' };
    }
    const [, cksum] = entry;
    const url = downloadUrl(config.dl, file.name, version, cksum);
    const host = hostOf(url);
    if (parseHttpUrl(url) === undefined) {
      this.options.http.report(hostOf(target.indexUrl), 'malformed', `${hostOf(target.indexUrl)}'s config.json has a download template that does not make an http(s) URL`);
      return { kind: 'failed', perKey: true };
    }
    const authorization = this.authorizationFor(target, config, url);
    const outcome = await this.options.http.get({
      url,
      accept: 'application/octet-stream',
      maxBytes: this.options.maxCrateBytes ?? 20 * 1024 * 1024,
      timeoutMs: 60_000,
      ...(authorization !== undefined ? { authorization } : {}),
    });
    if (outcome.kind !== 'ok') {
      return lookupOutcomeOf(outcome);
    }
    // Cargo verifies every download against the index's `cksum` ("A SHA256 checksum of the `.crate` file").
    if (createHash('sha256').update(outcome.bytes).digest('hex') !== cksum) {
      this.options.http.report(host, 'malformed', `${host} sent a .crate of ${file.name} ${version} whose SHA-256 differs from the index's checksum`);
      return { kind: 'failed', perKey: true };
    }
    const label = `${hostOf(target.indexUrl)}: ${file.name}-${version}.crate`;
    const read = await crateLicense(outcome.bytes, file.name, version, label, {
      ...CRATE_LIMITS,
      ...(this.options.maxUnpackedBytes !== undefined ? { maxOutputBytes: this.options.maxUnpackedBytes } : {}),
    });
    if (read.kind === 'refused') {
      this.options.http.report(host, 'malformed', `the .crate of ${file.name} ${version} from ${host} was not read: ${read.reason}`);
      return { kind: 'failed', perKey: true };
    }
    const license = read.license;
    return {
      kind: 'found',
      value:
        license === undefined
          ? {}
          : { value: typeof license.value === 'string' ? license.value : license.value.join(' AND '), source: license.source, ...(license.confidence !== undefined ? { confidence: license.confidence } : {}) },
    };
  }

  /**
   * The token goes only with requests to the index's own origin, and only when the registry says
   * `auth-required` (Cargo: "If `auth-required: true` is set in `config.json`, the `Authorization`
   * header will be included with http(s) download requests"). A `dl` on another host gets none:
   * credentials are sent only to the host they are configured for.
   */
  private authorizationFor(target: CargoRegistryTarget & { kind: 'sparse' }, config: IndexConfig, url: string): string | undefined {
    if (!config.authRequired || target.token === undefined) {
      return undefined;
    }
    return originOf(url) === originOf(target.indexUrl) ? target.token : undefined;
  }

  private decoded<T>(outcome: RegistryOutcome, url: string, what: string, decode: (text: string) => T | undefined): LookupOutcome<T> {
    if (outcome.kind !== 'ok') {
      return lookupOutcomeOf(outcome);
    }
    const value = decode(outcome.bytes.toString('utf8'));
    if (value === undefined) {
      this.options.http.report(hostOf(url), 'malformed', `${hostOf(url)} answered with something that is not ${what}`);
      return { kind: 'failed', perKey: true };
    }
    return { kind: 'found', value, ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}) };
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}



function isIndexConfig(value: unknown): value is IndexConfig {
  const candidate = value as Partial<IndexConfig> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.dl === 'string' &&
    (candidate.api === undefined || typeof candidate.api === 'string') &&
    typeof candidate.authRequired === 'boolean'
  );
}

function isCompactIndexFile(value: unknown): value is CompactIndexFile {
  const candidate = value as Partial<CompactIndexFile> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.name === 'string' &&
    Array.isArray(candidate.versions) &&
    candidate.versions.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string' && (entry[2] === 0 || entry[2] === 1))
  );
}

function isCompactLicense(value: unknown): value is CompactLicense {
  const candidate = value as CompactLicense | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    (candidate.value === undefined || typeof candidate.value === 'string') &&
    (candidate.source === undefined || typeof candidate.source === 'string') &&
    (candidate.confidence === undefined || typeof candidate.confidence === 'number')
  );
}
