import * as path from 'node:path';
import { packageId, type DeclaredLicense, type ResolvedPackage, type Resolver, type ResolverResult } from '../types';
import { parseComposerLock, parseInstalledJson, type ComposerEntry, type ComposerParseResult } from './composerLock';
import { DataReader } from '../dataFiles';

export { composerLicense, isPlatformPackage, parseComposerLock, parseInstalledJson, type ComposerEntry } from './composerLock';

interface Draft extends ComposerEntry {
  readonly source: string;
  /** `lowercase-name@version` of what it requires, matched within its own file. */
  readonly dependencies: readonly string[];
}

/**
 * The Composer packages of a project folder: `composer.lock`, and what is installed according to
 * `<vendor>/composer/installed.json` (vendor folder from `COMPOSER_VENDOR_DIR`, composer.json
 * `config.vendor-dir`, else `vendor`). Records of one package and version become one: the lock
 * names the `source`, the install gives `path`, and it is `dev` only when no file puts it in `packages`.
 */
export const resolveComposer: Resolver = async (projectDir, options) => {
  const reader = new DataReader(projectDir);
  const drafts: Draft[] = [];
  try {
    const lockFile = path.join(projectDir, 'composer.lock');
    const lockText = await reader.read(lockFile);
    if (lockText !== undefined) {
      drafts.push(...toDrafts(safeParse(() => parseComposerLock(lockText)), 'composer.lock', lockFile, reader));
    }
    const vendorDir = await vendorFolder(projectDir, options.env, reader);
    const installedFile = path.join(vendorDir, 'composer', 'installed.json');
    const installedText = await reader.read(installedFile);
    if (installedText !== undefined) {
      const label = reader.label(installedFile);
      drafts.push(...toDrafts(safeParse(() => parseInstalledJson(installedText, vendorDir, label)), label, installedFile, reader));
    }
  } catch (error) {
    reader.problem(projectDir, `Composer packages could not be read completely (${error instanceof Error ? error.message : String(error)})`);
  }
  return { packages: mergeDrafts(drafts), files: reader.files, problems: reader.problems } satisfies ResolverResult;
};

async function vendorFolder(projectDir: string, env: Readonly<Record<string, string | undefined>>, reader: DataReader): Promise<string> {
  const fromEnv = env.COMPOSER_VENDOR_DIR?.trim();
  if (fromEnv) {
    return path.resolve(projectDir, fromEnv);
  }
  const manifest = path.join(projectDir, 'composer.json');
  const text = await new DataReader(projectDir).read(manifest);
  if (text !== undefined) {
    try {
      const config = (JSON.parse(text) as { config?: { 'vendor-dir'?: unknown } } | null)?.config;
      if (typeof config?.['vendor-dir'] === 'string' && config['vendor-dir'].trim() !== '') {
        reader.files.push(manifest);
        return path.resolve(projectDir, config['vendor-dir'].trim());
      }
    } catch {
      // A broken composer.json is the manifest parser's to report; the default folder applies.
    }
  }
  return path.join(projectDir, 'vendor');
}

function safeParse(parse: () => ComposerParseResult): ComposerParseResult {
  try {
    return parse();
  } catch (error) {
    return { entries: [], problems: [`cannot be read (${error instanceof Error ? error.message : String(error)})`] };
  }
}

function toDrafts(parsed: ComposerParseResult, source: string, file: string, reader: DataReader): Draft[] {
  if (parsed.problems.length > 0) {
    reader.problem(file, parsed.problems.join('; '));
  }
  const versions = new Map<string, string>();
  for (const entry of parsed.entries) {
    versions.set(entry.name.toLowerCase(), entry.version);
  }
  return parsed.entries.map((entry) => ({
    ...entry,
    source,
    dependencies: entry.requires.flatMap((name) => {
      const version = versions.get(name);
      return version !== undefined && name !== entry.name.toLowerCase() ? [`${name}@${version}`] : [];
    }),
  }));
}

/** One package per lower-case name and version; dependency ids use the first spelling of each name. */
function mergeDrafts(drafts: readonly Draft[]): ResolvedPackage[] {
  const spelling = new Map<string, string>();
  const groups = new Map<string, Draft[]>();
  for (const draft of drafts) {
    const name = draft.name.toLowerCase();
    if (!spelling.has(name)) {
      spelling.set(name, draft.name);
    }
    const key = `${name}@${draft.version}`;
    groups.set(key, [...(groups.get(key) ?? []), draft]);
  }
  const idOf = (key: string): string => {
    const at = key.lastIndexOf('@');
    return packageId(spelling.get(key.slice(0, at)) ?? key.slice(0, at), key.slice(at + 1));
  };
  return [...groups.values()].map((group) => {
    const first = group[0];
    const license: DeclaredLicense | undefined = group.find((draft) => draft.license)?.license;
    const hashes = group.flatMap((draft) => draft.hashes).filter((hash, index, all) => all.findIndex((other) => other.hex === hash.hex) === index);
    const dependencies = [...new Set(group.flatMap((draft) => draft.dependencies))].map(idOf);
    const known = group.filter((draft) => draft.scopeKnown);
    const dev = known.length > 0 && known.every((draft) => draft.dev);
    const installed = group.find((draft) => draft.path !== undefined)?.path;
    const funding = group.find((draft) => draft.funding)?.funding;
    const repository = group.find((draft) => draft.repository !== undefined)?.repository;
    const archive = group.find((draft) => draft.downloadUrl !== undefined)?.downloadUrl;
    return {
      ecosystem: 'composer',
      name: spelling.get(first.name.toLowerCase()) ?? first.name,
      version: first.version,
      ...(license ? { license } : {}),
      source: first.source,
      ...(hashes.length > 0 ? { hashes } : {}),
      ...(dependencies.length > 0 ? { dependencies } : {}),
      ...(dev ? { scope: 'dev' as const } : {}),
      ...(installed !== undefined ? { path: installed } : {}),
      ...(funding ? { funding } : {}),
      ...(repository !== undefined ? { repository } : {}),
      ...(archive !== undefined ? { downloadUrl: archive } : {}),
    } satisfies ResolvedPackage;
  });
}
