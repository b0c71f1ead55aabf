import * as path from 'node:path';
import type { Ecosystem, ManifestDependency, ParsedManifest } from '../manifests/types';
import type { DependencyFacts } from '../policy/compiledPolicy';
import { dependencyKey, keyString } from '../policy/purl';
import { coerceVersion, specToRange } from '../policy/versions';
import { CargoLocalCrates } from './cargo/localCrate';
import { errorMessage, isInside, mapLimited } from './dataFiles';
import { withLicenseFilesBeside } from './licenseBeside';
import { localBoundary, LocalReader, type LocalFacts } from './localDependencies';
import { NpmLocalPackages } from './npm/localPackage';
import { gemLocalFacts } from './rubygems/localGem';
import { ScanMemory } from './scanMemory';
import { isDue, startPace, takeTurn } from './turns';
import type { DeclaredLicense, ResolvedPackage, Resolver, ResolverOptions } from './types';

export interface InventoryManifest {
  readonly file: string;
  readonly parsed: ParsedManifest;
}

/** A package of the whole tree, marked direct when one of the project's manifests names it. */
export interface InventoryPackage extends ResolvedPackage {
  readonly direct: boolean;
  /** The manifests that name it directly. */
  readonly manifests: readonly string[];
}

export interface Inventory {
  readonly packages: readonly InventoryPackage[];
  readonly files: readonly string[];
  readonly problems: readonly string[];
  /** What the data says about a manifest's direct dependency: the version in use and its license. */
  factsFor(manifestFile: string, dependency: ManifestDependency): DependencyFacts;
  /**
   * Whether the dependency is the project's own code in a local folder (a path or workspace
   * dependency, an npm workspace package) whose manifest was read: its name is no registry's to
   * be asked about.
   */
  isLocal?(manifestFile: string, dependency: ManifestDependency): boolean;
}

export type ResolverTable = Partial<Readonly<Record<Ecosystem, Resolver>>>;

export interface InventoryOptions extends ResolverOptions {
  /**
   * The folders local (path and workspace) dependencies may be read in: the editor's workspace
   * folders, the CLI's arguments. Without them, a manifest's repository (see `localBoundary`).
   */
  readonly localRoots?: readonly string[];
}

/**
 * The dependency tree of a project from its lockfiles and installed packages: each manifest's folder
 * is resolved once per ecosystem it uses, records are merged per package and version, and every
 * package a manifest names is marked direct.
 */
export async function buildInventory(manifests: readonly InventoryManifest[], resolvers: ResolverTable, options: InventoryOptions): Promise<Inventory> {
  const jobs = new Map<string, { folder: string; ecosystem: Ecosystem }>();
  for (const manifest of manifests) {
    const folder = path.dirname(manifest.file);
    for (const dependency of manifest.parsed.dependencies) {
      jobs.set(`${dependency.ecosystem}\0${folder}`, { folder, ecosystem: dependency.ecosystem });
    }
  }
  const byFolder = new Map<string, readonly ResolvedPackage[]>();
  const files: string[] = [];
  const problems: string[] = [];
  // One memory for every folder of this scan (a caller's, kept across scans, or this scan's own): a license text met twice is identified once.
  const memory = options.memory ?? new ScanMemory();
  const resolverOptions = { ...options, memory };
  const resolved = await Promise.all(
    [...jobs.values()].map(async ({ folder, ecosystem }) => {
      const resolver = resolvers[ecosystem];
      return resolver ? { folder, result: await resolver(folder, resolverOptions) } : undefined;
    }),
  );
  // Merged in the manifests' order, not in the order the resolvers finish: the same tree gives
  // the same inventory (and the CLI the same output) run after run.
  for (const done of resolved) {
    if (done !== undefined) {
      const earlier = byFolder.get(done.folder);
      const checked = await withLicenseFilesBeside(done.result.packages, memory, (file) => fileLabel(done.folder, options.home, file));
      byFolder.set(done.folder, earlier ? earlier.concat(checked) : checked);
      files.push(...done.result.files);
      problems.push(...done.result.problems);
    }
  }
  const local = new Map<string, LocalFacts>();
  const inventory = await assembleInventory(manifests, byFolder, files, problems, local);
  await readLocalDependencies(manifests, inventory, options, { facts: local, files, problems });
  return inventory;
}

/** A file for people: relative to the project folder when inside it, else from the home folder as `~`. */
function fileLabel(folder: string, home: string, file: string): string {
  if (isInside(folder, file)) {
    return path.relative(folder, file).split(path.sep).join('/');
  }
  return home !== '' && isInside(home, file) ? `~/${path.relative(home, file).split(path.sep).join('/')}` : file;
}

/** Reads in flight at once for local dependencies. */
const LOCAL_CONCURRENCY = 8;
/** The ecosystems whose local dependencies are read (PyPI and Go path dependencies are not, yet). */
const LOCAL_ECOSYSTEMS: ReadonlySet<Ecosystem> = new Set(['npm', 'cargo', 'rubygems']);

/**
 * The local manifests of path and workspace dependencies (Cargo `path`, gem `path:`, npm
 * `file:`/`workspace:` and npm workspace packages) and what they say, read once here because
 * `factsFor` answers at once. Reading stays inside each manifest's `localBoundary`.
 */
async function readLocalDependencies(
  manifests: readonly InventoryManifest[],
  inventory: ResolvedInventory,
  options: InventoryOptions,
  into: { facts: Map<string, LocalFacts>; files: string[]; problems: string[] },
): Promise<void> {
  const npm = new NpmLocalPackages();
  const cargo = new CargoLocalCrates();
  const manifestDirs = manifests.map((manifest) => path.dirname(manifest.file));
  for (const manifest of manifests) {
    const wanted = manifest.parsed.dependencies.filter(
      (dependency) =>
        LOCAL_ECOSYSTEMS.has(dependency.ecosystem) &&
        (dependency.source?.kind === 'path' ||
          dependency.source?.kind === 'workspace' ||
          (dependency.ecosystem === 'npm' && dependency.source === undefined && !inventory.hasRecord(manifest.file, dependency))),
    );
    if (wanted.length === 0) {
      continue;
    }
    const dir = path.dirname(manifest.file);
    const boundary = await localBoundary(dir, { home: options.home, roots: options.localRoots, manifestDirs });
    const reader = new LocalReader(dir, boundary, manifest.file);
    await mapLimited(wanted, LOCAL_CONCURRENCY, async (dependency) => {
      let facts: LocalFacts | undefined;
      try {
        facts =
          dependency.ecosystem === 'npm'
            ? await npm.factsFor(dependency, reader, inventory.hasRecord(manifest.file, dependency))
            : dependency.ecosystem === 'cargo'
              ? await cargo.factsFor(dependency, reader)
              : dependency.ecosystem === 'rubygems'
                ? await gemLocalFacts(dependency, reader)
                : undefined;
      } catch (error) {
        reader.problem(dependency.name, errorMessage(error));
      }
      if (facts && (facts.version || facts.license)) {
        into.facts.set(localKey(manifest.file, dependency), facts);
      }
    });
    into.files.push(...reader.files);
    into.problems.push(...reader.problems);
  }
}

function localKey(manifestFile: string, dependency: ManifestDependency): string {
  return [manifestFile, dependency.ecosystem, dependency.section, dependency.name, dependency.spec ?? '', dependency.source?.kind ?? '', dependency.source?.value ?? ''].join('\0');
}

/** Records per folder and package key (`folder\0key`), for the direct dependencies of the manifests in that folder. */
type RecordIndex = Map<string, ResolvedPackage[]>;

/**
 * The inventory of the records each folder's resolvers gave, merged per package version. A turn
 * of the event loop whenever a slice is used up: a lockfile of 60,000 packages is a second of
 * work here, and the editor's next keystroke must not wait for it.
 */
async function assembleInventory(
  manifests: readonly InventoryManifest[],
  byFolder: ReadonlyMap<string, readonly ResolvedPackage[]>,
  files: readonly string[],
  problems: readonly string[],
  local: ReadonlyMap<string, LocalFacts>,
): Promise<ResolvedInventory> {
  const pace = startPace();
  const index: RecordIndex = new Map();
  for (const [folder, records] of byFolder) {
    for (const record of records) {
      if (isDue(pace)) {
        await takeTurn(pace);
      }
      const key = `${folder}\0${keyString(dependencyKey(record))}`;
      // Pushed, not copied: a lockfile of 60,000 packages would otherwise copy a list per record.
      const records = index.get(key);
      if (records) {
        records.push(record);
      } else {
        index.set(key, [record]);
      }
    }
  }
  const namedBy = new Map<string, string[]>();
  for (const manifest of manifests) {
    for (const dependency of manifest.parsed.dependencies) {
      const record = recordIn(index, manifest.file, dependency);
      if (record) {
        const id = recordKey(record);
        const files = namedBy.get(id);
        if (files) {
          files.push(manifest.file);
        } else {
          namedBy.set(id, [manifest.file]);
        }
      }
    }
  }
  const merged = new Map<string, InventoryPackage>();
  for (const records of byFolder.values()) {
    for (const record of records) {
      if (isDue(pace)) {
        await takeTurn(pace);
      }
      const id = recordKey(record);
      const existing = merged.get(id);
      const manifestsNaming = namedBy.get(id) ?? [];
      merged.set(id, existing ? mergeRecords(existing, record) : { ...record, direct: manifestsNaming.length > 0 || record.direct === true, manifests: manifestsNaming });
    }
  }
  return new ResolvedInventory(merged, index, files, problems, local);
}

class ResolvedInventory implements Inventory {
  readonly packages: readonly InventoryPackage[];

  constructor(
    /** The merged packages by `recordKey`: what every source said of a version, where one record says only part. */
    private readonly merged: ReadonlyMap<string, InventoryPackage>,
    private readonly index: RecordIndex,
    readonly files: readonly string[],
    readonly problems: readonly string[],
    /** What local manifests say of path and workspace dependencies, by `localKey`. */
    private readonly local: ReadonlyMap<string, LocalFacts>,
  ) {
    this.packages = [...merged.values()];
  }

  /**
   * A path or workspace dependency's own manifest speaks first (it is the code in use); the
   * installed tree or lockfile fills in what it does not say (a gemspec's computed version).
   */
  factsFor(manifestFile: string, dependency: ManifestDependency): DependencyFacts {
    const record = this.recordFor(manifestFile, dependency);
    const local = this.local.get(localKey(manifestFile, dependency));
    if (!record && !local) {
      return manifestFacts(dependency);
    }
    const version = local?.version ?? (record ? { value: record.version, source: record.source } : undefined);
    // The merged version's: the record picked is one source of several, and one may say what another does not.
    const merged = record && this.merged.get(recordKey(record));
    return {
      ...manifestFacts(dependency),
      ...(version ? { version: version.value, versionSource: version.source } : {}),
      ...licenseFacts(local?.license ?? record?.license),
      ...fundingFacts(merged),
      ...repositoryFacts(merged),
    };
  }

  isLocal(manifestFile: string, dependency: ManifestDependency): boolean {
    return this.local.has(localKey(manifestFile, dependency));
  }

  hasRecord(manifestFile: string, dependency: ManifestDependency): boolean {
    return this.recordFor(manifestFile, dependency) !== undefined;
  }

  private recordFor(manifestFile: string, dependency: ManifestDependency): ResolvedPackage | undefined {
    return recordIn(this.index, manifestFile, dependency);
  }
}

/**
 * The record a manifest's dependency resolves to: among the records of that package in the
 * manifest's folder, one the resolver marked direct, else one whose version the spec allows.
 */
function recordIn(index: RecordIndex, manifestFile: string, dependency: ManifestDependency): ResolvedPackage | undefined {
  const candidates = index.get(`${path.dirname(manifestFile)}\0${keyString(dependencyKey(dependency))}`);
  if (!candidates || candidates.length === 0) {
    return undefined;
  }
  if (candidates.length === 1) {
    return candidates[0];
  }
  const range = dependency.spec === null ? null : specToRange(dependency.spec, dependency.ecosystem);
  const allowed = range ? candidates.filter((record) => satisfies(range, record)) : candidates;
  return allowed.find((record) => record.direct) ?? allowed[0] ?? candidates.find((record) => record.direct) ?? candidates[0];
}

function satisfies(range: NonNullable<ReturnType<typeof specToRange>>, record: ResolvedPackage): boolean {
  const version = coerceVersion(record.version, record.ecosystem);
  return version !== null && range.test(version);
}

/** What a manifest alone says: its spec, and a version only where the manifest resolves one (Maven properties). */
export function manifestFacts(dependency: ManifestDependency): DependencyFacts {
  return {
    ecosystem: dependency.ecosystem,
    name: dependency.name,
    ...(dependency.package !== undefined ? { package: dependency.package } : {}),
    spec: dependency.spec,
    ...(dependency.version !== undefined ? { version: dependency.version, versionSource: 'manifest property' } : {}),
  };
}

/** What the data says of a package of the tree, for evaluating it on its own. */
export function packageFacts(item: ResolvedPackage): DependencyFacts {
  return {
    ecosystem: item.ecosystem,
    name: item.name,
    spec: null,
    version: item.version,
    versionSource: item.source,
    ...licenseFacts(item.license),
    ...fundingFacts(item),
    ...repositoryFacts(item),
  };
}

function licenseFacts(license: DeclaredLicense | undefined): Pick<DependencyFacts, 'license' | 'licenseSource' | 'licenseInFile'> {
  if (!license) {
    return {};
  }
  const guess = license.confidence !== undefined ? ` (identified from its text, ${Math.round(license.confidence * 100)}% similar)` : '';
  return { license: license.value, licenseSource: `${license.source}${guess}`, ...(license.inFile ? { licenseInFile: license.inFile } : {}) };
}

function fundingFacts(item: ResolvedPackage | undefined): Pick<DependencyFacts, 'funding'> {
  return item?.funding ? { funding: item.funding } : {};
}

function repositoryFacts(item: ResolvedPackage | undefined): Pick<DependencyFacts, 'repository'> {
  return item?.repository !== undefined ? { repository: { location: item.repository, source: `${item.name} ${item.version} in ${item.source}` } } : {};
}

function recordKey(record: ResolvedPackage): string {
  return `${keyString(dependencyKey(record))}@${record.version}`;
}

/** Two sources describe one package version: keep the declared license over a guess, and union what they know (funding, repository and download URL: the first that has it). */
function mergeRecords(existing: InventoryPackage, record: ResolvedPackage): InventoryPackage {
  const license = !existing.license || (existing.license.confidence !== undefined && record.license && record.license.confidence === undefined) ? record.license : existing.license;
  return {
    ...existing,
    ...(license ? { license } : {}),
    ...(existing.hashes || record.hashes ? { hashes: existing.hashes ?? record.hashes } : {}),
    ...(existing.dependencies || record.dependencies ? { dependencies: [...new Set([...(existing.dependencies ?? []), ...(record.dependencies ?? [])])] } : {}),
    ...(existing.funding || record.funding ? { funding: existing.funding ?? record.funding } : {}),
    ...(existing.repository !== undefined || record.repository !== undefined ? { repository: existing.repository ?? record.repository } : {}),
    ...(existing.downloadUrl !== undefined || record.downloadUrl !== undefined ? { downloadUrl: existing.downloadUrl ?? record.downloadUrl } : {}),
    direct: existing.direct || record.direct === true,
  };
}
