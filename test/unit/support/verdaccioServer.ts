import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The project's own Verdaccio (a devDependency), or undefined when it is not installed: the
 * tests that need a real private registry then skip.
 */
export function verdaccioEntry(): string | undefined {
  try {
    return require.resolve('verdaccio');
  } catch {
    return undefined;
  }
}

/**
 * Runs in a child process: Verdaccio's documented Node API (`runServer(configPath)` resolves an
 * http.Server that is not listening yet, https://verdaccio.org/docs/verdaccio-programmatically),
 * listened on 127.0.0.1 port 0, the port sent back over IPC. A child keeps Verdaccio's logger,
 * plugins and timers out of the mocha process, and dies with its parent.
 */
const LAUNCHER = `
const { runServer } = require(process.env.OSPO_VERDACCIO_ENTRY);
process.on('disconnect', () => process.exit(0));
runServer(process.env.OSPO_VERDACCIO_CONFIG).then(
  (server) => server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port })),
  (error) => { console.error((error && error.stack) || String(error)); process.exit(1); },
);
`;

const START_TIMEOUT_MS = 60_000;

/**
 * A private Verdaccio registry in a folder of its own: no uplinks (nothing is ever proxied to
 * npmjs or anywhere else), every package readable and publishable only by authenticated users,
 * htpasswd accounts that the test adds itself, JWT tokens (no bcrypt check on every request).
 */
export class VerdaccioServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly log: string[],
  ) {}

  /** `dir` is created and holds the configuration, the storage and the htpasswd file. */
  static async start(entry: string, dir: string): Promise<VerdaccioServer> {
    mkdirSync(path.join(dir, 'storage'), { recursive: true });
    const config = {
      storage: path.join(dir, 'storage'),
      auth: { htpasswd: { file: path.join(dir, 'htpasswd'), max_users: 10 } },
      uplinks: {},
      packages: {
        '@acme/*': { access: '$authenticated', publish: '$authenticated', unpublish: '$authenticated' },
        '**': { access: '$authenticated', publish: '$authenticated', unpublish: '$authenticated' },
      },
      security: { api: { jwt: { sign: { expiresIn: '1h' } } } },
      web: { enable: false },
      log: { type: 'stdout', format: 'json', level: 'warn' },
    };
    // JSON is YAML: no YAML writer needed, and paths need no quoting rules of their own.
    const configFile = path.join(dir, 'config.yaml');
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const child = spawn(process.execPath, ['-e', LAUNCHER], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        ...(process.env.SystemRoot !== undefined ? { SystemRoot: process.env.SystemRoot } : {}),
        OSPO_VERDACCIO_ENTRY: entry,
        OSPO_VERDACCIO_CONFIG: configFile,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const log: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`Verdaccio did not start within ${START_TIMEOUT_MS} ms:\n${log.join('')}`));
      }, START_TIMEOUT_MS);
      child.once('message', (message: { port?: unknown }) => {
        clearTimeout(timer);
        if (typeof message.port === 'number') {
          resolve(message.port);
        } else {
          reject(new Error(`Verdaccio sent ${JSON.stringify(message)}`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Verdaccio exited with ${code}:\n${log.join('')}`));
      });
    });
    return new VerdaccioServer(child, port, log);
  }

  /** `127.0.0.1:<port>`, as hostFor() and nerf darts name it. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Ends in `/`, as .npmrc registry URLs do. */
  get url(): string {
    return `http://${this.host}/`;
  }

  /** What Verdaccio logged (warnings and errors), for failure messages. */
  get output(): string {
    return this.log.join('');
  }

  /**
   * Creates an htpasswd account and returns its token, as `npm adduser` does: CouchDB's
   * `PUT /-/user/org.couchdb.user:<name>`, which Verdaccio answers with `{ token }`.
   */
  async addUser(name: string, password: string): Promise<string> {
    const body = { _id: `org.couchdb.user:${name}`, name, password, type: 'user', roles: [], date: new Date().toISOString() };
    const answer = await putJson(`${this.url}-/user/org.couchdb.user:${encodeURIComponent(name)}`, body);
    const token = (answer.json as { token?: unknown } | undefined)?.token;
    if (answer.status !== 201 || typeof token !== 'string') {
      throw new Error(`Verdaccio refused the user: HTTP ${answer.status} ${answer.text}`);
    }
    return token;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

async function putJson(url: string, body: unknown): Promise<{ status: number; text: string; json?: unknown }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PUT', headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode ?? 0, text, json });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** One request as a recording server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
}

/**
 * A plain node:http server on 127.0.0.1 that records every request with its headers and answers
 * 404 (a registry that has nothing), or what `answer` says (a redirect).
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];

  private constructor(private readonly server: http.Server) {}

  static async start(answer?: (request: RecordedRequest) => { status: number; headers?: Record<string, string> } | undefined): Promise<RecordingServer> {
    const server = http.createServer();
    const recording = new RecordingServer(server);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      const seen: RecordedRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers };
      recording.requests.push(seen);
      request.resume();
      const scripted = answer?.(seen);
      response.writeHead(scripted?.status ?? 404, { 'content-type': 'application/json', ...(scripted?.headers ?? {}) });
      response.end(scripted === undefined ? '{"error":"not found"}' : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return recording;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get url(): string {
    return `http://${this.host}/`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Runs the npm CLI (no shell: arguments such as `>=1 <3` pass as they are); rejects with its stderr. */
export function runNpm(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'npm',
      [...args],
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => (error ? reject(new Error(`npm ${args.join(' ')} failed: ${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

/**
 * Unpacks an npm package tarball (gzip'd ustar, every entry under `package/`) into `dir`:
 * regular files only, each kept inside `dir`. Enough for what `npm pack` produces.
 */
export function unpackNpmTarball(tarball: string, dir: string): void {
  const tar = gunzipSync(readFileSync(tarball));
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) {
      break;
    }
    const field = (start: number, length: number) => {
      const bytes = header.subarray(start, start + length);
      const end = bytes.indexOf(0);
      return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
    };
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(345, 155);
    const name = prefix === '' ? field(0, 100) : `${prefix}/${field(0, 100)}`;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    const relative = name.split('/').slice(1).join('/');
    const target = path.resolve(dir, relative);
    if (type !== '0' || relative === '' || !target.startsWith(path.resolve(dir) + path.sep)) {
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, body);
  }
}
