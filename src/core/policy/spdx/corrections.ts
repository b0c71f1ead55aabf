// Corrections of common non-SPDX license names, as data. Keys are compared after `aliasKey`, so the
// tables can be written in the spelling people use; no regular expression is ever built from input.
import { LICENSE_IDS } from './spdxIds';

export interface CorrectedLeaf {
  readonly license: string;
  readonly plus: boolean;
  readonly exception?: string;
}

function leaf(license: string, exception?: string): CorrectedLeaf {
  return exception === undefined ? { license, plus: false } : { license, plus: false, exception };
}

/** Words that carry no meaning in a license name (`The MIT License` → `MIT`). */
export const FILLER_WORDS: ReadonlySet<string> = new Set(['the', 'license', 'licence', 'licensed', 'licenses', 'version', 'ver', 'v']);

/** Words that, after `or`, mean "or later" (`GPLv2 or later`, `… or any later version`). */
export const OR_LATER_WORDS: ReadonlySet<string> = new Set(['later', 'newer', 'greater', 'above', 'any']);

const GLUED_VERSION = /^([a-z]*?)v?(\d+(?:\.\d+)*)(\+?)$/;

/**
 * The comparison key of a license name: lower case; `-`, `_`, `/`, `,`, quotes as spaces; filler
 * words dropped; a version glued to a name split off (`gplv2` → `gpl 2`); trailing `.0` dropped
 * from versions (`2.0` → `2`); `or later` and `+` as a final `+` token.
 */
export function aliasKey(text: string): string {
  let spaced = '';
  for (const char of text.toLowerCase()) {
    spaced += char === '-' || char === '_' || char === '/' || char === ',' || char === '"' || char === "'" || char === '(' || char === ')' ? ' ' : char;
  }
  const tokens: string[] = [];
  for (const word of spaced.split(' ')) {
    if (word === '' || FILLER_WORDS.has(word)) {
      continue;
    }
    const glued = word.length <= 40 ? GLUED_VERSION.exec(word) : null;
    if (glued) {
      if (glued[1] !== '' && !FILLER_WORDS.has(glued[1])) {
        tokens.push(glued[1]);
      }
      let version = glued[2];
      while (version.endsWith('.0')) {
        version = version.slice(0, -2);
      }
      tokens.push(version);
      if (glued[3] === '+') {
        tokens.push('+');
      }
    } else if (word.endsWith('+') && word.length > 1) {
      tokens.push(word.slice(0, -1), '+');
    } else {
      tokens.push(word);
    }
  }
  // `or later`, `or any later`, `or newer` at the end → `+`.
  const or = tokens.lastIndexOf('or');
  if (or > 0 && or < tokens.length - 1 && tokens.slice(or + 1).every((token) => OR_LATER_WORDS.has(token))) {
    tokens.splice(or, tokens.length - or, '+');
  }
  return tokens.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Deprecated SPDX ids → current form.

const GNU_DEPRECATED: readonly (readonly [string, string])[] = [
  ['GPL-1.0', 'GPL-1.0'],
  ['GPL-2.0', 'GPL-2.0'],
  ['GPL-3.0', 'GPL-3.0'],
  ['LGPL-2.0', 'LGPL-2.0'],
  ['LGPL-2.1', 'LGPL-2.1'],
  ['LGPL-3.0', 'LGPL-3.0'],
  ['AGPL-1.0', 'AGPL-1.0'],
  ['AGPL-3.0', 'AGPL-3.0'],
  ['GFDL-1.1', 'GFDL-1.1'],
  ['GFDL-1.2', 'GFDL-1.2'],
  ['GFDL-1.3', 'GFDL-1.3'],
];

/**
 * Deprecated id → current form. The `-with-…-exception` ids follow their base (`GPL-2.0` meant
 * "version 2 only"), so `GPL-2.0-with-classpath-exception` → `GPL-2.0-only WITH Classpath-exception-2.0`.
 * `Net-SNMP` has no one-to-one replacement and is left as written (the parser still accepts it).
 */
export const DEPRECATED_REPLACEMENTS: ReadonlyMap<string, CorrectedLeaf> = new Map<string, CorrectedLeaf>([
  ...GNU_DEPRECATED.map(([id, base]) => [id, leaf(`${base}-only`)] as const),
  ['GPL-2.0-with-classpath-exception', leaf('GPL-2.0-only', 'Classpath-exception-2.0')],
  ['GPL-2.0-with-GCC-exception', leaf('GPL-2.0-only', 'GCC-exception-2.0')],
  ['GPL-2.0-with-autoconf-exception', leaf('GPL-2.0-only', 'Autoconf-exception-2.0')],
  ['GPL-2.0-with-bison-exception', leaf('GPL-2.0-only', 'Bison-exception-2.2')],
  ['GPL-2.0-with-font-exception', leaf('GPL-2.0-only', 'Font-exception-2.0')],
  ['GPL-3.0-with-GCC-exception', leaf('GPL-3.0-only', 'GCC-exception-3.1')],
  ['GPL-3.0-with-autoconf-exception', leaf('GPL-3.0-only', 'Autoconf-exception-3.0')],
  ['BSD-2-Clause-FreeBSD', leaf('BSD-2-Clause-Views')],
  ['BSD-2-Clause-NetBSD', leaf('BSD-2-Clause')],
  ['StandardML-NJ', leaf('SMLNJ')],
  ['Nunit', leaf('zlib-acknowledgement')],
  ['bzip2-1.0.5', leaf('bzip2-1.0.6')],
  ['eCos-2.0', leaf('GPL-2.0-or-later', 'eCos-exception-2.0')],
  ['wxWindows', leaf('GPL-2.0-or-later', 'WxWindows-exception-3.1')],
]);

// ---------------------------------------------------------------------------------------------
// Common names → SPDX.

/** GNU family names (as people write them) and the versions each has. */
const GNU_FAMILIES: readonly { names: readonly string[]; versions: readonly (readonly [string, string])[] }[] = [
  {
    names: ['GPL', 'GNU GPL', 'GNU General Public License', 'General Public License'],
    versions: [['1', 'GPL-1.0'], ['2', 'GPL-2.0'], ['3', 'GPL-3.0']],
  },
  {
    names: ['LGPL', 'GNU LGPL', 'GNU Lesser General Public License', 'Lesser General Public License', 'GNU Library General Public License', 'Library General Public License', 'GNU Lesser GPL', 'Lesser GPL'],
    versions: [['2', 'LGPL-2.0'], ['2.1', 'LGPL-2.1'], ['3', 'LGPL-3.0']],
  },
  {
    names: ['AGPL', 'GNU AGPL', 'GNU Affero General Public License', 'Affero General Public License', 'Affero GPL'],
    versions: [['1', 'AGPL-1.0'], ['3', 'AGPL-3.0']],
  },
  {
    names: ['GFDL', 'GNU FDL', 'FDL', 'GNU Free Documentation License', 'Free Documentation License'],
    versions: [['1.1', 'GFDL-1.1'], ['1.2', 'GFDL-1.2'], ['1.3', 'GFDL-1.3']],
  },
];

/** Other names → id. Only names that denote exactly one SPDX license. */
const NAMED_ALIASES: readonly (readonly [string, readonly string[]])[] = [
  ['MIT', ['Expat', 'MIT Expat', 'MIT/Expat']],
  ['Apache-2.0', ['Apache 2', 'Apache 2.0', 'Apache Software License 2.0', 'Apache Software 2.0', 'ASL 2.0', 'ASF 2.0', 'AL 2.0', 'Apache Public License 2.0']],
  ['Apache-1.1', ['Apache 1.1', 'Apache Software License 1.1']],
  ['Apache-1.0', ['Apache 1.0', 'Apache Software License 1.0']],
  ['BSD-3-Clause', ['BSD 3-Clause', '3-Clause BSD', 'BSD 3', 'BSD-3', 'New BSD', 'BSD New', 'Modified BSD', 'Revised BSD', 'BSD Three Clause', 'Three Clause BSD', 'BSD 3-Clause "New" or "Revised" License', 'BSD 3-Clause New', 'BSD 3-Clause Revised']],
  ['BSD-2-Clause', ['BSD 2-Clause', '2-Clause BSD', 'BSD 2', 'BSD-2', 'Simplified BSD', 'BSD Simplified', 'BSD Two Clause', 'Two Clause BSD', 'BSD 2-Clause "Simplified" License', 'BSD 2-Clause Simplified']],
  ['0BSD', ['Zero-Clause BSD', 'BSD Zero Clause', 'BSD 0-Clause', '0-Clause BSD']],
  ['MPL-2.0', ['MPL 2', 'MPL 2.0', 'Mozilla Public License 2.0', 'Mozilla Public 2.0', 'Mozilla 2.0']],
  ['MPL-1.1', ['MPL 1.1', 'Mozilla Public License 1.1']],
  ['MPL-1.0', ['MPL 1.0', 'Mozilla Public License 1.0']],
  ['EPL-2.0', ['EPL 2', 'EPL 2.0', 'Eclipse Public License 2.0', 'Eclipse 2.0']],
  ['EPL-1.0', ['EPL 1', 'EPL 1.0', 'Eclipse Public License 1.0', 'Eclipse 1.0']],
  ['EUPL-1.2', ['EUPL 1.2', 'European Union Public License 1.2']],
  ['EUPL-1.1', ['EUPL 1.1', 'European Union Public License 1.1']],
  ['CDDL-1.0', ['CDDL 1.0', 'Common Development and Distribution License 1.0']],
  ['CC0-1.0', ['CC0', 'CC 0', 'CC0 1.0', 'CC0 1.0 Universal', 'CC Zero', 'Creative Commons Zero', 'Creative Commons Zero v1.0 Universal', 'CC0 Public Domain Dedication']],
  ['CC-BY-4.0', ['CC BY 4.0', 'Creative Commons Attribution 4.0', 'Creative Commons Attribution 4.0 International']],
  ['CC-BY-3.0', ['CC BY 3.0', 'Creative Commons Attribution 3.0']],
  ['CC-BY-SA-4.0', ['CC BY-SA 4.0', 'CC BY SA 4.0', 'Creative Commons Attribution-ShareAlike 4.0', 'Creative Commons Attribution Share Alike 4.0 International']],
  ['CC-BY-SA-3.0', ['CC BY-SA 3.0', 'CC BY SA 3.0', 'Creative Commons Attribution-ShareAlike 3.0']],
  ['Unlicense', ['Unlicense', 'The Unlicense', 'Unlicense.org']],
  ['WTFPL', ['WTFPL', 'Do What The F*ck You Want To Public License']],
  ['PSF-2.0', ['Python Software Foundation License', 'Python Software Foundation', 'PSF', 'PSFL', 'PSF License', 'Python Software Foundation License 2.0', 'PSF 2.0']],
  ['Zlib', ['zlib/libpng', 'zlib libpng', 'zlib License']],
  ['BSL-1.0', ['Boost', 'Boost Software License', 'Boost Software License 1.0', 'Boost 1.0', 'BSL 1.0']],
  ['Artistic-2.0', ['Artistic 2.0', 'Artistic License 2.0']],
  ['Artistic-1.0', ['Artistic 1.0', 'Artistic License 1.0']],
  ['ISC', ['ISC License', 'ISC License (ISCL)', 'ISCL']],
  ['MIT-0', ['MIT No Attribution', 'MIT-0', 'MIT 0']],
  ['Python-2.0', ['Python License 2.0', 'Python 2.0']],
  ['OFL-1.1', ['SIL Open Font License 1.1', 'OFL 1.1', 'SIL OFL 1.1']],
  ['UPL-1.0', ['Universal Permissive License 1.0', 'UPL 1.0', 'UPL']],
  // Names found in PyPI core metadata (`License:`), each checked against Debian's debian/copyright
  // for the same distribution (bookworm python3-* packages):
  // `ZPL 2.1`: zope.proxy 4.5.0, zope.deprecation 4.4.0, zc.customdoctests 1.0.1 (Debian: Zope-2.1).
  ['ZPL-2.1', ['ZPL 2.1', 'Zope Public License 2.1']],
  // `CeCILL V2`: guiqwt 4.3.1 (Debian: CeCILLv2); version 2 alone is 2.0, as `GPL 2` is (2.1 is a separate license).
  ['CECILL-2.0', ['CeCILL 2', 'CeCILL 2.0']],
  // `Eclipse Distribution License v1.0`: paho-mqtt 1.6.1, as the alternative to EPL (Debian:
  // EPL-1.0 or BSD-3-Clause). SPDX lists no EDL-1.0: its text is BSD-3-Clause, whose SPDX entry
  // cites the EDL page.
  ['BSD-3-Clause', ['Eclipse Distribution License 1.0', 'EDL 1.0']],
];

function buildAliases(): ReadonlyMap<string, CorrectedLeaf> {
  const map = new Map<string, CorrectedLeaf>();
  const add = (name: string, target: CorrectedLeaf): void => {
    if (!LICENSE_IDS.has(target.license)) {
      return; // never map to an id the installed list does not know
    }
    const key = aliasKey(name);
    if (key !== '' && !map.has(key)) {
      map.set(key, target);
    }
  };
  for (const family of GNU_FAMILIES) {
    for (const name of family.names) {
      for (const [version, base] of family.versions) {
        const only = leaf(`${base}-only`);
        const later = leaf(`${base}-or-later`);
        add(`${name} ${version}`, only);
        add(`${name} ${version} only`, only);
        add(`${name} ${version}+`, later);
        add(`${name} ${version} or later`, later);
      }
    }
  }
  for (const [id, names] of NAMED_ALIASES) {
    for (const name of names) {
      add(name, leaf(id));
    }
  }
  return map;
}

/** `aliasKey(name)` → SPDX leaf. */
export const LICENSE_ALIASES: ReadonlyMap<string, CorrectedLeaf> = buildAliases();

/**
 * Spellings of the operators besides `AND`/`OR`/`WITH` in any case. `-or-`: sniffio 1.2.0 writes
 * `License: MIT -or- Apache License 2.0` (Debian: Apache-2.0 or Expat).
 */
export const OPERATOR_ALIASES: ReadonlyMap<string, 'AND' | 'OR' | 'WITH'> = new Map([
  ['-or-', 'OR'],
] as const);

/**
 * The key of a license URL: lower case, without `http://`/`https://`, `www.` and a trailing `/`
 * (the same document whichever way it is reached). Nothing else is dropped: only URLs in the table
 * below are read, exactly.
 */
export function urlKey(url: string): string | undefined {
  const lower = url.trim().toLowerCase();
  const scheme = lower.startsWith('https://') ? 'https://' : lower.startsWith('http://') ? 'http://' : undefined;
  if (scheme === undefined || lower.includes(' ')) {
    return undefined;
  }
  let rest = lower.slice(scheme.length);
  if (rest.startsWith('www.')) {
    rest = rest.slice('www.'.length);
  }
  while (rest.endsWith('/')) {
    rest = rest.slice(0, -1);
  }
  return rest === '' ? undefined : rest;
}

/**
 * License URLs written where a license name belongs, each the address of exactly one license text.
 * A GNU license URL yields the `-only` id: the text does not say "or later" (the same reading as
 * a GNU license text identified from a file).
 */
const URL_ALIASES: readonly (readonly [spdx: string, urls: readonly string[]])[] = [
  // stomper 0.4.3 `License:` (Debian: Apache-2.0).
  ['Apache-2.0', ['http://www.apache.org/licenses/LICENSE-2.0']],
  // debiancontributors 0.7.8 `License:` (Debian: LGPL-3+).
  ['LGPL-3.0-only', ['http://www.gnu.org/licenses/lgpl-3.0.html']],
];

function buildUrlAliases(): ReadonlyMap<string, CorrectedLeaf> {
  const map = new Map<string, CorrectedLeaf>();
  for (const [id, urls] of URL_ALIASES) {
    for (const url of urls) {
      const key = urlKey(url);
      if (key !== undefined && LICENSE_IDS.has(id) && !map.has(key)) {
        map.set(key, leaf(id));
      }
    }
  }
  return map;
}

/** `urlKey(url)` → SPDX leaf. */
export const LICENSE_URL_ALIASES: ReadonlyMap<string, CorrectedLeaf> = buildUrlAliases();

/** `aliasKey(name)` → exception id, for the text after `WITH`. */
export const EXCEPTION_ALIASES: ReadonlyMap<string, string> = new Map(
  ([
    ['Classpath', 'Classpath-exception-2.0'],
    ['Classpath exception', 'Classpath-exception-2.0'],
    ['Classpath exception 2.0', 'Classpath-exception-2.0'],
    ['GNU Classpath exception', 'Classpath-exception-2.0'],
    ['LLVM exception', 'LLVM-exception'],
    ['LLVM', 'LLVM-exception'],
  ] as const).map(([name, id]) => [aliasKey(name), id] as const),
);

/**
 * Names that several SPDX licenses share (`BSD`, `GPL` without a version, `Apache` …): never
 * guessed. Keys after `aliasKey`.
 */
export const AMBIGUOUS_NAMES: ReadonlySet<string> = new Set(
  [
    'BSD', 'BSD License', 'BSD-like', 'BSD style', 'GPL', 'GNU GPL', 'GNU General Public License', 'LGPL', 'GNU LGPL',
    'GNU Lesser General Public License', 'AGPL', 'GNU Affero General Public License', 'GFDL', 'Apache', 'Apache License',
    'Apache Software License', 'ASL', 'MPL', 'Mozilla Public License', 'EPL', 'Eclipse Public License', 'EUPL', 'CC BY', 'CC BY-SA',
    'Creative Commons', 'Artistic', 'Artistic License', 'GPL+', 'LGPL+', 'CDDL', 'OSI Approved', 'Dual License', 'Other', 'Custom',
  ].map(aliasKey),
);

/** Not licenses in the SPDX sense (and not "no data" either): left unknown, with this message. */
export const NOT_SPDX_NAMES: ReadonlyMap<string, string> = new Map(
  ([
    ['Public Domain', '“Public Domain” is not an SPDX license; ask the OSPO how to treat it'],
    ['Proprietary', '“Proprietary” is not an SPDX license; the terms are unknown'],
    ['Commercial', '“Commercial” is not an SPDX license; the terms are unknown'],
    ['Freeware', '“Freeware” is not an SPDX license; the terms are unknown'],
  ] as const).map(([name, message]) => [aliasKey(name), message] as const),
);
