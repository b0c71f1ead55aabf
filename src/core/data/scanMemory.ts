import { LicenseTextIdentifier } from './licenseText/identifyOnDemand';
import { PackageFolderMemory } from './npm/packageFolderMemory';

/**
 * What one scan learns that the next can reuse: license texts identified, installed package folders'
 * license files. The editor keeps one for its session; a one-off scan (the CLI) makes its own.
 */
export class ScanMemory {
  readonly licenseTexts = new LicenseTextIdentifier();
  readonly npmPackageFolders = new PackageFolderMemory();
}
