// Turns a license string as found in package metadata into a valid SPDX expression where that is
// unambiguous, and says what it corrected. Never throws.
import parseSpdx from 'spdx-expression-parse';
import {
  aliasKey,
  AMBIGUOUS_NAMES,
  DEPRECATED_REPLACEMENTS,
  EXCEPTION_ALIASES,
  FILLER_WORDS,
  LICENSE_ALIASES,
  LICENSE_URL_ALIASES,
  NOT_SPDX_NAMES,
  OPERATOR_ALIASES,
  OR_LATER_WORDS,
  urlKey,
  type CorrectedLeaf,
} from './corrections';
import { combineLicenseNodes, leafText, serializeLicenseNode, type LicenseLeafNode, type LicenseNode } from './licenseTree';
import {
  DEPRECATED_LICENSE_IDS,
  DEPRECATED_LICENSE_IDS_BY_LOWER_CASE,
  EXCEPTION_IDS,
  EXCEPTION_IDS_BY_LOWER_CASE,
  LICENSE_IDS,
  LICENSE_IDS_BY_LOWER_CASE,
} from './spdxIds';

/** Longer license texts are not parsed (they are not expressions, and parsing must stay cheap). */
export const MAX_LICENSE_EXPRESSION_LENGTH = 2000;
/** Deeper parenthesis nesting is refused (keeps every recursion shallow). */
export const MAX_LICENSE_NESTING = 32;

export type LicenseCorrectionKind = 'alias' | 'case' | 'deprecated' | 'operator' | 'separator' | 'or-later';

export interface LicenseCorrection {
  readonly kind: LicenseCorrectionKind;
  /** The text as written. */
  readonly from: string;
  /** What it was read as. */
  readonly to: string;
  /** Plain English, e.g. "“Apache 2.0” read as Apache-2.0". */
  readonly message: string;
}

/**
 * Why there is no expression:
 * `empty` (no data), `noassertion`, `none`, `unlicensed` (npm: no license granted),
 * `see-license` (`SEE LICENSE IN <file>`), `not-spdx` (e.g. `Public Domain`), `ambiguous`
 * (e.g. `BSD`), `unparseable`, `too-long`, `too-deep`.
 */
export type LicenseProblemKind =
  | 'empty'
  | 'noassertion'
  | 'none'
  | 'unlicensed'
  | 'see-license'
  | 'not-spdx'
  | 'ambiguous'
  | 'unparseable'
  | 'too-long'
  | 'too-deep';

export interface LicenseProblem {
  readonly kind: LicenseProblemKind;
  readonly message: string;
}

export type NormalizedLicense =
  | {
      /** A valid SPDX expression in canonical form. */
      readonly expression: string;
      readonly tree: LicenseNode;
      readonly corrections: readonly LicenseCorrection[];
      readonly problem?: undefined;
    }
  | {
      readonly expression: null;
      readonly tree: null;
      readonly corrections: readonly LicenseCorrection[];
      readonly problem: LicenseProblem;
    };

// ---------------------------------------------------------------------------------------------

function quote(text: string): string {
  return `“${text.length > 80 ? `${text.slice(0, 77)}…` : text}”`;
}

function failure(kind: LicenseProblemKind, message: string, corrections: readonly LicenseCorrection[] = []): NormalizedLicense {
  return { expression: null, tree: null, corrections, problem: { kind, message } };
}

type Resolution = { readonly leaf: CorrectedLeaf; readonly corrections: LicenseCorrection[] } | { readonly error: LicenseProblem };

function resolved(leaf: CorrectedLeaf, corrections: LicenseCorrection[] = []): Resolution {
  return { leaf, corrections };
}

const LICENSE_REF = /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/;
const LICENSE_REF_ANY_CASE = /^(?:documentref-([A-Za-z0-9.-]+):)?licenseref-([A-Za-z0-9.-]+)$/i;

/** `GPL-2.0-only` → `GPL-2.0-or-later`, else the `+` form, for a license written with `+`. */
function withOrLater(leaf: CorrectedLeaf): CorrectedLeaf {
  if (leaf.plus || leaf.license.endsWith('-or-later')) {
    return leaf;
  }
  if (leaf.license.endsWith('-only')) {
    const later = `${leaf.license.slice(0, -'-only'.length)}-or-later`;
    if (LICENSE_IDS.has(later)) {
      return { ...leaf, license: later };
    }
  }
  const later = `${leaf.license}-or-later`;
  if (LICENSE_IDS.has(later)) {
    return { ...leaf, license: later };
  }
  return { ...leaf, plus: true };
}

/** One word that should be an SPDX id (exact, deprecated, other case, `LicenseRef-…`, with `+`). */
function resolveIdWord(word: string, allowPlus = true): Resolution | null {
  if (LICENSE_IDS.has(word)) {
    return resolved({ license: word, plus: false });
  }
  if (LICENSE_REF.test(word)) {
    return resolved({ license: word, plus: false });
  }
  const deprecated = DEPRECATED_LICENSE_IDS.has(word) ? word : undefined;
  if (deprecated !== undefined) {
    const replacement = DEPRECATED_REPLACEMENTS.get(deprecated);
    if (replacement === undefined) {
      return resolved({ license: deprecated, plus: false }); // still valid, nothing better to offer
    }
    const to = leafText(replacement);
    return resolved(replacement, [{ kind: 'deprecated', from: word, to, message: `${word} is a deprecated SPDX id; read as ${to}` }]);
  }
  const lower = word.toLowerCase();
  const current = LICENSE_IDS_BY_LOWER_CASE.get(lower);
  if (current !== undefined) {
    return resolved({ license: current, plus: false }, [{ kind: 'case', from: word, to: current, message: `${quote(word)} read as ${current} (SPDX ids are case-sensitive)` }]);
  }
  const deprecatedOtherCase = DEPRECATED_LICENSE_IDS_BY_LOWER_CASE.get(lower);
  if (deprecatedOtherCase !== undefined) {
    const replacement = DEPRECATED_REPLACEMENTS.get(deprecatedOtherCase) ?? { license: deprecatedOtherCase, plus: false };
    const to = leafText(replacement);
    return resolved(replacement, [{ kind: 'deprecated', from: word, to, message: `${quote(word)} read as ${to} (case corrected${to === deprecatedOtherCase ? '' : ', deprecated id replaced'})` }]);
  }
  const ref = LICENSE_REF_ANY_CASE.exec(word);
  if (ref) {
    const to = ref[1] === undefined ? `LicenseRef-${ref[2]}` : `DocumentRef-${ref[1]}:LicenseRef-${ref[2]}`;
    return resolved({ license: to, plus: false }, [{ kind: 'case', from: word, to, message: `${quote(word)} read as ${to}` }]);
  }
  if (allowPlus && word.length > 1 && word.endsWith('+')) {
    const base = resolveIdWord(word.slice(0, -1), false);
    if (base !== null && 'leaf' in base && !base.leaf.license.startsWith('LicenseRef-') && !base.leaf.license.startsWith('DocumentRef-')) {
      const leaf = withOrLater(base.leaf);
      const to = leafText(leaf);
      if (leaf.plus && base.corrections.length === 0) {
        return resolved(leaf); // `Apache-2.0+`: valid SPDX as written
      }
      return resolved(leaf, [{ kind: 'or-later', from: word, to, message: `${quote(word)} read as ${to}` }]);
    }
  }
  return null;
}

/** A run of words with no operator: an id, or a name such as `Apache License, Version 2.0`. */
function resolveLicensePhrase(words: readonly string[]): Resolution {
  const text = words.join(' ');
  if (words.length === 1) {
    const direct = resolveIdWord(words[0]);
    if (direct !== null) {
      return direct;
    }
  }
  const meaningful = words.filter((word) => !FILLER_WORDS.has(word.toLowerCase()));
  if (meaningful.length === 1 && meaningful.length !== words.length) {
    const direct = resolveIdWord(meaningful[0]);
    if (direct !== null && 'leaf' in direct) {
      const to = leafText(direct.leaf);
      return resolved(direct.leaf, [{ kind: 'alias', from: text, to, message: `${quote(text)} read as ${to}` }]);
    }
  }
  const key = aliasKey(text);
  const alias = LICENSE_ALIASES.get(key);
  if (alias !== undefined) {
    const to = leafText(alias);
    return resolved(alias, [{ kind: 'alias', from: text, to, message: `${quote(text)} read as ${to}` }]);
  }
  const notSpdx = NOT_SPDX_NAMES.get(key);
  if (notSpdx !== undefined) {
    return { error: { kind: 'not-spdx', message: notSpdx } };
  }
  if (AMBIGUOUS_NAMES.has(key)) {
    return { error: { kind: 'ambiguous', message: `${quote(text)} names several SPDX licenses, so it is not guessed` } };
  }
  return { error: { kind: 'unparseable', message: `${quote(text)} is not a known SPDX license id or license name` } };
}

function resolveExceptionPhrase(words: readonly string[]): { id: string; corrections: LicenseCorrection[] } | null {
  const text = words.join(' ');
  if (words.length === 1 && EXCEPTION_IDS.has(text)) {
    return { id: text, corrections: [] };
  }
  const byCase = words.length === 1 ? EXCEPTION_IDS_BY_LOWER_CASE.get(text.toLowerCase()) : undefined;
  const id = byCase ?? EXCEPTION_ALIASES.get(aliasKey(text));
  if (id === undefined) {
    return null;
  }
  return { id, corrections: [{ kind: byCase === undefined ? 'alias' : 'case', from: text, to: id, message: `${quote(text)} read as ${id}` }] };
}

// ---------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { readonly type: '(' | ')' }
  | { readonly type: 'op'; readonly op: 'AND' | 'OR' | 'WITH'; readonly text: string }
  | { readonly type: 'sep'; readonly text: '/' | ',' }
  | { readonly type: 'word'; readonly text: string };

const OPERATORS: ReadonlyMap<string, 'AND' | 'OR' | 'WITH'> = new Map([
  ['and', 'AND'],
  ['or', 'OR'],
  ['with', 'WITH'],
] as const);

function tokenize(text: string): Token[] | LicenseProblem {
  const tokens: Token[] = [];
  let word = '';
  let depth = 0;
  const flush = (): void => {
    if (word === '') {
      return;
    }
    const op = OPERATORS.get(word.toLowerCase()) ?? OPERATOR_ALIASES.get(word.toLowerCase());
    tokens.push(op === undefined ? { type: 'word', text: word } : { type: 'op', op, text: word });
    word = '';
  };
  for (const char of text) {
    if (char === ' ') {
      flush();
    } else if (char === '(' || char === ')') {
      flush();
      depth += char === '(' ? 1 : -1;
      if (depth > MAX_LICENSE_NESTING) {
        return { kind: 'too-deep', message: `the license expression nests parentheses more than ${MAX_LICENSE_NESTING} deep` };
      }
      tokens.push({ type: char });
    } else if (char === '/' || char === ',') {
      flush();
      tokens.push({ type: 'sep', text: char });
    } else {
      word += char;
    }
  }
  flush();
  // `or later`, `or any later version`: part of the name, not the operator.
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i];
    const next = tokens[i + 1];
    if (token.type === 'op' && token.op === 'OR' && next.type === 'word' && OR_LATER_WORDS.has(next.text.toLowerCase()) && i > 0 && tokens[i - 1].type === 'word') {
      tokens[i] = { type: 'word', text: token.text };
    }
  }
  return tokens;
}

type Item =
  | { readonly type: '(' | ')' }
  | { readonly type: 'op'; readonly op: 'AND' | 'OR' | 'WITH'; readonly text: string }
  | { readonly type: 'sep'; readonly text: '/' | ',' }
  | { readonly type: 'phrase'; words: string[] };

function group(tokens: readonly Token[]): Item[] {
  const items: Item[] = [];
  for (const token of tokens) {
    const last = items[items.length - 1];
    if (token.type === 'word') {
      if (last !== undefined && last.type === 'phrase') {
        last.words.push(token.text);
      } else {
        items.push({ type: 'phrase', words: [token.text] });
      }
    } else {
      items.push(token);
    }
  }
  return items;
}

// ---------------------------------------------------------------------------------------------

function toTree(node: parseSpdx.Node, depth: number): LicenseNode | null {
  if (depth > 4 * MAX_LICENSE_NESTING + MAX_LICENSE_EXPRESSION_LENGTH) {
    return null;
  }
  if ('license' in node && typeof node.license === 'string') {
    const leaf: LicenseLeafNode =
      typeof node.exception === 'string'
        ? { type: 'leaf', license: node.license, plus: node.plus === true, exception: node.exception }
        : { type: 'leaf', license: node.license, plus: node.plus === true };
    return leaf;
  }
  if ('conjunction' in node && (node.conjunction === 'and' || node.conjunction === 'or')) {
    // Right-nested chains are walked iteratively so a long `A OR B OR …` stays shallow.
    const parts: LicenseNode[] = [];
    let current: parseSpdx.Node = node;
    const conjunction = node.conjunction;
    while ('conjunction' in current && current.conjunction === conjunction) {
      const left = toTree(current.left, depth + 1);
      if (left === null) {
        return null;
      }
      parts.push(left);
      current = current.right;
    }
    const last = toTree(current, depth + 1);
    if (last === null) {
      return null;
    }
    parts.push(last);
    return combineLicenseNodes(conjunction, parts);
  }
  return null;
}

/** Parses canonical SPDX text with spdx-expression-parse; null when it is not valid. */
export function parseSpdxExpression(expression: string): LicenseNode | null {
  if (expression.length > MAX_LICENSE_EXPRESSION_LENGTH * 2) {
    return null;
  }
  try {
    return toTree(parseSpdx(expression), 0);
  } catch {
    return null;
  }
}

function cleanUp(text: string): string {
  let out = '';
  let space = false;
  for (const char of text) {
    const code = char.charCodeAt(0);
    const isSpace = code <= 0x20 || code === 0x7f || code === 0xa0 || code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0x2000 && code <= 0x200b) || code === 0x3000;
    if (isSpace) {
      space = out !== '';
    } else {
      if (space) {
        out += ' ';
        space = false;
      }
      out += char;
    }
  }
  if (out.length >= 2 && (out[0] === '"' || out[0] === "'") && out[out.length - 1] === out[0]) {
    out = out.slice(1, -1).trim();
  }
  return out;
}

function fromLeaf(resolution: Resolution): NormalizedLicense | null {
  if (!('leaf' in resolution)) {
    return null;
  }
  const tree: LicenseLeafNode =
    resolution.leaf.exception === undefined
      ? { type: 'leaf', license: resolution.leaf.license, plus: resolution.leaf.plus }
      : { type: 'leaf', license: resolution.leaf.license, plus: resolution.leaf.plus, exception: resolution.leaf.exception };
  // Validate with the parser too, so a table entry can never produce invalid SPDX.
  const parsed = parseSpdxExpression(leafText(tree));
  if (parsed === null) {
    return null;
  }
  return { expression: serializeLicenseNode(parsed), tree: parsed, corrections: resolution.corrections };
}

function dedupe(corrections: readonly LicenseCorrection[]): LicenseCorrection[] {
  const seen = new Set<string>();
  return corrections.filter((correction) => {
    if (seen.has(correction.message)) {
      return false;
    }
    seen.add(correction.message);
    return true;
  });
}

/**
 * Normalizes a license string from package metadata. Returns the canonical SPDX expression and
 * its tree, or `expression: null` with the problem. Never throws, whatever the input.
 */
export function normalizeLicense(input: unknown): NormalizedLicense {
  if (typeof input !== 'string') {
    return failure('empty', 'no license information');
  }
  if (input.length > MAX_LICENSE_EXPRESSION_LENGTH) {
    return failure('too-long', `the license text is too long to be an SPDX expression (${input.length} characters)`);
  }
  const text = cleanUp(input);
  if (text === '') {
    return failure('empty', 'no license information');
  }
  const upper = text.toUpperCase();
  if (upper === 'NOASSERTION') {
    return failure('noassertion', 'the license is NOASSERTION (not stated)');
  }
  if (upper === 'NONE') {
    return failure('none', 'the license is NONE (no license stated)');
  }
  if (upper === 'UNLICENSED') {
    return failure('unlicensed', 'the package is UNLICENSED (no license granted; all rights reserved)');
  }
  if (upper === 'UNKNOWN') {
    return failure('empty', 'the license is UNKNOWN');
  }
  if (upper.startsWith('SEE LICENSE IN')) {
    const file = text.slice('SEE LICENSE IN'.length).trim();
    return failure('see-license', file === '' ? 'the license is in a file of the package, not stated as SPDX' : `the license is in ${quote(file)}, not stated as SPDX`);
  }

  // A web address where a name belongs: only the exact addresses of one license text are read.
  const url = urlKey(text);
  if (url !== undefined) {
    const target = LICENSE_URL_ALIASES.get(url);
    const result = target === undefined ? null : fromLeaf(resolved(target, [{ kind: 'alias', from: text, to: leafText(target), message: `${quote(text)} read as ${leafText(target)}` }]));
    return result ?? failure('unparseable', `${quote(text)} is a web address, not one known to name exactly one license`);
  }

  // One word (`MIT`, `mit`, `GPL-2.0+`, `Apache-2`): resolved on its own.
  let singleWord = true;
  for (const char of text) {
    if (char === ' ' || char === '(' || char === ')' || char === '/' || char === ',') {
      singleWord = false;
      break;
    }
  }
  if (singleWord) {
    return normalizeTokens(text);
  }

  // A whole-string name (`Apache License, Version 2.0`, `BSD 3-Clause "New" or "Revised" License`).
  const whole = LICENSE_ALIASES.get(aliasKey(text));
  if (whole !== undefined) {
    const to = leafText(whole);
    const result = fromLeaf(resolved(whole, [{ kind: 'alias', from: text, to, message: `${quote(text)} read as ${to}` }]));
    if (result !== null) {
      return result;
    }
  }

  // `Name (ID)`, as in `MIT License (MIT)` or `GNU General Public License v2 or later (GPLv2+)`:
  // accepted when both halves say the same.
  const open = text.lastIndexOf('(');
  if (open > 0 && text.endsWith(')') && text.indexOf('(') === open && text.indexOf(')') === text.length - 1) {
    const outer = resolveLicensePhrase(text.slice(0, open).trim().split(' '));
    const inner = resolveLicensePhrase(text.slice(open + 1, -1).trim().split(' '));
    if ('leaf' in outer && 'leaf' in inner && leafText(outer.leaf) === leafText(inner.leaf)) {
      const to = leafText(outer.leaf);
      const result = fromLeaf(resolved(outer.leaf, [{ kind: 'alias', from: text, to, message: `${quote(text)} read as ${to}` }]));
      if (result !== null) {
        return result;
      }
    }
  }

  return normalizeTokens(text);
}

function normalizeTokens(text: string): NormalizedLicense {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) {
    return failure(tokens.kind, tokens.message);
  }
  const items = group(tokens);
  const corrections: LicenseCorrection[] = [];
  const hasSeparator = items.some((item) => item.type === 'sep');
  if (hasSeparator && items.some((item) => item.type === 'op' && item.op === 'AND')) {
    return failure('ambiguous', `${quote(text)} mixes “/” or “,” with AND; which licenses go together is not guessed`);
  }

  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    switch (item.type) {
      case '(':
      case ')':
        parts.push(item.type);
        break;
      case 'op':
        parts.push(item.op);
        // SPDX accepts all-upper or all-lower operators; `Or` is corrected, `or` is just canonicalised.
        if (item.text !== item.op && item.text !== item.op.toLowerCase()) {
          corrections.push({ kind: 'operator', from: item.text, to: item.op, message: `operator “${item.text}” read as ${item.op}` });
        }
        break;
      case 'sep':
        parts.push('OR');
        corrections.push({ kind: 'separator', from: item.text, to: 'OR', message: `“${item.text}” between licenses read as OR (a choice of licenses)` });
        break;
      case 'phrase': {
        const previous = items[i - 1];
        if (previous !== undefined && previous.type === 'op' && previous.op === 'WITH') {
          const exception = resolveExceptionPhrase(item.words);
          if (exception === null) {
            return failure('unparseable', `${quote(item.words.join(' '))} is not a known SPDX license exception`, dedupe(corrections));
          }
          corrections.push(...exception.corrections);
          parts.push(exception.id);
          break;
        }
        let resolution = resolveLicensePhrase(item.words);
        // `Apache License, Version 2.0` inside a longer text: the comma belongs to the name.
        const separator = items[i + 1];
        const following = items[i + 2];
        if (separator !== undefined && separator.type === 'sep' && separator.text === ',' && following !== undefined && following.type === 'phrase') {
          const alone = 'leaf' in resolution && 'leaf' in resolveLicensePhrase(following.words);
          if (!alone) {
            const merged = resolveLicensePhrase([...item.words, ...following.words]);
            if ('leaf' in merged) {
              resolution = merged;
              i += 2;
            }
          }
        }
        if (!('leaf' in resolution)) {
          return failure(resolution.error.kind, resolution.error.message, dedupe(corrections));
        }
        corrections.push(...resolution.corrections);
        const text = leafText(resolution.leaf);
        parts.push(resolution.leaf.exception === undefined ? text : `(${text})`);
        break;
      }
    }
  }
  const tree = parseSpdxExpression(parts.join(' '));
  if (tree === null) {
    return failure('unparseable', `${quote(text)} is not a valid SPDX license expression`, dedupe(corrections));
  }
  return { expression: serializeLicenseNode(tree), tree, corrections: dedupe(corrections) };
}
