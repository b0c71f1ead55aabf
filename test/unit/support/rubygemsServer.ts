import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { parseGemspec } from '../../../src/core/data/rubygems/gemspec';

/** `test/fixtures/registry/rubygems`, from `out/test/unit/support`, `test/unit/support`, or the working folder. */
export const RUBYGEMS_FIXTURES = [
  path.resolve(__dirname, '../../../../test/fixtures/registry/rubygems'),
  path.resolve(__dirname, '../../fixtures/registry/rubygems'),
  path.resolve(process.cwd(), 'test/fixtures/registry/rubygems'),
].find((candidate) => existsSync(path.join(candidate, 'SOURCES.md'))) as string;

/** One real gemspec as a published version. */
export interface FixtureGem {
  readonly name: string;
  readonly number: string;
  readonly platform: string;
  readonly licenses: readonly string[];
  readonly summary: string;
  /** Runtime dependencies with their requirements, as the gemspec writes them. */
  readonly dependencies: readonly { readonly name: string; readonly requirements: readonly string[] }[];
  /** SHA-256 of the gemspec file: there is no .gem file, so it stands in for the package checksum. */
  readonly sha: string;
}

/** Every `*.gemspec` of the fixtures, read with the project's gemspec reader. */
export function fixtureGems(): FixtureGem[] {
  return readdirSync(RUBYGEMS_FIXTURES)
    .filter((file) => file.endsWith('.gemspec'))
    .map((file) => {
      const bytes = readFileSync(path.join(RUBYGEMS_FIXTURES, file));
      const text = bytes.toString('utf8');
      const info = parseGemspec(text);
      if (info.name === undefined || info.version === undefined) {
        throw new Error(`${file}: no literal name or version`);
      }
      return {
        name: info.name,
        number: info.version,
        platform: info.platform ?? 'ruby',
        licenses: info.licenses,
        summary: /s\.summary = "([^"]*)"/.exec(text)?.[1] ?? '',
        dependencies: runtimeDependencies(text),
        sha: createHash('sha256').update(bytes).digest('hex'),
      };
    });
}

/** `s.add_runtime_dependency(%q<name>.freeze, ["~> 1.0"])` lines of the `respond_to?` branch RubyGems writes first. */
function runtimeDependencies(text: string): { name: string; requirements: string[] }[] {
  const found = new Map<string, string[]>();
  for (const match of text.matchAll(/s\.add_runtime_dependency\(%q<([^>]+)>(?:\.freeze)?, \[([^\]]*)\]\)/g)) {
    const requirements = [...match[2].matchAll(/"([^"]*)"/g)].map((item) => item[1]);
    if (!found.has(match[1])) {
      found.set(match[1], requirements);
    }
  }
  return [...found].map(([name, requirements]) => ({ name, requirements }));
}

export interface SeenGemRequest {
  readonly path: string;
  readonly authorization?: string;
  readonly ifNoneMatch?: string;
}

export interface RubygemsServerOptions {
  /** Serve `/api/v1/versions/<gem>.json`; without it the server is a compact-index-only gem server (404 there). */
  readonly versionsApi?: boolean;
  /** Only these gems (default all fixtures). */
  readonly gems?: readonly string[];
  /** Answer 401 unless this exact `Authorization` is sent. */
  readonly requireAuthorization?: string;
  readonly host?: string;
}

/**
 * A RubyGems.org-compatible gem server on the loopback interface, in the layout of
 * guides.rubygems.org "RubyGems.org API" and "Compact Index API", built from real gemspecs:
 * `GET /api/v1/versions/<gem>.json` (the array of versions with `number`, `platform`,
 * `licenses`, `prerelease`, `sha`), `GET /info/<gem>` (`---` then `VERSION DEPS|checksum:SHA`
 * lines), `GET /api/v2/rubygems/<gem>/versions/<version>.json`. Every answer has an ETag and
 * honours `If-None-Match`.
 */
export class RubygemsServer {
  readonly requests: SeenGemRequest[] = [];
  /** Replaces the answer for a path, for hostile-server cases. */
  override?: (path: string) => { status: number; body: string | Buffer; headers?: Record<string, string> } | undefined;
  private readonly gems: FixtureGem[];

  private constructor(
    private readonly server: http.Server,
    private readonly options: RubygemsServerOptions,
  ) {
    const wanted = options.gems;
    this.gems = fixtureGems().filter((gem) => wanted === undefined || wanted.includes(gem.name));
  }

  static async start(options: RubygemsServerOptions = {}): Promise<RubygemsServer> {
    const server = http.createServer();
    const gems = new RubygemsServer(server, options);
    server.on('request', (request, response) => gems.receive(request, response));
    await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
    return gems;
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

  versionsJson(name: string): string | undefined {
    const versions = this.gems.filter((gem) => gem.name === name);
    if (versions.length === 0) {
      return undefined;
    }
    return JSON.stringify(
      versions.map((gem) => ({
        authors: '',
        built_at: '2023-01-01T00:00:00.000Z',
        created_at: '2023-01-01T00:00:00.000Z',
        description: gem.summary,
        downloads_count: 0,
        metadata: {},
        number: gem.number,
        summary: gem.summary,
        platform: gem.platform,
        rubygems_version: '>= 0',
        ruby_version: null,
        prerelease: /[a-zA-Z]/.test(gem.number),
        licenses: gem.licenses.length > 0 ? gem.licenses : null,
        requirements: [],
        sha: gem.sha,
      })),
    );
  }

  infoFile(name: string): string | undefined {
    const versions = this.gems.filter((gem) => gem.name === name);
    if (versions.length === 0) {
      return undefined;
    }
    const lines = versions.map((gem) => {
      const head = gem.platform === 'ruby' ? gem.number : `${gem.number}-${gem.platform}`;
      const dependencies = gem.dependencies.map((dependency) => `${dependency.name}:${dependency.requirements.join('&')}`).join(',');
      return `${head} ${dependencies}|checksum:${gem.sha},created_at:2023-01-01T00:00:00Z`;
    });
    return `---\n${lines.join('\n')}\n`;
  }

  private receive(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = request.url ?? '/';
    this.requests.push({
      path: url,
      ...(request.headers.authorization !== undefined ? { authorization: request.headers.authorization } : {}),
      ...(typeof request.headers['if-none-match'] === 'string' ? { ifNoneMatch: request.headers['if-none-match'] } : {}),
    });
    const override = this.override?.(url);
    if (override !== undefined) {
      response.writeHead(override.status, override.headers ?? {});
      response.end(override.body);
      return;
    }
    if (this.options.requireAuthorization !== undefined && request.headers.authorization !== this.options.requireAuthorization) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="gems"' });
      response.end('Unauthorized');
      return;
    }
    const answer = this.answer(decodeURIComponent(url.split('?')[0]));
    if (answer === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('This rubygem could not be found.');
      return;
    }
    const etag = `"${createHash('md5').update(answer.body).digest('hex')}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { ETag: etag });
      response.end();
      return;
    }
    response.writeHead(200, { 'Content-Type': answer.type, ETag: etag });
    response.end(answer.body);
  }

  /** `GET /versions` ("`versions` File Format"): one line per gem, `NAME VERSION[,VERSION] MD5-of-its-info-file`. */
  versionsFile(): string {
    const names = [...new Set(this.gems.map((gem) => gem.name))].sort();
    const lines = names.map((name) => {
      const numbers = this.gems.filter((gem) => gem.name === name).map((gem) => (gem.platform === 'ruby' ? gem.number : `${gem.number}-${gem.platform}`));
      return `${name} ${numbers.join(',')} ${createHash('md5').update(this.infoFile(name) ?? '').digest('hex')}`;
    });
    return `created_at: 2023-01-01T00:00:00Z\n---\n${lines.join('\n')}\n`;
  }

  private answer(pathname: string): { type: string; body: string } | undefined {
    if (pathname === '/versions') {
      return { type: 'text/plain; charset=utf-8', body: this.versionsFile() };
    }
    let match = /^\/api\/v1\/versions\/([^/]+)\.json$/.exec(pathname);
    if (match) {
      const body = this.options.versionsApi === false ? undefined : this.versionsJson(match[1]);
      return body === undefined ? undefined : { type: 'application/json; charset=utf-8', body };
    }
    match = /^\/info\/([^/]+)$/.exec(pathname);
    if (match) {
      const body = this.infoFile(match[1]);
      return body === undefined ? undefined : { type: 'text/plain; charset=utf-8', body };
    }
    match = /^\/api\/v2\/rubygems\/([^/]+)\/versions\/([^/]+)\.json$/.exec(pathname);
    if (match) {
      const [, name, number] = match;
      const gem = this.gems.find((candidate) => candidate.name === name && candidate.number === number);
      if (gem === undefined) {
        return undefined;
      }
      const body = JSON.stringify({
        name: gem.name,
        version: gem.number,
        platform: gem.platform,
        info: gem.summary,
        licenses: gem.licenses.length > 0 ? gem.licenses : null,
        metadata: {},
        yanked: false,
        sha: gem.sha,
        number: gem.number,
        summary: gem.summary,
        prerelease: /[a-zA-Z]/.test(gem.number),
        dependencies: { development: [], runtime: gem.dependencies.map((dependency) => ({ name: dependency.name, requirements: dependency.requirements.join(', ') })) },
      });
      return { type: 'application/json; charset=utf-8', body };
    }
    return undefined;
  }
}
