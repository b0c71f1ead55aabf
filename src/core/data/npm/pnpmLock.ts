import { parseBlockYamlInTurns } from '../blockYaml';
import { isDue, startPace, takeTurn } from '../turns';
import { graphToPackages, type GraphNode } from './graph';
import { integrityToHashes } from './integrity';
import { asObject, asString, errorMessage } from './io';
import type { LockParseResult } from './packageLock';
import type { EdgeKind } from './scopes';

type Entry = Record<string, unknown>;

const SECTIONS: ReadonlyArray<readonly [string, EdgeKind]> = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

/**
 * `pnpm-lock.yaml`, lockfileVersion 5.x (`/name/1.0.0_peer@2` keys), 6.x (`/name@1.0.0(peer@2)`)
 * and 9.x (`name@1.0.0` in `packages`, with peer suffixes and dependencies in `snapshots`);
 * `importers` (or the top-level sections of a single-project 5.x/6.x lockfile) are the direct
 * dependencies. pnpm records no licenses: versions, integrity hashes, the graph and scopes only.
 * pnpm 11 may write two YAML documents; the project's lockfile is the last (pnpm.io/lockfile).
 */
export async function parsePnpmLock(text: string, fileName: string): Promise<LockParseResult> {
  const pace = startPace();
  let document: Entry | undefined;
  try {
    document = asObject(await parseBlockYamlInTurns(text, pace));
  } catch (error) {
    return { packages: [], problems: [`${fileName}: not valid YAML (${errorMessage(error)})`] };
  }
  if (!document) {
    return { packages: [], problems: [`${fileName}: not a lockfile object`] };
  }
  const version = Number.parseFloat(asString(document.lockfileVersion) ?? '');
  const format: 5 | 6 | 9 = !(version >= 6) ? 5 : version >= 9 ? 9 : 6;
  const packages = asObject(document.packages) ?? {};
  const snapshots = format === 9 ? (asObject(document.snapshots) ?? packages) : packages;

  const keyFor = (name: string, reference: string): string | undefined => {
    if (reference.startsWith('link:') || reference.startsWith('workspace:')) {
      return undefined;
    }
    const candidates: string[] = [];
    if (format === 9) {
      const bare = reference.split('(', 1)[0];
      candidates.push(bare.indexOf('@', 1) > 0 ? reference : `${name}@${reference}`);
    } else if (reference.startsWith('/')) {
      candidates.push(reference);
    } else {
      candidates.push(format === 6 ? `/${name}@${reference}` : `/${name}/${reference}`);
    }
    candidates.push(reference);
    return candidates.find((candidate) => snapshots[candidate] !== undefined);
  };
  const edgesOf = (entry: Entry, sections: ReadonlyArray<readonly [string, EdgeKind]>): Array<readonly [string, EdgeKind]> => {
    const edges: Array<readonly [string, EdgeKind]> = [];
    for (const [section, kind] of sections) {
      const dependencies = asObject(entry[section]);
      for (const [name, value] of Object.entries(dependencies ?? {})) {
        // 6.x/9.x importers: `{ specifier, version }`; everything else: the version reference itself.
        const reference = asString(value) ?? asString(asObject(value)?.version);
        const key = reference === undefined ? undefined : keyFor(name, reference);
        if (key !== undefined) {
          edges.push([key, kind]);
        }
      }
    }
    return edges;
  };

  const roots: Array<readonly [string, EdgeKind]> = [];
  const importers = asObject(document.importers);
  for (const importer of importers ? Object.values(importers) : [document]) {
    const entry = asObject(importer);
    if (entry) {
      roots.push(...edgesOf(entry, SECTIONS));
    }
  }

  const nodes = new Map<string, GraphNode>();
  for (const [key, value] of Object.entries(snapshots)) {
    if (isDue(pace)) {
      await takeTurn(pace);
    }
    const entry = asObject(value) ?? {};
    const parsed = parseKey(key, format);
    const metadata = format === 9 ? (asObject(packages[parsed.baseKey]) ?? entry) : entry;
    const name = asString(metadata.name) ?? parsed.name;
    const version = asString(metadata.version) ?? parsed.version;
    if (!name || !version) {
      continue;
    }
    const hashes = integrityToHashes(asObject(metadata.resolution)?.integrity);
    const dev = entry.dev ?? metadata.dev;
    const optional = entry.optional === true || metadata.optional === true;
    const statedKind: EdgeKind | undefined = dev === true ? 'dev' : optional ? 'optional' : dev === false ? 'prod' : undefined;
    nodes.set(key, {
      name,
      version,
      ...(hashes ? { hashes } : {}),
      edges: edgesOf(entry, [SECTIONS[0], SECTIONS[1]]),
      ...(statedKind ? { statedKind } : {}),
    });
  }
  return { packages: await graphToPackages({ nodes, roots, source: fileName }, pace), problems: [] };
}

/** Name and version of a package key, and the key without its peer suffix. */
export function parseKey(key: string, format: 5 | 6 | 9): { name: string; version: string; baseKey: string } {
  const trimmed = key.startsWith('/') ? key.slice(1) : key;
  if (format === 5) {
    const segments = trimmed.split('/');
    const nameLength = segments[0].startsWith('@') ? 2 : 1;
    if (segments.length <= nameLength) {
      return { name: '', version: '', baseKey: key };
    }
    const rest = segments.slice(nameLength).join('/');
    const underscore = rest.indexOf('_');
    return { name: segments.slice(0, nameLength).join('/'), version: underscore === -1 ? rest : rest.slice(0, underscore), baseKey: key };
  }
  const paren = trimmed.indexOf('(');
  const bare = paren === -1 ? trimmed : trimmed.slice(0, paren);
  const at = bare.indexOf('@', 1);
  const baseKey = paren === -1 ? key : key.slice(0, key.length - trimmed.length + paren);
  return at === -1 ? { name: '', version: '', baseKey } : { name: bare.slice(0, at), version: bare.slice(at + 1), baseKey };
}
