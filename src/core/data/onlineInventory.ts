import type { Ecosystem, ManifestDependency } from '../manifests/types';
import type { DependencyFacts } from '../policy/compiledPolicy';
import { exactVersionFromSpec } from '../policy/versions';
import type { Inventory, InventoryManifest, InventoryPackage } from './inventory';
import { versionRequestKey, type DepsDevClient, type PackageHealth, type VersionInfo, type VersionRequest } from './online';

/**
 * Fills in what local data lacks from deps.dev: licenses of packages no lockfile or installed
 * metadata describes, and (with `health`) the OpenSSF Scorecard of each direct dependency. Local
 * data always wins; lookups are batched and cached by the client, and a failed lookup just leaves
 * the gap.
 */
/** What the enrichment needs of deps.dev: the client, or anything answering the same two questions. */
export type OnlineSource = Pick<DepsDevClient, 'lookupVersions' | 'healthFor'>;

export async function withOnlineData(
  inventory: Inventory,
  manifests: readonly InventoryManifest[],
  client: OnlineSource,
  options: { readonly health: boolean; readonly isPrivate?: (ecosystem: Ecosystem, name: string) => boolean },
): Promise<Inventory> {
  const wanted = new Map<string, VersionRequest>();
  const directFacts: DependencyFacts[] = [];
  const sendable = (ecosystem: Ecosystem, name: string) => options.isPrivate?.(ecosystem, name) !== true;
  for (const item of inventory.packages) {
    if (!item.license && sendable(item.ecosystem, item.name)) {
      wanted.set(versionRequestKey(item), { ecosystem: item.ecosystem, name: item.name, version: item.version });
    }
  }
  for (const manifest of manifests) {
    for (const dependency of manifest.parsed.dependencies) {
      if (dependency.source !== undefined || inventory.isLocal?.(manifest.file, dependency) === true) {
        continue; // The project's own code: its name is no service's business.
      }
      const facts = pinned(inventory.factsFor(manifest.file, dependency));
      if (facts.version && sendable(facts.ecosystem, facts.package ?? facts.name)) {
        directFacts.push(facts);
        if (facts.license === undefined) {
          const request = { ecosystem: facts.ecosystem, name: facts.package ?? facts.name, version: facts.version };
          wanted.set(versionRequestKey(request), request);
        }
      }
    }
  }
  const versions = wanted.size > 0 ? await client.lookupVersions([...wanted.values()]) : new Map<string, VersionInfo>();
  const health = new Map<string, PackageHealth>();
  if (options.health) {
    await Promise.all(
      directFacts.map(async (facts) => {
        const request = { ecosystem: facts.ecosystem, name: facts.package ?? facts.name, version: facts.version as string };
        const found = await client.healthFor(request.ecosystem, request.name, request.version);
        if (found) {
          health.set(versionRequestKey(request), found);
        }
      }),
    );
  }
  return new OnlineInventory(inventory, versions, health);
}

class OnlineInventory implements Inventory {
  readonly packages: readonly InventoryPackage[];

  constructor(
    private readonly local: Inventory,
    private readonly versions: ReadonlyMap<string, VersionInfo>,
    private readonly health: ReadonlyMap<string, PackageHealth>,
  ) {
    this.packages = local.packages.map((item) => {
      const license = item.license ? undefined : versions.get(versionRequestKey(item))?.license;
      return license ? { ...item, license } : item;
    });
  }

  get files(): readonly string[] {
    return this.local.files;
  }

  get problems(): readonly string[] {
    return this.local.problems;
  }

  isLocal(manifestFile: string, dependency: ManifestDependency): boolean {
    return this.local.isLocal?.(manifestFile, dependency) === true;
  }

  factsFor(manifestFile: string, dependency: ManifestDependency): DependencyFacts {
    const facts = pinned(this.local.factsFor(manifestFile, dependency));
    if (!facts.version || dependency.source !== undefined || this.isLocal(manifestFile, dependency)) {
      return facts;
    }
    const key = versionRequestKey({ ecosystem: facts.ecosystem, name: facts.package ?? facts.name, version: facts.version });
    const license = facts.license === undefined ? this.versions.get(key)?.license : undefined;
    const health = this.health.get(key);
    return {
      ...facts,
      ...(license ? { license: license.value, licenseSource: license.source } : {}),
      ...(health ? { health: { score: health.score, source: health.source } } : {}),
    };
  }
}

/** Without locked data, an exact pin in the manifest (`==1.2.3`, `1.2.3`) is the version to ask about. */
function pinned(facts: DependencyFacts): DependencyFacts {
  if (facts.version || facts.spec === null) {
    return facts;
  }
  const version = exactVersionFromSpec(facts.spec, facts.ecosystem);
  return version === null ? facts : { ...facts, version, versionSource: 'manifest pin' };
}
