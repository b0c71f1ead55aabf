import * as path from 'node:path';
import { MAX_WORKSPACE_POLICY_BYTES, mergeWorkspacePolicyText } from '../core/feed/mergeWorkspacePolicy';
import { readBoundedText } from '../core/files/boundedReader';
import { WORKSPACE_POLICY_READ_FACTOR } from '../core/files/readLimits';
import type { LoadedPolicy } from './loadPolicy';
import { repositoryFile } from './repositoryFile';
import { MAX_SENTENCE_CHARS, terminalField } from './terminalText';

const POLICY_FILE = path.join('.ospo', 'policy.json');

/**
 * The policy in force where the editor would apply it: the organization's, tightened by the
 * repository's own `.ospo/policy.json` (a repository can only add to what is denied or reviewed,
 * as in the editor's trusted workspace). The file is looked for in the checked folder and the
 * folders above it up to the repository's top (the nearest `.git`); outside a repository, in the
 * checked folder alone. What the file tried that a repository may not do is said on stderr.
 */
export async function withRepositoryPolicy(loaded: LoadedPolicy, root: string, cwd: string): Promise<LoadedPolicy> {
  const file = repositoryFile(root, POLICY_FILE);
  if (file === undefined) {
    return loaded;
  }
  const shown = path.relative(cwd, file) || file;
  const read = await readBoundedText(file, { maxBytes: MAX_WORKSPACE_POLICY_BYTES * WORKSPACE_POLICY_READ_FACTOR });
  if (read.kind !== 'text') {
    const why = read.kind === 'refused' ? read.reason : 'could not be read';
    return { ...loaded, notes: `${loaded.notes}ospo-guide: ${shown} ${why}; the repository's policy is not applied\n` };
  }
  const merged = mergeWorkspacePolicyText(loaded.feed, read.text);
  const notes = merged.ignored.map((message) => `ospo-guide: ${terminalField(`${shown}: ${message}`, MAX_SENTENCE_CHARS)}\n`).join('');
  if (merged.feed === loaded.feed) {
    return { ...loaded, notes: loaded.notes + notes };
  }
  return { feed: merged.feed, source: `${loaded.source}, tightened by ${shown}`, notes: loaded.notes + notes };
}
