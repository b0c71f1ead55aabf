// Installs the bench dependency tree (this folder's package.json and package-lock.json, about
// 1,800 packages) into a cache folder outside the repository, once per lockfile. Run by
// `npm run bench` (bench/licenseChecker.mjs) or by hand: `node bench/tree/install.mjs`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const treeSource = path.dirname(fileURLToPath(import.meta.url));
const MARKER = '.bench-tree-installed.json';

/** The cache folder of the current lockfile: a changed lockfile gets a fresh folder, never a stale tree. */
export async function benchTreeDir() {
  const lock = await readFile(path.join(treeSource, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 12);
  const cache = process.env.OSPO_GUIDE_BENCH_CACHE || path.join(os.homedir(), '.cache/ospo-guide');
  return path.join(cache, `bench-tree-${hash}`);
}

/**
 * Installs the tree unless the marker of a finished install is there, and returns where it is
 * with the marker's facts. The marker is written last, so an interrupted install is redone.
 */
export async function ensureBenchTree({ log = (line) => console.error(line) } = {}) {
  const dir = await benchTreeDir();
  const marker = path.join(dir, MARKER);
  const existing = await readFile(marker, 'utf8').then(JSON.parse, () => undefined);
  if (existing) {
    return { dir, ...existing, fresh: false };
  }
  await mkdir(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) {
    await copyFile(path.join(treeSource, file), path.join(dir, file));
  }
  log(`Installing the bench tree into ${dir} (npm ci, a few minutes the first time)…`);
  const started = performance.now();
  // No scripts: the bench reads package metadata only, and install scripts would download binaries.
  await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  const installMs = Math.round(performance.now() - started);
  const packages = await countInstalledPackages(path.join(dir, 'node_modules'));
  const facts = { packages, installMs, installedAt: new Date().toISOString(), npm: await npmVersion(dir) };
  await writeFile(marker, `${JSON.stringify(facts, null, 2)}\n`);
  log(`Installed ${packages} packages in ${(installMs / 1000).toFixed(1)} s.`);
  return { dir, ...facts, fresh: true };
}

/** Installed package folders: every `node_modules/<name>` and `node_modules/@scope/<name>` with a package.json, nested ones too. */
export async function countInstalledPackages(nodeModules) {
  let count = 0;
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) {
      continue;
    }
    const folder = path.join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      count += await countInstalledPackages(folder);
      continue;
    }
    const hasManifest = await readFile(path.join(folder, 'package.json')).then(() => true, () => false);
    count += (hasManifest ? 1 : 0) + (await countInstalledPackages(path.join(folder, 'node_modules')));
  }
  return count;
}

function run(command, args, cwd, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    // npm is a .cmd script on Windows, which only a shell can start.
    const child = spawn(command, args, { cwd, shell: process.platform === 'win32', stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code} in ${cwd}`))));
  });
}

async function npmVersion(cwd) {
  return (await run('npm', ['--version'], cwd, { capture: true })).trim();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const tree = await ensureBenchTree();
  console.log(`${tree.dir}: ${tree.packages} packages${tree.fresh ? `, installed in ${(tree.installMs / 1000).toFixed(1)} s` : ` (already installed ${tree.installedAt})`}`);
}
