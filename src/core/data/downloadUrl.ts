import { credentialFreeUrl } from './metadataUrl';

const WEB: readonly string[] = ['https:', 'http:'];

/**
 * A lockfile's download URL (npm and Yarn `resolved`, Composer `dist.url`, uv `sdist.url`) where it
 * is an http(s) URL without credentials, for an SBOM's download location; undefined for anything
 * else (a `file:` or `git+ssh:` source, a path, text made to look like a URL).
 */
export function downloadUrl(value: unknown): string | undefined {
  return typeof value === 'string' && /^https?:\/\/[\x21-\x7e]+$/i.test(value) ? credentialFreeUrl(value, WEB) : undefined;
}
