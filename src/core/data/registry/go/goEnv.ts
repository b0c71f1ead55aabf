import { access, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';

/**
 * The go command's settings as `go env` would report them, without running it
 * (cmd/go/internal/cfg `Getenv`): a non-empty environment variable wins, then the user's go env
 * file (`$GOENV`, else `os.UserConfigDir()/go/env`, which `go env -w` writes), then
 * `$GOROOT/go.env` (Go 1.21+), where a distribution may set its own defaults. All of these are
 * the user's or the system's configuration, never the project's.
 */

export interface GoEnvSources {
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `process.platform` unless a test says otherwise. */
  readonly platform?: NodeJS.Platform;
}

export interface GoEnv {
  /** The effective value of a go setting, '' when unset. */
  get(key: string): string;
  /** Whether the user set it (the environment or the user's go env file), rather than the toolchain's `go.env`. */
  setByUser(key: string): boolean;
  /** The environment variable alone (NETRC, HOME…), for what the go command reads only from there. */
  osEnv(key: string): string;
  readonly files: readonly string[];
  readonly problems: readonly string[];
}

/** `go env -w` files are a few hundred bytes. */
const MAX_ENV_FILE_BYTES = 256 * 1024;

export async function readGoEnv(sources: GoEnvSources): Promise<GoEnv> {
  const platform = sources.platform ?? process.platform;
  const osEnv = (key: string): string => envValue(sources.env, key, platform);
  const files: string[] = [];
  const problems: string[] = [];
  const read = async (file: string): Promise<Map<string, string>> => {
    try {
      const bytes = await readCapped(file, MAX_ENV_FILE_BYTES, 'go env');
      if (bytes === undefined) {
        return new Map();
      }
      files.push(file);
      return parseGoEnvFile(bytes.toString('utf8'));
    } catch (error) {
      problems.push((error as Error).message);
      return new Map();
    }
  };
  const envFile = goEnvFile(sources.home, osEnv, platform);
  const user = envFile === undefined ? new Map<string, string>() : await read(envFile);
  const goroot = osEnv('GOROOT') || user.get('GOROOT') || (await goRootOnPath(osEnv('PATH'), platform));
  const system = goroot ? await read(path.join(goroot, 'go.env')) : new Map<string, string>();
  return {
    get: (key) => osEnv(key) || user.get(key) || system.get(key) || '',
    setByUser: (key) => (osEnv(key) || user.get(key) || '') !== '',
    osEnv,
    files,
    problems,
  };
}

/** cmd/go/internal/cfg `EnvFile`: `$GOENV` (`off` for none), else the user configuration folder's `go/env`. */
export function goEnvFile(home: string, osEnv: (key: string) => string, platform: NodeJS.Platform): string | undefined {
  const explicit = osEnv('GOENV');
  if (explicit !== '') {
    return explicit === 'off' ? undefined : explicit;
  }
  const configDir = userConfigDir(home, osEnv, platform);
  return configDir === undefined ? undefined : path.join(configDir, 'go', 'env');
}

/** Go's `os.UserConfigDir`. */
function userConfigDir(home: string, osEnv: (key: string) => string, platform: NodeJS.Platform): string | undefined {
  if (platform === 'win32') {
    return osEnv('AppData') || undefined;
  }
  if (platform === 'darwin') {
    return home ? path.join(home, 'Library', 'Application Support') : undefined;
  }
  const xdg = osEnv('XDG_CONFIG_HOME');
  if (xdg !== '') {
    return path.isAbsolute(xdg) ? xdg : undefined;
  }
  return home ? path.join(home, '.config') : undefined;
}

/**
 * cmd/go/internal/cfg `readEnvFile`: `KEY=VALUE` lines whose key starts with an upper-case letter;
 * anything else is ignored, values are taken as written.
 */
export function parseGoEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const equals = line.indexOf('=');
    if (equals < 0 || line[0] < 'A' || line[0] > 'Z') {
      continue;
    }
    values.set(line.slice(0, equals), line.slice(equals + 1));
  }
  return values;
}

/** The GOROOT of the `go` found on PATH (its binary lives in `GOROOT/bin`), as the go command finds its own. */
async function goRootOnPath(searchPath: string, platform: NodeJS.Platform): Promise<string | undefined> {
  const binary = platform === 'win32' ? 'go.exe' : 'go';
  for (const dir of searchPath.split(platform === 'win32' ? ';' : ':').slice(0, 256)) {
    if (dir === '' || !path.isAbsolute(dir)) {
      continue;
    }
    let real: string;
    try {
      real = await realpath(path.join(dir, binary));
    } catch {
      continue;
    }
    for (const root of [path.dirname(path.dirname(real)), path.dirname(path.dirname(path.dirname(real)))]) {
      try {
        await access(path.join(root, 'pkg', 'tool'));
        return root;
      } catch {
        // Not a GOROOT.
      }
    }
    return undefined;
  }
  return undefined;
}

/** Environment variable names are case-insensitive on Windows. */
function envValue(env: Readonly<Record<string, string | undefined>>, key: string, platform: NodeJS.Platform): string {
  const exact = Object.prototype.hasOwnProperty.call(env, key) ? env[key] : undefined;
  if (exact !== undefined || platform !== 'win32') {
    return exact ?? '';
  }
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(env)) {
    if (name.toLowerCase() === lower && value !== undefined) {
      return value;
    }
  }
  return '';
}
