// Installs the VS Code server shipped inside the code-server npm package without any download
// besides the npm registry (see DEVELOPERS.md, "The VS Code server, offline"): install scripts are skipped
// because they fetch from GitHub, and the native modules are built against the local Node headers.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkBuildTools, findOnPath, nodeGypScript, nodeHeadersDir } from './prerequisites.mjs';
import { run } from './run.mjs';
import { CODE_SERVER_VERSION, cacheRoot, serverLayout } from './serverPaths.mjs';

const NATIVE_MODULES = ['@parcel/watcher', '@vscode/spdlog', 'node-pty', 'native-watchdog', '@vscode/deviceid', 'kerberos'];
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPM_FLAGS = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];

/**
 * Makes sure the server is installed and returns its layout. A marker written last makes a
 * repeated call instant; building in a temporary folder renamed into place keeps a concurrent
 * or interrupted run from leaving a half-built server behind the marker.
 */
export async function installServer({ withArgon2 = false, log = (line) => console.log(line) } = {}) {
  const layout = serverLayout();
  if (!existsSync(layout.completeMarker)) {
    await installFresh(layout, log);
  }
  if (withArgon2 && !existsSync(layout.argon2Marker)) {
    await buildArgon2(layout, log);
  }
  return layout;
}

async function installFresh(layout, log) {
  checkBuildTools();
  const nodedir = nodeHeadersDir();
  const nodeGyp = nodeGypScript();
  await mkdir(cacheRoot(), { recursive: true });
  const tempDir = await mkdtemp(join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}.partial-`));
  const temp = serverLayout(tempDir);
  try {
    const started = Date.now();
    log(`Installing code-server@${CODE_SERVER_VERSION} (VS Code server) into ${layout.installDir} ...`);
    await writeFile(join(tempDir, 'package.json'), JSON.stringify({ private: true }));
    await run(NPM, ['install', ...NPM_FLAGS, `code-server@${CODE_SERVER_VERSION}`], { cwd: tempDir, label: 'npm install code-server' });
    await run(NPM, ['install', '--omit=dev', ...NPM_FLAGS], { cwd: temp.vscode, label: 'npm install (VS Code server dependencies)' });
    log('Building native modules ...');
    await Promise.all(NATIVE_MODULES.map((name) => buildNative(join(temp.vscode, 'node_modules', name), nodeGyp, nodedir)));
    await placeRipgrep(temp.vscode);
    await symlink('node_modules', join(temp.vscode, 'node_modules.asar'));
    await writeFile(temp.completeMarker, new Date().toISOString());
    await moveIntoPlace(tempDir, layout);
    log(`VS Code server installed in ${Math.round((Date.now() - started) / 1000)} s.`);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

function buildNative(moduleDir, nodeGyp, nodedir) {
  if (!existsSync(join(moduleDir, 'binding.gyp'))) {
    throw new Error(`Expected a native module with binding.gyp at ${moduleDir}; the code-server package layout changed.`);
  }
  return run(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodedir}`], { cwd: moduleDir, label: `node-gyp rebuild ${moduleDir}` });
}

async function placeRipgrep(vscodeDir) {
  const rg = findOnPath('rg');
  const binDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  await mkdir(binDir, { recursive: true });
  await copyFile(rg, join(binDir, 'rg'));
}

async function moveIntoPlace(tempDir, layout) {
  if (existsSync(layout.installDir) && !existsSync(layout.completeMarker)) {
    await rm(layout.installDir, { recursive: true, force: true });
  }
  try {
    await rename(tempDir, layout.installDir);
  } catch (error) {
    // Another run finished first; its complete install is as good as ours.
    if (!existsSync(layout.completeMarker)) {
      throw error;
    }
  }
}

/** Only the full code-server (the demo) needs argon2, for its password hashing. */
async function buildArgon2(layout, log) {
  log('Building argon2 for the full code-server ...');
  const argon2Dir = join(layout.installDir, 'node_modules', 'argon2');
  if (!existsSync(argon2Dir)) {
    throw new Error(`argon2 not found at ${argon2Dir}; the code-server package layout changed.`);
  }
  // node-pre-gyp places the binary where argon2 loads it from; a plain node-gyp build would not.
  const nodePreGyp = join(layout.installDir, 'node_modules', '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp');
  await run(process.execPath, [nodePreGyp, 'install', '--build-from-source', `--nodedir=${nodeHeadersDir()}`], {
    cwd: argon2Dir,
    env: { ...process.env, npm_config_node_gyp: nodeGypScript() },
    label: 'node-pre-gyp build of argon2',
  });
  await writeFile(layout.argon2Marker, new Date().toISOString());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const withArgon2 = process.argv.includes('--with-argon2');
  installServer({ withArgon2 }).then(
    (layout) => console.log(`VS Code server ready: ${layout.serverMain}`),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
