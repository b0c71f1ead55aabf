import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * The only files allowed to call a file-reading API. Every other reader goes through
 * src/core/files/boundedReader.ts, so a FIFO, a device, a link loop or a huge file is refused the
 * same way everywhere.
 */
const ALLOWED = new Set([
  // The common reader itself.
  'src/core/files/boundedReader.ts',
  // Non-`file:` URIs (remote, virtual workspaces) have no descriptor to check: read through
  // vscode.workspace.fs after a size check by stat; `file:` URIs go to the common reader.
  'src/extension/workspaceFiles.ts',
]);

/** A call or reference to an API that reads a file's content (or opens it for reading). */
const READ_API = /\b(?:readFileSync|readFile|createReadStream|openSync|readSync|readvSync|openAsBlob|opendirSync)\b|\b(?:fs|promises|fsPromises)\s*\.\s*(?:open|read|readv)\b/;
/** `import { open, read } from 'node:fs'` and the like: names that read, imported bare. */
const FS_IMPORT = /import\s*\{([^}]*)\}\s*from\s*['"](?:node:)?fs(?:\/promises)?['"]/g;
const READING_NAMES = new Set(['open', 'read', 'readv', 'readFile', 'readFileSync', 'createReadStream', 'openSync', 'readSync', 'readvSync', 'openAsBlob']);
/** `require('fs')` or `import('fs')`: whatever follows cannot be seen by name. */
const DYNAMIC_FS = /(?:require|import)\s*\(\s*['"](?:node:)?fs(?:\/promises)?['"]\s*\)/;

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The reading calls of one source text, as `line: text` strings. */
function readersIn(text: string): string[] {
  const found: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
    if (READ_API.test(code) || DYNAMIC_FS.test(code)) {
      found.push(`${index + 1}: ${line.trim()}`);
    }
  });
  for (const match of text.matchAll(FS_IMPORT)) {
    const names = match[1].split(',').map((name) => name.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]);
    for (const name of names.filter((each) => READING_NAMES.has(each))) {
      found.push(`import of ${name}`);
    }
  }
  return found;
}

describe('every file reader goes through the bounded reader', () => {
  it('no file in src/ outside the allowlist calls a file-reading API', () => {
    const files = typeScriptFiles(path.join(REPO_ROOT, 'src'));
    assert.ok(files.length > 100, 'the scan sees the sources');
    const offenders: string[] = [];
    for (const file of files) {
      const relative = path.relative(REPO_ROOT, file).split(path.sep).join('/');
      if (!ALLOWED.has(relative)) {
        offenders.push(...readersIn(readFileSync(file, 'utf8')).map((reader) => `${relative}:${reader}`));
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('every allowlisted file exists and reads (the allowlist holds no dead entry)', () => {
    for (const relative of ALLOWED) {
      assert.ok(readersIn(readFileSync(path.join(REPO_ROOT, relative), 'utf8')).length > 0, relative);
    }
  });

  it('the scan catches each way of reading a file', () => {
    for (const line of [
      `const text = await readFile(file, 'utf8');`,
      `const text = readFileSync(file, 'utf8');`,
      `const bytes = await vscode.workspace.fs.readFile(uri);`,
      `const handle = await fs.open(file, 'r');`,
      `fs.read(fd, buffer, 0, 10, 0, done);`,
      `const stream = createReadStream(file);`,
      `const fd = openSync(file, 'r');`,
      `readSync(fd, buffer);`,
      `import { open } from 'node:fs/promises';`,
      `import { read as readBytes, stat } from 'fs';`,
      `const fs = require('fs');`,
      `const { readFile: r } = await import('node:fs/promises');`,
    ]) {
      assert.ok(readersIn(line).length > 0, line);
    }
    for (const line of [`import { stat, writeFile } from 'node:fs/promises';`, `const read = await readBoundedText(file, limits);`, `// readFile is not used here`, `reader.read(file)`]) {
      assert.deepEqual(readersIn(line), [], line);
    }
  });
});
