import { identifyLicenseTexts } from '../../licenseText/identifyOnDemand';
import { licenseFileNameRank } from '../../licenseText/licenseFileNames';
import { readZipDirectory, readZipEntry } from '../../../files/zipArchive';

/**
 * The license of a module version from its zip (Go Modules Reference § "Module zip files": every
 * file lies under `<module>@<version>/`, the module root; § "Special case for LICENSE files": a
 * module in a sub-folder of its repository carries the repository's root LICENSE). Only license
 * files at the module root are read, chosen as the offline reader of module folders
 * (`src/core/data/go/licenseFiles.ts`) chooses them: the best plain name (`LICENSE`, then
 * `LICENSE.md`…, then `COPYING`), else up to four qualified ones (`LICENSE-MIT`, `COPYING.LESSER`),
 * whose identifications are listed. A file holding several license texts (klauspost/compress:
 * BSD-3-Clause, Apache-2.0 for one folder, MIT for another) lists them all, in the file's order
 * (`identifyLicenseTexts`).
 */

export interface ZipLicense {
  /** The SPDX ids found: one, or several (a file holding several licenses, or several files). */
  readonly ids: readonly string[];
  readonly files: readonly string[];
  readonly confidence: number;
  /** True when one file held several licenses. */
  readonly several: boolean;
}

export interface ZipLicenseLimits {
  /** Central directory entries read at most. */
  readonly maxEntries: number;
  /** A license file inflated at most to this size (license texts are identified up to 200 KB). */
  readonly maxLicenseBytes: number;
}

export const DEFAULT_ZIP_LICENSE_LIMITS: ZipLicenseLimits = { maxEntries: 200_000, maxLicenseBytes: 1024 * 1024 };

/** Qualified license files read at most, and the rank of qualified names, as in licenseFiles.ts. */
const MAX_QUALIFIED_FILES = 4;
const QUALIFIED_RANK = 1;

export interface ZipLicenseResult {
  /** Undefined when no license file is identified. */
  readonly license?: ZipLicense;
  /** Why the archive itself could not be read (then nothing was). */
  readonly unreadable?: string;
  /** License files that could not be read (too large, not inflating to their size…). */
  readonly problems: readonly string[];
}

export function licenseFromModuleZip(zip: Buffer, modulePath: string, version: string, limits: ZipLicenseLimits = DEFAULT_ZIP_LICENSE_LIMITS): ZipLicenseResult {
  const directory = readZipDirectory(zip, limits.maxEntries);
  if ('error' in directory) {
    return { unreadable: directory.error, problems: [] };
  }
  // Module paths and versions appear unencoded in zip file names.
  const prefix = `${modulePath}@${version}/`;
  const candidates = directory.ok.entries
    .filter((entry) => entry.name.startsWith(prefix) && !entry.name.slice(prefix.length).includes('/'))
    .map((entry) => ({ entry, name: entry.name.slice(prefix.length), rank: licenseFileNameRank(entry.name.slice(prefix.length)) }))
    .filter((candidate) => candidate.rank > 0)
    .sort((a, b) => b.rank - a.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const best = candidates[0];
  const chosen = best === undefined ? [] : best.rank > QUALIFIED_RANK ? [best] : candidates.slice(0, MAX_QUALIFIED_FILES);
  const ids: string[] = [];
  const files: string[] = [];
  let confidence = 1;
  let several = false;
  const problems: string[] = [];
  for (const candidate of chosen) {
    const bytes = readZipEntry(zip, directory.ok, candidate.entry, limits.maxLicenseBytes);
    if ('error' in bytes) {
      problems.push(bytes.error.startsWith(prefix) ? bytes.error.slice(prefix.length) : bytes.error);
      continue;
    }
    const found = identifyLicenseTexts(bytes.ok.toString('utf8'));
    if (found === null) {
      continue;
    }
    several ||= found.ids.length > 1;
    files.push(candidate.name);
    confidence = Math.min(confidence, found.confidence);
    for (const id of found.ids) {
      if (!ids.includes(id)) {
        ids.push(id);
      }
    }
  }
  return ids.length === 0 ? { problems } : { license: { ids, files, confidence, several }, problems };
}
