import { jsonSyntaxProblem } from '../../policy/jsonText';
import * as path from 'node:path';
import { downloadUrl } from '../downloadUrl';
import { fundingField } from '../funding';
import { repositoryLocation } from '../repository';
import type { DeclaredLicense, PackageHash } from '../types';

/** One package as `composer.lock` or `vendor/composer/installed.json` records it, before the graph is matched. */
export interface ComposerEntry {
  readonly name: string;
  readonly version: string;
  readonly license?: DeclaredLicense;
  readonly hashes: readonly PackageHash[];
  /** Lower-case names from `require`, platform packages (`php`, `ext-*`, `lib-*`, `composer-*`) left out. */
  readonly requires: readonly string[];
  readonly scopeKnown: boolean;
  readonly dev: boolean;
  readonly path?: string;
  /** `funding: [{ url, type }]`, as URLs. */
  readonly funding?: readonly string[];
  /** `source.url`: where Composer clones it from, as a {@link repositoryLocation}. */
  readonly repository?: string;
  /** `dist.url`: the archive Composer installs it from. */
  readonly downloadUrl?: string;
}

export interface ComposerParseResult {
  readonly entries: readonly ComposerEntry[];
  readonly problems: readonly string[];
}

/**
 * `composer.lock`: `packages` and `packages-dev` (the dev scope). `version` is kept as written
 * (`v6.4.8` stays `v6.4.8`: it is the tag the registry and `composer show` use, and the version
 * comparison accepts the `v`). `license` is an array that Composer documents as a choice, so two
 * entries become `A OR B`. `require` gives the graph; `dist.shasum` (SHA-1, often empty) the hash.
 */
export function parseComposerLock(text: string): ComposerParseResult {
  const data = parseJson(text);
  if ('problem' in data) {
    return { entries: [], problems: [data.problem] };
  }
  if (!isObject(data.value)) {
    return { entries: [], problems: ['is not a composer.lock: expected a JSON object'] };
  }
  const problems: string[] = [];
  const entries = [
    ...readPackages(data.value.packages, 'packages', { scopeKnown: true, dev: false }, 'composer.lock', problems),
    ...readPackages(data.value['packages-dev'], 'packages-dev', { scopeKnown: true, dev: true }, 'composer.lock', problems),
  ];
  return { entries, problems };
}

/**
 * `vendor/composer/installed.json`: Composer 1 wrote an array of packages, Composer 2 writes
 * `{ packages: [...], dev: bool, "dev-package-names": [...] }` (the dev scope) with each
 * `install-path` relative to `vendor/composer`. `vendorDir` is where the packages are installed.
 */
export function parseInstalledJson(text: string, vendorDir: string, label = 'vendor/composer/installed.json'): ComposerParseResult {
  const data = parseJson(text);
  if ('problem' in data) {
    return { entries: [], problems: [data.problem] };
  }
  const problems: string[] = [];
  if (Array.isArray(data.value)) {
    const entries = readPackages(data.value, '', { scopeKnown: false, dev: false }, label, problems).map((entry) => ({
      ...entry,
      path: path.join(vendorDir, ...entry.name.split('/')),
    }));
    return { entries, problems };
  }
  if (!isObject(data.value) || !Array.isArray(data.value.packages)) {
    return { entries: [], problems: ['is not an installed.json: expected a list of packages'] };
  }
  const devNames = Array.isArray(data.value['dev-package-names'])
    ? new Set(data.value['dev-package-names'].flatMap((name) => (typeof name === 'string' ? [name.toLowerCase()] : [])))
    : undefined;
  const raw = data.value.packages;
  const entries = readPackages(raw, 'packages', { scopeKnown: devNames !== undefined, dev: false }, label, problems).map((entry) => {
    const item = raw.find((candidate) => isObject(candidate) && candidate.name === entry.name);
    const installPath = isObject(item) && typeof item['install-path'] === 'string' ? path.resolve(vendorDir, 'composer', item['install-path']) : path.join(vendorDir, ...entry.name.split('/'));
    return { ...entry, dev: devNames?.has(entry.name.toLowerCase()) ?? false, path: installPath };
  });
  return { entries, problems };
}

/** Composer's license array as one value: a single id as is, several as a disjunction (parenthesised where compound). */
export function composerLicense(value: unknown, source: string): DeclaredLicense | undefined {
  const list = (Array.isArray(value) ? value : [value]).flatMap((item) => (typeof item === 'string' && item.trim() !== '' ? [item.trim()] : []));
  const unique = [...new Set(list)];
  if (unique.length === 0) {
    return undefined;
  }
  if (unique.length === 1) {
    return { value: unique[0], source };
  }
  return { value: unique.map((item) => (/\s/.test(item) && !/^\(.*\)$/.test(item) ? `(${item})` : item)).join(' OR '), source };
}

/** `php`, `php-64bit`, `hhvm`, `ext-json`, `lib-icu`, `composer-plugin-api`, … are the platform, not packages. */
export function isPlatformPackage(name: string): boolean {
  return /^(php(-\w+)?|hhvm|composer(-[\w-]+)?|ext-.+|lib-.+)$/i.test(name) || !name.includes('/');
}

function readPackages(
  list: unknown,
  where: string,
  scope: { scopeKnown: boolean; dev: boolean },
  file: string,
  problems: string[],
): ComposerEntry[] {
  if (list === undefined || list === null) {
    return [];
  }
  if (!Array.isArray(list)) {
    problems.push(`"${where || 'packages'}" is not a list`);
    return [];
  }
  const entries: ComposerEntry[] = [];
  let skipped = 0;
  for (const item of list) {
    if (!isObject(item) || typeof item.name !== 'string' || item.name === '' || typeof item.version !== 'string' || item.version === '') {
      skipped++;
      continue;
    }
    const license = composerLicense(item.license, `${file} license`);
    const dist = isObject(item.dist) ? item.dist : {};
    const shasum = typeof dist.shasum === 'string' ? dist.shasum.trim().toLowerCase() : '';
    const requires = isObject(item.require) ? Object.keys(item.require).filter((name) => !isPlatformPackage(name)).map((name) => name.toLowerCase()) : [];
    const funding = fundingField(item.funding);
    const repository = repositoryLocation(isObject(item.source) ? item.source.url : undefined);
    const archive = downloadUrl(dist.url);
    entries.push({
      name: item.name,
      version: item.version,
      ...(license ? { license } : {}),
      hashes: /^[0-9a-f]{40}$/.test(shasum) ? [{ algorithm: 'SHA-1', hex: shasum }] : [],
      requires,
      ...scope,
      ...(funding ? { funding } : {}),
      ...(repository !== undefined ? { repository } : {}),
      ...(archive !== undefined ? { downloadUrl: archive } : {}),
    });
  }
  if (skipped > 0) {
    problems.push(`${skipped} ${skipped === 1 ? 'entry' : 'entries'}${where ? ` of "${where}"` : ''} without a name or version skipped`);
  }
  return entries;
}

function parseJson(text: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: jsonSyntaxProblem(error) };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
