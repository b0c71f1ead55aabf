// Bundles the extension, the CLI and the webview. One config so every entry point shares settings.
import * as esbuild from 'esbuild';
import { chmod, copyFile, mkdir } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'linked',
  // jsonc-parser's UMD build loads its parts with a dynamic require that a bundle cannot follow.
  mainFields: ['module', 'main'],
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The guide panel's script, run in the webview under its nonce CSP.
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'media/guide.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    // A sourcemap comment would make the webview ask for a file outside what it needs.
    sourcemap: false,
    legalComments: 'none',
  },
];

/** The codicon font the guide panel uses, shipped in media/ (the only folder the webview may load from). */
async function copyCodicons() {
  const from = 'node_modules/@vscode/codicons/dist';
  await mkdir('media/codicons', { recursive: true });
  await Promise.all(['codicon.css', 'codicon.ttf'].map((file) => copyFile(`${from}/${file}`, `media/codicons/${file}`)));
}

await copyCodicons();
if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  await chmod('dist/cli.js', 0o755);
}
