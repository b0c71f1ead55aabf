// `npm run bench` runs this in the extension host of the real VS Code (bench/editorLatency.mjs):
// the time from an edit of a 1,000-dependency package.json to updated diagnostics and marks, and
// the extension host's heap over 1,000 edits. Never part of the tests.
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { OspoGuideTestApi as OspoGuideApi } from '../../src/extension/api';
import { writeResults } from '../integration/testReport';

const DEPENDENCIES = 1000;
const LICENSES = ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause', 'MIT OR Apache-2.0', 'MPL-2.0', 'LGPL-2.1-or-later', 'GPL-3.0-only', undefined];

export interface EditorBenchResult {
  readonly dependencies: number;
  readonly diagnostics: number;
  /** Per setting of `ospoGuide.parse.debounceMs`: milliseconds from the edit to diagnostics and marks for it. */
  readonly latency: readonly { readonly debounceMs: number; readonly edits: number; readonly medianMs: number; readonly p95Ms: number; readonly applyEditMedianMs: number; readonly marksMedianMs: number }[];
  readonly memory: { readonly edits: number; readonly beforeBytes: number; readonly middleBytes: number; readonly afterBytes: number };
}

export async function run(): Promise<void> {
  try {
    const result = await measure();
    await writeFile(process.env.OSPO_GUIDE_BENCH_OUTPUT ?? '/dev/null', JSON.stringify(result));
    await writeResults(process.env.OSPO_GUIDE_TEST_RESULTS, { passed: 1, failed: 0, tests: [{ title: 'editor latency bench', state: 'passed' }] });
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await writeResults(process.env.OSPO_GUIDE_TEST_RESULTS, { passed: 0, failed: 1, tests: [{ title: 'editor latency bench', state: 'failed', error: text }] });
  }
}

async function measure(): Promise<EditorBenchResult> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    throw new Error('no workspace folder');
  }
  const dir = vscode.Uri.joinPath(folder, 'bench-1000');
  const dependencies = Object.fromEntries(Array.from({ length: DEPENDENCIES }, (_, i) => [`package-${i}`, `^${i % 9}.${i % 7}.0`]));
  const packages: Record<string, unknown> = { '': { name: 'bench', version: '1.0.0', dependencies } };
  for (let i = 0; i < DEPENDENCIES; i++) {
    const license = LICENSES[i % LICENSES.length];
    packages[`node_modules/package-${i}`] = { version: `${i % 9}.${i % 7}.3`, ...(license ? { license } : {}) };
  }
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'package-lock.json'), encode({ name: 'bench', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
  const uri = vscode.Uri.joinPath(dir, 'package.json');
  await vscode.workspace.fs.writeFile(uri, encode({ name: 'bench', version: '1.0.0', dependencies }));

  const extension = vscode.extensions.getExtension<OspoGuideApi>('ospo-guide.ospo-guide');
  const api = await extension?.activate();
  if (!api) {
    throw new Error('the extension did not activate');
  }
  // Auto save would write the edits to disk while they are timed.
  await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  await until(() => api.annotations(uri)?.version === document.version, 60_000);

  const configuration = vscode.workspace.getConfiguration('ospoGuide');
  const latency = [];
  let edit = 0;
  for (const debounceMs of [120, 0]) {
    await configuration.update('parse.debounceMs', debounceMs, vscode.ConfigurationTarget.Workspace);
    const samples: number[] = [];
    const applied: number[] = [];
    const marks: number[] = [];
    for (let n = 0; n < 100; n++) {
      const timing = await timedEdit(api, document, edit++);
      samples.push(timing.totalMs);
      applied.push(timing.applyEditMs);
      marks.push(timing.marksMs);
    }
    latency.push({ debounceMs, edits: samples.length, medianMs: percentile(samples, 0.5), p95Ms: percentile(samples, 0.95), applyEditMedianMs: percentile(applied, 0.5), marksMedianMs: percentile(marks, 0.5) });
  }

  const gc = collector();
  const beforeBytes = heapAfterGc(gc);
  let middleBytes = 0;
  for (let n = 0; n < 1000; n++) {
    if (n === 500) {
      middleBytes = heapAfterGc(gc);
    }
    await timedEdit(api, document, edit++);
  }
  const afterBytes = heapAfterGc(gc);
  const diagnostics = vscode.languages.getDiagnostics(uri).length;
  await configuration.update('parse.debounceMs', undefined, vscode.ConfigurationTarget.Workspace);
  return { dependencies: DEPENDENCIES, diagnostics, latency, memory: { edits: 1000, beforeBytes, middleBytes, afterBytes } };
}

/** Changes one dependency's spec and waits until the diagnostics and the marks are for the new text. */
async function timedEdit(api: OspoGuideApi, document: vscode.TextDocument, n: number): Promise<{ totalMs: number; applyEditMs: number; marksMs: number }> {
  const target = `"package-${(n * 37) % DEPENDENCIES}": "^`;
  const at = document.getText().indexOf(target) + target.length;
  let diagnosticsChanged = false;
  const listener = vscode.languages.onDidChangeDiagnostics((event) => {
    if (event.uris.some((changed) => changed.toString() === document.uri.toString())) {
      diagnosticsChanged = true;
    }
  });
  try {
    const started = performance.now();
    const edit = new vscode.WorkspaceEdit();
    const digit = Number(document.getText().charAt(at));
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 1)), String((digit + 1) % 10));
    if (!(await vscode.workspace.applyEdit(edit))) {
      throw new Error('the edit was not applied');
    }
    const applyEditMs = performance.now() - started;
    const version = document.version;
    await until(() => api.annotations(document.uri)?.version === version, 10_000);
    const marksMs = performance.now() - started;
    await until(() => diagnosticsChanged && api.annotations(document.uri)?.version === version, 10_000, () => `diagnostics changed: ${diagnosticsChanged}, marks for version ${api.annotations(document.uri)?.version} of ${version}`);
    return { totalMs: performance.now() - started, applyEditMs, marksMs };
  } finally {
    listener.dispose();
  }
}

async function until(condition: () => boolean, timeoutMs: number, state: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms ${state()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** The extension host runs without --expose-gc; the flag can still be set at run time for a fresh context. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}
