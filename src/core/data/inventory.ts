import * as path from 'node:path';
import type { Ecosystem, ManifestDependency, ParsedManifest } from '../manifests/types';
import type { DependencyFacts } from '../policy/compiledPolicy';
import { dependencyKey, keyString } from '../policy/purl';
import { coerceVersion, specToRange } from '../policy/versions';
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
}

export type ResolverTable = Partial<Readonly<Record<Ecosystem, Resolver>>>;

/**
 * The dependency tree of a project from its lockfiles and installed packages: each manifest's folder
 * is resolved once per ecosystem it uses, records are merged per package and version, and every
 * package a manifest names is marked direct.
 */
export async function buildInventory(manifests: readonly InventoryManifest[], resolvers: ResolverTable, options: ResolverOptions): Promise<Inventory> {
  const jobs = new Map<string, { folder: string; ecosystem: Ecosystem }>();
  for (const manifest of manifests) {
    const folder = path.dirname(manifest.file);
    for (const dependency of manifest.parsed.dependencies) {
      jobs.set(`${dependency.ecosystem}\0${folder}`, { folder, ecosystem: dependency.ecosystem });
    }
  }
  const byFolder = new Map<string, ResolvedPackage[]>();
  const files: string[] = [];
  const problems: string[] = [];
  await Promise.all(
    [...jobs.values()].map(async ({ folder, ecosystem }) => {
      const resolver = resolvers[ecosystem];
      if (!resolver) {
        return;
      }
      const result = await resolver(folder, options);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), ...result.packages]);
      files.push(...result.files);
      problems.push(...result.problems);
    }),
  );
  return new ResolvedInventory(manifests, byFolder, files, problems);
}

class ResolvedInventory implements Inventory {
  readonly packages: InventoryPackage[];
  /** Records per folder and package key, for the direct dependencies of the manifests in that folder. */
  private readonly index = new Map<string, ResolvedPackage[]>();

  constructor(
    manifests: readonly InventoryManifest[],
    byFolder: ReadonlyMap<string, readonly ResolvedPackage[]>,
    readonly files: readonly string[],
    readonly problems: readonly string[],
  ) {
    for (const [folder, records] of byFolder) {
      for (const record of records) {
        const key = `${folder}\0${keyString(dependencyKey(record))}`;
        this.index.set(key, [...(this.index.get(key) ?? []), record]);
      }
    }
    const namedBy = new Map<string, string[]>();
    for (const manifest of manifests) {
      for (const dependency of manifest.parsed.dependencies) {
        const record = this.recordFor(manifest.file, dependency);
        if (record) {
          const id = recordKey(record);
          namedBy.set(id, [...(namedBy.get(id) ?? []), manifest.file]);
        }
      }
    }
    const merged = new Map<string, InventoryPackage>();
    for (const records of byFolder.values()) {
      for (const record of records) {
        const id = recordKey(record);
        const existing = merged.get(id);
        const manifestsNaming = namedBy.get(id) ?? [];
        merged.set(id, existing ? mergeRecords(existing, record) : { ...record, direct: manifestsNaming.length > 0 || record.direct === true, manifests: manifestsNaming });
      }
    }
    this.packages = [...merged.values()];
  }

  factsFor(manifestFile: string, dependency: ManifestDependency): DependencyFacts {
    const record = this.recordFor(manifestFile, dependency);
    return record ? { ...manifestFacts(dependency), version: record.version, versionSource: record.source, ...licenseFacts(record.license) } : manifestFacts(dependency);
  }

  /**
   * The record a manifest's dependency resolves to: among the records of that package in the
   * manifest's folder, one the resolver marked direct, else one whose version the spec allows.
   */
  private recordFor(manifestFile: string, dependency: ManifestDependency): ResolvedPackage | undefined {
    const candidates = this.index.get(`${path.dirname(manifestFile)}\0${keyString(dependencyKey(dependency))}`);
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
  return { ecosystem: item.ecosystem, name: item.name, spec: null, version: item.version, versionSource: item.source, ...licenseFacts(item.license) };
}

function licenseFacts(license: DeclaredLicense | undefined): Pick<DependencyFacts, 'license' | 'licenseSource'> {
  if (!license) {
    return {};
  }
  const guess = license.confidence !== undefined ? ` (identified from its text, ${Math.round(license.confidence * 100)}% similar)` : '';
  return { license: license.value, licenseSource: `${license.source}${guess}` };
}

function recordKey(record: ResolvedPackage): string {
  return `${keyString(dependencyKey(record))}@${record.version}`;
}

/** Two sources describe one package version: keep the declared license over a guess, and union what they know. */
function mergeRecords(existing: InventoryPackage, record: ResolvedPackage): InventoryPackage {
  const license = !existing.license || (existing.license.confidence !== undefined && record.license && record.license.confidence === undefined) ? record.license : existing.license;
  return {
    ...existing,
    ...(license ? { license } : {}),
    ...(existing.hashes || record.hashes ? { hashes: existing.hashes ?? record.hashes } : {}),
    ...(existing.dependencies || record.dependencies ? { dependencies: [...new Set([...(existing.dependencies ?? []), ...(record.dependencies ?? [])])] } : {}),
    direct: existing.direct || record.direct === true,
  };
}
