import type { Ecosystem } from '../manifests/types';
import { specIntersects, versionSatisfies } from './versions';

/**
 * The feed's rule for `versions`: with no range an entry applies to every version; with one, it
 * applies where the version is known and inside it, or, where only the spec is known, when the
 * spec's range intersects it. Neither known: it does not apply.
 */
export function appliesToVersion(range: string | undefined, dependency: { ecosystem: Ecosystem; version: string | null; spec: string | null }): boolean {
  if (range === undefined) {
    return true;
  }
  if (dependency.version !== null) {
    return versionSatisfies(dependency.version, range, dependency.ecosystem);
  }
  return dependency.spec !== null && specIntersects(dependency.spec, range, dependency.ecosystem);
}
