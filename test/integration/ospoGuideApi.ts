// Finds the extension under test and waits for VS Code itself to activate it.
import * as vscode from 'vscode';
import type { OspoGuideTestApi as OspoGuideApi } from '../../src/extension/api';
import { waitFor } from './waitFor';

export type { OspoGuideTestApi as OspoGuideApi } from '../../src/extension/api';

export const EXTENSION_ID = 'ospo-guide.ospo-guide';

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
  if (typeof extension.exports.guidePost !== 'function') {
    throw new Error(`${EXTENSION_ID} returned its public API without the test hooks: not in test mode, and OSPO_GUIDE_TEST_API is not 1`);
  }
  return extension.exports;
}
