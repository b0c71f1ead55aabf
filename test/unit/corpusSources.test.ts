import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corpusRoot } from './support/corpus';

interface SourceRow {
  readonly file: string;
  readonly blob: string;
  readonly bytes: number;
}

/** The table rows of SOURCES.md: `| \`kind/file\` | repository | \`path\` | \`commit\` | \`blob\` | bytes | via | license |`. */
function sourceRows(text: string): SourceRow[] {
  const rows: SourceRow[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 8 || !/^`[^`]+\/[^`]+`$/.test(cells[1])) {
      continue;
    }
    rows.push({ file: cells[1].slice(1, -1), blob: cells[5].replace(/`/g, ''), bytes: Number(cells[6]) });
  }
  return rows;
}

/** The id git gives a file's exact bytes: any change, a CRLF or a BOM included, changes it. */
function gitBlobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function corpusFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((folder) => readdirSync(path.join(root, folder.name)).map((file) => `${folder.name}/${file}`))
    .sort();
}

describe('the corpus is the upstream files, byte for byte (test/corpus/SOURCES.md)', () => {
  const root = corpusRoot();
  const rows = sourceRows(readFileSync(path.join(root, 'SOURCES.md'), 'utf8'));

  it('lists every file of the corpus, and only those', () => {
    assert.ok(rows.length > 0, 'SOURCES.md has no table rows');
    assert.deepEqual(rows.map((row) => row.file).sort(), corpusFiles(root));
  });

  it('has every file with the size and git blob id recorded for it', () => {
    const changed = rows.flatMap((row) => {
      const bytes = readFileSync(path.join(root, row.file));
      const blob = gitBlobId(bytes);
      return blob === row.blob && bytes.length === row.bytes ? [] : [`${row.file}: ${bytes.length} bytes, blob ${blob} (recorded: ${row.bytes} bytes, blob ${row.blob})`];
    });
    assert.deepEqual(changed, [], 'files differ from their upstream copies (line endings converted? a BOM added? edited?)');
  });
});
