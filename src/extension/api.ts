import type * as vscode from 'vscode';
import type { ManifestDependency } from '../core/manifests';

/** What `activate` returns, for tests and for other extensions. */
export interface OspoGuideApi {
  /**
   * The direct dependencies in a manifest as its text stands now: for an open document that
   * includes unsaved edits (a pending debounced parse is done at once); a closed file is read from disk.
   * Empty for a file that is not a manifest.
   */
  dependencies(uri: vscode.Uri | string): Promise<readonly ManifestDependency[]>;
}
