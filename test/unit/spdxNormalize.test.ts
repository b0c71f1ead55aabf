import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_LICENSE_EXPRESSION_LENGTH,
  normalizeLicense,
  type LicenseCorrectionKind,
  type LicenseProblemKind,
} from '../../src/core/policy/spdx/normalizeLicense';

interface Case {
  input: string;
  expected: string | null;
  /** Kinds of correction that must be reported (exactly these, in any order, duplicates ignored). */
  kinds?: LicenseCorrectionKind[];
  problem?: LicenseProblemKind;
}

const cases: Case[] = [
  // Valid SPDX: unchanged, nothing reported.
  { input: 'MIT', expected: 'MIT', kinds: [] },
  { input: 'Apache-2.0', expected: 'Apache-2.0', kinds: [] },
  { input: '  MIT  ', expected: 'MIT', kinds: [] },
  { input: 'MIT OR Apache-2.0', expected: 'MIT OR Apache-2.0', kinds: [] },
  { input: '(MIT OR Apache-2.0)', expected: 'MIT OR Apache-2.0', kinds: [] },
  { input: '((((MIT))))', expected: 'MIT', kinds: [] },
  { input: 'MIT AND (BSD-3-Clause OR ISC)', expected: 'MIT AND (BSD-3-Clause OR ISC)', kinds: [] },
  { input: 'MIT OR Apache-2.0 AND BSD-3-Clause', expected: 'MIT OR (Apache-2.0 AND BSD-3-Clause)', kinds: [] },
  { input: '(MIT OR Apache-2.0) AND BSD-3-Clause', expected: '(MIT OR Apache-2.0) AND BSD-3-Clause', kinds: [] },
  { input: 'MIT OR (ISC OR 0BSD)', expected: 'MIT OR ISC OR 0BSD', kinds: [] },
  { input: 'GPL-2.0-only WITH Classpath-exception-2.0', expected: 'GPL-2.0-only WITH Classpath-exception-2.0', kinds: [] },
  { input: 'Apache-2.0 WITH LLVM-exception OR MIT', expected: 'Apache-2.0 WITH LLVM-exception OR MIT', kinds: [] },
  { input: 'Apache-2.0+', expected: 'Apache-2.0+', kinds: [] },
  { input: 'GPL-3.0-or-later', expected: 'GPL-3.0-or-later', kinds: [] },
  { input: 'MIT or ISC', expected: 'MIT OR ISC', kinds: [] },
  { input: 'MIT\tOR\nISC', expected: 'MIT OR ISC', kinds: [] },
  { input: '"MIT"', expected: 'MIT', kinds: [] },
  // LicenseRef and DocumentRef: kept as written.
  { input: 'LicenseRef-acme-internal', expected: 'LicenseRef-acme-internal', kinds: [] },
  { input: 'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2', expected: 'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2', kinds: [] },
  { input: 'MIT OR LicenseRef-acme', expected: 'MIT OR LicenseRef-acme', kinds: [] },
  { input: 'licenseref-acme', expected: 'LicenseRef-acme', kinds: ['case'] },
  // Case.
  { input: 'mit', expected: 'MIT', kinds: ['case'] },
  { input: 'apache-2.0', expected: 'Apache-2.0', kinds: ['case'] },
  { input: 'wtfpl', expected: 'WTFPL', kinds: ['case'] },
  { input: 'bsd-3-clause', expected: 'BSD-3-Clause', kinds: ['case'] },
  { input: 'GPL-2.0-only WITH classpath-exception-2.0', expected: 'GPL-2.0-only WITH Classpath-exception-2.0', kinds: ['case'] },
  // Operators.
  { input: 'MIT Or ISC', expected: 'MIT OR ISC', kinds: ['operator'] },
  { input: 'mit And Isc', expected: 'MIT AND ISC', kinds: ['case', 'operator'] },
  { input: 'mit or apache-2.0', expected: 'MIT OR Apache-2.0', kinds: ['case'] },
  // Separators (npm style dual licensing).
  { input: 'MIT/Apache-2.0', expected: 'MIT OR Apache-2.0', kinds: ['separator'] },
  { input: 'MIT / Apache-2.0', expected: 'MIT OR Apache-2.0', kinds: ['separator'] },
  { input: 'MIT, Apache-2.0', expected: 'MIT OR Apache-2.0', kinds: ['separator'] },
  { input: '(MIT/ISC)', expected: 'MIT OR ISC', kinds: ['separator'] },
  { input: 'MIT/Apache-2.0 AND ISC', expected: null, problem: 'ambiguous' },
  // Common names.
  { input: 'Apache 2.0', expected: 'Apache-2.0', kinds: ['alias'] },
  { input: 'Apache License 2.0', expected: 'Apache-2.0', kinds: ['alias'] },
  { input: 'Apache License, Version 2.0', expected: 'Apache-2.0', kinds: ['alias'] },
  { input: 'Apache-2', expected: 'Apache-2.0', kinds: ['alias'] },
  { input: 'Apache2', expected: 'Apache-2.0', kinds: ['alias'] },
  { input: 'MIT License', expected: 'MIT', kinds: ['alias'] },
  { input: 'The MIT License', expected: 'MIT', kinds: ['alias'] },
  { input: 'MIT License (MIT)', expected: 'MIT', kinds: ['alias'] },
  { input: 'BSD 3-Clause', expected: 'BSD-3-Clause', kinds: ['alias'] },
  { input: 'New BSD', expected: 'BSD-3-Clause', kinds: ['alias'] },
  { input: 'BSD 3-Clause "New" or "Revised" License', expected: 'BSD-3-Clause', kinds: ['alias'] },
  { input: 'Simplified BSD', expected: 'BSD-2-Clause', kinds: ['alias'] },
  { input: 'GPLv2', expected: 'GPL-2.0-only', kinds: ['alias'] },
  { input: 'GPL v3', expected: 'GPL-3.0-only', kinds: ['alias'] },
  { input: 'GPL-3', expected: 'GPL-3.0-only', kinds: ['alias'] },
  { input: 'GPLv3+', expected: 'GPL-3.0-or-later', kinds: ['alias'] },
  { input: 'GPLv2 or later', expected: 'GPL-2.0-or-later', kinds: ['alias'] },
  { input: 'GNU General Public License v2 or later (GPLv2+)', expected: 'GPL-2.0-or-later', kinds: ['alias'] },
  { input: 'GNU Lesser General Public License v3 or any later version', expected: 'LGPL-3.0-or-later', kinds: ['alias'] },
  { input: 'LGPLv2.1', expected: 'LGPL-2.1-only', kinds: ['alias'] },
  { input: 'AGPLv3', expected: 'AGPL-3.0-only', kinds: ['alias'] },
  { input: 'MPL 2.0', expected: 'MPL-2.0', kinds: ['alias'] },
  { input: 'Mozilla Public License 2.0', expected: 'MPL-2.0', kinds: ['alias'] },
  { input: 'ISC License', expected: 'ISC', kinds: ['alias'] },
  { input: 'CC0', expected: 'CC0-1.0', kinds: ['alias'] },
  { input: 'CC0 1.0 Universal', expected: 'CC0-1.0', kinds: ['alias'] },
  { input: 'Unlicense', expected: 'Unlicense', kinds: [] },
  { input: 'The Unlicense', expected: 'Unlicense', kinds: ['alias'] },
  { input: 'WTFPL', expected: 'WTFPL', kinds: [] },
  { input: 'Python Software Foundation License', expected: 'PSF-2.0', kinds: ['alias'] },
  { input: 'Zlib', expected: 'Zlib', kinds: [] },
  { input: 'zlib/libpng', expected: 'Zlib', kinds: ['alias'] },
  { input: 'Boost', expected: 'BSL-1.0', kinds: ['alias'] },
  { input: 'Boost Software License 1.0', expected: 'BSL-1.0', kinds: ['alias'] },
  { input: 'EPL 2.0', expected: 'EPL-2.0', kinds: ['alias'] },
  { input: 'Eclipse Public License 1.0', expected: 'EPL-1.0', kinds: ['alias'] },
  { input: 'Apache License, Version 2.0 OR MIT', expected: 'Apache-2.0 OR MIT', kinds: ['alias'] },
  { input: 'MIT License / Apache 2.0', expected: 'MIT OR Apache-2.0', kinds: ['alias', 'separator'] },
  { input: 'GPL-2.0 with Classpath exception', expected: 'GPL-2.0-only WITH Classpath-exception-2.0', kinds: ['deprecated', 'alias'] },
  // Deprecated ids.
  { input: 'GPL-1.0', expected: 'GPL-1.0-only', kinds: ['deprecated'] },
  { input: 'GPL-2.0', expected: 'GPL-2.0-only', kinds: ['deprecated'] },
  { input: 'GPL-3.0', expected: 'GPL-3.0-only', kinds: ['deprecated'] },
  { input: 'GPL-2.0+', expected: 'GPL-2.0-or-later', kinds: ['or-later'] },
  { input: 'GPL-3.0+', expected: 'GPL-3.0-or-later', kinds: ['or-later'] },
  { input: 'GPL-2.0-only+', expected: 'GPL-2.0-or-later', kinds: ['or-later'] },
  { input: 'LGPL-2.0', expected: 'LGPL-2.0-only', kinds: ['deprecated'] },
  { input: 'LGPL-2.1', expected: 'LGPL-2.1-only', kinds: ['deprecated'] },
  { input: 'LGPL-2.1+', expected: 'LGPL-2.1-or-later', kinds: ['or-later'] },
  { input: 'LGPL-3.0', expected: 'LGPL-3.0-only', kinds: ['deprecated'] },
  { input: 'AGPL-1.0', expected: 'AGPL-1.0-only', kinds: ['deprecated'] },
  { input: 'AGPL-3.0', expected: 'AGPL-3.0-only', kinds: ['deprecated'] },
  { input: 'GFDL-1.1', expected: 'GFDL-1.1-only', kinds: ['deprecated'] },
  { input: 'GFDL-1.2', expected: 'GFDL-1.2-only', kinds: ['deprecated'] },
  { input: 'GFDL-1.3+', expected: 'GFDL-1.3-or-later', kinds: ['or-later'] },
  { input: 'gpl-2.0', expected: 'GPL-2.0-only', kinds: ['deprecated'] },
  { input: 'GPL-2.0-with-classpath-exception', expected: 'GPL-2.0-only WITH Classpath-exception-2.0', kinds: ['deprecated'] },
  { input: 'GPL-2.0-with-GCC-exception', expected: 'GPL-2.0-only WITH GCC-exception-2.0', kinds: ['deprecated'] },
  { input: 'GPL-2.0-with-autoconf-exception', expected: 'GPL-2.0-only WITH Autoconf-exception-2.0', kinds: ['deprecated'] },
  { input: 'GPL-2.0-with-bison-exception', expected: 'GPL-2.0-only WITH Bison-exception-2.2', kinds: ['deprecated'] },
  { input: 'GPL-2.0-with-font-exception', expected: 'GPL-2.0-only WITH Font-exception-2.0', kinds: ['deprecated'] },
  { input: 'GPL-3.0-with-GCC-exception', expected: 'GPL-3.0-only WITH GCC-exception-3.1', kinds: ['deprecated'] },
  { input: 'GPL-3.0-with-autoconf-exception', expected: 'GPL-3.0-only WITH Autoconf-exception-3.0', kinds: ['deprecated'] },
  { input: 'GPL-2.0-with-classpath-exception OR MIT', expected: 'GPL-2.0-only WITH Classpath-exception-2.0 OR MIT', kinds: ['deprecated'] },
  { input: 'GPL-3.0+ WITH GCC-exception-3.1', expected: 'GPL-3.0-or-later WITH GCC-exception-3.1', kinds: ['or-later'] },
  { input: 'MIT AND GPL-2.0', expected: 'MIT AND GPL-2.0-only', kinds: ['deprecated'] },
  { input: 'BSD-2-Clause-NetBSD', expected: 'BSD-2-Clause', kinds: ['deprecated'] },
  { input: 'StandardML-NJ', expected: 'SMLNJ', kinds: ['deprecated'] },
  // No data and not-a-license.
  { input: '', expected: null, problem: 'empty' },
  { input: '   ', expected: null, problem: 'empty' },
  { input: 'NOASSERTION', expected: null, problem: 'noassertion' },
  { input: 'NONE', expected: null, problem: 'none' },
  { input: 'UNLICENSED', expected: null, problem: 'unlicensed' },
  { input: 'SEE LICENSE IN LICENSE.md', expected: null, problem: 'see-license' },
  { input: 'Public Domain', expected: null, problem: 'not-spdx' },
  // Ambiguous names are not guessed.
  { input: 'BSD', expected: null, problem: 'ambiguous' },
  { input: 'BSD License', expected: null, problem: 'ambiguous' },
  { input: 'GPL', expected: null, problem: 'ambiguous' },
  { input: 'Apache', expected: null, problem: 'ambiguous' },
  // Garbage.
  { input: 'garbage!', expected: null, problem: 'unparseable' },
  { input: 'MIT AND', expected: null, problem: 'unparseable' },
  { input: 'MIT OR OR ISC', expected: null, problem: 'unparseable' },
  { input: '(MIT', expected: null, problem: 'unparseable' },
  { input: 'MIT)', expected: null, problem: 'unparseable' },
  { input: 'MIT ISC', expected: null, problem: 'unparseable' },
  { input: 'ORApache-2.0', expected: null, problem: 'unparseable' },
  { input: 'MIT WITH Nonexistent-exception', expected: null, problem: 'unparseable' },
  { input: 'Classpath-exception-2.0', expected: null, problem: 'unparseable' },
  { input: 'LicenseRef-', expected: null, problem: 'unparseable' },
  { input: '__proto__', expected: null, problem: 'unparseable' },
  { input: 'constructor', expected: null, problem: 'unparseable' },
];

describe('normalizeLicense', () => {
  for (const testCase of cases) {
    it(`${JSON.stringify(testCase.input)} → ${testCase.expected ?? testCase.problem}`, () => {
      const result = normalizeLicense(testCase.input);
      assert.equal(result.expression, testCase.expected);
      if (testCase.expected === null) {
        assert.equal(result.tree, null);
        if (testCase.problem !== undefined) {
          assert.equal(result.problem?.kind, testCase.problem);
        }
        assert.ok((result.problem?.message.length ?? 0) > 0);
      } else {
        assert.notEqual(result.tree, null);
        assert.equal(result.problem, undefined);
      }
      if (testCase.kinds !== undefined) {
        assert.deepEqual([...new Set(result.corrections.map((correction) => correction.kind))].sort(), [...new Set(testCase.kinds)].sort());
      }
      for (const correction of result.corrections) {
        assert.ok(correction.message.length > 0);
      }
    });
  }

  it('names what it corrected', () => {
    const result = normalizeLicense('Apache 2.0');
    assert.equal(result.corrections.length, 1);
    assert.equal(result.corrections[0].from, 'Apache 2.0');
    assert.equal(result.corrections[0].to, 'Apache-2.0');
    assert.match(result.corrections[0].message, /Apache 2\.0.*Apache-2\.0/);
  });

  it('refuses over-long text without parsing it', () => {
    const result = normalizeLicense(`MIT${' OR MIT'.repeat(MAX_LICENSE_EXPRESSION_LENGTH)}`);
    assert.equal(result.expression, null);
    assert.equal(result.problem?.kind, 'too-long');
  });

  it('refuses deep nesting without recursing', () => {
    const result = normalizeLicense(`${'('.repeat(500)}MIT${')'.repeat(500)}`);
    assert.equal(result.expression, null);
    assert.equal(result.problem?.kind, 'too-deep');
  });

  it('handles a long flat chain quickly', () => {
    const text = Array.from({ length: 280 }, (_, i) => (i % 2 === 0 ? 'MIT' : 'ISC')).join(' OR ');
    const started = Date.now();
    const result = normalizeLicense(text);
    assert.ok(Date.now() - started < 1000);
    assert.equal(result.tree?.type, 'or');
  });

  it('takes non-strings as no data', () => {
    for (const value of [null, undefined, 42, {}, ['MIT']]) {
      assert.equal(normalizeLicense(value).problem?.kind, 'empty');
    }
  });

  it('never throws, and its output is stable SPDX', () => {
    const pieces = ['MIT', 'mit', 'Apache 2.0', 'GPL-2.0+', 'OR', 'and', 'WITH', 'Classpath-exception-2.0', '(', ')', '/', ',', 'LicenseRef-x', '+', 'BSD', 'License', ' ', '\u0000', 'é'];
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join(' ')));
    fc.assert(
      fc.property(text, (input) => {
        const result = normalizeLicense(input);
        if (result.expression !== null) {
          const again = normalizeLicense(result.expression);
          assert.equal(again.expression, result.expression);
          assert.deepEqual(again.corrections, []);
        }
      }),
      { numRuns: 500 },
    );
  });
});
