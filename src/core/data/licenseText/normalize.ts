/**
 * Normalisation of license texts into word tokens, shared by the runtime matcher
 * (`identifyLicense.ts`) and the generator (`scripts/buildLicenseTexts.mjs`, which transpiles
 * and runs this very file so the precomputed templates and the input go through identical
 * steps).
 *
 * Loosely follows the SPDX matching guidelines: case, whitespace, punctuation, quote and dash
 * styles, bullets / list numbering, markdown decoration, copyright statements and a few
 * spelling variants (licence/license, https/http) do not matter.
 *
 * Only fixed regular expressions are used; nothing is built from the input. Keep this file free
 * of imports: the generator evaluates it stand-alone.
 */

/** Texts longer than this are not license files (the longest supported text is ~42 KB). */
export const MAX_LICENSE_TEXT_LENGTH = 200_000;

/** Spelling variants folded onto one form (after lower-casing and tokenising). */
const WORD_EQUIVALENTS: ReadonlyMap<string, string> = new Map([
  ['licence', 'license'],
  ['licences', 'licenses'],
  ['licenced', 'licensed'],
  ['licencing', 'licensing'],
  ['https', 'http'],
  ['acknowledgement', 'acknowledgment'],
  ['noninfringement', 'non'], // followed by "infringement" below
]);

/** Longer lines are paragraphs that happen to start with "Copyright", not statements. */
const MAX_STATEMENT_LENGTH = 300;

/**
 * A copyright statement: "Copyright (c) 2019 Jane Doe", "© 2020 Acme", "(c) 2020 Acme",
 * "Copyright <year> <owner>". Statements carry a year, a © / (c) or a template placeholder; a
 * short line that forms a paragraph of its own, or follows another statement ("Copyright Joyent,
 * Inc. and other Node contributors."), is one too. Body text that merely wraps onto a line
 * starting with "copyright", and list items "(c) You must retain…", are not.
 */
function looksLikeCopyrightStatement(line: string, ownParagraph: boolean, afterStatement: boolean): boolean {
  if (line.length > MAX_STATEMENT_LENGTH) {
    return false;
  }
  if (line.startsWith('©') || line.startsWith('(c)')) {
    return /^(?:©|\(c\))\s*(?:[0-9]|copyright|<|\[|\{)/.test(line);
  }
  if (!line.startsWith('copyright')) {
    return false;
  }
  return /[0-9©<[{]|\(c\)/.test(line) || ((ownParagraph || afterStatement) && line.length <= 100);
}

/** Leading comment / markdown / box decoration: `#`, `>`, `*`, `//`, `;`, `|`, `=`… */
const LEADING_DECORATION = /^[\s#>*/;|=+~_-]+/;

/**
 * List markers anywhere (re-wrapped text puts them mid-line): `1.`, `2.1.`, `(a)`, `a)`, `b.`, `iv)`.
 * Only whole whitespace-delimited markers; "e.g." or "3a" are untouched.
 */
const LIST_MARKER = /(^|\s)(?:\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)|\d{1,2}(?:\.\d{1,2})*\.|[a-z]\.)(?=\s|$)/g;

/** Markdown link targets: keep "[text]", drop "(https://…)". */
const MARKDOWN_LINK_TARGET = /\]\([^)\s]{0,500}\)/g;

/** "All rights reserved." is part of the copyright statement, not of the license. */
const ALL_RIGHTS_RESERVED = /all rights reserved\.?/g;

/** Everything that is not a letter or digit separates words (quotes, dashes, punctuation…). */
const NON_WORD = /[^a-z0-9]+/;

/** A template's blank for the year or the holder: `Copyright [yyyy] [name of copyright owner]` is part of the license, not a statement. */
const PLACEHOLDER = /[[<{](?:yyyy|year|name of copyright owner|copyright holders?|owner|author|fullname|name)[\]>}]/;

/**
 * Indexes of the lines of `text` (split at any line ending) that `normalizeLicenseTokens` drops as
 * copyright statements, template placeholders excepted: the lines a notices document lists per
 * package while it prints the license text once for every package that ships it.
 */
export function copyrightStatementLines(text: string): number[] {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_LICENSE_TEXT_LENGTH) {
    return [];
  }
  const lines = text.toLowerCase().split(/\r\n|\r|\n/).map((line) => line.replace(LEADING_DECORATION, '').trimEnd());
  const found: number[] = [];
  let afterStatement = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length === 0) {
      afterStatement = false;
      continue;
    }
    const ownParagraph = (i === 0 || lines[i - 1].length === 0) && (i + 1 >= lines.length || lines[i + 1].length === 0);
    afterStatement = looksLikeCopyrightStatement(line, ownParagraph, afterStatement);
    if (afterStatement && !PLACEHOLDER.test(line)) {
      found.push(i);
    }
  }
  return found;
}

/**
 * Lower-case word tokens of `text`, copyright statements removed. Returns `[]` for an empty or
 * oversized text. Never throws for string input.
 */
export function normalizeLicenseTokens(text: string): string[] {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_LICENSE_TEXT_LENGTH) {
    return [];
  }
  const lines = text.toLowerCase().split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    lines[i] = lines[i].replace(LEADING_DECORATION, '').trimEnd();
  }
  const kept: string[] = [];
  let afterStatement = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length === 0) {
      kept.push('');
      afterStatement = false;
      continue;
    }
    const first = line.charCodeAt(0);
    // Cheap pre-check: statements start with "c", "(" or "©".
    if (first === 0x63 || first === 0x28 || first === 0xa9) {
      const ownParagraph = (i === 0 || lines[i - 1].length === 0) && (i + 1 >= lines.length || lines[i + 1].length === 0);
      afterStatement = looksLikeCopyrightStatement(line, ownParagraph, afterStatement);
    } else {
      afterStatement = false;
    }
    if (!afterStatement) {
      kept.push(line);
    }
  }
  let joined = kept.join('\n');
  if (joined.includes('](')) {
    joined = joined.replace(MARKDOWN_LINK_TARGET, ']');
  }
  if (joined.includes('all rights reserved')) {
    joined = joined.replace(ALL_RIGHTS_RESERVED, ' ');
  }
  joined = joined.replace(LIST_MARKER, '$1');
  const tokens: string[] = [];
  for (const raw of joined.split(NON_WORD)) {
    if (raw.length === 0) {
      continue;
    }
    const word = WORD_EQUIVALENTS.get(raw);
    if (word === undefined) {
      tokens.push(raw);
    } else {
      tokens.push(word);
      if (raw === 'noninfringement') {
        tokens.push('infringement');
      }
    }
  }
  return tokens;
}
