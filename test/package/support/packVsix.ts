import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

export interface PackedVsix {
  readonly path: string;
  /** All that vsce, npm and the production build printed. */
  readonly output: string;
}

let packing: Promise<PackedVsix> | undefined;

/**
 * Packs the VSIX exactly as `npm run package` does (its vsce arguments are read from package.json),
 * once per test run. The VSIX stays where that script writes it, for the VSIX pass of the
 * real-VS-Code tier; the production build leaves its metafiles in .cache/bundles.
 */
export function packVsix(): Promise<PackedVsix> {
  packing ??= pack();
  return packing;
}

async function pack(): Promise<PackedVsix> {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = manifest.scripts.package.split(/\s+/);
  const out = args[args.indexOf('--out') + 1];
  if (command !== 'vsce' || args.indexOf('--out') < 0 || out === undefined) {
    throw new Error(`the package script should be 'vsce package … --out <file>', not '${manifest.scripts.package}'`);
  }
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const output = await new Promise<string>((resolve, reject) => {
    const child = execFile(process.execPath, [vsce, ...args], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`vsce package failed: ${error.message}\n${stdout}${stderr}`)) : resolve(stdout + stderr),
    );
    // A question vsce asks (whether to go on despite a problem) gets no answer, so it stops instead of waiting.
    child.stdin?.end();
  });
  return { path: path.resolve(REPO_ROOT, out), output };
}
