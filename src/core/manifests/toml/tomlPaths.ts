import type { DependencySource } from '../types';
import type { TomlDocument, TomlEntry, TomlKeyPart, TomlPathEntry, TomlValue } from './tomlTypes';

/** Every key/value of the document with its full dotted path, in document order. */
export function tomlPathEntries(document: TomlDocument): TomlPathEntry[] {
  const result: TomlPathEntry[] = [];
  for (const table of document.tables) {
    if (table.broken) {
      continue;
    }
    for (const entry of table.entries) {
      result.push({ path: [...table.header, ...entry.key], value: entry.value, headerLength: table.header.length });
    }
  }
  return result;
}

export function pathStartsWith(path: readonly TomlKeyPart[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((name, index) => path[index].name === name);
}

export function findEntry(entries: readonly TomlEntry[], key: string): TomlValue | undefined {
  return entries.find((entry) => entry.key.length === 1 && entry.key[0].name === key)?.value;
}

export function stringValue(value: TomlValue | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

export function isTrue(value: TomlValue | undefined): boolean {
  return value?.kind === 'scalar' && value.raw === 'true';
}

/** Formats a key path as TOML would write it, quoting parts that are not bare keys. */
export function formatTomlPath(parts: readonly string[]): string {
  return parts.map((part) => (/^[A-Za-z0-9_-]+$/.test(part) ? part : JSON.stringify(part))).join('.');
}

/** The string items of an array value; anything else in it is still being typed or is not a name. */
export function stringItems(value: TomlValue | undefined): string[] {
  return value?.kind === 'array' ? value.items.flatMap((item) => (item.kind === 'string' ? [item.value] : [])) : [];
}

/** The first of the named fields that holds a string, as the dependency's non-registry source. */
export function sourceFromFields(fields: ReadonlyMap<string, TomlValue>, candidates: readonly (readonly [field: string, kind: DependencySource['kind']])[]): DependencySource | undefined {
  for (const [field, kind] of candidates) {
    const value = stringValue(fields.get(field));
    if (value !== undefined) {
      return { kind, value };
    }
  }
  return undefined;
}
