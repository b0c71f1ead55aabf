import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { packVsix, type PackedVsix } from './support/packVsix';
import { zipEntries, type ZipEntry } from './support/zipEntries';

// Budgets in bytes (the stricter reading of KB), set with room for the features still to come
// (notices and SPDX output, trust data): going over is a design question, not a number to raise.
const VSIX_BUDGET = 600_000;
const EXTENSION_JS_BUDGET = 800_000;

/** Every file the VSIX may hold: what the extension loads at run time, and what the Marketplace shows. */
const ALLOWED: readonly RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|package\.nls\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/images\/icon\.png$/,
  /^extension\/dist\/(extension|lookups|markdownIt|licenseText|notices)\.js(\.LEGAL\.txt)?$/,
  /^extension\/schemas\/ospo-policy\.schema\.json$/,
  /^extension\/media\/(guide\.(css|js)|codicons\/codicon\.(css|ttf)|walkthrough\/[a-z]+\.md)$/,
];

/** What never belongs in it, named apart so that a failure says which mistake it is. */
const FORBIDDEN: readonly (readonly [RegExp, string])[] = [
  [/\.map$/, 'a source map'],
  [/(^|\/)cli(\.js|\/)/, 'the CLI, which the extension never loads'],
  [/^extension\/(src|test|out|node_modules|scripts)\//, 'sources, tests or dependencies'],
];

describe('the VSIX', function () {
  // The production build and vsce.
  this.timeout(180_000);
  let packed: PackedVsix;
  let entries: ZipEntry[];
  const entry = (name: string) => entries.find((candidate) => candidate.name === `extension/${name}`);

  before(async () => {
    packed = await packVsix();
    entries = zipEntries(readFileSync(packed.path));
  });

  it('vsce packs it without a warning or an error', () => {
    const problems = packed.output.split('\n').filter((line) => /WARNING|ERROR/.test(line));
    assert.deepEqual(problems, [], packed.output);
  });

  it(`is under ${VSIX_BUDGET / 1000} KB`, () => {
    const size = statSync(packed.path).size;
    assert.ok(size < VSIX_BUDGET, `${packed.path} is ${size} bytes; ${listBySize(entries)}`);
  });

  it(`ships a production dist/extension.js under ${EXTENSION_JS_BUDGET / 1000} KB, and no bundle points at a source map`, () => {
    const main = entry('dist/extension.js');
    assert.ok(main !== undefined, 'dist/extension.js is missing');
    assert.ok(main.size < EXTENSION_JS_BUDGET, `dist/extension.js is ${main.size} bytes (node scripts/bundleSizes.mjs says what takes the space)`);
    for (const bundle of entries.filter((candidate) => candidate.name.endsWith('.js'))) {
      assert.doesNotMatch(bundle.read().toString('utf8'), /sourceMappingURL/, bundle.name);
    }
  });

  it('holds only what the extension loads or the Marketplace shows', () => {
    const names = entries.map((candidate) => candidate.name);
    const forbidden = names.flatMap((name) => FORBIDDEN.filter(([pattern]) => pattern.test(name)).map(([, what]) => `${name}: ${what}`));
    assert.deepEqual(forbidden, []);
    assert.deepEqual(names.filter((name) => !ALLOWED.some((pattern) => pattern.test(name))), [], 'files outside the allowlist');
  });

  it('holds every file the manifest names and every bundle a bundle loads', () => {
    const manifest = JSON.parse(entry('package.json')?.read().toString('utf8') ?? '{}');
    const named: string[] = [
      manifest.main,
      manifest.icon,
      ...manifest.contributes.jsonValidation.map((validation: { url: string }) => validation.url),
      ...manifest.contributes.walkthroughs.flatMap((walkthrough: { steps: { media: { markdown: string } }[] }) => walkthrough.steps.map((step) => step.media.markdown)),
    ];
    const required = entries
      .filter((candidate) => candidate.name.startsWith('extension/dist/') && candidate.name.endsWith('.js'))
      .flatMap((bundle) => [...bundle.read().toString('utf8').matchAll(/require\("\.\/([\w.-]+\.js)"\)/g)].map((match) => `dist/${match[1]}`));
    assert.ok(required.length >= 3, 'dist/extension.js loads its lazy bundles by require("./<bundle>.js")');
    const missing = [...named, ...required].map((file) => file.replace(/^\.\//, '')).filter((file) => entry(file) === undefined);
    assert.deepEqual([...new Set(missing)], []);
  });
});

function listBySize(entries: readonly ZipEntry[]): string {
  return [...entries]
    .sort((a, b) => b.compressedSize - a.compressedSize)
    .slice(0, 8)
    .map((candidate) => `${candidate.name} ${candidate.compressedSize}`)
    .join(', ');
}
