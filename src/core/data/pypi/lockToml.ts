import { parseLenientToml } from '../../manifests/toml/lenientToml';
import type { TomlDocument, TomlEntry, TomlValue } from '../../manifests/toml/tomlTypes';
import { lineOf } from '../dataFiles';

/** A TOML value as plain data: strings, other scalars as written, arrays and tables. */
export type Plain = string | readonly Plain[] | { readonly [key: string]: Plain };

export function plain(value: TomlValue): Plain {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'scalar':
      return value.raw;
    case 'array':
      return value.items.map(plain);
    case 'table':
      return plainEntries(value.entries);
  }
}

/** Entries as a table; a dotted key (`source.git = …`) nests. */
export function plainEntries(entries: readonly TomlEntry[]): { [key: string]: Plain } {
  const table: { [key: string]: Plain } = {};
  for (const entry of entries) {
    let target = table;
    for (const part of entry.key.slice(0, -1)) {
      const existing = target[part.name];
      const next: { [key: string]: Plain } = isTable(existing) ? { ...existing } : {};
      target[part.name] = next;
      target = next;
    }
    target[entry.key[entry.key.length - 1].name] = plain(entry.value);
  }
  return table;
}

export function isTable(value: Plain | undefined): value is { readonly [key: string]: Plain } {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

export function asString(value: Plain | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: Plain | undefined): readonly Plain[] {
  return Array.isArray(value) ? value : [];
}

/** One `[[package]]` with the tables written under it (`[package.dependencies]` → `dependencies`). */
export interface LockPackageTables {
  readonly fields: { readonly [key: string]: Plain };
  readonly tables: ReadonlyMap<string, { readonly [key: string]: Plain }>;
  /** Offset of the header, for problems. */
  readonly offset: number;
}

export interface LockToml {
  readonly packages: readonly LockPackageTables[];
  /** Every other table by its dotted header (`metadata.files`), the root table as ''. */
  readonly tables: ReadonlyMap<string, { readonly [key: string]: Plain }>;
  readonly problems: readonly string[];
}

/** Reads a TOML lockfile leniently into its `[[package]]` entries and other tables; syntax errors become one problem line. */
export function readLockToml(text: string): LockToml {
  let document: TomlDocument;
  try {
    document = parseLenientToml(text);
  } catch (error) {
    return { packages: [], tables: new Map(), problems: [`cannot be read as TOML (${error instanceof Error ? error.message : String(error)})`] };
  }
  const packages: { fields: { [key: string]: Plain }; tables: Map<string, { [key: string]: Plain }>; offset: number }[] = [];
  const tables = new Map<string, { [key: string]: Plain }>();
  let current: (typeof packages)[number] | undefined;
  for (const table of document.tables) {
    if (table.broken) {
      current = undefined;
      continue;
    }
    const header = table.header.map((part) => part.name);
    if (header.length === 1 && header[0] === 'package' && table.isArrayTable) {
      current = { fields: plainEntries(table.entries), tables: new Map(), offset: table.header[0].range.start };
      packages.push(current);
    } else if (header[0] === 'package' && header.length > 1 && !table.isArrayTable && current) {
      const name = header.slice(1).join('.');
      current.tables.set(name, { ...(current.tables.get(name) ?? {}), ...plainEntries(table.entries) });
    } else if (header[0] !== 'package') {
      const name = header.join('.');
      tables.set(name, { ...(tables.get(name) ?? {}), ...plainEntries(table.entries) });
      current = undefined;
    }
  }
  const problems: string[] = [];
  if (document.problems.length > 0) {
    const first = document.problems[0];
    const more = document.problems.length > 1 ? ` (and ${document.problems.length - 1} more)` : '';
    problems.push(`line ${lineOf(text, first.range.start)}: ${first.message}${more}`);
  }
  return { packages, tables, problems };
}
