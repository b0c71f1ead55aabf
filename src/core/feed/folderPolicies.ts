import { CompiledPolicy } from '../policy/compiledPolicy';
import { mergeWorkspacePolicyText } from './mergeWorkspacePolicy';

/** One workspace folder's own `.ospo/policy.json`, as read. */
export interface FolderPolicyFile {
  /** Identifies the folder (its URI as a string). */
  readonly folder: string;
  readonly text: string;
}

/**
 * The policy in force in one folder: the organization's policy tightened by that folder's own file
 * and by no other folder's.
 */
export interface FolderPolicy {
  readonly folder: string;
  /** The file's text, so that an unchanged file is not merged and compiled again. */
  readonly text: string;
  /** The organization's policy this one was composed on. */
  readonly organization: CompiledPolicy;
  /** The organization's policy itself when the file added nothing (everything in it was ignored); else the merged feed with the organization's policy as its floor. */
  readonly policy: CompiledPolicy;
  readonly tightened: boolean;
  /** What the file tried that a tighten-only merge refused, one sentence each. */
  readonly ignored: readonly string[];
}

/**
 * Each folder's policy, from the organization's policy and the folders' own files (one per folder;
 * a folder without a file has no entry and follows the organization's policy). An entry of
 * `previous` for the same folder, text and organization policy is returned as it was: compiling is
 * not free, and consumers can tell by identity that nothing changed.
 */
export function composeFolderPolicies(organization: CompiledPolicy, files: readonly FolderPolicyFile[], previous: readonly FolderPolicy[]): FolderPolicy[] {
  const earlier = new Map(previous.map((entry) => [entry.folder, entry]));
  return files.map((file) => {
    const old = earlier.get(file.folder);
    if (old && old.text === file.text && old.organization === organization) {
      return old;
    }
    const merged = mergeWorkspacePolicyText(organization.feed, file.text);
    const tightened = merged.feed !== organization.feed;
    return { folder: file.folder, text: file.text, organization, policy: tightened ? new CompiledPolicy(merged.feed, organization) : organization, tightened, ignored: merged.ignored };
  });
}

/**
 * The folders whose policy in force differs between two compositions on the same organization
 * policy: a file added, changed into other rules, or removed. (When the organization's policy
 * itself changes, every folder and every document outside a folder changes.)
 */
export function changedFolders(organization: CompiledPolicy, previous: readonly FolderPolicy[], next: readonly FolderPolicy[]): string[] {
  const before = new Map(previous.map((entry) => [entry.folder, entry.policy]));
  const after = new Map(next.map((entry) => [entry.folder, entry.policy]));
  const folders = new Set([...before.keys(), ...after.keys()]);
  return [...folders].filter((folder) => (before.get(folder) ?? organization) !== (after.get(folder) ?? organization));
}
