import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import { identifyLicenseText } from '../licenseText/identifyLicense';
import type { DeclaredLicense } from '../types';
import type { GraphNode, PackageGraph } from './graph';
import {
  asObject,
  errorMessage,
  isFsError,
  isMissing,
  listFolderSync,
  MAX_RETRIES,
  nextTurn,
  readLinkSync,
  readTextPrefix,
  readTextSync,
  realPathSync,
  relativeLabel,
  RETRY_DELAY_MS,
  SlicedWork,
  tooManyOpen,
  type Limiter,
} from './io';
import { licenseFileCandidates, licenseOfManifest, type ManifestLicense } from './license';
import { manifestDependencyKinds, type EdgeKind } from './scopes';

/** A folder whose dependencies are the project's direct ones: the project or one of its workspace packages. */
export interface ProjectFolder {
  /** Absolute and canonical (symbolic links resolved). */
  readonly dir: string;
  readonly manifest: Readonly<Record<string, unknown>>;
}

export interface WalkResult {
  /** Nodes keyed by the canonical folder of each installed package. */
  readonly graph: PackageGraph;
  /** Every package.json and license file read. */
  readonly files: string[];
  readonly problems: string[];
  /** Every `node_modules/<name>` folder found (a link too, once it resolves), whatever it holds. */
  readonly locations: ReadonlySet<string>;
}

interface Installed {
  readonly name: string;
  readonly version: string;
  readonly license?: DeclaredLicense;
  readonly dependencies: ReadonlyArray<readonly [string, EdgeKind]>;
}

/** License files are short; this is far above the longest license text. */
const MAX_LICENSE_FILE_BYTES = 256 * 1024;
/** How many license-looking files of one package are tried before giving up. */
const MAX_LICENSE_FILES_TRIED = 3;
const DOT = 46;
const AT = 64;

/** Read buffer of the package.json reads, one per walk: far above a typical package.json. */
const READ_BUFFER_BYTES = 64 * 1024;

/**
 * Walks the `node_modules` folders of the project and its workspace packages: nested ones at any
 * depth, scoped packages, pnpm's `.pnpm` store. Real folders are read first and links only
 * `readlink`ed on the way; once every real folder is known, each link is settled (by its target's
 * text where that is safe, else by `realpath`). Each canonical folder is read once, so links are
 * followed once and cycles end. The folder listings and package.json reads are synchronous
 * calls run in time-bounded slices (`SlicedWork`); only license files are read asynchronously.
 */
export async function walkNodeModules(rootDir: string, projects: readonly ProjectFolder[], limiter: Limiter): Promise<WalkResult> {
  const walk = new NodeModulesWalk(rootDir, projects, limiter);
  return walk.run();
}

class NodeModulesWalk {
  private readonly work = new SlicedWork();
  private readonly buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  private readonly walkedFolders = new Set<string>();
  /** Canonical package folder → what its package.json says; null while reading, or when it has none usable. */
  private readonly installed = new Map<string, Installed | null>();
  /** Every `node_modules/<name>` location seen → the canonical folder it is (for links, points to). */
  private readonly locations = new Map<string, string>();
  private readonly projectDirs: ReadonlySet<string>;
  /** Links met and not yet followed, with what `readlink` said. */
  private links: Array<[string, string | NodeJS.ErrnoException]> = [];
  private readonly files: string[] = [];
  private readonly problems: string[] = [];

  constructor(
    private readonly rootDir: string,
    private readonly projects: readonly ProjectFolder[],
    private readonly limiter: Limiter,
  ) {
    this.projectDirs = new Set(projects.map((project) => project.dir));
  }

  async run(): Promise<WalkResult> {
    for (const project of this.projects) {
      this.work.add(() => this.walkFolder(path.join(project.dir, 'node_modules')));
    }
    await this.work.drain();
    while (this.links.length > 0) {
      const batch = this.links;
      this.links = [];
      for (const [link, target] of batch) {
        this.work.add(() => this.followLink(link, target));
      }
      await this.work.drain();
    }
    await nextTurn();
    return { graph: this.graph(), files: this.files.sort(), problems: this.problems.sort(), locations: new Set(this.locations.keys()) };
  }

  private label(file: string): string {
    return relativeLabel(this.rootDir, file);
  }

  /**
   * Runs a synchronous file-system call and hands its result to `use`; while the process is out
   * of descriptors (another part of it holds them all), tries again a little later.
   */
  private attempt<T>(call: () => T | NodeJS.ErrnoException, use: (result: T | NodeJS.ErrnoException) => void, tries = 0): void {
    const result = call();
    if (isFsError(result) && tooManyOpen(result) && tries < MAX_RETRIES) {
      const retry = new Promise<void>((resolve) => setTimeout(resolve, RETRY_DELAY_MS * (tries + 1)));
      this.work.wait(retry.then(() => this.work.add(() => this.attempt(call, use, tries + 1))));
    } else {
      use(result);
    }
  }

  /** Lists a folder for `use`: no entries when it is absent, or unreadable (a problem). */
  private list(dir: string, use: (entries: readonly Dirent[]) => void): void {
    this.attempt(
      () => listFolderSync(dir),
      (result) => {
        if (isFsError(result)) {
          if (!isMissing(result)) {
            this.problems.push(`${this.label(dir)}: ${errorMessage(result)}`);
          }
          use([]);
        } else {
          use(result);
        }
      },
    );
  }

  /** A `node_modules` folder (or one of the `.pnpm` store's): packages, `@scope` folders, the store. */
  private walkFolder(dir: string): void {
    if (this.walkedFolders.has(dir)) {
      return;
    }
    this.walkedFolders.add(dir);
    this.list(dir, (entries) => {
      for (const entry of entries) {
        const first = entry.name.charCodeAt(0);
        if (first === DOT) {
          if (entry.name === '.pnpm') {
            const store = path.join(dir, entry.name);
            this.work.add(() => this.walkStore(store));
          }
        } else if (first === AT) {
          const scope = path.join(dir, entry.name);
          this.work.add(() => this.walkScope(scope));
        } else {
          this.visitEntry(path.join(dir, entry.name), entry);
        }
      }
    });
  }

  private walkScope(dir: string): void {
    this.list(dir, (entries) => {
      for (const entry of entries) {
        this.visitEntry(path.join(dir, entry.name), entry);
      }
    });
  }

  /** `.pnpm/<id>/node_modules/` holds the package itself and links to its dependencies; `.pnpm/node_modules` only hoisted links. */
  private walkStore(store: string): void {
    this.list(store, (entries) => {
      for (const entry of entries) {
        if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name.charCodeAt(0) !== DOT) {
          const folder = path.join(store, entry.name, 'node_modules');
          this.work.add(() => this.walkFolder(folder));
        }
      }
    });
  }

  private visitEntry(location: string, entry: Dirent): void {
    if (entry.isDirectory()) {
      this.locations.set(location, location);
      this.work.add(() => this.visitPackage(location));
    } else if (entry.isSymbolicLink()) {
      // Read while the walk goes on; what it points at is settled once the real folders are known.
      this.work.add(() => this.links.push([location, readLinkSync(location)]));
    }
  }

  private followLink(location: string, target: string | NodeJS.ErrnoException): void {
    let real: string | NodeJS.ErrnoException;
    if (typeof target !== 'string') {
      real = target;
    } else {
      // The folder a link names is the canonical one when we have already read it there and the
      // link climbs only with leading `..` (no symbolic link in between can change its meaning):
      // true of every link in a pnpm store, and it saves a `realpath` per link.
      const lexical = path.resolve(path.dirname(location), target);
      real = this.installed.has(lexical) && climbsOnlyFirst(target) ? lexical : realPathSync(location);
    }
    if (typeof real !== 'string') {
      if (!isMissing(real) && real.code !== 'ELOOP') {
        this.problems.push(`${this.label(location)}: ${errorMessage(real)}`);
      }
      return;
    }
    this.locations.set(location, real);
    this.visitPackage(real);
  }

  private visitPackage(dir: string): void {
    if (this.installed.has(dir)) {
      return;
    }
    this.installed.set(dir, null);
    if (this.projectDirs.has(dir)) {
      return;
    }
    this.readPackage(dir);
    const nested = path.join(dir, 'node_modules');
    this.work.add(() => this.walkFolder(nested));
  }

  /** Reads a package folder's package.json into `installed` (at once, or once its license file is read). */
  private readPackage(dir: string): void {
    const file = path.join(dir, 'package.json');
    this.attempt(
      () => readTextSync(file, this.buffer),
      (text) => {
        const read = this.manifestFacts(dir, file, text);
        if (read === null || read.license !== undefined) {
          this.installed.set(dir, read && read.record);
        } else {
          this.work.wait(read.fromFiles().then((record) => this.installed.set(dir, record)));
        }
      },
    );
  }

  /**
   * What a package.json says: the record when its license is declared in it (or it has no
   * version: null), else how to finish the record from the package's license files.
   */
  private manifestFacts(
    dir: string,
    file: string,
    text: string | NodeJS.ErrnoException,
  ): { readonly record: Installed; readonly license: DeclaredLicense } | { readonly license: undefined; readonly fromFiles: () => Promise<Installed> } | null {
    if (typeof text !== 'string') {
      if (!isMissing(text)) {
        this.problems.push(`${this.label(file)}: ${errorMessage(text)}`);
      }
      return null;
    }
    this.files.push(file);
    let manifest: Record<string, unknown> | undefined;
    try {
      manifest = asObject(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
    } catch (error) {
      this.problems.push(`${this.label(file)}: not valid JSON (${errorMessage(error)})`);
      return null;
    }
    if (!manifest) {
      this.problems.push(`${this.label(file)}: not a JSON object`);
      return null;
    }
    const version = typeof manifest.version === 'string' ? manifest.version.trim() : '';
    if (version === '') {
      return null;
    }
    const name = typeof manifest.name === 'string' && manifest.name.trim() !== '' ? manifest.name.trim() : folderPackageName(dir);
    const dependencies = [...manifestDependencyKinds(manifest, false)];
    const declared = licenseOfManifest(manifest);
    if (declared.kind === 'declared') {
      const license = { value: declared.value, source: this.label(file) };
      return { record: { name, version, license, dependencies }, license };
    }
    // Only a package.json without a usable license costs more reading.
    return {
      license: undefined,
      fromFiles: async () => {
        const license = await this.licenseFromFiles(dir, file, declared);
        return { name, version, ...(license ? { license } : {}), dependencies };
      },
    };
  }

  private async licenseFromFiles(dir: string, file: string, declared: Exclude<ManifestLicense, { kind: 'declared' }>): Promise<DeclaredLicense | undefined> {
    if (declared.kind === 'file') {
      const target = path.resolve(dir, declared.file);
      const inside = target.startsWith(dir + path.sep);
      return (inside ? await this.identifyFile(target) : undefined) ?? { value: declared.raw, source: this.label(file) };
    }
    const entries = await this.limiter.listFolder(dir);
    if (isFsError(entries) && !isMissing(entries)) {
      this.problems.push(`${this.label(dir)}: ${errorMessage(entries)}`);
    }
    const names = (isFsError(entries) ? [] : entries).filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name);
    for (const name of licenseFileCandidates(names).slice(0, MAX_LICENSE_FILES_TRIED)) {
      const identified = await this.identifyFile(path.join(dir, name));
      if (identified) {
        return identified;
      }
    }
    return undefined;
  }

  private async identifyFile(file: string): Promise<DeclaredLicense | undefined> {
    let text: string;
    try {
      text = await readTextPrefix(this.limiter, file, MAX_LICENSE_FILE_BYTES);
    } catch (error) {
      if (!isMissing(error)) {
        this.problems.push(`${this.label(file)}: ${errorMessage(error)}`);
      }
      return undefined;
    }
    this.files.push(file);
    const match = identifyLicenseText(text);
    return match ? { value: match.id, source: `${this.label(file)} text`, confidence: match.confidence } : undefined;
  }

  /**
   * Node's resolution from a canonical folder: `<dir>/node_modules/<name>`, then each parent's,
   * skipping `node_modules/node_modules`. Plain string work on normalised absolute paths: this runs
   * once per dependency edge.
   */
  private resolve(fromDir: string, name: string): string | undefined {
    const sep = path.sep;
    const suffix = `${sep}node_modules${sep}${sep === '/' ? name : name.split('/').join(sep)}`;
    const tail = `${sep}node_modules`;
    let dir = fromDir.endsWith(sep) ? fromDir.slice(0, -1) : fromDir;
    for (;;) {
      if (!dir.endsWith(tail)) {
        const found = this.locations.get(dir + suffix);
        if (found !== undefined) {
          return found;
        }
      }
      const cut = dir.lastIndexOf(sep);
      if (cut === -1) {
        return undefined;
      }
      if (cut === 0) {
        return this.locations.get(suffix);
      }
      dir = dir.slice(0, cut);
    }
  }

  private graph(): PackageGraph {
    const nodes = new Map<string, GraphNode>();
    for (const [dir, record] of this.installed) {
      if (!record) {
        continue;
      }
      const edges: Array<readonly [string, EdgeKind]> = [];
      for (const [name, kind] of record.dependencies) {
        const target = this.resolve(dir, name);
        if (target !== undefined) {
          edges.push([target, kind]);
        }
      }
      nodes.set(dir, { name: record.name, version: record.version, ...(record.license ? { license: record.license } : {}), edges, path: dir });
    }
    const roots: Array<readonly [string, EdgeKind]> = [];
    for (const project of this.projects) {
      for (const [name, kind] of manifestDependencyKinds(project.manifest, true)) {
        const target = this.resolve(project.dir, name);
        if (target !== undefined) {
          roots.push([target, kind]);
        }
      }
    }
    return { nodes, roots, source: 'node_modules' };
  }
}

/** A link target like `../../b@1.0.0/node_modules/b`: `..` only at its start. */
function climbsOnlyFirst(target: string): boolean {
  const segments = target.split(/[\\/]/);
  let index = 0;
  while (index < segments.length && segments[index] === '..') {
    index++;
  }
  return !segments.slice(index).some((segment) => segment === '..' || segment === '.');
}

/** `…/node_modules/@scope/name` → `@scope/name`; `…/name` → `name`. */
function folderPackageName(dir: string): string {
  const name = path.basename(dir);
  const parent = path.basename(path.dirname(dir));
  return parent.startsWith('@') ? `${parent}/${name}` : name;
}
