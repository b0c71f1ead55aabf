import type { PackageHash } from '../types';

const ALGORITHMS: Readonly<Record<string, readonly [PackageHash['algorithm'], number]>> = {
  sha1: ['SHA-1', 20],
  sha256: ['SHA-256', 32],
  sha384: ['SHA-384', 48],
  sha512: ['SHA-512', 64],
};

/**
 * The hashes of a Subresource Integrity string (`sha512-<base64> sha1-<base64>`), as hex.
 * Unknown algorithms and digests of the wrong length are left out.
 */
export function integrityToHashes(integrity: unknown): PackageHash[] | undefined {
  if (typeof integrity !== 'string') {
    return undefined;
  }
  const hashes: PackageHash[] = [];
  for (const part of integrity.split(' ')) {
    const dash = part.indexOf('-');
    if (dash <= 0) {
      continue;
    }
    const known = ALGORITHMS[part.slice(0, dash).trim().toLowerCase()];
    if (!known) {
      continue;
    }
    const question = part.indexOf('?', dash);
    const digest = Buffer.from(part.slice(dash + 1, question === -1 ? undefined : question).trim(), 'base64');
    if (digest.length !== known[1] || hashes.some((hash) => hash.algorithm === known[0])) {
      continue;
    }
    hashes.push({ algorithm: known[0], hex: digest.toString('hex') });
  }
  return hashes.length > 0 ? hashes : undefined;
}

/** The SHA-1 that old registries put after `#` in a tarball URL (`…/x-1.0.0.tgz#<40 hex>`). */
export function sha1FromTarballUrl(url: unknown): PackageHash | undefined {
  if (typeof url !== 'string') {
    return undefined;
  }
  const hash = url.lastIndexOf('#');
  if (hash === -1) {
    return undefined;
  }
  const hex = url.slice(hash + 1).toLowerCase();
  return hex.length === 40 && /^[0-9a-f]+$/.test(hex) ? { algorithm: 'SHA-1', hex } : undefined;
}
