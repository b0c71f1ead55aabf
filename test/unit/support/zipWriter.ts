import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../../src/core/files/zipArchive';

/** One file of a test zip; the optional fields let a test lie in the archive's headers. */
export interface ZipInput {
  readonly name: string;
  readonly data: Buffer;
  /** 8 (deflate, the default) or 0 (stored). */
  readonly method?: 0 | 8;
  /** Written as the uncompressed size instead of the real one. */
  readonly declaredSize?: number;
  /** Written as the compressed bytes instead of deflating `data`. */
  readonly compressed?: Buffer;
}

export interface ZipOptions {
  /** Written as the entry count of the end record instead of the real one. */
  readonly declaredCount?: number;
  /** Write the zip64 forms (APPNOTE 4.3.14, 4.3.15, 4.5.3) even where the values fit in 32 bits. */
  readonly zip64?: boolean;
}

/**
 * A minimal zip writer (PKWARE APPNOTE: local headers, central directory, end record) producing
 * archives the way golang.org/x/mod/zip lays out module zips: regular files only, paths under
 * `<module>@<version>/`, the DOS epoch as the time (Go Modules Reference § "Module zip files": file
 * modes and timestamps are ignored). Test support only.
 */
export function writeZip(inputs: readonly ZipInput[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const input of inputs) {
    const method = input.method ?? 8;
    const compressed = input.compressed ?? (method === 8 ? deflateRawSync(input.data) : input.data);
    const name = Buffer.from(input.name, 'utf8');
    const crc = crc32(input.data);
    const size = input.declaredSize ?? input.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // 00:00
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const wide = options.zip64 === true;
    const extra = Buffer.alloc(wide ? 28 : 0);
    if (wide) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(compressed.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(wide ? 0xffffffff : compressed.length, 20);
    central.writeUInt32LE(wide ? 0xffffffff : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(wide ? 0xffffffff : offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name, extra);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const count = options.declaredCount ?? inputs.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  if (options.zip64 !== true) {
    end.writeUInt16LE(Math.min(count, 0xffff), 8);
    end.writeUInt16LE(Math.min(count, 0xffff), 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, directory, end]);
  }
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(directory.length), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...locals, directory, record, locator, end]);
}
