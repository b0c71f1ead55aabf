import * as vscode from 'vscode';
import { EXCEPTION_REMOTES, gitConfigRemotes, preferredRemoteUrl } from '../core/policy/gitConfig';
import { repoIdentity } from '../core/policy/repoIdentity';

/**
 * The `host/owner/name` of the repository a workspace folder is, from its `.git/config`; read with
 * the workspace file system so it works in remote and restricted windows. Null without a remote.
 */
export async function workspaceRepoIdentity(folder: vscode.Uri, remotes: readonly string[] = EXCEPTION_REMOTES): Promise<string | null> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, '.git', 'config'));
    const url = preferredRemoteUrl(gitConfigRemotes(new TextDecoder().decode(bytes)), remotes);
    return url === null ? null : repoIdentity(url);
  } catch {
    return null;
  }
}
