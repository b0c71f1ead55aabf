import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import { identifyLicenseText } from '../licenseText/identifyLicense';
import type { DeclaredLicense } from '../types';
import type { GraphNode, PackageGraph } from './graph';
import { asObject, errorMessage, isMissing, readTextPrefix, relativeLabel, type Limiter } from './io';
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

/**
 * Walks the `node_modules` folders of the project and its workspace packages: nested ones at any
 * depth, scoped packages, pnpm's `.pnpm` store. Real folders are read first and links only
 * `readlink`ed on the way; once every real folder is known, each link is settled (by its target's
 * text where that is safe, else by `realpath`). Each canonical folder is read once, so links are
 * followed once and cycles end.
 */
export async function walkNodeModules(rootDir: string, projects: readonly ProjectFolder[], limiter: Limiter): Promise<WalkResult> {
  const walk = new NodeModulesWalk(rootDir, projects, limiter);
  return walk.run();
}

class NodeModulesWalk {
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
    await Promise.all(this.projects.map((project) => this.walkFolder(path.join(project.dir, 'node_modules'))));
    while (this.links.length > 0) {
      const batch = this.links;
      this.links = [];
      await Promise.all(batch.map(([link, target]) => this.followLink(link, target)));
    }
    return { graph: this.graph(), files: this.files.sort(), problems: this.problems.sort() };
  }

  private label(file: string): string {
    return relativeLabel(this.rootDir, file);
  }

  private async list(dir: string): Promise<Dirent[] | undefined> {
    const result = await this.limiter.listFolder(dir);
    if (!Array.isArray(result)) {
      if (!isMissing(result)) {
        this.problems.push(`${this.label(dir)}: ${errorMessage(result)}`);
      }
      return undefined;
    }
    return result;
  }

  /** A `node_modules` folder (or one of the `.pnpm` store's): packages, `@scope` folders, the store. */
  private async walkFolder(dir: string): Promise<void> {
    if (this.walkedFolders.has(dir)) {
      return;
    }
    this.walkedFolders.add(dir);
    const entries = await this.list(dir);
    if (!entries) {
      return;
    }
    const work: Array<Promise<void>> = [];
    for (const entry of entries) {
      const first = entry.name.charCodeAt(0);
      if (first === DOT) {
        if (entry.name === '.pnpm') {
          work.push(this.walkStore(path.join(dir, entry.name)));
        }
      } else if (first === AT) {
        work.push(this.walkScope(path.join(dir, entry.name)));
      } else {
        const pending = this.visitEntry(path.join(dir, entry.name), entry);
        if (pending) {
          work.push(pending);
        }
      }
    }
    await Promise.all(work);
  }

  private async walkScope(dir: string): Promise<void> {
    const entries = await this.list(dir);
    const work: Array<Promise<void>> = [];
    for (const entry of entries ?? []) {
      const pending = this.visitEntry(path.join(dir, entry.name), entry);
      if (pending) {
        work.push(pending);
      }
    }
    await Promise.all(work);
  }

  /** `.pnpm/<id>/node_modules/` holds the package itself and links to its dependencies; `.pnpm/node_modules` only hoisted links. */
  private async walkStore(store: string): Promise<void> {
    const entries = await this.list(store);
    await Promise.all(
      (entries ?? [])
        .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && entry.name.charCodeAt(0) !== DOT)
        .map((entry) => this.walkFolder(path.join(store, entry.name, 'node_modules'))),
    );
  }

  private visitEntry(location: string, entry: Dirent): Promise<void> | undefined {
    if (entry.isDirectory()) {
      this.locations.set(location, location);
      return this.visitPackage(location);
    }
    return entry.isSymbolicLink() ? this.readLink(location) : undefined;
  }

  /** Reads a link's target while the walk goes on; what it points at is settled once the real folders are known. */
  private async readLink(location: string): Promise<void> {
    this.links.push([location, await this.limiter.readLink(location)]);
  }

  private async followLink(location: string, target: string | NodeJS.ErrnoException): Promise<void> {
    let real: string | NodeJS.ErrnoException;
    if (typeof target !== 'string') {
      real = target;
    } else {
      // The folder a link names is the canonical one when we have already read it there and the
      // link climbs only with leading `..` (no symbolic link in between can change its meaning):
      // true of every link in a pnpm store, and it saves a `realpath` per link.
      const lexical = path.resolve(path.dirname(location), target);
      real = this.installed.has(lexical) && climbsOnlyFirst(target) ? lexical : await this.limiter.realPath(location);
    }
    if (typeof real !== 'string') {
      if (!isMissing(real) && real.code !== 'ELOOP') {
        this.problems.push(`${this.label(location)}: ${errorMessage(real)}`);
      }
      return;
    }
    this.locations.set(location, real);
    await this.visitPackage(real);
  }

  private async visitPackage(dir: string): Promise<void> {
    if (this.installed.has(dir)) {
      return;
    }
    this.installed.set(dir, null);
    if (this.projectDirs.has(dir)) {
      return;
    }
    const [record] = await Promise.all([this.readPackage(dir), this.walkFolder(path.join(dir, 'node_modules'))]);
    this.installed.set(dir, record);
  }

  private async readPackage(dir: string): Promise<Installed | null> {
    const file = path.join(dir, 'package.json');
    const text = await this.limiter.readText(file);
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
    const declared = licenseOfManifest(manifest);
    // Only a package.json without a usable license costs more reading.
    const license = declared.kind === 'declared' ? { value: declared.value, source: this.label(file) } : await this.licenseFromFiles(dir, file, declared);
    return { name, version, ...(license ? { license } : {}), dependencies: [...manifestDependencyKinds(manifest, false)] };
  }

  private async licenseFromFiles(dir: string, file: string, declared: Exclude<ManifestLicense, { kind: 'declared' }>): Promise<DeclaredLicense | undefined> {
    if (declared.kind === 'file') {
      const target = path.resolve(dir, declared.file);
      const inside = target.startsWith(dir + path.sep);
      return (inside ? await this.identifyFile(target) : undefined) ?? { value: declared.raw, source: this.label(file) };
    }
    const entries = await this.list(dir);
    const names = (entries ?? []).filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name);
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
