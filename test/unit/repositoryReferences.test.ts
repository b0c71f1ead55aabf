import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { headingAnchors, markdownLinks } from './support/markdown';
import { REPO_ROOT, ignoredPaths, projectFiles, projectText } from './support/projectFiles';

// A clone is the whole product: no file of it may point at something beside the repository or on
// the machine it was written on, and its documents may not point at files it does not have.

/** How a file is read, which decides where a path in it can be a reference. */
type FileKind =
  /** Documentation: every path in it is a reference. */
  | 'prose'
  /** Test code: its string literals are test inputs (fake home folders, hostile paths); only its comments are prose. */
  | 'test code'
  /** Fixtures and the demo workspace: copies of what tools write; only a path that climbs out of the repository counts. */
  | 'data'
  /** Everything else: the product, its scripts and configuration. */
  | 'project';

function kindOf(file: string): FileKind {
  const inData = file.startsWith('test/fixtures/') || file.startsWith('examples/');
  if (file.endsWith('.md') && (!inData || /(^|\/)(README|SOURCES)\.md$/.test(file))) {
    return 'prose';
  }
  if (inData) {
    return 'data';
  }
  return file.startsWith('test/') && /\.[cm]?[jt]s$/.test(file) ? 'test code' : 'project';
}

/** Paths that name this machine's layout, never the project's. */
const OUTSIDE: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'the shared folder beside the clone, which a clone does not have', pattern: /(?<![\w.-])(\.\.\/)+shared\b/ },
  { what: 'an absolute path on the machine it was written on', pattern: /(?<![\w.-])\/(work|tmp|var\/tmp|root|mnt|srv)\/[\w.-][\w./-]*/ },
  { what: 'a home folder', pattern: /(?<![\w.-])\/(home|Users)\/[\w.-]+/ },
  { what: 'a Windows home folder', pattern: /\b[A-Za-z]:\\+Users\\/i },
];

/** The comments of a line of JavaScript or TypeScript (a heuristic: `//` after space, or a line of a block comment). */
function commentOf(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith('//') || trimmed.startsWith('/*') || trimmed.startsWith('*')) {
    return line;
  }
  const at = line.search(/(^|\s)\/\//);
  return at === -1 ? '' : line.slice(at);
}

/**
 * The folder a relative path in a file is read from: TypeScript under src/ and test/ runs compiled,
 * from its twin folder in out/ (one level deeper), where `path.resolve(__dirname, …)` starts.
 */
function baseFolder(file: string): string {
  const folder = path.dirname(file);
  return /^(src|test)\/.*\.ts$/.test(file) ? path.join('out', folder) : folder;
}

const RELATIVE = /(?<![\w.-])(?:\.\.\/)+[\w.@-]*/g;

function leavesRepository(base: string, relative: string): boolean {
  const resolved = path.resolve(REPO_ROOT, base, relative);
  return resolved !== REPO_ROOT && !resolved.startsWith(REPO_ROOT + path.sep);
}

/** Every reference out of the repository in one file, as `file:line: what (text)`. */
function outsideReferences(file: string, text: string): string[] {
  const kind = kindOf(file);
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    const at = `${file}:${index + 1}`;
    for (const match of line.matchAll(RELATIVE)) {
      if (leavesRepository(baseFolder(file), match[0])) {
        found.push(`${at}: a relative path that leaves the repository (${match[0]})`);
      }
    }
    const prose = kind === 'prose' || kind === 'project' ? line : kind === 'test code' ? commentOf(line) : '';
    for (const { what, pattern } of OUTSIDE) {
      const match = pattern.exec(prose);
      if (match) {
        found.push(`${at}: ${what} (${match[0]})`);
      }
    }
  });
  return found;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

interface DocReference {
  readonly file: string;
  readonly line: number;
  /** As written. */
  readonly target: string;
  /** The file it names, relative to the repository. */
  readonly relative: string;
  readonly anchor?: string;
}

/** The links and the backticked repository paths of one Markdown file. */
function docReferences(file: string, text: string, topLevel: ReadonlySet<string>): DocReference[] {
  const references: DocReference[] = [];
  for (const { target, line } of markdownLinks(text)) {
    if (URL_SCHEME.test(target)) {
      continue;
    }
    const [pathPart, anchor] = target.split('#', 2);
    const relative = pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart.split('?')[0]));
    references.push({ file, line, target, relative, ...(anchor !== undefined ? { anchor } : {}) });
  }
  text.split('\n').forEach((lineText, index) => {
    for (const match of lineText.matchAll(/`([\w.-]+\/[^`\s]*)`/g)) {
      const candidate = match[1];
      // A path of this repository (its first segment is one of ours) with nothing to fill in.
      if (topLevel.has(candidate.split('/')[0]) && !/[*<>{}$…]/.test(candidate)) {
        references.push({ file, line: index + 1, target: candidate, relative: path.posix.normalize(candidate) });
      }
    }
  });
  return references;
}

describe('the repository stands alone', function () {
  const files = projectFiles();

  before(function () {
    if (files === undefined) {
      console.log('      (skipped: not a git checkout, so the project files cannot be told from the rest)');
      this.skip();
    }
  });

  // The corpus is upstream text, kept byte for byte (test/corpus/SOURCES.md).
  const scanned = (files ?? []).filter((file) => !file.startsWith('test/corpus/') && !file.startsWith('node_modules/'));

  it('has no file that refers to anything outside the repository', () => {
    const found = scanned.flatMap((file) => {
      const text = projectText(file);
      return text === undefined ? [] : outsideReferences(file, text);
    });
    assert.deepEqual(found, []);
  });

  it('has no link or repository path in its documents that leads nowhere', () => {
    const topLevel = new Set(scanned.filter((file) => file.includes('/')).map((file) => file.split('/')[0]));
    const references = scanned
      .filter((file) => kindOf(file) === 'prose')
      .flatMap((file) => {
        const text = projectText(file);
        return text === undefined ? [] : docReferences(file, text, topLevel);
      });
    const missing = references.filter((reference) => !existsSync(path.join(REPO_ROOT, reference.relative)));
    // What .gitignore names is a build output: a clone has it after building.
    const built = ignoredPaths(missing.map((reference) => reference.relative));
    const dead = missing.filter((reference) => !built.has(reference.relative)).map((reference) => `${reference.file}:${reference.line}: ${reference.target}`);
    const badAnchors = references
      .filter((reference) => reference.anchor !== undefined && reference.relative.endsWith('.md') && existsSync(path.join(REPO_ROOT, reference.relative)))
      .filter((reference) => !headingAnchors(readFileSync(path.join(REPO_ROOT, reference.relative), 'utf8')).has(reference.anchor ?? ''))
      .map((reference) => `${reference.file}:${reference.line}: ${reference.target} (no such heading)`);
    assert.ok(references.length > 0, 'found no references at all; the scan is broken');
    assert.deepEqual([...dead, ...badAnchors], []);
  });
});
