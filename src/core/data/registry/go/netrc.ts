import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';

/**
 * Credentials for private proxies from `.netrc` (Go Modules Reference § "Passing credentials to
 * private proxies"; cmd/go/internal/auth `parseNetrc`): `machine`, `login` and `password` tokens,
 * `macdef` bodies skipped, `default` ending the file. Each entry is sent only to its machine.
 */

export interface NetrcEntry {
  readonly machine: string;
  readonly login: string;
  readonly password: string;
}

const MAX_NETRC_BYTES = 256 * 1024;

/** The go command's `netrcPath`: `$NETRC`, else `~/.netrc` (`%USERPROFILE%\_netrc` on Windows). */
export async function readNetrc(home: string, netrcVariable: string, platform: NodeJS.Platform, files: string[], problems: string[]): Promise<NetrcEntry[]> {
  const file = netrcVariable !== '' ? netrcVariable : home ? path.join(home, platform === 'win32' ? '_netrc' : '.netrc') : undefined;
  if (file === undefined) {
    return [];
  }
  try {
    const bytes = await readCapped(file, MAX_NETRC_BYTES, 'netrc');
    if (bytes === undefined) {
      return [];
    }
    files.push(file);
    return parseNetrc(bytes.toString('utf8'));
  } catch (error) {
    problems.push((error as Error).message);
    return [];
  }
}

export function parseNetrc(text: string): NetrcEntry[] {
  const entries: NetrcEntry[] = [];
  let machine = '';
  let login = '';
  let password = '';
  let inMacro = false;
  for (const line of text.split('\n')) {
    if (inMacro) {
      if (line === '') {
        inMacro = false;
      }
      continue;
    }
    const fields = line.split(/[ \t\r\f\v]+/).filter((field) => field !== '');
    let index = 0;
    for (; index < fields.length - 1; index += 2) {
      switch (fields[index]) {
        case 'machine':
          machine = fields[index + 1];
          login = '';
          password = '';
          break;
        case 'login':
          login = fields[index + 1];
          break;
        case 'password':
          password = fields[index + 1];
          break;
        case 'macdef':
          inMacro = true;
          break;
      }
      if (machine !== '' && login !== '' && password !== '') {
        entries.push({ machine, login, password });
        machine = login = password = '';
      }
    }
    if (index < fields.length && fields[index] === 'default') {
      break;
    }
  }
  return entries;
}

/** The Basic authorization for a proxy host (`host` or `host:port`), from the first entry naming it. */
export function netrcAuthorization(entries: readonly NetrcEntry[], host: string, hostname: string): string | undefined {
  const entry = entries.find((candidate) => candidate.machine === host || candidate.machine === hostname);
  return entry === undefined ? undefined : `Basic ${Buffer.from(`${entry.login}:${entry.password}`).toString('base64')}`;
}
