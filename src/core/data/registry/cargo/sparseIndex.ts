import { parseHttpUrl } from '../registryHttp';

/**
 * The registry index format, as the Cargo Book's "Registry Index" chapter defines it
 * (doc/book/src/reference/registry-index.md): `config.json`, the index file paths, one JSON
 * object per line and version, and the `dl` template.
 */

/** What `config.json` at the index root says ("Index Configuration"). */
export interface IndexConfig {
  /** The download template. */
  readonly dl: string;
  /** The web API's base URL, when the registry has one. */
  readonly api?: string;
  /** "a private registry that requires all operations to be authenticated including API requests, crate downloads and sparse index updates". */
  readonly authRequired: boolean;
}

/** One line of an index file, as much of it as a license lookup needs. */
export interface IndexEntry {
  /** The name as published (case kept: the `.crate`'s folder and `{crate}` use it). */
  readonly name: string;
  readonly vers: string;
  /** The SHA-256 of the `.crate`. */
  readonly cksum: string;
  readonly yanked: boolean;
}

/**
 * Cargo accepts names of alphanumerics, `-` and `_` ("Name restrictions"); only ASCII is sent here
 * (lower-casing anything else could name another file than Cargo's), and no name longer than any
 * registry allows (crates.io: 64).
 */
export function isValidCrateName(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,128}$/.test(name);
}

/**
 * The index file of a crate ("Index files"): `1/{name}`, `2/{name}`, `3/{first char}/{name}`,
 * else `{first two}/{next two}/{name}`, all from the lower-cased name. With `prefixOnly`, the
 * directory part alone (the `{prefix}` marker), from the name as given.
 */
export function indexPath(name: string, prefixOnly = false): string {
  const file = prefixOnly ? '' : `/${name}`;
  switch (name.length) {
    case 1:
      return `1${file}`;
    case 2:
      return `2${file}`;
    case 3:
      return `3/${name.slice(0, 1)}${file}`;
    default:
      return `${name.slice(0, 2)}/${name.slice(2, 4)}${file}`;
  }
}

/** The URL of a crate's index file under a sparse index URL (which ends in `/`). */
export function indexFileUrl(indexUrl: string, name: string): string {
  return indexUrl + indexPath(name.toLowerCase());
}

const MARKERS = ['{crate}', '{version}', '{prefix}', '{lowerprefix}', '{sha256-checksum}'] as const;

/**
 * The download URL of one version from the `dl` template: its markers replaced, or, with none of
 * them, `/{crate}/{version}/download` appended ("Index Configuration"; Cargo's `crate_url`).
 */
export function downloadUrl(dl: string, name: string, version: string, cksum: string): string {
  if (!MARKERS.some((marker) => dl.includes(marker))) {
    return `${dl}/${name}/${version}/download`;
  }
  const prefix = indexPath(name, true);
  return dl
    .split('{crate}')
    .join(name)
    .split('{version}')
    .join(version)
    .split('{prefix}')
    .join(prefix)
    .split('{lowerprefix}')
    .join(prefix.toLowerCase())
    .split('{sha256-checksum}')
    .join(cksum);
}

/** `config.json`'s fields; undefined when it has no usable `dl`. */
export function parseIndexConfig(text: string): IndexConfig | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return undefined;
  }
  const { dl, api } = json as { dl?: unknown; api?: unknown };
  const authRequired = (json as Record<string, unknown>)['auth-required'] === true;
  if (typeof dl !== 'string' || parseHttpUrl(dl.replace(/\{[a-z0-9-]+\}/g, 'x')) === undefined) {
    return undefined;
  }
  return { dl, ...(typeof api === 'string' && api !== '' ? { api } : {}), authRequired };
}

/**
 * The versions an index file lists. Lines that do not parse, name another crate, or carry a schema
 * version (`v`) above 2 are left out: "Cargo (starting with version 1.51) will ignore versions it
 * does not recognize" (the JSON schema's `v`), and Cargo's highest is 2.
 */
export function parseIndexFile(text: string, name: string): IndexEntry[] {
  const wanted = name.toLowerCase();
  const entries: IndexEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      continue;
    }
    const entry = json as { name?: unknown; vers?: unknown; cksum?: unknown; yanked?: unknown; v?: unknown };
    if (typeof entry.name !== 'string' || entry.name.toLowerCase() !== wanted || typeof entry.vers !== 'string' || !/^[0-9A-Za-z.+-]{1,100}$/.test(entry.vers)) {
      continue;
    }
    if (typeof entry.cksum !== 'string' || !/^[0-9a-f]{64}$/.test(entry.cksum)) {
      continue;
    }
    if (entry.v !== undefined && entry.v !== null && !(typeof entry.v === 'number' && entry.v <= 2)) {
      continue;
    }
    entries.push({ name: entry.name, vers: entry.vers, cksum: entry.cksum, yanked: entry.yanked === true });
  }
  return entries;
}
