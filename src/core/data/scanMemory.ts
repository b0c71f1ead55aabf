import { BoundedMap } from '../policy/boundedMap';
import { LicenseTextIdentifier } from './licenseText/identifyOnDemand';
import { PackageFolderMemory } from './npm/packageFolderMemory';
import type { LicenseInFile } from './types';

/** Packages remembered before that memory starts over: several times a large tree. */
const MAX_REMEMBERED_PACKAGES = 50_000;

/**
 * What one scan learns that the next can reuse: license texts identified, installed package folders'
 * license files. The editor keeps one for its session; a one-off scan (the CLI) makes its own.
 */
export class ScanMemory {
  readonly licenseTexts = new LicenseTextIdentifier();
  readonly npmPackageFolders = new PackageFolderMemory();
  /** What the license files of an installed package (by folder and version) hold beside its declaration; null for nothing identified. */
  readonly licenseFilesBeside = new BoundedMap<string, LicenseInFile | null>(MAX_REMEMBERED_PACKAGES);
  /** `repositoryLocation` per repository field as written (null: none): a rescan parses every package.json again. */
  readonly repositoryLocations = new BoundedMap<string, string | null>(MAX_REMEMBERED_PACKAGES);
}
