import { inflateRawSync } from 'node:zlib';

/** One file of a zip archive, as its central directory lists it. */
export interface ZipEntry {
  readonly name: string;
  /** Uncompressed bytes. */
  readonly size: number;
  readonly compressedSize: number;
  read(): Buffer;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * The files of a zip archive such as a VSIX: stored or deflated, without zip64 (what vsce writes
 * for an archive this small). Read here rather than through a dependency the tests would only borrow from vsce.
 */
export function zipEntries(archive: Buffer): ZipEntry[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || archive.readUInt32LE(end) !== END_OF_DIRECTORY) {
    throw new Error('not a zip archive: no end of central directory');
  }
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (archive.readUInt32LE(at) !== DIRECTORY_ENTRY) {
      throw new Error(`central directory entry ${index} is damaged`);
    }
    const method = archive.readUInt16LE(at + 10);
    const compressedSize = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const headerAt = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
    entries.push({ name, size, compressedSize, read: () => fileData(archive, headerAt, method, compressedSize, name) });
  }
  return entries;
}

function fileData(archive: Buffer, headerAt: number, method: number, compressedSize: number, name: string): Buffer {
  if (archive.readUInt32LE(headerAt) !== LOCAL_HEADER) {
    throw new Error(`${name}: local header is damaged`);
  }
  const dataAt = headerAt + 30 + archive.readUInt16LE(headerAt + 26) + archive.readUInt16LE(headerAt + 28);
  const data = archive.subarray(dataAt, dataAt + compressedSize);
  if (method === 0) {
    return Buffer.from(data);
  }
  if (method === 8) {
    return inflateRawSync(data);
  }
  throw new Error(`${name}: compression method ${method} is not supported`);
}
