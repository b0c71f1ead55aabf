// Runs the integration tests in a desktop VS Code downloaded by @vscode/test-electron, for
// machines that can reach Microsoft's update servers. Here scripts/realVscode/runTests.mjs
// runs the same tests in a VS Code server instead. Run after `npm run build && npm run compile-tests`.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // out/test/runElectronTests.js -> repository root.
  const repoRoot = path.resolve(__dirname, '..', '..');
  const runDir = mkdtempSync(path.join(tmpdir(), 'ospo-guide-electron-'));
  const workspace = path.join(runDir, 'workspace');
  // Tests edit the fixture files, so they get a throwaway copy. The same VS Code version and
  // untrusted folder as the server run keep both launchers testing the same thing.
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.OSPO_GUIDE_VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(runDir, 'user-data')}`],
    });
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
