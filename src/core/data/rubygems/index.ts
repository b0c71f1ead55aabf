import * as path from 'node:path';
import { packageId, type DeclaredLicense, type PackageHash, type ResolvedPackage, type Resolver, type ResolverResult } from '../types';
import { DataReader, isDirectory, listFolder } from '../dataFiles';
import { fundingUrls } from '../funding';
import { codeHostLocation } from '../repository';
import { parseGemfileLock, type GemfileLock } from './gemfileLock';
import { parseGemspec, type GemspecInfo } from './gemspec';

export { parseGemfileLock, type GemfileLock, type LockedGem } from './gemfileLock';
export { parseGemspec, type GemspecInfo } from './gemspec';

interface GemDraft {
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly license?: DeclaredLicense;
  readonly hashes: readonly PackageHash[];
  /** `name@version` within the same source. */
  readonly dependencies: readonly string[];
  readonly direct: boolean;
  readonly path?: string;
  readonly funding?: readonly string[];
  readonly repository?: string;
}

interface InstalledSpec {
  readonly info: GemspecInfo & { readonly name: string; readonly version: string };
  readonly file: string;
  /** `<…>/gems/<name>-<version>[-platform]` when that folder exists. */
  readonly folder?: string;
}

/** Gemspecs read at the same time. */
const CONCURRENCY = 16;

/**
 * The gems of a project folder: `Gemfile.lock` (versions, graph, `DEPENDENCIES` as direct,
 * `CHECKSUMS` hashes), the gems installed into the project (`vendor/bundle`, or the `BUNDLE_PATH`
 * of the environment or `.bundle/config`; each `*\/*\/specifications/*.gemspec`) and, for licenses
 * and funding only, the matching specifications in `GEM_HOME`/`GEM_PATH` (shared by every project, so they add
 * no packages). A gem locked for several platforms is one package: versions are compared without
 * the platform suffix. The project's own gem (`PATH` with `remote: .`) is not a package; what it
 * depends on is direct.
 */
export const resolveRubygems: Resolver = async (projectDir, options) => {
  const reader = new DataReader(projectDir);
  const drafts: GemDraft[] = [];
  try {
    const lockFile = path.join(projectDir, 'Gemfile.lock');
    const lockText = await reader.read(lockFile);
    if (lockText !== undefined) {
      const lock = safeParseLock(lockText);
      lock.problems.forEach((problem) => reader.problem(lockFile, problem));
      drafts.push(...lockDrafts(lock));
    }
    const bundled: InstalledSpec[] = [];
    for (const bundlePath of await bundlePaths(projectDir, options.env, reader)) {
      bundled.push(...(await readSpecifications(reader, await specificationFolders(bundlePath), () => true)));
    }
    drafts.push(...installedDrafts(bundled, reader));
    const known = new Set(drafts.map((draft) => `${draft.name}-${draft.version}`));
    const shared = await readSpecifications(reader, gemHomeFolders(options.env), (fileName) => wantedSpec(fileName, known));
    const sharedByKey = new Map(shared.map((spec) => [`${spec.info.name}@${spec.info.version}`, spec]));
    const enriched = drafts.map((draft) => {
      const spec = sharedByKey.get(`${draft.name}@${draft.version}`);
      if (!spec || (draft.license && draft.path !== undefined && draft.funding && draft.repository !== undefined)) {
        return draft;
      }
      const license = draft.license ?? gemLicense(spec);
      const funding = draft.funding ?? gemFunding(spec);
      const repository = draft.repository ?? gemRepository(spec);
      return {
        ...draft,
        ...(license ? { license } : {}),
        ...(draft.path === undefined && spec.folder !== undefined ? { path: spec.folder } : {}),
        ...(funding ? { funding } : {}),
        ...(repository !== undefined ? { repository } : {}),
      };
    });
    drafts.splice(0, drafts.length, ...enriched);
  } catch (error) {
    reader.problem(projectDir, `gems could not be read completely (${error instanceof Error ? error.message : String(error)})`);
  }
  return { packages: mergeDrafts(drafts), files: reader.files, problems: reader.problems } satisfies ResolverResult;
};

function safeParseLock(text: string): GemfileLock {
  try {
    return parseGemfileLock(text);
  } catch (error) {
    return { gems: [], direct: [], checksums: new Map(), platforms: [], problems: [`cannot be read (${error instanceof Error ? error.message : String(error)})`] };
  }
}

function isProjectItself(section: string, remote: string | undefined): boolean {
  return section === 'PATH' && (remote === '.' || remote === './' || remote === '');
}

function lockDrafts(lock: GemfileLock): GemDraft[] {
  const versions = new Map<string, Set<string>>();
  const direct = new Set(lock.direct);
  for (const gem of lock.gems) {
    if (isProjectItself(gem.section, gem.remote)) {
      gem.dependencies.forEach((name) => direct.add(name));
      continue;
    }
    versions.set(gem.name, (versions.get(gem.name) ?? new Set()).add(gem.version));
  }
  return lock.gems
    .filter((gem) => !isProjectItself(gem.section, gem.remote))
    .map((gem) => ({
      name: gem.name,
      version: gem.version,
      source: 'Gemfile.lock',
      hashes: lock.checksums.get(`${gem.name} (${gem.version}${gem.platform ? `-${gem.platform}` : ''})`) ?? [],
      dependencies: gem.dependencies.flatMap((name) => [...(versions.get(name) ?? [])].map((version) => `${name}@${version}`)),
      direct: direct.has(gem.name),
    }));
}

function installedDrafts(specs: readonly InstalledSpec[], reader: DataReader): GemDraft[] {
  const versions = new Map<string, Set<string>>();
  for (const spec of specs) {
    versions.set(spec.info.name, (versions.get(spec.info.name) ?? new Set()).add(spec.info.version));
  }
  return specs.map((spec) => {
    const license = gemLicense(spec);
    const funding = gemFunding(spec);
    const repository = gemRepository(spec);
    return {
      name: spec.info.name,
      version: spec.info.version,
      source: reader.label(path.dirname(path.dirname(path.dirname(path.dirname(spec.file))))),
      ...(license ? { license } : {}),
      hashes: [],
      dependencies: spec.info.dependencies.flatMap((name) => [...(versions.get(name) ?? [])].map((version) => `${name}@${version}`)),
      direct: false,
      ...(spec.folder !== undefined ? { path: spec.folder } : {}),
      ...(funding ? { funding } : {}),
      ...(repository !== undefined ? { repository } : {}),
    };
  });
}

/** A specification's `funding_uri` metadata, where it is an https URL. */
function gemFunding(spec: InstalledSpec): readonly string[] | undefined {
  return fundingUrls([spec.info.fundingUri]);
}

/** A specification's `source_code_uri` metadata, else a home page on a code host (a project's website says nothing of who governs it). */
function gemRepository(spec: InstalledSpec): string | undefined {
  const uri = spec.info.sourceUri;
  return uri === undefined ? undefined : codeHostLocation(uri);
}

/**
 * A gemspec's licenses: one as a string, several as a list. RubyGems does not say how several
 * combine (`["MIT", "Ruby"]` is often a choice, sometimes not), so the list is left for the
 * evaluator, which ANDs it: the cautious reading.
 */
function gemLicense(spec: InstalledSpec): DeclaredLicense | undefined {
  const { licenses } = spec.info;
  if (licenses.length === 0) {
    return undefined;
  }
  return { value: licenses.length === 1 ? licenses[0] : licenses, source: `${path.basename(spec.file)} ${licenses.length === 1 ? 'license' : 'licenses'}` };
}

/** Where Bundler installs into the project: `BUNDLE_PATH` from the environment or `.bundle/config`, and `vendor/bundle`. */
async function bundlePaths(projectDir: string, env: Readonly<Record<string, string | undefined>>, reader: DataReader): Promise<string[]> {
  const candidates: string[] = [];
  const fromEnv = env.BUNDLE_PATH?.trim();
  if (fromEnv) {
    candidates.push(path.resolve(projectDir, fromEnv));
  }
  const configFile = path.join(projectDir, '.bundle', 'config');
  const config = await reader.read(configFile, 1024 * 1024);
  const configured = config === undefined ? undefined : /^BUNDLE_PATH:\s*["']?([^"'\r\n]+?)["']?\s*$/m.exec(config)?.[1];
  if (configured) {
    candidates.push(path.resolve(projectDir, configured));
  }
  candidates.push(path.join(projectDir, 'vendor', 'bundle'));
  return [...new Set(candidates)];
}

/** `<bundle path>/<engine>/<abi>/specifications` (`vendor/bundle/ruby/3.3.0/specifications`). */
async function specificationFolders(bundlePath: string): Promise<string[]> {
  const folders: string[] = [];
  for (const engine of await listFolder(bundlePath)) {
    if (!engine.isDirectory) {
      continue;
    }
    for (const abi of await listFolder(path.join(bundlePath, engine.name))) {
      const folder = path.join(bundlePath, engine.name, abi.name, 'specifications');
      if (abi.isDirectory && (await isDirectory(folder))) {
        folders.push(folder);
      }
    }
  }
  return folders;
}

function gemHomeFolders(env: Readonly<Record<string, string | undefined>>): string[] {
  const homes = [env.GEM_HOME, ...(env.GEM_PATH ?? '').split(path.delimiter)].flatMap((home) => (home && home.trim() !== '' ? [home.trim()] : []));
  return [...new Set(homes.map((home) => path.join(path.resolve(home), 'specifications')))];
}

/** Whether `rack-3.0.8.gemspec` / `nokogiri-1.16.5-x86_64-linux.gemspec` belongs to a gem already known as `name-version`. */
function wantedSpec(fileName: string, known: ReadonlySet<string>): boolean {
  const base = fileName.replace(/\.gemspec$/, '');
  if (known.has(base)) {
    return true;
  }
  for (let dash = base.indexOf('-'); dash !== -1; dash = base.indexOf('-', dash + 1)) {
    if (known.has(base.slice(0, dash))) {
      return true;
    }
  }
  return false;
}

async function readSpecifications(reader: DataReader, folders: readonly string[], wanted: (fileName: string) => boolean): Promise<InstalledSpec[]> {
  const files: string[] = [];
  for (const folder of folders) {
    for (const entry of await listFolder(folder)) {
      if (!entry.isDirectory && entry.name.endsWith('.gemspec') && wanted(entry.name)) {
        files.push(path.join(folder, entry.name));
      }
    }
  }
  const specs: InstalledSpec[] = [];
  for (let start = 0; start < files.length; start += CONCURRENCY) {
    const batch = await Promise.all(files.slice(start, start + CONCURRENCY).map((file) => readSpecification(reader, file)));
    specs.push(...batch.flatMap((spec) => (spec ? [spec] : [])));
  }
  return specs;
}

async function readSpecification(reader: DataReader, file: string): Promise<InstalledSpec | undefined> {
  const text = await reader.read(file);
  if (text === undefined) {
    return undefined;
  }
  let info: GemspecInfo;
  try {
    info = parseGemspec(text);
  } catch (error) {
    reader.problem(file, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
  const { name, version } = info;
  if (name === undefined || version === undefined) {
    reader.problem(file, `has no literal ${name === undefined ? 'name' : 'version'}`);
    return undefined;
  }
  const folder = path.join(path.dirname(path.dirname(file)), 'gems', path.basename(file).replace(/\.gemspec$/, ''));
  return { info: { ...info, name, version }, file, ...((await isDirectory(folder)) ? { folder } : {}) };
}

/** One package per name and version (platform variants fold together); the first record names the source. */
function mergeDrafts(drafts: readonly GemDraft[]): ResolvedPackage[] {
  const groups = new Map<string, GemDraft[]>();
  for (const draft of drafts) {
    const key = `${draft.name}@${draft.version}`;
    groups.set(key, [...(groups.get(key) ?? []), draft]);
  }
  const splitId = (key: string): string => {
    const at = key.lastIndexOf('@');
    return packageId(key.slice(0, at), key.slice(at + 1));
  };
  return [...groups.values()].map((group) => {
    const first = group[0];
    const license = group.find((draft) => draft.license)?.license;
    const hashes = group.flatMap((draft) => draft.hashes).filter((hash, index, all) => all.findIndex((other) => other.hex === hash.hex) === index);
    const dependencies = [...new Set(group.flatMap((draft) => draft.dependencies))].map(splitId);
    const installed = group.find((draft) => draft.path !== undefined)?.path;
    const funding = group.find((draft) => draft.funding)?.funding;
    const repository = group.find((draft) => draft.repository !== undefined)?.repository;
    return {
      ecosystem: 'rubygems',
      name: first.name,
      version: first.version,
      ...(license ? { license } : {}),
      source: first.source,
      ...(hashes.length > 0 ? { hashes } : {}),
      ...(dependencies.length > 0 ? { dependencies } : {}),
      ...(group.some((draft) => draft.direct) ? { direct: true } : {}),
      ...(installed !== undefined ? { path: installed } : {}),
      ...(funding ? { funding } : {}),
      ...(repository !== undefined ? { repository } : {}),
    } satisfies ResolvedPackage;
  });
}
