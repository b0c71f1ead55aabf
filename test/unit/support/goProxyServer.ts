import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { unescapeModulePath } from '../../../src/core/data/go/moduleCase';
import { writeZip } from './zipWriter';

/** `test/fixtures/registry/go`, from `<outDir>/test/unit/support` (compiled) or `test/unit/support`. */
export const GO_FIXTURES = path.resolve(__dirname, __filename.endsWith('.js') ? '../../../../test/fixtures/registry/go' : '../../fixtures/registry/go');

export interface ServedVersion {
  readonly goMod: string;
  /** Absent: listed, with a `.mod` and `.info`, but no zip (404). */
  readonly zip?: Buffer;
}

export interface SeenGoRequest {
  /** The path exactly as sent, e.g. `/github.com/%21burnt%21sushi/toml/@v/list`. */
  readonly rawPath: string;
  readonly module?: string;
  readonly endpoint: 'list' | 'info' | 'mod' | 'zip' | 'latest' | 'other';
  readonly version?: string;
  readonly authorization?: string;
}

export interface GoScripted {
  readonly status?: number;
  readonly body?: string | Buffer;
  /** Close the connection without answering. */
  readonly destroy?: boolean;
}

export type GoScript = (request: SeenGoRequest) => GoScripted | undefined;

/**
 * A Go module proxy on 127.0.0.1 (port 0) speaking the GOPROXY protocol (Go Modules Reference
 * § "`GOPROXY` protocol"): `$base/$module/@v/list`, `@v/$version.info`, `.mod`, `.zip` and
 * `$base/$module/@latest`, with `$module` and `$version` case-encoded, errors as `text/plain`.
 * Modules come from `test/fixtures/registry/go/modules/<module>@<version>/` (real files from Debian
 * packages, see SOURCES.md); each version's zip is built at start as golang.org/x/mod/zip lays one
 * out, and `listings.json` adds versions that are listed without content.
 */
export class GoProxyServer {
  readonly requests: SeenGoRequest[] = [];
  readonly modules = new Map<string, Map<string, ServedVersion>>();
  private readonly scripts: GoScript[] = [];

  private constructor(
    private readonly server: http.Server,
    private readonly basePath: string,
  ) {}

  /** `basePath`: where the proxy lives on the host (`/` or `/mod/`, as with a proxy URL that has a path). */
  static async start(options: { basePath?: string; fixtures?: boolean } = {}): Promise<GoProxyServer> {
    const server = http.createServer();
    const proxy = new GoProxyServer(server, options.basePath ?? '/');
    if (options.fixtures !== false) {
      proxy.loadFixtures();
    }
    server.on('request', (request, response) => proxy.receive(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The proxy URL for GOPROXY (no trailing slash, as people write it). */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.basePath.replace(/\/$/, '')}`;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  script(script: GoScript): this {
    this.scripts.push(script);
    return this;
  }

  addVersion(modulePath: string, version: string, served: ServedVersion): this {
    let versions = this.modules.get(modulePath);
    if (versions === undefined) {
      versions = new Map();
      this.modules.set(modulePath, versions);
    }
    versions.set(version, served);
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private loadFixtures(): void {
    const root = path.join(GO_FIXTURES, 'modules');
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const full = path.join(dir, name);
        if (!statSync(full).isDirectory()) {
          continue;
        }
        const at = name.indexOf('@');
        if (at < 0) {
          walk(full);
          continue;
        }
        const modulePath = path.relative(root, path.join(dir, name.slice(0, at))).split(path.sep).join('/');
        const version = name.slice(at + 1);
        const files = moduleFiles(full);
        const goMod = files.get('go.mod')?.toString('utf8') ?? `module ${modulePath}\n`;
        this.addVersion(modulePath, version, { goMod, zip: moduleZip(modulePath, version, files) });
      }
    };
    walk(root);
    const listings = JSON.parse(readFileSync(path.join(GO_FIXTURES, 'listings.json'), 'utf8')) as { listedWithoutContent: Record<string, string[]> };
    for (const [modulePath, versions] of Object.entries(listings.listedWithoutContent)) {
      for (const version of versions) {
        this.addVersion(modulePath, version, { goMod: `module ${modulePath}\n` });
      }
    }
  }

  private receive(request: http.IncomingMessage, response: http.ServerResponse): void {
    const rawPath = (request.url ?? '/').split('?')[0];
    const seen = parse(rawPath, this.basePath, typeof request.headers.authorization === 'string' ? request.headers.authorization : undefined);
    this.requests.push(seen);
    for (const script of this.scripts) {
      const scripted = script(seen);
      if (scripted !== undefined) {
        if (scripted.destroy) {
          request.socket.destroy();
          return;
        }
        answer(response, scripted.status ?? 200, scripted.body ?? '', 'application/octet-stream');
        return;
      }
    }
    const versions = seen.module === undefined ? undefined : this.modules.get(seen.module);
    if (versions === undefined) {
      notFound(response, `not found: module ${seen.module ?? rawPath}`);
      return;
    }
    if (seen.endpoint === 'list') {
      answer(response, 200, [...versions.keys()].map((version) => `${version}\n`).join(''), 'text/plain; charset=utf-8');
      return;
    }
    if (seen.endpoint === 'latest') {
      notFound(response, 'not found: no @latest');
      return;
    }
    const served = seen.version === undefined ? undefined : versions.get(seen.version);
    if (served === undefined) {
      notFound(response, `not found: ${seen.module}@${seen.version ?? ''}`);
    } else if (seen.endpoint === 'info') {
      answer(response, 200, JSON.stringify({ Version: seen.version }), 'application/json');
    } else if (seen.endpoint === 'mod') {
      answer(response, 200, served.goMod, 'text/plain; charset=utf-8');
    } else if (seen.endpoint === 'zip' && served.zip !== undefined) {
      answer(response, 200, served.zip, 'application/zip');
    } else {
      notFound(response, `not found: ${seen.module}@${seen.version ?? ''}`);
    }
  }
}

/** The files of a module folder, by slash-separated path relative to it. */
function moduleFiles(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full, `${prefix}${name}/`);
      } else {
        files.set(`${prefix}${name}`, readFileSync(full));
      }
    }
  };
  walk(folder, '');
  return files;
}

/** § "Module zip files": every file under `<module>@<version>/` (module path and version not case-encoded), regular files only. */
export function moduleZip(modulePath: string, version: string, files: ReadonlyMap<string, Buffer>): Buffer {
  return writeZip([...files].map(([name, data]) => ({ name: `${modulePath}@${version}/${name}`, data })));
}

function parse(rawPath: string, basePath: string, authorization: string | undefined): SeenGoRequest {
  const base = { rawPath, ...(authorization !== undefined ? { authorization } : {}) };
  if (!rawPath.startsWith(basePath)) {
    return { ...base, endpoint: 'other' };
  }
  let rest: string;
  try {
    rest = decodeURIComponent(rawPath.slice(basePath.length));
  } catch {
    return { ...base, endpoint: 'other' };
  }
  if (rest.endsWith('/@latest')) {
    const module = unescapeModulePath(rest.slice(0, -'/@latest'.length));
    return { ...base, endpoint: 'latest', ...(module !== null ? { module } : {}) };
  }
  const at = rest.indexOf('/@v/');
  if (at < 0) {
    return { ...base, endpoint: 'other' };
  }
  const module = unescapeModulePath(rest.slice(0, at)) ?? undefined;
  const file = rest.slice(at + '/@v/'.length);
  if (file === 'list') {
    return { ...base, endpoint: 'list', ...(module !== undefined ? { module } : {}) };
  }
  const dot = file.lastIndexOf('.');
  const extension = file.slice(dot + 1);
  const version = unescapeModulePath(file.slice(0, dot)) ?? undefined;
  const endpoint = extension === 'info' || extension === 'mod' || extension === 'zip' ? extension : 'other';
  return { ...base, endpoint, ...(module !== undefined ? { module } : {}), ...(version !== undefined ? { version } : {}) };
}

function answer(response: http.ServerResponse, status: number, body: string | Buffer, type: string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(status, { 'Content-Type': status === 200 ? type : 'text/plain; charset=utf-8', 'Content-Length': String(bytes.length) });
  response.end(bytes);
}

/** § "GOPROXY protocol": 404 says the module or version is not on this proxy; errors are text/plain. */
function notFound(response: http.ServerResponse, message: string): void {
  answer(response, 404, message, 'text/plain; charset=utf-8');
}
