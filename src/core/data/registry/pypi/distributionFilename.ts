import { pep503Name } from '../../../policy/purl';

/** The archive suffixes pip accepts for source distributions (pip's `utils/filetypes.py`), longest first where one ends another. */
const SDIST_SUFFIXES = ['.tar.gz', '.tar.bz2', '.tar.xz', '.tar.lzma', '.tar.lz', '.tar', '.tgz', '.tbz', '.txz', '.tlz', '.zip'];

/** Longer file names are not distributions (and are not scanned). */
const MAX_FILENAME_LENGTH = 512;

export interface DistributionFile {
  readonly version: string;
  readonly kind: 'wheel' | 'sdist';
}

/**
 * The version a distribution file belongs to, read from its name, or undefined when the file is
 * not a wheel or source distribution of `project` (a PEP 503 name).
 *
 * Wheels: `{distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl`
 * (Binary distribution format, "File name convention"). Source distributions:
 * `{name}-{version}.tar.gz` (Source distribution format, "Source distribution file name"); older
 * ones wrote the name with `-` in it, so the name is the prefix before the `-` at which it
 * normalises to the project's name, as pip's `_find_name_version_sep` finds it.
 */
export function distributionFile(filename: string, project: string): DistributionFile | undefined {
  if (filename.length > MAX_FILENAME_LENGTH || filename.includes('/')) {
    return undefined;
  }
  const lower = filename.toLowerCase();
  if (lower.endsWith('.whl')) {
    const parts = filename.slice(0, -4).split('-');
    if ((parts.length !== 5 && parts.length !== 6) || pep503Name(parts[0]) !== project || parts[1] === '') {
      return undefined;
    }
    return { version: parts[1], kind: 'wheel' };
  }
  const suffix = SDIST_SUFFIXES.find((candidate) => lower.endsWith(candidate));
  if (suffix === undefined) {
    return undefined;
  }
  const stem = filename.slice(0, -suffix.length);
  for (let dash = stem.indexOf('-'); dash > 0; dash = stem.indexOf('-', dash + 1)) {
    if (pep503Name(stem.slice(0, dash)) === project) {
      const version = stem.slice(dash + 1);
      return version === '' ? undefined : { version, kind: 'sdist' };
    }
  }
  return undefined;
}
