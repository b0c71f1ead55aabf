import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where the editor would find a workspace folder's `relative` file (`.ospo/policy.json`,
 * `.ospo/choices.json`) for a checked path: the nearest from the checked folder up to the
 * repository's top (the nearest `.git`); outside a repository, in the checked folder alone.
 * Undefined when there is none.
 */
export function repositoryFile(checked: string, relative: string): string | undefined {
  const start = checkedFolder(checked);
  const top = repositoryTop(start);
  for (let folder = start; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, relative);
    if (existsSync(candidate)) {
      return candidate;
    }
    if (top === undefined || folder === top || path.dirname(folder) === folder) {
      return undefined;
    }
  }
}

/** The folder a checked path stands for: itself, or the folder of a file. */
export function checkedFolder(checked: string): string {
  return existsSync(checked) && statSync(checked).isFile() ? path.dirname(checked) : checked;
}

/** The nearest folder at or above `start` that holds `.git` (a folder, or a worktree's file); undefined outside a repository. */
export function repositoryTop(start: string): string | undefined {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, '.git'))) {
      return folder;
    }
    if (path.dirname(folder) === folder) {
      return undefined;
    }
  }
}
