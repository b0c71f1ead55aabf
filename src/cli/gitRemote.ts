import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { EXCEPTION_REMOTES, gitConfigRemotes, preferredRemoteUrl } from '../core/policy/gitConfig';
import { repoIdentity } from '../core/policy/repoIdentity';

/**
 * The `host/owner/name` of the repository containing `start`, read from its git config (walking up
 * to the nearest `.git`, following a `gitdir:` file for worktrees and submodules); null when there is none.
 */
export function gitRepoIdentity(start: string, remotes: readonly string[] = EXCEPTION_REMOTES): string | null {
  const configPath = findGitConfig(start);
  if (!configPath) {
    return null;
  }
  const url = preferredRemoteUrl(gitConfigRemotes(readFileSync(configPath, 'utf8')), remotes);
  return url === null ? null : repoIdentity(url);
}

function findGitConfig(start: string): string | null {
  let folder = existsSync(start) && statSync(start).isFile() ? path.dirname(start) : start;
  for (;;) {
    const dotGit = path.join(folder, '.git');
    if (existsSync(dotGit)) {
      const gitDir = statSync(dotGit).isDirectory() ? dotGit : gitDirFromFile(dotGit, folder);
      const config = gitDir && commonConfig(gitDir);
      return config && existsSync(config) ? config : null;
    }
    const parent = path.dirname(folder);
    if (parent === folder) {
      return null;
    }
    folder = parent;
  }
}

/** A worktree's `.git` file says `gitdir: <path>`; its remotes live in the common dir's config. */
function gitDirFromFile(file: string, folder: string): string | null {
  const match = /^gitdir:\s*(.+)$/m.exec(readFileSync(file, 'utf8'));
  return match ? path.resolve(folder, match[1].trim()) : null;
}

function commonConfig(gitDir: string): string {
  const commonDirFile = path.join(gitDir, 'commondir');
  const commonDir = existsSync(commonDirFile) ? path.resolve(gitDir, readFileSync(commonDirFile, 'utf8').trim()) : gitDir;
  return path.join(commonDir, 'config');
}
