import type { ManifestDependency } from '../../manifests/types';
import type { DependencyFacts } from '../../policy/compiledPolicy';
import type { Inventory, InventoryManifest, InventoryPackage } from '../inventory';
import { type RegistryAnswer, lookUpDependency } from './registryLookup';
import { openQuestions, type PendingQuestion, type RegistryAnswers, registryQuestion } from './registryQuestions';
import type { RegistryClients } from './types';

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

/** The CLI's way: ask about every direct dependency, wait, and return the completed inventory. */
export async function withRegistryData(inventory: Inventory, manifests: readonly InventoryManifest[], clientsFor: (folder: string) => Promise<RegistryClients>): Promise<Inventory> {
  const answers = await askRegistries(openQuestions(inventory, manifests, new Map()).values(), clientsFor);
  return new RegistryInventory(inventory, answers);
}

/**
 * Local data completed by registry answers: the version a manifest's spec resolves to where
 * nothing is installed or locked, the license, repository and funding where local data has none,
 * the license changes across the versions the spec admits, and the project's activity (which
 * only a registry knows). Local data always wins over the registry's.
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
    return withRegistryAnswer(facts, answer);
  }
}

/** Local facts completed by a registry's answer; what the local data says wins. */
export function withRegistryAnswer(facts: DependencyFacts, answer: RegistryAnswer): DependencyFacts {
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
    ...(facts.repository === undefined && answer.repository !== undefined ? { repository: answer.repository } : {}),
    ...(facts.funding === undefined && answer.funding !== undefined ? { funding: answer.funding } : {}),
    ...(answer.activity !== undefined ? { activity: answer.activity } : {}),
  };
}
