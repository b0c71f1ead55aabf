import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, type Stats } from 'node:fs';
import { lstat, open, readlink, realpath, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * The one way to read a file the workspace (or a feed, or a command line) controls. Such a file
 * may be a link to `/dev/zero`, a FIFO with no writer, a link loop, a 1 GiB sparse file or a file
 * that grows while it is read; each of those is refused in a bounded time with a plain reason.
 * Callers pick the size from `readLimits.ts`.
 */

/** Why a file was not read, for callers that treat some causes differently (a folder is often just "not there"). */
export type RefusalCause = 'folder' | 'not-a-file' | 'too-large' | 'link-hops' | 'timeout' | 'unreadable' | 'not-utf8';

/** A refusal; `reason` completes a sentence that starts with the file's name and never quotes its content. */
export interface Refused {
  readonly kind: 'refused';
  readonly cause: RefusalCause;
  readonly reason: string;
}

export type BoundedText = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'missing' } | Refused;
export type BoundedBytes = { readonly kind: 'bytes'; readonly bytes: Buffer } | { readonly kind: 'missing' } | Refused;

export interface ReadLimits {
  readonly maxBytes: number;
  /** Whole read, links and open included; default READ_TIMEOUT_MS. Not enforced inside one synchronous read. */
  readonly timeoutMs?: number;
  /** Refuse bytes that are not UTF-8 instead of replacing them (for feeds, whose validation demands UTF-8). */
  readonly strictUtf8?: boolean;
  /** Give the first `maxBytes` of a larger file instead of refusing it (license texts: what identifies them is at the start). */
  readonly firstBytesOnly?: boolean;
}

/** A local disk answers in milliseconds; a hung network mount must not hold a verdict for longer. */
export const READ_TIMEOUT_MS = 5000;
/** Dotfile managers and pnpm stores link once or twice; the kernel's own bound (40) is far more than a file needs. */
export const MAX_LINK_HOPS = 8;

/** A FIFO opened without a writer returns at once instead of waiting; no effect on files; absent on Windows. */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);
/** First buffer when the reported size says nothing (files in /proc report 0). */
const FIRST_CHUNK_BYTES = 64 * 1024;

/** A file's text (UTF-8, byte order mark dropped), or why not. */
export async function readBoundedText(file: string, limits: ReadLimits): Promise<BoundedText> {
  const read = await readBoundedBytes(file, limits);
  return read.kind === 'bytes' ? decode(read.bytes, read.bytes.length, limits) : read;
}

/** A file's bytes, at most `limits.maxBytes` of them, or why not. */
export async function readBoundedBytes(file: string, limits: ReadLimits): Promise<BoundedBytes> {
  const timeoutMs = limits.timeoutMs ?? READ_TIMEOUT_MS;
  const state = { expired: false };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Refused>((resolve) => {
    timer = setTimeout(() => {
      state.expired = true;
      resolve(refused('timeout', `took longer than ${formatMs(timeoutMs)} to read`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([readAsync(file, limits, state), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The synchronous twin, for walks that read thousands of small files (`node_modules`): `scratch`
 * is reused when the file fits. The time bound is checked between reads only.
 */
export function readBoundedTextSync(file: string, limits: ReadLimits, scratch?: Buffer): BoundedText {
  const deadline = Date.now() + (limits.timeoutMs ?? READ_TIMEOUT_MS);
  let final: Stats | Refused | 'missing';
  try {
    final = finalTargetSync(file);
  } catch (error) {
    return failure(error);
  }
  if (final === 'missing' || isRefused(final)) {
    return final === 'missing' ? MISSING : final;
  }
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    return failure(error);
  }
  try {
    const opened = checkOpened(fstatSync(fd), limits);
    if (isRefused(opened)) {
      return opened;
    }
    const cap = capOf(limits);
    let buffer: Buffer = scratch !== undefined && scratch.length > opened ? scratch : Buffer.allocUnsafe(firstSize(opened, cap));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total >= cap) {
          return limits.firstBytesOnly ? decode(buffer, total, limits) : grewPast(limits.maxBytes);
        }
        buffer = grow(buffer, total, cap);
      }
      const count = readSync(fd, buffer, total, buffer.length - total, null);
      if (count === 0) {
        return decode(buffer, total, limits);
      }
      total += count;
      if (Date.now() > deadline) {
        return refused('timeout', `took longer than ${formatMs(limits.timeoutMs ?? READ_TIMEOUT_MS)} to read`);
      }
    }
  } catch (error) {
    return failure(error);
  } finally {
    closeSync(fd);
  }
}

async function readAsync(file: string, limits: ReadLimits, state: { readonly expired: boolean }): Promise<BoundedBytes> {
  let final: Stats | Refused | 'missing';
  try {
    final = await finalTarget(file);
  } catch (error) {
    return failure(error);
  }
  if (final === 'missing' || isRefused(final)) {
    return final === 'missing' ? MISSING : final;
  }
  let handle: FileHandle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (error) {
    return failure(error);
  }
  try {
    // The descriptor's own type and size: the path may have been swapped since `finalTarget` looked.
    const opened = checkOpened(await handle.stat(), limits);
    if (isRefused(opened)) {
      return opened;
    }
    const cap = capOf(limits);
    let buffer: Buffer = Buffer.allocUnsafe(firstSize(opened, cap));
    let total = 0;
    while (!state.expired) {
      if (total === buffer.length) {
        if (total >= cap) {
          return limits.firstBytesOnly ? { kind: 'bytes', bytes: buffer.subarray(0, total) } : grewPast(limits.maxBytes);
        }
        buffer = grow(buffer, total, cap);
      }
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
      if (bytesRead === 0) {
        return { kind: 'bytes', bytes: buffer.subarray(0, total) };
      }
      total += bytesRead;
    }
    return refused('timeout', 'took too long to read');
  } catch (error) {
    return failure(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Follows the links of the last path component, at most MAX_LINK_HOPS of them, and gives what
 * they lead to; links in the folders above are the kernel's to bound (it says ELOOP).
 */
async function finalTarget(file: string): Promise<Stats | Refused | 'missing'> {
  let current = file;
  for (let hops = 0; ; hops++) {
    const info = await lstat(current).catch(absentOrThrow);
    if (info === undefined) {
      return 'missing';
    }
    if (!info.isSymbolicLink()) {
      return checkType(info);
    }
    if (hops === MAX_LINK_HOPS) {
      return tooManyHops();
    }
    // `..` in a link's target climbs from where its folder really is, as the kernel resolves it, not from the path's spelling.
    current = path.resolve(await realpath(path.dirname(current)), await readlink(current));
  }
}

function finalTargetSync(file: string): Stats | Refused | 'missing' {
  let current = file;
  for (let hops = 0; ; hops++) {
    const info = lstatSync(current, { throwIfNoEntry: false });
    if (info === undefined) {
      return 'missing';
    }
    if (!info.isSymbolicLink()) {
      return checkType(info);
    }
    if (hops === MAX_LINK_HOPS) {
      return tooManyHops();
    }
    current = path.resolve(realpathSync.native(path.dirname(current)), readlinkSync(current));
  }
}

function checkType(info: Stats): Stats | Refused {
  if (info.isDirectory()) {
    return refused('folder', 'is a folder, not a regular file');
  }
  if (!info.isFile()) {
    return refused('not-a-file', 'is not a regular file (a device, a pipe or a socket), so it is not read');
  }
  return info;
}

/** The size to start reading with, or the refusal. */
function checkOpened(info: Stats, limits: ReadLimits): number | Refused {
  const type = checkType(info);
  if (isRefused(type)) {
    return type;
  }
  if (info.size > limits.maxBytes && !limits.firstBytesOnly) {
    return refused('too-large', `is ${formatBytes(info.size)}, larger than the ${formatBytes(limits.maxBytes)} read at most`);
  }
  return info.size;
}

/** Bytes read at most: one more than allowed, to notice a file that grew past the limit, unless a larger file is cut. */
function capOf(limits: ReadLimits): number {
  return limits.firstBytesOnly ? limits.maxBytes : limits.maxBytes + 1;
}

/** One byte more than the reported size, to see the end (or see that the file grew). */
function firstSize(size: number, cap: number): number {
  return Math.max(1, Math.min(cap, size === 0 ? FIRST_CHUNK_BYTES : size + 1));
}

/** A larger buffer (at most `cap`) holding the first `used` bytes. */
function grow(buffer: Buffer, used: number, cap: number): Buffer {
  const larger = Buffer.allocUnsafe(Math.min(cap, Math.max(used * 2, FIRST_CHUNK_BYTES)));
  buffer.copy(larger, 0, 0, used);
  return larger;
}

function grewPast(maxBytes: number): Refused {
  return refused('too-large', `grew larger than the ${formatBytes(maxBytes)} read at most while being read`);
}

function tooManyHops(): Refused {
  return refused('link-hops', `goes through more than ${MAX_LINK_HOPS} symbolic links (or a loop of them)`);
}

function decode(buffer: Buffer, length: number, limits: ReadLimits): BoundedText {
  if (limits.strictUtf8) {
    try {
      // `fatal` refuses malformed bytes; the decoder drops a byte order mark by default.
      return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length)) };
    } catch {
      return refused('not-utf8', 'is not UTF-8 text');
    }
  }
  const text = buffer.toString('utf8', 0, length);
  return { kind: 'text', text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

const MISSING = { kind: 'missing' } as const;

function refused(cause: RefusalCause, reason: string): Refused {
  return { kind: 'refused', cause, reason };
}

function isRefused(value: unknown): value is Refused {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'refused';
}

function absentOrThrow(error: unknown): undefined {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return undefined;
  }
  throw error;
}

/** A failed call as an outcome: absence is `missing`; every other error is named by its code, never by a message that could quote the path's content. */
function failure(error: unknown): { readonly kind: 'missing' } | Refused {
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return MISSING;
    case 'EISDIR':
      return refused('folder', 'is a folder, not a regular file');
    case 'ELOOP':
      return tooManyHops();
    case 'ENXIO':
    case 'EAGAIN':
      return refused('not-a-file', 'is not a regular file (a device, a pipe or a socket), so it is not read');
    default:
      return refused('unreadable', `could not be read (${code ?? 'unknown error'})`);
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
