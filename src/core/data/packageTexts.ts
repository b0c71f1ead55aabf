import * as path from 'node:path';
import type { ResolvedPackage } from './types';
import { listFolder } from './dataFiles';
import { licenseFileNameRank } from './licenseText/licenseFileNames';
import { readBoundedBytes, readBoundedText } from '../files/boundedReader';
import { readZipDirectory, readZipEntry, type ZipDirectory } from '../files/zipArchive';

/** A license or notice file a package ships, as read. */
export interface ShippedText {
  readonly kind: 'license' | 'notice';
  /** Where it is, for people: `LICENSE`, `licenses/LICENSE.txt`, `commons-lang3-3.12.0.jar!/META-INF/NOTICE.txt`. */
  readonly file: string;
  readonly text: string;
}

export interface ShippedTexts {
  /** Whether the package's files were there to look in (its folder, its jar). */
  readonly found: boolean;
  readonly texts: readonly ShippedText[];
  /** Files that are there but could not be read, one line each. */
  readonly problems: readonly string[];
}

/** No license or notice file comes close; a larger one is some other document. */
const MAX_TEXT_BYTES = 1024 * 1024;
/** A jar is read whole to reach its META-INF folder; larger ones are said, not read. */
const MAX_JAR_BYTES = 64 * 1024 * 1024;
const MAX_JAR_ENTRIES = 200_000;
/** Files taken from one package at most: a folder of hundreds of LICENSE-* files is not a package's license. */
const MAX_FILES = 8;

/** NOTICE, NOTICE.txt, NOTICE.md: the file Apache-2.0 §4(d) asks to be passed on. */
const NOTICE_NAME = /^notice(?:\.(?:txt|md|markdown|rst))?$/i;

/** Which files to read: license files only (a comparison with the declaration), and how many at most. */
export interface ShippedTextsOptions {
  readonly licensesOnly?: boolean;
  readonly maxFiles?: number;
}

/**
 * The license and NOTICE files an installed package ships, from the folder its resolver found
 * (`ResolvedPackage.path`): the package folder (npm, Cargo, Go, Composer, RubyGems), the `.dist-info`
 * folder and its `licenses/` (PyPI, PEP 639), the jar's `META-INF/` (Maven). Nothing when it is not
 * installed here. Only the files `options` asks for are read.
 */
export async function shippedTexts(item: ResolvedPackage, options: ShippedTextsOptions = {}): Promise<ShippedTexts> {
  if (item.path === undefined) {
    return { found: false, texts: [], problems: [] };
  }
  if (item.ecosystem === 'maven') {
    return jarTexts(item.path, item.name, item.version, options);
  }
  const entries = await listFolder(item.path);
  if (entries.length === 0) {
    return { found: false, texts: [], problems: [] };
  }
  const candidates = await folderCandidates(item.path, entries, item.ecosystem === 'pypi');
  const texts: ShippedText[] = [];
  const problems: string[] = [];
  for (const candidate of chosen(candidates, options)) {
    const read = await readBoundedText(path.join(item.path, candidate.file), { maxBytes: MAX_TEXT_BYTES });
    if (read.kind === 'text') {
      texts.push({ ...candidate, text: read.text });
    } else if (read.kind === 'refused') {
      problems.push(`${candidate.file} of ${item.name} ${item.version} ${read.reason}`);
    }
  }
  return { found: true, texts, problems };
}

type FolderEntry = Awaited<ReturnType<typeof listFolder>>[number];

/** A file worth reading: its kind and how good a license file name it is (`licenseFileNameRank`). */
interface Ranked {
  readonly kind: 'license' | 'notice';
  readonly rank: number;
}

interface Candidate extends Ranked {
  /** Relative to the package folder, with forward slashes. */
  readonly file: string;
}

/** What a file name says it holds: a license (best names ranked highest), a NOTICE, or neither. */
function rankedName(name: string): Ranked | undefined {
  const rank = licenseFileNameRank(name);
  return rank > 0 ? { kind: 'license', rank } : NOTICE_NAME.test(name) ? { kind: 'notice', rank: 0 } : undefined;
}

/** License files best name first (`LICENSE` before `LICENSE.md` before `COPYING` before `LICENSE-MIT`), then NOTICE files; ties by name. */
function sortRanked<T extends Ranked>(items: T[], nameOf: (item: T) => string): T[] {
  return items.sort((a, b) => (a.kind === b.kind ? b.rank - a.rank || (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0) : a.kind === 'license' ? -1 : 1));
}

/** The sorted candidates `options` asks to read. */
function chosen<T extends Ranked>(sorted: readonly T[], options: ShippedTextsOptions): readonly T[] {
  return (options.licensesOnly ? sorted.filter((item) => item.kind === 'license') : sorted).slice(0, options.maxFiles ?? MAX_FILES);
}

async function folderCandidates(folder: string, entries: readonly FolderEntry[], distInfo: boolean): Promise<Candidate[]> {
  const named: Candidate[] = [];
  // Whatever PEP 639's licenses/ holds is a license file by declaration, whatever its name.
  const declared = (name: string, file: string): void => {
    named.push({ kind: NOTICE_NAME.test(name) ? 'notice' : 'license', file, rank: 5 });
  };
  for (const entry of entries) {
    const ranked = entry.isDirectory ? undefined : rankedName(entry.name);
    if (ranked) {
      named.push({ ...ranked, file: entry.name });
    } else if (distInfo && entry.isDirectory && entry.name === 'licenses') {
      // PEP 639 keeps the source tree's paths under licenses/: one level of folders is followed.
      for (const inner of await listFolder(path.join(folder, entry.name))) {
        if (!inner.isDirectory) {
          declared(inner.name, `licenses/${inner.name}`);
        } else {
          for (const nested of await listFolder(path.join(folder, entry.name, inner.name))) {
            if (!nested.isDirectory) {
              declared(nested.name, `licenses/${inner.name}/${nested.name}`);
            }
          }
        }
      }
    }
  }
  return sortRanked(named, (item) => item.file);
}

/**
 * The `META-INF/` license and notice files of the artifact's jar: in the Maven repository folder
 * itself, or in one of the Gradle cache's per-checksum folders beside the POM.
 */
async function jarTexts(folder: string, coordinate: string, version: string, options: ShippedTextsOptions): Promise<ShippedTexts> {
  const artifactId = coordinate.slice(coordinate.indexOf(':') + 1);
  const jarName = `${artifactId}-${version}.jar`;
  let jar = path.join(folder, jarName);
  let read = await readBoundedBytes(jar, { maxBytes: MAX_JAR_BYTES });
  if (read.kind === 'missing') {
    for (const entry of await listFolder(folder)) {
      if (entry.isDirectory && /^[0-9a-f]{1,40}$/.test(entry.name)) {
        jar = path.join(folder, entry.name, jarName);
        read = await readBoundedBytes(jar, { maxBytes: MAX_JAR_BYTES });
        if (read.kind !== 'missing') {
          break;
        }
      }
    }
  }
  if (read.kind === 'missing') {
    return { found: false, texts: [], problems: [] };
  }
  if (read.kind === 'refused') {
    return { found: true, texts: [], problems: [`${jarName} ${read.reason}`] };
  }
  const directory = readZipDirectory(read.bytes, MAX_JAR_ENTRIES);
  if ('error' in directory) {
    return { found: true, texts: [], problems: [`${jarName} is not a readable jar: ${directory.error}`] };
  }
  return metaInfTexts(read.bytes, directory.ok, jarName, options);
}

function metaInfTexts(zip: Buffer, directory: ZipDirectory, jarName: string, options: ShippedTextsOptions): ShippedTexts {
  const candidates: Array<Ranked & { readonly name: string; readonly entry: ZipDirectory['entries'][number] }> = [];
  for (const entry of directory.entries) {
    const name = entry.name.startsWith('META-INF/') ? entry.name.slice('META-INF/'.length) : '';
    const ranked = name === '' || name.includes('/') ? undefined : rankedName(name);
    if (ranked) {
      candidates.push({ ...ranked, name, entry });
    }
  }
  const texts: ShippedText[] = [];
  const problems: string[] = [];
  for (const candidate of chosen(sortRanked(candidates, (item) => item.name), options)) {
    const file = `${jarName}!/META-INF/${candidate.name}`;
    const bytes = readZipEntry(zip, directory, candidate.entry, MAX_TEXT_BYTES);
    if ('error' in bytes) {
      problems.push(`${file}: ${bytes.error}`);
      continue;
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.ok);
    texts.push({ kind: candidate.kind, file, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text });
  }
  return { found: true, texts, problems };
}
