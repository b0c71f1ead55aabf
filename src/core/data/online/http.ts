import type { Agent } from 'node:http';
import nodeFetch from 'node-fetch';

/** What a request needs from a fetch implementation; node-fetch (the default) and Node's global fetch both fit. */
export interface FetchInit {
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** `manual` hands 3xx answers back (requests with credentials follow them themselves); default `follow`. */
  readonly redirect?: 'follow' | 'manual';
}

export interface FetchResponseLike {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: { get(name: string): string | null };
  /** A Node stream (node-fetch) or a web stream (global fetch): both are async iterables of bytes. */
  readonly body: unknown;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

/** node-fetch, so that VS Code's proxy support (which patches Node's http/https agents) applies. */
export const defaultFetch: FetchLike = nodeFetchVia(() => undefined);

/** node-fetch with the agent `agentFor` picks per URL (a proxy's), or Node's default agent. */
export function nodeFetchVia(agentFor: (url: string) => Agent | undefined): FetchLike {
  return (url, init) => {
    const agent = agentFor(url);
    return nodeFetch(url, {
      method: init.method,
      headers: { ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
      // node-fetch declares its own AbortSignal type; Node's is compatible at run time.
      signal: init.signal as never,
      redirect: init.redirect ?? 'follow',
      follow: 3,
      compress: true,
      ...(agent !== undefined ? { agent } : {}),
    });
  };
}

/** A hostile `Retry-After` must not stop refreshes for longer than this. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or malformed. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) {
    return undefined;
  }
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) {
      return undefined;
    }
    ms = date - now;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

/** Why a request gave no data; one log line per kind per minute. */
export type FailureKind = 'network' | 'timeout' | 'http' | 'rate-limited' | 'too-large' | 'malformed';

export type HttpOutcome =
  | { readonly kind: 'ok'; readonly json: unknown }
  | { readonly kind: 'not-found' }
  | HttpFailure;

export interface HttpFailure {
  readonly kind: 'failed';
  readonly failure: FailureKind;
  readonly message: string;
  readonly status?: number;
  /** From `Retry-After` on 429/503 (seconds or an HTTP date), uncapped apart from fetchFeed's 24 h. */
  readonly retryAfterMs?: number;
}

export type BytesOutcome =
  | { readonly kind: 'ok'; readonly bytes: Buffer; readonly etag?: string }
  /** The answer to a conditional request (`If-None-Match`): what the caller holds is still current. */
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'not-found' }
  | HttpFailure;

export interface HttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly body?: unknown;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly userAgent: string;
  readonly now: () => number;
}

export interface BytesRequest extends HttpRequest {
  /** Default `application/json`. */
  readonly accept?: string;
  /** Credentials for this one host (`Bearer …`, `Basic …`); the caller decides that the URL's host is theirs. */
  readonly authorization?: string;
  /** An ETag from an earlier answer: a 304 then comes back as `not-modified`. */
  readonly etag?: string;
}

/**
 * One request, JSON in and out, never throwing: a 200 with a JSON body is `ok`, a 404 is
 * `not-found`, everything else (network error, timeout, other status, oversized or malformed body)
 * is `failed` with a one-line message that names the host but never a full URL.
 * The timeout covers the whole exchange, the body included; the size cap holds while the body streams.
 */
export async function requestJson(fetch: FetchLike, request: HttpRequest): Promise<HttpOutcome> {
  const outcome = await requestBytes(fetch, request);
  if (outcome.kind !== 'ok') {
    return outcome.kind === 'not-modified' ? { kind: 'failed', failure: 'http', status: 304, message: `${originOf(request.url)} answered HTTP 304` } : outcome;
  }
  try {
    return { kind: 'ok', json: JSON.parse(outcome.bytes.toString('utf8')) as unknown };
  } catch {
    return { kind: 'failed', failure: 'malformed', message: `${originOf(request.url)} answered with malformed JSON` };
  }
}

/** One request, bytes out, with the same guarantees as `requestJson`: never throws, bounded in time and size, no URL in messages. */
export async function requestBytes(fetch: FetchLike, request: BytesRequest): Promise<BytesOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const where = originOf(request.url);
  try {
    const headers: Record<string, string> = { Accept: request.accept ?? 'application/json', 'User-Agent': request.userAgent };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (request.authorization !== undefined) {
      headers.Authorization = request.authorization;
    }
    if (request.etag !== undefined) {
      headers['If-None-Match'] = request.etag;
    }
    let url = request.url;
    let response = await fetch(url, {
      method: request.method,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: controller.signal,
      ...(request.authorization !== undefined ? { redirect: 'manual' as const } : {}),
    });
    // With credentials, redirects are followed here: they go along only to the same scheme, host and port.
    for (let hop = 0; request.authorization !== undefined && isRedirect(response.status) && hop < MAX_REDIRECTS; hop++) {
      const location = response.headers.get('location');
      const next = location === null ? undefined : resolveUrl(location, url);
      if (next === undefined) {
        break;
      }
      discardBody(response.body);
      if (new URL(next).origin !== new URL(url).origin) {
        delete headers.Authorization;
      }
      url = next;
      response = await fetch(url, { method: 'GET', headers, signal: controller.signal, ...(headers.Authorization !== undefined ? { redirect: 'manual' as const } : {}) });
    }
    if (response.status === 404 || response.status === 410) {
      return { kind: 'not-found' };
    }
    if (response.status === 304 && request.etag !== undefined) {
      return { kind: 'not-modified' };
    }
    if (response.status !== 200) {
      const status = response.status;
      if (status === 429 || status === 503) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), request.now());
        return {
          kind: 'failed',
          failure: 'rate-limited',
          status,
          message: `${where} answered HTTP ${status}`,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        };
      }
      return { kind: 'failed', failure: 'http', status, message: `${where} answered HTTP ${status}` };
    }
    const declared = Number(response.headers.get('content-length'));
    if (response.headers.get('content-length') !== null && Number.isFinite(declared) && declared > request.maxBytes) {
      return tooLarge(where, request.maxBytes);
    }
    const bytes = await readCapped(response.body, request.maxBytes);
    if (bytes === undefined) {
      return tooLarge(where, request.maxBytes);
    }
    if (timedOut) {
      return timeout(where, request.timeoutMs);
    }
    const etag = response.headers.get('etag');
    return { kind: 'ok', bytes, ...(etag !== null && etag.length <= 512 ? { etag } : {}) };
  } catch (error) {
    if (timedOut) {
      return timeout(where, request.timeoutMs);
    }
    const err = error as { message?: string; code?: string; cause?: { code?: string } };
    const code = err.code ?? err.cause?.code;
    // node-fetch puts the full URL into its messages; keep only the reason.
    const reason = String(err.message ?? error)
      .replace(/^request to \S+ failed, reason: /, '')
      .split(request.url)
      .join(where);
    return { kind: 'failed', failure: 'network', message: `could not reach ${where}: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}` };
  } finally {
    clearTimeout(timer);
    // Cuts a body we stopped reading (oversized); a no-op for a finished exchange.
    controller.abort();
  }
}

const MAX_REDIRECTS = 3;

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function resolveUrl(location: string, base: string): string | undefined {
  try {
    const url = new URL(location, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function discardBody(body: unknown): void {
  const stream = body as { on?: (event: string, listener: () => void) => void; resume?: () => void } | null;
  stream?.on?.('error', () => undefined);
  stream?.resume?.();
}

/** Scheme, host and port only: no credentials, no path (package names), no query. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the server';
  }
}

function tooLarge(where: string, maxBytes: number): HttpFailure {
  return { kind: 'failed', failure: 'too-large', message: `${where} answered with more than ${maxBytes} bytes` };
}

function timeout(where: string, timeoutMs: number): HttpFailure {
  return { kind: 'failed', failure: 'timeout', message: `${where} did not answer within ${timeoutMs} ms` };
}

/** The body, or undefined as soon as it grows past `maxBytes`. */
async function readCapped(body: unknown, maxBytes: number): Promise<Buffer | undefined> {
  if (body === null || body === undefined) {
    return Buffer.alloc(0);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = body as AsyncIterable<Uint8Array | string> & { on?: (event: string, listener: () => void) => void };
  // An aborted node-fetch body emits 'error' after we stop iterating; it must not become an uncaught error.
  stream.on?.('error', () => undefined);
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += buffer.length;
    if (total > maxBytes) {
      return undefined;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}
