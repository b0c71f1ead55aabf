import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../../../..');
const CACHE = path.join(REPO_ROOT, '.cache', 'npm-tools');

/**
 * A tool published on the npm registry (a Node.js build, Microsoft's SARIF validator), unpacked
 * once into `.cache/npm-tools/`: `npm pack` checks the tarball against the registry's integrity
 * hash. Resolves to the unpacked `package/` folder, or undefined when the registry cannot be
 * reached (the caller skips, saying so).
 */
export async function npmToolPackage(name: string, version: string): Promise<string | undefined> {
  const folder = path.join(CACHE, `${name.replace('/', '+')}@${version}`);
  const unpacked = path.join(folder, 'package');
  if (existsSync(unpacked)) {
    return unpacked;
  }
  mkdirSync(CACHE, { recursive: true });
  const scratch = mkdtempSync(path.join(CACHE, '.download-'));
  try {
    const { stdout } = await run('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', scratch], { cwd: scratch, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
    const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
    await run('tar', ['-xzf', path.join(scratch, path.basename(filename)), '-C', scratch], { timeout: 120_000 });
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    renameSync(path.join(scratch, 'package'), unpacked);
    return unpacked;
  } catch (error) {
    const text = String((error as { stderr?: string }).stderr ?? error);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|network/i.test(text)) {
      return undefined;
    }
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
