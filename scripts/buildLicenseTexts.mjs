#!/usr/bin/env node
// Generates src/core/data/licenseText/licenseTemplates.ts from the `spdx-license-list` package
// (license texts under CC0-1.0). Run: `node scripts/buildLicenseTexts.mjs` (add `--check` to
// only verify that the committed file is up to date; exits 1 when it is not).
//
// The texts are normalised with src/core/data/licenseText/normalize.ts itself (transpiled on the
// fly with the `typescript` package), so template tokens and runtime input go through the same
// steps. Only the licenses the matcher supports are included, as token-id sequences over a
// shared vocabulary; sub-ranges (terms without the appendix, the standard notices) are
// expressed as token ranges of those sequences, so they cost no extra bytes.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outFile = join(root, 'src/core/data/licenseText/licenseTemplates.ts');

function loadNormalizer() {
  const source = readFileSync(join(root, 'src/core/data/licenseText/normalize.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} };
  new Function('module', 'exports', outputText)(module, module.exports);
  return module.exports.normalizeLicenseTokens;
}

const normalize = loadNormalizer();
const spdxPackage = require('spdx-license-list/package.json');

function spdxText(id) {
  return require(`spdx-license-list/licenses/${id}.json`).licenseText;
}

/** Token index of `phrase` (normalised) in `tokens`, searching from `from`; throws when absent. */
function find(tokens, phrase, from = 0, last = false) {
  const words = normalize(phrase);
  const hits = [];
  for (let i = from; i + words.length <= tokens.length; i++) {
    let ok = true;
    for (let j = 0; j < words.length; j++) {
      if (tokens[i + j] !== words[j]) {
        ok = false;
        break;
      }
    }
    if (ok) {
      if (!last) {
        return { start: i, end: i + words.length };
      }
      hits.push({ start: i, end: i + words.length });
    }
  }
  if (hits.length === 0) {
    throw new Error(`phrase not found: ${phrase}`);
  }
  return hits[hits.length - 1];
}

// --- Segments: one normalised text per license ------------------------------------------------

const segments = new Map(); // name → tokens

function addSegment(name, text) {
  const tokens = normalize(text);
  if (tokens.length === 0) {
    throw new Error(`empty segment ${name}`);
  }
  segments.set(name, tokens);
  return tokens;
}

for (const id of ['MIT', 'MIT-0', '0BSD', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'MPL-2.0', 'GPL-2.0-only', 'GPL-3.0-only', 'LGPL-2.1-only', 'AGPL-3.0-only', 'Unlicense', 'CC0-1.0', 'Zlib', 'BSL-1.0']) {
  addSegment(id, spdxText(id));
}

// ISC: the SPDX text names ISC itself ("ISC DISCLAIMS", "SHALL ISC BE LIABLE"); the copies in
// the wild (npm's default, OpenBSD) say "THE AUTHOR". Use the common wording.
addSegment('ISC', spdxText('ISC').replace('ISC DISCLAIMS', 'THE AUTHOR DISCLAIMS').replace('SHALL ISC BE', 'SHALL THE AUTHOR BE'));

// LGPL-3.0: the SPDX text is the LGPL additional permissions followed by the whole GPL-3.0.
// COPYING.LESSER files hold only the first part; a variant below appends GPL-3.0 again.
{
  const full = spdxText('LGPL-3.0-only');
  const cut = full.indexOf('GNU GENERAL PUBLIC LICENSE\nVersion 3');
  if (cut < 0) {
    throw new Error('LGPL-3.0 layout changed');
  }
  addSegment('LGPL-3.0-only', full.slice(0, cut));
}

// --- Variants ------------------------------------------------------------------------------

/** @type {{ id: string, kind: 'text' | 'notice', label: string, parts: [string, number, number][] }[]} */
const variants = [];

function whole(name) {
  return [name, 0, segments.get(name).length];
}

function addText(id, label, parts) {
  variants.push({ id, kind: 'text', label, parts });
}

function addNotice(id, label, name, startPhrase, endPhrase, lastEnd = false) {
  const tokens = segments.get(name);
  const start = find(tokens, startPhrase).start;
  const end = find(tokens, endPhrase, start, lastEnd).end;
  variants.push({ id, kind: 'notice', label, parts: [[name, start, end]] });
}

function termsOnly(name) {
  const tokens = segments.get(name);
  return [name, 0, find(tokens, 'END OF TERMS AND CONDITIONS').end];
}

for (const id of ['MIT', 'MIT-0', 'ISC', '0BSD', 'BSD-2-Clause', 'BSD-3-Clause', 'Unlicense', 'CC0-1.0', 'Zlib', 'BSL-1.0']) {
  addText(id, id, [whole(id)]);
}
for (const id of ['Apache-2.0', 'GPL-2.0-only', 'GPL-3.0-only', 'LGPL-2.1-only', 'AGPL-3.0-only']) {
  addText(id, `${id} (full text)`, [whole(id)]);
  addText(id, `${id} (terms and conditions only)`, [termsOnly(id)]);
}
addText('MPL-2.0', 'MPL-2.0', [whole('MPL-2.0')]);
addText('LGPL-3.0-only', 'LGPL-3.0-only (COPYING.LESSER)', [whole('LGPL-3.0-only')]);
addText('LGPL-3.0-only', 'LGPL-3.0-only (with the GPL-3.0 text)', [whole('LGPL-3.0-only'), whole('GPL-3.0-only')]);

addNotice('Apache-2.0', 'Apache-2.0 notice', 'Apache-2.0', 'Licensed under the Apache License, Version 2.0', 'limitations under the License.', true);
addNotice('MPL-2.0', 'MPL-2.0 notice (Exhibit A)', 'MPL-2.0', 'This Source Code Form is subject to the terms of the Mozilla Public License', 'You can obtain one at http://mozilla.org/MPL/2.0/');
addNotice('GPL-2.0-only', 'GPL-2.0 notice', 'GPL-2.0-only', 'This program is free software; you can redistribute it', 'Boston, MA 02110-1301 USA');
addNotice('GPL-3.0-only', 'GPL-3.0 notice', 'GPL-3.0-only', 'This program is free software: you can redistribute it', 'If not, see <http://www.gnu.org/licenses/>');
addNotice('LGPL-2.1-only', 'LGPL-2.1 notice', 'LGPL-2.1-only', 'This library is free software; you can redistribute it', 'Boston, MA 02110-1301 USA');
addNotice('AGPL-3.0-only', 'AGPL-3.0 notice', 'AGPL-3.0-only', 'This program is free software: you can redistribute it', 'If not, see <http://www.gnu.org/licenses/>');
{
  // LGPL-3.0 ships no "how to apply" section; its notice is the GPL-3.0 one naming the Lesser GPL.
  const gpl = segments.get('GPL-3.0-only');
  const start = find(gpl, 'This program is free software: you can redistribute it').start;
  const end = find(gpl, 'If not, see <http://www.gnu.org/licenses/>', start).end;
  const tokens = [];
  for (let i = start; i < end; i++) {
    if (gpl[i] === 'general' && gpl[i - 1] === 'gnu') {
      tokens.push('lesser');
    }
    tokens.push(gpl[i]);
  }
  segments.set('LGPL-3.0 notice', tokens);
  variants.push({ id: 'LGPL-3.0-only', kind: 'notice', label: 'LGPL-3.0 notice', parts: [whole('LGPL-3.0 notice')] });
}

if (variants.length > 31) {
  throw new Error('templateMatcher.ts keeps one bit per variant in a 31-bit mask');
}

// --- Encoding ------------------------------------------------------------------------------

const vocabulary = [];
const wordIds = new Map();
for (const tokens of segments.values()) {
  for (const word of tokens) {
    if (!wordIds.has(word)) {
      wordIds.set(word, vocabulary.length);
      vocabulary.push(word);
    }
  }
}
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const width = vocabulary.length <= 64 * 64 ? 2 : 3;
if (vocabulary.length > 64 ** width) {
  throw new Error('vocabulary too large');
}

function encode(tokens) {
  let out = '';
  for (const word of tokens) {
    let id = wordIds.get(word);
    let chunk = '';
    for (let i = 0; i < width; i++) {
      chunk = ALPHABET[id % 64] + chunk;
      id = Math.floor(id / 64);
    }
    out += chunk;
  }
  return out;
}

const segmentNames = [...segments.keys()];
const lines = [];
lines.push('// GENERATED by scripts/buildLicenseTexts.mjs — do not edit by hand; re-run the script.');
lines.push('//');
lines.push(`// License texts: spdx-license-list ${spdxPackage.version} (https://github.com/sindresorhus/spdx-license-list),`);
lines.push('// which publishes the SPDX License List texts under CC0-1.0 (public domain dedication).');
lines.push('// Stored as normalised word tokens (see normalize.ts): ids into VOCABULARY, each written as');
lines.push(`// ${width} characters of TOKEN_ALPHABET (most significant first).`);
lines.push('');
lines.push(`export const TEMPLATE_SOURCE = 'spdx-license-list ${spdxPackage.version}';`);
lines.push(`export const TOKEN_ALPHABET = '${ALPHABET}';`);
lines.push(`export const TOKEN_WIDTH = ${width};`);
lines.push('');
lines.push('/** Space-separated words; a token id is an index into this list. */');
lines.push(`export const VOCABULARY = '${vocabulary.join(' ')}';`);
lines.push('');
lines.push('/** Encoded token sequences, one per source text. */');
lines.push('export const SEGMENTS: readonly string[] = [');
for (const name of segmentNames) {
  lines.push(`  // ${name} (${segments.get(name).length} tokens)`);
  lines.push(`  '${encode(segments.get(name))}',`);
}
lines.push('];');
lines.push('');
lines.push('export interface TemplateVariant {');
lines.push('  /** SPDX id reported for a match (GNU licenses: the `-only` form, see identifyLicense.ts). */');
lines.push('  readonly id: string;');
lines.push("  /** `text`: the license itself; `notice`: the short \"licensed under…\" boilerplate. */");
lines.push("  readonly kind: 'text' | 'notice';");
lines.push('  readonly label: string;');
lines.push('  /** [segment index, start token, end token (exclusive)] — concatenated. */');
lines.push('  readonly parts: readonly (readonly [number, number, number])[];');
lines.push('}');
lines.push('');
lines.push('export const VARIANTS: readonly TemplateVariant[] = [');
for (const variant of variants) {
  const parts = variant.parts.map(([name, start, end]) => `[${segmentNames.indexOf(name)}, ${start}, ${end}]`).join(', ');
  lines.push(`  { id: '${variant.id}', kind: '${variant.kind}', label: '${variant.label}', parts: [${parts}] },`);
}
lines.push('];');
lines.push('');

const output = lines.join('\n');
if (process.argv.includes('--check')) {
  const current = readFileSync(outFile, 'utf8');
  if (current !== output) {
    console.error(`${outFile} is out of date; run node scripts/buildLicenseTexts.mjs`);
    process.exit(1);
  }
  console.log('licenseTemplates.ts is up to date');
} else {
  writeFileSync(outFile, output);
  console.log(`wrote ${outFile}: ${output.length} bytes, ${vocabulary.length} words, ${segmentNames.length} segments, ${variants.length} variants`);
}
