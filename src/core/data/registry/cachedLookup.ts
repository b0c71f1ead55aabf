import { ResponseCache } from '../online/responseCache';
import type { RegistryOutcome } from './registryHttp';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** What one fetch found: `not-modified` answers a request made with the stored ETag. */
export type LookupOutcome<T> =
  | { readonly kind: 'found'; readonly value: T; readonly etag?: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-modified' }
  /** `perKey`: the answer for this key was bad, so it is not asked for again for a while; else the server was not reached. */
  | { readonly kind: 'failed'; readonly perKey: boolean };

interface Stored<T> {
  readonly value: T;
  readonly etag?: string;
}

export interface CachedLookupOptions<T> {
  /** The folder for the disk layer; none means memory only. */
  readonly dir?: string;
  /** A sub-folder per kind of answer (`npm-packuments`, `pypi-projects`). */
  readonly namespace: string;
  /** Whose answers these are, for messages (`npm registry`); default the namespace. */
  readonly label?: string;
  readonly isValue: (value: unknown) => value is T;
  readonly now: () => number;
  readonly onError: (message: string) => void;
  /** How long an answer is fresh; default 24 h. */
  readonly ttlMs?: number;
  /** How long "not published" is remembered; default 6 h. */
  readonly notFoundTtlMs?: number;
  /** An expired answer still serves, when no fresh one can be had, up to this age; default 30 days. */
  readonly maxStaleMs?: number;
  /** After a bad answer for one key, not asked again for this long; default 5 min. */
  readonly failureTtlMs?: number;
  readonly maxMemoryEntries?: number;
}

/**
 * Answers keyed by a string, from memory, then disk, then one fetch per key at a time (callers
 * asking for the same key while it is fetched share the fetch). An expired answer is revalidated
 * with its ETag and served stale when the server cannot be reached. Never rejects.
 */
export class CachedLookup<T> {
  private readonly cache: ResponseCache<Stored<T>>;
  private readonly inFlight = new Map<string, Promise<T | undefined>>();
  private readonly failedAt = new Map<string, number>();

  constructor(private readonly options: CachedLookupOptions<T>) {
    const isValue = options.isValue;
    this.cache = new ResponseCache<Stored<T>>({
      ...(options.dir !== undefined ? { dir: options.dir } : {}),
      namespace: options.namespace,
      label: options.label ?? options.namespace,
      isValue: (value: unknown): value is Stored<T> =>
        typeof value === 'object' && value !== null && isValue((value as Stored<T>).value) && ((value as Stored<T>).etag === undefined || typeof (value as Stored<T>).etag === 'string'),
      maxMemoryEntries: options.maxMemoryEntries ?? 5_000,
      now: options.now,
      onError: options.onError,
    });
  }

  /** The answer for `key`; `fetch` is called only when no fresh answer is stored and `offline` is false. */
  get(key: string, fetch: (etag: string | undefined) => Promise<LookupOutcome<T>>, offline = false): Promise<T | undefined> {
    const running = this.inFlight.get(key);
    if (running !== undefined) {
      return running;
    }
    const promise = this.lookup(key, fetch, offline).catch((error: unknown) => {
      this.options.onError(`lookup failed unexpectedly: ${(error as Error).message ?? String(error)}`);
      return undefined;
    });
    this.inFlight.set(key, promise);
    void promise.finally(() => this.inFlight.delete(key));
    return promise;
  }

  private async lookup(key: string, fetch: (etag: string | undefined) => Promise<LookupOutcome<T>>, offline: boolean): Promise<T | undefined> {
    const now = this.options.now();
    const cached = await this.cache.get(key);
    if (cached !== undefined) {
      const age = now - cached.storedAt;
      const ttl = cached.value === null ? (this.options.notFoundTtlMs ?? 6 * HOUR) : (this.options.ttlMs ?? DAY);
      if (age >= 0 && age < ttl) {
        return cached.value?.value;
      }
    }
    const stale = cached?.value !== null && cached !== undefined && now - cached.storedAt <= (this.options.maxStaleMs ?? 30 * DAY) ? cached.value : undefined;
    const failed = this.failedAt.get(key);
    if (offline || (failed !== undefined && now - failed < (this.options.failureTtlMs ?? 5 * 60 * 1000))) {
      return stale?.value;
    }
    const outcome = await fetch(stale?.etag);
    switch (outcome.kind) {
      case 'found':
        this.failedAt.delete(key);
        await this.cache.set(key, { storedAt: this.options.now(), value: { value: outcome.value, ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}) } });
        return outcome.value;
      case 'not-modified':
        if (stale !== undefined) {
          await this.cache.set(key, { storedAt: this.options.now(), value: stale });
        }
        return stale?.value;
      case 'not-found':
        this.failedAt.delete(key);
        await this.cache.set(key, { storedAt: this.options.now(), value: null });
        return undefined;
      case 'failed':
        if (outcome.perKey) {
          this.failedAt.set(key, this.options.now());
        }
        return stale?.value;
    }
  }
}

/**
 * What an answer other than a body means for the cache: a 304 keeps the stored value, a 404 is
 * remembered as "not published", a host that was not reached is not held against the key, and any
 * other failure (401/403, a bad or oversized answer) is about this key and is not asked again soon.
 */
export function lookupOutcomeOf<T>(outcome: Exclude<RegistryOutcome, { kind: 'ok' }>): LookupOutcome<T> {
  switch (outcome.kind) {
    case 'not-modified':
      return { kind: 'not-modified' };
    case 'not-found':
      return { kind: 'not-found' };
    case 'skipped':
      return { kind: 'failed', perKey: false };
    case 'failed':
      return { kind: 'failed', perKey: outcome.failure !== 'network' && outcome.failure !== 'timeout' && outcome.failure !== 'rate-limited' };
  }
}
