// Edit latency inside a real VS Code: test/benchHost/index.ts runs in the extension host of the
// VS Code server the integration tier uses, edits a 1,000-dependency package.json and times each
// edit until its diagnostics and marks are published; then the host's heap over 1,000 edits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './compiled.mjs';
import { formatMs } from './timing.mjs';

const GOAL_GROWTH_KIB = 512;

export function benchEditorLatency() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ospo-guide-editor-bench-'));
  const output = path.join(dir, 'result.json');
  try {
    const child = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/realVscode/runTests.mjs'), '--pass', 'trusted', '--tests', path.join(repoRoot, 'out/test/benchHost/index'), '--timeout', '600'], {
      env: { ...process.env, OSPO_GUIDE_BENCH_OUTPUT: output },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (child.status !== 0) {
      throw new Error(`the editor bench failed (exit ${child.status}):\n${child.stdout}`);
    }
    const result = JSON.parse(readFileSync(output, 'utf8'));
    const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    const rows = result.latency.flatMap((row) => [
      `| edit → diagnostics and marks, debounce ${row.debounceMs} ms (${row.edits} edits) | ${formatMs(row.medianMs)} | ${formatMs(row.p95Ms)} |`,
      `| of which \`applyEdit\` alone (VS Code's round trip to the editor) | ${formatMs(row.applyEditMedianMs)} | — |`,
      `| edit → marks computed in the extension host (before VS Code sends diagnostics back) | ${formatMs(row.marksMedianMs)} | — |`,
    ]);
    const { beforeBytes, middleBytes, afterBytes, edits } = result.memory;
    const secondHalf = (afterBytes - middleBytes) / 1024;
    const table = [
      '| measurement | median | 95th percentile |',
      '|---|---:|---:|',
      ...rows,
      `| extension host heap before / after ${edits} edits (after gc) | ${mib(beforeBytes)} / ${mib(afterBytes)} | — |`,
      `| growth over the last ${edits / 2} edits | ${secondHalf.toFixed(0)} KiB | — |`,
    ].join('\n');
    const summary =
      `A package.json with ${result.dependencies} dependencies and their lockfile, open in the real VS Code 1.100 server (headless Chromium), ${result.diagnostics} diagnostics in it. ` +
      `Each edit changes one spec; the time runs from \`applyEdit\` until the Problems panel's diagnostics and the marks are for the new text. With debounce 0 the figure is the whole pipeline (renderer round trip, parse, evaluation, publishing). ` +
      `Memory: ${secondHalf.toFixed(0)} KiB over the last ${edits / 2} of ${edits} edits — ${secondHalf < GOAL_GROWTH_KIB ? 'no growth (met)' : 'growth (NOT met)'}.`;
    return { title: 'Edit latency in the real VS Code', table, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
