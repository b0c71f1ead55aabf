import { access } from 'node:fs/promises';
import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';
import { MAX_MANIFEST_BYTES } from '../../../manifests/limits';
import type { RegistryConfigSources } from '../types';
import { addAuthLayer, type ComposerCredentials, composerOrigin, emptyCredentials } from './composerAuth';
import { isComposerName } from './packageNamePattern';

export const PACKAGIST_URL = 'https://repo.packagist.org';

/** One `composer`-type repository, in the order Composer asks them. */
export interface ComposerRepository {
  /** The repository URL without credentials and without a trailing `/` (packagist.org as repo.packagist.org). */
  readonly url: string;
  /** Where its root file is: the URL itself when it names a `.json` file, else `<url>/packages.json`. */
  readonly packagesJsonUrl: string;
  /** The repository's `only`/`exclude` name patterns (getcomposer.org "Repository priorities", "Filtering packages"). */
  readonly only?: readonly string[];
  readonly exclude?: readonly string[];
}

export interface ComposerRegistryConfig {
  readonly repositories: readonly ComposerRepository[];
  /** By Composer origin (`host[:port]`). */
  readonly credentials: Readonly<ComposerCredentials>;
  /** Names that `package`-type repositories define inline: Composer takes them from there, so they are never looked up. */
  readonly inlineNames: readonly string[];
}

type RepositoryEntry = { readonly key: string | null; readonly value: unknown };

/**
 * Composer's own layering (`Factory::createConfig`, `Factory::createComposer`, `Config::merge`):
 * the default packagist.org repository, then `$COMPOSER_HOME/config.json` and `auth.json`, then
 * `COMPOSER_AUTH`, then the project's composer.json (`repositories`, `config`) and its `auth.json`
 * (trusted workspaces only: a cloned repository must not pick where our package names go), then
 * `COMPOSER_AUTH` again. Later repositories are put before earlier ones; `false` entries
 * (`{"packagist.org": false}`) remove one; a repository pointing at packagist.org replaces the
 * default. With `secure-http` (the default) plain-http repositories are refused, as Composer refuses
 * them. Credentials written into a repository URL apply to that repository's host.
 *
 * The OSPO's mirror (`sources.mirror`) is the default repository in packagist.org's place, so it
 * loses to the developer's configuration exactly where packagist.org would: `{"packagist.org":
 * false}` removes it, a repository on packagist.org replaces it, and others come before it.
 */
export async function readComposerConfig(sources: RegistryConfigSources): Promise<{ config: ComposerRegistryConfig; files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  const readJson = async (file: string, what: string): Promise<Record<string, unknown> | undefined> => {
    try {
      const bytes = await readCapped(file, MAX_MANIFEST_BYTES, what);
      if (bytes === undefined) {
        return undefined;
      }
      files.push(file);
      const json = JSON.parse(bytes.toString('utf8')) as unknown;
      if (!isObject(json)) {
        problems.push(`${file} is not a JSON object; ignored`);
        return undefined;
      }
      return json;
    } catch (error) {
      problems.push(error instanceof SyntaxError ? `${file} is not valid JSON; ignored` : (error as Error).message);
      return undefined;
    }
  };
  // Known by identity, so that nothing a configuration file writes can pass for it.
  const ospoDefault = sources.mirror !== undefined ? { type: 'composer', url: sources.mirror } : undefined;
  let repositories: RepositoryEntry[] = [{ key: 'packagist.org', value: ospoDefault ?? { type: 'composer', url: PACKAGIST_URL } }];
  const credentials = emptyCredentials();
  let secureHttp = true;
  const applyConfigSection = (config: unknown): void => {
    if (isObject(config)) {
      addAuthLayer(credentials, config);
      if (typeof config['secure-http'] === 'boolean') {
        secureHttp = config['secure-http'];
      }
    }
  };
  const composerAuthEnv = (): void => {
    const text = sources.env.COMPOSER_AUTH;
    if (text === undefined || text.trim() === '') {
      return;
    }
    try {
      addAuthLayer(credentials, JSON.parse(text));
    } catch {
      problems.push('COMPOSER_AUTH is not valid JSON; ignored');
    }
  };

  const home = await composerHome(sources);
  if (home !== undefined) {
    const global = await readJson(path.join(home, 'config.json'), 'Composer configuration');
    if (global !== undefined) {
      applyConfigSection(global.config);
      repositories = mergeRepositories(repositories, repositoryEntries(global.repositories));
    }
    applyConfigSection(await readJson(path.join(home, 'auth.json'), 'Composer auth'));
  }
  composerAuthEnv();
  if (sources.trustProject) {
    const project = await readJson(path.join(sources.projectDir, 'composer.json'), 'composer.json');
    if (project !== undefined) {
      applyConfigSection(project.config);
      repositories = mergeRepositories(repositories, repositoryEntries(project.repositories));
    }
    applyConfigSection(await readJson(path.join(sources.projectDir, 'auth.json'), 'Composer auth'));
    composerAuthEnv();
  }

  const result: ComposerRepository[] = [];
  const inlineNames: string[] = [];
  for (const { value } of repositories) {
    if (!isObject(value)) {
      continue;
    }
    if (value.type === 'package') {
      inlineNames.push(...packageRepositoryNames(value.package));
      continue;
    }
    if (value.type !== 'composer') {
      continue;
    }
    const repository = value === ospoDefault ? ospoRepository(ospoDefault.url, problems) : composerRepository(value, credentials, secureHttp, problems);
    if (repository !== undefined && !result.some((known) => known.url === repository.url)) {
      result.push(repository);
    }
  }
  return { config: { repositories: result, credentials, inlineNames }, files, problems };
}

/**
 * The OSPO's mirror as a repository: its URL is vetted by the feed's own rules (https, or http on
 * loopback), so `secure-http` does not apply; credentials written into it are dropped, so the mirror
 * gets only those the developer's auth configuration gives its host. Unusable: no repository,
 * never packagist.org.
 */
function ospoRepository(url: string, problems: string[]): ComposerRepository | undefined {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url.trim());
  } catch {
    parsed = undefined;
  }
  const loopback = parsed !== undefined && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed === undefined || (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback))) {
    problems.push("your OSPO's Composer mirror is not an https URL; packagist.org is not used in its place");
    return undefined;
  }
  parsed.username = '';
  parsed.password = '';
  return composerRepository({ type: 'composer', url: parsed.href }, emptyCredentials(), false, problems);
}

/** `repositories` as a list (`[{…}, {"packagist.org": false}]`) or as an object keyed by name. */
function repositoryEntries(value: unknown): RepositoryEntry[] {
  if (Array.isArray(value)) {
    return value.map((item) => ({ key: null, value: item }));
  }
  if (isObject(value)) {
    return Object.entries(value).map(([key, item]) => ({ key, value: item }));
  }
  return [];
}

/** `Config::merge` for `repositories`: the new ones go before the known ones, each in its own order. */
export function mergeRepositories(current: readonly RepositoryEntry[], incoming: readonly RepositoryEntry[]): RepositoryEntry[] {
  const list = [...current].reverse();
  const disable = (name: string): void => {
    const target = list.findIndex((entry) => entry.key === name) >= 0 ? name : name === 'packagist' ? 'packagist.org' : undefined;
    const index = target === undefined ? -1 : list.findIndex((entry) => entry.key === target);
    if (index >= 0) {
      list.splice(index, 1);
    }
  };
  for (const { key, value } of [...incoming].reverse()) {
    if (value === false) {
      if (key !== null) {
        disable(key);
      }
      continue;
    }
    if (isObject(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && value[keys[0]] === false) {
        disable(keys[0]);
        continue;
      }
      if (value.type === 'composer' && typeof value.url === 'string' && isPackagistUrl(value.url)) {
        disable('packagist.org');
      }
    }
    const name = key === 'packagist' ? 'packagist.org' : key;
    const index = name === null ? -1 : list.findIndex((entry) => entry.key === name);
    if (index >= 0) {
      list[index] = { key: name, value };
    } else {
      list.push({ key: name, value });
    }
  }
  return list.reverse();
}

function composerRepository(value: Record<string, unknown>, credentials: ComposerCredentials, secureHttp: boolean, problems: string[]): ComposerRepository | undefined {
  if (typeof value.url !== 'string' || value.url.trim() === '') {
    problems.push('a composer repository without a url; ignored');
    return undefined;
  }
  if (value.url.length > 2048) {
    problems.push('a composer repository url longer than 2048 characters; ignored');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value.url.trim());
  } catch {
    problems.push(`the composer repository "${value.url.slice(0, 200)}" is not an absolute URL; ignored`);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`the composer repository ${url.protocol}//${url.host} is not http(s); not asked`);
    return undefined;
  }
  if (url.protocol === 'http:' && secureHttp) {
    problems.push(`the composer repository http://${url.host} is plain http and secure-http is on (Composer refuses it too); not asked`);
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    // Inline http-basic: percent-encoded in the URL, for this host only.
    const origin = composerOrigin(url.href);
    if (origin !== undefined) {
      credentials[origin] = `Basic ${Buffer.from(`${decoded(url.username)}:${decoded(url.password)}`).toString('base64')}`;
    }
    url.username = '';
    url.password = '';
  }
  url.hash = '';
  let text = url.href;
  // `ComposerRepository`: packagist.org is read from repo.packagist.org.
  if (/^https?:\/\/packagist\.org\/?$/i.test(text)) {
    text = `${url.protocol}//repo.packagist.org`;
  }
  const base = text.replace(/\/+$/, '');
  const packagesJsonUrl = url.pathname.includes('.json') ? base : `${base}/packages.json`;
  const only = stringList(value.only);
  const exclude = stringList(value.exclude);
  return { url: base, packagesJsonUrl, ...(only !== undefined ? { only } : {}), ...(exclude !== undefined ? { exclude } : {}) };
}

/** `Config::merge`: a composer repository on packagist.org or a subdomain of it stands in for the default one. */
function isPackagistUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'packagist.org' || host.endsWith('.packagist.org');
  } catch {
    return false;
  }
}

function packageRepositoryNames(value: unknown): string[] {
  const packages = Array.isArray(value) ? value : [value];
  return packages.flatMap((item) => (isObject(item) && typeof item.name === 'string' && isComposerName(item.name.toLowerCase()) ? [item.name.toLowerCase()] : []));
}

/**
 * `Factory::getHomeDir`: `COMPOSER_HOME`; on Windows `%APPDATA%/Composer`; elsewhere the first of
 * `$XDG_CONFIG_HOME/composer` (when the system uses XDG) and `~/.composer` that exists.
 */
async function composerHome(sources: RegistryConfigSources): Promise<string | undefined> {
  const env = sources.env;
  if (env.COMPOSER_HOME !== undefined && env.COMPOSER_HOME.trim() !== '') {
    return env.COMPOSER_HOME.trim();
  }
  if (process.platform === 'win32') {
    return env.APPDATA !== undefined && env.APPDATA !== '' ? path.join(env.APPDATA, 'Composer') : undefined;
  }
  const candidates: string[] = [];
  if (Object.keys(env).some((name) => name.startsWith('XDG_')) || (await exists('/etc/xdg'))) {
    candidates.push(path.join(env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : path.join(sources.home, '.config'), 'composer'));
  }
  candidates.push(path.join(sources.home, '.composer'));
  for (const candidate of candidates) {
    if (await exists(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const list = value.flatMap((item) => (typeof item === 'string' && item !== '' && item.length <= 300 ? [item] : []));
  return list.length > 0 ? list : undefined;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
