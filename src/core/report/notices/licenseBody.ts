import { copyrightStatementLines } from '../../data/licenseText/normalize';

/** A license text with its copyright statements taken out: what varies per package, and what many packages share. */
export interface SplitLicenseText {
  /** The statements as written (trimmed), in text order: `Copyright (c) 2019 Jane Doe`. */
  readonly copyrights: readonly string[];
  /** The rest, lines right-trimmed, blank lines at either end dropped and runs of them made one. */
  readonly body: string;
}

/** Comment and Markdown decoration before a statement (`# Copyright…`, ` * Copyright…`), as the identifier ignores it. */
const LEADING_DECORATION = /^[\s#>*/;|=+~_-]+/;

/** "All rights reserved." on a line of its own belongs to the statement above it. */
const RIGHTS_RESERVED_LINE = /^all rights reserved\.?$/i;

/**
 * Splits a license file into its copyright statements and its terms, by the rule the license
 * identifier uses to set statements aside (`copyrightStatementLines`), so two packages' MIT files
 * that differ only in whose copyright they state have one body.
 */
export function splitLicenseText(text: string): SplitLicenseText {
  const lines = text.split(/\r\n|\r|\n/);
  const statements = new Set(copyrightStatementLines(text));
  const copyrights: string[] = [];
  const kept: string[] = [];
  let previousWasStatement = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trimEnd();
    if (statements.has(i)) {
      copyrights.push(line.replace(LEADING_DECORATION, '').trim());
      previousWasStatement = true;
      continue;
    }
    if (previousWasStatement && RIGHTS_RESERVED_LINE.test(line.trim())) {
      copyrights[copyrights.length - 1] += ` ${line.trim()}`;
      continue;
    }
    previousWasStatement = false;
    if (line === '' && (kept.length === 0 || kept[kept.length - 1] === '')) {
      continue;
    }
    kept.push(line);
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') {
    kept.pop();
  }
  return { copyrights, body: kept.join('\n') };
}
