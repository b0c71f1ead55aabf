// Runs test/integration inside a real VS Code 1.100.3 extension host (server-main + headless
// Chromium) and exits non-zero unless every test passed. Needs `npm run build && npm run
// compile-tests` first. Six passes, each with a fresh server and copy of its fixture: a
// restricted one (the folder untrusted, `*.restricted.test.js`), a trusted one (the server
// started with --disable-workspace-trust, every other test file but the other passes'), a
// multi-root one (test/fixtures/multiroot opened as a `.code-workspace`, trusted, under the
// bundled default policy, `*.multiroot.test.js`) and two hostile ones (the fixture turned into the
// folder an attacker hands over by hostileWorkspace.mjs, untrusted and trusted,
// `*.hostile.test.js`). Those five run the working tree's build; the sixth, the VSIX pass, runs what
// ships: the packed VSIX (.cache/ospo-guide.vsix, packed first when missing or older than the
// build) installed into the server, with the trusted suite and `*.vsix.test.js`, which proves that
// nothing came from the working tree. Options: --pass restricted|trusted|multiroot|
// hostile-restricted|hostile-trusted|vsix|both (the first two)|all, --timeout <seconds>,
// --screenshot <png> (trusted pass), --grep <pattern>, --extension <dir> and --tests <index>
// (default: this repository) for debugging the runner.
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanUpOnSignals, onCleanup, runCleanups } from './cleanup.mjs';
import { installServer } from './installServer.mjs';
import { openWorkbench } from './launchBrowser.mjs';
import { openLog } from './logFile.mjs';
import { fixtureWorkspace, integrationFeed, integrationTestsIndex, multiRootFixture, repoRoot, testResultsDir, vsixTestHost } from './repoPaths.mjs';
import { makeHostile } from './hostileWorkspace.mjs';
import { freshVsix, installVsix } from './installVsix.mjs';
import { startServer } from './startServer.mjs';
import { serveScreenshotRequests } from './browserRequests.mjs';
import { printSummary, printTests, waitForResults } from './testResults.mjs';
import { workbenchUrl } from './workbenchUrl.mjs';

const { values: options } = parseArgs({
  options: {
    timeout: { type: 'string', default: process.env.OSPO_GUIDE_TEST_TIMEOUT ?? '300' },
    screenshot: { type: 'string', default: process.env.OSPO_GUIDE_SCREENSHOT },
    grep: { type: 'string', default: process.env.OSPO_GUIDE_TEST_GREP },
    pass: { type: 'string', default: process.env.OSPO_GUIDE_TEST_PASS ?? 'all' },
    extension: { type: 'string', default: repoRoot },
    tests: { type: 'string', default: integrationTestsIndex },
  },
});

const logPath = join(testResultsDir, 'integration.log');
/** Where the screenshots tests ask for are saved (the README's images are copied from here). */
const screenshotsDir = join(testResultsDir, 'screenshots');
let logOpened = false;

const PASSES = ['restricted', 'trusted', 'multiroot', 'hostile-restricted', 'hostile-trusted', 'vsix'];
/** What a pass opens: a folder, or a `.code-workspace` file inside the copied fixture. */
const OPENS = { restricted: '', trusted: '', multiroot: 'multiroot.code-workspace', 'hostile-restricted': '', 'hostile-trusted': '', vsix: '' };
/** The passes under the integration feed (the trusted suite's). */
const UNDER_INTEGRATION_FEED = ['trusted', 'vsix'];

async function main() {
  const started = Date.now();
  const extensionPath = resolve(options.extension);
  const testsPath = resolve(options.tests);
  const timeoutMs = Number(options.timeout) * 1000;
  if (!(timeoutMs > 0)) {
    throw new Error(`--timeout must be a number of seconds, got "${options.timeout}"`);
  }
  const passes = options.pass === 'all' ? PASSES : options.pass === 'both' ? ['restricted', 'trusted'] : [options.pass];
  if (!passes.every((pass) => PASSES.includes(pass))) {
    throw new Error(`--pass must be one of ${PASSES.join(', ')}, both or all, got "${options.pass}"`);
  }
  requireBuilt(extensionPath, testsPath);
  cleanUpOnSignals();
  const layout = await installServer();
  const vsix = passes.includes('vsix') ? await freshVsix((line) => console.log(line)) : undefined;
  const log = openLog(logPath);
  logOpened = true;
  onCleanup(() => log.close());

  const combined = { passed: 0, failed: 0, tests: [] };
  for (const pass of passes) {
    const results = await runPass({ pass, layout, log, extensionPath, testsPath, timeoutMs, vsix });
    combined.passed += results.passed;
    combined.failed += results.failed;
    combined.tests.push(...results.tests.map((test) => ({ ...test, title: `[${pass}] ${test.title}` })));
  }
  printTests(combined);
  console.log(`Integration tests took ${Math.round((Date.now() - started) / 1000)} s.`);
  return combined;
}

async function runPass({ pass, layout, log, extensionPath, testsPath, timeoutMs, vsix }) {
  // Each pass stops its own server and browser when it ends; the same actions are registered
  // for Ctrl-C too, and run at most once.
  const cleanups = [];
  const addCleanup = (action) => {
    let done;
    const once = () => (done ??= action());
    cleanups.push(once);
    onCleanup(once);
  };
  const runDir = await mkdtemp(join(tmpdir(), 'ospo-guide-it-'));
  addCleanup(() => rm(runDir, { recursive: true, force: true }));
  const workspace = join(runDir, 'workspace');
  await cp(pass === 'multiroot' ? multiRootFixture : fixtureWorkspace, workspace, { recursive: true });
  if (pass.startsWith('hostile')) {
    await makeHostile(workspace);
  }
  const resultsFile = join(runDir, 'results.json');

  log.write(`[runner] ${pass} pass`);
  try {
    return await runServerAndTests({ pass, layout, log, extensionPath, testsPath, timeoutMs, vsix, runDir, workspace, resultsFile, addCleanup });
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup();
    }
  }
}

async function runServerAndTests({ pass, layout, log, extensionPath, testsPath, timeoutMs, vsix, runDir, workspace, resultsFile, addCleanup }) {
  const requestsDir = join(runDir, 'screenshot-requests');
  await mkdir(requestsDir, { recursive: true });
  await mkdir(screenshotsDir, { recursive: true });
  const dataDir = join(runDir, 'server-data');
  const extensionsDir = join(runDir, 'extensions');
  if (UNDER_INTEGRATION_FEED.includes(pass)) {
    // Machine-scoped settings are read from the server's side; the trusted suite runs under the
    // integration feed, whose rules exercise every kind of finding.
    await writeMachineSettings(dataDir, { 'ospoGuide.policy.source': integrationFeed });
  }
  if (pass === 'vsix') {
    log.write(`[runner] installed ${vsix} into ${await installVsix({ serverMain: layout.serverMain, vsix, extensionsDir, dataDir })}`);
  }
  const server = await startServer({
    serverMain: layout.serverMain,
    dataDir,
    extensionsDir,
    trusted: pass !== 'restricted' && pass !== 'hostile-restricted',
    env: {
      OSPO_GUIDE_TEST_RESULTS: resultsFile,
      // Which files the test index runs (`*.hostile.test.js` only in the hostile passes).
      OSPO_GUIDE_TEST_PASS_NAME: pass,
      // The extension's test hooks, also for a build installed from a VSIX (whose extension mode is not Test).
      OSPO_GUIDE_TEST_API: '1',
      OSPO_GUIDE_SCREENSHOT_REQUESTS: requestsDir,
      // Where an installed extension lives, for the VSIX pass's proof that it runs the installed build.
      OSPO_GUIDE_EXTENSIONS_DIR: extensionsDir,
      ...(options.grep ? { OSPO_GUIDE_TEST_GREP: options.grep } : {}),
    },
    onOutput: (text) => log.write(`[server] ${text.trimEnd()}`),
  });
  addCleanup(server.stop);

  // The VSIX pass loads no extension from the working tree: the one under test is the installed VSIX.
  const development = { extensionDevelopmentPath: pass === 'vsix' ? vsixTestHost : extensionPath, extensionTestsPath: testsPath };
  const url = workbenchUrl(server.port, OPENS[pass] ? join(workspace, OPENS[pass]) : workspace, development);
  log.write(`[runner] opening ${url}`);
  const { browser, page } = await openWorkbench(url, (line) => log.write(line));
  addCleanup(() => browser.close());
  addCleanup(serveScreenshotRequests(requestsDir, screenshotsDir, page, (line) => log.write(line)));

  const browserGone = new Promise((resolveGone) => browser.once('disconnected', () => resolveGone('the browser closed')));
  let results;
  try {
    results = await waitForResults(resultsFile, timeoutMs, Promise.race([server.exited.then((how) => `the server exited (${how})`), browserGone]));
  } finally {
    if (options.screenshot && pass === 'trusted') {
      await screenshot(page, options.screenshot);
    }
  }
  return results;
}

async function writeMachineSettings(serverDataDir, settings) {
  const dir = join(serverDataDir, 'data', 'Machine');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
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
