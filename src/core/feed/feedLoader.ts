import type { KeyObject } from 'node:crypto';
import type { PolicyFeed } from '../policy/feedModel';
import { FeedFetchError, fetchFeed, signatureUrl, type FetchLimits } from './fetchFeed';
import { FeedSourceError, feedSourceKey, parseFeedSource, type FeedSource } from './feedSource';
import { FeedStore, mergeSeen, type StoredFeed, type VersionRecord } from './feedStore';
import { formatAge, formatFeedErrors, parseFeedBytes, sha256Hex } from './feedText';
import { FeedKeyError, parsePublicKey, verifyFeedSignature } from './signature';

export type FeedOrigin = 'bundled' | 'remote' | 'file' | 'cache';

/** Which policy is in force, where it came from, and what went wrong with the last refresh. */
export interface FeedState {
  readonly feed: PolicyFeed;
  readonly origin: FeedOrigin;
  /** Where the feed in force came from: a URL (query elided), a path, or `bundled default`. */
  readonly source: string;
  /** Verified with the configured public key (always false without one). */
  readonly signed: boolean;
  /** When the copy in force was fetched or last confirmed by its source (absent for the bundled default). */
  readonly fetchedAt?: Date;
  readonly ageMs?: number;
  /** `expires` has passed: still used, but the user should be told. */
  readonly stale: boolean;
  /** What went wrong with the last refresh, and which copy stayed in force (and how old it is). */
  readonly lastError?: string;
  /** What went wrong with the last refresh alone, for a caller that does not go on with the copy in force (the CLI). */
  readonly failure?: string;
  /** The server asked (429/503 Retry-After) not to be asked again before then; periodic refreshes wait. */
  readonly retryAt?: Date;
}

/** Timers and time, injectable for tests. */
export interface FeedClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface FeedLoaderOptions {
  /** The feed-location setting: https URL, loopback http URL, absolute path, or empty for the bundled default. */
  readonly source: string | undefined;
  /** The public-key setting (base64 raw or PEM); empty or absent means signatures are not checked. */
  readonly publicKey?: string;
  /** The bundled default feed, in force when nothing better is available. */
  readonly bundled: PolicyFeed;
  /** Where the last verified copy is kept (the extension's global storage, the CLI's cache dir); absent: memory only. */
  readonly storeDirectory?: string;
  /** Periodic refresh interval; default 6 hours. */
  readonly refreshIntervalMs?: number;
  /** Size cap, timeout, redirects for each fetch. */
  readonly limits?: Omit<FetchLimits, 'now'>;
  readonly clock?: FeedClock;
  /** For `~` in a path source. */
  readonly homedir?: string;
  /** Called when the feed in force, its origin, staleness or the error changes. */
  readonly onDidChange?: (state: FeedState) => void;
  /** Diagnostics that are not the user's problem (store unreadable, store write failed). */
  readonly log?: (message: string) => void;
}

export const DEFAULT_REFRESH_INTERVAL_MS = 6 * 60 * 60 * 1000;

const SYSTEM_CLOCK: FeedClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The copy in force, with what is needed to judge the next one. */
interface GoodCopy {
  readonly feed: PolicyFeed;
  readonly origin: FeedOrigin;
  readonly sourceKey: string;
  readonly sourceDisplay: string;
  readonly signed: boolean;
  readonly bytes?: Buffer;
  readonly sha256?: string;
  readonly signature?: string;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly fetchedAt?: Date;
}

type Verdict = { readonly ok: true; readonly copy: GoodCopy } | { readonly ok: false; readonly message: string };

/**
 * Keeps the organization's policy feed current: fetches it (conditionally), checks its signature,
 * validates it, refuses rollbacks, caches the last verified copy, and on any failure keeps the
 * last good copy in force (memory, else the store, else the bundled default) and says why.
 *
 * Settings are fixed per instance: when the user changes the source or the key, make a new loader
 * (it picks up the stored copy, re-verified under the new settings).
 */
export class FeedLoader {
  private readonly clock: FeedClock;
  private readonly source: FeedSource | FeedSourceError;
  private readonly key: KeyObject | FeedKeyError | undefined;
  private readonly store: FeedStore | undefined;
  private readonly bundledCopy: GoodCopy;
  private good: GoodCopy;
  private seen: VersionRecord[] = [];
  private lastError: string | undefined;
  private lastFailure: string | undefined;
  private retryAt: number | undefined;
  private storeLoaded: Promise<void> | undefined;
  private inFlight: Promise<FeedState> | undefined;
  private timer: unknown;
  private running = false;
  private disposed = false;
  private lastEmitted: { feed: PolicyFeed; origin: FeedOrigin; lastError: string | undefined; stale: boolean } | undefined;

  constructor(private readonly options: FeedLoaderOptions) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.source = sourceOrError(options.source, options.homedir);
    const keyText = options.publicKey?.trim() ?? '';
    this.key = keyText === '' ? undefined : keyOrError(keyText);
    this.store = options.storeDirectory !== undefined ? new FeedStore(options.storeDirectory) : undefined;
    this.bundledCopy = { feed: options.bundled, origin: 'bundled', sourceKey: 'bundled', sourceDisplay: 'bundled default', signed: false };
    this.good = this.bundledCopy;
    if (this.source instanceof Error) {
      this.fail(this.source.message);
    }
  }

  /** The state now (age and staleness computed at this moment). */
  get state(): FeedState {
    const now = this.clock.now();
    const good = this.good;
    const expires = good.feed.expires !== undefined ? Date.parse(good.feed.expires) : NaN;
    return {
      feed: good.feed,
      origin: good.origin,
      source: good.sourceDisplay,
      signed: good.signed,
      ...(good.fetchedAt ? { fetchedAt: good.fetchedAt, ageMs: Math.max(0, now - good.fetchedAt.getTime()) } : {}),
      stale: !Number.isNaN(expires) && expires < now,
      ...(this.lastError !== undefined ? { lastError: this.lastError, ...(this.lastFailure !== undefined ? { failure: this.lastFailure } : {}) } : {}),
      ...(this.retryAt !== undefined && this.retryAt > now ? { retryAt: new Date(this.retryAt) } : {}),
    };
  }

  /** Puts the stored copy in force without touching the network (fast start, offline). Never throws. */
  async loadCached(): Promise<FeedState> {
    try {
      await this.loadStore();
    } catch (error) {
      this.options.log?.(`policy feed cache: ${describe(error)}`);
    }
    this.emitIfChanged();
    return this.state;
  }

  /**
   * Fetches and verifies the feed once. Concurrent calls share one request. Never throws: every
   * failure leaves the last good copy in force and is described in `lastError`.
   * While a server's `Retry-After` is pending, nothing is fetched unless `force` is set.
   */
  refresh(options: { readonly force?: boolean } = {}): Promise<FeedState> {
    if (this.inFlight) {
      return this.inFlight;
    }
    const run = (async () => {
      try {
        await this.refreshOnce(options.force === true);
      } catch (error) {
        this.fail(`Unexpected error while refreshing the policy feed: ${describe(error)}.`);
      }
      this.emitIfChanged();
      return this.state;
    })();
    this.inFlight = run;
    void run.finally(() => {
      if (this.inFlight === run) {
        this.inFlight = undefined;
      }
    });
    return run;
  }

  /** Refreshes now, then every `refreshIntervalMs` (honouring `Retry-After`), until `stop` or `dispose`. */
  start(): void {
    if (this.running || this.disposed) {
      return;
    }
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
  }

  private schedule(delayMs: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.running || this.disposed) {
        return;
      }
      const now = this.clock.now();
      if (this.retryAt !== undefined && this.retryAt > now) {
        this.schedule(this.retryAt - now);
        return;
      }
      void this.refresh().then(() => {
        if (this.running && !this.disposed && this.timer === undefined) {
          this.schedule(this.options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS);
        }
      });
    }, delayMs);
  }

  private async refreshOnce(force: boolean): Promise<void> {
    await this.loadStore();
    const source = this.source;
    if (source instanceof Error) {
      this.fail(source.message);
      return;
    }
    if (source.kind === 'bundled') {
      this.good = this.bundledCopy;
      this.lastError = undefined;
      return;
    }
    if (this.key instanceof Error) {
      this.fail(`The configured public key is not usable (${this.key.message}), so no feed can be verified.`);
      return;
    }
    const now = this.clock.now();
    if (!force && this.retryAt !== undefined && this.retryAt > now) {
      return;
    }
    const key = this.key;
    const sourceKey = feedSourceKey(source);
    const good = this.good;
    const conditional = good.sourceKey === sourceKey && source.kind === 'url' && (good.etag !== undefined || good.lastModified !== undefined);
    let result;
    try {
      result = await fetchFeed({
        source,
        withSignature: key !== undefined,
        ...(conditional ? { conditional: { ...(good.etag ? { etag: good.etag } : {}), ...(good.lastModified ? { lastModified: good.lastModified } : {}) } } : {}),
        ...this.options.limits,
        now: () => this.clock.now(),
      });
    } catch (error) {
      if (error instanceof FeedFetchError && error.retryAfterMs !== undefined) {
        this.retryAt = this.clock.now() + error.retryAfterMs;
      }
      this.fail(error instanceof FeedFetchError ? error.message : `Could not fetch the policy feed from ${source.display}: ${describe(error)}.`);
      return;
    }
    this.retryAt = undefined;
    if (result.kind === 'not-modified') {
      await this.accept({ ...good, origin: 'remote', fetchedAt: new Date(this.clock.now()) });
      return;
    }
    const verdict = this.judge(source, result.bytes, result.signature, key);
    if (!verdict.ok) {
      this.fail(verdict.message);
      return;
    }
    await this.accept({
      ...verdict.copy,
      ...(result.etag !== undefined ? { etag: result.etag } : {}),
      ...(result.lastModified !== undefined ? { lastModified: result.lastModified } : {}),
    });
  }

  /** Signature, validity and rollback checks of freshly received bytes. */
  private judge(source: Exclude<FeedSource, { kind: 'bundled' }>, bytes: Buffer, signature: string | undefined, key: KeyObject | undefined): Verdict {
    const where = source.display;
    if (key !== undefined) {
      const sigWhere = source.kind === 'url' ? signatureUrl(source.url).replace(/\?.*$/, '') : `${source.path}.sig`;
      if (signature === undefined || signature === '') {
        return { ok: false, message: `The policy feed from ${where} is not signed (no signature at ${sigWhere}); a public key is configured, so unsigned feeds are refused.` };
      }
      if (!verifyFeedSignature(bytes, signature, key)) {
        return { ok: false, message: `The signature of the policy feed from ${where} does not match the configured public key; the feed is refused.` };
      }
    }
    const sha256 = sha256Hex(bytes);
    const good = this.good;
    const parsed = good.sha256 === sha256 ? { feed: good.feed, errors: [] } : parseFeedBytes(bytes);
    if (!parsed.feed) {
      return { ok: false, message: `The policy feed from ${where} is invalid: ${formatFeedErrors(parsed.errors)}.` };
    }
    const feed = parsed.feed;
    const record = this.seen.find((item) => item.id === feed.id);
    if (record && feed.version < record.version) {
      return {
        ok: false,
        message: `The policy feed from ${where} is version ${feed.version} of "${feed.id}", older than version ${record.version} already verified; refused as a possible rollback.`,
      };
    }
    if (record && feed.version === record.version && record.sha256 !== sha256) {
      return {
        ok: false,
        message: `The policy feed from ${where} is version ${feed.version} of "${feed.id}" but its content differs from the version ${record.version} already verified; refused (a changed feed must have a higher version).`,
      };
    }
    return {
      ok: true,
      copy: {
        feed,
        origin: source.kind === 'url' ? 'remote' : 'file',
        sourceKey: feedSourceKey(source),
        sourceDisplay: source.display,
        signed: key !== undefined,
        bytes,
        sha256,
        ...(signature !== undefined && key !== undefined ? { signature } : {}),
        fetchedAt: new Date(this.clock.now()),
      },
    };
  }

  private async accept(copy: GoodCopy): Promise<void> {
    this.good = copy;
    this.lastError = undefined;
    if (copy.sha256 !== undefined) {
      this.seen = mergeSeen(this.seen, [{ id: copy.feed.id, version: copy.feed.version, sha256: copy.sha256 }]);
    }
    await this.persist(copy);
  }

  private async persist(copy: GoodCopy): Promise<void> {
    if (!this.store || !copy.bytes || !copy.sha256 || !copy.fetchedAt) {
      return;
    }
    const current: StoredFeed = {
      bytes: copy.bytes,
      feed: copy.feed,
      source: copy.sourceKey,
      sourceDisplay: copy.sourceDisplay,
      ...(copy.signature !== undefined ? { signature: copy.signature } : {}),
      ...(copy.etag !== undefined ? { etag: copy.etag } : {}),
      ...(copy.lastModified !== undefined ? { lastModified: copy.lastModified } : {}),
      fetchedAt: copy.fetchedAt,
      id: copy.feed.id,
      version: copy.feed.version,
      sha256: copy.sha256,
    };
    try {
      await this.store.write({ current, seen: this.seen });
    } catch (error) {
      this.options.log?.(`could not save the policy feed cache in ${this.store.directory}: ${describe(error)}`);
    }
  }

  /** Reads the store once per loader; its copy replaces the bundled default if it passes today's checks. */
  private loadStore(): Promise<void> {
    this.storeLoaded ??= (async () => {
      if (!this.store) {
        return;
      }
      const { contents, problem } = await this.store.read();
      if (problem !== undefined) {
        this.options.log?.(`policy feed cache: ${problem}`);
      }
      this.seen = mergeSeen(contents.seen, this.seen);
      const stored = contents.current;
      if (!stored || this.good.origin !== 'bundled' || (!(this.source instanceof Error) && this.source.kind === 'bundled')) {
        return;
      }
      const key = this.key;
      if (key instanceof Error) {
        return;
      }
      if (key !== undefined && (stored.signature === undefined || !verifyFeedSignature(stored.bytes, stored.signature, key))) {
        this.options.log?.('policy feed cache: the cached copy is not signed with the configured public key; ignored');
        return;
      }
      this.good = {
        feed: stored.feed,
        origin: 'cache',
        sourceKey: stored.source,
        sourceDisplay: stored.sourceDisplay,
        signed: key !== undefined,
        bytes: stored.bytes,
        sha256: stored.sha256,
        ...(stored.signature !== undefined ? { signature: stored.signature } : {}),
        ...(stored.etag !== undefined ? { etag: stored.etag } : {}),
        ...(stored.lastModified !== undefined ? { lastModified: stored.lastModified } : {}),
        fetchedAt: stored.fetchedAt,
      };
    })().catch((error: unknown) => {
      this.options.log?.(`policy feed cache: ${describe(error)}`);
    });
    return this.storeLoaded;
  }

  private fail(message: string): void {
    this.lastFailure = message;
    this.lastError = `${message} ${this.keeping()}`;
  }

  /** "Keeping …": which copy stays in force and how old it is. */
  private keeping(): string {
    const good = this.good;
    if (good.origin === 'bundled') {
      return 'The bundled default policy stays in force.';
    }
    const age = good.fetchedAt ? `, fetched ${formatAge(this.clock.now() - good.fetchedAt.getTime())} ago` : '';
    const from = good.origin === 'cache' ? 'the cached copy' : 'the copy';
    return `Keeping ${from} of "${good.feed.id}" version ${good.feed.version} from ${good.sourceDisplay}${age}.`;
  }

  private emitIfChanged(): void {
    if (this.disposed || !this.options.onDidChange) {
      return;
    }
    const state = this.state;
    const previous = this.lastEmitted;
    if (previous && previous.feed === state.feed && previous.origin === state.origin && previous.lastError === state.lastError && previous.stale === state.stale) {
      return;
    }
    this.lastEmitted = { feed: state.feed, origin: state.origin, lastError: state.lastError, stale: state.stale };
    try {
      this.options.onDidChange(state);
    } catch (error) {
      this.options.log?.(`policy feed change listener failed: ${describe(error)}`);
    }
  }
}

function sourceOrError(setting: string | undefined, homedir: string | undefined): FeedSource | FeedSourceError {
  try {
    return parseFeedSource(setting, homedir !== undefined ? { homedir } : {});
  } catch (error) {
    return error instanceof FeedSourceError ? error : new FeedSourceError(describe(error));
  }
}

function keyOrError(text: string): KeyObject | FeedKeyError {
  try {
    return parsePublicKey(text);
  } catch (error) {
    return error instanceof FeedKeyError ? error : new FeedKeyError(describe(error));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
