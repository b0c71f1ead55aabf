import { jsonSyntaxProblem } from '../../policy/jsonText';
import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import { fundingField } from '../funding';
import type { BoundedMap } from '../../policy/boundedMap';
import { rememberedRepositoryLocation } from '../repository';
import type { LicenseTextIdentifier } from '../licenseText/identifyOnDemand';
import type { ScanMemory } from '../scanMemory';
import type { PackageFolderMemory, RememberedLicenseFile } from './packageFolderMemory';
import { LICENSE_IN_FILE_MIN_SIMILARITY, type DeclaredLicense } from '../types';
import { nextTurn } from '../turns';
import type { GraphNode, PackageGraph } from './graph';
import {
  asObject,
  errorMessage,
  isFsError,
  isMissing,
  listFolderSync,
  MAX_RETRIES,
  readLinkSync,
  readTextPrefixSync,
  readTextSync,
  realPathSync,
  relativeLabel,
  RETRY_DELAY_MS,
  slicedWork,
  addStep,
  drainWork,
  waitFor,
  type SlicedWork,
  tooManyOpen,
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
  /** Every `node_modules/<name>` folder found (a link too, once it resolves), whatever it holds, with the canonical folder it is. */
  readonly locations: ReadonlyMap<string, string>;
}

interface Installed {
  readonly name: string;
  readonly version: string;
  readonly license?: DeclaredLicense;
  readonly dependencies: ReadonlyMap<string, EdgeKind>;
  readonly funding: readonly string[] | undefined;
  readonly repository: string | undefined;
}

/** License files are short; this is far above the longest license text. */
const MAX_LICENSE_FILE_BYTES = 256 * 1024;
/** How many license-looking files of one package are tried before giving up. */
const MAX_LICENSE_FILES_TRIED = 3;
const DOT = 46;
const AT = 64;
/** What separates a folder from the packages installed for it: `<folder>/node_modules/<name>`. */
const INSTALLED_IN = `${path.sep}node_modules${path.sep}`;
const NODE_MODULES_TAIL = `${path.sep}node_modules`;

/** Tried before listing a package's folder; listed, it is the first candidate whenever present (licenseFileCandidates). */
const USUAL_LICENSE_FILE = 'LICENSE';

/** Read buffer of the package.json reads, one per walk: far above a typical package.json. */
const READ_BUFFER_BYTES = 64 * 1024;

/**
 * Walks the `node_modules` folders of the project and its workspace packages: nested ones at any
 * depth, scoped packages, pnpm's `.pnpm` store. Real folders are read first and links only
 * `readlink`ed on the way; once every real folder is known, each link is settled (by its target's
 * text where that is safe, else by `realpath`). Each canonical folder is read once, so links are
 * followed once and cycles end. The folder listings and package.json reads are synchronous
 * calls run in time-bounded slices (`slicedWork`), and so are the license files' reads.
 */
export async function walkNodeModules(rootDir: string, projects: readonly ProjectFolder[], memory: ScanMemory): Promise<WalkResult> {
  const walk: Walk = {
    rootDir,
    work: slicedWork(),
    buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
    walkedFolders: new Set(),
    installed: new Map(),
    locations: new Map(),
    projectDirs: new Set(projects.map((project) => project.dir)),
    links: [],
    files: [],
    problems: [],
    identifier: memory.licenseTexts,
    folders: memory.npmPackageFolders,
    repositories: memory.repositoryLocations,
  };
  for (const project of projects) {
    addStep(walk.work, walkFolder, walk, path.join(project.dir, 'node_modules'));
  }
  await drainWork(walk.work);
  while (walk.links.length > 0) {
    const batch = walk.links;
    walk.links = [];
    for (const link of batch) {
      addStep(walk.work, followLink, walk, link);
    }
    await drainWork(walk.work);
  }
  await nextTurn();
  return { graph: installedGraph(walk.installed, walk.locations, projects), files: walk.files.sort(), problems: walk.problems.sort(), locations: walk.locations };
}

/**
 * The state of one walk, handled by the module functions below. Plain data in an object
 * literal, not a class instance or a closure: the walk runs thousands of steps, and V8 throws
 * away optimised code that depends on the hidden class of per-walk instances, or that belongs
 * to per-walk closures, at every full garbage collection that finds none left, so each later
 * walk (a rescan in the editor) would run slowly again.
 */
interface Walk {
  readonly rootDir: string;
  readonly work: SlicedWork;
  readonly buffer: Buffer;
  readonly walkedFolders: Set<string>;
  /** Canonical package folder → what its package.json says; null while reading, or when it has none usable. */
  readonly installed: Map<string, Installed | null>;
  /** Every `node_modules/<name>` location seen → the canonical folder it is (for links, points to). */
  readonly locations: Map<string, string>;
  readonly projectDirs: ReadonlySet<string>;
  /** Links met and not yet followed, with what `readlink` said. */
  links: Array<[string, string | NodeJS.ErrnoException]>;
  /** Every package.json and license file read. */
  readonly files: string[];
  readonly problems: string[];
  readonly identifier: LicenseTextIdentifier;
  readonly folders: PackageFolderMemory;
  readonly repositories: BoundedMap<string, string | null>;
}

function callNow(call: () => void): void {
  call();
}

function label(walk: Walk, file: string): string {
  return relativeLabel(walk.rootDir, file);
}

/**
 * Whether a synchronous file-system call failed because the process is out of descriptors
 * (another part of it holds them all) and is worth another try, a little later (`retryLater`).
 */
function worthRetrying(result: unknown, tries: number): boolean {
  return isFsError(result) && tooManyOpen(result) && tries < MAX_RETRIES;
}

function retryLater(walk: Walk, tries: number, retry: () => void): void {
  const delay = new Promise<void>((resolve) => setTimeout(resolve, RETRY_DELAY_MS * (tries + 1)));
  waitFor(walk.work, delay.then(() => addStep(walk.work, callNow, retry, undefined)));
}

/** Lists a folder for `use`: no entries when it is absent, or unreadable (a problem). */
function list(walk: Walk, dir: string, use: (walk: Walk, dir: string, entries: readonly Dirent[]) => void, tries = 0): void {
  const result = listFolderSync(dir);
  if (worthRetrying(result, tries)) {
    retryLater(walk, tries, () => list(walk, dir, use, tries + 1));
    return;
  }
  if (isFsError(result)) {
    if (!isMissing(result)) {
      walk.problems.push(`${label(walk, dir)}: ${errorMessage(result)}`);
    }
    use(walk, dir, []);
  } else {
    use(walk, dir, result);
  }
}

/** A `node_modules` folder (or one of the `.pnpm` store's): packages, `@scope` folders, the store. */
function walkFolder(walk: Walk, dir: string): void {
  if (walk.walkedFolders.has(dir)) {
    return;
  }
  walk.walkedFolders.add(dir);
  list(walk, dir, folderEntries);
}

function folderEntries(walk: Walk, dir: string, entries: readonly Dirent[]): void {
  for (const entry of entries) {
    const first = entry.name.charCodeAt(0);
    if (first === DOT) {
      if (entry.name === '.pnpm') {
        const store = childPath(dir, entry.name);
        addStep(walk.work, listStore, walk, store);
      }
    } else if (first === AT) {
      const scope = childPath(dir, entry.name);
      addStep(walk.work, listScope, walk, scope);
    } else {
      visitEntry(walk, childPath(dir, entry.name), entry);
    }
  }
}

function listScope(walk: Walk, dir: string): void {
  list(walk, dir, scopeEntries);
}

function listStore(walk: Walk, store: string): void {
  list(walk, store, storeEntries);
}

function scopeEntries(walk: Walk, dir: string, entries: readonly Dirent[]): void {
  for (const entry of entries) {
    visitEntry(walk, childPath(dir, entry.name), entry);
  }
}

/** `.pnpm/<id>/node_modules/` holds the package itself and links to its dependencies; `.pnpm/node_modules` only hoisted links. */
function storeEntries(walk: Walk, store: string, entries: readonly Dirent[]): void {
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name.charCodeAt(0) !== DOT) {
      const folder = childPath(childPath(store, entry.name), 'node_modules');
      addStep(walk.work, walkFolder, walk, folder);
    }
  }
}

function visitEntry(walk: Walk, location: string, entry: Dirent): void {
  if (entry.isDirectory()) {
    walk.locations.set(location, location);
    addStep(walk.work, visitPackage, walk, location);
  } else if (entry.isSymbolicLink()) {
    // Read while the walk goes on; what it points at is settled once the real folders are known.
    addStep(walk.work, readLink, walk, location);
  }
}

function readLink(walk: Walk, location: string): void {
  walk.links.push([location, readLinkSync(location)]);
}

function followLink(walk: Walk, [location, target]: readonly [string, string | NodeJS.ErrnoException]): void {
  let real: string | NodeJS.ErrnoException;
  if (typeof target !== 'string') {
    real = target;
  } else {
    // The folder a link names is the canonical one when we have already read it there and the
    // link climbs only with leading `..` (no symbolic link in between can change its meaning):
    // true of every link in a pnpm store, and it saves a `realpath` per link.
    const lexical = path.resolve(path.dirname(location), target);
    real = walk.installed.has(lexical) && climbsOnlyFirst(target) ? lexical : realPathSync(location);
  }
  if (typeof real !== 'string') {
    if (!isMissing(real) && real.code !== 'ELOOP') {
      walk.problems.push(`${label(walk, location)}: ${errorMessage(real)}`);
    }
    return;
  }
  walk.locations.set(location, real);
  visitPackage(walk, real);
}

function visitPackage(walk: Walk, dir: string): void {
  if (walk.installed.has(dir)) {
    return;
  }
  walk.installed.set(dir, null);
  if (walk.projectDirs.has(dir)) {
    return;
  }
  readPackage(walk, dir);
  const nested = childPath(dir, 'node_modules');
  addStep(walk.work, walkFolder, walk, nested);
}

/** Reads a package folder's package.json, then its license files (a step of its own), into `installed`. */
function readPackage(walk: Walk, dir: string, tries = 0): void {
  const file = childPath(dir, 'package.json');
  const text = readTextSync(file, walk.buffer);
  if (worthRetrying(text, tries)) {
    retryLater(walk, tries, () => readPackage(walk, dir, tries + 1));
    return;
  }
  const read = manifestFacts(walk, dir, file, text);
  if (read !== null) {
    addStep(walk.work, readLicense, walk, read);
  }
}

/** A package.json read, its license files not yet. */
interface ManifestRead {
  readonly dir: string;
  readonly file: string;
  readonly text: string;
  readonly record: Installed;
  readonly declared: ManifestLicense;
}

/** What a package.json says; null when it has none usable or no version. */
function manifestFacts(walk: Walk, dir: string, file: string, text: string | NodeJS.ErrnoException): ManifestRead | null {
  if (typeof text !== 'string') {
    if (!isMissing(text)) {
      walk.problems.push(`${label(walk, file)}: ${errorMessage(text)}`);
    }
    return null;
  }
  walk.files.push(file);
  let manifest: Record<string, unknown> | undefined;
  try {
    manifest = asObject(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  } catch (error) {
    walk.problems.push(`${label(walk, file)} ${jsonSyntaxProblem(error)}`);
    return null;
  }
  if (!manifest) {
    walk.problems.push(`${label(walk, file)}: not a JSON object`);
    return null;
  }
  const version = typeof manifest.version === 'string' ? manifest.version.trim() : '';
  if (version === '') {
    return null;
  }
  const name = typeof manifest.name === 'string' && manifest.name.trim() !== '' ? manifest.name.trim() : folderPackageName(dir);
  return { dir, file, text, record: { name, version, dependencies: manifestDependencyKinds(manifest, false), funding: fundingField(manifest.funding), repository: rememberedRepositoryLocation(walk.repositories, manifest.repository) }, declared: licenseOfManifest(manifest) };
}

/**
 * Completes a package's record from its license files: its license where package.json declares
 * none, else what the text holds beside the declaration (to compare them). Synchronous, like the
 * package.json reads: thousands of small reads cost far less in the walk's slices than queued.
 */
function readLicense(walk: Walk, read: ManifestRead, tries = 0): void {
  const { dir, file, record, declared } = read;
  if (declared.kind === 'file') {
    const target = path.resolve(dir, declared.file);
    const identified = target.startsWith(dir + path.sep) ? identifyFile(walk, target) : undefined;
    walk.installed.set(dir, { ...record, license: identified ? licenseOfText(identified) : { value: declared.raw, source: label(walk, file) } });
    return;
  }
  const remembered = walk.folders.recall(dir, read.text);
  if (remembered !== undefined) {
    walk.files.push(...remembered.files);
    const license = licenseFromFile(walk, read, remembered.identified && { ...remembered.identified, file: label(walk, remembered.identified.path) });
    walk.installed.set(dir, license ? { ...record, license } : record);
    return;
  }
  const problemsBefore = walk.problems.length;
  const filesBefore = walk.files.length;
  // Most packages ship a file named exactly LICENSE, the best-ranked name: reading it saves listing the folder.
  let identified = identifyFile(walk, childPath(dir, USUAL_LICENSE_FILE));
  if (identified === undefined) {
    const entries = listFolderSync(dir);
    if (worthRetrying(entries, tries)) {
      retryLater(walk, tries, () => readLicense(walk, read, tries + 1));
      return;
    }
    if (isFsError(entries) && !isMissing(entries)) {
      walk.problems.push(`${label(walk, dir)}: ${errorMessage(entries)}`);
    }
    identified = isFsError(entries) ? undefined : identifyLicenseFile(walk, dir, entries);
  }
  if (walk.problems.length === problemsBefore) {
    walk.folders.remember(dir, { manifestText: read.text, files: walk.files.slice(filesBefore), identified: identified && { ids: identified.ids, confidence: identified.confidence, path: identified.path } });
  }
  const license = licenseFromFile(walk, read, identified);
  walk.installed.set(dir, license ? { ...record, license } : record);
}

/** The package's license: what package.json declares (with what its license file holds beside it), else what the file holds. */
function licenseFromFile(walk: Walk, read: ManifestRead, identified: IdentifiedFile | undefined): DeclaredLicense | undefined {
  const { declared, file } = read;
  if (declared.kind !== 'declared') {
    return identified && licenseOfText(identified);
  }
  const license = { value: declared.value, source: label(walk, file) };
  // Full texts only: a notice (at most 0.8) points at a license rather than granting it.
  return identified && identified.confidence >= LICENSE_IN_FILE_MIN_SIMILARITY ? { ...license, inFile: { ids: identified.ids, file: identified.file, similarity: identified.confidence } } : license;
}

/** What a license file's text was identified as; `file` labelled for people. */
interface IdentifiedFile extends RememberedLicenseFile {
  readonly file: string;
}

/** The first of the package's license files (best name first) whose text is identified: each package's files are read and identified once. */
function identifyLicenseFile(walk: Walk, dir: string, entries: readonly Dirent[]): IdentifiedFile | undefined {
  const names = entries.filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name !== USUAL_LICENSE_FILE).map((entry) => entry.name);
  for (const name of licenseFileCandidates(names).slice(0, MAX_LICENSE_FILES_TRIED)) {
    const identified = identifyFile(walk, childPath(dir, name));
    if (identified) {
      return identified;
    }
  }
  return undefined;
}

function identifyFile(walk: Walk, file: string): IdentifiedFile | undefined {
  const text = readTextPrefixSync(file, MAX_LICENSE_FILE_BYTES, walk.buffer);
  if (typeof text !== 'string') {
    if (!isMissing(text)) {
      walk.problems.push(`${label(walk, file)}: ${errorMessage(text)}`);
    }
    return undefined;
  }
  walk.files.push(file);
  const match = walk.identifier.identify(text);
  return match ? { ids: match.ids, confidence: match.confidence, file: label(walk, file), path: file } : undefined;
}

function licenseOfText(identified: IdentifiedFile): DeclaredLicense {
  const { ids, confidence, file } = identified;
  return { value: ids.length === 1 ? ids[0] : [...ids], source: `${file} text`, confidence };
}

/** The graph of what the walk found: a node per installed package folder, edges as Node resolves each dependency from it. */
function installedGraph(
  installed: ReadonlyMap<string, Installed | null>,
  locations: ReadonlyMap<string, string>,
  projects: readonly ProjectFolder[],
): PackageGraph {
  const resolution = resolutionOf(locations);
  const nodes = new Map<string, GraphNode>();
  for (const [dir, record] of installed) {
    if (!record) {
      continue;
    }
    const edges: Array<readonly [string, EdgeKind]> = [];
    for (const [name, kind] of record.dependencies) {
      const target = resolve(resolution, dir, name);
      if (target !== undefined) {
        edges.push([target, kind]);
      }
    }
    nodes.set(
      dir,
      record.license
        ? { name: record.name, version: record.version, license: record.license, edges, path: dir, funding: record.funding, repository: record.repository }
        : { name: record.name, version: record.version, edges, path: dir, funding: record.funding, repository: record.repository },
    );
  }
  const roots: Array<readonly [string, EdgeKind]> = [];
  for (const project of projects) {
    for (const [name, kind] of manifestDependencyKinds(project.manifest, true)) {
      const target = resolve(resolution, project.dir, name);
      if (target !== undefined) {
        roots.push([target, kind]);
      }
    }
  }
  return { nodes, roots, source: 'node_modules' };
}

/**
 * What Node's resolution from a folder needs, built once per walk: the installed packages
 * grouped by the folder they are installed for, and for each folder a lookup starts from, the
 * groups it climbs through in order. A location splits at its last `/node_modules/`: for a name
 * without `node_modules` in it, that is the only split that can match `<folder>/node_modules/<name>`.
 */
interface Resolution {
  readonly locations: ReadonlyMap<string, string>;
  /** Folder → the packages installed for it, by name → canonical folder. */
  readonly byFolder: Map<string, Map<string, string>>;
  /** Folder → the groups a lookup from it reads, nearest first: its own unless it is a `node_modules`, then its parents'. */
  readonly chains: Map<string, ReadonlyArray<ReadonlyMap<string, string>>>;
}

function resolutionOf(locations: ReadonlyMap<string, string>): Resolution {
  const byFolder = new Map<string, Map<string, string>>();
  for (const [location, canonical] of locations) {
    const at = location.lastIndexOf(INSTALLED_IN);
    if (at === -1) {
      continue;
    }
    const folder = location.slice(0, at);
    let inFolder = byFolder.get(folder);
    if (!inFolder) {
      inFolder = new Map();
      byFolder.set(folder, inFolder);
    }
    inFolder.set(location.slice(at + INSTALLED_IN.length), canonical);
  }
  return { locations, byFolder, chains: new Map() };
}

/**
 * Node's resolution from a canonical folder: `<dir>/node_modules/<name>`, then each parent's,
 * skipping `node_modules/node_modules`. Runs once per dependency edge: a few map reads by name.
 */
function resolve(resolution: Resolution, fromDir: string, name: string): string | undefined {
  const sep = path.sep;
  const key = sep === '/' ? name : name.split('/').join(sep);
  let dir = fromDir.endsWith(sep) ? fromDir.slice(0, -1) : fromDir;
  if (key.includes('node_modules')) {
    // Such a name could also match a location nested further down: look it up the long way.
    const suffix = `${INSTALLED_IN}${key}`;
    for (;;) {
      if (!dir.endsWith(NODE_MODULES_TAIL)) {
        const found = resolution.locations.get(dir + suffix);
        if (found !== undefined) {
          return found;
        }
      }
      const cut = dir.lastIndexOf(sep);
      if (cut === -1) {
        return undefined;
      }
      if (cut === 0) {
        return resolution.locations.get(suffix);
      }
      dir = dir.slice(0, cut);
    }
  }
  for (const inFolder of chainOf(resolution, dir)) {
    const found = inFolder.get(key);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

/** The groups a lookup from `dir` (no trailing separator) reads, nearest first. */
function chainOf(resolution: Resolution, dir: string): ReadonlyArray<ReadonlyMap<string, string>> {
  const { chains, byFolder } = resolution;
  const known = chains.get(dir);
  if (known !== undefined) {
    return known;
  }
  // Climb to the nearest folder already settled (or past the top), then settle the way back down.
  const climbed: string[] = [];
  let rest: ReadonlyArray<ReadonlyMap<string, string>> = [];
  for (let current: string | undefined = dir; current !== undefined; ) {
    const settled = chains.get(current);
    if (settled !== undefined) {
      rest = settled;
      break;
    }
    climbed.push(current);
    const cut = current.lastIndexOf(path.sep);
    current = cut === -1 ? undefined : cut === 0 && current !== '' ? '' : cut === 0 ? undefined : current.slice(0, cut);
  }
  for (let index = climbed.length - 1; index >= 0; index--) {
    const folder = climbed[index];
    const own = folder.endsWith(NODE_MODULES_TAIL) ? undefined : byFolder.get(folder);
    rest = own ? [own, ...rest] : rest;
    chains.set(folder, rest);
  }
  return rest;
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

/** `<dir>/<name>` for an entry name read from `dir` (never `.`, `..` or a path): what `path.join` gives, without its normalising. */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}
