// Saves a PNG of a running workbench, e.g. the `npm start` demo, for checking the UI without a
// display: node scripts/realVscode/screenshot.mjs <url> <png> [file to open from the explorer]
// [command to run from the palette, by its title, e.g. "OSPO Guide: Open Guide"]
import { resolve } from 'node:path';
import { openWorkbench } from './launchBrowser.mjs';

const EXPLORER_ROW = '.explorer-folders-view .monaco-list-row';
const SETTLE_MS = 5000;

async function main() {
  const [url, png, fileToOpen, command] = process.argv.slice(2);
  if (!url || !png) {
    throw new Error('usage: screenshot.mjs <url> <png> [file to open from the explorer] [command title]');
  }
  const { browser, page } = await openWorkbench(url, () => {});
  try {
    await page.waitForSelector(EXPLORER_ROW, { timeout: 60_000 });
    if (fileToOpen) {
      await page.locator(EXPLORER_ROW, { hasText: fileToOpen }).first().click();
    }
    if (command) {
      await page.waitForTimeout(SETTLE_MS);
      await page.keyboard.press('F1');
      await page.keyboard.type(command);
      await page.waitForTimeout(500);
      await page.keyboard.press('Enter');
    }
    // Editors, decorations and hovers arrive after the explorer; there is no single event to wait for.
    await page.waitForTimeout(SETTLE_MS);
    await page.screenshot({ path: resolve(png) });
    console.log(`Screenshot: ${resolve(png)}`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
