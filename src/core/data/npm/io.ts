import { promises as fs, readdir, readFile, readlink, realpath, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { MAX_DATA_FILE_BYTES } from '../types';

/**
 * Runs at most `max` file-system operations at a time; the rest wait in order. The common
 * operations go through Node's callback API and resolve with the error instead of rejecting:
 * in Node 20 that is several times cheaper than `fs.promises` (above all for the missing
 * `node_modules` of most packages), and no promise is made just to wait for a slot.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private head = 0;

  constructor(private readonly max: number) {}

  private readonly release = (): void => {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head];
      this.waiting[this.head++] = noop;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      next();
    } else {
      this.active--;
    }
  };

  /** Starts `start` now, or when a slot frees; it must call `done` exactly once. */
  private schedule(start: (done: () => void) => void): void {
    if (this.active < this.max) {
      this.active++;
      start(this.release);
    } else {
      this.waiting.push(() => start(this.release));
    }
  }

  /**
   * `readdir` with file types: the entries, or the error. Not counted against the limit: a
   * directory scan is one thread-pool job that opens and closes its descriptor inside it, so it
   * never holds one across event-loop turns, and queueing these scans costs more than it saves.
   */
  listFolder(dir: string): Promise<Dirent[] | NodeJS.ErrnoException> {
    return new Promise((resolve) => {
      const attempt = (tries: number): void =>
        readdir(dir, { withFileTypes: true }, (error, entries) => {
          if (error && tooManyOpen(error) && tries < MAX_RETRIES) {
            setTimeout(() => attempt(tries + 1), RETRY_DELAY_MS * (tries + 1));
          } else {
            resolve(error ?? entries);
          }
        });
      attempt(0);
    });
  }

  /** The target of a symbolic link as written in it, or the error. Holds no descriptor: not counted. */
  readLink(link: string): Promise<string | NodeJS.ErrnoException> {
    return new Promise((resolve) => readlink(link, (error, target) => resolve(error ?? target)));
  }

  /** The canonical path (the operating system's own `realpath`), or the error. Holds no descriptor: not counted. */
  realPath(file: string): Promise<string | NodeJS.ErrnoException> {
    return new Promise((resolve) => realpath.native(file, (error, resolved) => resolve(error ?? resolved)));
  }

  /** A whole file as UTF-8: the text, or the error. */
  readText(file: string): Promise<string | NodeJS.ErrnoException> {
    return new Promise((resolve) => {
      const attempt = (tries: number): void =>
        this.schedule((done) =>
          readFile(file, 'utf8', (error, text) => {
            done();
            if (error && tooManyOpen(error) && tries < MAX_RETRIES) {
              setTimeout(() => attempt(tries + 1), RETRY_DELAY_MS * (tries + 1));
            } else {
              resolve(error ?? text);
            }
          }),
        );
      attempt(0);
    });
  }

  /** Any other operation, as a promise. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.schedule((done) => {
        task().then(
          (value) => {
            done();
            resolve(value);
          },
          (error: unknown) => {
            done();
            reject(error);
          },
        );
      }),
    );
  }
}

function noop(): void {}

/** Another process (or this one) holds too many files open: worth trying again shortly. */
function tooManyOpen(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EMFILE' || error.code === 'ENFILE';
}

const MAX_RETRIES = 10;
const RETRY_DELAY_MS = 10;

/** The error code of a failed file-system call (`ENOENT`, …), or undefined. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A one-line description of what went wrong. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0].trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** A file that is absent or not a file (a folder, a dangling link): not worth a problem. */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** Reads a data file (lockfile, workspace list) as text, refusing anything over MAX_DATA_FILE_BYTES. */
export async function readDataFile(limiter: Limiter, file: string, maxBytes = MAX_DATA_FILE_BYTES): Promise<string> {
  return limiter.run(async () => {
    const handle = await fs.open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) {
        throw new Error(`larger than ${maxBytes} bytes`);
      }
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  });
}

/** Reads at most `maxBytes` of a text file (license texts are small; a huge file is cut, not refused). */
export async function readTextPrefix(limiter: Limiter, file: string, maxBytes: number): Promise<string> {
  return limiter.run(async () => {
    const handle = await fs.open(file, 'r');
    try {
      const buffer = Buffer.alloc(maxBytes);
      const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
      return buffer.toString('utf8', 0, bytesRead);
    } finally {
      await handle.close();
    }
  });
}

/** `from`-relative path with forward slashes, for messages a user reads. */
export function relativeLabel(from: string, to: string): string {
  if (to.length > from.length && to.startsWith(from) && to[from.length] === path.sep) {
    const inside = to.slice(from.length + 1);
    return path.sep === '/' ? inside : inside.split(path.sep).join('/');
  }
  const relative = path.relative(from, to);
  return (relative === '' ? '.' : relative).split(path.sep).join('/');
}

/** A plain JSON object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A string, or a number written where a string belongs (YAML reads `1.10` as a number). */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}
