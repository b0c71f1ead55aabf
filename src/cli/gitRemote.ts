import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { readBoundedTextSync } from '../core/files/boundedReader';
import { MAX_GIT_CONFIG_BYTES } from '../core/files/readLimits';
import { EXCEPTION_REMOTES, gitConfigRemotes, preferredRemoteUrl } from '../core/policy/gitConfig';
import { repoIdentity } from '../core/policy/repoIdentity';
import { checkedFolder, repositoryTop } from './repositoryFile';

/**
 * The `host/owner/name` of the repository containing `start`, read from its git config (walking up
 * to the nearest `.git`, following a `gitdir:` file for worktrees and submodules); null when there is none.
 */
export function gitRepoIdentity(start: string, remotes: readonly string[] = EXCEPTION_REMOTES): string | null {
  const configPath = findGitConfig(start);
  if (!configPath) {
    return null;
  }
  const text = readGitFile(configPath);
  const url = text === null ? null : preferredRemoteUrl(gitConfigRemotes(text), remotes);
  return url === null ? null : repoIdentity(url);
}

function findGitConfig(start: string): string | null {
  const top = repositoryTop(checkedFolder(start));
  if (top === undefined) {
    return null;
  }
  const dotGit = path.join(top, '.git');
  const gitDir = statSync(dotGit).isDirectory() ? dotGit : gitDirFromFile(dotGit, top);
  const config = gitDir && commonConfig(gitDir);
  return config && existsSync(config) ? config : null;
}

/** A worktree's `.git` file says `gitdir: <path>`; its remotes live in the common dir's config. */
function gitDirFromFile(file: string, folder: string): string | null {
  const match = /^gitdir:\s*(.+)$/m.exec(readGitFile(file) ?? '');
  return match ? path.resolve(folder, match[1].trim()) : null;
}

function commonConfig(gitDir: string): string {
  const commonDirFile = path.join(gitDir, 'commondir');
  const common = readGitFile(commonDirFile);
  const commonDir = common !== null ? path.resolve(gitDir, common.trim()) : gitDir;
  return path.join(commonDir, 'config');
}

/**
 * A git file's text; null when it is missing or refused (a device, a FIFO, too big), which is said
 * on stderr since the report then names no repository.
 */
function readGitFile(file: string): string | null {
  const read = readBoundedTextSync(file, { maxBytes: MAX_GIT_CONFIG_BYTES });
  if (read.kind === 'refused') {
    process.stderr.write(`ospo-guide: ${file} ${read.reason}; the repository is not identified\n`);
  }
  return read.kind === 'text' ? read.text : null;
}
