// The extension's public API as the tests rely on it, declared here rather than imported so the
// tests check the promised contract instead of whatever the implementation happens to export.
import * as vscode from 'vscode';
import type { ManifestDependency } from '../../src/core/manifests/types';
import { waitFor } from './waitFor';

export const EXTENSION_ID = 'ospo-guide.ospo-guide';

export interface OspoGuideApi {
  /** The dependencies in the document's current text, unsaved edits included. */
  dependencies(uri: vscode.Uri | string): Promise<readonly ManifestDependency[]>;
}

export function ospoGuideExtension(): vscode.Extension<OspoGuideApi> {
  const extension = vscode.extensions.getExtension<OspoGuideApi>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  }
  return extension;
}

/** Waits for activation by VS Code itself (activation events) rather than forcing it. */
export async function activeApi(): Promise<OspoGuideApi> {
  const extension = ospoGuideExtension();
  await waitFor(() => extension.isActive, `${EXTENSION_ID} to activate`);
  // VS Code also counts an activation that threw as active; only the API proves it worked.
  if (!extension.exports || typeof extension.exports.dependencies !== 'function') {
    throw new Error(`${EXTENSION_ID} is active but returned no API; its activate() probably failed (see the extension host log)`);
  }
  return extension.exports;
}
