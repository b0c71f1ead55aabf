import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Compiled, this file runs from `<outDir>/test/unit/support`: four levels below the repository. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** Larger files are generated data, not text anybody writes references into. */
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

function git(args: readonly string[], input?: string): string {
  return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(input !== undefined ? { input } : {}) });
}

/**
 * The files a clone would hold, plus new files not yet added: what `git ls-files` lists, tracked
 * and untracked, without what .gitignore leaves out. Undefined outside a git checkout.
 */
export function projectFiles(): string[] | undefined {
  try {
    return git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
      .split('\0')
      .filter((file) => file !== '');
  } catch {
    return undefined;
  }
}

/** A project file's text; undefined when it is gone, not a regular file, too large or binary (a NUL byte). */
export function projectText(file: string): string | undefined {
  const absolute = path.join(REPO_ROOT, file);
  try {
    const stat = lstatSync(absolute);
    if (!stat.isFile() || stat.size > MAX_TEXT_BYTES) {
      return undefined;
    }
    const bytes = readFileSync(absolute);
    return bytes.includes(0) ? undefined : bytes.toString('utf8');
  } catch {
    return undefined;
  }
}

/** Of repository-relative paths, those .gitignore names: build outputs, which a clone gets by building. */
export function ignoredPaths(paths: readonly string[]): Set<string> {
  if (paths.length === 0) {
    return new Set();
  }
  try {
    return new Set(git(['check-ignore', '--no-index', '--stdin'], paths.join('\n') + '\n').split('\n').filter((line) => line !== ''));
  } catch {
    // check-ignore exits 1 when no path is ignored.
    return new Set();
  }
}
