import { parseLenientToml } from '../../../manifests/toml/lenientToml';
import type { TomlDocument, TomlEntry, TomlValue } from '../../../manifests/toml/tomlTypes';
import { pep503Name } from '../../../policy/purl';

/** One `[[tool.uv.index]]` (uv docs, "Package indexes"). */
export interface UvIndex {
  readonly name?: string;
  readonly url: string;
  readonly default: boolean;
  readonly explicit: boolean;
  readonly origin: string;
}

export interface UvSettings {
  readonly indexes: readonly UvIndex[];
  /** The pip-style `[tool.uv]` settings uv still reads. */
  readonly indexUrl?: string;
  readonly extraIndexUrls: readonly string[];
  readonly noIndex: boolean;
  /** PEP 503 name → index name, from `[tool.uv.sources]` `{ index = "…" }`. */
  readonly pins: ReadonlyMap<string, string>;
}

export type PoetryPriority = 'default' | 'primary' | 'secondary' | 'supplemental' | 'explicit';

/** One `[[tool.poetry.source]]` (Poetry docs, "Repositories": "Package Sources"). */
export interface PoetrySource {
  readonly name: string;
  /** Absent for PyPI named explicitly (`name = "PyPI"`, no URL). */
  readonly url?: string;
  readonly priority: PoetryPriority;
  readonly origin: string;
}

export interface PoetrySettings {
  readonly sources: readonly PoetrySource[];
  /** PEP 503 name → source name, from dependencies written `{ source = "…" }`. */
  readonly pins: ReadonlyMap<string, string>;
}

/** One `[[tool.pdm.source]]` of type `index` (PDM docs, "Configure the Project": "Configure the package indexes"). */
export interface PdmSource {
  readonly name: string;
  readonly url: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly origin: string;
}

export interface PdmSettings {
  readonly sources: readonly PdmSource[];
  readonly respectSourceOrder: boolean;
}

/** The package sources a pyproject.toml names, per tool; a tool is absent when the file names none for it. */
export interface PyprojectIndexes {
  readonly uv?: UvSettings;
  readonly poetry?: PoetrySettings;
  readonly pdm?: PdmSettings;
}

type FieldMap = ReadonlyMap<string, TomlValue>;

/**
 * The index settings of uv, Poetry and PDM in a pyproject.toml, as written: no `${VAR}` expansion
 * (PDM would expand it; a repository must not choose which of our variables reach its hosts).
 */
export function readPyprojectIndexes(text: string): PyprojectIndexes {
  const document = parseLenientToml(text);
  const leaves = leafEntries(document);
  const result: { uv?: UvSettings; poetry?: PoetrySettings; pdm?: PdmSettings } = {};

  const uvIndexes: UvIndex[] = [];
  for (const record of records(document, leaves, ['tool', 'uv', 'index'])) {
    const url = stringOf(record.get('url'));
    // `format = "flat"` is a find-links page, not a Simple API index.
    if (url === undefined || stringOf(record.get('format')) === 'flat') {
      continue;
    }
    const name = stringOf(record.get('name'));
    uvIndexes.push({
      ...(name !== undefined ? { name } : {}),
      url,
      default: isTrue(record.get('default')),
      explicit: isTrue(record.get('explicit')),
      origin: `pyproject.toml [[tool.uv.index]]${name !== undefined ? ` ${name}` : ''}`,
    });
  }
  const uvIndexUrl = stringOf(leafAt(leaves, ['tool', 'uv', 'index-url']));
  const uvExtra = stringsOf(leafAt(leaves, ['tool', 'uv', 'extra-index-url']));
  const uvPins = pinsUnder(leaves, ['tool', 'uv', 'sources'], 'index');
  if (uvIndexes.length > 0 || uvIndexUrl !== undefined || uvExtra.length > 0 || uvPins.size > 0) {
    result.uv = {
      indexes: uvIndexes,
      ...(uvIndexUrl !== undefined ? { indexUrl: uvIndexUrl } : {}),
      extraIndexUrls: uvExtra,
      noIndex: isTrue(leafAt(leaves, ['tool', 'uv', 'no-index'])),
      pins: uvPins,
    };
  }

  const poetrySources: PoetrySource[] = [];
  for (const record of records(document, leaves, ['tool', 'poetry', 'source'])) {
    const name = stringOf(record.get('name'));
    if (name === undefined) {
      continue;
    }
    const url = stringOf(record.get('url'));
    poetrySources.push({ name, ...(url !== undefined ? { url } : {}), priority: poetryPriority(record), origin: `pyproject.toml [[tool.poetry.source]] ${name}` });
  }
  if (poetrySources.length > 0) {
    const pins = new Map<string, string>();
    for (const prefix of poetryDependencyTables(leaves)) {
      for (const [name, source] of pinsUnder(leaves, prefix, 'source')) {
        pins.set(name, source);
      }
    }
    result.poetry = { sources: poetrySources, pins };
  }

  const pdmSources: PdmSource[] = [];
  for (const record of records(document, leaves, ['tool', 'pdm', 'source'])) {
    const name = stringOf(record.get('name'));
    const url = stringOf(record.get('url'));
    const type = stringOf(record.get('type'));
    if (name === undefined || url === undefined || (type !== undefined && type !== 'index')) {
      continue;
    }
    pdmSources.push({
      name,
      url,
      include: stringsOf(record.get('include_packages')),
      exclude: stringsOf(record.get('exclude_packages')),
      origin: `pyproject.toml [[tool.pdm.source]] ${name}`,
    });
  }
  if (pdmSources.length > 0) {
    result.pdm = { sources: pdmSources, respectSourceOrder: isTrue(leafAt(leaves, ['tool', 'pdm', 'resolution', 'respect-source-order'])) };
  }
  return result;
}

/** Poetry's `priority`, or the deprecated `default = true` / `secondary = true`; primary when none is written. */
function poetryPriority(record: FieldMap): PoetryPriority {
  const written = stringOf(record.get('priority'))?.toLowerCase();
  if (written === 'default' || written === 'primary' || written === 'secondary' || written === 'supplemental' || written === 'explicit') {
    return written;
  }
  if (isTrue(record.get('default'))) {
    return 'default';
  }
  return isTrue(record.get('secondary')) ? 'secondary' : 'primary';
}

/** `[tool.poetry.dependencies]`, `[tool.poetry.dev-dependencies]` and every `[tool.poetry.group.<g>.dependencies]`. */
function poetryDependencyTables(leaves: readonly Leaf[]): string[][] {
  const prefixes: string[][] = [
    ['tool', 'poetry', 'dependencies'],
    ['tool', 'poetry', 'dev-dependencies'],
  ];
  const groups = new Set<string>();
  for (const leaf of leaves) {
    if (leaf.path.length > 4 && leaf.path[0] === 'tool' && leaf.path[1] === 'poetry' && leaf.path[2] === 'group' && leaf.path[4] === 'dependencies') {
      groups.add(leaf.path[3]);
    }
  }
  for (const group of groups) {
    prefixes.push(['tool', 'poetry', 'group', group, 'dependencies']);
  }
  return prefixes;
}

/**
 * Package → source name under a table of packages: `pkg = { key = "…" }`, `pkg.key = "…"`,
 * `[<table>.pkg] key = "…"`, or a list of such tables (markers per platform), whose first naming one counts.
 */
function pinsUnder(leaves: readonly Leaf[], prefix: readonly string[], key: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const leaf of leaves) {
    if (!startsWith(leaf.path, prefix) || leaf.path.length < prefix.length + 1) {
      continue;
    }
    const name = pep503Name(leaf.path[prefix.length]);
    if (pins.has(name)) {
      continue;
    }
    if (leaf.path.length === prefix.length + 2 && leaf.path[prefix.length + 1] === key) {
      const value = stringOf(leaf.value);
      if (value !== undefined) {
        pins.set(name, value);
      }
    } else if (leaf.path.length === prefix.length + 1 && leaf.value.kind === 'array') {
      for (const item of leaf.value.items) {
        const value = item.kind === 'table' ? stringOf(entryMap(item.entries).get(key)) : undefined;
        if (value !== undefined) {
          pins.set(name, value);
          break;
        }
      }
    }
  }
  return pins;
}

interface Leaf {
  readonly path: readonly string[];
  readonly value: TomlValue;
}

/** Every key/value outside arrays of tables, with inline tables opened into dotted paths. */
function leafEntries(document: TomlDocument): Leaf[] {
  const leaves: Leaf[] = [];
  const visit = (path: readonly string[], value: TomlValue, depth: number): void => {
    if (value.kind === 'table' && depth < 16) {
      for (const entry of value.entries) {
        visit([...path, ...entry.key.map((part) => part.name)], entry.value, depth + 1);
      }
    } else {
      leaves.push({ path, value });
    }
  };
  for (const table of document.tables) {
    if (table.broken || table.isArrayTable) {
      continue;
    }
    const header = table.header.map((part) => part.name);
    for (const entry of table.entries) {
      visit([...header, ...entry.key.map((part) => part.name)], entry.value, 0);
    }
  }
  return leaves;
}

/** The tables of an array of tables, written `[[a.b]]` or `a.b = [{ … }, …]`, in order. */
function records(document: TomlDocument, leaves: readonly Leaf[], path: readonly string[]): FieldMap[] {
  const result: FieldMap[] = [];
  for (const table of document.tables) {
    if (!table.broken && table.isArrayTable && table.header.length === path.length && table.header.every((part, index) => part.name === path[index])) {
      result.push(entryMap(table.entries));
    }
  }
  const inline = leafAt(leaves, path);
  if (inline?.kind === 'array') {
    for (const item of inline.items) {
      if (item.kind === 'table') {
        result.push(entryMap(item.entries));
      }
    }
  }
  return result;
}

/** Entries by their dotted key. */
function entryMap(entries: readonly TomlEntry[]): Map<string, TomlValue> {
  return new Map(entries.map((entry) => [entry.key.map((part) => part.name).join('.'), entry.value]));
}

function leafAt(leaves: readonly Leaf[], path: readonly string[]): TomlValue | undefined {
  return leaves.find((leaf) => leaf.path.length === path.length && startsWith(leaf.path, path))?.value;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((part, index) => path[index] === part);
}

function stringOf(value: TomlValue | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

function stringsOf(value: TomlValue | undefined): string[] {
  if (value?.kind === 'string') {
    return [value.value];
  }
  return value?.kind === 'array' ? value.items.flatMap((item) => (item.kind === 'string' ? [item.value] : [])) : [];
}

function isTrue(value: TomlValue | undefined): boolean {
  return value?.kind === 'scalar' && value.raw === 'true';
}
