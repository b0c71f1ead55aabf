import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  IDENTIFIABLE_LICENSE_IDS,
  LICENSE_FILE_NAMES,
  LICENSE_TEXT_MIN_SIMILARITY,
  MAX_LICENSE_TEXTS,
  NOTICE_MAX_CONFIDENCE,
  identifyLicenseText,
  identifyLicenseTexts,
  isLicenseFileName,
  licenseFileNameRank,
  scoreLicenseText,
} from '../../src/core/data/licenseText/identifyLicense';
import { SEGMENTS, TOKEN_WIDTH, VARIANTS, VOCABULARY } from '../../src/core/data/licenseText/licenseTemplates';
import { normalizeLicenseTokens } from '../../src/core/data/licenseText/normalize';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/data/licenseText');
const SPDX_DIR = path.join(REPO_ROOT, 'node_modules/spdx-license-list/licenses');

function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

function spdx(id: string): string {
  return (JSON.parse(fs.readFileSync(path.join(SPDX_DIR, `${id}.json`), 'utf8')) as { licenseText: string }).licenseText;
}

describe('licenseText: identifyLicenseText on real-world license files', () => {
  // [fixture, expected id, minimum confidence]
  const cases: readonly (readonly [string, string, number])[] = [
    ['mit-jane-doe.txt', 'MIT', 0.99],
    ['mit-markdown.md', 'MIT', 0.95],
    ['mit-0.txt', 'MIT-0', 0.99],
    ['isc-npm.txt', 'ISC', 0.98],
    ['0bsd.txt', '0BSD', 0.99],
    ['bsd-2-clause.txt', 'BSD-2-Clause', 0.97],
    ['bsd-3-clause-go.txt', 'BSD-3-Clause', 0.95],
    ['apache-2.0-full.txt', 'Apache-2.0', 0.99],
    ['apache-2.0-no-appendix.txt', 'Apache-2.0', 0.99],
    ['mpl-2.0.txt', 'MPL-2.0', 0.99],
    ['gpl-3.0-COPYING.txt', 'GPL-3.0-only', 0.99],
    ['lgpl-2.1.txt', 'LGPL-2.1-only', 0.99],
    ['lgpl-3.0-COPYING.LESSER.txt', 'LGPL-3.0-only', 0.99],
    ['agpl-3.0.md', 'AGPL-3.0-only', 0.99],
    ['unlicense.txt', 'Unlicense', 0.99],
    ['cc0-1.0-legalcode.txt', 'CC0-1.0', 0.99],
    ['zlib.txt', 'Zlib', 0.9],
    ['bsl-1.0.txt', 'BSL-1.0', 0.99],
  ];
  for (const [name, id, minimum] of cases) {
    it(`${name} → ${id}`, () => {
      const result = identifyLicenseText(fixture(name));
      assert.ok(result, `no match for ${name}`);
      assert.equal(result.id, id);
      assert.ok(result.confidence >= minimum && result.confidence <= 1, `confidence ${result.confidence}`);
      assert.deepEqual(identifyLicenseTexts(fixture(name)), { ids: [id], confidence: result.confidence }, 'the list form says the same');
    });
  }
});

describe('licenseText: notices (lower confidence)', () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ['Apache-2.0 short notice', fixture('apache-2.0-notice.txt'), 'Apache-2.0'],
    ['ASF source header', `Licensed to the Apache Software Foundation (ASF) under one
or more contributor license agreements.  See the NOTICE file distributed with this work for additional
information regarding copyright ownership.  The ASF licenses this file to you under the Apache License,
Version 2.0 (the "License"); you may not use this file except in compliance with the License.  You may
obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0 Unless required by applicable
law or agreed to in writing, software distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.  See the License for the
specific language governing permissions and limitations under the License.`, 'Apache-2.0'],
    ['GPL-3.0 notice with "any later version"', fixture('gpl-3.0-or-later-notice.txt'), 'GPL-3.0-or-later'],
    ['GPL-3.0 notice without "any later version"', fixture('gpl-3.0-or-later-notice.txt').replace(', either version 3 of the License, or\n(at your option) any later version.', ', version 3 of the License.'), 'GPL-3.0-only'],
    ['MPL-2.0 Exhibit A', 'This Source Code Form is subject to the terms of the Mozilla Public\nLicense, v. 2.0. If a copy of the MPL was not distributed with this\nfile, You can obtain one at https://mozilla.org/MPL/2.0/.', 'MPL-2.0'],
    ['LGPL-2.1 notice', `This library is free software; you can redistribute it and/or
modify it under the terms of the GNU Lesser General Public
License as published by the Free Software Foundation; either
version 2.1 of the License, or (at your option) any later version.

This library is distributed in the hope that it will be useful,
but WITHOUT ANY WARRANTY; without even the implied warranty of
MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
Lesser General Public License for more details.

You should have received a copy of the GNU Lesser General Public
License along with this library; if not, write to the Free Software
Foundation, Inc., 51 Franklin Street, Fifth Floor, Boston, MA  02110-1301  USA`, 'LGPL-2.1-or-later'],
  ];
  for (const [title, text, id] of cases) {
    it(`${title} → ${id} below the full-text threshold`, () => {
      const result = identifyLicenseText(text);
      assert.ok(result, 'no match');
      assert.equal(result.id, id);
      assert.ok(result.confidence <= NOTICE_MAX_CONFIDENCE && result.confidence >= 0.64, `confidence ${result.confidence}`);
      assert.ok(result.confidence < LICENSE_TEXT_MIN_SIMILARITY);
    });
  }

  it('a full license text is never reported as its notice', () => {
    assert.equal(identifyLicenseText(fixture('apache-2.0-full.txt'))?.confidence, 1);
    assert.equal(identifyLicenseText(fixture('gpl-3.0-COPYING.txt'))?.id, 'GPL-3.0-only');
  });
});

describe('licenseText: close licenses are told apart', () => {
  const mit = fixture('mit-jane-doe.txt');
  const bsd3 = fixture('bsd-3-clause-go.txt');
  const isc = fixture('isc-npm.txt');
  const cases: readonly (readonly [string, string, string | null])[] = [
    ['MIT without its condition is MIT-0', mit.replace(', subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.', '.'), 'MIT-0'],
    ['ISC without "provided that … appear in all copies" is 0BSD', isc.replace(', provided that the above\ncopyright notice and this permission notice appear in all copies.', '.'), '0BSD'],
    ['BSD-3 without clause 3 is BSD-2', bsd3.replace(/ {3}\* Neither[\s\S]*?written permission\.\n/, ''), 'BSD-2-Clause'],
    ['BSD-3 plus an advertising clause (BSD-4-Clause) → null', bsd3.replace('   * Neither', '   * All advertising materials mentioning features or use of this software\nmust display the following acknowledgement: This product includes software developed by Google.\n   * Neither'), null],
    ['MIT with "Good, not Evil" (JSON license) → null', mit.replace('copies or substantial portions of the Software.', 'copies or substantial portions of the Software.\n\nThe Software shall be used for Good, not Evil.'), null],
  ];
  for (const [title, text, id] of cases) {
    it(title, () => {
      assert.equal(identifyLicenseText(text)?.id ?? null, id);
    });
  }

  it('each supported SPDX text is identified as itself (GNU: -only; SPDX aliases with the same text allowed)', () => {
    for (const id of ['MIT', 'MIT-0', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'Apache-2.0', 'MPL-2.0', 'GPL-2.0-only', 'GPL-3.0-only', 'LGPL-2.1-only', 'LGPL-3.0-only', 'AGPL-3.0-only', 'Unlicense', 'CC0-1.0', 'Zlib', 'BSL-1.0']) {
      const result = identifyLicenseText(spdx(id));
      assert.equal(result?.id, id, id);
      assert.ok((result?.confidence ?? 0) >= 0.95, `${id}: ${result?.confidence}`);
    }
  });

  it('-or-later texts (identical to -only) are reported as -only', () => {
    for (const [id, expected] of [['GPL-2.0-or-later', 'GPL-2.0-only'], ['GPL-3.0-or-later', 'GPL-3.0-only'], ['LGPL-2.1-or-later', 'LGPL-2.1-only'], ['AGPL-3.0-or-later', 'AGPL-3.0-only']]) {
      assert.equal(identifyLicenseText(spdx(id))?.id, expected);
    }
  });

  it('no other SPDX license text is mistaken for a supported one', () => {
    // Same text as a supported license (SPDX aliases / deprecated ids).
    const sameText = new Set(['BSD-2-Clause-NetBSD', 'MPL-2.0-no-copyleft-exception']);
    const wrong: string[] = [];
    for (const file of fs.readdirSync(SPDX_DIR)) {
      const id = file.slice(0, -'.json'.length);
      const result = identifyLicenseText(spdx(id));
      if (result === null || sameText.has(id)) {
        continue;
      }
      const base = id.replace(/(-only|-or-later|\+)$/, '');
      if (result.id.replace(/(-only|-or-later)$/, '') !== base) {
        wrong.push(`${id} → ${result.id} (${result.confidence})`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('no SPDX license text is taken for several licenses, and the list form agrees with the single one', () => {
    const differ: string[] = [];
    let identified = 0;
    for (const file of fs.readdirSync(SPDX_DIR)) {
      const text = spdx(file.slice(0, -'.json'.length));
      const single = identifyLicenseText(text);
      const list = identifyLicenseTexts(text);
      identified += single === null ? 0 : 1;
      if (JSON.stringify(list) !== JSON.stringify(single === null ? null : { ids: [single.id], confidence: single.confidence })) {
        differ.push(`${file}: ${JSON.stringify(single)} / ${JSON.stringify(list)}`);
      }
    }
    assert.deepEqual(differ, []);
    assert.equal(identified, 33, 'the 17 supported licenses and their SPDX aliases (-or-later, bare GNU ids, BSD-2-Clause-NetBSD, MPL-2.0-no-copyleft-exception)');
  });
});

describe('licenseText: modified and non-license texts', () => {
  const mit = fixture('mit-jane-doe.txt');
  it('one changed word lowers the confidence but still matches', () => {
    const result = identifyLicenseText(mit.replace('merge, publish', 'merge, print'));
    assert.equal(result?.id, 'MIT');
    assert.ok(result.confidence < 1 && result.confidence >= 0.95, String(result.confidence));
  });

  const cases: readonly (readonly [string, string])[] = [
    ['MIT with an extra clause in the middle', mit.replace('The above copyright notice', 'The Software may not be used for military purposes or by any government agency.\n\nThe above copyright notice')],
    ['MIT with a restriction appended', `${mit}\nYou acknowledge that this software is not designed, licensed or intended for use in the design, construction, operation or maintenance of any nuclear facility.\n`],
    ['BSD-3 with its disclaimer removed', fixture('bsd-3-clause-go.txt').replace(/THIS SOFTWARE[\s\S]*$/, '')],
    ['GPL-3.0 with a clause replaced', spdx('GPL-3.0-only').replace(/13\. Use with the GNU Affero[\s\S]*?14\. Revised/, '13. Remote users. If you run a modified version of the Program on a server, you must offer its source code to all users interacting with it, at no charge, through a prominent link, and keep it available for three years.\n\n14. Revised')],
    ['README', fixture('README.md')],
    ['empty', ''],
    ['whitespace', ' \n\t\n '],
    ['a copyright line only', 'Copyright (c) 2019 Jane Doe'],
    ['"MIT" only', 'MIT'],
    ['oversized', `${mit}\n${'lorem ipsum '.repeat(20_000)}`],
    ['binary junk', '\u0000\u0001PK\u0003\u0004'.repeat(500)],
  ];
  for (const [title, text] of cases) {
    it(`${title} → null`, () => {
      assert.equal(identifyLicenseText(text), null);
    });
  }

  it('never throws, whatever it is given', () => {
    for (const value of [undefined, null, 42, {}, [], Symbol('x'), 'x'.repeat(300_000)]) {
      assert.equal(identifyLicenseText(value as unknown as string), null);
      assert.deepEqual(scoreLicenseText(value as unknown as string), []);
    }
  });
});

describe('licenseText: several licenses in one file', () => {
  const text = (name: string) => fixture(name);
  const list = (value: string) => identifyLicenseTexts(value)?.ids ?? null;

  // Real files (SOURCES.md): a long license beside short ones is still ≥ 90 % similar to the long one as a whole.
  it('klauspost/compress LICENSE: BSD-3-Clause, Apache-2.0 and MIT (not Apache-2.0 at 0.903)', () => {
    const found = identifyLicenseTexts(text('several-klauspost-compress.txt'));
    assert.deepEqual(found?.ids, ['BSD-3-Clause', 'Apache-2.0', 'MIT']);
    assert.ok(found.confidence >= 0.95 && found.confidence < 1, String(found.confidence));
    assert.equal(identifyLicenseText(text('several-klauspost-compress.txt')), null);
  });
  it('pelletier/go-toml LICENSE: MIT, then Apache-2.0 (not Apache-2.0 at 0.923)', () => {
    assert.deepEqual(list(text('several-pelletier-go-toml.txt')), ['MIT', 'Apache-2.0']);
    assert.equal(identifyLicenseText(text('several-pelletier-go-toml.txt')), null);
  });
  it('gopkg.in/yaml.v3 LICENSE (MIT text, then an Apache-2.0 notice): neither, rather than MIT alone', () => {
    assert.equal(identifyLicenseTexts(text('several-yaml-v3.txt')), null);
    assert.equal(identifyLicenseText(text('several-yaml-v3.txt')), null);
  });

  it('a short license before or after a long one is listed, in text order; identifyLicenseText gives none of them', () => {
    for (const [parts, ids] of [
      [['agpl-3.0.md', '0bsd.txt'], ['AGPL-3.0-only', '0BSD']],
      [['gpl-3.0-COPYING.txt', 'isc-npm.txt'], ['GPL-3.0-only', 'ISC']],
      [['mit-jane-doe.txt', 'apache-2.0-full.txt'], ['MIT', 'Apache-2.0']],
      [['apache-2.0-full.txt', 'mit-jane-doe.txt'], ['Apache-2.0', 'MIT']],
      [['apache-2.0-no-appendix.txt', 'bsd-2-clause.txt', 'mit-markdown.md'], ['Apache-2.0', 'BSD-2-Clause', 'MIT']],
      [['bsd-3-clause-go.txt', 'mpl-2.0.txt', 'unlicense.txt'], ['BSD-3-Clause', 'MPL-2.0', 'Unlicense']],
    ] as const) {
      const joined = parts.map(text).join('\n\n---\n\n');
      const found = identifyLicenseTexts(joined);
      assert.deepEqual(found?.ids, ids, parts.join(' + '));
      assert.ok(found.confidence >= LICENSE_TEXT_MIN_SIMILARITY && found.confidence <= 1, `${parts.join(' + ')}: ${found.confidence}`);
      assert.equal(identifyLicenseText(joined), null, parts.join(' + '));
    }
  });
  it('texts of similar size, where none dominates, are found too (MIT and ISC)', () => {
    const joined = `${text('mit-jane-doe.txt')}\n\n${text('isc-npm.txt')}`;
    assert.deepEqual(list(joined), ['MIT', 'ISC']);
    assert.equal(identifyLicenseText(joined), null);
    const top = scoreLicenseText(joined).filter((c) => c.kind === 'text' && c.containment >= 0.95).map((c) => c.id);
    assert.ok(top.includes('MIT') && top.includes('ISC'), top.join());
  });
  it('the LGPL-3.0 with the GPL-3.0 text beside it is the LGPL-3.0 (it amends the GPL), in either order', () => {
    for (const joined of [text('lgpl-3.0-COPYING.LESSER.txt') + text('gpl-3.0-COPYING.txt'), `${text('gpl-3.0-COPYING.txt')}\n\n${text('lgpl-3.0-COPYING.LESSER.txt')}`]) {
      assert.deepEqual(list(joined), ['LGPL-3.0-only']);
      assert.equal(identifyLicenseText(joined)?.id, 'LGPL-3.0-only');
    }
  });
  it('one license several times (per component, other copyright holders) is that license', () => {
    const joined = ['Files: a/*', text('mit-jane-doe.txt'), 'Files: b/*', text('mit-markdown.md'), 'Files: c/*', text('mit-jane-doe.txt')].join('\n\n');
    assert.deepEqual(list(joined), ['MIT']);
    assert.equal(identifyLicenseText(joined)?.id, 'MIT');
  });
  it('headers, file lists and attributions around the licenses do not count; a long license alone stays alone', () => {
    const attributed = `${text('gpl-3.0-COPYING.txt')}\n\n${Array.from({ length: 50 }, (_, index) => `note${index}`).join('\n\n')}`;
    assert.deepEqual(list(attributed), ['GPL-3.0-only'], 'the GPL’s own “How to Apply” section names the Lesser GPL: no other license');
    const notice = `${text('apache-2.0-full.txt')}\n\nThis product includes software developed by the authors listed in the AUTHORS file, who keep their copyright.\n`;
    assert.deepEqual(list(notice), ['Apache-2.0']);
  });
  it('a modified license beside a known one → null, not the known one alone', () => {
    const mit = text('mit-jane-doe.txt');
    for (const [title, other] of [
      ['a clause added inside the MIT text', mit.replace('The above copyright notice', 'The Software may not be used for military purposes or by any government agency.\n\nThe above copyright notice')],
      ['a restriction appended to the MIT text', `${mit}\nYou acknowledge that this software is not designed, licensed or intended for use in the design, construction, operation or maintenance of any nuclear facility.\n`],
      ['the BSD-3 text with an advertising clause (BSD-4-Clause)', text('bsd-3-clause-go.txt').replace('   * Neither', '   * All advertising materials mentioning features or use of this software\nmust display the following acknowledgement: This product includes software developed by Google.\n   * Neither')],
    ] as const) {
      const joined = `${text('apache-2.0-full.txt')}\n\n${other}`;
      assert.equal(identifyLicenseTexts(joined), null, title);
      assert.equal(identifyLicenseText(joined), null, title);
    }
  });
  it(`a file with more than ${MAX_LICENSE_TEXTS} texts is not read; dozens stay bounded in time`, () => {
    const many = Array.from({ length: 120 }, (_, index) => `Files: part${index}/*\n\n${text(index % 2 === 0 ? 'mit-jane-doe.txt' : 'isc-npm.txt')}`).join('\n\n');
    const start = process.hrtime.bigint();
    assert.equal(identifyLicenseTexts(many), null);
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 1000, 'bounded');
    const dozen = Array.from({ length: 12 }, (_, index) => text(['mit-jane-doe.txt', 'isc-npm.txt', 'bsd-3-clause-go.txt'][index % 3])).join('\n\n');
    assert.deepEqual(list(dozen), ['MIT', 'ISC', 'BSD-3-Clause']);
  });
});

describe('licenseText: normalisation', () => {
  it('ignores case, wrapping, quotes, dashes, markdown, list numbering and copyright lines', () => {
    const a = normalizeLicenseTokens('Copyright (c) 2019 Jane Doe\n\n1. **Permission** is “granted” — to *any* person\nobtaining a copy.');
    const b = normalizeLicenseTokens('> permission is "granted" - to any\n> person obtaining a copy');
    assert.deepEqual(a, b);
  });
  it('keeps body lines that start with "copyright" and Apache\'s "(c) You must retain"', () => {
    assert.deepEqual(normalizeLicenseTokens('reproduce the above\ncopyright notice, this list'), ['reproduce', 'the', 'above', 'copyright', 'notice', 'this', 'list']);
    assert.deepEqual(normalizeLicenseTokens('(c) You must retain'), ['you', 'must', 'retain']);
  });
  it('folds licence/license and https/http', () => {
    assert.deepEqual(normalizeLicenseTokens('Licence at https://x'), ['license', 'at', 'http', 'x']);
  });
});

describe('licenseText: template data', () => {
  it('is in sync with the generator and the normaliser (node scripts/buildLicenseTexts.mjs --check)', function () {
    this.timeout(60_000);
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/buildLicenseTexts.mjs'), '--check'], { cwd: REPO_ROOT, stdio: 'pipe' });
  });
  it('decodes to the normalised SPDX texts', () => {
    const words = VOCABULARY.split(' ');
    const mitVariant = VARIANTS.find((v) => v.id === 'MIT');
    assert.ok(mitVariant);
    const [segment, start, end] = mitVariant.parts[0];
    const encoded = SEGMENTS[segment];
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
    const tokens: string[] = [];
    for (let i = start; i < end; i++) {
      let id = 0;
      for (let c = 0; c < TOKEN_WIDTH; c++) {
        id = id * 64 + alphabet.indexOf(encoded[i * TOKEN_WIDTH + c]);
      }
      tokens.push(words[id]);
    }
    assert.deepEqual(tokens, normalizeLicenseTokens(spdx('MIT')));
  });
  it('stays small', () => {
    const size = fs.statSync(path.join(REPO_ROOT, 'src/core/data/licenseText/licenseTemplates.ts')).size;
    assert.ok(size < 120_000, `${size} bytes`);
  });
  it('covers the required licenses', () => {
    for (const id of ['MIT', 'MIT-0', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'Apache-2.0', 'MPL-2.0', 'GPL-2.0-only', 'GPL-3.0-only', 'LGPL-2.1-only', 'LGPL-3.0-only', 'AGPL-3.0-only', 'Unlicense', 'CC0-1.0', 'Zlib', 'BSL-1.0']) {
      assert.ok(IDENTIFIABLE_LICENSE_IDS.includes(id), id);
    }
  });
});

describe('licenseText: file names', () => {
  const yes = ['LICENSE', 'license', 'LICENCE', 'License.md', 'LICENSE.txt', 'LICENSE.markdown', 'LICENSE.rst', 'COPYING', 'copying.txt', 'COPYING.LESSER', 'COPYING.LIB', 'UNLICENSE', 'LICENSE-MIT', 'LICENSE_APACHE', 'LICENSE.BSD', 'LICENSE-APACHE-2.0.txt', 'MIT-LICENSE', 'MIT-LICENSE.txt', 'LICENSES.md', 'LICENSES'];
  const no = ['license.js', 'LICENSE.json', 'license.go', 'README.md', 'package.json', 'LICENSE-CHECKER.ts', 'licensed.txt', 'mylicense', '', 'COPYRIGHT.md'];
  for (const name of yes) {
    it(`${name} is a license file`, () => assert.equal(isLicenseFileName(name), true));
  }
  for (const name of no) {
    it(`${JSON.stringify(name)} is not`, () => assert.equal(isLicenseFileName(name), false));
  }
  it('ranks LICENSE above LICENSE.md above COPYING above LICENSE-MIT', () => {
    assert.ok(licenseFileNameRank('LICENSE') > licenseFileNameRank('LICENSE.md'));
    assert.ok(licenseFileNameRank('LICENSE.md') > licenseFileNameRank('COPYING'));
    assert.ok(licenseFileNameRank('COPYING') > licenseFileNameRank('LICENSE-MIT'));
  });
  it('LICENSE_FILE_NAMES are all recognised', () => {
    for (const name of LICENSE_FILE_NAMES) {
      assert.equal(isLicenseFileName(name), true, name);
    }
  });
});

describe('licenseText: speed', () => {
  function averageMs(text: string, runs: number): number {
    for (let i = 0; i < 20; i++) {
      identifyLicenseText(text);
    }
    const start = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) {
      identifyLicenseText(text);
    }
    return Number(process.hrtime.bigint() - start) / 1e6 / runs;
  }
  // Generous bounds (CI machines are shared); typical figures are far lower.
  it('a typical MIT / ISC / BSD file takes well under 1 ms after warm-up', () => {
    for (const name of ['mit-jane-doe.txt', 'isc-npm.txt', 'bsd-3-clause-go.txt']) {
      const ms = averageMs(fixture(name), 300);
      assert.ok(ms < 1, `${name}: ${ms.toFixed(3)} ms`);
    }
  });
  it('a full GPL-3.0 text takes a few milliseconds at most', () => {
    const ms = averageMs(fixture('gpl-3.0-COPYING.txt'), 30);
    assert.ok(ms < 25, `${ms.toFixed(3)} ms`);
  });
  it('a text over 200 KB is rejected without work', () => {
    const ms = averageMs('x '.repeat(150_000), 100);
    assert.ok(ms < 0.5, `${ms.toFixed(3)} ms`);
  });
});
