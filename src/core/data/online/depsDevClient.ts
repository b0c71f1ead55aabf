import type { Ecosystem } from '../../manifests/types';
import {
  DEPS_DEV_SYSTEMS,
  type DepsDevSystem,
  isProjectInfo,
  isProjectKey,
  isVersionInfo,
  type PackageHealth,
  parseProject,
  parseVersion,
  type ProjectInfo,
  requestName,
  SCORECARD_SOURCE,
  type VersionInfo,
  type VersionRequest,
  versionRequestKey,
  weakestChecks,
} from './depsDevTypes';
import { defaultFetch, type FailureKind, type FetchLike, type HttpOutcome, requestJson } from './http';
import { type CacheEntry, ResponseCache } from './responseCache';
import { Semaphore } from './semaphore';

export const DEFAULT_DEPS_DEV_URL = 'https://api.deps.dev';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export interface DepsDevClientOptions {
  /** The API root, for an internal mirror; default `https://api.deps.dev`. A path prefix is kept (`https://mirror/depsdev`). */
  readonly baseUrl?: string;
  /** Default node-fetch (so VS Code's proxy support applies); tests inject their own. */
  readonly fetch?: FetchLike;
  /** A folder for the disk cache (the extension's global storage, the CLI's cache folder); none means memory only. */
  readonly cacheDir?: string;
  /** Only read the cache (fresh or stale); never make a request. */
  readonly offline?: boolean;
  /** Where failures are reported: at most one message per kind of failure per minute. */
  readonly log?: (message: string) => void;
  /** The clock, for TTLs, `Retry-After` dates and log throttling; default `Date.now`. */
  readonly now?: () => number;
  /** For `Retry-After` waits; default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Requests in flight at once; default 8. */
  readonly concurrency?: number;
  /** Per request, the body included; default 10 s. */
  readonly timeoutMs?: number;
  /** Size cap of one GET response; default 2 MiB. */
  readonly maxResponseBytes?: number;
  /** Size cap of one version-batch page; default 32 MiB. */
  readonly maxBatchResponseBytes?: number;
  /** Use `POST /v3alpha/versionbatch` for two or more versions; default true. Turned off by itself when the server lacks it. */
  readonly batch?: boolean;
  /** Versions per batch request; default 500, at most deps.dev's 5000. */
  readonly batchSize?: number;
  /** How long a version answer is fresh; default 24 h (licenses rarely change, advisories do). */
  readonly versionTtlMs?: number;
  /** How long a project answer (scorecard) is fresh; default 3 days (deps.dev refreshes scorecards about weekly). */
  readonly projectTtlMs?: number;
  /** How long "deps.dev does not know it" (404) is remembered; default 6 h, so new releases show up the same day. */
  readonly notFoundTtlMs?: number;
  /** After a failed answer for one key (HTTP 5xx, malformed, oversized), do not ask again for this long; default 5 min, memory only. */
  readonly failureTtlMs?: number;
  /** After a network failure or timeout, make no requests for this long; default 1 min. */
  readonly networkBackoffMs?: number;
  /** An expired entry is still served, when no fresh answer can be had, up to this age; default 30 days. */
  readonly maxStaleMs?: number;
  /** Retries after 429/503; default 2. */
  readonly maxRetries?: number;
  /** The longest `Retry-After` waited for within a lookup; a longer one ends the lookup and pauses requests (at most 1 h). Default 10 s. */
  readonly maxRetryWaitMs?: number;
  /** Entries kept in memory per kind; default 20 000. */
  readonly maxMemoryEntries?: number;
  readonly userAgent?: string;
}

/** The longest pause a server can impose with `Retry-After` on this client. */
const MAX_BLOCK_MS = HOUR;
const MAX_BATCH_PAGES = 50;
const LOG_INTERVAL_MS = 60_000;

interface PendingVersion {
  readonly key: string;
  readonly system: DepsDevSystem;
  readonly name: string;
  readonly version: string;
}

/**
 * `failed` with `perKey`: the answer for this key was bad (HTTP 5xx, malformed, oversized), so the
 * key is not asked for again for `failureTtlMs`; without it, the server was not reached at all.
 */
type Outcome<T> = { readonly kind: 'found'; readonly value: T } | { readonly kind: 'not-found' } | { readonly kind: 'failed'; readonly perKey: boolean };

const FAILED: Outcome<never> = { kind: 'failed', perKey: false };
const FAILED_FOR_KEY: Outcome<never> = { kind: 'failed', perKey: true };
const NOT_FOUND: Outcome<never> = { kind: 'not-found' };

/** An outcome of `send` that never reached the server: requests are paused or blocked. */
type SendOutcome = HttpOutcome | { readonly kind: 'skipped' };

/**
 * Looks up licenses, advisories, source repositories and OpenSSF Scorecards on deps.dev (API v3,
 * and the v3alpha version batch), with a memory and disk cache. Never throws and never rejects:
 * whatever fails (network, server, cache folder) resolves to "no data" and is reported through
 * `log`, once per kind of failure per minute.
 */
export class DepsDevClient {
  private readonly baseUrl: string | undefined;
  private readonly fetch: FetchLike;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (message: string) => void;
  private readonly versions: ResponseCache<VersionInfo>;
  private readonly projects: ResponseCache<ProjectInfo>;
  private readonly versionsInFlight = new Map<string, Promise<Outcome<VersionInfo>>>();
  private readonly projectsInFlight = new Map<string, Promise<Outcome<ProjectInfo>>>();
  private readonly failedAt = new Map<string, number>();
  private readonly lastLogged = new Map<string, number>();
  private readonly slots: Semaphore;
  private batchEnabled: boolean;
  /** Requests wait until then (a short `Retry-After`). */
  private pausedUntil = 0;
  /** No requests until then (network down, a long `Retry-After`). */
  private blockedUntil = 0;

  constructor(private readonly options: DepsDevClientOptions = {}) {
    this.fetch = options.fetch ?? defaultFetch;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const log = options.log;
    this.log = (message) => {
      try {
        log?.(message);
      } catch {
        // A broken log callback must not break lookups.
      }
    };
    this.baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_DEPS_DEV_URL);
    if (this.baseUrl === undefined) {
      this.report('config', `the deps.dev URL "${options.baseUrl}" is not an http(s) URL; online lookups are off`);
    }
    this.batchEnabled = options.batch ?? true;
    this.slots = new Semaphore(Math.max(1, Math.floor(options.concurrency ?? 8)));
    const cacheOptions = {
      label: 'deps.dev',
      ...(options.cacheDir !== undefined ? { dir: options.cacheDir } : {}),
      maxMemoryEntries: options.maxMemoryEntries ?? 20_000,
      now: this.now,
      onError: (message: string) => this.report('cache', message),
    };
    this.versions = new ResponseCache<VersionInfo>({ ...cacheOptions, namespace: 'versions', isValue: isVersionInfo });
    this.projects = new ResponseCache<ProjectInfo>({ ...cacheOptions, namespace: 'projects', isValue: isProjectInfo });
  }

  /**
   * What deps.dev knows about each version, keyed by `versionRequestKey(request)`. Versions deps.dev
   * does not know, ecosystems it does not cover (Composer) and lookups that failed have no entry.
   */
  async lookupVersions(requests: readonly VersionRequest[]): Promise<Map<string, VersionInfo>> {
    const result = new Map<string, VersionInfo>();
    try {
      const wanted = new Map<string, PendingVersion>();
      for (const request of requests) {
        const pending = pendingVersion(request);
        if (pending !== undefined) {
          wanted.set(pending.key, pending);
        }
      }
      const stale = new Map<string, VersionInfo>();
      const fetchKeys = new Set<string>();
      const waiting: [string, Promise<Outcome<VersionInfo>>][] = [];
      await Promise.all(
        [...wanted.values()].map(async (pending) => {
          const cached = await this.versions.get(pending.key);
          if (cached !== undefined && this.isFresh(cached, this.options.versionTtlMs ?? DAY)) {
            if (cached.value !== null) {
              result.set(pending.key, cached.value);
            }
            return;
          }
          if (cached !== undefined && cached.value !== null && this.now() - cached.storedAt <= (this.options.maxStaleMs ?? 30 * DAY)) {
            stale.set(pending.key, cached.value);
          }
          const inFlight = this.versionsInFlight.get(pending.key);
          if (inFlight !== undefined) {
            waiting.push([pending.key, inFlight]);
          } else if (this.mayFetch(pending.key)) {
            fetchKeys.add(pending.key);
          }
        }),
      );
      // In the order asked, not the order the cache reads finished: batches stay deterministic.
      const toFetch = [...wanted.values()].filter((pending) => fetchKeys.has(pending.key));
      const fetched = this.fetchVersions(toFetch);
      for (const pending of toFetch) {
        waiting.push([pending.key, fetched.then((outcomes) => outcomes.get(pending.key) ?? FAILED)]);
      }
      const outcomes = new Map<string, Outcome<VersionInfo>>();
      for (const [key, promise] of waiting) {
        const outcome = await promise;
        outcomes.set(key, outcome);
        if (outcome.kind === 'found') {
          result.set(key, outcome.value);
        }
      }
      // Stale data beats no data when no answer could be had (offline, failures); a 404 now is an answer.
      for (const [key, value] of stale) {
        if (!result.has(key) && outcomes.get(key)?.kind !== 'not-found') {
          result.set(key, value);
        }
      }
    } catch (error) {
      this.report('internal', `deps.dev lookup failed unexpectedly: ${(error as Error).message ?? String(error)}`);
    }
    return result;
  }

  /** One version; undefined when there is no data. */
  async lookupVersion(request: VersionRequest): Promise<VersionInfo | undefined> {
    return (await this.lookupVersions([request])).get(versionRequestKey(request));
  }

  /** A source repository (`github.com/owner/repo`, GitLab, Bitbucket) and its scorecard; undefined when there is no data. */
  async lookupProject(projectKey: string): Promise<ProjectInfo | undefined> {
    try {
      const id = projectKey.trim().replace(/\.git$/, '');
      if (!isProjectKey(id)) {
        return undefined;
      }
      const key = id.toLowerCase();
      const cached = await this.projects.get(key);
      if (cached !== undefined && this.isFresh(cached, this.options.projectTtlMs ?? 3 * DAY)) {
        return cached.value ?? undefined;
      }
      const stale = cached !== undefined && this.now() - cached.storedAt <= (this.options.maxStaleMs ?? 30 * DAY) ? (cached.value ?? undefined) : undefined;
      let inFlight = this.projectsInFlight.get(key);
      if (inFlight === undefined) {
        if (!this.mayFetch(key)) {
          return stale;
        }
        inFlight = this.fetchProject(key, id);
        this.projectsInFlight.set(key, inFlight);
        inFlight.finally(() => this.projectsInFlight.delete(key)).catch(() => undefined);
      }
      const outcome = await inFlight;
      return outcome.kind === 'found' ? outcome.value : outcome.kind === 'not-found' ? undefined : stale;
    } catch (error) {
      this.report('internal', `deps.dev lookup failed unexpectedly: ${(error as Error).message ?? String(error)}`);
      return undefined;
    }
  }

  /** The OpenSSF Scorecard of the version's source repository, as deps.dev has it; undefined when there is none. */
  async healthFor(ecosystem: Ecosystem, name: string, version: string): Promise<PackageHealth | undefined> {
    const info = await this.lookupVersion({ ecosystem, name, version });
    if (info?.sourceRepo === undefined) {
      return undefined;
    }
    const scorecard = (await this.lookupProject(info.sourceRepo))?.scorecard;
    if (scorecard === undefined) {
      return undefined;
    }
    return {
      score: scorecard.score,
      source: SCORECARD_SOURCE,
      project: info.sourceRepo,
      ...(scorecard.date !== undefined ? { date: scorecard.date } : {}),
      weakestChecks: weakestChecks(scorecard.checks),
    };
  }

  // ---- versions ----

  /** Fetches versions (batched when possible), caches the answers, and registers them as in flight meanwhile. */
  private fetchVersions(pending: readonly PendingVersion[]): Promise<Map<string, Outcome<VersionInfo>>> {
    if (pending.length === 0) {
      return Promise.resolve(new Map());
    }
    const done = this.fetchVersionsUncached(pending).then(async (outcomes) => {
      await Promise.all(pending.map((item) => this.settle(this.versions, item.key, outcomes.get(item.key) ?? FAILED)));
      return outcomes;
    });
    const settled = done.catch(() => new Map<string, Outcome<VersionInfo>>());
    for (const item of pending) {
      const promise = settled.then((outcomes) => outcomes.get(item.key) ?? FAILED);
      this.versionsInFlight.set(item.key, promise);
      promise
        .finally(() => {
          if (this.versionsInFlight.get(item.key) === promise) {
            this.versionsInFlight.delete(item.key);
          }
        })
        .catch(() => undefined);
    }
    return settled;
  }

  private async fetchVersionsUncached(pending: readonly PendingVersion[]): Promise<Map<string, Outcome<VersionInfo>>> {
    const outcomes = new Map<string, Outcome<VersionInfo>>();
    if (!this.batchEnabled || pending.length < 2) {
      await Promise.all(pending.map(async (item) => outcomes.set(item.key, await this.fetchVersion(item))));
      return outcomes;
    }
    const size = Math.min(5000, Math.max(1, Math.floor(this.options.batchSize ?? 500)));
    const chunks: PendingVersion[][] = [];
    for (let start = 0; start < pending.length; start += size) {
      chunks.push(pending.slice(start, start + size));
    }
    await Promise.all(
      chunks.map(async (chunk) => {
        const batch = await this.fetchBatch(chunk);
        const left: PendingVersion[] = [];
        for (const item of chunk) {
          const outcome = batch.outcomes.get(item.key);
          if (outcome !== undefined) {
            outcomes.set(item.key, outcome);
          } else if (batch.fallBack) {
            left.push(item);
          } else {
            outcomes.set(item.key, FAILED);
          }
        }
        await Promise.all(left.map(async (item) => outcomes.set(item.key, await this.fetchVersion(item))));
      }),
    );
    return outcomes;
  }

  /** `GET /v3/systems/{system}/packages/{name}/versions/{version}`, every segment percent-encoded. */
  private async fetchVersion(item: PendingVersion): Promise<Outcome<VersionInfo>> {
    const url = `${this.baseUrl}/v3/systems/${item.system.toLowerCase()}/packages/${encodeURIComponent(item.name)}/versions/${encodeURIComponent(item.version)}`;
    const outcome = await this.send(url, 'GET', undefined, this.options.maxResponseBytes ?? 2 * 1024 * 1024);
    return this.toOutcome(outcome, parseVersion);
  }

  /**
   * `POST /v3alpha/versionbatch`, following `nextPageToken`. Items are matched to requests by the
   * echoed (uncanonicalized) `request.versionKey`; an item without `version` is "not found".
   * `fallBack` asks for single GETs for whatever the batch did not answer: the server has no batch
   * endpoint (then batching stays off), or the batch failed in a way single requests may not.
   */
  private async fetchBatch(chunk: readonly PendingVersion[]): Promise<{ outcomes: Map<string, Outcome<VersionInfo>>; fallBack: boolean }> {
    const outcomes = new Map<string, Outcome<VersionInfo>>();
    const byRequest = new Map(chunk.map((item) => [batchKey(item.system, item.name, item.version), item]));
    const requests = chunk.map((item) => ({ versionKey: { system: item.system, name: item.name, version: item.version } }));
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_BATCH_PAGES; page++) {
      const body = pageToken === undefined ? { requests } : { requests, pageToken };
      const outcome = await this.send(`${this.baseUrl}/v3alpha/versionbatch`, 'POST', body, this.options.maxBatchResponseBytes ?? 32 * 1024 * 1024);
      if (outcome.kind === 'skipped') {
        return { outcomes, fallBack: false };
      }
      if (outcome.kind === 'not-found' || (outcome.kind === 'failed' && (outcome.status === 405 || outcome.status === 501))) {
        // A mirror (or a future deps.dev) without the v3alpha batch endpoint.
        this.batchEnabled = false;
        return { outcomes, fallBack: true };
      }
      if (outcome.kind === 'failed') {
        const fallBack = outcome.failure !== 'network' && outcome.failure !== 'timeout' && outcome.failure !== 'rate-limited';
        return { outcomes, fallBack };
      }
      const json = outcome.json as { responses?: unknown; nextPageToken?: unknown } | null;
      if (json === null || typeof json !== 'object' || !Array.isArray(json.responses)) {
        this.report('malformed', 'the deps.dev version batch answered without "responses"');
        return { outcomes, fallBack: true };
      }
      json.responses.forEach((entry: unknown, index: number) => {
        const response = (entry ?? {}) as { request?: { versionKey?: { system?: unknown; name?: unknown; version?: unknown } }; version?: unknown };
        const requested = response.request?.versionKey;
        const item =
          requested !== undefined
            ? byRequest.get(batchKey(String(requested.system ?? '').toUpperCase(), String(requested.name ?? ''), String(requested.version ?? '')))
            : page === 0 && (json.responses as unknown[]).length === chunk.length
              ? chunk[index]
              : undefined;
        if (item === undefined) {
          return;
        }
        if (response.version === undefined || response.version === null) {
          outcomes.set(item.key, NOT_FOUND);
          return;
        }
        const info = parseVersion(response.version);
        outcomes.set(item.key, info !== undefined ? { kind: 'found', value: info } : FAILED_FOR_KEY);
      });
      pageToken = typeof json.nextPageToken === 'string' && json.nextPageToken !== '' ? json.nextPageToken : undefined;
      if (pageToken === undefined) {
        break;
      }
    }
    return { outcomes, fallBack: true };
  }

  // ---- projects ----

  private async fetchProject(key: string, id: string): Promise<Outcome<ProjectInfo>> {
    const outcome = await this.send(`${this.baseUrl}/v3/projects/${encodeURIComponent(id)}`, 'GET', undefined, this.options.maxResponseBytes ?? 2 * 1024 * 1024);
    const result = this.toOutcome(outcome, parseProject);
    await this.settle(this.projects, key, result);
    return result;
  }

  // ---- shared ----

  private toOutcome<T>(outcome: SendOutcome, parse: (json: unknown) => T | undefined): Outcome<T> {
    if (outcome.kind === 'not-found') {
      return NOT_FOUND;
    }
    if (outcome.kind === 'skipped') {
      return FAILED;
    }
    if (outcome.kind === 'failed') {
      return outcome.failure === 'network' || outcome.failure === 'timeout' || outcome.failure === 'rate-limited' ? FAILED : FAILED_FOR_KEY;
    }
    const value = parse(outcome.json);
    if (value === undefined) {
      this.report('malformed', 'deps.dev answered JSON of an unexpected shape');
      return FAILED_FOR_KEY;
    }
    return { kind: 'found', value };
  }

  /** Stores an answer (a 404 too) on disk and in memory; remembers a failure in memory only. */
  private async settle<T>(cache: ResponseCache<T>, key: string, outcome: Outcome<T>): Promise<void> {
    if (outcome.kind === 'failed') {
      if (outcome.perKey) {
        this.failedAt.set(key, this.now());
      }
      return;
    }
    this.failedAt.delete(key);
    await cache.set(key, { storedAt: this.now(), value: outcome.kind === 'found' ? outcome.value : null });
  }

  private isFresh<T>(entry: CacheEntry<T>, ttlMs: number): boolean {
    const age = this.now() - entry.storedAt;
    return age < (entry.value === null ? (this.options.notFoundTtlMs ?? 6 * HOUR) : ttlMs);
  }

  /** Whether a request may be made for this key now (not offline, no recent failure of it). */
  private mayFetch(key: string): boolean {
    if (this.options.offline || this.baseUrl === undefined) {
      return false;
    }
    const failed = this.failedAt.get(key);
    return failed === undefined || this.now() - failed >= (this.options.failureTtlMs ?? 5 * 60 * 1000);
  }

  /**
   * One request through the concurrency bound, with `Retry-After` honoured on 429/503: a wait of
   * at most `maxRetryWaitMs` is slept (by every request: the server asked the client to pause), a
   * longer one ends the lookup and blocks requests for that long (at most an hour). A network error
   * or timeout blocks requests for `networkBackoffMs`, so that being offline costs one timeout, not one per package.
   */
  private async send(url: string, method: 'GET' | 'POST', body: unknown, maxBytes: number): Promise<SendOutcome> {
    const maxRetries = Math.max(0, this.options.maxRetries ?? 2);
    const maxWait = this.options.maxRetryWaitMs ?? 10_000;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.slots.run(async () => {
        if (this.now() < this.blockedUntil) {
          return { kind: 'skipped' } as const;
        }
        const pause = this.pausedUntil - this.now();
        if (pause > 0) {
          await this.sleep(pause);
        }
        return requestJson(this.fetch, {
          url,
          method,
          ...(body !== undefined ? { body } : {}),
          timeoutMs: this.options.timeoutMs ?? 10_000,
          maxBytes,
          userAgent: this.options.userAgent ?? 'ospo-guide',
          now: this.now,
        });
      });
      if (outcome.kind !== 'failed') {
        return outcome;
      }
      if (outcome.failure === 'rate-limited') {
        const wait = outcome.retryAfterMs ?? 1000 * 2 ** attempt;
        if (attempt < maxRetries && wait <= maxWait) {
          this.pausedUntil = Math.max(this.pausedUntil, this.now() + wait);
          continue;
        }
        this.blockedUntil = Math.max(this.blockedUntil, this.now() + Math.min(Math.max(wait, 60_000), MAX_BLOCK_MS));
      } else if (outcome.failure === 'network' || outcome.failure === 'timeout') {
        this.blockedUntil = Math.max(this.blockedUntil, this.now() + (this.options.networkBackoffMs ?? 60_000));
      }
      this.report(outcome.failure, outcome.message);
      return outcome;
    }
  }

  /** One log line per kind of failure per minute. */
  private report(kind: FailureKind | 'cache' | 'config' | 'internal', message: string): void {
    const now = this.now();
    const last = this.lastLogged.get(kind);
    if (last !== undefined && now - last < LOG_INTERVAL_MS && now >= last) {
      return;
    }
    this.lastLogged.set(kind, now);
    this.log(`Online lookups: ${message}; continuing without online data.`);
  }
}

function pendingVersion(request: VersionRequest): PendingVersion | undefined {
  const system = DEPS_DEV_SYSTEMS[request.ecosystem];
  const name = requestName(request);
  const version = request.version.trim();
  if (system === undefined || name === '' || version === '') {
    return undefined;
  }
  return { key: versionRequestKey(request), system, name, version };
}

function batchKey(system: string, name: string, version: string): string {
  return `${system}\n${name}\n${version}`;
}

function checkBaseUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return undefined;
    }
    url.search = '';
    url.hash = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}
