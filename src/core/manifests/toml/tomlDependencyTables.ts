import { formatTomlPath } from './tomlPaths';
import type { TomlDocument, TomlKeyPart, TomlValue } from './tomlTypes';

/**
 * A dependency written in one of TOML's table forms: `name = "1.0"`, `name = { version = "1.0" }`,
 * `name.version = "1.0"`, or a `[section.name]` table of its own.
 */
export interface TomlTableDependency {
  readonly section: string;
  /** Where the name first appears: the key, or the last part of a `[section.name]` header. */
  readonly name: TomlKeyPart;
  /** The value of `name = …`; undefined when only fields were written. */
  readonly direct?: TomlValue;
  /** Fields from an inline table, a `[section.name]` table or dotted keys; the first written wins. */
  readonly fields: ReadonlyMap<string, TomlValue>;
}

/**
 * Given a key path, returns the index of the part that names a dependency when the parts
 * before it are a dependency table (e.g. 2 for `target.'cfg(unix)'.dependencies.libc`), else null.
 */
export type DependencyTableLocator = (path: readonly string[]) => number | null;

interface Collected {
  section: string;
  name: TomlKeyPart;
  direct?: TomlValue;
  fields: Map<string, TomlValue>;
}

export function collectTableDependencies(document: TomlDocument, locate: DependencyTableLocator): TomlTableDependency[] {
  const byKey = new Map<string, Collected>();
  const ordered: Collected[] = [];
  const dependencyAt = (parts: readonly TomlKeyPart[], nameIndex: number): Collected => {
    const sectionNames = parts.slice(0, nameIndex).map((part) => part.name);
    const section = formatTomlPath(sectionNames);
    const key = JSON.stringify([...sectionNames, parts[nameIndex].name]);
    let found = byKey.get(key);
    if (!found) {
      found = { section, name: parts[nameIndex], fields: new Map() };
      byKey.set(key, found);
      ordered.push(found);
    }
    return found;
  };

  for (const table of document.tables) {
    if (table.broken || table.isArrayTable) {
      continue;
    }
    const headerNames = table.header.map((part) => part.name);
    const headerIndex = headerNames.length > 0 ? locate(headerNames) : null;
    if (headerIndex !== null && headerIndex === headerNames.length - 1) {
      // `[dependencies.rand]` declares the dependency even before any field is typed under it.
      dependencyAt(table.header, headerIndex);
    }
    for (const entry of table.entries) {
      const parts = [...table.header, ...entry.key];
      const nameIndex = locate(parts.map((part) => part.name));
      if (nameIndex === null || nameIndex >= parts.length) {
        continue;
      }
      const dependency = dependencyAt(parts, nameIndex);
      const fieldPath = parts.slice(nameIndex + 1);
      if (fieldPath.length === 0) {
        dependency.direct ??= entry.value;
        if (entry.value.kind === 'table') {
          for (const field of entry.value.entries) {
            setField(dependency.fields, field.key, field.value);
          }
        }
      } else {
        setField(dependency.fields, fieldPath, entry.value);
      }
    }
  }
  return ordered;
}

function setField(fields: Map<string, TomlValue>, key: readonly TomlKeyPart[], value: TomlValue): void {
  // Only single-part fields matter to manifests; `version.workspace = true` is read as `version`.
  const name = key.length === 1 ? key[0].name : key.map((part) => part.name).join('.');
  if (!fields.has(name)) {
    fields.set(name, value);
  }
}
