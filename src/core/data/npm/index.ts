import { jsonSyntaxProblem } from '../../policy/jsonText';
import { promises as fs, readdirSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { packageId, type ResolvedPackage, type Resolver, type ResolverResult } from '../types';
import { graphToPackages, sortPackages } from './graph';
import { asObject, errorMessage, isFsError, isMissing, Limiter, readDataFile, readTextSync, relativeLabel } from './io';
import { ScanMemory } from '../scanMemory';
import { isDue, nextTurn, startPace, takeTurn } from '../turns';
import { walkNodeModules, type ProjectFolder } from './nodeModules';
import { parsePackageLock, type LockParseResult } from './packageLock';
import { lockedButMissing } from './partialInstall';
import { parsePnpmLock } from './pnpmLock';
import { manifestDependencyKinds } from './scopes';
import { expandWorkspaces, manifestWorkspacePatterns, pnpmWorkspacePatterns } from './workspaces';
import { parseYarnLock, type ProjectManifest } from './yarnLock';

export { integrityToHashes } from './integrity';
export { licenseFileCandidates, licenseOfManifest, type ManifestLicense } from './license';
export { parsePackageLock, type LockParseOptions, type LockParseResult } from './packageLock';
export { parsePnpmLock } from './pnpmLock';
export { parseYarnLock, type ProjectManifest } from './yarnLock';

/**
 * Asynchronous file reads in flight at once (each holds a descriptor from open to close): the
 * workspace folders and license files. Far below the open-file limit Node runs with (it raises
 * the soft limit to the hard one; EMFILE is retried). The package.json reads of the walk are
 * synchronous and hold one descriptor at a time.
 */
const CONCURRENCY = 256;

/** First read buffer for the project's package.json; a larger file gets a larger one. */
const ROOT_MANIFEST_BUFFER_BYTES = 16 * 1024;

/** Lockfiles in the order they are preferred when several exist and node_modules does not tell. */
const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'] as const;
type LockfileName = (typeof LOCKFILES)[number];

/**
 * npm packages of a project folder, offline: the installed `node_modules` trees of the project
 * and its workspace packages (licenses from each package.json, else from its license file), and
 * the lockfile (`npm-shrinkwrap.json`, `package-lock.json`, `pnpm-lock.yaml` or `yarn.lock`) for
 * hashes, scopes and direct dependencies, for the packages a partial node_modules lacks, or for
 * everything when nothing is installed.
 */
export const resolveNpm: Resolver = async (projectDir, options) => {
  try {
    return await resolveProject(projectDir, options.memory ?? new ScanMemory());
  } catch (error) {
    return { packages: [], files: [], problems: [`npm: ${errorMessage(error)}`] };
  }
};

async function resolveProject(projectDir: string, memory: ScanMemory): Promise<ResolverResult> {
  const limiter = new Limiter(CONCURRENCY);
  const problems: string[] = [];
  const files: string[] = [];
  let rootDir: string;
  let names: Set<string>;
  // The first reads are synchronous, like the walk's: three thread-pool round trips in a row
  // would cost more waiting than reading.
  try {
    rootDir = realpathSync.native(projectDir);
    names = new Set(readdirSync(rootDir));
  } catch (error) {
    return { packages: [], files: [], problems: [`${projectDir}: ${isMissing(error) ? 'not found' : errorMessage(error)}`] };
  }
  const label = (file: string): string => relativeLabel(rootDir, file);
  /** Reads a JSON object or YAML text; undefined (and a problem unless it is just missing) when it cannot be. */
  const readText = async (file: string): Promise<string | undefined> => {
    try {
      const text = await readDataFile(limiter, file);
      files.push(file);
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch (error) {
      if (!isMissing(error)) {
        problems.push(`${label(file)}: ${errorMessage(error)}`);
      }
      return undefined;
    }
  };
  /** The package.json in `text`, or undefined (and a problem) when it is not a JSON object. */
  const manifestOf = (file: string, text: string | undefined): Record<string, unknown> | undefined => {
    if (text === undefined) {
      return undefined;
    }
    try {
      const manifest = asObject(JSON.parse(text));
      if (!manifest) {
        problems.push(`${label(file)}: not a JSON object`);
      }
      return manifest;
    } catch (error) {
      problems.push(`${label(file)} ${jsonSyntaxProblem(error)}`);
      return undefined;
    }
  };
  const readManifest = async (file: string): Promise<Record<string, unknown> | undefined> => manifestOf(file, await readText(file));
  /** The project's own package.json, read at once (capped like every data file). */
  const readRootManifest = (file: string): Record<string, unknown> | undefined => {
    const text = readTextSync(file, Buffer.allocUnsafe(ROOT_MANIFEST_BUFFER_BYTES));
    if (isFsError(text)) {
      if (!isMissing(text)) {
        problems.push(`${label(file)}: ${errorMessage(text)}`);
      }
      return undefined;
    }
    files.push(file);
    return manifestOf(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  };

  const rootManifest = names.has('package.json') ? readRootManifest(path.join(rootDir, 'package.json')) : undefined;
  const patterns = manifestWorkspacePatterns(rootManifest);
  if (names.has('pnpm-workspace.yaml')) {
    const file = path.join(rootDir, 'pnpm-workspace.yaml');
    const text = await readText(file);
    if (text !== undefined) {
      try {
        patterns.push(...pnpmWorkspacePatterns(text));
      } catch (error) {
        problems.push(`${label(file)}: not valid YAML (${errorMessage(error)})`);
      }
    }
  }
  const workspaces = await readWorkspaces(rootDir, patterns, limiter, readManifest);
  const projects: Array<ProjectFolder & ProjectManifest> = [{ dir: rootDir, relativeDir: '', manifest: rootManifest ?? {} }, ...workspaces];

  const lockfile = await chooseLockfile(rootDir, names);
  const [walk, lockText] = await Promise.all([walkNodeModules(rootDir, projects, memory), lockfile ? readText(path.join(rootDir, lockfile)) : undefined]);
  // Parsed once the walk has told whether anything is installed: then only each package's own
  // facts are merged in, and the lockfile's graph is not needed.
  const installed = walk.graph.nodes.size > 0;
  // The steps from here on are synchronous, each some milliseconds on a large tree: a turn of the
  // event loop between them keeps the longest wait of anything else in the process short.
  await nextTurn();
  const lock = lockfile && lockText !== undefined ? await parseLockfile(lockfile, lockText, rootManifest, projects, installed) : undefined;
  await nextTurn();
  problems.push(...walk.problems, ...(lock?.problems ?? []));
  files.push(...walk.files);

  let packages: ResolvedPackage[];
  if (installed) {
    const present = await graphToPackages(walk.graph);
    const hasFolder = (lockKey: string): boolean => walk.locations.has(path.join(rootDir, ...lockKey.split('/')));
    packages = await withLockfile(present, lock?.packages ?? [], lock?.locations, hasFolder);
  } else {
    packages = lock?.packages ?? [];
    if (!lockfile && rootManifest && manifestDependencyKinds(rootManifest, true).size > 0 && !(await ancestorHasInstall(rootDir))) {
      problems.push('no node_modules and no lockfile: run `npm install` (or pnpm, yarn) to install or lock the versions');
    }
  }
  // Paths are reported under the folder the caller named, even when it is reached through a link.
  const userRoot = path.resolve(projectDir);
  const userPath = (file: string): string =>
    userRoot === rootDir || !(file === rootDir || file.startsWith(rootDir + path.sep)) ? file : userRoot + file.slice(rootDir.length);
  return {
    packages: userRoot === rootDir ? packages : packages.map((record) => (record.path !== undefined ? { ...record, path: userPath(record.path) } : record)),
    files: [...new Set(files.map(userPath))],
    problems,
  };
}

/**
 * Whether a parent folder has node_modules or a lockfile: then this folder is a workspace package
 * whose dependencies are installed (hoisted) or locked at the workspace root, not a project that
 * was never installed.
 */
async function ancestorHasInstall(dir: string): Promise<boolean> {
  for (let parent = path.dirname(dir); parent !== dir; dir = parent, parent = path.dirname(parent)) {
    const names = await fs.readdir(parent).catch(() => [] as string[]);
    if (names.includes('node_modules') || LOCKFILES.some((name) => names.includes(name))) {
      return true;
    }
  }
  return false;
}

/** The workspace packages the globs name that have a package.json, canonical, in a stable order. */
async function readWorkspaces(
  rootDir: string,
  patterns: readonly string[],
  limiter: Limiter,
  readManifest: (file: string) => Promise<Record<string, unknown> | undefined>,
): Promise<Array<ProjectFolder & ProjectManifest>> {
  if (patterns.length === 0) {
    return [];
  }
  const dirs = await expandWorkspaces(rootDir, patterns, limiter);
  const found = await Promise.all(
    dirs.map(async (dir) => {
      const manifest = await readManifest(path.join(dir, 'package.json'));
      if (!manifest) {
        return undefined;
      }
      const real = await fs.realpath(dir).catch(() => dir);
      return { dir: real, relativeDir: relativeLabel(rootDir, dir), manifest };
    }),
  );
  return found.filter((workspace): workspace is ProjectFolder & ProjectManifest => workspace !== undefined && workspace.dir !== rootDir);
}

/**
 * One lockfile: the only one there, else the one whose package manager's marks are in
 * node_modules (`.pnpm`, `.yarn-integrity`/`.yarn-state.yml`, `.package-lock.json`), else the
 * first of `LOCKFILES`.
 */
async function chooseLockfile(rootDir: string, names: ReadonlySet<string>): Promise<LockfileName | undefined> {
  const present = LOCKFILES.filter((name) => names.has(name));
  if (present.length <= 1 || !names.has('node_modules')) {
    return present[0];
  }
  const marks = new Set(await fs.readdir(path.join(rootDir, 'node_modules')).catch(() => [] as string[]));
  const preferred: LockfileName | undefined = marks.has('.pnpm')
    ? 'pnpm-lock.yaml'
    : marks.has('.yarn-integrity') || marks.has('.yarn-state.yml')
      ? 'yarn.lock'
      : marks.has('.package-lock.json')
        ? 'package-lock.json'
        : undefined;
  return preferred !== undefined && present.includes(preferred) ? preferred : present[0];
}

async function parseLockfile(
  name: LockfileName,
  text: string,
  rootManifest: Readonly<Record<string, unknown>> | undefined,
  projects: readonly ProjectManifest[],
  installed: boolean,
): Promise<LockParseResult> {
  switch (name) {
    case 'npm-shrinkwrap.json':
    case 'package-lock.json': {
      return parsePackageLock(text, name, rootManifest, { edges: !installed });
    }
    case 'pnpm-lock.yaml':
      return parsePnpmLock(text, name);
    case 'yarn.lock':
      return parseYarnLock(text, name, projects);
  }
}

/**
 * What an installed tree with a lockfile resolves to, sorted. The installed tree is what is
 * there: each installed name@version keeps its own license, path and graph, and takes the
 * lockfile's hashes and scope (and its license when the installed package.json has none).
 * Lockfile entries that are not installed are added only where `lockedButMissing` keeps them.
 * Each package id is built once: a large tree has thousands.
 */
async function withLockfile(
  installed: readonly ResolvedPackage[],
  locked: readonly ResolvedPackage[],
  locations: ReadonlyMap<string, readonly string[]> | undefined,
  hasFolder: (lockKey: string) => boolean,
): Promise<ResolvedPackage[]> {
  const pace = startPace();
  if (locked.length === 0) {
    return sortPackages([...installed], pace);
  }
  const lockedById = byId(locked);
  const installedIds = new Set<string>();
  const installedNames = new Set<string>();
  const packages: ResolvedPackage[] = [];
  for (const record of installed) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    const id = packageId(record.name, record.version);
    installedIds.add(id);
    installedNames.add(record.name);
    packages.push(mergedRecord(record, lockedById.get(id)));
  }
  packages.push(...lockedButMissing(installedIds, installedNames, lockedById, locations, hasFolder));
  return sortPackages(packages, pace);
}

/** Records by `name@version`; a later record of the same id replaces an earlier one. */
function byId(records: readonly ResolvedPackage[]): Map<string, ResolvedPackage> {
  const map = new Map<string, ResolvedPackage>();
  for (const record of records) {
    map.set(packageId(record.name, record.version), record);
  }
  return map;
}

function mergedRecord(record: ResolvedPackage, lock: ResolvedPackage | undefined): ResolvedPackage {
  if (!lock) {
    return record;
  }
  const license = record.license ?? lock.license;
  const hashes = record.hashes ?? lock.hashes;
  // Fields in the order of every npm record, set one by one: thousands of records, no spreads.
  const merged: { -readonly [K in keyof ResolvedPackage]?: ResolvedPackage[K] } = { ecosystem: record.ecosystem, name: record.name, version: record.version };
  if (license) {
    merged.license = license;
  }
  merged.source = record.source;
  if (hashes) {
    merged.hashes = hashes;
  }
  if (record.dependencies) {
    merged.dependencies = record.dependencies;
  }
  if (record.direct || lock.direct) {
    merged.direct = true;
  }
  if (lock.scope) {
    merged.scope = lock.scope;
  }
  if (record.path !== undefined) {
    merged.path = record.path;
  }
  const funding = record.funding ?? lock.funding;
  if (funding) {
    merged.funding = funding;
  }
  if (record.repository !== undefined) {
    merged.repository = record.repository;
  }
  const downloadUrl = record.downloadUrl ?? lock.downloadUrl;
  if (downloadUrl !== undefined) {
    merged.downloadUrl = downloadUrl;
  }
  return merged as ResolvedPackage;
}
