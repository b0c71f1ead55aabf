// The VSIX pass tests what ships: the packed VSIX, installed by the server's own
// --install-extension into the pass's fresh extensions folder, as a user's VS Code installs it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packedVsix, repoRoot } from './repoPaths.mjs';
import { run } from './run.mjs';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The packed VSIX, packed first (`npm run package`, the production build and vsce) when it is
 * missing or older than dist/extension.js. `npm test` packs it in test:package just before.
 */
export async function freshVsix(log) {
  const built = join(repoRoot, 'dist', 'extension.js');
  if (!existsSync(packedVsix) || (existsSync(built) && statSync(built).mtimeMs > statSync(packedVsix).mtimeMs)) {
    log(`Packing ${packedVsix} (npm run package) ...`);
    await run(NPM, ['run', 'package'], { cwd: repoRoot, label: 'npm run package' });
  }
  return packedVsix;
}

/** Installs `vsix` into `extensionsDir`; resolves with the folder the extension was unpacked into. */
export async function installVsix({ serverMain, vsix, extensionsDir, dataDir }) {
  const output = await run(process.execPath, [serverMain, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--server-data-dir', dataDir, '--accept-server-license-terms'], {
    label: `installing ${vsix}`,
  });
  const { publisher, name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const installed = join(extensionsDir, `${publisher}.${name}-${version}`);
  if (!existsSync(join(installed, 'package.json'))) {
    throw new Error(`the server said it installed ${vsix}, but ${installed} holds no extension:\n${output}`);
  }
  return installed;
}
