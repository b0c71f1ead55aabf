// The engine's share of one keystroke in a 1,000-dependency package.json, as the extension runs it
// (src/extension/manifestFindings.ts and the diagnostics/decorations it feeds): parse the new text,
// look up each dependency's installed data, evaluate (memoised per distinct facts, as the
// extension does), index lines, and build each diagnostic's code and each line's mark. Then the
// heap after 1,000 edits against the heap before them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compiled } from './compiled.mjs';
import { formatMs, median } from './timing.mjs';

const { parseManifest } = compiled('core/manifests/index.js');
const { buildInventory } = compiled('core/data/inventory.js');
const { RESOLVERS } = compiled('core/data/resolvers.js');
const { CompiledPolicy } = compiled('core/policy/compiledPolicy.js');
const { bundledDefaultFeed } = compiled('core/policy/bundledFeed.js');
const { EvaluationMemo } = compiled('core/policy/evaluationMemo.js');
const { LineIndex } = compiled('core/manifests/lineIndex.js');
const { findingCode } = compiled('core/report/findingCode.js');
const { annotationText } = compiled('core/report/annotation.js');

const DEPENDENCIES = 1000;
const EDITS = 1000;
const LICENSES = ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause', 'MIT OR Apache-2.0', 'MPL-2.0', 'LGPL-2.1-or-later', 'GPL-3.0-only', 'Apache 2.0', undefined];
const GOAL_MS = 5;

function project(dir) {
  const dependencies = Object.fromEntries(Array.from({ length: DEPENDENCIES }, (_, i) => [`package-${i}`, `^${i % 9}.${i % 7}.0`]));
  const packages = { '': { name: 'bench', version: '1.0.0', dependencies } };
  for (let i = 0; i < DEPENDENCIES; i++) {
    const license = LICENSES[i % LICENSES.length];
    packages[`node_modules/package-${i}`] = { version: `${i % 9}.${i % 7}.3`, ...(license ? { license } : {}) };
  }
  writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'bench', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  const text = JSON.stringify({ name: 'bench', version: '1.0.0', dependencies }, null, 2);
  writeFileSync(path.join(dir, 'package.json'), text);
  return text;
}

/** One keystroke's engine work; returns what the editor would publish, so nothing is optimised away. */
function engineWork(text, file, inventory, memo) {
  const folder = path.dirname(file);
  const manifest = parseManifest('npm', text);
  const lines = new LineIndex(text);
  let published = 0;
  for (const dependency of manifest.dependencies) {
    const finding = memo.evaluateDependency(folder, dependency, () => inventory.factsFor(file, dependency));
    const position = lines.positionAt(dependency.nameRange.start);
    if (findingCode(finding) !== null) {
      published++;
    }
    published += annotationText(finding, 'compact').length + position.line;
  }
  memo.sweep();
  return published;
}

/** The text after the `n`th edit: one dependency's spec changed, as a user typing would. */
function edited(text, n) {
  const target = `"package-${(n * 37) % DEPENDENCIES}": "^`;
  const at = text.indexOf(target) + target.length;
  return `${text.slice(0, at)}${n % 10}${text.slice(at + 1)}`;
}

function heapAfterGc() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

export async function benchEditLatency() {
  if (typeof globalThis.gc !== 'function') {
    throw new Error('run with --expose-gc');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ospo-guide-edit-bench-'));
  try {
    const text = project(dir);
    const file = path.join(dir, 'package.json');
    const parsed = parseManifest('npm', text);
    const inventory = await buildInventory([{ file, parsed }], RESOLVERS, { home: os.homedir(), env: {} });
    const policy = new CompiledPolicy(bundledDefaultFeed());
    const context = { repo: 'github.com/acme/bench', now: new Date() };
    const memo = new EvaluationMemo(policy, context);

    // Warm up (first evaluation of every distinct fact set, JIT), then measure each edit alone.
    for (let n = 0; n < 50; n++) {
      engineWork(edited(text, n), file, inventory, memo);
    }
    const before = heapAfterGc();
    const warm = [];
    const cold = [];
    let current = text;
    let middle = 0;
    for (let n = 0; n < EDITS; n++) {
      if (n === EDITS / 2) {
        middle = heapAfterGc();
      }
      current = edited(current, n);
      let started = performance.now();
      engineWork(current, file, inventory, memo);
      warm.push(performance.now() - started);
      if (n % 20 === 0) {
        // Without the memo: what a policy or data change costs once (every dependency evaluated).
        started = performance.now();
        engineWork(current, file, inventory, new EvaluationMemo(new CompiledPolicy(bundledDefaultFeed()), context));
        cold.push(performance.now() - started);
      }
    }
    const after = heapAfterGc();
    const p95 = [...warm].sort((a, b) => a - b)[Math.floor(warm.length * 0.95)];
    const growth = (after - before) / 1024;
    const secondHalf = (after - middle) / 1024;
    const table = [
      '| measurement | value |',
      '|---|---:|',
      `| engine work per edit, median (parse, data lookup, memoised evaluation, lines, codes, marks) | ${formatMs(median(warm))} |`,
      `| engine work per edit, 95th percentile | ${formatMs(p95)} |`,
      `| after a policy or data change (policy compiled, every dependency evaluated) | ${formatMs(median(cold))} |`,
      `| heap before the ${EDITS} edits (after gc) | ${(before / 1024 / 1024).toFixed(1)} MiB |`,
      `| heap after the ${EDITS} edits (after gc) | ${(after / 1024 / 1024).toFixed(1)} MiB |`,
      `| growth over ${EDITS} edits | ${growth.toFixed(0)} KiB |`,
      `| growth over the last ${EDITS / 2} edits | ${secondHalf.toFixed(0)} KiB |`,
    ].join('\n');
    const met = median(warm) < GOAL_MS;
    const summary =
      `A generated package.json with ${DEPENDENCIES} dependencies and a lockfile with their versions and licenses, bundled default policy, ${EDITS} edits each changing one spec. ` +
      `Goal: the engine's share under ${GOAL_MS} ms per edit: ${formatMs(median(warm))} — ${met ? 'met' : 'NOT met'}; no growth over ${EDITS} edits: ${growth.toFixed(0)} KiB in all, ${secondHalf.toFixed(0)} KiB over the last ${EDITS / 2} (the memo holds what the manifest names now, at most two generations) — ${secondHalf < 256 ? 'met' : 'NOT met'}. ` +
      'The editor adds a debounce (`ospoGuide.parse.debounceMs`, 120 ms by default) before this work and VS Code\'s own rendering after it.';
    return { title: 'Edit latency in a 1,000-dependency package.json', table, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
