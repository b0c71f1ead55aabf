import { parseHttpUrl } from '../registryHttp';

/**
 * Credentials by Composer "origin": the host, with `:port` when the URL names one
 * (`Composer\Util\Url::getOrigin`; `repo.packagist.org` counts as `packagist.org`).
 */
export type ComposerCredentials = Record<string, string>;

export function emptyCredentials(): ComposerCredentials {
  return Object.create(null) as ComposerCredentials;
}

/**
 * Adds the `http-basic` and `bearer` entries of one auth layer (an `auth.json`, the `config` of a
 * composer.json or config.json, `COMPOSER_AUTH`) to `into`, later layers replacing earlier ones per
 * host, as Composer's `Config::merge` does; `bearer` wins over `http-basic` for the same host
 * (`BaseIO::loadConfiguration` sets it last). getcomposer.org "Authentication for privately hosted
 * packages": `{"http-basic": {"host": {"username", "password"}}, "bearer": {"host": "TOKEN"}}`.
 * Other kinds (GitHub/GitLab tokens, custom headers, client certificates) are for other protocols
 * or need more than an `Authorization` header, and are not used.
 */
export function addAuthLayer(into: ComposerCredentials, layer: unknown): void {
  if (!isObject(layer)) {
    return;
  }
  const basic = layer['http-basic'];
  if (isObject(basic)) {
    for (const [host, entry] of Object.entries(basic)) {
      if (isObject(entry) && typeof entry.username === 'string' && typeof entry.password === 'string' && isHostKey(host)) {
        into[host.toLowerCase()] = `Basic ${Buffer.from(`${entry.username}:${entry.password}`).toString('base64')}`;
      }
    }
  }
  const bearer = layer.bearer;
  if (isObject(bearer)) {
    for (const [host, token] of Object.entries(bearer)) {
      if (typeof token === 'string' && token.trim() !== '' && isHostKey(host)) {
        into[host.toLowerCase()] = `Bearer ${token.trim()}`;
      }
    }
  }
}

/** The `Authorization` for a URL: the credentials configured for exactly its origin, never another host's. */
export function authorizationFor(credentials: ComposerCredentials, url: string): string | undefined {
  const origin = composerOrigin(url);
  return origin === undefined ? undefined : credentials[origin];
}

/** `Url::getOrigin`: host, plus `:port` when the URL spells one out. */
export function composerOrigin(url: string): string | undefined {
  const parsed = parseHttpUrl(url);
  if (parsed === undefined) {
    return undefined;
  }
  // URL drops a default port (`:443` on https); Composer keeps whatever the text says.
  const authority = url.slice(url.indexOf('//') + 2).split(/[/?#]/)[0];
  const hostPart = authority.slice(authority.lastIndexOf('@') + 1);
  const port = parsed.port !== '' ? parsed.port : /:(\d+)$/.exec(hostPart)?.[1];
  const host = parsed.hostname.toLowerCase();
  const origin = port !== undefined ? `${host}:${port}` : host;
  return origin === 'repo.packagist.org' ? 'packagist.org' : origin;
}

function isHostKey(host: string): boolean {
  return host.length > 0 && host.length <= 300 && !host.includes('/');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
