// Bundles the extension, the CLI and the webview. One config so every entry point shares settings.
import * as esbuild from 'esbuild';
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';

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

/** Bundles for Node: VS Code's extension host and the CLI both run on Node 20 or later (`engines.node`). */
const extensionHost = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  alias: { 'whatwg-url': './scripts/bundle/whatwgUrl.mjs' },
};

/**
 * Code the extension loads on first use, each a bundle of its own beside dist/extension.js: the
 * registry clients and deps.dev (most sessions never look anything up), markdown-it (only the
 * guide panel and the policy page render Markdown), the license-text templates (only a package
 * that declares no license needs them) and the third-party notices with their standard license
 * texts (only an export needs them). Each entry is reached by one lazy require
 * (src/extension/lookupLayer.ts, src/core/guide/renderMarkdown.ts,
 * src/core/data/licenseText/identifyOnDemand.ts, src/extension/noticesExport.ts), which every extension bundle points at the
 * entry's bundle: one copy of it runs, whichever bundle loads it first.
 */
const lazyBundles = [
  { entry: 'src/core/data/lookupLayer.ts', outfile: 'dist/lookups.js' },
  { entry: 'src/core/guide/markdownRenderers.ts', outfile: 'dist/markdownIt.js' },
  { entry: 'src/core/data/licenseText/identifyLicense.ts', outfile: 'dist/licenseText.js' },
  { entry: 'src/core/report/notices/index.ts', outfile: 'dist/notices.js' },
];
const lazyBundlesApart = {
  name: 'lazy-bundles-apart',
  setup(build) {
    const bundleOf = new Map(lazyBundles.map(({ entry, outfile }) => [resolve(entry).replace(/\.ts$/, ''), `./${basename(outfile)}`]));
    build.onResolve({ filter: /^\./ }, (args) => {
      const bundle = args.kind === 'entry-point' ? undefined : bundleOf.get(resolve(args.resolveDir, args.path));
      return bundle === undefined ? undefined : { path: bundle, external: true };
    });
  },
};

/** What each extension bundle is made of, kept in production for the package tests (test/package) and scripts/bundleSizes.mjs. */
const keepMetafile = {
  name: 'keep-metafile',
  setup(build) {
    build.onEnd(async ({ metafile }) => {
      if (metafile) {
        await mkdir('.cache/bundles', { recursive: true });
        await writeFile(`.cache/bundles/${basename(build.initialOptions.outfile)}.json`, JSON.stringify(metafile));
      }
    });
  },
};

/** dist/extension.js and the bundles it loads on first use. */
const extensionBundle = { ...extensionHost, metafile: production, plugins: [lazyBundlesApart, keepMetafile] };

/** The CLI for development and the tests, with a sourcemap. */
const cli = {
  ...extensionHost,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node' },
};

/**
 * The CLI as published (the npm package in cli/) and as the GitHub Action and the pre-commit hook run
 * it from a tag: committed, so that none of them needs a build step. `--cli-package --check` (a
 * test) fails when the committed file is not what the sources build.
 */
const cliPackage = { ...cli, outfile: 'cli/ospo-guide.js', minify: true, sourcemap: false, legalComments: 'eof' };

const builds = [
  {
    ...extensionBundle,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  },
  ...lazyBundles.map(({ entry, outfile }) => ({ ...extensionBundle, entryPoints: [entry], outfile })),
  cli,
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

if (process.argv.includes('--cli-package')) {
  await buildCliPackage(process.argv.includes('--check'));
  process.exit();
}

/** Writes cli/ospo-guide.js, or with `check` only compares it with what the sources build now. */
async function buildCliPackage(check) {
  if (!check) {
    await esbuild.build(cliPackage);
    await chmod(cliPackage.outfile, 0o755);
    return;
  }
  const { outputFiles } = await esbuild.build({ ...cliPackage, write: false });
  const committed = await readFile(cliPackage.outfile).catch(() => Buffer.alloc(0));
  if (!Buffer.from(outputFiles[0].contents).equals(committed)) {
    console.error(`${cliPackage.outfile} is not what the sources build now: run \`npm run build:cli-package\` and commit it.`);
    process.exit(1);
  }
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
