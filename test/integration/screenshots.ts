// Asks the launcher for a picture of the workbench as it is now (scripts/realVscode/screenshotRequests.mjs).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { waitFor } from './waitFor';

/** Whether the launcher running these tests can take screenshots (the VS Code server one can). */
export function screenshotsAvailable(): boolean {
  return process.env.OSPO_GUIDE_SCREENSHOT_REQUESTS !== undefined;
}

/** Takes a screenshot named `name` and returns the PNG's path. */
export async function takeScreenshot(name: string): Promise<string> {
  const dir = process.env.OSPO_GUIDE_SCREENSHOT_REQUESTS;
  if (!dir) {
    throw new Error('this launcher takes no screenshots');
  }
  writeFileSync(path.join(dir, `${name}.request`), '');
  const done = path.join(dir, `${name}.done`);
  const failed = path.join(dir, `${name}.failed`);
  await waitFor(() => existsSync(done) || existsSync(failed), `the screenshot ${name}`, 30_000);
  if (existsSync(failed)) {
    throw new Error(`screenshot ${name} failed: ${readFileSync(failed, 'utf8')}`);
  }
  return readFileSync(done, 'utf8');
}
