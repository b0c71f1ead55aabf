import * as path from 'node:path';
import { parseGradle } from '../../manifests/gradle';
import { parsePomXml } from '../../manifests/pomXml';
import { packageId, type DeclaredLicense, type PackageHash, type ResolvedPackage, type Resolver, type ResolverOptions, type ResolverResult } from '../types';
import { coordinateKey, PomStore, type PomStoreContext } from './effectivePom';
import { errorMessage, lineOf, readDataFile } from '../dataFiles';
import { readPomModel, type PomExclusion } from './pomModel';
import { pickNewestVersion } from '../registry/pickNewestVersion';
import { artifactStores, jarHashes, storedVersions, type ArtifactStores } from './repository';

/** Transitive dependencies are followed this many levels below the project's own. */
export const MAX_TRANSITIVE_DEPTH = 16;
/** No real build has more artifacts; a runaway graph stops here. */
export const MAX_ARTIFACTS = 5000;
/** `<modules>` are followed this deep, and at most this many pom.xml files are read. */
const MAX_MODULE_DEPTH = 4;
const MAX_MODULES = 200;

/**
 * Maven and Gradle: the dependencies pom.xml (with its `<modules>`) and build.gradle(.kts)
 * declare, then their POMs in the local Maven repository or Gradle's module cache for licenses
 * and, transitively, their own dependencies (compile and runtime scope, not optional, minus
 * exclusions; the nearest version wins and the project's dependencyManagement overrides, as in
 * Maven). Never runs Maven or Gradle, never goes online.
 */
export const resolveMaven: Resolver = async (projectDir, options) => {
  try {
    return await resolve(projectDir, options);
  } catch (error) {
    return { packages: [], files: [], problems: [`Maven: ${errorMessage(error)}`] };
  }
};

/** How a dependency is used, strongest first: main code, optional, supplied by the runtime, build or test only. */
const enum Usage {
  Main = 0,
  Optional = 1,
  Provided = 2,
  Development = 3,
}

const USAGE_SCOPE: Record<Usage, ResolvedPackage['scope'] | undefined> = {
  [Usage.Main]: undefined,
  [Usage.Optional]: 'optional',
  [Usage.Provided]: 'peer',
  [Usage.Development]: 'dev',
};

interface Root {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  readonly usage: Usage;
  readonly exclusions: readonly PomExclusion[];
  /** The project file that declares it. */
  readonly declaredIn: string;
}

interface Collection {
  readonly roots: Root[];
  /** Roots whose version is a range, resolved against the local stores once all are collected. */
  readonly ranged: Root[];
  /** The project's own artifacts (`group:artifact`), never reported. */
  readonly own: Set<string>;
  /** The project's dependencyManagement, which pins transitive versions too. */
  readonly managedVersions: Map<string, string>;
  /** `group:artifact` of dependencies whose version cannot be known offline. */
  readonly unresolved: Set<string>;
  missingPoms: number;
  readonly files: string[];
  readonly problems: string[];
}

interface Node {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  usage: Usage;
  direct: boolean;
  readonly source: string;
  readonly dependencies: string[];
  license?: DeclaredLicense;
  hashes?: PackageHash[];
  folder?: string;
}

async function resolve(projectDir: string, options: ResolverOptions): Promise<ResolverResult> {
  const files: string[] = [];
  const problems: string[] = [];
  const stats: PomStoreContext['stats'] = { missingParents: new Set(), brokenPoms: [], unreadable: [], parentCycles: new Set() };
  const stores = await artifactStores(projectDir, options, problems, files);
  const gradleFiles = ['build.gradle', 'build.gradle.kts'].map((name) => path.join(projectDir, name));
  const gradleTexts: { file: string; text: string }[] = [];
  for (const file of gradleFiles) {
    const read = await readDataFile(file);
    if ('text' in read) {
      files.push(file);
      gradleTexts.push({ file, text: read.text });
    } else if ('error' in read) {
      problems.push(`${path.basename(file)}: ${read.error}`);
    }
  }
  const pomFile = path.join(projectDir, 'pom.xml');
  const store = new PomStore(stores, gradleTexts.length > 0, { files, stats });
  const collection: Collection = { roots: [], ranged: [], own: new Set(), managedVersions: new Map(), unresolved: new Set(), missingPoms: 0, files, problems };
  const foundPom = await collectMavenProject(projectDir, pomFile, store, collection, 0, new Set());

  if (!foundPom && gradleTexts.length === 0) {
    return { packages: [], files, problems };
  }
  for (const { file, text } of gradleTexts) {
    collectGradle(path.basename(file), text, collection);
  }
  await resolveRanges(collection, stores);

  const nodes = await walk(collection, store);
  const packages: ResolvedPackage[] = [...nodes.values()].map((node) => ({
    ecosystem: 'maven',
    name: coordinateKey(node.groupId, node.artifactId),
    version: node.version,
    source: node.source,
    ...(node.license ? { license: node.license } : {}),
    ...(node.hashes && node.hashes.length > 0 ? { hashes: node.hashes } : {}),
    dependencies: node.dependencies,
    direct: node.direct,
    ...(USAGE_SCOPE[node.usage] ? { scope: USAGE_SCOPE[node.usage] } : {}),
    ...(node.folder ? { path: node.folder } : {}),
  }));

  if (collection.missingPoms > 0) {
    problems.push(
      `${collection.missingPoms} of ${packages.length} artifacts have no POM in ${stores.mavenRepository} or ${stores.gradleCache} (run the build once); their licenses and dependencies are unknown`,
    );
  }
  const unresolved = [...collection.unresolved].filter((key) => !collection.own.has(key)).length;
  if (unresolved > 0) {
    problems.push(
      `${unresolved} ${unresolved === 1 ? 'dependency has' : 'dependencies have'} no version that can be worked out offline (a range, a dynamic version, or a BOM or parent not in the local stores); left out`,
    );
  }
  if (stats.missingParents.size > 0) {
    const first = [...stats.missingParents][0];
    problems.push(`${stats.missingParents.size} parent ${stats.missingParents.size === 1 ? 'POM is' : 'POMs are'} not in the local stores (first: ${first}); what they declare is unknown`);
  }
  if (stats.parentCycles.size > 0) {
    problems.push(`parent POMs form a cycle at ${[...stats.parentCycles][0]}; the chain was cut there`);
  }
  if (stats.brokenPoms.length > 0) {
    problems.push(`${stats.brokenPoms.length} ${stats.brokenPoms.length === 1 ? 'POM' : 'POMs'} in the local stores ${stats.brokenPoms.length === 1 ? 'is' : 'are'} not well-formed (first: ${stats.brokenPoms[0]})`);
  }
  for (const unreadable of stats.unreadable.slice(0, 5)) {
    problems.push(unreadable);
  }
  return { packages, files: [...new Set(files)], problems };
}

function mavenUsage(scope: string | undefined, optional: boolean): Usage | null {
  switch (scope ?? 'compile') {
    case 'compile':
    case 'runtime':
      return optional ? Usage.Optional : Usage.Main;
    case 'provided':
      return Usage.Provided;
    case 'test':
      return Usage.Development;
    default:
      // `system` points at a file on the machine, `import` is a BOM: neither is a dependency to resolve.
      return null;
  }
}

/** A Maven version range (`[1.0,2.0)`, `(,7.11.0)`; Gradle also `]1.0,2.0[`): resolvable from the versions the local stores hold. */
function isVersionRange(version: string): boolean {
  return /^[[(\]]/.test(version.trim());
}

/**
 * Each ranged root takes the highest version inside its range that the local stores hold, as
 * Maven does offline (POM reference, "Dependency Version Requirement Specification": the highest
 * version that satisfies the hard requirements); none inside: unresolved, like any unknowable version.
 */
async function resolveRanges(collection: Collection, stores: ArtifactStores): Promise<void> {
  for (const root of collection.ranged) {
    const versions = await storedVersions(stores, root.groupId, root.artifactId);
    const picked = pickNewestVersion('maven', root.version, { versions: versions.map((version) => ({ version })) });
    if (picked === undefined) {
      collection.unresolved.add(coordinateKey(root.groupId, root.artifactId));
    } else {
      collection.roots.push({ ...root, version: picked.version });
    }
  }
}

/** Versions Maven or Gradle pick at build time from a repository listing: unknowable offline. */
function isDynamicVersion(version: string): boolean {
  return /^[[(]|[\])]$|\+$|^latest\.|,/.test(version) || version === 'LATEST' || version === 'RELEASE';
}

/** Reads one pom.xml and, through `<modules>`, its modules. Returns whether the file was there. */
async function collectMavenProject(
  projectDir: string,
  file: string,
  store: PomStore,
  collection: Collection,
  depth: number,
  visited: Set<string>,
): Promise<boolean> {
  if (visited.has(file) || visited.size >= MAX_MODULES) {
    return false;
  }
  visited.add(file);
  const folder = path.dirname(file);
  const label = path.relative(projectDir, file).split(path.sep).join('/') || 'pom.xml';
  const read = await readDataFile(file);
  if ('missing' in read) {
    if (depth > 0) {
      collection.problems.push(`${file}: module pom.xml not found`);
    }
    return false;
  }
  if ('error' in read) {
    collection.problems.push(`${file}: ${read.error}`);
    return true;
  }
  collection.files.push(file);
  const manifest = parsePomXml(read.text);
  const model = readPomModel(read.text);
  if (manifest.problems.length > 0) {
    const first = manifest.problems[0];
    collection.problems.push(
      `${label}: ${manifest.problems.length} ${manifest.problems.length === 1 ? 'problem' : 'problems'} (first at line ${lineOf(read.text, first.range.start)}: ${first.message})`,
    );
  }
  const effective = await store.effectiveOfModel(model, label, folder);
  if (effective.groupId && effective.artifactId) {
    collection.own.add(coordinateKey(effective.groupId, effective.artifactId));
  }
  for (const [key, entry] of effective.managed) {
    if (entry.version && !collection.managedVersions.has(key)) {
      collection.managedVersions.set(key, entry.version);
    }
  }
  const inherited = new Map(effective.dependencies.map((dependency) => [coordinateKey(dependency.groupId, dependency.artifactId), dependency]));
  const declared = new Set<string>();
  for (const dependency of manifest.dependencies) {
    // Profiles depend on the build machine; dependencyManagement declares nothing by itself.
    if (dependency.section !== 'dependencies' || !dependency.name.includes(':')) {
      continue;
    }
    const [groupId, artifactId] = dependency.name.split(':');
    const key = coordinateKey(groupId, artifactId);
    declared.add(key);
    const resolvedEntry = inherited.get(key);
    const usage = mavenUsage(dependency.scope ?? resolvedEntry?.scope, dependency.optional === true);
    if (usage === null) {
      continue;
    }
    const version = dependency.version ?? inheritedProperty(dependency.spec, effective.interpolate) ?? resolvedEntry?.version;
    addRoot(collection, groupId, artifactId, version, usage, resolvedEntry?.exclusions ?? [], label);
  }
  // Dependencies a parent declares are the child's too.
  for (const [key, dependency] of inherited) {
    if (declared.has(key)) {
      continue;
    }
    const usage = mavenUsage(dependency.scope, dependency.optional);
    if (usage !== null) {
      addRoot(collection, dependency.groupId, dependency.artifactId, dependency.version, usage, dependency.exclusions, label);
    }
  }
  if (depth < MAX_MODULE_DEPTH) {
    for (const module of model.modules) {
      const target = path.resolve(folder, module);
      const moduleFile = target.endsWith('.xml') ? target : path.join(target, 'pom.xml');
      await collectMavenProject(projectDir, moduleFile, store, collection, depth + 1, visited);
    }
  }
  return true;
}

/**
 * A `${property}` version the pom.xml parser could not fill from the file itself, filled from
 * the parent chain. A spec without `${` that the parser left unresolved held an XML error (an
 * undefined entity): never used.
 */
function inheritedProperty(spec: string | null, interpolate: (value: string) => string | undefined): string | undefined {
  if (spec === null || !spec.includes('${') || spec.includes('&')) {
    return undefined;
  }
  return interpolate(spec);
}

function addRoot(
  collection: Collection,
  groupId: string,
  artifactId: string,
  version: string | undefined,
  usage: Usage,
  exclusions: readonly PomExclusion[],
  declaredIn: string,
): void {
  if (version && isVersionRange(version)) {
    collection.ranged.push({ groupId, artifactId, version, usage, exclusions, declaredIn });
    return;
  }
  if (!version || isDynamicVersion(version)) {
    collection.unresolved.add(coordinateKey(groupId, artifactId));
    return;
  }
  collection.roots.push({ groupId, artifactId, version, usage, exclusions, declaredIn });
}

function gradleUsage(section: string, configuration: string | undefined): Usage {
  const name = configuration ?? '';
  if (section.startsWith('buildscript') || /test/i.test(name) || /^(?:annotationProcessor|kapt|ksp|detekt|lint)/.test(name)) {
    return Usage.Development;
  }
  return /^compileOnly/.test(name) ? Usage.Provided : Usage.Main;
}

function collectGradle(label: string, text: string, collection: Collection): void {
  const manifest = parseGradle(text);
  if (manifest.problems.length > 0) {
    const first = manifest.problems[0];
    collection.problems.push(
      `${label}: ${manifest.problems.length} ${manifest.problems.length === 1 ? 'problem' : 'problems'} (first at line ${lineOf(text, first.range.start)}: ${first.message})`,
    );
  }
  for (const dependency of manifest.dependencies) {
    const parts = dependency.name.split(':');
    if (dependency.section.endsWith('.constraints') || parts.length !== 2 || !parts[0] || !parts[1]) {
      continue;
    }
    addRoot(collection, parts[0], parts[1], dependency.version, gradleUsage(dependency.section, dependency.scope), [], label);
  }
}

function isExcluded(exclusions: readonly PomExclusion[], groupId: string, artifactId: string): boolean {
  return exclusions.some(
    (exclusion) => (exclusion.groupId === '*' || exclusion.groupId === groupId) && (exclusion.artifactId === '*' || exclusion.artifactId === artifactId),
  );
}

interface Pending {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  readonly usage: Usage;
  readonly exclusions: readonly PomExclusion[];
  readonly depth: number;
  readonly direct: boolean;
  readonly source: string;
}

/**
 * Breadth-first over the POMs: the first version met of an artifact is the one used (Maven's
 * "nearest wins"), unless the project's dependencyManagement names one. One POM is read at a
 * time, which keeps the store's cycle checks sound.
 */
async function walk(collection: Collection, store: PomStore): Promise<Map<string, Node>> {
  const nodes = new Map<string, Node>();
  const chosen = new Map<string, string>();
  const queue: Pending[] = [];
  for (const root of collection.roots) {
    const key = coordinateKey(root.groupId, root.artifactId);
    if (collection.own.has(key)) {
      continue;
    }
    const version = chosen.get(key) ?? root.version;
    chosen.set(key, version);
    queue.push({ ...root, version, depth: 0, direct: true, source: root.declaredIn });
  }
  for (let head = 0; head < queue.length; head++) {
    const pending = queue[head];
    const key = coordinateKey(pending.groupId, pending.artifactId);
    const existing = nodes.get(key);
    if (existing) {
      existing.usage = Math.min(existing.usage, pending.usage);
      existing.direct ||= pending.direct;
      continue;
    }
    if (nodes.size >= MAX_ARTIFACTS) {
      collection.problems.push(`more than ${MAX_ARTIFACTS} artifacts; the rest of the graph was not followed`);
      break;
    }
    const node: Node = { ...pending, dependencies: [] };
    nodes.set(key, node);
    const effective = await store.effective(pending.groupId, pending.artifactId, pending.version);
    if (!effective) {
      collection.missingPoms++;
      continue;
    }
    node.folder = effective.located?.folder;
    if (effective.license) {
      node.license = effective.license;
    }
    if (effective.located) {
      node.hashes = await jarHashes(effective.located, pending.artifactId, pending.version);
    }
    for (const dependency of effective.dependencies) {
      const usage = mavenUsage(dependency.scope, false);
      const childKey = coordinateKey(dependency.groupId, dependency.artifactId);
      if (usage === null || usage === Usage.Development || usage === Usage.Provided || dependency.optional) {
        continue; // test and provided dependencies, and optional ones, are not transitive
      }
      if (isExcluded(pending.exclusions, dependency.groupId, dependency.artifactId) || collection.own.has(childKey)) {
        continue;
      }
      const version = collection.managedVersions.get(childKey) ?? chosen.get(childKey) ?? dependency.version;
      if (!version || isDynamicVersion(version)) {
        collection.unresolved.add(childKey);
        continue;
      }
      chosen.set(childKey, version);
      const id = packageId(childKey, version);
      if (!node.dependencies.includes(id)) {
        node.dependencies.push(id);
      }
      if (pending.depth < MAX_TRANSITIVE_DEPTH) {
        queue.push({
          groupId: dependency.groupId,
          artifactId: dependency.artifactId,
          version,
          usage: pending.usage,
          exclusions: [...pending.exclusions, ...dependency.exclusions],
          depth: pending.depth + 1,
          direct: false,
          source: effective.located?.store ?? pending.source,
        });
      }
    }
  }
  settleUsage(nodes);
  return nodes;
}

/** A package used by main code anywhere in the graph is main code, whatever path reached it first. */
function settleUsage(nodes: Map<string, Node>): void {
  const byId = new Map([...nodes.values()].map((node) => [packageId(coordinateKey(node.groupId, node.artifactId), node.version), node]));
  const work = [...nodes.values()];
  while (work.length > 0) {
    const node = work.pop() as Node;
    for (const id of node.dependencies) {
      const target = byId.get(id);
      if (target && target.usage > node.usage) {
        target.usage = node.usage;
        work.push(target);
      }
    }
  }
}
