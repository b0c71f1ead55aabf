import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readBoundedText } from '../core/files/boundedReader';
import { MAX_GIT_CONFIG_BYTES } from '../core/files/readLimits';
import { recentCommitMessages } from '../core/git/recentCommits';
import { gitConfigRemoteList, gitConfigUserEmail, type LocalGitFacts } from '../core/guide/contribution';
import { readWorkspaceText } from './workspaceFiles';

/** Where a CONTRIBUTING file may be, as GitHub and GitLab look for it. */
const CONTRIBUTING_FOLDERS = ['', '.github', 'docs'] as const;
const CONTRIBUTING_NAME = /^contributing(\.(md|markdown|rst|txt|adoc))?$/i;

const COMMITS_READ = 10;

export interface LocalGitFactsOptions {
  /** Whether git may be run; false in Restricted Mode, where a repository's config must never run anything. */
  readonly mayRunGit: boolean;
  readonly log: vscode.LogOutputChannel;
}

/**
 * What can be known locally about a workspace folder as a contribution: its remotes and the
 * user's email from git's config files (read, never run), its last commit messages (git is run
 * only in a trusted workspace), and its CONTRIBUTING file.
 */
export async function localGitFacts(folder: vscode.Uri, options: LocalGitFactsOptions): Promise<LocalGitFacts> {
  const repoConfig = await readRepoConfig(folder);
  const userEmail = (repoConfig === null ? null : gitConfigUserEmail(repoConfig)) ?? (await globalUserEmail());
  const [recentCommitMessages, contributingFile] = await Promise.all([
    repoConfig !== null && options.mayRunGit && folder.scheme === 'file' ? recentCommits(folder.fsPath, options.log) : Promise.resolve(null),
    findContributingFile(folder),
  ]);
  return { remotes: repoConfig === null ? [] : gitConfigRemoteList(repoConfig), userEmail, recentCommitMessages, contributingFile };
}

/** The text of the folder's `.git/config`, following a `.git` file (`gitdir: …`) of a worktree or submodule. */
async function readRepoConfig(folder: vscode.Uri): Promise<string | null> {
  const dotGit = vscode.Uri.joinPath(folder, '.git');
  const direct = await readText(vscode.Uri.joinPath(dotGit, 'config'));
  if (direct !== null) {
    return direct;
  }
  const pointer = await readText(dotGit);
  const gitDir = pointer === null ? null : /^gitdir:\s*(.+?)\s*$/m.exec(pointer)?.[1];
  if (!gitDir || folder.scheme !== 'file') {
    return null;
  }
  const absolute = path.resolve(folder.fsPath, gitDir);
  // A worktree's config is in the main repository's git directory, named by `commondir`.
  const common = await readText(vscode.Uri.file(path.join(absolute, 'commondir')));
  const configDir = common === null ? absolute : path.resolve(absolute, common.trim());
  return readText(vscode.Uri.file(path.join(configDir, 'config')));
}

async function readText(uri: vscode.Uri): Promise<string | null> {
  const read = await readWorkspaceText(uri, MAX_GIT_CONFIG_BYTES);
  return read.kind === 'text' ? read.text : null;
}

/** `user.email` of the user's own git config (`~/.gitconfig`, then `$XDG_CONFIG_HOME/git/config`). */
async function globalUserEmail(): Promise<string | null> {
  const home = os.homedir();
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  for (const file of [path.join(home, '.gitconfig'), path.join(xdg, 'git', 'config')]) {
    const read = await readBoundedText(file, { maxBytes: MAX_GIT_CONFIG_BYTES });
    const email = read.kind === 'text' ? gitConfigUserEmail(read.text) : null;
    if (email !== null) {
      return email;
    }
  }
  return null;
}

/** The last commit messages, or null when git is missing, fails or the folder is no repository of its own. */
async function recentCommits(cwd: string, log: vscode.LogOutputChannel): Promise<string[] | null> {
  const commits = await recentCommitMessages(cwd, COMMITS_READ);
  if (!commits.ok) {
    log.info(`git log in ${cwd} gave no commits: ${commits.reason}`);
    return null;
  }
  return commits.messages;
}

/** The workspace-relative path of the first CONTRIBUTING file at the root, in `.github/` or in `docs/`. */
async function findContributingFile(folder: vscode.Uri): Promise<string | null> {
  const root = await listDirectory(folder);
  for (const sub of CONTRIBUTING_FOLDERS) {
    // Only folders the root lists are read, so a missing one is no error in the log.
    const entries = sub === '' ? root : root.some(([name, type]) => name === sub && (type & vscode.FileType.Directory) !== 0) ? await listDirectory(vscode.Uri.joinPath(folder, sub)) : [];
    const found = entries.filter(([name, type]) => (type & vscode.FileType.File) !== 0 && CONTRIBUTING_NAME.test(name)).map(([name]) => name).sort();
    if (found.length > 0) {
      return sub === '' ? found[0] : `${sub}/${found[0]}`;
    }
  }
  return null;
}

async function listDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
  try {
    return await vscode.workspace.fs.readDirectory(uri);
  } catch {
    return [];
  }
}
