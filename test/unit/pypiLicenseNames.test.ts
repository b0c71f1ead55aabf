import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { classifiersNameOneLicense, classifierToSpdx, licenseFromMetadata, parseCoreMetadata, resolvePypi } from '../../src/core/data/pypi';
import type { ResolverResult } from '../../src/core/data/types';
import { normalizeLicense, type LicenseCorrectionKind, type LicenseProblemKind } from '../../src/core/policy/spdx/normalizeLicense';
import { packageNamed } from './support/resolvedPackages';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/pypi');
const OPTIONS = { home: path.join(FIXTURES, 'no-home'), env: {} };

/**
 * `License:` values as real distributions write them (Debian bookworm python3-* packages, compared
 * with the license their debian/copyright gives), and what the normalizer makes of them.
 */
const NAMES: readonly {
  readonly value: string;
  readonly expected: string | null;
  readonly kinds?: readonly LicenseCorrectionKind[];
  readonly problem?: LicenseProblemKind;
  readonly seenIn: string;
}[] = [
  // Mapped: the name says one license.
  { value: 'ZPL 2.1', expected: 'ZPL-2.1', kinds: ['alias'], seenIn: 'zope.proxy 4.5.0, zope.deprecation 4.4.0, zc.customdoctests 1.0.1 (Debian: Zope-2.1)' },
  { value: 'CeCILL V2', expected: 'CECILL-2.0', kinds: ['alias'], seenIn: 'guiqwt 4.3.1 (Debian: CeCILLv2)' },
  { value: 'MIT -or- Apache License 2.0', expected: 'MIT OR Apache-2.0', kinds: ['operator', 'alias'], seenIn: 'sniffio 1.2.0 (Debian: Apache-2.0 or Expat)' },
  {
    value: 'Eclipse Public License v2.0 / Eclipse Distribution License v1.0',
    expected: 'EPL-2.0 OR BSD-3-Clause',
    kinds: ['alias', 'separator'],
    seenIn: 'paho-mqtt 1.6.1 (Debian: EPL-1.0 or BSD-3-Clause; the metadata names EPL v2.0)',
  },
  { value: 'http://www.apache.org/licenses/LICENSE-2.0', expected: 'Apache-2.0', kinds: ['alias'], seenIn: 'stomper 0.4.3 (Debian: Apache-2.0)' },
  { value: 'https://www.apache.org/licenses/LICENSE-2.0/', expected: 'Apache-2.0', kinds: ['alias'], seenIn: 'the same address over https, with a trailing slash' },
  { value: 'http://www.gnu.org/licenses/lgpl-3.0.html', expected: 'LGPL-3.0-only', kinds: ['alias'], seenIn: 'debiancontributors 0.7.8 (Debian: LGPL-3+)' },
  // Already read before this table existed; kept so they stay read.
  { value: 'LGPL V2.1', expected: 'LGPL-2.1-only', seenIn: 'prelude 5.2.0 (Debian: LGPL-2.1+)' },
  { value: 'GNU GPLv2 or any later version', expected: 'GPL-2.0-or-later', seenIn: 'cram 0.7' },
  { value: 'GNU LGPL v3', expected: 'LGPL-3.0-only', seenIn: 'iowait 0.1' },
  { value: 'Apache License 2.0', expected: 'Apache-2.0', seenIn: 'thrift 0.17.0 (Debian: Apache-2.0)' },
  { value: 'GPLv2', expected: 'GPL-2.0-only', seenIn: 'txZMQ 0.8.0' },
  // Not guessed: the name fits several licenses.
  { value: 'BSD', expected: null, problem: 'ambiguous', seenIn: '83 of 568 distributions, e.g. mpmath 1.3.0 (BSD-3-clause), aionotify 0.2.0 (BSD-2-Clause)' },
  { value: 'BSD License', expected: null, problem: 'ambiguous', seenIn: 'sexpdata 0.0.3 (BSD-2-clause), django-impersonate 1.9.1 (BSD-3-Clause)' },
  { value: 'Apache Software License', expected: null, problem: 'ambiguous', seenIn: 'aiormq 6.4.2 (no version: PEP 639 forbids inferring one)' },
  { value: 'GPL', expected: null, problem: 'ambiguous', seenIn: 'python-cpl 0.7.4 (GPL-2+), pyfribidi 0.12.0' },
  { value: 'LGPL', expected: null, problem: 'ambiguous', seenIn: 'urwid 2.1.2, pygame 2.1.2' },
  { value: 'Apache', expected: null, problem: 'ambiguous', seenIn: 'sentencepiece 0.1.97' },
  { value: 'BSD or GPLv2+', expected: null, problem: 'ambiguous', seenIn: 'pwquality 1.4.5 (Debian: libpwquality or GPL-2+)' },
  { value: 'LGPLv3 or BSD', expected: null, problem: 'ambiguous', seenIn: 'bibtexparser 1.1.0' },
  { value: 'Apache License, Version 2.0, BSD', expected: null, problem: 'ambiguous', seenIn: 'ament-cpplint 0.13.2' },
  // Not a license name at all.
  { value: 'Biopython License', expected: null, problem: 'unparseable', seenIn: 'bcbio-gff 0.6.9 (SPDX has no Biopython id)' },
  { value: 'FreeBSD', expected: null, problem: 'unparseable', seenIn: 'stubserver 1.1' },
  { value: '(same as JQuery-Migrate)', expected: null, problem: 'unparseable', seenIn: 'XStatic-JQuery-Migrate 1.2.1.1' },
  { value: 'https://github.com/pearu/pylibtiff/blob/master/LICENSE', expected: null, problem: 'unparseable', seenIn: 'pylibtiff 0.5.1 (a project file, not a license address)' },
  { value: 'BSD-derived (http://www.repoze.org/LICENSE.txt)', expected: null, problem: 'unparseable', seenIn: 'repoze.who 2.2' },
  { value: 'Public domain', expected: null, problem: 'not-spdx', seenIn: 'web.py 0.62, nine 1.1.0' },
];

describe('PyPI License names from real distributions → SPDX', () => {
  for (const row of NAMES) {
    it(`${JSON.stringify(row.value)} → ${row.expected ?? row.problem} (${row.seenIn})`, () => {
      const result = normalizeLicense(row.value);
      assert.equal(result.expression, row.expected);
      if (row.expected === null) {
        assert.equal(result.problem?.kind, row.problem);
      }
      if (row.kinds !== undefined) {
        assert.deepEqual([...new Set(result.corrections.map((correction) => correction.kind))].sort(), [...row.kinds].sort());
      }
    });
  }

  it('reads only the exact license addresses it knows', () => {
    assert.equal(normalizeLicense('http://www.apache.org/licenses/LICENSE-2.0.txt').problem?.kind, 'unparseable');
    assert.equal(normalizeLicense('http://www.apache.org/licenses/').problem?.kind, 'unparseable');
    assert.equal(normalizeLicense('ftp://www.apache.org/licenses/LICENSE-2.0').problem?.kind, 'unparseable');
  });
});

describe('PyPI licenseFromMetadata on real header lines', () => {
  const cases: readonly {
    readonly title: string;
    readonly lines: readonly string[];
    readonly value: string | readonly string[];
    readonly source: string;
    readonly ambiguous: boolean;
  }[] = [
    {
      title: 'python-cpl 0.7.4: a vague License gives way to a classifier that names one license',
      lines: ['License: GPL', 'Classifier: License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)'],
      value: 'GPL-2.0-or-later',
      source: 'x.egg-info/PKG-INFO Classifier (License: GPL)',
      ambiguous: false,
    },
    {
      title: 'SPARQLWrapper 1.8.5: a License name SPDX does not have gives way to the W3C classifier',
      lines: ['License: W3C SOFTWARE NOTICE AND LICENSE', 'Classifier: License :: OSI Approved :: W3C License'],
      value: 'W3C',
      source: 'x.egg-info/PKG-INFO Classifier (License: W3C SOFTWARE NOTICE AND LICENSE)',
      ambiguous: false,
    },
    {
      title: 'cylc-flow 8.0.2: License: GPL beside the GPLv3 classifier stays vague (PEP 639: GPLv3 may be "only" or "or later")',
      lines: ['License: GPL', 'Classifier: License :: OSI Approved :: GNU General Public License v3 (GPLv3)', 'License-File: COPYING'],
      value: 'GPL',
      source: 'x.egg-info/PKG-INFO License',
      ambiguous: true,
    },
    {
      title: 'chardet 5.1.0: License: LGPL beside the LGPLv2+ classifier stays vague (PEP 639: 2.0 or 2.1)',
      lines: ['License: LGPL', 'Classifier: License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)', 'License-File: LICENSE'],
      value: 'LGPL',
      source: 'x.egg-info/PKG-INFO License',
      ambiguous: true,
    },
    {
      title: 'python-ldap 3.4.3: License: Python style gives way to the PSF classifier',
      lines: ['License: Python style', 'Classifier: License :: OSI Approved :: Python Software Foundation License'],
      value: 'PSF-2.0',
      source: 'x.egg-info/PKG-INFO Classifier (License: Python style)',
      ambiguous: false,
    },
    {
      title: 'suds-community 1.1.2: "(specified using classifiers)" with a classifier that names no version stays vague',
      lines: ['License: (specified using classifiers)', 'Classifier: License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)'],
      value: '(specified using classifiers)',
      source: 'x.egg-info/PKG-INFO License',
      ambiguous: true,
    },
    {
      title: 'mpmath 1.3.0: License: BSD with the BSD classifier is kept as written and marked vague',
      lines: ['License: BSD', 'Classifier: License :: OSI Approved :: BSD License', 'License-File: LICENSE'],
      value: 'BSD',
      source: 'x.egg-info/PKG-INFO License',
      ambiguous: true,
    },
    {
      title: 'ceilometer 19.0.0: the Apache Software License classifier alone names no version',
      lines: ['Classifier: License :: OSI Approved :: Apache Software License', 'License-File: LICENSE'],
      value: 'Apache Software License',
      source: 'x.egg-info/PKG-INFO Classifier',
      ambiguous: true,
    },
    {
      title: 'sniffio 1.2.0: a License that reads as SPDX is taken as written, not replaced by classifiers',
      lines: ['License: MIT -or- Apache License 2.0', 'Classifier: License :: OSI Approved :: MIT License', 'Classifier: License :: OSI Approved :: Apache Software License'],
      value: 'MIT -or- Apache License 2.0',
      source: 'x.egg-info/PKG-INFO License',
      ambiguous: false,
    },
    {
      title: 'flufl.bounce 4.0: a readable License wins even where a classifier would say otherwise',
      lines: ['License: ASLv2', 'Classifier: License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)'],
      value: 'ASLv2',
      source: 'x.egg-info/PKG-INFO License',
      ambiguous: false,
    },
  ];
  for (const row of cases) {
    it(row.title, () => {
      const result = licenseFromMetadata(parseCoreMetadata(row.lines.join('\n')), 'x.egg-info/PKG-INFO');
      assert.deepEqual(result.license, { value: row.value, source: row.source });
      assert.equal(result.ambiguous === true, row.ambiguous);
    });
  }
});

describe('PyPI trove classifiers PEP 639 forbids inferring an expression from', () => {
  // PEP 639, "Appendix: Mapping License Classifiers to SPDX Identifiers": these name a license
  // family without its version or variant.
  for (const classifier of [
    'License :: OSI Approved :: Academic Free License (AFL)',
    'License :: OSI Approved :: Apache Software License',
    'License :: OSI Approved :: Apple Public Source License',
    'License :: OSI Approved :: Artistic License',
    'License :: OSI Approved :: BSD License',
    'License :: OSI Approved :: GNU Free Documentation License (FDL)',
    'License :: OSI Approved :: GNU General Public License (GPL)',
    'License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)',
    'License :: OSI Approved :: Zope Public License',
    'License :: OSI Approved :: Eiffel Forum License',
    'License :: Netscape Public License (NPL)',
  ]) {
    it(`${classifier} stays unmapped`, () => assert.equal(classifierToSpdx(classifier), undefined));
  }

  const oneLicense: readonly (readonly [classifiers: readonly string[], expected: boolean])[] = [
    [['License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)'], true],
    [['License :: OSI Approved :: W3C License', 'License :: OSI Approved'], true],
    [['License :: OSI Approved :: MIT License', 'License :: OSI Approved :: ISC License (ISCL)'], true],
    [['License :: OSI Approved :: GNU General Public License v3 (GPLv3)'], false],
    [['License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)'], false],
    [['License :: OSI Approved :: MIT License', 'License :: OSI Approved :: BSD License'], false],
    [['License :: OSI Approved'], false],
    [['Programming Language :: Python'], false],
  ];
  for (const [classifiers, expected] of oneLicense) {
    it(`${classifiers.join(' + ')}: ${expected ? 'names one license each' : 'does not'}`, () => assert.equal(classifiersNameOneLicense(classifiers), expected));
  }
});

describe('PyPI resolvePypi: legacy egg-info files and vague metadata (real files, see legacy-project/SOURCES.md)', () => {
  const project = path.join(FIXTURES, 'legacy-project');
  const site = path.join(project, '.venv/lib/python3.11/site-packages');
  let result: ResolverResult;
  before(async () => {
    result = await resolvePypi(project, OPTIONS);
  });

  it('reads every distribution, single-file egg-info included, without problems', () => {
    assert.deepEqual(result.packages.map((item) => `${item.name}@${item.version}`).sort(), [
      'debiancontributors@0.7.8',
      'mpmath@1.3.0',
      'prelude@5.2.0',
      'pwquality@1.4.5',
      'python-cpl@0.7.4',
    ]);
    assert.deepEqual(result.problems, []);
  });

  const licenses: readonly (readonly [name: string, value: string, source: string])[] = [
    ['prelude', 'LGPL V2.1', 'prelude-5.2.0-py3.11.egg-info License'],
    ['debiancontributors', 'http://www.gnu.org/licenses/lgpl-3.0.html', 'debiancontributors-0.7.8.egg-info License'],
    ['pwquality', 'BSD or GPLv2+', 'pwquality-1.4.5-py3.11.egg-info License'],
    ['python-cpl', 'GPL-2.0-or-later', 'python_cpl-0.7.4.egg-info/PKG-INFO Classifier (License: GPL)'],
  ];
  for (const [name, value, source] of licenses) {
    it(`${name}: ${value} from ${source}`, () => {
      assert.deepEqual(packageNamed(result, name).license, { value, source });
    });
  }

  it('the declared values read as SPDX where the metadata says one license, and stay data where it does not', () => {
    const expressions = Object.fromEntries(
      result.packages.map((item) => [item.name, normalizeLicense(item.license?.value).expression]),
    );
    assert.deepEqual(expressions, {
      debiancontributors: 'LGPL-3.0-only',
      mpmath: 'BSD-3-Clause',
      prelude: 'LGPL-2.1-only',
      pwquality: null,
      'python-cpl': 'GPL-2.0-or-later',
    });
  });

  it('identifies the license file when License is only "BSD", and names both in the source', () => {
    const license = packageNamed(result, 'mpmath').license;
    assert.equal(license?.value, 'BSD-3-Clause');
    assert.equal(license?.source, 'mpmath-1.3.0.dist-info/LICENSE text (mpmath-1.3.0.dist-info/METADATA License: BSD)');
    assert.ok(license?.confidence !== undefined && license.confidence >= 0.9);
  });

  it('points a single-file egg-info package at its file and reads it as a file', () => {
    assert.equal(packageNamed(result, 'prelude').path, path.join(site, 'prelude-5.2.0-py3.11.egg-info'));
    assert.ok(result.files.includes(path.join(site, 'pwquality-1.4.5-py3.11.egg-info')));
    assert.deepEqual(packageNamed(result, 'prelude').dependencies, undefined);
  });
});
