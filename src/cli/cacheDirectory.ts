import * as os from 'node:os';
import * as path from 'node:path';

/** Where the CLI keeps what it fetched between runs (`$XDG_CACHE_HOME/ospo-guide/<part>`, else `~/.cache/ospo-guide/<part>`). */
export function cacheDirectory(part: 'registries' | 'deps.dev' | 'feed'): string {
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'ospo-guide', part);
}
