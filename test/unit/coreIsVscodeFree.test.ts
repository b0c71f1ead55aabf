import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Matches `import … from 'vscode'`, `import 'vscode'`, `require('vscode')` and `import('vscode')`. */
const VSCODE_IMPORT = /(?:from\s+|import\s*\(?\s*|require\s*\(\s*)['"]vscode['"]/;

describe('architecture', () => {
  for (const layer of ['src/core', 'src/cli', 'src/action']) {
    it(`${layer} imports nothing from vscode`, () => {
      const files = typeScriptFiles(path.join(REPO_ROOT, layer));
      assert.ok(files.length > 0, `${layer} has TypeScript files`);
      const offenders = files.filter((file) => VSCODE_IMPORT.test(readFileSync(file, 'utf8')));
      assert.deepEqual(offenders.map((file) => path.relative(REPO_ROOT, file)), []);
    });
  }

  it('the pattern catches every import form', () => {
    for (const line of [`import * as vscode from 'vscode';`, `import type { Uri } from "vscode";`, `const v = require('vscode');`, `await import('vscode')`, `import 'vscode';`]) {
      assert.ok(VSCODE_IMPORT.test(line), line);
    }
    assert.ok(!VSCODE_IMPORT.test(`import { x } from './vscodeLike';`));
  });

  it('the CLI bundles run without the vscode module', () => {
    for (const bundle of ['dist/cli.js', 'cli/ospo-guide.js']) {
      assert.ok(!VSCODE_IMPORT.test(readFileSync(path.join(REPO_ROOT, bundle), 'utf8')), bundle);
    }
  });
});
