import type { RegistryConfigSources } from '../types';
import { readGoEnv } from './goEnv';
import { DEFAULT_GOPROXY, parseGoProxy, type ProxyEntry } from './goProxyList';
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
export async function readGoRegistryConfig(sources: Pick<RegistryConfigSources, 'home' | 'env'> & { platform?: NodeJS.Platform }): Promise<{
  config: GoRegistryConfig;
  files: string[];
  problems: string[];
}> {
  const platform = sources.platform ?? process.platform;
  const env = await readGoEnv({ home: sources.home, env: sources.env, platform });
  const files = [...env.files];
  const problems = [...env.problems];
  const goproxy = env.get('GOPROXY') || DEFAULT_GOPROXY;
  const parsed = parseGoProxy(goproxy);
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
