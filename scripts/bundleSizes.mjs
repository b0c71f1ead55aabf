// What takes the space in the extension's production bundles, from the metafiles the production
// build keeps in .cache/bundles (`npm run package` or `node esbuild.config.mjs --production` first).
// Usage: node scripts/bundleSizes.mjs [rows per bundle, default 25]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './realVscode/repoPaths.mjs';

const dir = join(repoRoot, '.cache', 'bundles');
const rows = Number(process.argv[2] ?? 25);

/** A package by its name, a file of ours over 20 KB by itself, else its folder. */
function groupOf(input, bytes) {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (inPackage) {
    return `npm: ${inPackage[1]}`;
  }
  return bytes > 20_000 ? input : input.split('/').slice(0, -1).join('/');
}

for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
  const metafile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  const groups = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const group = groupOf(input, bytesInOutput);
    groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
  }
  console.log(`\n${file.replace(/\.json$/, '')}: ${(output.bytes / 1000).toFixed(1)} KB`);
  for (const [group, bytes] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${(bytes / 1000).toFixed(1).padStart(8)} KB  ${group}`);
  }
}
