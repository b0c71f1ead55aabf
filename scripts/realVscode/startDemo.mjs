// `npm start`: serves a real VS Code (the full code-server) on 127.0.0.1 with this extension
// installed and examples/ open, until Ctrl-C. Options: --port <n> (or PORT; default 8080).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanUpOnSignals, onCleanup, runCleanups } from './cleanup.mjs';
import { installServer } from './installServer.mjs';
import { examplesFolder, repoRoot } from './repoPaths.mjs';
import { spawnServer } from './serverProcess.mjs';

const { values: options } = parseArgs({
  options: { port: { type: 'string', default: process.env.PORT ?? '8080' } },
});

async function main() {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js not found; run `npm run build` first (`npm start` does).');
  }
  cleanUpOnSignals();
  const layout = await installServer({ withArgon2: true });
  const demoDir = await mkdtemp(join(tmpdir(), 'ospo-guide-demo-'));
  onCleanup(() => rm(demoDir, { recursive: true, force: true }));
  const extensionsDir = await installExtension(join(demoDir, 'extensions'));
  const userDataDir = await writeDemoSettings(join(demoDir, 'user-data'));
  // An empty config stops code-server from writing one with a password into ~/.config.
  const config = join(demoDir, 'config.yaml');
  await writeFile(config, '');

  const server = await spawnServer({
    args: [
      layout.codeServerEntry,
      '--config', config,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${options.port}`,
      '--disable-telemetry',
      '--disable-update-check',
      // The demo is about what the extension shows in a trusted workspace.
      '--disable-workspace-trust',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      examplesFolder,
    ],
    ready: /HTTP server listening on (\S+)/,
  });
  onCleanup(server.stop);
  console.log(`\nOSPO Guide demo running. Open:\n\n  ${server.ready}?folder=${encodeURIComponent(examplesFolder)}\n\nPress Ctrl-C to stop.`);
  console.log(`code-server ended (${await server.exited}).`);
}

/**
 * A symlink named like an installed extension makes code-server load the working copy, so a
 * rebuild (`npm run watch`) shows up after "Developer: Reload Window".
 */
async function installExtension(extensionsDir) {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  await mkdir(extensionsDir, { recursive: true });
  await symlink(repoRoot, join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');
  return extensionsDir;
}

/** Opens examples/README.md instead of the welcome page and silences prompts unrelated to the demo. */
async function writeDemoSettings(userDataDir) {
  const settings = {
    'workbench.startupEditor': 'readme',
    'git.openRepositoryInParentFolders': 'never',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
  };
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return userDataDir;
}

main()
  .catch((error) => {
    console.error(`Demo failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
