import * as path from 'node:path';
import { projectUrlFunding } from '../funding';
import { projectUrlRepository } from '../repository';
import { identifyLicenseTexts } from '../licenseText/identifyOnDemand';
import { isLicenseFileName } from '../licenseText/licenseFileNames';
import { pep503Name } from '../../policy/purl';
import { LICENSE_IN_FILE_MIN_SIMILARITY, type DeclaredLicense } from '../types';
import { DataReader, isFile, isDirectory, listFolder, realPath } from '../dataFiles';
import type { PypiDraft } from './drafts';
import { firstField, licenseFiles, licenseFromMetadata, parseCoreMetadata, requiredDistributions, type CoreMetadata } from './metadata';

/** Folder names of virtual environments inside a project; `env` and `.env` only count with a `pyvenv.cfg`. */
const ENVIRONMENT_FOLDERS: readonly { readonly name: string; readonly needsConfig: boolean }[] = [
  { name: '.venv', needsConfig: false },
  { name: 'venv', needsConfig: false },
  { name: 'env', needsConfig: true },
  { name: '.env', needsConfig: true },
];

/** License texts bigger than this are not identified: real ones are a few kilobytes. */
export const MAX_LICENSE_TEXT_BYTES = 1024 * 1024;
/** At most this many license files per distribution are identified. */
const MAX_LICENSE_FILES = 8;
/** Distributions read at the same time. */
const CONCURRENCY = 16;

/**
 * The virtual environments of a project: `.venv`, `venv` (a folder is enough), `env`, `.env` (only
 * with a `pyvenv.cfg`, since `.env` is usually a dotenv file) and the active `VIRTUAL_ENV`. Each
 * environment once, by real path.
 */
export async function findEnvironments(projectDir: string, env: Readonly<Record<string, string | undefined>>): Promise<string[]> {
  const candidates: string[] = [];
  for (const { name, needsConfig } of ENVIRONMENT_FOLDERS) {
    const folder = path.join(projectDir, name);
    if (await isFile(path.join(folder, 'pyvenv.cfg'))) {
      candidates.push(folder);
    } else if (!needsConfig && (await isDirectory(folder))) {
      candidates.push(folder);
    }
  }
  const active = env.VIRTUAL_ENV?.trim();
  if (active && (await isDirectory(path.resolve(projectDir, active)))) {
    candidates.push(path.resolve(projectDir, active));
  }
  const seen = new Set<string>();
  const result: string[] = [];
  for (const folder of candidates) {
    const real = await realPath(folder);
    if (!seen.has(real)) {
      seen.add(real);
      result.push(folder);
    }
  }
  return result;
}

/** `lib/python3.*\/site-packages` (and PyPy's `lib/pypy3.*`) on POSIX, `Lib/site-packages` on Windows. */
export async function findSitePackages(environment: string): Promise<string[]> {
  const candidates: string[] = [];
  for (const lib of ['lib', 'Lib']) {
    const libFolder = path.join(environment, lib);
    for (const entry of await listFolder(libFolder)) {
      if (entry.isDirectory && /^(python|pypy)\d/i.test(entry.name)) {
        candidates.push(path.join(libFolder, entry.name, 'site-packages'));
      }
    }
    candidates.push(path.join(libFolder, 'site-packages'));
  }
  const seen = new Set<string>();
  const result: string[] = [];
  for (const folder of candidates) {
    if (!(await isDirectory(folder))) {
      continue;
    }
    const real = await realPath(folder);
    if (!seen.has(real)) {
      seen.add(real);
      result.push(folder);
    }
  }
  return result;
}

interface InstalledDistribution {
  readonly name: string;
  readonly version: string;
  readonly license?: DeclaredLicense;
  readonly requires: readonly string[];
  readonly folder: string;
  readonly funding?: readonly string[];
  readonly repository?: string;
}

/**
 * Where one installed distribution keeps its core metadata: a `.dist-info` folder (`METADATA`), an
 * `.egg-info` folder (`PKG-INFO`), or a legacy `.egg-info` FILE that is the `PKG-INFO` itself. The
 * last is what distutils' `install_egg_info` writes (`<name>-<version>-pyX.Y.egg-info`, or without
 * `-pyX.Y` in Debian's layout); setuptools' "The Internal Structure of Python Eggs", "Eggs and their
 * Formats": the `.egg-info` format is "a file or directory placed adjacent to the project's code".
 */
interface MetadataLocation {
  readonly path: string;
  readonly kind: 'dist-info' | 'egg-info' | 'egg-info-file';
}

/**
 * The distributions installed in one environment, from each `*.dist-info/METADATA` (and legacy
 * `*.egg-info/PKG-INFO` or single-file `*.egg-info`), with `Requires-Dist` resolved to the
 * versions installed beside them.
 */
export async function readEnvironment(reader: DataReader, environment: string): Promise<PypiDraft[]> {
  const locations: MetadataLocation[] = [];
  for (const sitePackages of await findSitePackages(environment)) {
    for (const entry of await listFolder(sitePackages)) {
      const where = path.join(sitePackages, entry.name);
      if (entry.isDirectory && /\.dist-info$/i.test(entry.name)) {
        locations.push({ path: where, kind: 'dist-info' });
      } else if (/\.egg-info$/i.test(entry.name)) {
        locations.push({ path: where, kind: entry.isDirectory ? 'egg-info' : 'egg-info-file' });
      }
    }
  }
  const distributions: InstalledDistribution[] = [];
  for (let start = 0; start < locations.length; start += CONCURRENCY) {
    const batch = await Promise.all(locations.slice(start, start + CONCURRENCY).map((location) => readDistribution(reader, location)));
    distributions.push(...batch.flatMap((distribution) => (distribution ? [distribution] : [])));
  }
  const installed = new Map<string, string>();
  for (const distribution of distributions) {
    installed.set(pep503Name(distribution.name), distribution.version);
  }
  const source = reader.label(environment);
  return distributions.map((distribution) => ({
    name: distribution.name,
    fromMetadata: true,
    version: distribution.version,
    source,
    ...(distribution.license ? { license: distribution.license } : {}),
    hashes: [],
    dependencies: distribution.requires.flatMap((name) => {
      const version = installed.get(name);
      return version !== undefined && name !== pep503Name(distribution.name) ? [`${name}@${version}`] : [];
    }),
    scopeKnown: false,
    direct: false,
    path: distribution.folder,
    ...(distribution.funding ? { funding: distribution.funding } : {}),
    ...(distribution.repository !== undefined ? { repository: distribution.repository } : {}),
  }));
}

async function readDistribution(reader: DataReader, location: MetadataLocation): Promise<InstalledDistribution | undefined> {
  const folder = location.path;
  const metadataFile = location.kind === 'egg-info-file' ? folder : path.join(folder, location.kind === 'egg-info' ? 'PKG-INFO' : 'METADATA');
  const text = await reader.read(metadataFile);
  if (text === undefined) {
    return undefined;
  }
  const metadata = parseCoreMetadata(text);
  const name = firstField(metadata, 'Name');
  const version = firstField(metadata, 'Version');
  if (name === undefined || version === undefined) {
    reader.problem(metadataFile, `has no ${name === undefined ? 'Name' : 'Version'} field`);
    return undefined;
  }
  const where = location.kind === 'egg-info-file' ? path.basename(folder) : `${path.basename(folder)}/${path.basename(metadataFile)}`;
  // A single-file egg-info has no requires.txt beside it; its metadata (1.0–1.2) lists no distributions it needs.
  const requires = location.kind === 'egg-info' ? await eggRequirements(reader, folder) : (metadata.get('requires-dist') ?? []);
  const license = await distributionLicense(reader, location.kind === 'egg-info-file' ? undefined : folder, metadata, where);
  const funding = projectUrlFunding(metadata.get('project-url'));
  const repository = projectUrlRepository(metadata.get('project-url'), firstField(metadata, 'Home-page'));
  return { name, version, ...(license ? { license } : {}), requires: requiredDistributions(requires), folder, ...(funding ? { funding } : {}), ...(repository !== undefined ? { repository } : {}) };
}

/** The unconditional lines of an egg-info `requires.txt` (those before the first `[extra]` or `[:marker]` section). */
async function eggRequirements(reader: DataReader, folder: string): Promise<string[]> {
  const text = await reader.read(path.join(folder, 'requires.txt'));
  const lines: string[] = [];
  for (const line of (text ?? '').split(/\r?\n/)) {
    if (line.trim().startsWith('[')) {
      break;
    }
    if (line.trim() !== '' && !line.trim().startsWith('#')) {
      lines.push(line.trim());
    }
  }
  return lines;
}

/**
 * The metadata's declared license; failing that (or when it is vague: `License: BSD`, the `BSD
 * License` classifier), the license files of the metadata folder identified from their text; last,
 * a `License` field that holds a whole text. A single-file egg-info (`folder` undefined) has no
 * license files.
 */
async function distributionLicense(reader: DataReader, folder: string | undefined, metadata: CoreMetadata, where: string): Promise<DeclaredLicense | undefined> {
  const declared = licenseFromMetadata(metadata, where);
  const found = folder === undefined ? undefined : await identifyLicenseFiles(reader, folder, licenseFiles(metadata));
  if (declared.license && !declared.ambiguous) {
    // Beside the declaration, what its license files hold (full texts only), for the policy to compare.
    return found && found.confidence >= LICENSE_IN_FILE_MIN_SIMILARITY ? { ...declared.license, inFile: { ids: found.ids, file: found.files.join(', '), similarity: found.confidence } } : declared.license;
  }
  const fromFiles = found && { value: found.ids.length === 1 ? found.ids[0] : found.ids, source: `${found.files.join(', ')} text`, confidence: found.confidence };
  if (fromFiles) {
    return declared.license ? { ...fromFiles, source: `${fromFiles.source} (${declared.license.source}: ${String(declared.license.value)})` } : fromFiles;
  }
  if (declared.license) {
    return declared.license;
  }
  if (declared.text !== undefined) {
    const identified = identify(declared.text);
    if (identified) {
      return { value: identified.ids.length === 1 ? identified.ids[0] : identified.ids, source: `${where} License text`, confidence: identified.confidence };
    }
  }
  return undefined;
}

/** What a distribution's license files hold: every license, in file and text order, and the files (labelled) that held them. */
async function identifyLicenseFiles(reader: DataReader, folder: string, declaredFiles: readonly string[]): Promise<{ ids: string[]; files: string[]; confidence: number } | undefined> {
  const files = (await licenseFileCandidates(folder, declaredFiles)).slice(0, MAX_LICENSE_FILES);
  const ids: string[] = [];
  const sources: string[] = [];
  let confidence = 1;
  for (const file of files) {
    const text = await reader.read(file, MAX_LICENSE_TEXT_BYTES);
    const identified = text === undefined ? null : identify(text);
    if (!identified) {
      continue;
    }
    for (const id of identified.ids) {
      if (!ids.includes(id)) {
        ids.push(id);
      }
    }
    sources.push(path.relative(path.dirname(folder), file).split(path.sep).join('/'));
    confidence = Math.min(confidence, identified.confidence);
  }
  if (ids.length === 0) {
    return undefined;
  }
  // Several license files with different licenses all apply (bundled code): a list, which the evaluator ANDs.
  return { ids, files: sources, confidence };
}

/**
 * The license files of a distribution: each `License-File` (PEP 639 puts them under `licenses/`,
 * older wheels at the top of the dist-info folder), else whatever `licenses/` holds and any
 * top-level license file (`LICENSE`, `COPYING.txt`, …). Paths that leave the folder are ignored.
 */
async function licenseFileCandidates(folder: string, declaredFiles: readonly string[]): Promise<string[]> {
  const result: string[] = [];
  const add = (file: string): void => {
    if (!result.includes(file)) {
      result.push(file);
    }
  };
  for (const declared of declaredFiles) {
    for (const base of [path.join(folder, 'licenses'), folder]) {
      const file = path.resolve(base, declared);
      if (file.startsWith(folder + path.sep) && (await isFile(file))) {
        add(file);
        break;
      }
    }
  }
  if (result.length > 0) {
    return result;
  }
  const licenses = path.join(folder, 'licenses');
  for (const entry of await listFolder(licenses)) {
    if (entry.isDirectory) {
      for (const inner of await listFolder(path.join(licenses, entry.name))) {
        if (!inner.isDirectory) {
          add(path.join(licenses, entry.name, inner.name));
        }
      }
    } else {
      add(path.join(licenses, entry.name));
    }
  }
  for (const entry of await listFolder(folder)) {
    if (!entry.isDirectory && isLicenseFileName(entry.name)) {
      add(path.join(folder, entry.name));
    }
  }
  return result;
}

/** The shared identifier (every license a text holds), kept from throwing whatever the text. */
function identify(text: string): { ids: string[]; confidence: number } | null {
  try {
    const result = identifyLicenseTexts(text);
    return result && result.ids.length > 0 && result.ids.every((id) => typeof id === 'string' && id !== '') ? result : null;
  } catch {
    return null;
  }
}
