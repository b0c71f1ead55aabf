// `npm start`: serves a real VS Code (the full code-server) on 127.0.0.1 with this extension
// installed and a copy of examples/ open, until Ctrl-C. Options: --port <n> (or PORT; default 8080).
// The copy is made a git repository whose upstream the bundled policy rules on, so the guide panel
// (OSPO Guide: Open Guide) shows its Contribute section filled on the first run.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
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
  const workspace = await demoWorkspace(join(demoDir, 'examples'));
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
      workspace,
    ],
    ready: /HTTP server listening on (\S+)/,
  });
  onCleanup(server.stop);
  console.log(`\nOSPO Guide demo running. Open:\n\n  ${server.ready}?folder=${encodeURIComponent(workspace)}\n\nThen run "OSPO Guide: Open Guide". Press Ctrl-C to stop.`);
  console.log(ownProjectHint(server.ready));
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

/**
 * examples/ as a repository of its own: the bundled policy's default contribution rule
 * (needs approval) applies to its upstream, and its one commit is signed off for the DCO check.
 */
async function demoWorkspace(dir) {
  await cp(examplesFolder, dir, { recursive: true });
  try {
    const git = (...args) => execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('remote', 'add', 'upstream', DEMO_UPSTREAM);
    git('remote', 'add', 'origin', 'https://github.com/newcomer/express.git');
    git('config', 'user.name', 'New Comer');
    git('config', 'user.email', 'newcomer@example.com');
    git('add', '-A');
    git('commit', '-q', '-s', '-m', 'Try OSPO Guide on the examples');
  } catch (error) {
    console.warn(`git is not available (${error instanceof Error ? error.message.split('\n')[0] : error}); the guide's Contribute section will show no upstream. Debian: apt-get install git.`);
  }
  return dir;
}

/**
 * The server opens any folder of this machine, so the demo doubles as a way to try the extension
 * on one's own code; trust is off in this server, which the reader should know before doing so.
 */
function ownProjectHint(serverUrl) {
  return [
    '',
    'To try it on your own project (a folder on this machine), open it in the same VS Code:',
    'File > Open Folder… in that tab (the ☰ menu at the top left), or the URL with its absolute path:',
    '',
    `  ${serverUrl}?folder=/absolute/path/to/your/project`,
    '',
    'This demo server opens every folder as trusted: open only folders you trust.',
  ].join('\n');
}

/** A real upstream; the bundled policy lists no projects, so its default rule decides. */
const DEMO_UPSTREAM = 'https://github.com/expressjs/express.git';

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
