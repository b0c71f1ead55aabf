import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server sends for one request. */
export interface ScriptedResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Send no Content-Length (chunked transfer). */
  readonly chunked?: boolean;
  /** Send the body in pieces of this size with `chunkDelayMs` between them. */
  readonly chunkSize?: number;
  readonly chunkDelayMs?: number;
  /** Wait this long before answering at all. */
  readonly delayMs?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
}

export type Handler = ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse);

/**
 * A real HTTP server on 127.0.0.1 (port 0) answering scripted responses per path, counting requests.
 * Unknown paths get 404. `close()` also cuts slow responses still in progress.
 */
export class FeedServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<FeedServer> {
    const server = http.createServer();
    const feedServer = new FeedServer(server);
    server.on('request', (request, response) => feedServer.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return feedServer;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The same server under another host name, for cross-host redirects. */
  otherHostUrl(path: string): string {
    return `http://localhost:${this.port}${path}`;
  }

  route(path: string, handler: Handler): this {
    this.routes.set(path, handler);
    return this;
  }

  count(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const recorded: RecordedRequest = { method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers };
    this.requests.push(recorded);
    const handler = this.routes.get(recorded.path);
    const scripted: ScriptedResponse = handler === undefined ? { status: 404, body: 'not found' } : typeof handler === 'function' ? handler(recorded) : handler;
    this.later(scripted.delayMs ?? 0, () => this.send(response, scripted));
  }

  private send(response: http.ServerResponse, scripted: ScriptedResponse): void {
    const body = typeof scripted.body === 'string' ? Buffer.from(scripted.body) : (scripted.body ?? Buffer.alloc(0));
    const headers: Record<string, string> = { ...scripted.headers };
    const hasLength = Object.keys(headers).some((key) => key.toLowerCase() === 'content-length');
    if (!scripted.chunked && !hasLength) {
      headers['Content-Length'] = String(body.length);
    }
    response.writeHead(scripted.status ?? 200, headers);
    if (!scripted.chunkSize) {
      response.end(body);
      return;
    }
    const size = scripted.chunkSize;
    let offset = 0;
    const next = (): void => {
      if (response.destroyed) {
        return;
      }
      if (offset >= body.length) {
        response.end();
        return;
      }
      response.write(body.subarray(offset, offset + size));
      offset += size;
      this.later(scripted.chunkDelayMs ?? 0, next);
    };
    next();
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

/** A valid format-1 feed as JSON text (pretty-printed), with top-level fields replaced by `overrides`. */
export function feedJson(overrides: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify(
    {
      schemaVersion: 1,
      id: 'acme-ospo',
      version: 2,
      issued: '2026-01-01T00:00:00Z',
      organization: { name: 'Acme', contact: { email: 'ospo@acme.example' } },
      licenses: { allow: ['MIT', 'Apache-2.0'], review: ['MPL-2.0'], deny: ['AGPL-3.0-only'], default: 'review', unknown: 'review' },
      packages: [{ match: 'pkg:npm/left-pad', verdict: 'allow', reason: 'Vendored and reviewed.' }],
      health: { warnBelow: 5, denyBelow: 2 },
      advisories: [],
      exceptions: [],
      contribution: { default: { status: 'needs-approval' } },
      training: [],
      ...overrides,
    },
    null,
    2,
  );
}
