// Runs the integration tests in a desktop VS Code downloaded by @vscode/test-electron, for
// machines that can reach Microsoft's update servers. Here scripts/realVscode/runTests.mjs
// runs the same tests in a VS Code server instead. Run after `npm run build && npm run compile-tests`.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // out/test/runElectronTests.js -> repository root.
  const repoRoot = path.resolve(__dirname, '..', '..');
  // The same two passes as the server run: an untrusted folder for the Restricted Mode tests,
  // then a trusted one (workspace trust off) for the rest; the index picks its files by trust.
  for (const trusted of [false, true]) {
    const runDir = mkdtempSync(path.join(tmpdir(), 'ospo-guide-electron-'));
    const workspace = path.join(runDir, 'workspace');
    // Tests edit the fixture files, so they get a throwaway copy.
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
    if (trusted) {
      // Locally, machine-scoped settings are read from the user settings: the trusted pass runs under the integration feed.
      const userSettings = path.join(runDir, 'user-data', 'User');
      mkdirSync(userSettings, { recursive: true });
      const feed = path.join(repoRoot, 'test', 'fixtures', 'policies', 'integration-feed.json');
      writeFileSync(path.join(userSettings, 'settings.json'), JSON.stringify({ 'ospoGuide.policy.source': feed }, null, 2));
    }
    try {
      await runTests({
        version: process.env.OSPO_GUIDE_VSCODE_VERSION ?? '1.100.3',
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
        launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(runDir, 'user-data')}`, ...(trusted ? ['--disable-workspace-trust'] : [])],
      });
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
