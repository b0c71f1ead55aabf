import type { DeclaredLicense, PackageHash } from '../types';

/** One source's record of a package before the records of all sources are merged. */
export interface PypiDraft {
  /** The name as this source writes it. */
  readonly name: string;
  /** The name comes from the distribution's own metadata (`Name:`), the spelling it was published with. */
  readonly fromMetadata: boolean;
  readonly version: string;
  readonly source: string;
  readonly license?: DeclaredLicense;
  readonly hashes: readonly PackageHash[];
  /** `pep503name@version` of the packages it needs, within the same source. */
  readonly dependencies: readonly string[];
  /** Whether the source says which group the package belongs to; `scope` is then its group (undefined: the main one). */
  readonly scopeKnown: boolean;
  readonly scope?: 'dev' | 'optional';
  readonly direct: boolean;
  readonly path?: string;
  /** An installed distribution's `Project-URL: Funding, …` (and sponsor, donate), as URLs. */
  readonly funding?: readonly string[];
  /** An installed distribution's source repository (`Project-URL: Source, …`), as a `repositoryLocation`. */
  readonly repository?: string;
  /** Where a lockfile says its source distribution is downloaded from. */
  readonly downloadUrl?: string;
}

const HASH_ALGORITHMS: Readonly<Record<string, PackageHash['algorithm']>> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

const HASH_LENGTHS: Readonly<Record<PackageHash['algorithm'], number>> = { 'SHA-1': 40, 'SHA-256': 64, 'SHA-384': 96, 'SHA-512': 128 };

/** `sha256:ab12…` (pip, Poetry, uv, Pipenv) as a hash; undefined for other algorithms (md5) or malformed text. */
export function parseHash(text: string): PackageHash | undefined {
  const match = /^\s*([a-z0-9]+)[:=]([0-9a-fA-F]+)\s*$/i.exec(text);
  const algorithm = match ? HASH_ALGORITHMS[match[1].toLowerCase()] : undefined;
  if (!match || !algorithm || match[2].length !== HASH_LENGTHS[algorithm]) {
    return undefined;
  }
  return { algorithm, hex: match[2].toLowerCase() };
}

export function uniqueHashes(hashes: Iterable<PackageHash | undefined>): PackageHash[] {
  const result: PackageHash[] = [];
  for (const hash of hashes) {
    if (hash && !result.some((known) => known.algorithm === hash.algorithm && known.hex === hash.hex)) {
      result.push(hash);
    }
  }
  return result;
}
