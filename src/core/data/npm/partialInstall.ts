import type { ResolvedPackage } from '../types';

/**
 * The lockfile records of packages a partial `node_modules` lacks (an install cut short, `npm
 * install --omit=dev`, a folder deleted by hand): the project still depends on them, and the
 * lockfile knows their version and, from package-lock v2/v3 `packages[…].license`, their license.
 *
 * Left out, as before: optional packages (npm skips them where they do not fit the platform or
 * fail to build: package.json docs, "optionalDependencies"; the lockfile's `os`/`cpu`), and a
 * lockfile entry whose install path holds something else (another version: the lockfile is
 * stale; an unreadable package.json, already reported). Lockfiles that name no install paths
 * (pnpm, Yarn) keep a record only for a name installed at no version at all.
 *
 * `lockedById` holds the lockfile's records by `name@version`; `locations` maps `name@version`
 * to lockfile install paths (`node_modules/a/node_modules/b`); `hasFolder` says whether such a
 * path exists in node_modules. The installed ids and names are the caller's: it has them already.
 */
export function lockedButMissing(
  installedIds: ReadonlySet<string>,
  installedNames: ReadonlySet<string>,
  lockedById: ReadonlyMap<string, ResolvedPackage>,
  locations: ReadonlyMap<string, readonly string[]> | undefined,
  hasFolder: (lockKey: string) => boolean,
): ResolvedPackage[] {
  const missing: ResolvedPackage[] = [];
  for (const [id, record] of lockedById) {
    if (installedIds.has(id) || record.scope === 'optional') {
      continue;
    }
    const keys = locations?.get(id);
    if (keys !== undefined ? keys.some((key) => !hasFolder(key)) : !installedNames.has(record.name)) {
      missing.push(record);
    }
  }
  return missing;
}
