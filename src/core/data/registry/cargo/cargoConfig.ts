import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';
import { parseLenientToml } from '../../../manifests/toml/lenientToml';
import { tomlPathEntries } from '../../../manifests/toml/tomlPaths';
import type { TomlKeyPart, TomlValue } from '../../../manifests/toml/tomlTypes';
import type { RegistryConfigSources } from '../types';

/** No real Cargo configuration comes close. */
const MAX_CONFIG_BYTES = 256 * 1024;
/** Folders walked up from the project, at most (Cargo goes to the file-system root). */
const MAX_PARENTS = 64;

/** A string, or an array's string items. */
export type CargoConfigValue = string | readonly string[];

/** One configuration file, its keys flattened (`registries\0corp\0index`). */
export interface CargoConfigLayer {
  /** In words, for the log. */
  readonly origin: string;
  /**
   * The user's own files (`$CARGO_HOME/config.toml`, `credentials.toml`): credentials in them, and the
   * registry URLs they bind to, are used; a project file's never are.
   */
  readonly user: boolean;
  /** What relative paths in it are relative to: "the parent directory of the directory where the config files were defined" ("Config-relative paths"). */
  readonly baseDir: string;
  readonly values: ReadonlyMap<string, CargoConfigValue>;
}

/** Cargo's configuration for one folder: files highest priority first, then the environment. */
export interface CargoConfig {
  readonly layers: readonly CargoConfigLayer[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A value and the layer it came from. */
export interface Found<T> {
  readonly value: T;
  readonly layer: CargoConfigLayer;
}

/**
 * Reads Cargo's configuration files as Cargo layers them (Cargo Book, "Configuration",
 * "Hierarchical structure" and "Credentials"): `.cargo/config.toml` in the project folder and
 * every parent, the deeper first, then `$CARGO_HOME/config.toml`; `.cargo/config` without the
 * extension wins where both exist. `$CARGO_HOME/credentials.toml` (or `credentials`) is merged over
 * them. Project files are read only when the workspace is trusted: they can name hosts.
 */
export async function readCargoConfig(sources: RegistryConfigSources): Promise<{ config: CargoConfig; files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  const cargoHome = cargoHomeOf(sources);
  const read = async (candidates: readonly string[], origin: string, user: boolean): Promise<CargoConfigLayer | undefined> => {
    for (const file of candidates) {
      try {
        const bytes = await readCapped(file, MAX_CONFIG_BYTES, 'Cargo configuration');
        if (bytes !== undefined) {
          files.push(file);
          return { origin: `${origin} (${file})`, user, baseDir: path.dirname(path.dirname(file)), values: flattenToml(bytes.toString('utf8')) };
        }
      } catch (error) {
        problems.push((error as Error).message);
        return undefined;
      }
    }
    return undefined;
  };
  const layers: CargoConfigLayer[] = [];
  const credentials = await read([path.join(cargoHome, 'credentials'), path.join(cargoHome, 'credentials.toml')], 'your Cargo credentials', true);
  if (credentials !== undefined) {
    layers.push(credentials);
  }
  let dir = path.resolve(sources.projectDir);
  let skipped: string | undefined;
  for (let depth = 0; depth < MAX_PARENTS; depth++) {
    const dotCargo = path.join(dir, '.cargo');
    // Cargo reads `$CARGO_HOME/config.toml` once, last, even when the walk passes its folder.
    if (path.resolve(dotCargo) !== path.resolve(cargoHome)) {
      const candidates = [path.join(dotCargo, 'config'), path.join(dotCargo, 'config.toml')];
      if (sources.trustProject) {
        const layer = await read(candidates, 'the Cargo configuration', false);
        if (layer !== undefined) {
          layers.push(layer);
        }
      } else {
        skipped ??= await firstExisting(candidates);
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      break;
    }
    dir = parent;
  }
  if (skipped !== undefined) {
    problems.push(`Cargo: ${skipped} is not read in an untrusted workspace; crates are looked up as your own Cargo configuration says`);
  }
  const home = await read([path.join(cargoHome, 'config'), path.join(cargoHome, 'config.toml')], 'your Cargo configuration', true);
  if (home !== undefined) {
    layers.push(home);
  }
  return { config: { layers, env: sources.env }, files, problems };
}

export function cargoHomeOf(sources: Pick<RegistryConfigSources, 'env' | 'home' | 'projectDir'>): string {
  const fromEnv = sources.env.CARGO_HOME;
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(sources.projectDir, fromEnv) : path.join(sources.home, '.cargo');
}

/** The highest-priority string at `keys`. */
export function configString(config: CargoConfig, keys: readonly string[], userOnly = false): Found<string> | undefined {
  const key = keys.join('\0');
  for (const layer of config.layers) {
    const value = layer.values.get(key);
    if (typeof value === 'string' && (!userOnly || layer.user)) {
      return { value, layer };
    }
  }
  return undefined;
}

/** A string or array value at `keys` as a list of strings, highest priority first. */
export function configList(config: CargoConfig, keys: readonly string[], userOnly = false): Found<readonly string[]> | undefined {
  const key = keys.join('\0');
  for (const layer of config.layers) {
    const value = layer.values.get(key);
    if (value !== undefined && (!userOnly || layer.user)) {
      return { value: typeof value === 'string' ? [value] : value, layer };
    }
  }
  return undefined;
}

/** The names under a table (`registries` → every registry name), in no particular order. */
export function configTableNames(config: CargoConfig, table: string): string[] {
  const names = new Set<string>();
  const prefix = `${table}\0`;
  for (const layer of config.layers) {
    for (const key of layer.values.keys()) {
      if (key.startsWith(prefix)) {
        const end = key.indexOf('\0', prefix.length);
        names.add(key.slice(prefix.length, end < 0 ? undefined : end));
      }
    }
  }
  return [...names];
}

/** `CARGO_REGISTRIES_<NAME>_<KEY>`: "the name of the registry in all capital letters", dashes as underscores ("Environment variables"). */
export function registryEnvName(registry: string, key: string): string {
  return `CARGO_REGISTRIES_${registry.toUpperCase().split('-').join('_')}_${key}`;
}

export function envValue(config: CargoConfig, name: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(config.env, name) ? config.env[name] : undefined;
  return value === undefined || value === '' ? undefined : value;
}

/** Every key path of a TOML document, inline tables flattened, with its string or string-array value. */
export function flattenToml(text: string): Map<string, CargoConfigValue> {
  const values = new Map<string, CargoConfigValue>();
  const visit = (keys: readonly TomlKeyPart[], value: TomlValue, prefix: readonly string[]): void => {
    const full = [...prefix, ...keys.map((part) => part.name)];
    if (value.kind === 'table') {
      for (const entry of value.entries) {
        visit(entry.key, entry.value, full);
      }
      return;
    }
    const key = full.join('\0');
    if (values.has(key)) {
      return;
    }
    if (value.kind === 'string') {
      values.set(key, value.value);
    } else if (value.kind === 'array') {
      values.set(
        key,
        value.items.flatMap((item) => (item.kind === 'string' ? [item.value] : [])),
      );
    }
  };
  for (const entry of tomlPathEntries(parseLenientToml(text))) {
    visit(entry.path, entry.value, []);
  }
  return values;
}

async function firstExisting(files: readonly string[]): Promise<string | undefined> {
  for (const file of files) {
    try {
      if ((await stat(file)).isFile()) {
        return file;
      }
    } catch {
      // Not there.
    }
  }
  return undefined;
}
