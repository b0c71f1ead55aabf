import type { RegistryConfigSources } from '../types';
import { readGoEnv } from './goEnv';
import { DEFAULT_GOPROXY, parseGoProxy, type ParsedProxyList, type ProxyEntry } from './goProxyList';
import { type NetrcEntry, readNetrc } from './netrc';

/** Where the go command would look a module up, and what it must never send. */
export interface GoRegistryConfig {
  readonly proxies: readonly ProxyEntry[];
  /** `GONOPROXY` (defaulting to `GOPRIVATE`) and `GOPRIVATE`: module path prefix globs never sent to a proxy. */
  readonly noProxy: string;
  readonly private: string;
  readonly netrc: readonly NetrcEntry[];
}

/**
 * The go command's proxy settings for the user (Go Modules Reference § "Module proxies",
 * § "Private modules", § "Environment variables"). A Go project names no proxy of its own (go.mod
 * and go.work have no such directive), so `sources.trustProject` changes nothing here.
 */
export async function readGoRegistryConfig(sources: Pick<RegistryConfigSources, 'home' | 'env' | 'mirror'> & { platform?: NodeJS.Platform }): Promise<{
  config: GoRegistryConfig;
  files: string[];
  problems: string[];
}> {
  const platform = sources.platform ?? process.platform;
  const env = await readGoEnv({ home: sources.home, env: sources.env, platform });
  const files = [...env.files];
  const problems = [...env.problems];
  const parsed = sources.mirror !== undefined && !env.setByUser('GOPROXY') ? ospoGoProxy(sources.mirror) : parseGoProxy(env.get('GOPROXY') || DEFAULT_GOPROXY);
  if (parsed.problem !== undefined) {
    problems.push(parsed.problem);
  }
  const privatePatterns = env.get('GOPRIVATE');
  // `go help goauth`: GOAUTH=off turns credentials off; otherwise .netrc is read, as before GOAUTH existed.
  const netrc = env.get('GOAUTH').trim() === 'off' ? [] : await readNetrc(sources.home, env.osEnv('NETRC'), platform, files, problems);
  return {
    config: {
      proxies: parsed.entries,
      noProxy: env.get('GONOPROXY') || privatePatterns,
      private: privatePatterns,
      netrc,
    },
    files,
    problems,
  };
}

/**
 * The OSPO's mirror in the place of proxy.golang.org: `<mirror>,direct`, what the go command's
 * default (`https://proxy.golang.org,direct`) becomes with the public proxy swapped out. It applies
 * where the user set no GOPROXY (in the environment or with `go env -w`); the toolchain's own
 * `$GOROOT/go.env` is the distribution's default, not the developer's choice, so the mirror replaces
 * it too. `direct` is never fetched from here. Credentials written into the policy's URL are
 * dropped: the mirror gets only what the user's .netrc gives its host. A value that is not a proxy
 * URL makes the list invalid, and so no lookups, never proxy.golang.org.
 */
function ospoGoProxy(mirror: string): ParsedProxyList {
  const unusable = { entries: [], problem: "your OSPO's Go module proxy mirror is not an http(s) URL; no module proxy is used in place of proxy.golang.org" };
  let text: string;
  try {
    const url = new URL(mirror.trim());
    url.username = '';
    url.password = '';
    text = url.toString();
  } catch {
    return unusable;
  }
  // A list separator inside the URL would make it several proxies, which is not what the OSPO wrote.
  if (text.includes(',') || text.includes('|')) {
    return unusable;
  }
  const parsed = parseGoProxy(`${text},direct`);
  return parsed.problem !== undefined || parsed.entries[0]?.kind !== 'proxy' ? unusable : parsed;
}
