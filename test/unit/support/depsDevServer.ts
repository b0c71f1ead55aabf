import { readdirSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/** `test/fixtures/data/online`, from `<outDir>/test/unit/support` (compiled) or `test/unit/support`. */
export const ONLINE_FIXTURES = path.resolve(__dirname, __filename.endsWith('.js') ? '../../../../test/fixtures/data/online' : '../../fixtures/data/online');

export function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(ONLINE_FIXTURES, name), 'utf8')) as unknown;
}

/** One request as the server saw it: the raw (still percent-encoded) path and the decoded parts. */
export interface SeenRequest {
  readonly method: string;
  /** The path exactly as sent, e.g. `/v3/systems/npm/packages/%40colors%2Fcolors/versions/1.5.0`. */
  readonly rawPath: string;
  readonly kind: 'version' | 'project' | 'batch' | 'other';
  /** version: `SYSTEM name@version` (decoded); project: the decoded id. */
  readonly subject?: string;
  readonly body?: unknown;
  readonly headers: http.IncomingHttpHeaders;
}

/** A replacement answer; `undefined` from a script means "answer normally". */
export interface Scripted {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** No Content-Length (chunked). */
  readonly chunked?: boolean;
  readonly delayMs?: number;
}

export type Script = (request: SeenRequest) => Scripted | undefined;

/**
 * A deps.dev look-alike on 127.0.0.1 (port 0) serving the recorded-shape fixtures:
 * `GET /v3/systems/{system}/packages/{name}/versions/{version}`, `GET /v3/projects/{id}` and
 * `POST /v3alpha/versionbatch` (with pagination when `batchPageSize` is set). Counts requests
 * and the most requests it ever had in progress at once.
 */
export class DepsDevServer {
  readonly requests: SeenRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Delay every answer by this much (to make concurrency observable). */
  delayMs = 0;
  /** Without it, the batch endpoint answers 404 like a mirror that lacks v3alpha. */
  batchSupported = true;
  /** Responses per batch page; pages are chained with `nextPageToken`. */
  batchPageSize = Infinity;
  private readonly versions = new Map<string, unknown>();
  private readonly projects = new Map<string, unknown>();
  private readonly scripts: Script[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<DepsDevServer> {
    const server = http.createServer();
    const depsDev = new DepsDevServer(server);
    depsDev.loadFixtures();
    server.on('request', (request, response) => depsDev.receive(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return depsDev;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Scripts run in order; the first one answering wins. */
  script(script: Script): this {
    this.scripts.push(script);
    return this;
  }

  clearScripts(): void {
    this.scripts.length = 0;
  }

  addVersion(json: { versionKey: { system: string; name: string; version: string } }): void {
    this.versions.set(versionId(json.versionKey.system, json.versionKey.name, json.versionKey.version), json);
  }

  count(kind?: SeenRequest['kind']): number {
    return kind === undefined ? this.requests.length : this.requests.filter((request) => request.kind === kind).length;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private loadFixtures(): void {
    for (const file of readdirSync(ONLINE_FIXTURES)) {
      if (file.startsWith('version-')) {
        this.addVersion(readFixture(file) as { versionKey: { system: string; name: string; version: string } });
      } else if (file.startsWith('project-')) {
        const json = readFixture(file) as { projectKey: { id: string } };
        this.projects.set(json.projectKey.id.toLowerCase(), json);
      }
    }
  }

  private receive(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen = this.classify(request, Buffer.concat(chunks).toString('utf8'));
      this.requests.push(seen);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      response.on('close', () => this.inFlight--);
      let scripted: Scripted | undefined;
      for (const script of this.scripts) {
        scripted = script(seen);
        if (scripted !== undefined) {
          break;
        }
      }
      const answer = scripted ?? this.answer(seen);
      this.later((answer.delayMs ?? 0) + this.delayMs, () => send(response, answer));
    });
  }

  private classify(request: http.IncomingMessage, text: string): SeenRequest {
    const rawPath = request.url ?? '/';
    const method = request.method ?? 'GET';
    const segments = rawPath.split('?')[0]!.split('/');
    const base = { method, rawPath, headers: request.headers };
    // ['', 'v3', 'systems', system, 'packages', name, 'versions', version]
    if (method === 'GET' && segments.length === 8 && segments[1] === 'v3' && segments[2] === 'systems' && segments[4] === 'packages' && segments[6] === 'versions') {
      return { ...base, kind: 'version', subject: `${segments[3]!.toUpperCase()} ${decodeURIComponent(segments[5]!)}@${decodeURIComponent(segments[7]!)}` };
    }
    if (method === 'GET' && segments.length === 4 && segments[1] === 'v3' && segments[2] === 'projects') {
      return { ...base, kind: 'project', subject: decodeURIComponent(segments[3]!) };
    }
    if (method === 'POST' && rawPath === '/v3alpha/versionbatch') {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      return { ...base, kind: 'batch', body };
    }
    return { ...base, kind: 'other' };
  }

  private answer(seen: SeenRequest): Scripted {
    const notFound: Scripted = { status: 404, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 5, message: 'not found', details: [] }) };
    if (seen.kind === 'version') {
      const [system, rest] = seen.subject!.split(' ') as [string, string];
      const at = rest.lastIndexOf('@');
      const json = this.versions.get(versionId(system, rest.slice(0, at), rest.slice(at + 1)));
      return json === undefined ? notFound : jsonAnswer(json);
    }
    if (seen.kind === 'project') {
      const json = this.projects.get(seen.subject!.toLowerCase());
      return json === undefined ? notFound : jsonAnswer(json);
    }
    if (seen.kind === 'batch' && this.batchSupported) {
      const body = seen.body as { requests?: { versionKey: { system: string; name: string; version: string } }[]; pageToken?: string };
      const requests = body.requests ?? [];
      const start = body.pageToken ? Number(body.pageToken.replace('page-', '')) : 0;
      const end = Math.min(requests.length, start + this.batchPageSize);
      const responses = requests.slice(start, end).map((request) => {
        const version = this.versions.get(versionId(request.versionKey.system, request.versionKey.name, request.versionKey.version));
        return version === undefined ? { request } : { request, version };
      });
      return jsonAnswer({ responses, nextPageToken: end < requests.length ? `page-${end}` : '' });
    }
    return notFound;
  }

  private later(ms: number, run: () => void): void {
    if (ms <= 0) {
      run();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}

function versionId(system: string, name: string, version: string): string {
  const upper = system.toUpperCase();
  // deps.dev canonicalizes PyPI names (PEP 503).
  const canonical = upper === 'PYPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
  return `${upper}\n${canonical}\n${version}`;
}

function jsonAnswer(json: unknown): Scripted {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(json) };
}

function send(response: http.ServerResponse, answer: Scripted): void {
  if (response.destroyed) {
    return;
  }
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : (answer.body ?? Buffer.alloc(0));
  const headers: Record<string, string> = { ...answer.headers };
  if (!answer.chunked) {
    headers['Content-Length'] = String(body.length);
  }
  response.writeHead(answer.status ?? 200, headers);
  if (answer.chunked) {
    // Several writes, so a client that stops reading midway really cuts a stream.
    for (let offset = 0; offset < body.length && !response.destroyed; offset += 16 * 1024) {
      response.write(body.subarray(offset, offset + 16 * 1024));
    }
  }
  response.end(answer.chunked ? undefined : body);
}
