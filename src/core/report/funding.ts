import type { Inventory, InventoryManifest, InventoryPackage } from '../data/inventory';
import { packageId } from '../data/types';
import type { Ecosystem } from '../manifests/types';
import type { Sponsorship } from '../policy/feedModel';
import { dependencyKey, keyString } from '../policy/purl';
import { PurlIndex } from '../policy/purlIndex';

/** A package of the tree that asks for funding. */
export interface FundedPackage {
  readonly name: string;
  readonly ecosystem: Ecosystem;
  /** Its funding URLs (every version's, each once). */
  readonly funding: readonly string[];
  /** How many manifests of the workspace use it, directly or through their dependencies. */
  readonly manifests: number;
  /** The organization already funds it: the feed's first sponsorship that names it. */
  readonly sponsored?: { readonly how: string; readonly contact?: string };
}

export interface FundingReport {
  readonly packages: readonly FundedPackage[];
}

/** One inventory, and the manifests whose direct dependencies it answers for (registry answers included). */
export interface FundingSource {
  readonly inventory: Pick<Inventory, 'packages'> & Partial<Pick<Inventory, 'factsFor' | 'isLocal'>>;
  readonly manifests?: readonly InventoryManifest[];
}

/**
 * The packages that ask for funding, most used first: by how many manifests reach them through
 * the dependency graph (a package a manifest names counts for it, and so does every package under
 * it), then by name. One row per package whatever its versions, so a project funds a project once.
 * Each source is one inventory, its own graph (the extension keeps one per manifest folder, whose
 * lockfiles may resolve the same package apart); a manifest is known by its file across them, so
 * one that several inventories hold counts once.
 *
 * The installed and locked packages say it first. A source's manifests' direct dependencies also
 * count with what `factsFor` says of them: where no local data gives their funding, that is the
 * registry's answer (`RegistryInventory`), so a project with nothing installed still lists them.
 */
export function fundingReport(sources: readonly FundingSource[], sponsorships: readonly Sponsorship[]): FundingReport {
  const sponsors = new PurlIndex(sponsorships);
  const rows = new Map<string, { name: string; ecosystem: Ecosystem; funding: string[]; manifests: Set<string>; key: ReturnType<typeof dependencyKey> }>();
  const add = (ecosystem: Ecosystem, name: string, funding: readonly string[], reachedFrom: readonly string[]): void => {
    const key = dependencyKey({ ecosystem, name });
    const id = keyString(key);
    let row = rows.get(id);
    if (!row) {
      row = { name, ecosystem, funding: [], manifests: new Set(), key };
      rows.set(id, row);
    }
    for (const url of funding) {
      if (!row.funding.includes(url)) {
        row.funding.push(url);
      }
    }
    for (const manifest of reachedFrom) {
      row.manifests.add(manifest);
    }
  };
  for (const { inventory, manifests = [] } of sources) {
    const packages = inventory.packages;
    const reach = manifestsReaching(packages);
    packages.forEach((item, index) => {
      if (item.funding && item.funding.length > 0) {
        add(item.ecosystem, item.name, item.funding, reach[index]);
      }
    });
    for (const manifest of manifests) {
      for (const dependency of manifest.parsed.dependencies) {
        // A path, git or URL dependency, or the project's own workspace package, is never asked of a registry: what local data says of it is in the packages already.
        if (dependency.source !== undefined || inventory.isLocal?.(manifest.file, dependency) === true) {
          continue;
        }
        const facts = inventory.factsFor?.(manifest.file, dependency);
        if (facts?.funding && facts.funding.length > 0) {
          add(facts.ecosystem, facts.package ?? facts.name, facts.funding, [manifest.file]);
        }
      }
    }
  }
  const result: FundedPackage[] = [...rows.values()].map((row) => {
    const sponsorship = sponsors.entriesFor(row.key)[0]?.item;
    return {
      name: row.name,
      ecosystem: row.ecosystem,
      funding: row.funding,
      manifests: row.manifests.size,
      ...(sponsorship ? { sponsored: { how: sponsorship.how, ...(sponsorship.contact !== undefined ? { contact: sponsorship.contact } : {}) } } : {}),
    };
  });
  result.sort((a, b) => b.manifests - a.manifests || compare(a.name, b.name) || compare(a.ecosystem, b.ecosystem));
  return { packages: result };
}

/**
 * For each package (by position), the files of the manifests whose tree reaches it: a walk of the
 * graph from each manifest's direct packages, each package visited once per manifest.
 */
function manifestsReaching(packages: readonly InventoryPackage[]): ReadonlyArray<readonly string[]> {
  const byId = new Map<string, number[]>();
  packages.forEach((item, index) => {
    const id = `${item.ecosystem}:${packageId(item.name, item.version)}`;
    const list = byId.get(id);
    if (list) {
      list.push(index);
    } else {
      byId.set(id, [index]);
    }
  });
  const manifestIndex = new Map<string, number>();
  const roots: { readonly file: string; readonly start: number[] }[] = [];
  packages.forEach((item, index) => {
    for (const file of item.manifests) {
      let manifest = manifestIndex.get(file);
      if (manifest === undefined) {
        manifest = roots.length;
        manifestIndex.set(file, manifest);
        roots.push({ file, start: [] });
      }
      roots[manifest].start.push(index);
    }
  });
  const reach: string[][] = packages.map(() => []);
  // The last manifest that visited each package: one array for every walk, no set per manifest.
  const visitedBy = new Int32Array(packages.length).fill(-1);
  roots.forEach(({ file, start }, manifest) => {
    const stack = [...start];
    while (stack.length > 0) {
      const index = stack.pop() as number;
      if (visitedBy[index] === manifest) {
        continue;
      }
      visitedBy[index] = manifest;
      reach[index].push(file);
      const item = packages[index];
      for (const dependency of item.dependencies ?? []) {
        for (const target of byId.get(`${item.ecosystem}:${dependency}`) ?? []) {
          if (visitedBy[target] !== manifest) {
            stack.push(target);
          }
        }
      }
    }
  });
  return reach;
}

/** One funding link and the packages that ask for money there. */
export interface FundingDestination {
  readonly url: string;
  /** The packages' names, in the report's order (most used first). */
  readonly packages: readonly string[];
}

/**
 * The report's funding links by how many of its packages send people there, for an organization
 * deciding what to fund: one sponsorship of a maintainer or a collective answers every package
 * that asks there. Only links that two or more packages share; most shared first, then by URL.
 */
export function sharedFundingDestinations(report: FundingReport): FundingDestination[] {
  const byUrl = new Map<string, string[]>();
  for (const item of report.packages) {
    for (const url of item.funding) {
      byUrl.set(url, [...(byUrl.get(url) ?? []), item.name]);
    }
  }
  return [...byUrl]
    .filter(([, packages]) => packages.length > 1)
    .map(([url, packages]) => ({ url, packages }))
    .sort((a, b) => b.packages.length - a.packages.length || compare(a.url, b.url));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
