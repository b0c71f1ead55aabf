import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

/** `test/fixtures/registry/cargo`, whether the tests run from `out/` inside the repository or from a build elsewhere. */
export const CARGO_FIXTURES = [path.resolve(process.cwd(), 'test/fixtures/registry/cargo'), path.resolve(__dirname, '../../../../test/fixtures/registry/cargo'), path.resolve(__dirname, '../../fixtures/registry/cargo')].find(
  (candidate) => existsSync(candidate),
) as string;

/** One member of a tar archive. */
export interface TarMember {
  readonly path: string;
  readonly data: Buffer;
  /** `0` regular file (default), `5` folder, `2` symbolic link. */
  readonly type?: '0' | '5' | '2';
  readonly linkTarget?: string;
}

/**
 * A tar archive as the `tar` crate writes it for `cargo package` (GNU headers, `././@LongLink`
 * members for names over 100 bytes), or with pax `path` records when `longNames` is `pax`.
 */
export function tarArchive(members: readonly TarMember[], longNames: 'gnu' | 'pax' = 'gnu'): Buffer {
  const blocks: Buffer[] = [];
  const pad = (data: Buffer) => {
    blocks.push(data);
    const rest = (512 - (data.length % 512)) % 512;
    if (rest > 0) {
      blocks.push(Buffer.alloc(rest));
    }
  };
  for (const member of members) {
    const name = Buffer.from(member.path, 'utf8');
    if (name.length > 100) {
      if (longNames === 'gnu') {
        const data = Buffer.concat([name, Buffer.from([0])]);
        blocks.push(header('././@LongLink', data.length, 'L'));
        pad(data);
      } else {
        const body = ` path=${member.path}\n`;
        let length = body.length + 2;
        while (`${length}${body}`.length !== length) {
          length++;
        }
        const data = Buffer.from(`${length}${body}`, 'utf8');
        blocks.push(header('PaxHeader/long', data.length, 'x'));
        pad(data);
      }
    }
    blocks.push(header(member.path.slice(0, 100), member.type === '0' || member.type === undefined ? member.data.length : 0, member.type ?? '0', member.linkTarget));
    if (member.type === '0' || member.type === undefined) {
      pad(member.data);
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function header(name: string, size: number, type: string, linkTarget?: string): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write('00000000000\0', 136, 'latin1');
  block.write(type, 156, 'latin1');
  if (linkTarget !== undefined) {
    block.write(linkTarget, 157, 100, 'utf8');
  }
  // GNU magic and version, as `tar::Header::new_gnu()`.
  block.write('ustar  \0', 257, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) {
    sum += byte;
  }
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** The files of a fixture crate folder, sorted by path as `cargo package` sorts them, under `<name>-<version>/`. */
export function crateMembers(folder: string): TarMember[] {
  const root = path.basename(folder);
  const members: TarMember[] = [];
  const walk = (dir: string, relative: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      const rel = relative === '' ? entry : `${relative}/${entry}`;
      if (statSync(full).isDirectory()) {
        walk(full, rel);
      } else {
        members.push({ path: rel, data: readFileSync(full) });
      }
    }
  };
  walk(folder, '');
  members.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return members.map((member) => ({ ...member, path: `${root}/${member.path}` }));
}

/** A `.crate` (gzip-compressed tar) of a fixture crate folder. */
export function buildCrate(folder: string): Buffer {
  return gzipSync(tarArchive(crateMembers(folder)));
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The index path rule of the Cargo Book ("Index files"), written out again for the server side. */
export function serverIndexPath(lowerName: string): string {
  if (lowerName.length <= 2) {
    return `${lowerName.length}/${lowerName}`;
  }
  if (lowerName.length === 3) {
    return `3/${lowerName[0]}/${lowerName}`;
  }
  return `${lowerName.slice(0, 2)}/${lowerName.slice(2, 4)}/${lowerName}`;
}

/** One published version. */
export interface PublishedCrate {
  readonly name: string;
  readonly version: string;
  readonly crate: Buffer;
  yanked: boolean;
}

export interface SeenCargoRequest {
  readonly path: string;
  readonly authorization?: string;
}

export interface CargoSparseServerOptions {
  /** `config.json`'s `dl`, with `{base}` for the server's own URL; default `{base}/api/v1/crates` (no markers, as crates.io's). */
  readonly dl?: string;
  /** Answer 401 to every request without `Authorization: <token>`, and say `auth-required` in `config.json`. */
  readonly requireToken?: string;
}

/**
 * A sparse Cargo registry on 127.0.0.1 (port 0) laid out as the Cargo Book's "Registry Index"
 * says: `/index/config.json`, `/index/<index path>` with one JSON line per version, and the
 * `.crate` files behind the `dl` template. Records every request with its `Authorization` header.
 */
export class CargoSparseServer {
  readonly requests: SeenCargoRequest[] = [];
  readonly crates: PublishedCrate[] = [];
  /** Replacement bodies by exact request path. */
  readonly overrides = new Map<string, { status?: number; body?: Buffer; contentLength?: number }>();

  private constructor(
    private readonly server: http.Server,
    private readonly options: CargoSparseServerOptions,
  ) {}

  static async start(options: CargoSparseServerOptions = {}): Promise<CargoSparseServer> {
    const server = http.createServer();
    const registry = new CargoSparseServer(server, options);
    server.on('request', (request, response) => registry.receive(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return registry;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get indexUrl(): string {
    return `${this.baseUrl}/index/`;
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Publishes a fixture crate folder (`<name>-<version>`), building its `.crate` now. */
  publishFolder(folder: string, yanked = false): PublishedCrate {
    const base = path.basename(folder);
    const dash = base.lastIndexOf('-');
    return this.publish(base.slice(0, dash), base.slice(dash + 1), buildCrate(folder), yanked);
  }

  publish(name: string, version: string, crate: Buffer, yanked = false): PublishedCrate {
    const published: PublishedCrate = { name, version, crate, yanked };
    this.crates.push(published);
    return published;
  }

  /** The index line of one version: the fields the Cargo Book lists, with the checksum of the `.crate` served. */
  indexLine(published: PublishedCrate): string {
    return JSON.stringify({ name: published.name, vers: published.version, deps: [], cksum: sha256(published.crate), features: {}, yanked: published.yanked, links: null, v: 2 });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = request.url ?? '/';
    const authorization = request.headers.authorization;
    this.requests.push({ path: url, ...(authorization !== undefined ? { authorization } : {}) });
    const send = (status: number, body: Buffer | string, type = 'text/plain') => {
      response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    };
    if (this.options.requireToken !== undefined && authorization !== this.options.requireToken) {
      send(401, 'unauthorized');
      return;
    }
    const override = this.overrides.get(url);
    if (override !== undefined) {
      const body = override.body ?? Buffer.alloc(0);
      response.writeHead(override.status ?? 200, { 'Content-Length': override.contentLength ?? body.length });
      response.end(body);
      return;
    }
    if (url === '/index/config.json') {
      const dl = (this.options.dl ?? '{base}/api/v1/crates').split('{base}').join(this.baseUrl);
      send(200, JSON.stringify({ dl, api: this.baseUrl, ...(this.options.requireToken !== undefined ? { 'auth-required': true } : {}) }), 'application/json');
      return;
    }
    if (url.startsWith('/index/')) {
      const lines = this.crates.filter((published) => `/index/${serverIndexPath(published.name.toLowerCase())}` === url).map((published) => this.indexLine(published));
      if (lines.length === 0) {
        send(404, 'not found');
      } else {
        send(200, `${lines.join('\n')}\n`);
      }
      return;
    }
    const published = this.crates.find(
      (candidate) =>
        url === `/api/v1/crates/${candidate.name}/${candidate.version}/download` ||
        url === `/dl/${serverIndexPath(candidate.name.toLowerCase()).split('/').slice(0, -1).join('/')}/${candidate.name}/${candidate.name}-${candidate.version}.crate` ||
        url === `/by-sum/${sha256(candidate.crate)}`,
    );
    if (published !== undefined) {
      send(200, published.crate, 'application/gzip');
      return;
    }
    send(404, 'not found');
  }
}

/** Every crate folder among the fixtures. */
export function fixtureCrateFolders(): string[] {
  const dir = path.join(CARGO_FIXTURES, 'crates');
  return readdirSync(dir)
    .filter((entry) => statSync(path.join(dir, entry)).isDirectory())
    .map((entry) => path.join(dir, entry));
}
