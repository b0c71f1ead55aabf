import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';
import { listFolder } from '../../dataFiles';

/** What one option line of a requirements file does to pip's list of indexes, in file order. */
export type IndexOption =
  | { readonly kind: 'index-url'; readonly value: string; readonly origin: string }
  | { readonly kind: 'extra-index-url'; readonly value: string; readonly origin: string }
  | { readonly kind: 'no-index'; readonly origin: string };

const MAX_REQUIREMENTS_BYTES = 1024 * 1024;
/** Files read per folder, nested `-r` files included. */
const MAX_FILES = 32;
const MAX_NESTING = 5;

/**
 * The options of pip's requirements files (pip docs, "Requirements File Format": "Supported
 * options"; pip's `req/req_file.py`) that choose indexes: `-i`/`--index-url`, `--extra-index-url`
 * and `--no-index`, from every `requirements*.txt` of the folder (`requirements.txt` first) and the
 * files they include with `-r`/`-c` inside `rootDir`. `${VAR}` is left as written: a repository must
 * not choose which of our environment variables go to a host it names.
 */
export async function readRequirementsIndexes(projectDir: string, rootDir: string): Promise<{ options: IndexOption[]; files: string[]; problems: string[] }> {
  const names = (await listFolder(projectDir))
    .filter((entry) => !entry.isDirectory && entry.name.startsWith('requirements') && entry.name.endsWith('.txt'))
    .map((entry) => entry.name)
    .sort((a, b) => (a === 'requirements.txt' ? -1 : b === 'requirements.txt' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const options: IndexOption[] = [];
  const files: string[] = [];
  const problems: string[] = [];
  const visited = new Set<string>();
  const readRequirements = async (file: string, depth: number): Promise<void> => {
    if (visited.has(file) || visited.size >= MAX_FILES || depth > MAX_NESTING || !isInside(file, rootDir)) {
      return;
    }
    visited.add(file);
    let bytes: Buffer | undefined;
    try {
      bytes = await readCapped(file, MAX_REQUIREMENTS_BYTES, 'requirements');
    } catch (error) {
      problems.push((error as Error).message);
      return;
    }
    if (bytes === undefined) {
      return;
    }
    files.push(file);
    const shown = path.relative(rootDir, file).split(path.sep).join('/') || path.basename(file);
    for (const line of optionLines(bytes.toString('utf8'))) {
      for (const option of lineOptions(line.text)) {
        const origin = `${shown} line ${line.number}`;
        if (option.name === 'index-url' && option.value !== undefined) {
          options.push({ kind: 'index-url', value: option.value, origin });
        } else if (option.name === 'extra-index-url' && option.value !== undefined) {
          options.push({ kind: 'extra-index-url', value: option.value, origin });
        } else if (option.name === 'no-index') {
          options.push({ kind: 'no-index', origin });
        } else if ((option.name === 'requirement' || option.name === 'constraint') && option.value !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(option.value)) {
          await readRequirements(path.resolve(path.dirname(file), option.value), depth + 1);
        }
      }
    }
  };
  for (const name of names) {
    await readRequirements(path.join(projectDir, name), 0);
  }
  return { options, files, problems };
}

/**
 * The lines that carry options, as pip's `preprocess` yields them: a line ending in `\` joined to
 * the next, comments (`#` at the start or after whitespace) removed, blank lines dropped.
 */
export function optionLines(text: string): { number: number; text: string }[] {
  const result: { number: number; text: string }[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  let pending = '';
  let pendingStart = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.endsWith('\\') && commentStart(line) < 0) {
      if (pending === '') {
        pendingStart = index + 1;
      }
      pending += line.slice(0, -1);
      continue;
    }
    const joined = pending + line;
    const number = pending === '' ? index + 1 : pendingStart;
    pending = '';
    const comment = commentStart(joined);
    const content = (comment < 0 ? joined : joined.slice(0, comment)).trim();
    if (content !== '') {
      result.push({ number, text: content });
    }
  }
  if (pending.trim() !== '') {
    result.push({ number: pendingStart, text: pending.trim() });
  }
  return result;
}

function commentStart(line: string): number {
  for (let index = line.indexOf('#'); index >= 0; index = line.indexOf('#', index + 1)) {
    if (index === 0 || line[index - 1] === ' ' || line[index - 1] === '\t') {
      return index;
    }
  }
  return -1;
}

/** pip's requirements-file options (`SUPPORTED_OPTIONS` and `SUPPORTED_OPTIONS_REQ`): the long names, and whether each takes a value. */
const LONG_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ['index-url', true],
  ['extra-index-url', true],
  ['no-index', false],
  ['constraint', true],
  ['requirement', true],
  ['editable', true],
  ['find-links', true],
  ['no-binary', true],
  ['only-binary', true],
  ['prefer-binary', false],
  ['require-hashes', false],
  ['pre', false],
  ['trusted-host', true],
  ['use-feature', true],
  ['global-option', true],
  ['hash', true],
  ['config-settings', true],
]);

const SHORT_OPTIONS: ReadonlyMap<string, string> = new Map([
  ['i', 'index-url'],
  ['c', 'constraint'],
  ['r', 'requirement'],
  ['e', 'editable'],
  ['f', 'find-links'],
  ['C', 'config-settings'],
]);

/**
 * The options of one line. As pip's `break_args_options` does, a line that starts with a
 * requirement is a requirement line whose index options pip ignores; the rest is split like
 * `shlex.split` and read like optparse does, unique prefixes of long options included.
 */
export function lineOptions(line: string): { name: string; value?: string }[] {
  const tokens = line.split(' ');
  let first = 0;
  while (first < tokens.length && !tokens[first].startsWith('-')) {
    first++;
  }
  if (tokens.slice(0, first).some((token) => token !== '')) {
    return [];
  }
  const words = shellWords(tokens.slice(first).join(' '));
  const result: { name: string; value?: string }[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (word.startsWith('--')) {
      const equals = word.indexOf('=');
      const written = word.slice(2, equals < 0 ? undefined : equals);
      const name = longOption(written);
      if (name === undefined) {
        continue;
      }
      if (LONG_OPTIONS.get(name) === true) {
        const value = equals >= 0 ? word.slice(equals + 1) : words[++index];
        result.push(value === undefined ? { name } : { name, value });
      } else {
        result.push({ name });
      }
    } else if (word.startsWith('-') && word.length >= 2) {
      const name = SHORT_OPTIONS.get(word[1]);
      if (name !== undefined) {
        const value = word.length > 2 ? word.slice(2) : words[++index];
        result.push(value === undefined ? { name } : { name, value });
      }
    }
  }
  return result;
}

function longOption(written: string): string | undefined {
  if (LONG_OPTIONS.has(written)) {
    return written;
  }
  const matches = [...LONG_OPTIONS.keys()].filter((name) => written !== '' && name.startsWith(written));
  return matches.length === 1 ? matches[0] : undefined;
}

/** `shlex.split` in POSIX mode: whitespace separates, quotes group, a backslash escapes outside single quotes. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote === "'") {
      if (char === "'") {
        quote = undefined;
      } else {
        word += char;
      }
    } else if (quote === '"') {
      if (char === '"') {
        quote = undefined;
      } else if (char === '\\' && index + 1 < text.length && (text[index + 1] === '"' || text[index + 1] === '\\')) {
        word += text[++index];
      } else {
        word += char;
      }
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < text.length) {
      word += text[++index];
      inWord = true;
    } else if (char === ' ' || char === '\t') {
      if (inWord) {
        words.push(word);
        word = '';
        inWord = false;
      }
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) {
    words.push(word);
  }
  return words;
}

function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
