import * as path from 'node:path';
import type { Ecosystem } from '../manifests/types';
import { mapLimited } from './dataFiles';
import { shippedTexts } from './packageTexts';
import type { ScanMemory } from './scanMemory';
import { LICENSE_IN_FILE_MIN_SIMILARITY, type LicenseInFile, type ResolvedPackage } from './types';

/**
 * The ecosystems whose resolvers leave a declared license without what the package's own files hold:
 * their installed folders are read here (npm and PyPI compare while they walk). Maven is not: its
 * texts are inside jars, and reading every jar whole at each scan costs more than the check is worth
 * in the editor; `ospo-guide notices` reads them.
 */
const CHECKED_HERE: ReadonlySet<Ecosystem> = new Set(['cargo', 'composer', 'rubygems']);

/** License files compared per package at most (a dual-licensed crate ships two). */
const MAX_FILES_COMPARED = 4;
const CONCURRENCY = 16;

/**
 * The packages, each installed one that declares a license given what its license files hold
 * (`DeclaredLicense.inFile`, full texts only), so the policy can tell a declaration its own text
 * contradicts. `label` names a file for people.
 */
export async function withLicenseFilesBeside(packages: readonly ResolvedPackage[], memory: ScanMemory, label: (file: string) => string): Promise<readonly ResolvedPackage[]> {
  // Picked synchronously: a 60,000-package npm lockfile has nothing to check here and must not pay a promise per package.
  const checked: number[] = [];
  packages.forEach((item, index) => {
    const license = item.license;
    if (CHECKED_HERE.has(item.ecosystem) && item.path !== undefined && license !== undefined && license.confidence === undefined && license.inFile === undefined) {
      checked.push(index);
    }
  });
  if (checked.length === 0) {
    return packages;
  }
  const found = await mapLimited(checked, CONCURRENCY, async (index) => {
    const item = packages[index];
    const folder = item.path ?? '';
    const key = `${folder}\0${item.version}`;
    let inFile = memory.licenseFilesBeside.get(key);
    if (inFile === undefined) {
      inFile = await readInFile(item, folder, memory, label);
      memory.licenseFilesBeside.set(key, inFile);
    }
    return inFile;
  });
  const result = [...packages];
  checked.forEach((index, at) => {
    const inFile = found[at];
    const item = packages[index];
    if (inFile !== null && item.license !== undefined) {
      result[index] = { ...item, license: { ...item.license, inFile } };
    }
  });
  return result;
}

async function readInFile(item: ResolvedPackage, folder: string, memory: ScanMemory, label: (file: string) => string): Promise<LicenseInFile | null> {
  const { texts } = await shippedTexts(item, { licensesOnly: true, maxFiles: MAX_FILES_COMPARED });
  const ids: string[] = [];
  const files: string[] = [];
  let similarity = 1;
  for (const text of texts) {
    const found = memory.licenseTexts.identify(text.text);
    if (found === null || found.confidence < LICENSE_IN_FILE_MIN_SIMILARITY) {
      continue;
    }
    ids.push(...found.ids.filter((id) => !ids.includes(id)));
    files.push(label(path.join(folder, text.file)));
    similarity = Math.min(similarity, found.confidence);
  }
  return ids.length === 0 ? null : { ids, file: files.join(', '), similarity };
}
