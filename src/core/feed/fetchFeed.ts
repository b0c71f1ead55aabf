import { defaultFetch, discardBody, parseRetryAfter, type FetchLike, type FetchResponseLike } from '../data/online/http';
import { readBoundedBytes } from '../files/boundedReader';
import { displayUrl, type FeedSource } from './feedSource';
import { MAX_FEED_BYTES } from './feedText';

/** Limits of one fetch; all injectable so tests can shorten them. */
export interface FetchLimits {
  /** Size cap of the feed body, enforced while streaming; default 5 MiB. */
  readonly maxBytes?: number;
  /** Total time for the feed (all redirects, the body) and its signature; default 10 s. */
  readonly timeoutMs?: number;
  /** Redirects followed per request; default 3. */
  readonly maxRedirects?: number;
  /** For `Retry-After` as an HTTP date; default `Date.now`. */
  readonly now?: () => number;
  /** Sent as `User-Agent`. */
  readonly userAgent?: string;
  /** How requests are made; default node-fetch (VS Code's proxy support applies). The CLI passes its proxy-aware fetch. */
  readonly fetch?: FetchLike;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_REDIRECTS = 3;
/** A base64 Ed25519 signature is 88 characters; anything much larger is not a signature. */
export const MAX_SIGNATURE_BYTES = 16 * 1024;
/** Cached validators of the copy we hold, sent as `If-None-Match` / `If-Modified-Since`. */
export interface ConditionalHeaders {
  readonly etag?: string;
  readonly lastModified?: string;
}

export interface FetchRequest extends FetchLimits {
  readonly source: Exclude<FeedSource, { kind: 'bundled' }>;
  readonly conditional?: ConditionalHeaders;
  /** Fetch `<url>.sig` (or read `<path>.sig`) too: only when a public key is configured. */
  readonly withSignature: boolean;
}

export type FetchResult =
  | { readonly kind: 'not-modified' }
  | {
      readonly kind: 'fetched';
      readonly bytes: Buffer;
      /** The signature text (base64), or undefined when there is none (HTTP 404/410, no `.sig` file) or none was asked for. */
      readonly signature?: string;
      readonly etag?: string;
      readonly lastModified?: string;
    };

export type FeedFetchErrorKind = 'network' | 'timeout' | 'too-large' | 'http' | 'rate-limited' | 'redirect' | 'file';

/** Why a fetch failed, in a sentence for the user, with the facts a caller may act on. */
export class FeedFetchError extends Error {
  override readonly name = 'FeedFetchError';
  constructor(
    message: string,
    readonly kind: FeedFetchErrorKind,
    readonly details: { readonly status?: number; readonly retryAfterMs?: number } = {},
  ) {
    super(message);
  }
  get status(): number | undefined {
    return this.details.status;
  }
  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }
}

/**
 * Fetches the feed (and, when asked, its detached signature) from a URL or reads it from a file.
 * Throws a {@link FeedFetchError} for every failure; never returns partial data.
 *
 * - Conditional: `If-None-Match` / `If-Modified-Since` from `conditional`; a 304 is `not-modified`.
 * - Size: `maxBytes` is enforced while the body streams (a lying or absent Content-Length changes nothing).
 * - Time: one deadline for everything, the body included.
 * - Redirects: at most `maxRedirects`, only to the same origin (scheme, host and port).
 * - 429/503 with `Retry-After` (seconds or HTTP date): `rate-limited` with `retryAfterMs`.
 * - The signature lives at the feed URL with `.sig` appended to its path (query kept).
 */
export async function fetchFeed(request: FetchRequest): Promise<FetchResult> {
  if (request.source.kind === 'file') {
    return readFeedFile(request.source.path, request.withSignature, request.maxBytes ?? MAX_FEED_BYTES);
  }
  const timeoutMs = request.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const deadline = { expired: false };
  const controllers = new Set<AbortController>();
  const timer = setTimeout(() => {
    deadline.expired = true;
    controllers.forEach((controller) => controller.abort());
  }, timeoutMs);
  const context: RequestContext = {
    controllers,
    byResponse: new WeakMap(),
    deadline,
    timeoutMs,
    maxRedirects: request.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    now: request.now ?? Date.now,
    userAgent: request.userAgent ?? 'ospo-guide',
    fetch: request.fetch ?? defaultFetch,
  };
  try {
    const feedUrl = request.source.url;
    const response = await get(feedUrl, context, conditionalHeaders(request.conditional));
    if (response.status === 304) {
      discard(response, context);
      if (!request.conditional?.etag && !request.conditional?.lastModified) {
        throw new FeedFetchError(`${displayUrl(feedUrl)} answered 304 Not Modified to an unconditional request.`, 'http', { status: 304 });
      }
      return { kind: 'not-modified' };
    }
    checkStatus(response, feedUrl, context);
    const bytes = await readBody(response, request.maxBytes ?? MAX_FEED_BYTES, feedUrl, context, 'feed');
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    const signature = request.withSignature ? await fetchSignature(signatureUrl(feedUrl), context) : undefined;
    return {
      kind: 'fetched',
      bytes,
      ...(signature !== undefined ? { signature } : {}),
      ...(etag !== undefined ? { etag } : {}),
      ...(lastModified !== undefined ? { lastModified } : {}),
    };
  } catch (error) {
    throw toFetchError(error, request.source.url, context);
  } finally {
    clearTimeout(timer);
    // Cuts whatever is still open (an unread error body, an oversized body); a no-op for finished requests.
    controllers.forEach((controller) => controller.abort());
  }
}

/** `https://h/feed.json?t=1` → `https://h/feed.json.sig?t=1`. */
export function signatureUrl(feedUrl: string): string {
  const url = new URL(feedUrl);
  url.pathname = `${url.pathname}.sig`;
  url.hash = '';
  return url.toString();
}

interface RequestContext {
  /** One per request, so that a response we stop reading can be cut without affecting the others. */
  readonly controllers: Set<AbortController>;
  readonly byResponse: WeakMap<FetchResponseLike, AbortController>;
  readonly deadline: { expired: boolean };
  readonly timeoutMs: number;
  readonly maxRedirects: number;
  readonly now: () => number;
  readonly userAgent: string;
  readonly fetch: FetchLike;
}

function conditionalHeaders(conditional: ConditionalHeaders | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (conditional?.etag) {
    headers['If-None-Match'] = conditional.etag;
  }
  if (conditional?.lastModified) {
    headers['If-Modified-Since'] = conditional.lastModified;
  }
  return headers;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** GET with redirects followed by hand, so that no redirect can move the feed to another origin. */
async function get(startUrl: string, context: RequestContext, extraHeaders: Record<string, string>): Promise<FetchResponseLike> {
  let url = new URL(startUrl);
  for (let redirects = 0; ; redirects++) {
    const controller = new AbortController();
    context.controllers.add(controller);
    if (context.deadline.expired) {
      controller.abort();
    }
    const response = await context.fetch(url.toString(), {
      method: 'GET',
      redirect: 'manual',
      signal: controller.signal,
      headers: { Accept: 'application/json, */*;q=0.5', 'User-Agent': context.userAgent, ...extraHeaders },
    });
    context.byResponse.set(response, controller);
    if (!REDIRECT_STATUSES.has(response.status)) {
      return response;
    }
    discard(response, context);
    const location = response.headers.get('location');
    if (!location) {
      throw new FeedFetchError(`${displayUrl(url)} answered ${response.status} without a Location header.`, 'redirect', { status: response.status });
    }
    if (redirects >= context.maxRedirects) {
      throw new FeedFetchError(`${displayUrl(startUrl)} redirected more than ${context.maxRedirects} times; refusing to follow.`, 'redirect', { status: response.status });
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new FeedFetchError(`${displayUrl(url)} redirected to a malformed location.`, 'redirect', { status: response.status });
    }
    if (next.protocol !== 'https:' && next.protocol !== 'http:') {
      throw new FeedFetchError(`${displayUrl(url)} redirected to a ${next.protocol} URL; refusing to follow.`, 'redirect', { status: response.status });
    }
    if (url.protocol === 'https:' && next.protocol === 'http:') {
      throw new FeedFetchError(`${displayUrl(url)} redirected from https to plain http (${displayUrl(next)}); refusing to follow.`, 'redirect', { status: response.status });
    }
    // Same origin is scheme, host and port (RFC 6454): another port of the same host is another server.
    if (next.origin !== url.origin) {
      throw new FeedFetchError(
        `${displayUrl(url)} redirected to another origin (${next.origin}); refusing to follow, since a redirect must not change where the policy comes from. If the feed has moved, configure its new URL.`,
        'redirect',
        { status: response.status },
      );
    }
    if (next.username !== '' || next.password !== '') {
      throw new FeedFetchError(`${displayUrl(url)} redirected to a URL with credentials; refusing to follow.`, 'redirect', { status: response.status });
    }
    url = next;
  }
}

function checkStatus(response: FetchResponseLike, url: string, context: RequestContext): void {
  if (response.status === 200) {
    return;
  }
  discard(response, context);
  const statusText = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (response.status === 429 || response.status === 503) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), context.now());
    const retry = retryAfterMs !== undefined ? `; the server asks to retry in ${Math.ceil(retryAfterMs / 1000)} s` : '';
    throw new FeedFetchError(`${displayUrl(url)} answered ${statusText}${retry}.`, 'rate-limited', {
      status: response.status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  throw new FeedFetchError(`${displayUrl(url)} answered ${statusText}.`, 'http', { status: response.status });
}

async function fetchSignature(url: string, context: RequestContext): Promise<string | undefined> {
  const response = await get(url, context, {});
  if (response.status === 404 || response.status === 410) {
    discard(response, context);
    return undefined;
  }
  checkStatus(response, url, context);
  const bytes = await readBody(response, MAX_SIGNATURE_BYTES, url, context, 'signature');
  return bytes.toString('utf8').trim();
}

async function readBody(response: FetchResponseLike, maxBytes: number, url: string, context: RequestContext, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (response.headers.get('content-length') !== null && Number.isFinite(declared) && declared > maxBytes) {
    discard(response, context);
    throw tooLarge(url, maxBytes, what);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const body = response.body as AsyncIterable<Uint8Array | string>;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += buffer.length;
    if (total > maxBytes) {
      discard(response, context);
      throw tooLarge(url, maxBytes, what);
    }
    chunks.push(buffer);
  }
  if (context.deadline.expired) {
    throw timeout(url, context);
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(url: string, maxBytes: number, what: string): FeedFetchError {
  return new FeedFetchError(`The ${what} at ${displayUrl(url)} is larger than ${formatBytes(maxBytes)}; refusing it.`, 'too-large');
}

function timeout(url: string, context: RequestContext): FeedFetchError {
  return new FeedFetchError(`Fetching ${displayUrl(url)} took longer than ${formatMs(context.timeoutMs)}; gave up.`, 'timeout');
}

function toFetchError(error: unknown, url: string, context: RequestContext): FeedFetchError {
  if (error instanceof FeedFetchError) {
    return error;
  }
  if (context.deadline.expired) {
    return timeout(url, context);
  }
  const err = error as { message?: string; code?: string; type?: string };
  const code = err.code ?? err.type;
  // node-fetch puts the full URL (query string and any token in it) into its messages.
  const reason = String(err.message ?? error)
    .replace(/^request to \S+ failed, reason: /, '')
    .split(url)
    .join(displayUrl(url));
  return new FeedFetchError(`Could not fetch ${displayUrl(url)}: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}.`, 'network');
}

/** Stops reading a response we do not need (redirect, error status, oversized body): its connection is cut. */
function discard(response: FetchResponseLike, context: RequestContext): void {
  discardBody(response.body);
  context.byResponse.get(response)?.abort();
}

async function readFeedFile(path: string, withSignature: boolean, maxBytes: number): Promise<FetchResult> {
  const bytes = await readCapped(path, maxBytes, 'feed');
  if (bytes === undefined) {
    throw new FeedFetchError(`The policy feed file ${path} does not exist.`, 'file');
  }
  let signature: string | undefined;
  if (withSignature) {
    signature = (await readCapped(`${path}.sig`, MAX_SIGNATURE_BYTES, 'signature'))?.toString('utf8').trim();
  }
  return { kind: 'fetched', bytes, ...(signature !== undefined ? { signature } : {}) };
}

/** Reads at most `maxBytes` of a regular file; undefined when it does not exist. */
export async function readCapped(path: string, maxBytes: number, what: string): Promise<Buffer | undefined> {
  const read = await readBoundedBytes(path, { maxBytes });
  if (read.kind === 'bytes') {
    return read.bytes;
  }
  if (read.kind === 'missing') {
    return undefined;
  }
  throw new FeedFetchError(`The ${what} file ${path} ${read.reason}.`, read.cause === 'too-large' ? 'too-large' : 'file');
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) {
    return `${bytes / (1024 * 1024)} MiB`;
  }
  if (bytes >= 1024 && bytes % 1024 === 0) {
    return `${bytes / 1024} KiB`;
  }
  return `${bytes} bytes`;
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
