import { runGuestGit } from './guestGit';

const GIT_TIMEOUT_MS = 3000;
const MAX_OUTPUT_BYTES = 1024 * 1024;

export type RecentCommits = { readonly ok: true; readonly messages: string[] } | { readonly ok: false; readonly reason: string };

/**
 * The messages of the last `count` commits of the repository at `folder` (its own, not a parent's).
 * Only the messages are asked for, with no diff, textconv, notes or signature check.
 */
export async function recentCommitMessages(folder: string, count: number): Promise<RecentCommits> {
  const result = await runGuestGit(
    folder,
    ['log', '-n', String(count), '--no-show-signature', '--no-notes', '--no-ext-diff', '--no-textconv', '--no-color', '--encoding=UTF-8', '--format=%B%x00'],
    { timeoutMs: GIT_TIMEOUT_MS, maxBytes: MAX_OUTPUT_BYTES },
  );
  if (!result.ok) {
    return result;
  }
  const messages = result.stdout
    .split('\0')
    .map((message) => message.trim())
    .filter((message) => message !== '');
  return { ok: true, messages };
}
