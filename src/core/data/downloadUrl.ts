/** Longer than this, a lockfile's URL is not one a package manager wrote. */
const MAX_URL_LENGTH = 2048;

/**
 * A lockfile's download URL (npm `resolved`, Composer `dist.url`) where it is an http(s) URL
 * without credentials, for an SBOM's download location; undefined for anything else (a `file:`
 * or `git+ssh:` source, a path, text made to look like a URL).
 */
export function downloadUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || !/^https?:\/\/[\x21-\x7e]+$/i.test(value)) {
    return undefined;
  }
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
