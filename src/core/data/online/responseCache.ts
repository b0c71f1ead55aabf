import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readCapped } from '../../feed/fetchFeed';

/** Bumped whenever the stored `value` shape changes: older files are then ignored, not misread. */
export const CACHE_FORMAT = 1;
/** No legitimate entry comes close; a bigger file is not ours. */
const MAX_ENTRY_BYTES = 1024 * 1024;

/** What the cache holds for one request: the answer, or `null` for "deps.dev does not know it" (a 404). */
export interface CacheEntry<T> {
  /** Epoch ms of the answer; freshness is decided by the reader, so changed TTLs apply to old entries. */
  readonly storedAt: number;
  readonly value: T | null;
}

export interface ResponseCacheOptions<T> {
  /** The folder for JSON files; without one, only the in-memory layer is used. */
  readonly dir?: string;
  /** A sub-folder per kind of answer (`versions`, `projects`). */
  readonly namespace: string;
  /** Whose answers these are, for messages: `deps.dev`, `npm registry`. */
  readonly label: string;
  /** Rejects a stored value that does not have the expected shape (a corrupt or foreign file). */
  readonly isValue: (value: unknown) => value is T;
  readonly maxMemoryEntries: number;
  readonly now: () => number;
  /** A cache folder that cannot be written is reported, never thrown. */
  readonly onError: (message: string) => void;
}

interface StoredFile {
  readonly format: number;
  readonly key: string;
  readonly storedAt: number;
  readonly value: unknown;
}

/**
 * Two layers: a bounded in-memory map (most recently used kept) over JSON files on disk, one file
 * per request named by the SHA-256 of its key. Files are written to a temporary name and renamed,
 * so a reader never sees half a file; a file that does not parse, belongs to another key or format,
 * or has an impossible date is ignored as if absent.
 */
export class ResponseCache<T> {
  private readonly memory = new Map<string, CacheEntry<T>>();

  constructor(private readonly options: ResponseCacheOptions<T>) {}

  async get(key: string): Promise<CacheEntry<T> | undefined> {
    const remembered = this.memory.get(key);
    if (remembered !== undefined) {
      this.memory.delete(key);
      this.memory.set(key, remembered);
      return remembered;
    }
    const stored = await this.readEntry(key);
    if (stored !== undefined) {
      this.remember(key, stored);
    }
    return stored;
  }

  /** Only the in-memory layer, for answers that must not outlive this process. */
  getMemory(key: string): CacheEntry<T> | undefined {
    return this.memory.get(key);
  }

  async set(key: string, entry: CacheEntry<T>, persist = true): Promise<void> {
    this.remember(key, entry);
    if (persist) {
      await this.writeFile(key, entry);
    }
  }

  /** Forgets the in-memory layer (files stay). */
  clearMemory(): void {
    this.memory.clear();
  }

  /** The file an entry lives in: `<dir>/<namespace>/<first two hex digits>/<sha256>.json`. */
  filePath(key: string): string | undefined {
    if (this.options.dir === undefined) {
      return undefined;
    }
    const hash = createHash('sha256').update(`${CACHE_FORMAT}\n${key}`).digest('hex');
    return path.join(this.options.dir, this.options.namespace, hash.slice(0, 2), `${hash}.json`);
  }

  private remember(key: string, entry: CacheEntry<T>): void {
    this.memory.delete(key);
    this.memory.set(key, entry);
    while (this.memory.size > this.options.maxMemoryEntries) {
      const oldest = this.memory.keys().next().value as string;
      this.memory.delete(oldest);
    }
  }

  private async readEntry(key: string): Promise<CacheEntry<T> | undefined> {
    const file = this.filePath(key);
    if (file === undefined) {
      return undefined;
    }
    let bytes: Buffer | undefined;
    try {
      bytes = await readCapped(file, MAX_ENTRY_BYTES, 'cache');
    } catch {
      return undefined;
    }
    if (bytes === undefined) {
      return undefined;
    }
    let parsed: Partial<StoredFile>;
    try {
      parsed = JSON.parse(bytes.toString('utf8')) as Partial<StoredFile>;
    } catch {
      return undefined;
    }
    if (
      parsed === null ||
      typeof parsed !== 'object' ||
      parsed.format !== CACHE_FORMAT ||
      parsed.key !== key ||
      typeof parsed.storedAt !== 'number' ||
      !Number.isFinite(parsed.storedAt) ||
      // Written "in the future" by more than a day: a broken clock or a broken file; either way not trustworthy.
      parsed.storedAt > this.options.now() + 24 * 60 * 60 * 1000
    ) {
      return undefined;
    }
    if (parsed.value === null) {
      return { storedAt: parsed.storedAt, value: null };
    }
    return this.options.isValue(parsed.value) ? { storedAt: parsed.storedAt, value: parsed.value } : undefined;
  }

  private async writeFile(key: string, entry: CacheEntry<T>): Promise<void> {
    const file = this.filePath(key);
    if (file === undefined) {
      return;
    }
    const stored: StoredFile = { format: CACHE_FORMAT, key, storedAt: entry.storedAt, value: entry.value };
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(temporary, JSON.stringify(stored), 'utf8');
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      const err = error as NodeJS.ErrnoException;
      this.options.onError(`could not write the ${this.options.label} cache in ${this.options.dir}: ${err.code ?? err.message}`);
    }
  }
}
