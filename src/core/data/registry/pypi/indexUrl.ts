/** PyPI's own Simple API base (https://packaging.python.org/en/latest/specifications/simple-repository-api/#base-api). */
export const PYPI_SIMPLE_URL = 'https://pypi.org/simple/';

/** A package index as configured, with the credentials written into its URL taken out. */
export interface PackageIndex {
  /** The Simple API base URL without credentials, query or fragment, ending in `/`. */
  readonly url: string;
  /** `host[:port]`, for consent, the log and `source` strings. */
  readonly host: string;
  /** `Basic …` from `https://user:token@host/…`; sent only to this index's origin. */
  readonly authorization?: string;
  /** Where it was configured, in words (`PIP_INDEX_URL`, `~/.config/pip/pip.conf`, `pyproject.toml [[tool.uv.index]] internal`). */
  readonly origin: string;
  /** PDM `include_packages`: names matching these globs are looked up only on indexes that include them. */
  readonly include?: readonly string[];
  /** PDM `exclude_packages`: names matching these globs are never looked up here. */
  readonly exclude?: readonly string[];
}

/** No index URL comes close; longer values are refused rather than parsed. */
const MAX_URL_LENGTH = 4096;

/**
 * Reads one index URL as pip, uv, Poetry and PDM write it. Credentials in the URL
 * (`https://user:token@host/simple/`) become a Basic `Authorization` for that origin only and are
 * removed from everything else (cache keys, messages). Only http(s) URLs; a `file:` or local path
 * index is not a host we can ask. Undefined for anything else.
 */
export function parseIndexUrl(text: string, origin: string): PackageIndex | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > MAX_URL_LENGTH) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
    return undefined;
  }
  const authorization = basicAuthorization(url.username, url.password);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  // Every Simple API URL ends in `/` (Simple repository API, "Project Detail"); a base without one is still a folder.
  const base = url.toString();
  return {
    url: base.endsWith('/') ? base : `${base}/`,
    host: url.host,
    origin,
    ...(authorization !== undefined ? { authorization } : {}),
  };
}

function basicAuthorization(username: string, password: string): string | undefined {
  if (username === '' && password === '') {
    return undefined;
  }
  let user: string;
  let secret: string;
  try {
    user = decodeURIComponent(username);
    secret = decodeURIComponent(password);
  } catch {
    return undefined;
  }
  // pip sends a token given alone (`https://token@host/`) as the user name with an empty password.
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}

/** Scheme, host and port of a URL; undefined when it is not an http(s) URL. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `Authorization` for a request: the credentials configured for exactly that origin (scheme,
 * host and port; pip keys them by host the same way), never another host's, and never https
 * credentials over http. Where several indexes on one origin carry credentials, the one whose URL
 * is the longest prefix of the request wins.
 */
export function authorizationFor(indexes: readonly PackageIndex[], url: string): string | undefined {
  const origin = originOf(url);
  if (origin === undefined) {
    return undefined;
  }
  let best: PackageIndex | undefined;
  for (const index of indexes) {
    if (index.authorization === undefined || originOf(index.url) !== origin) {
      continue;
    }
    const prefix = url.startsWith(index.url);
    const bestPrefix = best !== undefined && url.startsWith(best.url);
    if (best === undefined || (prefix && (!bestPrefix || index.url.length > best.url.length))) {
      best = index;
    }
  }
  return best?.authorization;
}
