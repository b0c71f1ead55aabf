import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the policy feed comes from, after the user's setting was checked. */
export type FeedSource =
  | { readonly kind: 'bundled' }
  | {
      readonly kind: 'url';
      /** The URL to fetch, fragment removed. */
      readonly url: string;
      /** For messages and the UI: the query string (which may hold a token) is elided. */
      readonly display: string;
    }
  | { readonly kind: 'file'; readonly path: string; readonly display: string };

/** The setting does not name a usable source; the message says what is wrong and what is accepted. */
export class FeedSourceError extends Error {
  override readonly name = 'FeedSourceError';
}

export interface FeedSourceOptions {
  /** For `~` expansion; default `os.homedir()`. */
  readonly homedir?: string;
  /** Which path rules apply; default `process.platform`. */
  readonly platform?: NodeJS.Platform;
}

const ACCEPTED = 'expected an https:// URL, an http:// URL on this machine (localhost, 127.0.0.1, ::1), or an absolute file path';

/**
 * Parses the feed-location setting. Empty (or only whitespace) means the bundled default.
 * `https://` URLs are accepted for any host, `http://` only for loopback hosts, `file://` URLs and
 * absolute paths (with `~` expanded) name a local file; anything else throws a {@link FeedSourceError}.
 */
export function parseFeedSource(setting: string | undefined | null, options: FeedSourceOptions = {}): FeedSource {
  const text = (setting ?? '').trim();
  if (text === '') {
    return { kind: 'bundled' };
  }
  if (text.includes('\0')) {
    throw new FeedSourceError('The policy feed location contains a NUL character.');
  }
  const platform = options.platform ?? process.platform;
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const isWindowsDrivePath = platform === 'win32' && /^[a-z]:[\\/]/i.test(text);
  if (!isWindowsDrivePath && /^[a-z][a-z0-9+.-]*:/i.test(text)) {
    return parseUrlSource(text);
  }
  let expanded = text;
  if (text === '~' || text.startsWith('~/') || (platform === 'win32' && text.startsWith('~\\'))) {
    expanded = paths.join(options.homedir ?? os.homedir(), text.slice(1));
  } else if (text.startsWith('~')) {
    throw new FeedSourceError(`The policy feed location '${text}' uses '~user', which is not supported; ${ACCEPTED}.`);
  }
  if (!paths.isAbsolute(expanded)) {
    throw new FeedSourceError(`The policy feed location '${text}' is a relative path; ${ACCEPTED}.`);
  }
  const resolved = paths.resolve(expanded);
  return { kind: 'file', path: resolved, display: resolved };
}

function parseUrlSource(text: string): FeedSource {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FeedSourceError(`The policy feed location '${text}' is not a valid URL; ${ACCEPTED}.`);
  }
  if (url.protocol === 'file:') {
    let filePath: string;
    try {
      filePath = fileURLToPath(url);
    } catch (error) {
      throw new FeedSourceError(`The policy feed location '${text}' is not a usable file URL: ${(error as Error).message}`);
    }
    return { kind: 'file', path: filePath, display: filePath };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new FeedSourceError(`The policy feed location '${text}' uses the unsupported scheme '${url.protocol}'; ${ACCEPTED}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new FeedSourceError(`The policy feed URL must not contain a user name or password; ${ACCEPTED}.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new FeedSourceError(
      `The policy feed URL '${displayUrl(url)}' uses plain http:// for a host that is not this machine; use https:// (http:// is only accepted for localhost, 127.0.0.0/8 and ::1).`,
    );
  }
  url.hash = '';
  return { kind: 'url', url: url.toString(), display: displayUrl(url) };
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and ::1 (as `URL.hostname` spells them). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return true;
  }
  if (host === '[::1]' || host === '::1') {
    return true;
  }
  return /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(host) && host.split('.').every((part) => Number(part) <= 255);
}

/** The URL without its query string's content (it may carry an access token) and without a fragment. */
export function displayUrl(url: URL | string): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return `${parsed.origin}${parsed.pathname}${parsed.search !== '' ? '?…' : ''}`;
}

/** A stable key for "the same source", used to decide whether cached validators (ETag) apply. */
export function feedSourceKey(source: FeedSource): string {
  switch (source.kind) {
    case 'bundled':
      return 'bundled';
    case 'url':
      return `url:${source.url}`;
    case 'file':
      return `file:${source.path}`;
  }
}
