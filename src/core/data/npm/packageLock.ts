import { jsonSyntaxProblem } from '../../policy/jsonText';
import { packageId, type DeclaredLicense, type ResolvedPackage } from '../types';
import { graphToPackages, lockKeyCandidates, type GraphNode } from './graph';
import { integrityToHashes, sha1FromTarballUrl } from './integrity';
import { parseJsonInTurns, startsWithObject, WHOLE_PARSE_MAX_BYTES } from '../jsonInTurns';
import { isDue, startPace, takeTurn, type Pace } from '../turns';
import { downloadUrl } from '../downloadUrl';
import { fundingField } from '../funding';
import { asObject } from './io';
import { licenseOfManifest } from './license';
import { manifestDependencyKinds, type EdgeKind } from './scopes';

export interface LockParseResult {
  readonly packages: ResolvedPackage[];
  readonly problems: string[];
  /**
   * package-lock.json only: the install paths of each `name@version` (`node_modules/a`,
   * `node_modules/b/node_modules/a`), for telling a package missing from a partial node_modules
   * from a stale entry.
   */
  readonly locations?: ReadonlyMap<string, readonly string[]>;
}

export interface LockParseOptions {
  /**
   * False when only each package's own facts are wanted (license, hashes, scope, `direct`), as
   * when they are merged into an installed tree that has its own graph: every `dependencies` is
   * then empty, and the edges of the whole lockfile are never resolved. Default true.
   */
  readonly edges?: boolean;
}

type Entry = Record<string, unknown>;

const NO_EDGES: ReadonlyArray<readonly [string, EdgeKind]> = Object.freeze([]);

/**
 * `package-lock.json` / `npm-shrinkwrap.json`: v2 and v3 through `packages` (keyed by install
 * path, with `license`, `integrity` and `dev`/`optional`/`devOptional`/`peer` flags), v1 through
 * its nested `dependencies`. `rootManifest` (the project's package.json) marks direct packages
 * for v1, which does not list the root's own dependencies.
 */
export async function parsePackageLock(
  text: string,
  fileName: string,
  rootManifest?: Readonly<Record<string, unknown>>,
  options: LockParseOptions = {},
): Promise<LockParseResult> {
  const read = await readPackageLockDocument(text, fileName);
  if (!('document' in read)) {
    return read;
  }
  const withEdges = options.edges ?? true;
  const pace = startPace();
  const packages = asObject(read.document.packages);
  if (packages) {
    return { ...(await fromPackages(packages, fileName, withEdges, pace)), problems: [] };
  }
  const dependencies = asObject(read.document.dependencies);
  if (dependencies) {
    return { ...(await fromV1(dependencies, fileName, rootManifest, withEdges, pace)), problems: [] };
  }
  return { packages: [], problems: [] };
}

/**
 * The lockfile's JSON (only the two members read), or the result that says it is none. A large
 * lockfile is parsed in slices: one being written while it is read is cut short, and JSON.parse
 * would take as long to say so as to parse it.
 */
async function readPackageLockDocument(text: string, fileName: string): Promise<{ readonly document: Record<string, unknown> } | LockParseResult> {
  let document: Record<string, unknown> | undefined;
  try {
    document = text.length <= WHOLE_PARSE_MAX_BYTES ? asObject(JSON.parse(text)) : await readLargeDocument(text);
  } catch (error) {
    return { packages: [], problems: [`${fileName} ${jsonSyntaxProblem(error)}`] };
  }
  return document ? { document } : { packages: [], problems: [`${fileName}: not a lockfile object`] };
}

async function readLargeDocument(text: string): Promise<Record<string, unknown> | undefined> {
  if (!startsWithObject(text)) {
    return undefined;
  }
  const document: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  await parseJsonInTurns(text, ['$.packages', '$.dependencies'], ({ key, value }) => {
    if (typeof key === 'string') {
      document[key] = value;
    }
  });
  return document;
}

function statedKind(entry: Entry): EdgeKind {
  if (entry.dev === true) {
    return 'dev';
  }
  if (entry.optional === true || entry.devOptional === true) {
    return 'optional';
  }
  return entry.peer === true ? 'peer' : 'prod';
}

function lockLicense(entry: Entry, fileName: string): DeclaredLicense | undefined {
  const license = licenseOfManifest({ license: entry.license, licenses: entry.licenses });
  if (license.kind === 'declared') {
    return { value: license.value, source: fileName };
  }
  return license.kind === 'file' ? { value: license.raw, source: fileName } : undefined;
}

/** v2/v3: `packages` keyed by path; `""` is the project, keys without `node_modules/` are workspace (or `file:`) folders. */
async function fromPackages(packages: Record<string, unknown>, fileName: string, withEdges: boolean, pace: Pace): Promise<Located> {
  const entries = new Map<string, Entry>();
  for (const key of Object.keys(packages)) {
    const entry = asObject(packages[key]);
    if (entry) {
      entries.set(key, entry);
    }
    if (isDue(pace)) {
      await takeTurn(pace);
    }
  }
  const resolveFrom = (fromKey: string, name: string): string | undefined => {
    for (const candidate of lockKeyCandidates(fromKey, name)) {
      const entry = entries.get(candidate);
      if (entry) {
        // A link points at a workspace or local folder: the project's own code, not a package.
        return entry.link === true ? undefined : candidate;
      }
    }
    return undefined;
  };
  const edgesOf = (key: string, entry: Entry, includeDev: boolean): Array<readonly [string, EdgeKind]> => {
    const edges: Array<readonly [string, EdgeKind]> = [];
    for (const [name, kind] of manifestDependencyKinds(entry, includeDev)) {
      const target = resolveFrom(key, name);
      if (target !== undefined) {
        edges.push([target, kind]);
      }
    }
    return edges;
  };
  const nodes = new Map<string, GraphNode>();
  const roots: Array<readonly [string, EdgeKind]> = [];
  for (const [key, entry] of entries) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    const at = key.lastIndexOf('node_modules/');
    if (at === -1) {
      roots.push(...edgesOf(key, entry, true));
      continue;
    }
    if (entry.link === true) {
      continue;
    }
    const name = typeof entry.name === 'string' && entry.name ? entry.name : key.slice(at + 'node_modules/'.length);
    const version = typeof entry.version === 'string' ? entry.version : undefined;
    if (!version || !name) {
      continue;
    }
    // One shape for every node (absent facts undefined): a lockfile has thousands.
    nodes.set(key, {
      name,
      version,
      license: lockLicense(entry, fileName),
      hashes: integrityToHashes(entry.integrity),
      edges: withEdges ? edgesOf(key, entry, false) : NO_EDGES,
      statedKind: statedKind(entry),
      funding: fundingField(entry.funding),
      downloadUrl: downloadUrl(entry.resolved),
    });
  }
  return { packages: await graphToPackages({ nodes, roots, source: fileName }, pace), locations: await locationsOf(nodes, pace) };
}

/** v1: nested `dependencies`, `requires` for the edges; `version` may be `npm:<name>@<version>` for an alias. */
async function fromV1(
  dependencies: Record<string, unknown>,
  fileName: string,
  rootManifest: Readonly<Record<string, unknown>> | undefined,
  withEdges: boolean,
  pace: Pace,
): Promise<Located> {
  const entries = new Map<string, Entry>();
  const collect = (level: Record<string, unknown>, parentKey: string, depth: number): void => {
    if (depth > 200) {
      return;
    }
    for (const [name, value] of Object.entries(level)) {
      const entry = asObject(value);
      if (!entry) {
        continue;
      }
      const key = parentKey === '' ? `node_modules/${name}` : `${parentKey}/node_modules/${name}`;
      entries.set(key, entry);
      const nested = asObject(entry.dependencies);
      if (nested) {
        collect(nested, key, depth + 1);
      }
    }
  };
  collect(dependencies, '', 0);
  const resolveFrom = (fromKey: string, name: string): string | undefined => {
    for (const candidate of lockKeyCandidates(fromKey, name)) {
      if (entries.has(candidate)) {
        return candidate;
      }
    }
    return undefined;
  };
  const nodes = new Map<string, GraphNode>();
  for (const [key, entry] of entries) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    let version = typeof entry.version === 'string' ? entry.version : '';
    let name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (version.startsWith('npm:')) {
      const alias = version.slice(4);
      const at = alias.lastIndexOf('@');
      if (at > 0) {
        name = alias.slice(0, at);
        version = alias.slice(at + 1);
      }
    }
    if (!version || version.startsWith('file:') || version.startsWith('link:')) {
      continue;
    }
    const edges: Array<readonly [string, EdgeKind]> = [];
    const requires = withEdges ? asObject(entry.requires) : undefined;
    for (const dependency of requires ? Object.keys(requires) : []) {
      const target = resolveFrom(key, dependency);
      if (target !== undefined) {
        edges.push([target, 'prod']);
      }
    }
    const hashes = integrityToHashes(entry.integrity) ?? optionalList(sha1FromTarballUrl(entry.resolved));
    const resolved = downloadUrl(entry.resolved);
    nodes.set(key, { name, version, ...(hashes ? { hashes } : {}), edges, statedKind: statedKind(entry), ...(resolved !== undefined ? { downloadUrl: resolved } : {}) });
  }
  const roots: Array<readonly [string, EdgeKind]> = [];
  for (const [name, kind] of rootManifest ? manifestDependencyKinds(rootManifest, true) : []) {
    const target = resolveFrom('', name);
    if (target !== undefined) {
      roots.push([target, kind]);
    }
  }
  return { packages: await graphToPackages({ nodes, roots, source: fileName }, pace), locations: await locationsOf(nodes, pace) };
}

interface Located {
  readonly packages: ResolvedPackage[];
  readonly locations: ReadonlyMap<string, readonly string[]>;
}

/** Lockfile keys (install paths) by `name@version`. */
async function locationsOf(nodes: ReadonlyMap<string, GraphNode>, pace: Pace): Promise<Map<string, string[]>> {
  const locations = new Map<string, string[]>();
  for (const [key, node] of nodes) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    const id = packageId(node.name, node.version);
    const keys = locations.get(id);
    if (keys) {
      keys.push(key);
    } else {
      locations.set(id, [key]);
    }
  }
  return locations;
}

function optionalList<T>(value: T | undefined): T[] | undefined {
  return value === undefined ? undefined : [value];
}
