import * as path from 'node:path';
import { cargoHomeOf, readCargoConfig, type CargoConfig } from '../registry/cargo/cargoConfig';
import { resolveCargoRegistry } from '../registry/cargo/cargoSources';
import type { ResolverOptions } from '../types';
import { listFolder, mapLimited, readDataFile } from '../dataFiles';
import { readCargoManifestFields, type CargoManifestFields } from './cargoManifest';

/** A directory source holds no more crate folders than this that are indexed by their Cargo.toml. */
export const MAX_INDEXED_CRATE_FOLDERS = 20_000;
/** Cargo.toml reads in flight while indexing. */
const CONCURRENCY = 16;

export interface LocatedCrate {
  readonly folder: string;
  readonly fields: CargoManifestFields;
}

/**
 * The directory source crates.io is replaced with (`cargo vendor`'s folder, Debian's
 * /usr/share/cargo/registry), found as Cargo finds it: the configuration files of the project
 * folder and every parent, then `$CARGO_HOME/config` (`config` winning over `config.toml`, Cargo
 * Book, "Configuration", "Hierarchical structure"), and `replace-with` followed to a `directory`
 * ("Source Replacement"). The registry client's reader is reused; project files are read here
 * whether or not the workspace is trusted, because only the folder is taken from them and nothing
 * leaves the machine. Undefined when crates.io is not replaced by a directory.
 */
export async function directorySource(projectDir: string, options: ResolverOptions, files: string[], problems: string[]): Promise<DirectorySource | undefined> {
  const sources = { projectDir, rootDir: projectDir, trustProject: true, home: options.home, env: options.env };
  const read = await readCargoConfig(sources);
  // The credentials file is read with the configuration; it is not a data file to report or watch.
  const cargoHome = cargoHomeOf(sources);
  const credentials = new Set([path.join(cargoHome, 'credentials'), path.join(cargoHome, 'credentials.toml')]);
  files.push(...read.files.filter((file) => !credentials.has(file)));
  problems.push(...read.problems);
  const target = resolveCargoRegistry(read.config);
  if (target.kind !== 'none' || target.directory === undefined) {
    return undefined;
  }
  return new DirectorySource(target.directory, namedIn(read.config, target.directory), files);
}

/** The configuration file whose `[source.<x>] directory` names `folder`, for messages. */
function namedIn(config: CargoConfig, folder: string): string | undefined {
  for (const layer of config.layers) {
    for (const [key, value] of layer.values) {
      if (typeof value === 'string' && key.startsWith('source\0') && key.endsWith('\0directory') && path.resolve(layer.baseDir, value) === folder) {
        const open = layer.origin.lastIndexOf(' (');
        return open >= 0 && layer.origin.endsWith(')') ? layer.origin.slice(open + 2, -1) : layer.origin;
      }
    }
  }
  return undefined;
}

/**
 * The crates of a directory source. "Currently no restriction is placed on the name of each
 * directory" (Source Replacement, "Directory Sources"): `cargo vendor` writes `<name>/` or
 * `<name>-<version>/`, Debian `<name>-<version>/`, others anything. Those two names are tried
 * first; a crate found under neither makes the source indexed once, by each folder's Cargo.toml
 * `[package] name` and `version`.
 */
export class DirectorySource {
  private index: Promise<Map<string, LocatedCrate>> | undefined;
  private listed = true;

  constructor(
    readonly folder: string,
    /** The configuration file that names it, when known. */
    readonly namedIn: string | undefined,
    private readonly files: string[],
  ) {}

  /** False once indexing found the folder missing or empty. */
  get readable(): boolean {
    return this.listed;
  }

  async crate(name: string, version: string): Promise<LocatedCrate | null> {
    for (const candidate of [path.join(this.folder, `${name}-${version}`), path.join(this.folder, name)]) {
      const found = await this.read(candidate);
      if (found && found.fields.name === name && found.fields.version === version) {
        this.files.push(path.join(candidate, 'Cargo.toml'));
        return found;
      }
    }
    this.index ??= this.buildIndex();
    const found = (await this.index).get(`${name}\0${version}`);
    if (found) {
      this.files.push(path.join(found.folder, 'Cargo.toml'));
    }
    return found ?? null;
  }

  private async buildIndex(): Promise<Map<string, LocatedCrate>> {
    const folders = (await listFolder(this.folder)).filter((entry) => entry.isDirectory && !entry.name.startsWith('.')).slice(0, MAX_INDEXED_CRATE_FOLDERS);
    this.listed = folders.length > 0;
    const crates = await mapLimited(folders, CONCURRENCY, (entry) => this.read(path.join(this.folder, entry.name)));
    const index = new Map<string, LocatedCrate>();
    for (const found of crates) {
      if (found?.fields.name !== undefined && found.fields.version !== undefined) {
        const key = `${found.fields.name}\0${found.fields.version}`;
        if (!index.has(key)) {
          index.set(key, found);
        }
      }
    }
    return index;
  }

  private async read(folder: string): Promise<LocatedCrate | null> {
    const read = await readDataFile(path.join(folder, 'Cargo.toml'));
    return 'text' in read ? { folder, fields: readCargoManifestFields(read.text) } : null;
  }
}
