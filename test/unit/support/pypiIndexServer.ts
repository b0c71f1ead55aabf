import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/** `test/fixtures/registry/pypi`, from `<outDir>/test/unit/support` (compiled) or `test/unit/support`. */
export const PYPI_FIXTURES = path.resolve(__dirname, __filename.endsWith('.js') ? '../../../../test/fixtures/registry/pypi' : '../../fixtures/registry/pypi');

/** A real core metadata file from the fixtures, with the name and version it states. */
export interface FixtureMetadata {
  readonly file: string;
  readonly name: string;
  readonly version: string;
  readonly bytes: Buffer;
}

export function loadFixtureMetadata(): Map<string, FixtureMetadata> {
  const result = new Map<string, FixtureMetadata>();
  for (const file of readdirSync(PYPI_FIXTURES)) {
    if (!file.endsWith('.METADATA') && !file.endsWith('.PKG-INFO')) {
      continue;
    }
    const bytes = readFileSync(path.join(PYPI_FIXTURES, file));
    const fields = headerFields(bytes.toString('utf8'));
    const name = fields.get('name')?.[0];
    const version = fields.get('version')?.[0];
    if (name !== undefined && version !== undefined) {
      result.set(normalize(name), { file, name, version, bytes });
    }
  }
  return result;
}

/** One release the index serves: a wheel (and optionally an sdist) with its metadata file beside it. */
export interface ServedRelease {
  /** As the project writes it (`Jinja2`, `typing_extensions`). */
  readonly name: string;
  readonly version: string;
  /** Served as `<wheel>.metadata`; offered in the listing unless `offerMetadata` is false. */
  readonly metadata?: Buffer;
  readonly offerMetadata?: boolean;
  /** A hash to announce instead of the real one (to test verification). */
  readonly announcedSha256?: string;
  readonly yanked?: boolean | string;
  readonly sdist?: boolean;
  /** PEP 700 `upload-time` of the wheel (JSON pages only), and of the sdist when there is one. */
  readonly uploadTime?: string;
  readonly sdistUploadTime?: string;
}

export interface PypiIndexServerOptions {
  /** What the project pages are served as; JSON is chosen only when the client accepts it (PEP 691 negotiation). */
  readonly format: 'json' | 'html';
  /** `core-metadata` (PEP 714) or its older name `dist-info-metadata` (PEP 658). */
  readonly metadataKey?: 'core-metadata' | 'dist-info-metadata';
  /** Serve Warehouse's `/pypi/<name>/<version>/json`. */
  readonly jsonApi?: boolean;
  /** `user:password` every request must carry as Basic credentials. */
  readonly credentials?: string;
  /** Files are listed at this other server's base URL (as PyPI lists files.pythonhosted.org). */
  readonly filesBase?: string;
  readonly apiVersion?: string;
  /** List these versions in `versions` besides those with files (PEP 700). */
  readonly extraVersions?: readonly string[];
}

export interface SeenRequest {
  readonly path: string;
  readonly authorization?: string;
  readonly accept?: string;
  readonly ifNoneMatch?: string;
}

export type Script = (request: SeenRequest) => { status: number; body?: string | Buffer; headers?: Record<string, string> } | undefined;

/**
 * A Simple repository API index on 127.0.0.1 (port 0) in the layout the PyPA specification
 * defines: `/simple/<normalized>/` in JSON (PEP 691, with PEP 700 `versions`) or HTML (PEP 503 with
 * `data-yanked`, `data-core-metadata`), `.metadata` files beside the distributions (PEP 658), and
 * optionally Warehouse's `/pypi/<name>/<version>/json`. Distributions themselves are never
 * downloaded by the client, so only their metadata files are served.
 */
export class PypiIndexServer {
  readonly requests: SeenRequest[] = [];
  private readonly releases = new Map<string, ServedRelease[]>();
  private readonly files = new Map<string, Buffer>();
  private readonly scripts: Script[] = [];

  private constructor(
    private readonly server: http.Server,
    private readonly options: PypiIndexServerOptions,
  ) {}

  static async start(options: PypiIndexServerOptions): Promise<PypiIndexServer> {
    const server = http.createServer();
    const index = new PypiIndexServer(server, options);
    server.on('request', (request, response) => index.receive(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return index;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get simpleUrl(): string {
    return `${this.baseUrl}/simple/`;
  }

  add(release: ServedRelease): this {
    const key = normalize(release.name);
    this.releases.set(key, [...(this.releases.get(key) ?? []), release]);
    if (release.metadata !== undefined && this.options.filesBase === undefined) {
      this.files.set(`/files/${wheelName(release)}.metadata`, release.metadata);
    }
    return this;
  }

  /** A file under `/files/`, for a server that hosts another index's files. */
  serveFile(name: string, bytes: Buffer): this {
    this.files.set(`/files/${name}`, bytes);
    return this;
  }

  script(script: Script): this {
    this.scripts.push(script);
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(request: http.IncomingMessage, response: http.ServerResponse): void {
    const seen: SeenRequest = {
      path: request.url ?? '/',
      ...(request.headers.authorization !== undefined ? { authorization: request.headers.authorization } : {}),
      ...(request.headers.accept !== undefined ? { accept: request.headers.accept } : {}),
      ...(typeof request.headers['if-none-match'] === 'string' ? { ifNoneMatch: request.headers['if-none-match'] } : {}),
    };
    this.requests.push(seen);
    for (const script of this.scripts) {
      const scripted = script(seen);
      if (scripted !== undefined) {
        response.writeHead(scripted.status, scripted.headers ?? {});
        response.end(scripted.body ?? '');
        return;
      }
    }
    if (this.options.credentials !== undefined && seen.authorization !== `Basic ${Buffer.from(this.options.credentials).toString('base64')}`) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="index"' });
      response.end('unauthorized');
      return;
    }
    const url = new URL(seen.path, this.baseUrl);
    const file = this.files.get(url.pathname);
    if (file !== undefined) {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(file.length) });
      response.end(file);
      return;
    }
    const simple = /^\/simple\/([^/]+)\/$/.exec(url.pathname);
    if (simple !== null) {
      const releases = this.releases.get(simple[1]);
      // Clients MUST ask for the normalized name; an unnormalized one is not found here.
      if (releases === undefined || simple[1] !== normalize(simple[1])) {
        response.writeHead(404);
        response.end('not found');
        return;
      }
      const json = this.options.format === 'json' && (seen.accept ?? '').includes('application/vnd.pypi.simple.v1+json');
      const body = json ? this.jsonPage(simple[1], releases) : this.htmlPage(simple[1], releases);
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      if (seen.ifNoneMatch === etag) {
        response.writeHead(304, { ETag: etag });
        response.end();
        return;
      }
      response.writeHead(200, { 'Content-Type': json ? 'application/vnd.pypi.simple.v1+json' : 'application/vnd.pypi.simple.v1+html', ETag: etag });
      response.end(body);
      return;
    }
    const release = /^\/pypi\/([^/]+)\/([^/]+)\/json$/.exec(url.pathname);
    if (release !== null && this.options.jsonApi === true) {
      const found = this.releases.get(normalize(decodeURIComponent(release[1])))?.find((candidate) => candidate.version === decodeURIComponent(release[2]));
      if (found?.metadata !== undefined) {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(warehouseRelease(found)));
        return;
      }
    }
    response.writeHead(404);
    response.end('not found');
  }

  private fileUrl(name: string): string {
    return `${this.options.filesBase ?? this.baseUrl}/files/${name}`;
  }

  private jsonPage(project: string, releases: readonly ServedRelease[]): string {
    const key = this.options.metadataKey ?? 'core-metadata';
    const files = releases.flatMap((release) => {
      const entries: Record<string, unknown>[] = [];
      const yanked = release.yanked ?? false;
      const wheel: Record<string, unknown> = { filename: wheelName(release), url: this.fileUrl(wheelName(release)), hashes: {}, 'requires-python': '>=3.7', yanked, size: 1 };
      if (release.uploadTime !== undefined) {
        wheel['upload-time'] = release.uploadTime;
      }
      if (release.metadata !== undefined && release.offerMetadata !== false) {
        wheel[key] = { sha256: release.announcedSha256 ?? sha256(release.metadata) };
      }
      entries.push(wheel);
      if (release.sdist === true) {
        entries.push({
          filename: `${release.name}-${release.version}.tar.gz`,
          url: this.fileUrl(`${release.name}-${release.version}.tar.gz`),
          hashes: {},
          yanked,
          size: 1,
          ...(release.sdistUploadTime !== undefined ? { 'upload-time': release.sdistUploadTime } : {}),
        });
      }
      return entries;
    });
    const versions = [...new Set([...releases.map((release) => release.version), ...(this.options.extraVersions ?? [])])];
    return JSON.stringify({ meta: { 'api-version': this.options.apiVersion ?? '1.1' }, name: project, files, versions });
  }

  private htmlPage(project: string, releases: readonly ServedRelease[]): string {
    const attribute = this.options.metadataKey === 'dist-info-metadata' ? 'data-dist-info-metadata' : 'data-core-metadata';
    const anchors = releases.flatMap((release) => {
      const yanked = release.yanked === undefined || release.yanked === false ? '' : release.yanked === true ? ' data-yanked' : ` data-yanked="${escapeHtml(release.yanked)}"`;
      // Relative links, as the spec allows, resolved against the page URL.
      const href = (name: string) => (this.options.filesBase !== undefined ? this.fileUrl(name) : `../../files/${name}`);
      const metadata = release.metadata !== undefined && release.offerMetadata !== false ? ` ${attribute}="sha256=${release.announcedSha256 ?? sha256(release.metadata)}"` : '';
      const lines = [`<a href="${href(wheelName(release))}#sha256=00" data-requires-python="&gt;=3.7"${metadata}${yanked}>${wheelName(release)}</a><br/>`];
      if (release.sdist === true) {
        lines.push(`<a href="${href(`${release.name}-${release.version}.tar.gz`)}"${yanked}>${release.name}-${release.version}.tar.gz</a><br/>`);
      }
      return lines;
    });
    return [
      '<!DOCTYPE html>',
      '<html>',
      '  <head>',
      `    <meta name="pypi:repository-version" content="${this.options.apiVersion ?? '1.1'}">`,
      `    <title>Links for ${project}</title>`,
      '  </head>',
      '  <body>',
      `    <h1>Links for ${project}</h1>`,
      '    <!-- <a href="/files/not-a-link-1.0.tar.gz">commented out</a> -->',
      ...anchors.map((anchor) => `    ${anchor}`),
      '  </body>',
      '</html>',
    ].join('\n');
  }
}

/** `{distribution}-{version}-py3-none-any.whl` with the name escaped as the binary distribution format says (`-` → `_`). */
export function wheelName(release: { name: string; version: string }): string {
  return `${release.name.replace(/[-_.]+/g, '_')}-${release.version}-py3-none-any.whl`;
}

/**
 * Warehouse's release JSON (PyPI docs, "JSON API", "Get a release"), built from the metadata file's
 * fields: `home_page` is `Home-page` (null without one), `project_urls` maps each `Project-URL`
 * label to its URL (null without any).
 */
function warehouseRelease(release: ServedRelease): unknown {
  const fields = headerFields((release.metadata as Buffer).toString('utf8'));
  const projectUrls = fields.get('project-url')?.map((value) => [value.slice(0, value.indexOf(',')).trim(), value.slice(value.indexOf(',') + 1).trim()]);
  return {
    info: {
      name: release.name,
      version: release.version,
      license: fields.get('license')?.[0] ?? null,
      license_expression: fields.get('license-expression')?.[0] ?? null,
      classifiers: fields.get('classifier') ?? [],
      summary: fields.get('summary')?.[0] ?? '',
      home_page: fields.get('home-page')?.[0] ?? null,
      project_urls: projectUrls === undefined ? null : Object.fromEntries(projectUrls),
      yanked: release.yanked !== undefined && release.yanked !== false,
    },
    urls: [],
    vulnerabilities: [],
  };
}

/** The header fields of a core metadata file, read independently of the code under test. */
function headerFields(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      break;
    }
    const colon = line.indexOf(':');
    if (line.startsWith(' ') || line.startsWith('\t') || colon <= 0) {
      continue;
    }
    const name = line.slice(0, colon).toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return fields;
}

function normalize(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
