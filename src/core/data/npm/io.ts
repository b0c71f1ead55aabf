import { closeSync, constants as fsConstants, promises as fs, openSync, readdirSync, readlink, readSync, realpath, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MAX_DATA_FILE_BYTES } from '../types';

/**
 * How long one slice of synchronous reads may hold the event loop, in milliseconds. Between
 * slices everything else the process has to do runs (an editor stays responsive); a slow disk
 * stretches a slice by at most the one read that was in progress.
 */
const SLICE_MS = 4;
/** Read buffer of a whole-file read, reused: far above a typical package.json, which then takes one read plus one to see the end. */
const READ_BUFFER_BYTES = 64 * 1024;
/** Opening a FIFO (or a device) named package.json must not wait for a writer; no effect on files, absent on Windows. */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

/**
 * The file-system work of a walk. The two calls made once per package, `readText` and
 * `listFolder`, are synchronous calls queued and run in time-bounded slices (`SLICE_MS`), each
 * slice in its own event-loop turn: on pages the system has cached, one synchronous read costs a
 * few microseconds, while an asynchronous one pays a thread-pool round trip for each of open,
 * stat, read and close, which measured about seven times the whole work of the walk. Only one
 * descriptor is ever open for them, only for the length of one call. Everything else (`run`) is
 * asynchronous with at most `max` operations at a time, the rest waiting in order.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private head = 0;
  /** Queued synchronous calls, run from `sliceHead` on. */
  private readonly slice: Array<() => void> = [];
  private sliceHead = 0;
  private sliceScheduled = false;
  private readonly buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

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

  /** Queues a synchronous call for the next slice. */
  private queue(call: () => void): void {
    this.slice.push(call);
    if (!this.sliceScheduled) {
      this.sliceScheduled = true;
      setImmediate(this.runSlice);
    }
  }

  /**
   * Runs queued calls until none is left or the slice's time is up. The promises they settle
   * continue after it (as microtasks of this turn), queueing the next calls for the next slice.
   */
  private readonly runSlice = (): void => {
    const deadline = performance.now() + SLICE_MS;
    const calls = this.slice;
    while (this.sliceHead < calls.length) {
      const call = calls[this.sliceHead];
      calls[this.sliceHead++] = noop;
      call();
      if (performance.now() >= deadline) {
        break;
      }
    }
    if (this.sliceHead === calls.length) {
      calls.length = 0;
      this.sliceHead = 0;
      this.sliceScheduled = false;
    } else {
      if (this.sliceHead > 1024 && this.sliceHead * 2 > calls.length) {
        calls.splice(0, this.sliceHead);
        this.sliceHead = 0;
      }
      setImmediate(this.runSlice);
    }
  };

  /** Runs `call` in a slice, trying again a little later while the process is out of descriptors. */
  private inSlice<T>(call: () => T | NodeJS.ErrnoException): Promise<T | NodeJS.ErrnoException> {
    return new Promise((resolve) => {
      const attempt = (tries: number): void =>
        this.queue(() => {
          const result = call();
          if (result instanceof Error && tooManyOpen(result) && tries < MAX_RETRIES) {
            setTimeout(() => attempt(tries + 1), RETRY_DELAY_MS * (tries + 1));
          } else {
            resolve(result);
          }
        });
      attempt(0);
    });
  }

  /** `readdir` with file types: the entries, or the error. */
  listFolder(dir: string): Promise<Dirent[] | NodeJS.ErrnoException> {
    return this.inSlice(() => {
      try {
        return readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        return error as NodeJS.ErrnoException;
      }
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

  /** A whole file as UTF-8: the text, or the error (also for a file over MAX_DATA_FILE_BYTES). */
  readText(file: string): Promise<string | NodeJS.ErrnoException> {
    return this.inSlice(() => this.readWholeFile(file));
  }

  private readWholeFile(file: string): string | NodeJS.ErrnoException {
    let fd: number;
    try {
      fd = openSync(file, OPEN_FLAGS);
    } catch (error) {
      return error as NodeJS.ErrnoException;
    }
    try {
      let buffer = this.buffer;
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          if (length > MAX_DATA_FILE_BYTES) {
            return new Error(`larger than ${MAX_DATA_FILE_BYTES} bytes`);
          }
          const larger = Buffer.allocUnsafe(Math.min(length * 2, MAX_DATA_FILE_BYTES + 1));
          buffer.copy(larger, 0, 0, length);
          buffer = larger;
        }
        const read = readSync(fd, buffer, length, buffer.length - length, null);
        if (read === 0) {
          return buffer.toString('utf8', 0, length);
        }
        length += read;
      }
    } catch (error) {
      return error as NodeJS.ErrnoException;
    } finally {
      closeSync(fd);
    }
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
