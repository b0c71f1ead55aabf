import { type BytesOutcome, defaultFetch, type FailureKind, type FetchLike, requestBytes } from '../online/http';
import { Semaphore } from '../online/semaphore';

export interface RegistryHttpOptions {
  /** Default node-fetch (so VS Code's proxy support applies); tests inject their own. */
  readonly fetch?: FetchLike;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Failures, at most one line per kind and host per minute. */
  readonly log?: (message: string) => void;
  /** Requests in flight at once, all registries together; default 8. */
  readonly concurrency?: number;
  /** Per request, the body included; default 15 s. */
  readonly timeoutMs?: number;
  /** Retries after 429/503; default 2. */
  readonly maxRetries?: number;
  /** The longest `Retry-After` slept within a lookup; a longer one pauses the host instead. Default 10 s. */
  readonly maxRetryWaitMs?: number;
  /** After a network failure or timeout, no requests to that host for this long; default 1 min. */
  readonly networkBackoffMs?: number;
  readonly userAgent?: string;
}

export interface RegistryRequest {
  readonly url: string;
  readonly maxBytes: number;
  readonly accept?: string;
  /** Sent only with this request; the caller has matched it to the URL's host. */
  readonly authorization?: string;
  readonly etag?: string;
  readonly timeoutMs?: number;
}

/** `skipped`: nothing was sent (the host is paused after failures). */
export type RegistryOutcome = BytesOutcome | { readonly kind: 'skipped' };

const LOG_INTERVAL_MS = 60_000;
const MAX_BLOCK_MS = 60 * 60 * 1000;

/**
 * The one HTTP client of every registry protocol: a bound on requests in flight, `Retry-After`
 * honoured, a host that fails at the network level paused (offline costs one timeout per host, not
 * one per package), failures logged once per minute and host. Never throws.
 */
export class RegistryHttp {
  private readonly fetch: FetchLike;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly slots: Semaphore;
  private readonly pausedUntil = new Map<string, number>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly lastLogged = new Map<string, number>();

  constructor(private readonly options: RegistryHttpOptions = {}) {
    this.fetch = options.fetch ?? defaultFetch;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.slots = new Semaphore(Math.max(1, Math.floor(options.concurrency ?? 8)));
  }

  async get(request: RegistryRequest): Promise<RegistryOutcome> {
    const host = hostOf(request.url);
    const maxRetries = Math.max(0, this.options.maxRetries ?? 2);
    const maxWait = this.options.maxRetryWaitMs ?? 10_000;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.slots.run(async (): Promise<RegistryOutcome> => {
        if (this.now() < (this.blockedUntil.get(host) ?? 0)) {
          return { kind: 'skipped' };
        }
        const pause = (this.pausedUntil.get(host) ?? 0) - this.now();
        if (pause > 0) {
          await this.sleep(pause);
        }
        return requestBytes(this.fetch, {
          url: request.url,
          method: 'GET',
          timeoutMs: request.timeoutMs ?? this.options.timeoutMs ?? 15_000,
          maxBytes: request.maxBytes,
          userAgent: this.options.userAgent ?? 'ospo-guide',
          now: this.now,
          ...(request.accept !== undefined ? { accept: request.accept } : {}),
          ...(request.authorization !== undefined ? { authorization: request.authorization } : {}),
          ...(request.etag !== undefined ? { etag: request.etag } : {}),
        });
      });
      if (outcome.kind !== 'failed') {
        return outcome;
      }
      if (outcome.failure === 'rate-limited') {
        const wait = outcome.retryAfterMs ?? 1000 * 2 ** attempt;
        if (attempt < maxRetries && wait <= maxWait) {
          this.pausedUntil.set(host, Math.max(this.pausedUntil.get(host) ?? 0, this.now() + wait));
          continue;
        }
        this.block(host, Math.min(Math.max(wait, 60_000), MAX_BLOCK_MS));
      } else if (outcome.failure === 'network' || outcome.failure === 'timeout') {
        this.block(host, this.options.networkBackoffMs ?? 60_000);
      }
      this.report(host, outcome.failure, outcome.message);
      return outcome;
    }
  }

  /** A failure found by a caller (an answer of the wrong shape), logged under the same throttle. */
  report(host: string, kind: FailureKind | 'config', message: string): void {
    const key = `${kind}\0${host}`;
    const now = this.now();
    const last = this.lastLogged.get(key);
    if (last !== undefined && now - last < LOG_INTERVAL_MS && now >= last) {
      return;
    }
    this.lastLogged.set(key, now);
    try {
      this.options.log?.(`Registry lookups: ${message}; continuing without that data.`);
    } catch {
      // A broken log callback must not break lookups.
    }
  }

  private block(host: string, ms: number): void {
    this.blockedUntil.set(host, Math.max(this.blockedUntil.get(host) ?? 0, this.now() + ms));
  }
}

/** The text as an http(s) URL, or undefined for anything else (another scheme, not a URL). */
export function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The host (with a non-default port) of a URL; the URL itself when it is not one. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
