import * as assert from 'node:assert/strict';
import { parseBlockYaml } from '../../src/core/data/blockYaml';
import { parseCargoLock } from '../../src/core/data/cargo/cargoLock';
import { parseComposerLock, parseInstalledJson } from '../../src/core/data/composer/composerLock';
import { parseGoSum } from '../../src/core/data/go/goSum';
import { parseVendorModules } from '../../src/core/data/go/vendorModules';
import { parsePackageLock } from '../../src/core/data/npm/packageLock';
import { parsePnpmLock } from '../../src/core/data/npm/pnpmLock';
import { pnpmWorkspacePatterns } from '../../src/core/data/npm/workspaces';
import { parseYarnLock } from '../../src/core/data/npm/yarnLock';
import { parseCoreMetadata } from '../../src/core/data/pypi/metadata';
import { parsePipfileLock } from '../../src/core/data/pypi/pipfileLock';
import { parsePoetryLock } from '../../src/core/data/pypi/poetryLock';
import { parseUvLock } from '../../src/core/data/pypi/uvLock';
import { parseBundlerConfig } from '../../src/core/data/registry/rubygems/bundlerSettings';
import { parseGemfileLock } from '../../src/core/data/rubygems/gemfileLock';
import { parseGemspec } from '../../src/core/data/rubygems/gemspec';
import { parseManifest } from '../../src/core/manifests';
import { MANIFEST_KINDS } from '../../src/core/manifests/types';
import { loadCorpus } from '../unit/support/corpus';

/**
 * Every parser of a file the workspace controls, on hostile inputs from 16 to 256 KiB: the time
 * may grow about linearly (under 16 times from 32 to 256 KiB, where linear is 8 and quadratic 64),
 * stays under MAX_MS_AT_LARGEST at 256 KiB, and nothing throws (a parser reports a problem instead). The YAML
 * library once took 10 s and 200 MiB on 128 KiB of quotes.
 */

const SIZES_KIB = [16, 32, 64, 128, 256];
/** Below this, a time is timer and scheduler noise, not the parser. */
const FLOOR_MS = 10;
/** Linear is 8 from 32 to 256 KiB; the margin absorbs a collection or a JIT tier change on one size. 16 KiB only warms up. */
const MAX_GROWTH = 16;
/** About 8 µs a byte: above the slowest parser here (XML, 4 µs), far below a backtracking one. */
const MAX_MS_AT_LARGEST = 2000;
/** A size that looks too slow is timed again, the fastest run counting: a busy core is not the parser. */
const RETRIES = 3;

/** `unit` repeated to `bytes` characters. */
function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

/** Text made of many short lines, each from `line(index)`. */
function lines(line: (index: number) => string, bytes: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let index = 0; length < bytes; index++) {
    const next = `${line(index)}\n`;
    parts.push(next);
    length += next.length;
  }
  return parts.join('');
}

const HOSTILE: ReadonlyArray<readonly [string, (bytes: number) => string]> = [
  ['double quotes', (bytes) => fill('"', bytes)],
  ['single quotes', (bytes) => fill("'", bytes)],
  ['open brackets', (bytes) => fill('[', bytes)],
  ['open braces', (bytes) => fill('{', bytes)],
  ['open parentheses', (bytes) => fill('(', bytes)],
  ['JSON objects in arrays', (bytes) => fill('{"a":[', bytes)],
  ['TOML inline tables', (bytes) => `a = ${fill('{b = [', bytes)}`],
  ['XML elements', (bytes) => fill('<a>', bytes)],
  ['unterminated XML comment', (bytes) => `<!--${fill('-', bytes)}`],
  ['backslashes in a string', (bytes) => `"${fill('\\', bytes)}`],
  ['unterminated string', (bytes) => `{"dependencies": {"a": "${fill('x', bytes)}`],
  ['one long line', (bytes) => `a: ${fill('x', bytes)}`],
  ['many JSON keys', (bytes) => `{"dependencies": {${lines((index) => `"k${index}": "1.0.${index}",`, bytes)}"z": "1"}}`],
  ['many YAML keys', (bytes) => lines((index) => `k${index}:`, bytes)],
  ['many TOML keys', (bytes) => `[dependencies]\n${lines((index) => `k${index} = "1.${index}"`, bytes)}`],
  ['growing indentation', (bytes) => lines((index) => `${' '.repeat(index % 500)}k${index}: v`, bytes)],
  ['dashes', (bytes) => fill('- ', bytes)],
  ['colons and spaces', (bytes) => fill(': ', bytes)],
  ['quoted keys over lines', (bytes) => fill('"\n', bytes)],
  ['string interpolation', (bytes) => fill('"${', bytes)],
  ['comment markers', (bytes) => fill('#/*', bytes)],
  ['CRs', (bytes) => fill('\r', bytes)],
];

const PARSERS: ReadonlyArray<readonly [string, (text: string) => unknown]> = [
  ...MANIFEST_KINDS.map((kind) => [`${kind} manifest`, (text: string) => parseManifest(kind, text)] as const),
  ['package-lock.json', (text) => parsePackageLock(text, 'package-lock.json')],
  ['pnpm-lock.yaml', (text) => parsePnpmLock(text, 'pnpm-lock.yaml')],
  ['yarn.lock (Berry)', (text) => parseYarnLock(`__metadata:\n${text}`, 'yarn.lock', [])],
  ['yarn.lock (classic)', (text) => parseYarnLock(text, 'yarn.lock', [])],
  ['pnpm-workspace.yaml', (text) => pnpmWorkspacePatterns(text)],
  ['YAML reader', (text) => parseBlockYaml(text)],
  ['Bundler config', (text) => parseBundlerConfig(text)],
  ['composer.lock', (text) => parseComposerLock(text)],
  ['installed.json', (text) => parseInstalledJson(text, 'vendor')],
  ['Pipfile.lock', (text) => parsePipfileLock(text)],
  ['poetry.lock', (text) => parsePoetryLock(text)],
  ['uv.lock', (text) => parseUvLock(text)],
  ['Python METADATA', (text) => parseCoreMetadata(text)],
  ['Gemfile.lock', (text) => parseGemfileLock(text)],
  ['gemspec', (text) => parseGemspec(text)],
  ['Cargo.lock', (text) => parseCargoLock(text)],
  ['go.sum', (text) => parseGoSum(text)],
  ['vendor/modules.txt', (text) => parseVendorModules(text)],
];

/** These throw a plain error on input that is not YAML, by contract; a stack overflow still fails. */
const THROWS_PLAINLY = new Set(['pnpm-workspace.yaml', 'YAML reader']);

/** Wall time, a lockfile's turns of the event loop included (nothing else runs meanwhile). */
async function timeMs(parse: (text: string) => unknown, text: string, parser: string): Promise<number> {
  const start = process.hrtime.bigint();
  try {
    await parse(text);
  } catch (error) {
    if (!THROWS_PLAINLY.has(parser) || error instanceof RangeError) {
      throw error;
    }
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function tooSlow(times: readonly number[]): boolean {
  const largest = times[times.length - 1];
  return largest >= MAX_MS_AT_LARGEST || largest >= MAX_GROWTH * Math.max(times[1], FLOOR_MS);
}

/** Timings per size; while they look too slow, each size is timed again and its fastest run kept. */
async function timings(parser: string, parse: (text: string) => unknown, make: (bytes: number) => string): Promise<number[]> {
  const texts = SIZES_KIB.map((kib) => make(kib * 1024));
  const times: number[] = [];
  for (const text of texts) {
    times.push(await timeMs(parse, text, parser));
  }
  for (let retry = 0; retry < RETRIES && tooSlow(times); retry++) {
    for (const [index, text] of texts.entries()) {
      times[index] = Math.min(times[index], await timeMs(parse, text, parser));
    }
  }
  return times;
}

async function assertLinear(parser: string, parse: (text: string) => unknown, input: string, make: (bytes: number) => string): Promise<void> {
  const times = await timings(parser, parse, make);
  const shown = SIZES_KIB.map((kib, index) => `${kib} KiB ${times[index].toFixed(1)} ms`).join(', ');
  assert.ok(!tooSlow(times), `${parser} on ${input}: ${shown}`);
}

describe('every parser takes time linear in its input', function () {
  this.timeout(120_000);
  for (const [parser, parse] of PARSERS) {
    it(`${parser}: hostile inputs of doubling size`, async () => {
      for (const [input, make] of HOSTILE) {
        await assertLinear(parser, parse, input, make);
      }
    });
  }

  it('every manifest parser on real manifests repeated to doubling size', async () => {
    for (const file of loadCorpus()) {
      await assertLinear(`${file.kind} manifest`, (text) => parseManifest(file.kind, text), file.id, (bytes) => fill(`${file.text}\n`, bytes));
    }
  });
});
