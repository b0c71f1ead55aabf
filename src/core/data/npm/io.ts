import { readdirSync, readlinkSync, realpathSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readBoundedText, readBoundedTextSync, type BoundedText } from '../../files/boundedReader';
import { MAX_DATA_FILE_BYTES } from '../types';
import { nextTurn, SLICE_MS } from '../turns';

/**
 * Runs at most `max` asynchronous file-system operations at a time; the rest wait in order. For
 * the occasional reads (lockfile, workspace folders): the walk of `node_modules`, license files
 * included, reads synchronously in slices (`slicedWork`).
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
export function tooManyOpen(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EMFILE' || error.code === 'ENFILE';
}

export const MAX_RETRIES = 10;
export const RETRY_DELAY_MS = 10;

/**
 * Synchronous steps run in time-bounded slices, each in its own event-loop turn, plus the
 * asynchronous steps they start. For a walk of thousands of small files whose pages the system
 * has cached, one synchronous call costs a few microseconds, while an asynchronous one pays a
 * thread-pool round trip (four for a whole-file read: open, stat, read, close) and a promise:
 * together several times the whole work of the walk.
 *
 * Plain data handled by module functions (`addStep`, `waitFor`, `drainWork`), not a class or a
 * closure: a walk runs thousands of steps, and V8 throws away optimised code that depends on
 * the hidden class of per-walk instances, or that belongs to per-walk closures, at every full
 * garbage collection that finds none left, so each later walk would start slow again. An object
 * literal's hidden class and module functions' code stay.
 */
export interface SlicedWork {
  /** Each step is a function and its two arguments, in three parallel lists: no closure per step. */
  readonly steps: Array<(first: never, second: never) => void>;
  readonly firsts: unknown[];
  readonly seconds: unknown[];
  /** Index of the next step to run. */
  head: number;
  readonly pending: Set<Promise<void>>;
  failure: { readonly error: unknown } | undefined;
}

export function slicedWork(): SlicedWork {
  return { steps: [], firsts: [], seconds: [], head: 0, pending: new Set(), failure: undefined };
}

/** Queues a synchronous step, `step(first, second)` (which may queue more). */
export function addStep<A, B>(work: SlicedWork, step: (first: A, second: B) => void, first: A, second: B): void {
  work.steps.push(step as (first: never, second: never) => void);
  work.firsts.push(first);
  work.seconds.push(second);
}

/** Tracks an asynchronous step: `drainWork` waits for it, and fails with it. */
export function waitFor(work: SlicedWork, promise: Promise<unknown>): void {
  const tracked: Promise<void> = promise
    .then(noop, (error: unknown) => {
      work.failure ??= { error };
    })
    .finally(() => work.pending.delete(tracked));
  work.pending.add(tracked);
}

/** Runs every step, the ones queued meanwhile too, until nothing is left to run or to wait for. */
export async function drainWork(work: SlicedWork): Promise<void> {
  for (;;) {
    if (work.failure) {
      throw work.failure.error;
    }
    if (work.head < work.steps.length) {
      await nextTurn();
      runSlice(work);
    } else if (work.pending.size > 0) {
      await Promise.race(work.pending);
    } else {
      return;
    }
  }
}

function runSlice(work: SlicedWork): void {
  const deadline = performance.now() + SLICE_MS;
  const { steps, firsts, seconds } = work;
  let head = work.head;
  while (head < steps.length) {
    const step = steps[head] as (first: unknown, second: unknown) => void;
    const first = firsts[head];
    const second = seconds[head];
    // Let go of what ran: a long walk queues thousands of steps.
    steps[head] = noop;
    firsts[head] = undefined;
    seconds[head] = undefined;
    head++;
    step(first, second);
    if (performance.now() >= deadline) {
      break;
    }
  }
  if (head === steps.length) {
    steps.length = 0;
    firsts.length = 0;
    seconds.length = 0;
    head = 0;
  } else if (head > 1024 && head * 2 > steps.length) {
    steps.splice(0, head);
    firsts.splice(0, head);
    seconds.splice(0, head);
    head = 0;
  }
  work.head = head;
}

/** A failed file-system call's error, as the synchronous helpers return it. */
export function isFsError(value: unknown): value is NodeJS.ErrnoException {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * `readdir` with file types, synchronously: the entries, or the error. Most folders a walk asks
 * for are the absent `node_modules` of a package: a `stat` that reports absence without throwing
 * answers those at half the cost of the error a failed `readdir` builds.
 */
export function listFolderSync(dir: string): Dirent[] | NodeJS.ErrnoException {
  try {
    if (statSync(dir, { throwIfNoEntry: false }) === undefined) {
      return { name: 'Error', message: `ENOENT: no such file or directory, scandir '${dir}'`, code: 'ENOENT', syscall: 'scandir', path: dir };
    }
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/** `readlink`, synchronously: the target as written in the link, or the error. */
export function readLinkSync(link: string): string | NodeJS.ErrnoException {
  try {
    return readlinkSync(link);
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/** The canonical path (the operating system's own `realpath`), synchronously, or the error. */
export function realPathSync(file: string): string | NodeJS.ErrnoException {
  try {
    return realpathSync.native(file);
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/**
 * A whole file as UTF-8 (byte order mark dropped), synchronously: the text, or the error (also for
 * a file over MAX_DATA_FILE_BYTES, a device or a FIFO). Reuses `buffer` when the file fits.
 */
export function readTextSync(file: string, buffer: Buffer): string | NodeJS.ErrnoException {
  return textOrError(readBoundedTextSync(file, { maxBytes: MAX_DATA_FILE_BYTES }, buffer));
}

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
  return throwIfError(textOrError(await limiter.run(() => readBoundedText(file, { maxBytes }))));
}

/** Reads at most `maxBytes` of a text file (license texts are small; a huge file is cut, not refused). */
export function readTextPrefixSync(file: string, maxBytes: number, buffer: Buffer): string | NodeJS.ErrnoException {
  return textOrError(readBoundedTextSync(file, { maxBytes, firstBytesOnly: true }, buffer));
}

/** The text, or an error whose code keeps the old meaning: absence and folders are ENOENT/EISDIR (quiet), the rest a plain message. */
function textOrError(read: BoundedText): string | NodeJS.ErrnoException {
  if (read.kind === 'text') {
    return read.text;
  }
  if (read.kind === 'missing') {
    return Object.assign(new Error('not found'), { code: 'ENOENT' });
  }
  return read.cause === 'folder' ? Object.assign(new Error(read.reason), { code: 'EISDIR' }) : new Error(read.reason);
}

function throwIfError(value: string | NodeJS.ErrnoException): string {
  if (typeof value === 'string') {
    return value;
  }
  throw value;
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
