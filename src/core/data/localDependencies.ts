import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readCapped } from '../feed/fetchFeed';
import { identifyLicenseTexts } from './licenseText/identifyOnDemand';
import { licenseFileNameRank } from './licenseText/licenseFileNames';
import type { DeclaredLicense } from './types';
import { isInside } from './dataFiles';

/** What the local manifest of a path or workspace dependency says. */
export interface LocalFacts {
  readonly version?: { readonly value: string; readonly source: string };
  readonly license?: DeclaredLicense;
}

/** No real package.json, Cargo.toml or gemspec comes close. */
export const MAX_LOCAL_MANIFEST_BYTES = 1024 * 1024;
/** License texts are short; this is far above the longest. */
const MAX_LICENSE_TEXT_BYTES = 256 * 1024;
/** Entries of one folder looked at (a license file, gemspecs). */
const MAX_FOLDER_ENTRIES = 2000;
/** Parents walked up looking for `.git`. */
const MAX_PARENTS = 64;
/** License-looking files of one folder tried before giving up. */
const MAX_LICENSE_FILES_TRIED = 3;

/**
 * The folder tree local dependencies are read in, for a manifest that knows nothing of its
 * workspace:
 * 1. the innermost of `roots` (the editor's workspace folders, the CLI's arguments) holding it;
 * 2. else the nearest folder, from the manifest's own upwards, holding `.git` (a repository, or a
 *    worktree's or submodule's `.git` file); the search stops before the file-system root and,
 *    for a manifest in the home folder, before the home folder: a `.git` there (a dotfiles
 *    repository) would open everything below it;
 * 3. else the common folder of the manifests given, unless that is the file-system root, the
 *    home folder or a folder above it;
 * 4. else the manifest's own folder.
 * Paths are compared after symbolic links are resolved, so a link cannot lead out of it.
 */
export async function localBoundary(manifestDir: string, options: { readonly home: string; readonly roots?: readonly string[]; readonly manifestDirs?: readonly string[] }): Promise<string> {
  // Real paths throughout: a project reached through a link lives, and is a repository, where the link points.
  const dir = await realOrSelf(path.resolve(manifestDir));
  const home = await realOrSelf(path.resolve(options.home));
  const tooWide = (folder: string): boolean => path.dirname(folder) === folder || isInside(folder, home);
  const roots = (await Promise.all((options.roots ?? []).map((root) => realOrSelf(path.resolve(root))))).filter((root) => isInside(root, dir));
  if (roots.length > 0) {
    return roots.reduce((inner, root) => (root.length > inner.length ? root : inner));
  }
  const inHome = isInside(home, dir);
  const searched = (folder: string): boolean => path.dirname(folder) !== folder && !(inHome && isInside(folder, home));
  let folder = dir;
  for (let depth = 0; depth < MAX_PARENTS && searched(folder); depth++) {
    if (await exists(path.join(folder, '.git'))) {
      return folder;
    }
    folder = path.dirname(folder);
  }
  const others = await Promise.all((options.manifestDirs ?? []).map((other) => realOrSelf(path.resolve(other))));
  const common = commonFolder([dir, ...others]);
  return tooWide(common) ? dir : common;
}

function commonFolder(folders: readonly string[]): string {
  let common = folders[0];
  for (const folder of folders.slice(1)) {
    while (!isInside(common, folder)) {
      const parent = path.dirname(common);
      if (parent === common) {
        return common;
      }
      common = parent;
    }
  }
  return common;
}

/**
 * Reads the local manifests of one manifest's path and workspace dependencies: every path is
 * resolved (links too) and refused when it leaves `boundary`; files are read only when they are
 * regular files, and only up to a size. What cannot be read is one line in `problems`.
 */
export class LocalReader {
  readonly files: string[] = [];
  readonly problems: string[] = [];

  constructor(
    /** The manifest's folder: relative paths start here, and labels are relative to it. */
    readonly manifestDir: string,
    /** A real path (see `localBoundary`). */
    readonly boundary: string,
    /** How the manifest is named in problems. */
    private readonly manifestLabel: string,
  ) {}

  /** `../lib/package.json`: a file as the user would write it from the manifest's folder. */
  label(file: string): string {
    const relative = path.relative(this.manifestDir, file);
    return (relative === '' ? '.' : relative).split(path.sep).join('/');
  }

  /** Whether a folder (links resolved) lies inside the boundary. */
  async inside(folder: string): Promise<boolean> {
    const real = await fs.realpath(folder).catch(() => path.resolve(folder));
    return isInside(this.boundary, real);
  }

  /** Notes a problem with one dependency, in one line. */
  problem(name: string, message: string): void {
    this.problems.push(`${this.manifestLabel}: ${name}: ${message.replace(/\s*[\r\n]+\s*/g, ' ')}`);
  }

  /**
   * The folder `written` names from `base` (a path as the manifest writes it), when it exists and
   * lies inside the boundary; `lexical` keeps the path as written, for labels.
   */
  async folder(name: string, base: string, written: string): Promise<{ readonly real: string; readonly lexical: string } | undefined> {
    if (written.trim() === '' || written.includes('\0')) {
      return undefined;
    }
    const lexical = path.resolve(base, written);
    let real: string;
    try {
      real = await fs.realpath(lexical);
    } catch {
      this.problem(name, `${written} is not there; its license is unknown`);
      return undefined;
    }
    if (!isInside(this.boundary, real)) {
      this.problem(name, `${written} leads outside ${this.boundary}, which is not read`);
      return undefined;
    }
    if (!(await isFolder(real))) {
      return undefined;
    }
    return { real, lexical };
  }

  /**
   * A file's text, when it is a regular file inside the boundary and not too big; undefined when it
   * is not there (quietly) or cannot be read (a problem).
   */
  async text(name: string, file: string, maxBytes = MAX_LOCAL_MANIFEST_BYTES): Promise<string | undefined> {
    let real: string;
    try {
      real = await fs.realpath(file);
    } catch {
      return undefined;
    }
    if (!isInside(this.boundary, real)) {
      this.problem(name, `${this.label(file)} leads outside ${this.boundary}, which is not read`);
      return undefined;
    }
    // A FIFO or a device would make the read wait or never end.
    if (!(await isRegularFile(real))) {
      return undefined;
    }
    try {
      const bytes = await readCapped(real, maxBytes, 'local manifest');
      if (bytes === undefined) {
        return undefined;
      }
      this.files.push(file);
      const text = bytes.toString('utf8');
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch (error) {
      this.problem(name, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  /** The names in a folder (sorted), at most MAX_FOLDER_ENTRIES of them. */
  async entries(folder: string): Promise<{ readonly name: string; readonly folder: boolean }[]> {
    const entries: { name: string; folder: boolean }[] = [];
    try {
      // Read entry by entry: a huge folder costs no more than MAX_FOLDER_ENTRIES of them.
      const dir = await fs.opendir(folder);
      try {
        for (let entry = await dir.read(); entry !== null && entries.length < MAX_FOLDER_ENTRIES; entry = await dir.read()) {
          entries.push({ name: entry.name, folder: entry.isDirectory() });
        }
      } finally {
        await dir.close();
      }
    } catch {
      return [];
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** A license text (a `license-file`, `SEE LICENSE IN`) identified: a guess with its similarity. */
  async identifiedFile(name: string, file: string): Promise<DeclaredLicense | undefined> {
    const text = await this.text(name, file, MAX_LICENSE_TEXT_BYTES);
    const identified = text === undefined ? null : identifyLicenseTexts(text);
    return identified ? { value: identified.ids.length === 1 ? identified.ids[0] : identified.ids, source: `${this.label(file)} text`, confidence: identified.confidence } : undefined;
  }

  /** The first of a folder's license files (`LICENSE`, `COPYING`, `LICENSE-MIT`, …) whose text is identified. */
  async licenseFiles(name: string, folder: string): Promise<DeclaredLicense | undefined> {
    const candidates = (await this.entries(folder))
      .filter((entry) => !entry.folder)
      .map((entry): [number, string] => [licenseFileNameRank(entry.name), entry.name])
      .filter(([rank]) => rank > 0)
      .sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1))
      .slice(0, MAX_LICENSE_FILES_TRIED);
    for (const [, file] of candidates) {
      const identified = await this.identifiedFile(name, path.join(folder, file));
      if (identified) {
        return identified;
      }
    }
    return undefined;
  }
}

async function realOrSelf(folder: string): Promise<string> {
  try {
    return await fs.realpath(folder);
  } catch {
    return folder;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

async function isFolder(folder: string): Promise<boolean> {
  try {
    return (await fs.stat(folder)).isDirectory();
  } catch {
    return false;
  }
}

async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
