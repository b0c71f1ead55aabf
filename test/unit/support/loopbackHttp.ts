import { defaultFetch, type FetchLike } from '../../../src/core/data/online/http';
import { RegistryHttp } from '../../../src/core/data/registry/registryHttp';

/**
 * A `RegistryHttp` that can only reach loopback addresses (127.0.0.0/8) and records every URL it was asked for, so a test
 * can show that a public registry was never asked (without the network being there to tell).
 */
export function loopbackHttp(log: (message: string) => void = () => undefined): { http: RegistryHttp; asked: string[] } {
  const asked: string[] = [];
  const fetch: FetchLike = (url, init) => {
    asked.push(url);
    if (!/^127\.\d+\.\d+\.\d+$/.test(new URL(url).hostname)) {
      return Promise.reject(new Error(`the test refused a request to ${new URL(url).host}`));
    }
    return defaultFetch(url, init);
  };
  return { http: new RegistryHttp({ fetch, log, maxRetries: 0, timeoutMs: 5_000 }), asked };
}

/** The hosts of the URLs asked, each once, in order. */
export function hostsAsked(asked: readonly string[]): string[] {
  return [...new Set(asked.map((url) => new URL(url).host))];
}
