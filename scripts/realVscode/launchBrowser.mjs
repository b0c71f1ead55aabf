// Opens the workbench in Debian's headless Chromium; Playwright's own browsers cannot be
// downloaded on these machines.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath() {
  const path = process.env.OSPO_GUIDE_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}. Install the Debian package chromium or set OSPO_GUIDE_CHROMIUM.`);
  }
  return path;
}

/**
 * @param {string} url
 * @param {(line: string) => void} onLog receives the page's console messages and errors
 */
export async function openWorkbench(url, onLog) {
  // Playwright's own signal handlers exit the process before our cleanup stops the server.
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_FLAGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) => onLog(`[browser ${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => onLog(`[browser pageerror] ${error.stack ?? error.message}`));
    page.on('crash', () => onLog('[browser] page crashed'));
    await page.goto(url);
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
