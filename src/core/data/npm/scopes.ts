import type { ResolvedPackage } from '../types';
import { isDue, startPace, takeTurn, type Pace } from '../turns';

/** How a dependency is declared: the edge kinds of the dependency graph. */
export type EdgeKind = 'prod' | 'optional' | 'peer' | 'dev';

const LEVELS: readonly EdgeKind[] = ['prod', 'optional', 'peer', 'dev'];

export function levelOf(kind: EdgeKind): number {
  return LEVELS.indexOf(kind);
}

/** The `ResolvedPackage.scope` for a computed kind: production packages have none. */
export function scopeOf(kind: EdgeKind | undefined): ResolvedPackage['scope'] {
  return kind === undefined || kind === 'prod' ? undefined : kind;
}

/** The weaker-is-larger order of scopes, to keep the strongest of two records. */
export function strongerScope(a: ResolvedPackage['scope'], b: ResolvedPackage['scope']): ResolvedPackage['scope'] {
  if (a === undefined || b === undefined) {
    return undefined;
  }
  return levelOf(a) <= levelOf(b) ? a : b;
}

/**
 * The kind of every node reachable from the roots: the weakest edge on its strongest path (a
 * package needed in production through any path is `prod`; one only reached through a dev
 * dependency is `dev`). Order: prod < optional < peer < dev. Unreachable nodes are absent.
 */
export async function computeKinds<N>(
  roots: Iterable<readonly [N, EdgeKind]>,
  edges: (node: N) => Iterable<readonly [N, EdgeKind]>,
  pace: Pace = startPace(),
): Promise<Map<N, EdgeKind>> {
  const kinds = new Map<N, EdgeKind>();
  const rootList = [...roots];
  const edgeCache = new Map<N, Array<readonly [N, EdgeKind]>>();
  const edgesOf = (node: N): Array<readonly [N, EdgeKind]> => {
    let list = edgeCache.get(node);
    if (!list) {
      list = [...edges(node)];
      edgeCache.set(node, list);
    }
    return list;
  };
  for (let level = 0; level < LEVELS.length; level++) {
    const kind = LEVELS[level];
    const queue: N[] = [...kinds.keys()];
    for (const [node, rootKind] of rootList) {
      if (levelOf(rootKind) <= level && !kinds.has(node)) {
        kinds.set(node, kind);
        queue.push(node);
      }
    }
    for (let index = 0; index < queue.length; index++) {
      if (isDue(pace)) {
        await takeTurn(pace);
      }
      for (const [target, edgeKind] of edgesOf(queue[index])) {
        if (levelOf(edgeKind) <= level && !kinds.has(target)) {
          kinds.set(target, kind);
          queue.push(target);
        }
      }
    }
  }
  return kinds;
}

const SECTIONS_WITH_DEV: ReadonlyArray<readonly [string, EdgeKind]> = [
  ['peerDependencies', 'peer'],
  ['devDependencies', 'dev'],
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
];
const SECTIONS: ReadonlyArray<readonly [string, EdgeKind]> = SECTIONS_WITH_DEV.filter(([, kind]) => kind !== 'dev');

/** A manifest's dependency names with their kind; a name in several sections takes the last of peer, dev, prod, optional. */
export function manifestDependencyKinds(manifest: Readonly<Record<string, unknown>>, includeDev: boolean): Map<string, EdgeKind> {
  const kinds = new Map<string, EdgeKind>();
  for (const [field, kind] of includeDev ? SECTIONS_WITH_DEV : SECTIONS) {
    const section = manifest[field];
    if (section !== null && typeof section === 'object' && !Array.isArray(section)) {
      for (const name of Object.keys(section)) {
        kinds.set(name, kind);
      }
    }
  }
  return kinds;
}
