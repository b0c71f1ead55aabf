import { inflateRawSync } from 'node:zlib';

/**
 * A bounded reader of the zip format (PKWARE APPNOTE 6.3: end of central directory record, its
 * zip64 form, central directory headers, local file headers) for module zips served by a Go proxy
 * (Go Modules Reference § "Module zip files") and Java archives (a jar is a zip). It lists the central directory in one linear pass
 * and inflates only the entries asked for, each into a buffer capped in advance, so a zip bomb
 * costs at most the cap: declared sizes are checked against the cap, the archive and each other
 * before anything is inflated, and the inflater itself stops at the cap whatever the data says.
 */

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

export interface ZipDirectory {
  readonly entries: readonly ZipEntry[];
  /** Where the central directory starts: entry data lies before it. */
  readonly directoryOffset: number;
}

export type ZipResult<T> = { readonly ok: T } | { readonly error: string };

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_LENGTH = 22;
const ZIP64_LOCATOR_LENGTH = 20;
const ZIP64_EOCD_LENGTH = 56;
const CENTRAL_HEADER_LENGTH = 46;
const LOCAL_HEADER_LENGTH = 30;
const MAX_COMMENT_LENGTH = 0xffff;
/** Deflate cannot expand more than ~1032:1; a declared ratio beyond this is a lie or a bomb. */
const MAX_COMPRESSION_RATIO = 1100;

const STORED = 0;
const DEFLATED = 8;

/** Lists the entries of a zip held in memory; an error for anything malformed, inconsistent or over `maxEntries`. */
export function readZipDirectory(zip: Buffer, maxEntries: number): ZipResult<ZipDirectory> {
  const eocd = findEndOfCentralDirectory(zip);
  if (eocd < 0) {
    return { error: 'no end of central directory record' };
  }
  if (zip.readUInt16LE(eocd + 4) !== 0 || zip.readUInt16LE(eocd + 6) !== 0) {
    return { error: 'multi-disk archives are not supported' };
  }
  let count = zip.readUInt16LE(eocd + 10);
  let size = zip.readUInt32LE(eocd + 12);
  let offset = zip.readUInt32LE(eocd + 16);
  let directoryEnd = eocd;
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const zip64 = readZip64End(zip, eocd);
    if ('error' in zip64) {
      return zip64;
    }
    ({ count, size, offset } = zip64.ok);
    directoryEnd = zip64.ok.recordOffset;
  }
  if (offset + size > directoryEnd) {
    return { error: 'the central directory overruns the archive' };
  }
  // Every header takes at least 46 bytes: a count the directory cannot hold is a lie.
  if (count > maxEntries || count * CENTRAL_HEADER_LENGTH > size) {
    return { error: `the archive declares ${count} entries` };
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  const end = offset + size;
  for (let index = 0; index < count; index++) {
    if (at + CENTRAL_HEADER_LENGTH > end || zip.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      return { error: 'a central directory header is missing' };
    }
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const next = at + CENTRAL_HEADER_LENGTH + nameLength + extraLength + commentLength;
    if (next > end) {
      return { error: 'a central directory header overruns the directory' };
    }
    let compressedSize = zip.readUInt32LE(at + 20);
    let uncompressedSize = zip.readUInt32LE(at + 24);
    let localHeaderOffset = zip.readUInt32LE(at + 42);
    const extraStart = at + CENTRAL_HEADER_LENGTH + nameLength;
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const wide = readZip64Extra(zip, extraStart, extraStart + extraLength, {
        uncompressed: uncompressedSize === 0xffffffff,
        compressed: compressedSize === 0xffffffff,
        offset: localHeaderOffset === 0xffffffff,
      });
      if (wide === undefined) {
        return { error: 'a zip64 size is missing' };
      }
      uncompressedSize = wide.uncompressed ?? uncompressedSize;
      compressedSize = wide.compressed ?? compressedSize;
      localHeaderOffset = wide.offset ?? localHeaderOffset;
    }
    if (localHeaderOffset + LOCAL_HEADER_LENGTH + compressedSize > offset) {
      return { error: 'an entry overruns the central directory' };
    }
    entries.push({
      name: zip.toString('utf8', at + CENTRAL_HEADER_LENGTH, extraStart),
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc32: zip.readUInt32LE(at + 16),
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
    });
    at = next;
  }
  return { ok: { entries, directoryOffset: offset } };
}

/** The bytes of one entry, at most `maxBytes` of them, checked against its CRC-32. */
export function readZipEntry(zip: Buffer, directory: ZipDirectory, entry: ZipEntry, maxBytes: number): ZipResult<Buffer> {
  if ((entry.flags & 0x1) !== 0) {
    return { error: `${entry.name} is encrypted` };
  }
  if (entry.uncompressedSize > maxBytes) {
    return { error: `${entry.name} is ${entry.uncompressedSize} bytes, over ${maxBytes}` };
  }
  if (entry.uncompressedSize > Math.max(1, entry.compressedSize) * MAX_COMPRESSION_RATIO) {
    return { error: `${entry.name} declares an impossible compression ratio` };
  }
  const at = entry.localHeaderOffset;
  if (at + LOCAL_HEADER_LENGTH > directory.directoryOffset || zip.readUInt32LE(at) !== LOCAL_SIGNATURE) {
    return { error: `${entry.name} has no local header` };
  }
  const start = at + LOCAL_HEADER_LENGTH + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > directory.directoryOffset) {
    return { error: `${entry.name} overruns the central directory` };
  }
  const data = zip.subarray(start, end);
  let bytes: Buffer;
  if (entry.method === STORED) {
    if (entry.compressedSize !== entry.uncompressedSize) {
      return { error: `${entry.name} is stored with two sizes` };
    }
    bytes = Buffer.from(data);
  } else if (entry.method === DEFLATED) {
    try {
      // One byte more than declared: a stream inflating past its declared size is caught below.
      bytes = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) });
    } catch {
      return { error: `${entry.name} does not inflate to its declared size` };
    }
  } else {
    return { error: `${entry.name} uses compression method ${entry.method}` };
  }
  if (bytes.length !== entry.uncompressedSize) {
    return { error: `${entry.name} does not inflate to its declared size` };
  }
  if (crc32(bytes) !== entry.crc32) {
    return { error: `${entry.name} fails its CRC-32 check` };
  }
  return { ok: bytes };
}

/** The last end-of-central-directory signature whose comment ends within the archive; -1 if none. */
function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - EOCD_LENGTH - MAX_COMMENT_LENGTH);
  for (let at = zip.length - EOCD_LENGTH; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_LENGTH + zip.readUInt16LE(at + 20) <= zip.length) {
      return at;
    }
  }
  return -1;
}

function readZip64End(zip: Buffer, eocd: number): ZipResult<{ count: number; size: number; offset: number; recordOffset: number }> {
  const locator = eocd - ZIP64_LOCATOR_LENGTH;
  if (locator < 0 || zip.readUInt32LE(locator) !== ZIP64_LOCATOR_SIGNATURE) {
    return { error: 'the zip64 locator is missing' };
  }
  const recordOffset = safeNumber(zip.readBigUInt64LE(locator + 8));
  if (recordOffset === undefined || recordOffset + ZIP64_EOCD_LENGTH > locator || zip.readUInt32LE(recordOffset) !== ZIP64_EOCD_SIGNATURE) {
    return { error: 'the zip64 end record is missing' };
  }
  const count = safeNumber(zip.readBigUInt64LE(recordOffset + 32));
  const size = safeNumber(zip.readBigUInt64LE(recordOffset + 40));
  const offset = safeNumber(zip.readBigUInt64LE(recordOffset + 48));
  if (count === undefined || size === undefined || offset === undefined) {
    return { error: 'the zip64 end record is out of range' };
  }
  return { ok: { count, size, offset, recordOffset } };
}

/** The zip64 extended information field (id 1): the 8-byte values present are those whose 4-byte fields are 0xFFFFFFFF, in this order. */
function readZip64Extra(
  zip: Buffer,
  start: number,
  end: number,
  wanted: { uncompressed: boolean; compressed: boolean; offset: boolean },
): { uncompressed?: number; compressed?: number; offset?: number } | undefined {
  for (let at = start; at + 4 <= end; ) {
    const id = zip.readUInt16LE(at);
    const length = zip.readUInt16LE(at + 2);
    const dataEnd = at + 4 + length;
    if (dataEnd > end) {
      return undefined;
    }
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number | undefined => {
        if (field + 8 > dataEnd) {
          return undefined;
        }
        const value = safeNumber(zip.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      const found: { uncompressed?: number; compressed?: number; offset?: number } = {};
      for (const key of ['uncompressed', 'compressed', 'offset'] as const) {
        if (wanted[key]) {
          const value = next();
          if (value === undefined) {
            return undefined;
          }
          found[key] = value;
        }
      }
      return found;
    }
    at = dataEnd;
  }
  return undefined;
}

function safeNumber(value: bigint): number | undefined {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

const CRC_TABLE: Int32Array = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3), as zip records it (node:zlib has none before Node 22). */
export function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (let index = 0; index < bytes.length; index++) {
    crc = CRC_TABLE[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ -1) >>> 0;
}
