import { promises as fs } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readBoundedText } from '../files/boundedReader';
import { MAX_DATA_FILE_BYTES } from './types';

/** What reading one data file gave: its text, nothing (not there), or why it could not be read. */
export type ReadOutcome = { readonly text: string } | { readonly missing: true } | { readonly error: string };

/**
 * Reads a UTF-8 file without throwing; files above `MAX_DATA_FILE_BYTES` are refused. A folder
 * where a file was expected counts as missing; a device, a FIFO or a link loop is an error.
 */
export async function readDataFile(file: string): Promise<ReadOutcome> {
  const read = await readBoundedText(file, { maxBytes: MAX_DATA_FILE_BYTES });
  if (read.kind === 'text') {
    return { text: read.text };
  }
  return read.kind === 'missing' || read.cause === 'folder' ? { missing: true } : { error: read.reason };
}

/** The entries of a folder; none when it is missing or unreadable. */
export async function listFolder(folder: string): Promise<{ name: string; isDirectory: boolean }[]> {
  try {
    const entries = await fs.readdir(folder, { withFileTypes: true });
    const result: { name: string; isDirectory: boolean }[] = [];
    for (const entry of entries) {
      // Symbolic links are followed: a venv's `lib64` or a linked site-packages is still a folder.
      const directory = entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(path.join(folder, entry.name))));
      result.push({ name: entry.name, isDirectory: directory });
    }
    return result.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

export async function isDirectory(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory();
  } catch {
    return false;
  }
}

/** `1-based line` of an offset, for one-line problems. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
  }
  return line;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Maps with at most `limit` calls in flight, keeping the order of `items`. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Whether `child` is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Reads the files of one resolver run and keeps its account: every file read goes to `files`,
 * every file that exists but cannot be read goes to `problems` as one line. A missing file is
 * not a problem: most projects have only some of the files a resolver looks for.
 */
export class DataReader {
  readonly files: string[] = [];
  readonly problems: string[] = [];

  constructor(private readonly projectDir: string) {}

  /** The text of a file, or undefined when it is missing, too big or unreadable (the last two noted). */
  async read(file: string, maxBytes = MAX_DATA_FILE_BYTES): Promise<string | undefined> {
    const read = await readBoundedText(file, { maxBytes });
    if (read.kind === 'text') {
      this.files.push(file);
      return read.text;
    }
    if (read.kind === 'refused' && read.cause !== 'folder') {
      this.problem(file, read.reason);
    }
    return undefined;
  }

  /** Notes a one-line problem about a file, naming it relative to the project where it lies inside. */
  problem(file: string, message: string): void {
    this.problems.push(`${this.label(file)}: ${oneLine(message)}`);
  }

  /** A file's name for the user: relative to the project folder when inside it, else absolute. */
  label(file: string): string {
    const relative = path.relative(this.projectDir, file);
    return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
  }
}

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** The real path, so one folder reached two ways (`lib` and `Lib`, a symlink) is read once. */
export async function realPath(file: string): Promise<string> {
  try {
    return await fs.realpath(file);
  } catch {
    return path.resolve(file);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
