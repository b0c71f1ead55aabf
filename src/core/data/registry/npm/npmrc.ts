import { decode } from 'ini';
import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';
import { parseHttpUrl } from '../registryHttp';

export const NPM_PUBLIC_REGISTRY = 'https://registry.npmjs.org/';

/** No real .npmrc comes close. */
const MAX_NPMRC_BYTES = 256 * 1024;

/** One layer of npm configuration, as npm reads it from a file or the environment. */
export interface NpmrcLayer {
  /** In words, for the log: `~/.npmrc`, `the project's .npmrc`, `npm_config_* variables`. */
  readonly origin: string;
  readonly values: Readonly<Record<string, string>>;
}

/** The registries and credentials npm itself would use for a project. */
export interface NpmRegistryConfig {
  /** The default registry, ending in `/`. */
  readonly registry: string;
  /** `@scope` → registry URL ending in `/`. */
  readonly scopes: Readonly<Record<string, string>>;
  /** Credentials keyed by npm's "nerf dart" (`//host[:port]/path/`), each only for URLs under it. */
  readonly credentials: Readonly<Record<string, string>>;
}

export interface NpmrcSources {
  /** The folder holding the package.json (npm's project `.npmrc` lives there). */
  readonly projectDir?: string;
  /** The project's own `.npmrc` is read only when the workspace is trusted (a cloned repository must not pick our hosts). */
  readonly trustProject: boolean;
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The OSPO's npm mirror: the registry where no configuration names one, in place of the public registry. */
  readonly mirror?: string;
}

/**
 * Reads npm's configuration the way npm layers it, highest first: `npm_config_*` environment
 * variables, the project's `.npmrc` (trusted workspaces only, and never with `${VAR}` expanded:
 * a repository must not be able to send an environment secret to a host it names), the user's
 * `.npmrc` (`NPM_CONFIG_USERCONFIG`), and the global one (`NPM_CONFIG_GLOBALCONFIG`, or
 * `$NPM_CONFIG_PREFIX/etc/npmrc`).
 */
export async function readNpmConfig(sources: NpmrcSources): Promise<{ config: NpmRegistryConfig; files: string[]; problems: string[] }> {
  const env = sources.env;
  const layers: NpmrcLayer[] = [envLayer(env)];
  const files: string[] = [];
  const problems: string[] = [];
  const read = async (file: string, origin: string, expand: boolean) => {
    try {
      const bytes = await readCapped(file, MAX_NPMRC_BYTES, 'npm configuration');
      if (bytes !== undefined) {
        files.push(file);
        layers.push(parseNpmrc(bytes.toString('utf8'), origin, expand ? env : undefined));
      }
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  if (sources.trustProject && sources.projectDir !== undefined) {
    await read(path.join(sources.projectDir, '.npmrc'), "the project's .npmrc", false);
  }
  await read(envValue(env, 'userconfig') ?? path.join(sources.home, '.npmrc'), 'your user .npmrc', true);
  const prefix = envValue(env, 'prefix');
  const globalFile = envValue(env, 'globalconfig') ?? (prefix !== undefined ? path.join(prefix, 'etc', 'npmrc') : undefined);
  if (globalFile !== undefined) {
    await read(globalFile, 'the global npmrc', true);
  }
  if (sources.mirror !== undefined) {
    // Credentials written into the policy's URL are not used: the mirror gets only those the user's npmrc gives its host.
    layers.push({ origin: "your OSPO's policy", values: { registry: withoutUserinfo(sources.mirror) } });
  }
  return { config: npmRegistryConfig(layers), files, problems };
}

/** Folds layers (highest priority first) into the registry settings. */
export function npmRegistryConfig(layers: readonly NpmrcLayer[]): NpmRegistryConfig {
  const scopes: Record<string, string> = Object.create(null) as Record<string, string>;
  const credentials: Record<string, string> = Object.create(null) as Record<string, string>;
  let registry: string | undefined;
  // Lowest priority first, so that higher layers overwrite.
  for (const layer of [...layers].reverse()) {
    const pending: Record<string, Record<string, string>> = Object.create(null) as Record<string, Record<string, string>>;
    for (const [key, value] of Object.entries(layer.values)) {
      if (key === 'registry') {
        registry = registryUrl(value) ?? registry;
      } else if (key.startsWith('@') && key.endsWith(':registry')) {
        const url = registryUrl(value);
        if (url !== undefined) {
          scopes[key.slice(0, -':registry'.length).toLowerCase()] = url;
        }
      } else if (key.startsWith('//')) {
        const colon = key.lastIndexOf(':');
        if (colon > 2) {
          const dart = key.slice(0, colon);
          (pending[dart] ??= Object.create(null) as Record<string, string>)[key.slice(colon + 1)] = value;
        }
      }
    }
    for (const [dart, fields] of Object.entries(pending)) {
      const header = authorizationOf(fields);
      if (header !== undefined) {
        credentials[dart.endsWith('/') ? dart : `${dart}/`] = header;
      }
    }
  }
  return { registry: registry ?? NPM_PUBLIC_REGISTRY, scopes, credentials };
}

/** The registry npm uses for a package name: its scope's, else the default. */
export function registryFor(config: NpmRegistryConfig, name: string): string {
  if (name.startsWith('@')) {
    const slash = name.indexOf('/');
    const scoped = slash > 0 ? config.scopes[name.slice(0, slash).toLowerCase()] : undefined;
    if (scoped !== undefined) {
      return scoped;
    }
  }
  return config.registry;
}

/**
 * The `Authorization` header for a URL: the credentials whose nerf dart is the URL's host and port
 * and the longest prefix of its path, as npm-registry-fetch matches them. Never the credentials of
 * another host, whatever a path or a redirect says.
 */
export function authorizationFor(config: NpmRegistryConfig, url: string): string | undefined {
  const parsed = parseHttpUrl(url);
  if (parsed === undefined) {
    return undefined;
  }
  let dart = `//${parsed.host}${parsed.pathname}`;
  dart = dart.slice(0, dart.lastIndexOf('/') + 1);
  for (;;) {
    const found = config.credentials[dart];
    if (found !== undefined) {
      return found;
    }
    const hostEnd = dart.indexOf('/', 2);
    if (dart.length <= hostEnd + 1) {
      return undefined;
    }
    dart = dart.slice(0, dart.lastIndexOf('/', dart.length - 2) + 1);
  }
}

/** One `.npmrc` text as a layer; `${VAR}` references are expanded only when `env` is given, else their entries are left out. */
export function parseNpmrc(text: string, origin: string, env: Readonly<Record<string, string | undefined>> | undefined): NpmrcLayer {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  let decoded: Record<string, unknown>;
  try {
    decoded = decode(text) as Record<string, unknown>;
  } catch {
    return { origin, values };
  }
  for (const [rawKey, rawValue] of Object.entries(decoded)) {
    if (typeof rawValue !== 'string') {
      continue;
    }
    // A project file's `${VAR}` stays unexpanded, and so cannot stand for a credential: such an entry is dropped, so
    // that the user's own credential for that host (what npm would expand it to on this machine) still applies.
    const key = env === undefined ? (rawKey.includes('${') ? undefined : rawKey) : expand(rawKey, env);
    const value = env === undefined ? (rawValue.includes('${') ? undefined : rawValue) : expand(rawValue, env);
    if (key !== undefined && value !== undefined) {
      values[key] = value;
    }
  }
  return { origin, values };
}

/** npm's `${VAR}` (and `${VAR?}`, empty when unset) expansion; undefined when a required variable is unset. */
function expand(text: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('${', index);
    if (start < 0) {
      break;
    }
    const end = text.indexOf('}', start + 2);
    if (end < 0) {
      break;
    }
    // npm leaves `\${…}` alone.
    if (start > 0 && text[start - 1] === '\\') {
      result += text.slice(index, start - 1) + text.slice(start, end + 1);
      index = end + 1;
      continue;
    }
    let name = text.slice(start + 2, end);
    const optional = name.endsWith('?');
    if (optional) {
      name = name.slice(0, -1);
    }
    const value = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
    if (value === undefined && !optional) {
      return undefined;
    }
    result += text.slice(index, start) + (value ?? '');
    index = end + 1;
  }
  return result + text.slice(index);
}

function envLayer(env: Readonly<Record<string, string | undefined>>): NpmrcLayer {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && name.toLowerCase().startsWith('npm_config_')) {
      const key = name.slice('npm_config_'.length);
      // npm lower-cases variable names and reads `_` as `-`, except in `//host/:_authToken`-style keys.
      values[key.startsWith('//') || key.startsWith('@') ? key : key.toLowerCase().replace(/_/g, '-')] = value;
    }
  }
  return { origin: 'npm_config_* variables', values };
}

function envValue(env: Readonly<Record<string, string | undefined>>, key: string): string | undefined {
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== '' && name.toLowerCase() === `npm_config_${key}`) {
      return value;
    }
  }
  return undefined;
}

function withoutUserinfo(value: string): string {
  try {
    const url = new URL(value.trim());
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return value;
  }
}

function registryUrl(value: string): string | undefined {
  const url = parseHttpUrl(value.trim());
  if (url === undefined) {
    return undefined;
  }
  url.search = '';
  url.hash = '';
  const text = url.toString();
  return text.endsWith('/') ? text : `${text}/`;
}

function authorizationOf(fields: Readonly<Record<string, string>>): string | undefined {
  const token = fields._authToken?.trim();
  if (token) {
    return `Bearer ${token}`;
  }
  const basic = fields._auth?.trim();
  if (basic) {
    return `Basic ${basic}`;
  }
  const username = fields.username?.trim();
  const password = fields._password?.trim();
  if (username && password) {
    return `Basic ${Buffer.from(`${username}:${Buffer.from(password, 'base64').toString('utf8')}`).toString('base64')}`;
  }
  return undefined;
}
