import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';
import { parseBlockYaml } from '../../blockYaml';

/** No real `.bundle/config` comes close. */
const MAX_CONFIG_BYTES = 256 * 1024;

export interface BundlerSettingsSources {
  readonly projectDir: string;
  /** The project's `.bundle/config` (or `$BUNDLE_APP_CONFIG/config`) is read only in a trusted workspace. */
  readonly trustProject: boolean;
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Bundler's settings, each layer keyed as Bundler stores them (`BUNDLE_GEMS__EXAMPLE__COM`). */
export interface BundlerSettings {
  /** Highest priority first: local, environment, global (bundle-config(1) "Description"). */
  readonly layers: readonly Readonly<Record<string, string>>[];
}

/**
 * Reads Bundler's configuration as bundle-config(1) lays it out: the local config
 * (`<project>/.bundle/config`, or `$BUNDLE_APP_CONFIG/config`; trusted workspaces only, since a
 * cloned repository ships it), `BUNDLE_*` environment variables, and the global config
 * (`$BUNDLE_USER_CONFIG`, `$BUNDLE_USER_HOME/config`, `~/.bundle/config`; "Configure Bundler
 * Directories"). `BUNDLE_IGNORE_CONFIG` drops both files, as Bundler does.
 */
export async function readBundlerSettings(sources: BundlerSettingsSources): Promise<{ settings: BundlerSettings; files: string[]; problems: string[] }> {
  const env = sources.env;
  const files: string[] = [];
  const problems: string[] = [];
  const ignoreFiles = nonEmpty(env.BUNDLE_IGNORE_CONFIG) !== undefined;
  const read = async (file: string): Promise<Record<string, string>> => {
    if (ignoreFiles) {
      return emptyLayer();
    }
    try {
      const bytes = await readCapped(file, MAX_CONFIG_BYTES, 'Bundler configuration');
      if (bytes === undefined) {
        return emptyLayer();
      }
      files.push(file);
      return parseBundlerConfig(bytes.toString('utf8'));
    } catch (error) {
      problems.push((error as Error).message);
      return emptyLayer();
    }
  };
  const appConfig = nonEmpty(env.BUNDLE_APP_CONFIG);
  const local = sources.trustProject ? await read(path.join(appConfig !== undefined ? path.resolve(sources.projectDir, appConfig) : path.join(sources.projectDir, '.bundle'), 'config')) : emptyLayer();
  const globalFile =
    nonEmpty(env.BUNDLE_CONFIG) ??
    nonEmpty(env.BUNDLE_USER_CONFIG) ??
    (nonEmpty(env.BUNDLE_USER_HOME) !== undefined ? path.join(nonEmpty(env.BUNDLE_USER_HOME) as string, 'config') : path.join(sources.home, '.bundle', 'config'));
  const global = await read(globalFile);
  const fromEnv = emptyLayer();
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('BUNDLE_') && value !== undefined) {
      fromEnv[name] = value;
    }
  }
  return { settings: { layers: [local, fromEnv, global] }, files, problems };
}

/**
 * A `.bundle/config` file: a flat YAML mapping of `BUNDLE_…` keys to strings, as Bundler's own
 * serializer writes it. Keys with `-` are read as Bundler reads them (`___`), other values ignored.
 */
export function parseBundlerConfig(text: string): Record<string, string> {
  const layer = emptyLayer();
  let data: unknown;
  try {
    data = parseBlockYaml(text);
  } catch {
    return layer;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return layer;
  }
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key.startsWith('BUNDLE_') && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      layer[key.split('-').join('___')] = String(value);
    }
  }
  return layer;
}

/** `settings[name]`: the first layer that has the key. */
export function bundlerSetting(settings: BundlerSettings, name: string): string | undefined {
  const key = bundlerKey(name);
  for (const layer of settings.layers) {
    const value = layer[key];
    if (value !== undefined) {
      return value;
    }
  }
  return undefined;
}

/**
 * Bundler's `Settings.key_for`: a URL keeps a trailing slash, `.` becomes `__`, `-` becomes `___`,
 * all upper case, prefixed `BUNDLE_` (bundle-config(1): "Any periods in the configuration keys must
 * be replaced with two underscores", "Credentials for gem sources").
 */
export function bundlerKey(name: string): string {
  let key = name;
  if (key.startsWith('http') && !key.endsWith('/')) {
    key = `${key}/`;
  }
  return `BUNDLE_${key.split('.').join('__').split('-').join('___').toUpperCase()}`;
}

/**
 * The credentials Bundler uses for a source: `settings[uri.to_s] || settings[uri.host]`
 * (`Bundler::Settings#credentials_for`), as `user:password`.
 */
export function bundlerCredentials(settings: BundlerSettings, sourceUrl: URL): string | undefined {
  return bundlerSetting(settings, sourceUrl.href) ?? bundlerSetting(settings, sourceUrl.hostname);
}

/**
 * The mirror bundle-config(1) "Mirrors of gem sources" configures for a source URL: `mirror.all`
 * first, then `mirror.<source URL>`, then `mirror.<host>` (Bundler's `Mirrors#for`); the source itself
 * when there is none. Setting names are read back from keys as Bundler's `Settings#all` does.
 */
export function bundlerMirror(settings: BundlerSettings, sourceUrl: URL): string | undefined {
  const mirrors = new Map<string, string>();
  for (const layer of [...settings.layers].reverse()) {
    for (const [key, value] of Object.entries(layer)) {
      const name = key.slice('BUNDLE_'.length).split('___').join('-').split('__').join('.').toLowerCase();
      if (name.startsWith('mirror.') && !name.endsWith('.fallback_timeout')) {
        const target = name.slice('mirror.'.length);
        mirrors.set(target.startsWith('http') && !target.endsWith('/') ? `${target}/` : target, value);
      }
    }
  }
  return mirrors.get('all') ?? mirrors.get(sourceUrl.href.toLowerCase()) ?? mirrors.get(sourceUrl.hostname.toLowerCase());
}

function emptyLayer(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
