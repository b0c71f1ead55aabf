import type { ParseProblem, TextRange } from '../types';

/** One part of a dotted key; `range` covers the characters of the name without quotes. */
export interface TomlKeyPart {
  readonly name: string;
  readonly range: TextRange;
}

export interface TomlString {
  readonly kind: 'string';
  readonly value: string;
  /** The characters between the delimiters, as written (escapes not decoded). */
  readonly contentRange: TextRange;
  /** Whether `value` differs from the raw content, so offsets inside it do not map one to one. */
  readonly hasEscapes: boolean;
}

/** Numbers, booleans, dates: kept as written, since manifests only ever compare them. */
export interface TomlScalar {
  readonly kind: 'scalar';
  readonly raw: string;
  readonly range: TextRange;
}

export interface TomlArray {
  readonly kind: 'array';
  readonly items: readonly TomlValue[];
  readonly range: TextRange;
}

export interface TomlInlineTable {
  readonly kind: 'table';
  readonly entries: readonly TomlEntry[];
  readonly range: TextRange;
}

export type TomlValue = TomlString | TomlScalar | TomlArray | TomlInlineTable;

export interface TomlEntry {
  readonly key: readonly TomlKeyPart[];
  readonly value: TomlValue;
}

/** A `[table]` or `[[array.of.tables]]` section with the entries written under it. */
export interface TomlTable {
  readonly header: readonly TomlKeyPart[];
  readonly isArrayTable: boolean;
  /** A header that could not be read completely; its entries are kept out of every lookup. */
  readonly broken: boolean;
  readonly entries: readonly TomlEntry[];
}

export interface TomlDocument {
  /** The root table (empty header) first, then every table in the order written. */
  readonly tables: readonly TomlTable[];
  readonly problems: readonly ParseProblem[];
}

/** An entry with its full key: the table header's parts followed by its own dotted key. */
export interface TomlPathEntry {
  readonly path: readonly TomlKeyPart[];
  readonly value: TomlValue;
  /** How many leading parts of `path` came from the table header. */
  readonly headerLength: number;
}
