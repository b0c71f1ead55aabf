// Renders images/icon.svg to the 128×128 PNG the Marketplace shows (package.json `icon`), in the
// same headless Chromium as the real-VS-Code tests. Run after editing the SVG, and commit both.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from './realVscode/launchBrowser.mjs';
import { repoRoot } from './realVscode/repoPaths.mjs';

const SIZE = 128;
const svg = await readFile(join(repoRoot, 'images', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  await writeFile(join(repoRoot, 'images', 'icon.png'), png);
  console.log(`images/icon.png: ${png.length} bytes`);
} finally {
  await browser.close();
}
