import { BoundedMap } from '../../policy/boundedMap';

/** A license file identified in a package folder, by its absolute path (labels depend on the scan's root). */
export interface RememberedLicenseFile {
  readonly ids: readonly string[];
  readonly confidence: number;
  readonly path: string;
}

/** What one package folder's license files gave, and the package.json text it was read beside. */
export interface RememberedFolder {
  readonly manifestText: string;
  /** Every license file read for it, to report and watch them again. */
  readonly files: readonly string[];
  readonly identified: RememberedLicenseFile | undefined;
}

/** Folders remembered before the memory starts over: several times a large tree (1,616 packages on the bench tree). */
const MAX_REMEMBERED_FOLDERS = 50_000;

/**
 * The license files of installed package folders, kept across scans by a long-lived caller (the
 * editor). Package managers replace a package's folder whole, package.json included, so a folder
 * whose package.json reads the same is taken to hold the same license files: a rescan then reads
 * package.json alone. A folder whose reading met a problem is not remembered.
 */
export class PackageFolderMemory {
  private readonly folders = new BoundedMap<string, RememberedFolder>(MAX_REMEMBERED_FOLDERS);

  recall(dir: string, manifestText: string): RememberedFolder | undefined {
    const remembered = this.folders.get(dir);
    return remembered !== undefined && remembered.manifestText === manifestText ? remembered : undefined;
  }

  remember(dir: string, folder: RememberedFolder): void {
    this.folders.set(dir, folder);
  }
}
