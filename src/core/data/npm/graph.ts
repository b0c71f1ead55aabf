import { packageId, type DeclaredLicense, type PackageHash, type ResolvedPackage } from '../types';
import { isDue, sortInTurns, startPace, takeTurn, type Pace } from '../turns';
import { computeKinds, levelOf, scopeOf, type EdgeKind } from './scopes';

/** One package location of a tree (an installed folder, a lockfile entry), before records are merged per version. */
export interface GraphNode {
  readonly name: string;
  readonly version: string;
  readonly license?: DeclaredLicense;
  readonly hashes?: readonly PackageHash[];
  /** Keys of the nodes this one depends on, with how it declares them. */
  readonly edges: ReadonlyArray<readonly [string, EdgeKind]>;
  /** The kind a lockfile states with its own flags (`dev`, `optional`, `peer`); else computed from the graph. */
  readonly statedKind?: EdgeKind;
  readonly path?: string;
  readonly funding?: readonly string[];
  readonly repository?: string;
  readonly downloadUrl?: string;
}

export interface PackageGraph {
  /** Nodes by a key unique within the tree (a folder, a lockfile key). */
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** What the project (and its workspace packages) depend on directly: node keys with the edge kind. */
  readonly roots: ReadonlyArray<readonly [string, EdgeKind]>;
  /** `ResolvedPackage.source`: `node_modules`, `package-lock.json`, … */
  readonly source: string;
}

interface Draft {
  readonly id: string;
  name: string;
  version: string;
  license?: DeclaredLicense;
  hashes?: readonly PackageHash[];
  /** The ids of the packages this one depends on (its own never); undefined while there are none. */
  dependencies: Set<string> | undefined;
  direct: boolean;
  kind?: EdgeKind;
  path?: string;
  /** The path of the node `license` was taken from. */
  licensePath?: string;
  funding?: readonly string[];
  repository?: string;
  downloadUrl?: string;
}

/** Whether `candidate` is the folder to report rather than `current`: the shorter one, then the first in code-unit order. */
function preferredPath(candidate: string | undefined, current: string | undefined): candidate is string {
  return candidate !== undefined && (current === undefined || candidate.length < current.length || (candidate.length === current.length && candidate < current));
}

/**
 * One record per name@version: dependencies as package ids, `direct` for root targets, scope from flags or the graph.
 * Runs on every node and edge of an installed tree: each node's draft is found once and edges
 * are followed draft to draft, so no package id is built or hashed twice.
 */
export async function graphToPackages(graph: PackageGraph, pace: Pace = startPace()): Promise<ResolvedPackage[]> {
  const { nodes } = graph;
  const computed = await computeKinds(
    graph.roots.filter(([key]) => nodes.has(key)),
    (key) => (nodes.get(key)?.edges ?? []).filter(([target]) => nodes.has(target)),
    pace,
  );
  const directKeys = new Set(graph.roots.map(([key]) => key));
  const drafts = new Map<string, Draft>();
  const draftOf = new Map<string, Draft>();
  for (const [key, node] of nodes) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    const id = packageId(node.name, node.version);
    const kind = node.statedKind ?? computed.get(key);
    let draft = drafts.get(id);
    if (!draft) {
      // Every field from the start: one object shape for all drafts.
      draft = {
        id,
        name: node.name,
        version: node.version,
        license: undefined,
        hashes: undefined,
        dependencies: undefined,
        direct: false,
        kind: undefined,
        path: undefined,
        licensePath: undefined,
        funding: undefined,
        repository: undefined,
        downloadUrl: undefined,
      };
      drafts.set(id, draft);
    }
    draftOf.set(key, draft);
    // A declared license beats one identified from a license text; between two of the same kind,
    // the one of the preferred folder, so that the result does not depend on the order of the walk.
    if (
      node.license &&
      (!draft.license ||
        (draft.license.confidence !== undefined && node.license.confidence === undefined) ||
        ((draft.license.confidence === undefined) === (node.license.confidence === undefined) && preferredPath(node.path, draft.licensePath)))
    ) {
      draft.license = node.license;
      draft.licensePath = node.path;
    }
    draft.hashes ??= node.hashes;
    draft.funding ??= node.funding;
    draft.repository ??= node.repository;
    draft.downloadUrl ??= node.downloadUrl;
    if (preferredPath(node.path, draft.path)) {
      draft.path = node.path;
    }
    draft.direct ||= directKeys.has(key);
    if (kind !== undefined && (draft.kind === undefined || levelOf(kind) < levelOf(draft.kind))) {
      draft.kind = kind;
    }
  }
  for (const [key, node] of nodes) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    const draft = draftOf.get(key) as Draft;
    for (const [target] of node.edges) {
      const dependency = draftOf.get(target);
      if (dependency !== undefined && dependency !== draft) {
        (draft.dependencies ??= new Set()).add(dependency.id);
      }
    }
  }
  const packages: ResolvedPackage[] = [];
  for (const draft of drafts.values()) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    packages.push(packageRecord(draft, graph.source));
  }
  return sortPackages(packages, pace);
}

/** The record of a draft, its fields in the order every npm record has them. */
function packageRecord(draft: Draft, source: string): ResolvedPackage {
  const dependencies = draft.dependencies ? [...draft.dependencies].sort(compare) : [];
  const scope = scopeOf(draft.kind);
  const record: { -readonly [K in keyof ResolvedPackage]?: ResolvedPackage[K] } = { ecosystem: 'npm', name: draft.name, version: draft.version };
  if (draft.license) {
    record.license = draft.license;
  }
  record.source = source;
  if (draft.hashes && draft.hashes.length > 0) {
    record.hashes = draft.hashes;
  }
  record.dependencies = dependencies;
  if (draft.direct) {
    record.direct = true;
  }
  if (scope) {
    record.scope = scope;
  }
  if (draft.path !== undefined) {
    record.path = draft.path;
  }
  if (draft.funding !== undefined) {
    record.funding = draft.funding;
  }
  if (draft.repository !== undefined) {
    record.repository = draft.repository;
  }
  if (draft.downloadUrl !== undefined) {
    record.downloadUrl = draft.downloadUrl;
  }
  return record as ResolvedPackage;
}

export function sortPackages(packages: ResolvedPackage[], pace: Pace): Promise<ResolvedPackage[]> {
  return sortInTurns(packages, byNameAndVersion, pace);
}

function byNameAndVersion(a: ResolvedPackage, b: ResolvedPackage): number {
  return compare(a.name, b.name) || compare(a.version, b.version);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Node's lookup of `name` from a lockfile key (`node_modules/a/node_modules/b`, `packages/x`, `''`
 * for the project): its own `node_modules`, then each parent's, skipping `node_modules/node_modules`.
 */
export function* lockKeyCandidates(fromKey: string, name: string): Generator<string> {
  let base = fromKey;
  for (;;) {
    if (base !== 'node_modules' && !base.endsWith('/node_modules')) {
      yield base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    }
    if (base === '') {
      return;
    }
    const cut = base.lastIndexOf('/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}
