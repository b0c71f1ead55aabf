import { createGunzip } from 'node:zlib';

/** What one scan of a `.tar.gz` may cost, whatever the archive claims. */
export interface TarLimits {
  /** Decompressed bytes read at most (headers, padding and skipped files included): a gzip bomb stops here. */
  readonly maxOutputBytes: number;
  /** Archive members looked at, at most. */
  readonly maxEntries: number;
  /** A wanted file larger than this is not kept (it is reported as too large). */
  readonly maxFileBytes: number;
}

export type TarScan =
  /** `files` holds the wanted paths that were found; `tooLarge` the wanted ones that exceeded `maxFileBytes`. */
  | { readonly kind: 'ok'; readonly files: ReadonlyMap<string, Buffer>; readonly tooLarge: readonly string[] }
  | { readonly kind: 'refused'; readonly reason: string };

const BLOCK = 512;
/** GNU long names and pax headers longer than this are not names anyone writes. */
const MAX_META_BYTES = 64 * 1024;

/**
 * Reads the wanted regular files out of a gzip-compressed tar archive (POSIX ustar with GNU `L`
 * long names and pax `path` records: what `cargo package` writes through the `tar` crate's GNU
 * headers). One pass, linear in the decompressed size, which is capped; the scan stops as soon as
 * every wanted file is found. Links, devices and folders are skipped, never followed. Never throws.
 */
export async function readTarGzFiles(gz: Buffer, wanted: readonly string[], limits: TarLimits): Promise<TarScan> {
  const parser = new TarParser(new Set(wanted), limits);
  const gunzip = createGunzip();
  // An error after we stop reading must not become an uncaught one.
  gunzip.on('error', () => undefined);
  gunzip.end(gz);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const state = parser.push(chunk);
      if (state !== 'more') {
        break;
      }
    }
  } catch (error) {
    return { kind: 'refused', reason: `not a gzip archive (${(error as { code?: string }).code ?? 'corrupt'})` };
  } finally {
    gunzip.destroy();
  }
  return parser.result();
}

type Step = 'more' | 'done';

/** A push parser over decompressed bytes: headers are collected block by block, file bodies are kept only when wanted. */
class TarParser {
  private readonly files = new Map<string, Buffer>();
  private readonly tooLarge: string[] = [];
  private refused: string | undefined;
  private finished = false;
  private total = 0;
  private entries = 0;
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  /** Bytes of the current member's body (and its padding) still to come. */
  private remaining = 0;
  private padding = 0;
  /** Where the current member's body goes: a wanted file, a long-name or pax record, or nowhere. */
  private sink: { kind: 'file'; path: string; parts: Buffer[] } | { kind: 'meta'; type: 'L' | 'x'; parts: Buffer[] } | undefined;
  /** A name carried by the preceding GNU `L` or pax `x` member, for the next member only. */
  private pendingName: string | undefined;

  constructor(
    private readonly wanted: ReadonlySet<string>,
    private readonly limits: TarLimits,
  ) {}

  push(chunk: Buffer): Step {
    if (this.finished) {
      return 'done';
    }
    this.total += chunk.length;
    if (this.total > this.limits.maxOutputBytes) {
      return this.refuse(`more than ${this.limits.maxOutputBytes} bytes once decompressed`);
    }
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.sink?.parts.push(chunk.subarray(offset, offset + take));
        this.remaining -= take;
        offset += take;
        if (this.remaining === 0) {
          this.endBody();
          if (this.finished) {
            return 'done';
          }
        }
        continue;
      }
      if (this.padding > 0) {
        const take = Math.min(this.padding, chunk.length - offset);
        this.padding -= take;
        offset += take;
        continue;
      }
      const take = Math.min(BLOCK - this.headerFill, chunk.length - offset);
      chunk.copy(this.header, this.headerFill, offset, offset + take);
      this.headerFill += take;
      offset += take;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.readHeader();
        if (this.finished) {
          return 'done';
        }
      }
    }
    return 'more';
  }

  result(): TarScan {
    if (this.refused !== undefined) {
      return { kind: 'refused', reason: this.refused };
    }
    return { kind: 'ok', files: this.files, tooLarge: this.tooLarge };
  }

  private refuse(reason: string): Step {
    this.refused ??= reason;
    this.finished = true;
    return 'done';
  }

  private readHeader(): void {
    const block = this.header;
    if (block.every((byte) => byte === 0)) {
      // The end-of-archive marker.
      this.finished = true;
      return;
    }
    if (++this.entries > this.limits.maxEntries) {
      this.refuse(`more than ${this.limits.maxEntries} entries`);
      return;
    }
    if (!checksumMatches(block)) {
      this.refuse('a tar header with a wrong checksum');
      return;
    }
    const size = octal(block, 124, 12);
    if (size === undefined || size > this.limits.maxOutputBytes) {
      this.refuse('a tar header with an impossible size');
      return;
    }
    const type = String.fromCharCode(block[156]);
    this.sink = undefined;
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    // A GNU long link name or a global pax header says nothing of the next member's path.
    if (type === 'K' || type === 'g') {
      return;
    }
    if (type === 'L' || type === 'x') {
      if (size > MAX_META_BYTES) {
        this.refuse('an oversized long-name record');
        return;
      }
      this.sink = { kind: 'meta', type, parts: [] };
      if (size === 0) {
        this.endBody();
      }
      return;
    }
    // The member a long name was for, whatever its type, uses it up.
    const name = this.pendingName ?? headerName(block);
    this.pendingName = undefined;
    if ((type === '0' || type === '\0' || type === '7') && this.wanted.has(stripDotSlash(name))) {
      if (size > this.limits.maxFileBytes) {
        this.tooLarge.push(stripDotSlash(name));
      } else {
        this.sink = { kind: 'file', path: stripDotSlash(name), parts: [] };
      }
    }
    if (size === 0) {
      this.endBody();
    }
  }

  private endBody(): void {
    const sink = this.sink;
    this.sink = undefined;
    if (sink === undefined) {
      return;
    }
    const body = Buffer.concat(sink.parts);
    if (sink.kind === 'file') {
      if (!this.files.has(sink.path)) {
        this.files.set(sink.path, body);
      }
      if ([...this.wanted].every((path) => this.files.has(path) || this.tooLarge.includes(path))) {
        this.finished = true;
      }
      return;
    }
    this.pendingName = sink.type === 'L' ? cString(body, 0, body.length) : (paxPath(body) ?? this.pendingName);
  }
}

/** The ustar name, with the POSIX `prefix` field when the header is POSIX (`ustar\0`); GNU headers use those bytes for other things. */
function headerName(block: Buffer): string {
  const name = cString(block, 0, 100);
  const posix = block.toString('latin1', 257, 263) === 'ustar\0';
  const prefix = posix ? cString(block, 345, 155) : '';
  return prefix !== '' ? `${prefix}/${name}` : name;
}

function cString(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end < 0 || end > start + length ? start + length : end);
}

/** An octal numeric field; undefined for base-256 (GNU binary) values, which no crate needs, and for garbage. */
function octal(block: Buffer, start: number, length: number): number | undefined {
  if ((block[start] & 0x80) !== 0) {
    return undefined;
  }
  let value = 0;
  let digits = 0;
  for (let index = start; index < start + length; index++) {
    const byte = block[index];
    if (byte === 0 || byte === 0x20) {
      if (digits > 0) {
        break;
      }
      continue;
    }
    if (byte < 0x30 || byte > 0x37) {
      return undefined;
    }
    value = value * 8 + (byte - 0x30);
    digits++;
  }
  return value;
}

/** The header checksum: the byte sum with the checksum field itself counted as spaces (old writers summed signed bytes). */
function checksumMatches(block: Buffer): boolean {
  const stored = octal(block, 148, 8);
  if (stored === undefined) {
    return false;
  }
  let unsigned = 0;
  let signed = 0;
  for (let index = 0; index < BLOCK; index++) {
    const byte = index >= 148 && index < 156 ? 0x20 : block[index];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** The `path` of a pax extended header: records `<length> <key>=<value>\n`, read by their stated lengths. */
function paxPath(body: Buffer): string | undefined {
  let offset = 0;
  let found: string | undefined;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space < 0 || space - offset > 10) {
      return found;
    }
    const length = Number(body.toString('latin1', offset, space));
    if (!Number.isInteger(length) || length <= space - offset || offset + length > body.length) {
      return found;
    }
    const record = body.toString('utf8', space + 1, offset + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0 && record.slice(0, equals) === 'path') {
      found = record.slice(equals + 1);
    }
    offset += length;
  }
  return found;
}

function stripDotSlash(name: string): string {
  return name.startsWith('./') ? name.slice(2) : name;
}
