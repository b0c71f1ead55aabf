import * as os from 'node:os';
import * as path from 'node:path';
import { buildInventory, type Inventory } from '../core/data/inventory';
import { DepsDevClient } from '../core/data/online';
import { withOnlineData } from '../core/data/onlineInventory';
import { lookupRules } from '../core/data/registry/lookupRules';
import { withRegistryData } from '../core/data/registry/registryInventory';
import { RESOLVERS } from '../core/data/resolvers';
import { readBoundedText } from '../core/files/boundedReader';
import { LineIndex, MAX_MANIFEST_BYTES, parseManifest } from '../core/manifests';
import type { CheckedManifest } from '../core/report/checkReport';
import type { Ecosystem, ParseProblem } from '../core/manifests/types';
import type { LookupPolicy } from '../core/policy/feedModel';
import { missingDataSummary, missingDataText } from '../core/report/missingData';
import { UsageError } from './args';
import { cacheDirectory } from './cacheDirectory';
import { proxyAwareFetch } from './proxyFetch';
import { cliLog, cliRegistries } from './cliRegistries';
import { findManifests } from './findManifests';
import { MAX_SENTENCE_CHARS, terminalField } from './terminalText';
import { parseFailureReason } from './parseFailure';

export interface ProjectData {
  readonly manifests: readonly CheckedManifest[];
  readonly inventory: Inventory;
  /** Manifests that could not be read or parsed: reported as such, the others checked all the same. */
  readonly failed: readonly ManifestFailure[];
}

export interface ManifestFailure {
  /** As in the report: relative to where the check ran. */
  readonly file: string;
  /** Why, in words that never quote the file. */
  readonly reason: string;
  /** Where the first problem is, when the rest of the manifest was read and checked all the same. */
  readonly at?: { readonly line: number; readonly column: number };
}

/** A manifest the parser read with problems: the first one, where it is, and how many more. */
function partlyRead(file: string, text: string, problems: readonly ParseProblem[]): ManifestFailure {
  const first = problems[0];
  const at = new LineIndex(text).positionAt(first.range.start);
  const more = problems.length === 1 ? '' : ` (and ${problems.length - 1} more ${problems.length === 2 ? 'problem' : 'problems'})`;
  return { file, reason: `${terminalField(first.message, MAX_SENTENCE_CHARS)}${more}`, at: { line: at.line + 1, column: at.character + 1 } };
}

export interface ProjectDataOptions {
  /** Ask the package registries, then deps.dev, for what local data lacks (the CLI's default; `--offline` turns it off). */
  readonly online: boolean;
  /** Also fetch the Scorecard health of each direct dependency. */
  readonly health: boolean;
  /** The policy's word on lookups: whether they may run, mirrors, internal names. */
  readonly lookups?: LookupPolicy;
}

/**
 * The manifests under the given paths, parsed, and everything their folders have locked or
 * installed, completed from deps.dev when online.
 */
export async function loadProjectData(paths: readonly string[], cwd: string, options: ProjectDataOptions): Promise<ProjectData> {
  const roots = (paths.length > 0 ? paths : ['.']).map((root) => path.resolve(cwd, root));
  let found;
  try {
    found = await findManifests(roots);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/^ENOENT: /, '') : String(error));
  }
  const manifests: CheckedManifest[] = [];
  const failed: ManifestFailure[] = [];
  for (const manifest of found) {
    const file = path.relative(cwd, manifest.file) || path.basename(manifest.file);
    const read = await readBoundedText(manifest.file, { maxBytes: MAX_MANIFEST_BYTES });
    if (read.kind === 'refused') {
      failed.push({ file, reason: `it ${read.reason}` });
    } else if (read.kind === 'missing') {
      failed.push({ file, reason: 'it is a link that leads nowhere, or it was removed while checking' });
    } else {
      try {
        const parsed = parseManifest(manifest.kind, read.text);
        manifests.push({ file, absolutePath: manifest.file, text: read.text, parsed });
        if (parsed.problems.length > 0) {
          failed.push(partlyRead(file, read.text, parsed.problems));
        }
      } catch (error) {
        failed.push({ file, reason: parseFailureReason(error) });
      }
    }
  }
  const inventoryManifests = manifests.map((manifest) => ({ file: manifest.absolutePath, parsed: manifest.parsed }));
  const local = await buildInventory(inventoryManifests, RESOLVERS, { home: os.homedir(), env: process.env, localRoots: roots });
  const rules = lookupRules(options.lookups);
  if (!options.online || !rules.allowed) {
    return { manifests, inventory: local, failed };
  }
  const log = cliLog();
  const fetch = proxyAwareFetch();
  const registries = cliRegistries(roots, rules, fetch, log);
  const withRegistries = await withRegistryData(local, inventoryManifests, (folder) => registries.clientsFor(folder));
  if (rules.depsDev === false) {
    return { manifests, inventory: withRegistries, failed };
  }
  const client = new DepsDevClient({
    baseUrl: rules.depsDev ?? process.env.OSPO_GUIDE_DEPS_DEV_URL,
    fetch,
    cacheDir: cacheDirectory('deps.dev'),
    log,
  });
  return { manifests, failed, inventory: await withOnlineData(withRegistries, inventoryManifests, client, { health: options.health, isPrivate: (ecosystem, name) => registries.isPrivate(ecosystem, name) }) };
}

/** What could not be resolved, one line per ecosystem with the action that fixes it, for stderr. */
export function unresolvedNotes(missing: readonly { readonly ecosystem: Ecosystem }[], offline: boolean, lookups?: LookupPolicy): string {
  return missingDataSummary(missing, lookups?.allowed === false ? 'forbidden-by-feed' : offline ? 'not-allowed' : 'looked-up')
    .map((line) => `ospo-guide: ${missingDataText(offline && line.action.kind === 'allow-lookups' ? { ...line, action: { kind: 'allow-lookups', text: 'run again without --offline, or install' } } : line)}\n`)
    .join('');
}

/** A manifest failure as one sentence: `a/package.json was not checked: …` or `a/go.mod:3:1: …; only what could be read was checked.` */
export function failureText(failure: ManifestFailure, done: 'checked' | 'in the SBOM' | 'in the notices' | 'in the funding list'): string {
  if (failure.at === undefined) {
    return done === 'checked' ? `${failure.file} was not checked: ${failure.reason}.` : `${failure.file} is not ${done}: ${failure.reason}.`;
  }
  const where = `${failure.file}:${failure.at.line}:${failure.at.column}`;
  return done === 'checked' ? `${where}: ${failure.reason}; only what could be read was checked.` : `${where}: ${failure.reason}; only what could be read is ${done}.`;
}
