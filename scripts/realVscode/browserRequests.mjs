// Lets tests in the extension host ask for a picture of the workbench: a test writes
// `<name>.request` into the requests folder (its path is in OSPO_GUIDE_SCREENSHOT_REQUESTS), this
// poller saves `<name>.png` into the screenshots folder with the browser page and answers with
// `<name>.done` (or `<name>.failed`), which the test waits for.
import { readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 200;
const NAME = /^[a-z0-9-]+$/;

/** Serves requests until the returned function is called. */
export function serveScreenshotRequests(requestsDir, screenshotsDir, page, log) {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const names = await readdir(requestsDir).catch(() => []);
      for (const file of names.filter((entry) => entry.endsWith('.request'))) {
        const name = file.slice(0, -'.request'.length);
        await rename(join(requestsDir, file), join(requestsDir, `${name}.taking`));
        try {
          if (!NAME.test(name)) {
            throw new Error(`bad screenshot name "${name}"`);
          }
          const path = join(screenshotsDir, `${name}.png`);
          await page.screenshot({ path });
          log(`[runner] screenshot ${path}`);
          await writeFile(join(requestsDir, `${name}.done`), path);
        } catch (error) {
          await writeFile(join(requestsDir, `${name}.failed`), String(error instanceof Error ? error.message : error));
        }
      }
      await delay(POLL_MS);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
