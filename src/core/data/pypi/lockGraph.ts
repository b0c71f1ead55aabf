import { pep503Name } from '../../policy/purl';
import type { PackageHash } from '../types';
import type { PypiDraft } from './drafts';

/** A dependency as a lockfile names it: the package, sometimes its exact version, and the extras it asks for. */
export interface LockDependency {
  /** PEP 503 name. */
  readonly name: string;
  readonly version?: string;
  readonly extras: readonly string[];
}

/** One `[[package]]` (or Pipfile.lock entry) as read, before its dependencies are matched to versions. */
export interface LockEntry {
  readonly name: string;
  readonly version: string;
  readonly hashes: readonly PackageHash[];
  /** The source distribution's URL, where the lockfile records one (uv.lock `sdist.url`). */
  readonly downloadUrl?: string;
  /** What it always needs. */
  readonly dependencies: readonly LockDependency[];
  /** What each of its extras adds (PEP 503 extra name → dependencies); used when a dependent asks for the extra. */
  readonly extras: ReadonlyMap<string, readonly LockDependency[]>;
  readonly scopeKnown: boolean;
  readonly scope?: 'dev' | 'optional';
  readonly direct: boolean;
  /** The project itself or a workspace member: it takes part in the graph (the extras it asks for count) but is no package of the tree. */
  readonly root?: boolean;
}

export interface LockParseResult {
  readonly entries: readonly LockEntry[];
  readonly problems: readonly string[];
}

/** `name@version` of the entries a dependency points to: the named version, else every locked version of the name. */
export function matchDependency(byName: ReadonlyMap<string, readonly LockEntry[]>, dependency: LockDependency): string[] {
  const candidates = byName.get(dependency.name) ?? [];
  const chosen = dependency.version !== undefined ? candidates.filter((entry) => entry.version === dependency.version) : candidates;
  return (chosen.length > 0 ? chosen : candidates).map((entry) => `${pep503Name(entry.name)}@${entry.version}`);
}

/**
 * The edges of every entry: its dependencies, plus those of each extra some other entry asks it for
 * (`requests[socks]` makes `PySocks` a dependency of `requests`). Keyed by `pep503name@version`.
 */
export function lockEdges(entries: readonly LockEntry[]): Map<string, string[]> {
  const byName = new Map<string, LockEntry[]>();
  for (const entry of entries) {
    const name = pep503Name(entry.name);
    byName.set(name, [...(byName.get(name) ?? []), entry]);
  }
  const requestedExtras = new Map<string, Set<string>>();
  for (const entry of entries) {
    for (const dependency of entry.dependencies) {
      for (const target of matchDependency(byName, dependency)) {
        const extras = requestedExtras.get(target) ?? new Set<string>();
        dependency.extras.forEach((extra) => extras.add(pep503Name(extra)));
        requestedExtras.set(target, extras);
      }
    }
  }
  const edges = new Map<string, string[]>();
  for (const entry of entries) {
    const key = `${pep503Name(entry.name)}@${entry.version}`;
    const dependencies = [...entry.dependencies];
    for (const extra of requestedExtras.get(key) ?? []) {
      dependencies.push(...(entry.extras.get(extra) ?? []));
    }
    const targets = new Set<string>();
    for (const dependency of dependencies) {
      matchDependency(byName, dependency)
        .filter((target) => target !== key)
        .forEach((target) => targets.add(target));
    }
    edges.set(key, [...(edges.get(key) ?? []), ...targets]);
  }
  return edges;
}

/** The packages of a lockfile as drafts, roots left out, with their edges matched to the locked versions. */
export function lockDrafts(entries: readonly LockEntry[], source: string): PypiDraft[] {
  const edges = lockEdges(entries);
  return entries.filter((entry) => !entry.root).map((entry) => ({
    name: entry.name,
    fromMetadata: false,
    version: entry.version,
    source,
    hashes: entry.hashes,
    ...(entry.downloadUrl !== undefined ? { downloadUrl: entry.downloadUrl } : {}),
    dependencies: edges.get(`${pep503Name(entry.name)}@${entry.version}`) ?? [],
    scopeKnown: entry.scopeKnown,
    ...(entry.scope ? { scope: entry.scope } : {}),
    direct: entry.direct,
  }));
}
