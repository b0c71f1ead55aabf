import { parseLenientToml } from '../../manifests/toml/lenientToml';
import { findEntry, stringItems, stringValue } from '../../manifests/toml/tomlPaths';
import { lineOf } from '../dataFiles';

/** Where a locked crate comes from, after the `source` field of Cargo.lock. */
export type CargoSourceKind = 'registry' | 'git' | 'path';

export interface CargoLockPackage {
  readonly name: string;
  readonly version: string;
  /** The `source` field as written; absent for path dependencies and workspace members. */
  readonly source?: string;
  readonly sourceKind: CargoSourceKind;
  /** SHA-256 of the `.crate` file, lower-case hex (v2+ `checksum`, or v1 `[metadata]`). */
  readonly checksum?: string;
  /** The `dependencies` entries as written: `name`, `name version` or `name version (source)`. */
  readonly dependencies: readonly string[];
}

export interface CargoLock {
  /** The `version = N` at the top; null for v1 (and v2 before Cargo wrote the field). */
  readonly version: number | null;
  readonly packages: readonly CargoLockPackage[];
  /** One line each, without the file name. */
  readonly problems: readonly string[];
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Reads Cargo.lock, formats v1 to v4. Entries without a name or a version are reported and
 * skipped; unreadable lines are summed up in one problem.
 */
export function parseCargoLock(text: string): CargoLock {
  const document = parseLenientToml(text);
  const problems: string[] = [];
  if (document.problems.length > 0) {
    const first = document.problems[0];
    problems.push(
      `${document.problems.length} ${document.problems.length === 1 ? 'place' : 'places'} could not be read (first at line ${lineOf(text, first.range.start)}: ${first.message})`,
    );
  }
  let version: number | null = null;
  const v1Checksums = new Map<string, string>();
  const packages: CargoLockPackage[] = [];
  let skipped = 0;
  for (const table of document.tables) {
    if (table.broken) {
      continue;
    }
    const header = table.header.map((part) => part.name);
    if (header.length === 0) {
      const raw = findEntry(table.entries, 'version');
      version = raw?.kind === 'scalar' && /^\d+$/.test(raw.raw) ? Number(raw.raw) : version;
    } else if (header.length === 1 && header[0] === 'metadata' && !table.isArrayTable) {
      // v1: `"checksum name version (source)" = "<sha256>"`
      for (const entry of table.entries) {
        const key = entry.key.length === 1 ? entry.key[0].name : '';
        const value = stringValue(entry.value);
        if (key.startsWith('checksum ') && value !== undefined && SHA256_HEX.test(value)) {
          v1Checksums.set(key.slice('checksum '.length).trim(), value.toLowerCase());
        }
      }
    } else if (header.length === 1 && header[0] === 'package' && table.isArrayTable) {
      const name = stringValue(findEntry(table.entries, 'name'));
      const packageVersion = stringValue(findEntry(table.entries, 'version'));
      if (!name || !packageVersion) {
        skipped++;
        continue;
      }
      const source = stringValue(findEntry(table.entries, 'source'));
      const checksum = stringValue(findEntry(table.entries, 'checksum'));
      packages.push({
        name,
        version: packageVersion,
        ...(source ? { source } : {}),
        sourceKind: sourceKind(source),
        ...(checksum !== undefined && SHA256_HEX.test(checksum) ? { checksum: checksum.toLowerCase() } : {}),
        dependencies: stringItems(findEntry(table.entries, 'dependencies')),
      });
    }
  }
  if (skipped > 0) {
    problems.push(`${skipped} [[package]] ${skipped === 1 ? 'entry has' : 'entries have'} no name or version`);
  }
  const withV1Checksums =
    v1Checksums.size === 0
      ? packages
      : packages.map((found) => {
          const checksum = found.checksum ?? v1Checksums.get(`${found.name} ${found.version} (${found.source ?? ''})`);
          return checksum ? { ...found, checksum } : found;
        });
  return { version, packages: withV1Checksums, problems };
}

/** `registry+…` and `sparse+…` are registries, `git+…` a git repository; no source is a path (or a workspace member). */
export function sourceKind(source: string | undefined): CargoSourceKind {
  if (source === undefined) {
    return 'path';
  }
  return source.startsWith('git+') ? 'git' : 'registry';
}

export interface CargoDependencyRef {
  readonly name: string;
  readonly version?: string;
  readonly source?: string;
}

/** Splits a `dependencies` entry: `name`, `name version` or `name version (source)`. */
export function parseDependencyRef(entry: string): CargoDependencyRef | null {
  const match = /^\s*(\S+)(?:\s+(\S+)(?:\s+\((.*)\))?)?\s*$/.exec(entry);
  if (!match) {
    return null;
  }
  return { name: match[1], ...(match[2] ? { version: match[2] } : {}), ...(match[3] ? { source: match[3] } : {}) };
}

/**
 * Resolves `dependencies` entries to packages. Cargo writes only as much as it needs to be
 * unambiguous, so a bare name means the only package of that name.
 */
export class CargoLockIndex {
  private readonly byName = new Map<string, CargoLockPackage[]>();

  constructor(packages: readonly CargoLockPackage[]) {
    for (const found of packages) {
      const list = this.byName.get(found.name);
      if (list) {
        list.push(found);
      } else {
        this.byName.set(found.name, [found]);
      }
    }
  }

  resolve(entry: string): CargoLockPackage | undefined {
    const ref = parseDependencyRef(entry);
    if (!ref) {
      return undefined;
    }
    const candidates = (this.byName.get(ref.name) ?? []).filter(
      (found) => (ref.version === undefined || found.version === ref.version) && (ref.source === undefined || found.source === ref.source),
    );
    return candidates.length >= 1 ? candidates[0] : undefined;
  }
}
