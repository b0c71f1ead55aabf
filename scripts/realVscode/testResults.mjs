// Waits for the results file the tests' index writes in the extension host, and turns it into
// console lines. The extension host exits 0 even when the tests fail, so this file is the only
// trustworthy outcome.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 250;

/** Resolves with the parsed results; rejects on timeout or when `stopped` settles first. */
export async function waitForResults(path, timeoutMs, stopped) {
  let stopReason;
  stopped.then((reason) => {
    stopReason = reason;
  });
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (stopReason !== undefined) {
      throw new Error(`stopped before the tests reported results: ${stopReason}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`no test results after ${Math.round(timeoutMs / 1000)} s (set --timeout or OSPO_GUIDE_TEST_TIMEOUT to wait longer)`);
    }
    await delay(POLL_MS);
  }
  return JSON.parse(await readFile(path, 'utf8'));
}

export function printTests(results) {
  for (const test of results.tests) {
    console.log(`  ${test.state === 'passed' ? 'ok  ' : 'FAIL'} ${test.title}`);
    if (test.error) {
      console.log(test.error.replace(/^/gm, '         '));
    }
  }
}

export function printSummary(results) {
  console.log(`${results.passed} passed, ${results.failed} failed`);
}
