import * as path from 'node:path';
import { identifyLicenseTexts } from '../licenseText/identifyOnDemand';
import { licenseFileNameRank } from '../licenseText/licenseFileNames';
import type { DeclaredLicense } from '../types';
import { isDirectory, listFolder, readDataFile } from '../dataFiles';

/** Qualified license files (`LICENSE-MIT`, `COPYING.LESSER`) read at most from one folder. */
const MAX_QUALIFIED_FILES = 4;
/** `licenseFileNameRank` of qualified names; plain `LICENSE`, `LICENSE.md`, `COPYING` rank higher. */
const QUALIFIED_RANK = 1;

export interface FolderLicense {
  readonly license?: DeclaredLicense;
  /** Whether the folder exists at all (so the caller can tell "not downloaded" from "no license"). */
  readonly folderFound: boolean;
}

/**
 * Identifies the license of a module folder from its license file text. The best-ranked plain
 * name (`LICENSE`, then `LICENSE.md`, then `COPYING`, see `licenseFileNameRank`) wins; failing
 * that, every qualified file (`LICENSE-MIT`, `COPYING.LESSER`) is read and what they identify is
 * listed (the evaluator ANDs the list: a file name cannot say the terms are a choice). A file
 * holding several license texts (klauspost/compress's LICENSE) lists them all, in its order.
 */
export async function folderLicense(folder: string, label: string, files: string[], problems: string[]): Promise<FolderLicense> {
  const entries = (await listFolder(folder)).filter((entry) => !entry.isDirectory);
  if (entries.length === 0) {
    return { folderFound: await isDirectory(folder) };
  }
  const ranked = entries
    .map((entry) => ({ name: entry.name, rank: licenseFileNameRank(entry.name) }))
    .filter((entry) => entry.rank > 0)
    .sort((a, b) => b.rank - a.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const best = ranked[0];
  const candidates =
    best === undefined ? [] : best.rank > QUALIFIED_RANK ? [best.name] : ranked.slice(0, MAX_QUALIFIED_FILES).map((entry) => entry.name);
  const ids: string[] = [];
  const names: string[] = [];
  let confidence = 1;
  let several = 0;
  for (const name of candidates) {
    const file = path.join(folder, name);
    const read = await readDataFile(file);
    if ('missing' in read) {
      continue;
    }
    if ('error' in read) {
      problems.push(`${file}: ${read.error}`);
      continue;
    }
    files.push(file);
    const identified = identifyLicenseTexts(read.text);
    const added = identified === null ? [] : identified.ids.filter((id) => !ids.includes(id));
    if (identified !== null && added.length > 0) {
      ids.push(...added);
      names.push(name);
      confidence = Math.min(confidence, identified.confidence);
      several = Math.max(several, identified.ids.length);
    }
  }
  if (ids.length === 0) {
    return { folderFound: true };
  }
  return {
    folderFound: true,
    license: { value: ids.length === 1 ? ids[0] : ids, source: `${label}/${names.join(', ')} text${several > 1 ? ` (${several} licenses in one file)` : ''}`, confidence },
  };
}
