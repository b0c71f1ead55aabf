import * as path from 'node:path';
import type { ManifestDependency } from '../../manifests/types';
import type { DependencyFacts } from '../../policy/compiledPolicy';
import type { Inventory, InventoryManifest } from '../inventory';
import type { RegistryAnswer, RegistryQuestion } from './registryLookup';

// Apart from the registry clients: the extension decides what is open (and whether to ask the
// user) on every reading, and loads the clients only once there is something to ask.

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
