import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/** `test/fixtures/registry/composer`, from `out/test/unit/support`, `test/unit/support`, or the working folder. */
export const COMPOSER_FIXTURES = [
  path.resolve(__dirname, '../../../../test/fixtures/registry/composer'),
  path.resolve(__dirname, '../../fixtures/registry/composer'),
  path.resolve(process.cwd(), 'test/fixtures/registry/composer'),
].find((candidate) => existsSync(path.join(candidate, 'SOURCES.md'))) as string;

/**
 * The real composer.json files of the fixtures and the version each one stands for (see SOURCES.md:
 * from Debian's package version where the file has none, from the shipping application's
 * `vendor/composer/installed.json` otherwise).
 */
export const FIXTURE_PACKAGES: readonly { readonly file: string; readonly version: string }[] = [
  { file: 'psr-log-1.1.4.composer.json', version: '1.1.4' },
  { file: 'monolog-monolog-2.9.1.composer.json', version: '2.9.1' },
  { file: 'monolog-monolog-2.2.0.composer.json', version: '2.2.0' },
  { file: 'guzzlehttp-psr7-2.4.5.composer.json', version: '2.4.5' },
  { file: 'league-commonmark-2.3.9.composer.json', version: '2.3.9' },
  { file: 'phpseclib-phpseclib-1.0.20.composer.json', version: '1.0.20' },
  { file: 'phpseclib-phpseclib-2.0.31.installed.json', version: '2.0.31' },
  { file: 'marcusschwarz-lesserphp-0.5.5.composer.json', version: 'v0.5.5' },
];

/** The fields Packagist publishes per version in `p2/<vendor>/<name>.json` (scripts, config, autoload-dev and the like stay out). */
const PUBLISHED_FIELDS = [
  'name', 'description', 'keywords', 'homepage', 'version', 'version_normalized', 'license', 'authors', 'source', 'dist', 'type',
  'support', 'funding', 'time', 'autoload', 'extra', 'require', 'require-dev', 'suggest', 'provide', 'conflict', 'replace', 'bin',
  'include-path', 'target-dir', 'abandoned',
];

/** `1.2.3` → `1.2.3.0`, as Composer's VersionParser normalises plain release numbers. */
function normalizedVersion(version: string): string {
  const parts = version.replace(/^v/, '').split('.');
  while (parts.length < 4) {
    parts.push('0');
  }
  return parts.join('.');
}

function compareVersions(a: string, b: string): number {
  const left = normalizedVersion(a).split('.').map(Number);
  const right = normalizedVersion(b).split('.').map(Number);
  for (let index = 0; index < 4; index++) {
    if (left[index] !== right[index]) {
      return left[index] - right[index];
    }
  }
  return 0;
}

/** Every fixture version as Packagist would publish it, by lower-cased name, newest first. */
export function publishedVersions(distBase: string): Map<string, Record<string, unknown>[]> {
  const byName = new Map<string, Record<string, unknown>[]>();
  for (const { file, version } of FIXTURE_PACKAGES) {
    const manifest = JSON.parse(readFileSync(path.join(COMPOSER_FIXTURES, file), 'utf8')) as Record<string, unknown>;
    const name = String(manifest.name).toLowerCase();
    const entry: Record<string, unknown> = { ...manifest, version, version_normalized: normalizedVersion(version) };
    // Packagist always publishes `license` as a list.
    if (typeof entry.license === 'string') {
      entry.license = [entry.license];
    }
    if (entry.dist === undefined) {
      entry.dist = { type: 'zip', url: `${distBase}/dist/${name}/${version}.zip`, reference: null, shasum: '' };
    }
    const published: Record<string, unknown> = {};
    for (const field of PUBLISHED_FIELDS) {
      if (entry[field] !== undefined) {
        published[field] = entry[field];
      }
    }
    byName.set(name, [...(byName.get(name) ?? []), published]);
  }
  for (const versions of byName.values()) {
    versions.sort((a, b) => compareVersions(String(b.version), String(a.version)));
  }
  return byName;
}

/**
 * `Composer\MetadataMinifier\MetadataMinifier::minify`, line by line: each entry after the first
 * keeps only what differs from the entry before (PHP `!isset` or `!==`), and fields the entry no
 * longer has become `"__unset"`.
 */
export function minify(versions: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const minified: Record<string, unknown>[] = [];
  let last: Record<string, unknown> | undefined;
  for (const version of versions) {
    if (last === undefined) {
      last = { ...version };
      minified.push(version);
      continue;
    }
    const diff: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(version)) {
      if (last[key] === undefined || last[key] === null || JSON.stringify(last[key]) !== JSON.stringify(value)) {
        diff[key] = value;
        last[key] = value;
      }
    }
    for (const key of Object.keys(last)) {
      if (version[key] === undefined || version[key] === null) {
        diff[key] = '__unset';
        delete last[key];
      }
    }
    minified.push(diff);
  }
  return minified;
}

export interface SeenComposerRequest {
  readonly path: string;
  readonly authorization?: string;
}

export interface ComposerRepoServerOptions {
  /** Only these packages (default all fixtures). */
  readonly packages?: readonly string[];
  /** Serve the version lists unminified. */
  readonly plain?: boolean;
  /** Extra fields of packages.json (`available-packages`, …). */
  readonly root?: Record<string, unknown>;
  /** Answer 401 unless this exact `Authorization` is sent. */
  readonly requireAuthorization?: string;
  readonly host?: string;
}

/**
 * A Composer v2 repository on the loopback interface, laid out as getcomposer.org "Repositories"
 * describes it: `/packages.json` with `"metadata-url": "/p2/%package%.json"`, and
 * `/p2/<vendor>/<name>.json` holding `{"packages": {"<vendor>/<name>": [versions…]}, "minified":
 * "composer/2.0"}`, built from the real composer.json fixtures and minified as
 * composer/metadata-minifier does. 404 for anything else.
 */
export class ComposerRepoServer {
  readonly requests: SeenComposerRequest[] = [];
  override?: (path: string) => { status: number; body: string | Buffer } | undefined;

  private constructor(
    private readonly server: http.Server,
    private readonly options: ComposerRepoServerOptions,
  ) {}

  static async start(options: ComposerRepoServerOptions = {}): Promise<ComposerRepoServer> {
    const server = http.createServer();
    const repo = new ComposerRepoServer(server, options);
    server.on('request', (request, response) => repo.receive(request, response));
    await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
    return repo;
  }

  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://${address.address}:${address.port}`;
  }

  get host(): string {
    return new URL(this.url).host;
  }

  paths(): string[] {
    return this.requests.map((request) => request.path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The body served for one package, as text. */
  metadataFile(name: string): string | undefined {
    if (this.options.packages !== undefined && !this.options.packages.includes(name)) {
      return undefined;
    }
    const versions = publishedVersions(this.url).get(name);
    if (versions === undefined) {
      return undefined;
    }
    return JSON.stringify(this.options.plain === true ? { packages: { [name]: versions } } : { packages: { [name]: minify(versions) }, minified: 'composer/2.0' });
  }

  private receive(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = request.url ?? '/';
    this.requests.push({ path: url, ...(request.headers.authorization !== undefined ? { authorization: request.headers.authorization } : {}) });
    const override = this.override?.(url);
    if (override !== undefined) {
      response.writeHead(override.status, { 'Content-Type': 'application/json' });
      response.end(override.body);
      return;
    }
    if (this.options.requireAuthorization !== undefined && request.headers.authorization !== this.options.requireAuthorization) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="composer"' });
      response.end('{"message":"Unauthorized"}');
      return;
    }
    let body: string | undefined;
    if (url === '/packages.json') {
      body = JSON.stringify({ packages: [], 'metadata-url': '/p2/%package%.json', ...(this.options.root ?? {}) });
    } else {
      const match = /^\/p2\/([^/]+\/[^/~]+)\.json$/.exec(url);
      body = match === null ? undefined : this.metadataFile(match[1]);
    }
    if (body === undefined) {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end('{"status":"error","message":"Package not found"}');
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { ETag: etag });
      response.end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json', ETag: etag, 'Last-Modified': 'Sun, 01 Mar 2026 00:00:00 GMT' });
    response.end(body);
  }
}
