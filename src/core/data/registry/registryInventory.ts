import * as path from 'node:path';
import type { ManifestDependency } from '../../manifests/types';
import type { DependencyFacts } from '../../policy/compiledPolicy';
import type { Inventory, InventoryManifest, InventoryPackage } from '../inventory';
import { type RegistryAnswer, lookUpDependency, type RegistryQuestion } from './registryLookup';
import type { RegistryClients } from './types';

/** One question to a registry: which client (by the manifest's folder), and what to ask. */
export interface PendingQuestion {
  readonly key: string;
  readonly folder: string;
  readonly ecosystem: ManifestDependency['ecosystem'];
  readonly question: RegistryQuestion;
}

/** Answers by question key; null means "asked, and the registry had nothing" (so it is not asked again). */
export type RegistryAnswers = ReadonlyMap<string, RegistryAnswer | null>;

/**
 * The registry question for a manifest's dependency, given what local data already says; undefined
 * for what is not a registry package (git, path, URL and workspace dependencies are never sent).
 */
export function registryQuestion(manifestFile: string, dependency: ManifestDependency, local: DependencyFacts): PendingQuestion | undefined {
  if (dependency.source !== undefined) {
    return undefined;
  }
  const name = dependency.package ?? dependency.name;
  const spec = registrySpec(dependency);
  const locked = local.version ?? undefined;
  const folder = path.dirname(manifestFile);
  const key = [folder, dependency.ecosystem, name, spec ?? '\u0003', locked ?? '\u0003'].join('\u0001');
  return { key, folder, ecosystem: dependency.ecosystem, question: { name, spec, ...(locked !== undefined && locked !== null ? { locked } : {}) } };
}

/** The version requirement alone: an npm alias `npm:real@^1.2` asks for `^1.2` of `real`. */
function registrySpec(dependency: ManifestDependency): string | null {
  const spec = dependency.spec;
  if (spec === null || dependency.ecosystem !== 'npm' || !spec.startsWith('npm:')) {
    return spec;
  }
  const target = spec.slice(4);
  const at = target.indexOf('@', target.startsWith('@') ? 1 : 0);
  return at < 0 ? null : target.slice(at + 1);
}

/** Asks every question (each client's own bounds apply) and collects the answers. */
export async function askRegistries(questions: Iterable<PendingQuestion>, clientsFor: (folder: string) => Promise<RegistryClients>): Promise<Map<string, RegistryAnswer | null>> {
  const answers = new Map<string, RegistryAnswer | null>();
  await Promise.all(
    [...questions].map(async (pending) => {
      const client = (await clientsFor(pending.folder))[pending.ecosystem];
      if (client !== undefined) {
        answers.set(pending.key, (await lookUpDependency(client, pending.question)) ?? null);
      }
    }),
  );
  return answers;
}

/** Every registry question the manifests' dependencies raise that `answers` does not hold yet. */
export function openQuestions(inventory: Inventory, manifests: readonly InventoryManifest[], answers: RegistryAnswers): Map<string, PendingQuestion> {
  const open = new Map<string, PendingQuestion>();
  for (const manifest of manifests) {
    for (const dependency of manifest.parsed.dependencies) {
      if (inventory.isLocal?.(manifest.file, dependency) === true) {
        continue;
      }
      const pending = registryQuestion(manifest.file, dependency, inventory.factsFor(manifest.file, dependency));
      if (pending !== undefined && !answers.has(pending.key)) {
        open.set(pending.key, pending);
      }
    }
  }
  return open;
}

/** The CLI's way: ask about every direct dependency, wait, and return the completed inventory. */
export async function withRegistryData(inventory: Inventory, manifests: readonly InventoryManifest[], clientsFor: (folder: string) => Promise<RegistryClients>): Promise<Inventory> {
  const answers = await askRegistries(openQuestions(inventory, manifests, new Map()).values(), clientsFor);
  return new RegistryInventory(inventory, answers);
}

/**
 * Local data completed by registry answers: the version a manifest's spec resolves to where
 * nothing is installed or locked, the license where local data has none, and the license changes
 * across the versions the spec admits. Local data always wins over the registry's.
 */
export class RegistryInventory implements Inventory {
  constructor(
    private readonly local: Inventory,
    readonly answers: RegistryAnswers,
  ) {}

  get packages(): readonly InventoryPackage[] {
    return this.local.packages;
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
    const facts = this.local.factsFor(manifestFile, dependency);
    if (this.isLocal(manifestFile, dependency)) {
      return facts;
    }
    const pending = registryQuestion(manifestFile, dependency, facts);
    const answer = pending === undefined ? undefined : this.answers.get(pending.key);
    if (answer === undefined || answer === null) {
      return facts;
    }
    const version = facts.version ?? answer.version;
    const license = facts.license ?? (answer.license !== undefined ? answer.license.value : undefined);
    const licenseSource = facts.license !== undefined && facts.license !== null ? facts.licenseSource : answer.license?.source;
    return {
      ...facts,
      version,
      ...(facts.version ? {} : answer.versionSource !== undefined ? { versionSource: answer.versionSource } : {}),
      ...(license !== undefined && license !== null ? { license } : {}),
      ...(licenseSource !== undefined ? { licenseSource } : {}),
      ...(answer.licenseChanges.length > 0 ? { licenseChanges: answer.licenseChanges } : {}),
    };
  }
}
