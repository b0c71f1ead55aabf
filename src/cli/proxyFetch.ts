import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import type { FetchLike } from '../core/data/online';
import { nodeFetchVia } from '../core/data/online/http';

/**
 * The CLI's fetch: through the proxy the environment names for each URL (`HTTPS_PROXY`,
 * `HTTP_PROXY`, `ALL_PROXY`, lower or upper case, `NO_PROXY` honoured), by CONNECT. Extra CA
 * certificates come from `NODE_EXTRA_CA_CERTS`, which Node itself reads. (In VS Code the editor's
 * own proxy and certificate settings apply instead.)
 */
export function proxyAwareFetch(): FetchLike {
  const agents = new Map<string, HttpsProxyAgent<string>>();
  return nodeFetchVia((url) => {
    const proxy = getProxyForUrl(url);
    if (proxy === '') {
      return undefined;
    }
    let agent = agents.get(proxy);
    if (agent === undefined) {
      agent = new HttpsProxyAgent(proxy);
      agents.set(proxy, agent);
    }
    return agent;
  });
}
