import * as vscode from 'vscode';
import { MAX_GIT_CONFIG_BYTES } from '../core/files/readLimits';
import { EXCEPTION_REMOTES, gitConfigRemotes, preferredRemoteUrl } from '../core/policy/gitConfig';
import { repoIdentity } from '../core/policy/repoIdentity';
import { readWorkspaceText } from './workspaceFiles';

/**
 * The `host/owner/name` of the repository a workspace folder is, from its `.git/config`; read with
 * the workspace file system so it works in remote and restricted windows. Null without a remote.
 */
export async function workspaceRepoIdentity(folder: vscode.Uri, remotes: readonly string[] = EXCEPTION_REMOTES): Promise<string | null> {
  const read = await readWorkspaceText(vscode.Uri.joinPath(folder, '.git', 'config'), MAX_GIT_CONFIG_BYTES);
  if (read.kind !== 'text') {
    return null;
  }
  const url = preferredRemoteUrl(gitConfigRemotes(read.text), remotes);
  return url === null ? null : repoIdentity(url);
}
