import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An npm registry on 127.0.0.1 answering packuments by request path (`/express`, `/@acme%2fwidget`), 404 otherwise. */
export interface PackumentServer {
  /** `http://127.0.0.1:<port>/`, for an `.npmrc`. */
  readonly url: string;
  /** Every path asked, in order. */
  readonly asked: string[];
  close(): Promise<void>;
}

export async function servePackuments(packuments: Readonly<Record<string, string>>): Promise<PackumentServer> {
  const asked: string[] = [];
  const server = http.createServer((request, response) => {
    asked.push(request.url ?? '');
    const body = Object.prototype.hasOwnProperty.call(packuments, request.url ?? '') ? packuments[request.url ?? ''] : undefined;
    if (body === undefined) {
      response.writeHead(404).end();
    } else {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    asked,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Points the CLI's on-disk caches (XDG_CACHE_HOME) at `folder` until the returned function puts them back. */
export function cachesIn(folder: string): () => void {
  const before = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = folder;
  return () => {
    if (before === undefined) {
      delete process.env.XDG_CACHE_HOME;
    } else {
      process.env.XDG_CACHE_HOME = before;
    }
  };
}
