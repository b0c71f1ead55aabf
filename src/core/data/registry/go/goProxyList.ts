/**
 * `GOPROXY` as the go command reads it (Go Modules Reference § "`GOPROXY` protocol", § "Environment
 * variables"; cmd/go/internal/modfetch `proxyList`): URLs separated by `,` (fall back to the next
 * entry only after 404/410) or `|` (fall back after any error); `direct` (fetch from version
 * control, which we never do) and `off` (fetch nothing) end the list. An entry without a scheme
 * that looks like a host gets `https://`. Credentials in a URL become Basic authentication for
 * that URL's host alone.
 */

export type ProxyEntry =
  | {
      readonly kind: 'proxy';
      /** Without credentials, ending in `/`. */
      readonly base: string;
      /** `host[:port]`, for consent and logs. */
      readonly host: string;
      readonly fallBackOnError: boolean;
      /** From credentials in the URL itself. */
      readonly authorization?: string;
    }
  /** A `file://` proxy: the go command reads it from disk; we only speak HTTP, so it answers nothing. */
  | { readonly kind: 'unsupported'; readonly text: string; readonly fallBackOnError: boolean }
  | { readonly kind: 'direct' }
  | { readonly kind: 'off' };

export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';

/** Longer values are not read: no real list comes close. */
const MAX_GOPROXY_LENGTH = 16 * 1024;

export interface ParsedProxyList {
  readonly entries: readonly ProxyEntry[];
  /** An invalid entry makes the go command refuse the whole list, and so do we: no lookups. */
  readonly problem?: string;
}

export function parseGoProxy(value: string): ParsedProxyList {
  const entries: ProxyEntry[] = [];
  if (value.length > MAX_GOPROXY_LENGTH) {
    return { entries: [], problem: 'GOPROXY is too long; no module proxy is used' };
  }
  let rest = value;
  while (rest !== '') {
    let text: string;
    let fallBackOnError = false;
    const separator = firstSeparator(rest);
    if (separator >= 0) {
      text = rest.slice(0, separator);
      fallBackOnError = rest[separator] === '|';
      rest = rest.slice(separator + 1);
    } else {
      text = rest;
      rest = '';
    }
    text = text.trim();
    if (text === '') {
      continue;
    }
    if (text === 'off') {
      entries.push({ kind: 'off' });
      break;
    }
    if (text === 'direct') {
      // The go command ignores what follows `direct`, for forward compatibility.
      entries.push({ kind: 'direct' });
      break;
    }
    const entry = proxyEntry(text, fallBackOnError);
    if (entry === undefined) {
      return { entries: [], problem: `GOPROXY names an invalid proxy URL (${redacted(text)}); no module proxy is used, as the go command would refuse it too` };
    }
    entries.push(entry);
  }
  return { entries };
}

function firstSeparator(text: string): number {
  const comma = text.indexOf(',');
  const pipe = text.indexOf('|');
  return comma < 0 ? pipe : pipe < 0 ? comma : Math.min(comma, pipe);
}

function proxyEntry(raw: string, fallBackOnError: boolean): ProxyEntry | undefined {
  let text = raw;
  // Single words are reserved for keywords; host-like text without a scheme is https.
  if (/[.:/]/.test(text) && !text.includes(':/') && !text.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(text) && !text.startsWith('\\')) {
    text = `https://${text}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol === 'file:') {
    return { kind: 'unsupported', text: redacted(text), fallBackOnError };
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.host === '') {
    return undefined;
  }
  let authorization: string | undefined;
  if (url.username !== '' || url.password !== '') {
    const user = decoded(url.username);
    const password = decoded(url.password);
    authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  url.search = '';
  url.hash = '';
  const base = url.toString();
  return { kind: 'proxy', base: base.endsWith('/') ? base : `${base}/`, host: url.host, fallBackOnError, ...(authorization !== undefined ? { authorization } : {}) };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A proxy URL for messages: never its credentials. */
function redacted(text: string): string {
  const at = text.lastIndexOf('@');
  const scheme = text.indexOf('://');
  return at > scheme && scheme >= 0 ? `${text.slice(0, scheme + 3)}…@${text.slice(at + 1)}` : text;
}
