// Runs test/integration inside a real VS Code 1.100.3 extension host (server-main + headless
// Chromium) and exits non-zero unless every test passed. Needs `npm run build && npm run
// compile-tests` first. Options: --timeout <seconds>, --screenshot <png>, --grep <pattern>,
// --extension <dir> and --tests <index> (default: this repository) for debugging the runner.
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanUpOnSignals, onCleanup, runCleanups } from './cleanup.mjs';
import { installServer } from './installServer.mjs';
import { openWorkbench } from './launchBrowser.mjs';
import { openLog } from './logFile.mjs';
import { fixtureWorkspace, integrationTestsIndex, repoRoot, testResultsDir } from './repoPaths.mjs';
import { startServer } from './startServer.mjs';
import { printSummary, printTests, waitForResults } from './testResults.mjs';
import { workbenchUrl } from './workbenchUrl.mjs';

const { values: options } = parseArgs({
  options: {
    timeout: { type: 'string', default: process.env.OSPO_GUIDE_TEST_TIMEOUT ?? '300' },
    screenshot: { type: 'string', default: process.env.OSPO_GUIDE_SCREENSHOT },
    grep: { type: 'string', default: process.env.OSPO_GUIDE_TEST_GREP },
    extension: { type: 'string', default: repoRoot },
    tests: { type: 'string', default: integrationTestsIndex },
  },
});

const logPath = join(testResultsDir, 'integration.log');
let logOpened = false;

async function main() {
  const started = Date.now();
  const extensionPath = resolve(options.extension);
  const testsPath = resolve(options.tests);
  const timeoutMs = Number(options.timeout) * 1000;
  if (!(timeoutMs > 0)) {
    throw new Error(`--timeout must be a number of seconds, got "${options.timeout}"`);
  }
  requireBuilt(extensionPath, testsPath);
  cleanUpOnSignals();
  const layout = await installServer();

  const runDir = await mkdtemp(join(tmpdir(), 'ospo-guide-it-'));
  onCleanup(() => rm(runDir, { recursive: true, force: true }));
  const workspace = join(runDir, 'workspace');
  await cp(fixtureWorkspace, workspace, { recursive: true });
  const resultsFile = join(runDir, 'results.json');

  const log = openLog(logPath);
  logOpened = true;
  onCleanup(() => log.close());
  const server = await startServer({
    serverMain: layout.serverMain,
    dataDir: join(runDir, 'server-data'),
    extensionsDir: join(runDir, 'extensions'),
    env: { OSPO_GUIDE_TEST_RESULTS: resultsFile, ...(options.grep ? { OSPO_GUIDE_TEST_GREP: options.grep } : {}) },
    onOutput: (text) => log.write(`[server] ${text.trimEnd()}`),
  });
  onCleanup(server.stop);

  const url = workbenchUrl(server.port, workspace, { extensionDevelopmentPath: extensionPath, extensionTestsPath: testsPath });
  log.write(`[runner] opening ${url}`);
  const { browser, page } = await openWorkbench(url, (line) => log.write(line));
  onCleanup(() => browser.close());

  const browserGone = new Promise((resolveGone) => browser.once('disconnected', () => resolveGone('the browser closed')));
  let results;
  try {
    results = await waitForResults(resultsFile, timeoutMs, Promise.race([server.exited.then((how) => `the server exited (${how})`), browserGone]));
  } finally {
    if (options.screenshot) {
      await screenshot(page, options.screenshot);
    }
  }
  printTests(results);
  console.log(`Integration tests took ${Math.round((Date.now() - started) / 1000)} s.`);
  return results;
}

function requireBuilt(extensionPath, testsPath) {
  const main = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')).main;
  if (main && !existsSync(join(extensionPath, main))) {
    throw new Error(`${join(extensionPath, main)} not found; run \`npm run build\` first.`);
  }
  if (!existsSync(`${testsPath}.js`) && !existsSync(testsPath)) {
    throw new Error(`${testsPath}.js not found; run \`npm run compile-tests\` first.`);
  }
}

async function screenshot(page, path) {
  try {
    await page.screenshot({ path: resolve(path) });
    console.log(`Screenshot: ${resolve(path)}`);
  } catch (error) {
    console.error(`Screenshot failed: ${error instanceof Error ? error.message : error}`);
  }
}

main()
  .then(async (results) => {
    await runCleanups();
    const passed = results.failed === 0 && results.passed > 0;
    if (!passed) {
      console.error(results.passed + results.failed === 0 ? 'No tests ran.' : 'Some tests failed.');
      console.error(`Server and browser log: ${logPath}`);
    }
    // Last, so CI can count tests from the final line.
    printSummary(results);
    process.exitCode = passed ? 0 : 1;
  })
  .catch(async (error) => {
    console.error(`Integration tests failed: ${error instanceof Error ? error.message : error}`);
    await runCleanups();
    if (logOpened) {
      console.error(`Server and browser log: ${logPath}`);
    }
    process.exitCode = 1;
  });
