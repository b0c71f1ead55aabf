import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readBoundedText } from '../files/boundedReader';
import type { PolicyFeed } from '../policy/feedModel';
import { MAX_FEED_BYTES, parseFeedBytes, sha256Hex } from './feedText';

/** The last verified copy of a feed, exactly as it was received. */
export interface StoredFeed {
  readonly bytes: Buffer;
  /** The feed as validated when it was read back. */
  readonly feed: PolicyFeed;
  /** `feedSourceKey` of where it came from. */
  readonly source: string;
  /** Human-readable source (URL without query, or path). */
  readonly sourceDisplay: string;
  readonly signature?: string;
  readonly etag?: string;
  readonly lastModified?: string;
  /** When the copy was last fetched or confirmed (304) by the server. */
  readonly fetchedAt: Date;
  readonly id: string;
  readonly version: number;
  readonly sha256: string;
}

/** The highest version verified for one feed id, for rollback protection across sources and restarts. */
export interface VersionRecord {
  readonly id: string;
  readonly version: number;
  readonly sha256: string;
}

export interface StoreContents {
  readonly current?: StoredFeed;
  readonly seen: readonly VersionRecord[];
}

export interface StoreReadResult {
  readonly contents: StoreContents;
  /** Why (part of) the store was ignored; absent when it was fine or simply missing. */
  readonly problem?: string;
}

export const FEED_STORE_FILE = 'policy-feed-cache.json';
/** Older ids are forgotten past this many, newest kept. */
const MAX_SEEN = 100;
const STORE_FORMAT = 1;

/**
 * The feed cache on disk: one JSON file (feed bytes in base64 plus metadata) in a directory the
 * caller owns, replaced atomically (temporary file + rename), so a crash never leaves half a copy.
 * Reading re-validates everything; a damaged store is reported and ignored, never fatal.
 */
export class FeedStore {
  readonly file: string;

  constructor(readonly directory: string) {
    this.file = path.join(directory, FEED_STORE_FILE);
  }

  async read(): Promise<StoreReadResult> {
    // base64 grows bytes by 4/3; the metadata is small.
    const read = await readBoundedText(this.file, { maxBytes: Math.ceil((MAX_FEED_BYTES * 4) / 3) + 64 * 1024 });
    if (read.kind === 'missing') {
      return { contents: { seen: [] } };
    }
    if (read.kind === 'refused') {
      const problem = read.cause === 'too-large' ? `the cached feed ${this.file} is too large; ignored` : `could not read the cached feed ${this.file}: it ${read.reason}`;
      return { contents: { seen: [] }, problem };
    }
    const text = read.text;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { contents: { seen: [] }, problem: `the cached feed ${this.file} is corrupt (not JSON); ignored` };
    }
    if (!isObject(json) || json.format !== STORE_FORMAT) {
      return { contents: { seen: [] }, problem: `the cached feed ${this.file} has an unknown layout; ignored` };
    }
    const seen = readSeen(json.seen);
    const current = readCurrent(json);
    if (typeof current === 'string') {
      return { contents: { seen }, problem: `the cached feed in ${this.file} was ignored: ${current}` };
    }
    if (current === undefined) {
      return { contents: { seen } };
    }
    return { contents: { current, seen: mergeSeen(seen, [{ id: current.id, version: current.version, sha256: current.sha256 }]) } };
  }

  async write(contents: StoreContents): Promise<void> {
    const current = contents.current;
    const seen = current ? mergeSeen(contents.seen, [{ id: current.id, version: current.version, sha256: current.sha256 }]) : [...contents.seen];
    const record = {
      format: STORE_FORMAT,
      ...(current
        ? {
            source: current.source,
            sourceDisplay: current.sourceDisplay,
            id: current.id,
            version: current.version,
            fetchedAt: current.fetchedAt.toISOString(),
            ...(current.etag !== undefined ? { etag: current.etag } : {}),
            ...(current.lastModified !== undefined ? { lastModified: current.lastModified } : {}),
            ...(current.signature !== undefined ? { signature: current.signature } : {}),
            sha256: current.sha256,
            bytes: current.bytes.toString('base64'),
          }
        : {}),
      seen: seen.slice(-MAX_SEEN),
    };
    await mkdir(this.directory, { recursive: true });
    const temp = path.join(this.directory, `.${FEED_STORE_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, JSON.stringify(record), { encoding: 'utf8', flush: true });
      await rename(temp, this.file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}

/** `seen` with `additions` folded in: per id the highest version (and its hash); the order is least recently updated first. */
export function mergeSeen(seen: readonly VersionRecord[], additions: readonly VersionRecord[]): VersionRecord[] {
  const byId = new Map<string, VersionRecord>();
  for (const record of [...seen, ...additions]) {
    const previous = byId.get(record.id);
    if (!previous || record.version >= previous.version) {
      byId.delete(record.id);
      byId.set(record.id, previous && previous.version === record.version && previous.sha256 !== record.sha256 ? previous : record);
    }
  }
  return [...byId.values()].slice(-MAX_SEEN);
}

function readSeen(value: unknown): VersionRecord[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const records: VersionRecord[] = [];
  for (const item of value.slice(-MAX_SEEN)) {
    if (
      isObject(item) &&
      typeof item.id === 'string' &&
      item.id.length <= 200 &&
      typeof item.version === 'number' &&
      Number.isInteger(item.version) &&
      item.version >= 1 &&
      typeof item.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(item.sha256)
    ) {
      records.push({ id: item.id, version: item.version, sha256: item.sha256 });
    }
  }
  return mergeSeen([], records);
}

function readCurrent(json: Record<string, unknown>): StoredFeed | undefined | string {
  if (json.bytes === undefined) {
    return undefined;
  }
  if (typeof json.bytes !== 'string' || typeof json.sha256 !== 'string' || typeof json.source !== 'string' || typeof json.fetchedAt !== 'string') {
    return 'fields are missing';
  }
  const bytes = Buffer.from(json.bytes, 'base64');
  const sha256 = sha256Hex(bytes);
  if (sha256 !== json.sha256) {
    return 'its bytes do not match their recorded hash';
  }
  const fetchedAt = new Date(json.fetchedAt);
  if (Number.isNaN(fetchedAt.getTime())) {
    return 'its fetch time is not a date';
  }
  const parsed = parseFeedBytes(bytes);
  if (!parsed.feed) {
    return `it is no longer a valid feed (${parsed.errors[0]?.path}: ${parsed.errors[0]?.message})`;
  }
  if (parsed.feed.id !== json.id || parsed.feed.version !== json.version) {
    return 'its recorded id or version does not match its content';
  }
  const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const signature = optionalString(json.signature);
  const etag = optionalString(json.etag);
  const lastModified = optionalString(json.lastModified);
  return {
    bytes,
    feed: parsed.feed,
    source: json.source,
    sourceDisplay: optionalString(json.sourceDisplay) ?? json.source,
    ...(signature !== undefined ? { signature } : {}),
    ...(etag !== undefined ? { etag } : {}),
    ...(lastModified !== undefined ? { lastModified } : {}),
    fetchedAt,
    id: parsed.feed.id,
    version: parsed.feed.version,
    sha256,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
