/** Longer than this, a URL in package metadata or a lockfile is not one anybody wrote. */
const MAX_URL_LENGTH = 2048;

/**
 * A URL from package metadata or a lockfile, already screened for its characters by the caller, as
 * people and SBOMs may be pointed at it: one of `protocols`, with a host and no credentials. Its
 * `href`, or undefined.
 */
export function credentialFreeUrl(text: string, protocols: readonly string[]): string | undefined {
  if (text.length > MAX_URL_LENGTH) {
    return undefined;
  }
  try {
    const url = new URL(text);
    return protocols.includes(url.protocol) && url.hostname !== '' && url.username === '' && url.password === '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
