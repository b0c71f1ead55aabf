import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  CLASSIFIER_TO_SPDX,
  classifierToSpdx,
  isLicenseName,
  licenseFromClassifiers,
  licenseFromMetadata,
  parseCoreMetadata,
  requiredDistributions,
  resolvePypi,
} from '../../src/core/data/pypi';
import type { LicenseInFile, ResolverResult } from '../../src/core/data/types';
import { LICENSE_IDS } from '../../src/core/policy/spdx/spdxIds';
import { packageNamed } from './support/resolvedPackages';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/pypi');
const OPTIONS = { home: path.join(FIXTURES, 'no-home'), env: {} };

describe('PyPI data: core metadata', () => {
  it('reads header fields up to the first blank line, repeated fields in order, continuation lines joined', () => {
    const metadata = parseCoreMetadata(
      [
        'Metadata-Version: 2.1',
        'Name: Example_Pkg',
        'Version: 1.0',
        'License: Copyright (c) 2024 Someone',
        '        ',
        '        Permission is hereby granted, free of charge',
        'Classifier: License :: OSI Approved :: MIT License',
        'classifier: Programming Language :: Python',
        '',
        'License: the description body is not a header',
      ].join('\r\n'),
    );
    assert.equal(metadata.get('name')?.[0], 'Example_Pkg');
    assert.deepEqual(metadata.get('classifier'), ['License :: OSI Approved :: MIT License', 'Programming Language :: Python']);
    assert.deepEqual(metadata.get('license'), ['Copyright (c) 2024 Someone\n\nPermission is hereby granted, free of charge']);
  });

  describe('isLicenseName: a short name or expression, not a license text', () => {
    const cases: readonly (readonly [string, boolean])[] = [
      ['MIT', true],
      ['Apache 2.0', true],
      ['BSD-3-Clause OR Apache-2.0', true],
      ['GNU Lesser General Public License v3 or later (LGPLv3+)', true],
      ['UNKNOWN', false],
      ['', false],
      ['MIT License\n\nCopyright (c) 2020 Someone', false],
      ['Copyright 2020 ACME Inc.', false],
      ['Licensed under the Apache License, Version 2.0', false],
      ['x'.repeat(101), false],
    ];
    for (const [value, expected] of cases) {
      it(`${JSON.stringify(value.slice(0, 40))} → ${expected}`, () => assert.equal(isLicenseName(value), expected));
    }
  });

  describe('licenseFromMetadata: License-Expression, then a short License, then classifiers', () => {
    const cases: readonly {
      readonly title: string;
      readonly lines: readonly string[];
      readonly value?: string | readonly string[];
      readonly source?: string;
      readonly ambiguous?: boolean;
      readonly text?: boolean;
    }[] = [
      {
        title: 'PEP 639 expression wins over everything',
        lines: ['License-Expression: MIT OR  Apache-2.0', 'License: BSD', 'Classifier: License :: OSI Approved :: ISC License (ISCL)'],
        value: 'MIT OR Apache-2.0',
        source: 'x.dist-info/METADATA License-Expression',
      },
      { title: 'a short License field', lines: ['License: Apache 2.0', 'Classifier: License :: OSI Approved :: Apache Software License'], value: 'Apache 2.0', source: 'x.dist-info/METADATA License' },
      {
        title: 'License: UNKNOWN falls through to a mapped classifier',
        lines: ['License: UNKNOWN', 'Classifier: License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)'],
        value: 'GPL-3.0-or-later',
        source: 'x.dist-info/METADATA Classifier',
      },
      {
        title: 'an ambiguous classifier stays its text and is marked ambiguous',
        lines: ['Classifier: License :: OSI Approved :: BSD License'],
        value: 'BSD License',
        ambiguous: true,
      },
      {
        title: 'several classifiers stay a list',
        lines: ['Classifier: License :: OSI Approved :: Apache Software License', 'Classifier: License :: OSI Approved :: MIT License'],
        value: ['Apache Software License', 'MIT'],
        ambiguous: true,
      },
      {
        title: 'a whole license text in License is kept for identification, not taken as a name',
        lines: ['License: MIT License', '        ', '        Permission is hereby granted, free of charge, to any person'],
        text: true,
      },
      { title: 'OSI Approved alone names no license', lines: ['Classifier: License :: OSI Approved'] },
      { title: 'nothing at all', lines: ['Name: x'] },
    ];
    for (const row of cases) {
      it(row.title, () => {
        const result = licenseFromMetadata(parseCoreMetadata(row.lines.join('\n')), 'x.dist-info/METADATA');
        assert.deepEqual(result.license?.value, row.value);
        if (row.source) {
          assert.equal(result.license?.source, row.source);
        }
        assert.equal(result.ambiguous === true, row.ambiguous === true, 'ambiguous');
        assert.equal(result.text !== undefined, row.text === true, 'license text kept');
      });
    }
  });

  describe('trove classifiers', () => {
    const cases: readonly (readonly [string, string | undefined])[] = [
      ['License :: OSI Approved :: MIT License', 'MIT'],
      ['License :: OSI Approved :: Apache Software License', undefined],
      ['License :: OSI Approved :: BSD License', undefined],
      ['License :: OSI Approved :: GNU General Public License v2 (GPLv2)', 'GPL-2.0-only'],
      ['License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)', 'LGPL-2.0-or-later'],
      ['License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)', 'MPL-2.0'],
      ['License :: OSI Approved :: Python Software Foundation License', 'PSF-2.0'],
      ['License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication', 'CC0-1.0'],
      ['License  ::  OSI Approved ::  ISC License (ISCL)', 'ISC'],
      ['License :: Public Domain', undefined],
    ];
    for (const [classifier, id] of cases) {
      it(`${classifier} → ${id ?? 'unmapped'}`, () => assert.equal(classifierToSpdx(classifier), id));
    }

    it('maps only to SPDX ids the installed license list knows', () => {
      const unknown = [...CLASSIFIER_TO_SPDX.values()].filter((id) => !LICENSE_IDS.has(id));
      assert.deepEqual(unknown, []);
    });

    it('keeps the last part of an unmapped classifier and ignores non-license classifiers', () => {
      assert.deepEqual(licenseFromClassifiers(['Programming Language :: Python', 'License :: Other/Proprietary License']), {
        values: ['Other/Proprietary License'],
        allMapped: false,
      });
      assert.equal(licenseFromClassifiers(['Topic :: Internet']), undefined);
    });
  });

  it('Requires-Dist: PEP 503 names, requirements behind an extra left out', () => {
    assert.deepEqual(
      requiredDistributions([
        'charset-normalizer <4,>=2',
        'PySocks !=1.5.7,>=1.5.6 ; extra == "socks"',
        'Typing_Extensions>=4.0; python_version < "3.11"',
        "brotli>=1.0.9; (platform_python_implementation == 'CPython') and extra == 'brotli'",
        'zope.interface',
        '',
      ]),
      ['charset-normalizer', 'typing-extensions', 'zope-interface'],
    );
  });
});

describe('PyPI data: resolvePypi on a project with a venv and poetry.lock', () => {
  let result: ResolverResult;
  before(async () => {
    result = await resolvePypi(path.join(FIXTURES, 'venv-project'), OPTIONS);
  });

  it('lists every locked and installed distribution once, a broken METADATA as a problem', () => {
    assert.deepEqual(result.packages.map((item) => `${item.name}@${item.version}`).sort(), [
      'certifi@2024.7.4',
      'charset-normalizer@3.3.2',
      'colorama@0.4.6',
      'idna@3.7',
      'iniconfig@2.0.0',
      'pysocks@1.7.1',
      'pytest@8.2.2',
      'requests@2.32.3',
      'tomli@2.0.1',
      'urllib3@2.2.2',
    ]);
    assert.deepEqual(result.problems, ['.venv/lib/python3.12/site-packages/broken_pkg-0.1.dist-info/METADATA: has no Name field']);
    assert.ok(result.packages.every((item) => item.ecosystem === 'pypi'));
  });

  // The fifth: what the license files hold beside a declaration (urllib3 ships licenses/LICENSE.txt).
  const licenses: readonly (readonly [string, string | readonly string[], string, number | undefined, LicenseInFile?])[] = [
    ['urllib3', 'MIT', 'urllib3-2.2.2.dist-info/METADATA License-Expression', undefined, { ids: ['MIT'], file: 'urllib3-2.2.2.dist-info/licenses/LICENSE.txt', similarity: 1 }],
    ['requests', 'Apache-2.0', 'requests-2.32.3.dist-info/METADATA License', undefined],
    ['charset-normalizer', 'MIT', 'charset_normalizer-3.3.2.dist-info/METADATA Classifier', undefined],
    ['certifi', 'MPL-2.0', 'certifi-2024.7.4.dist-info/METADATA License', undefined],
  ];
  for (const [name, value, source, confidence, inFile] of licenses) {
    it(`${name}: ${String(value)} from ${source}`, () => {
      assert.deepEqual(packageNamed(result, name).license, { value, source, ...(confidence !== undefined ? { confidence } : {}), ...(inFile ? { inFile } : {}) });
    });
  }

  it('identifies a license file when the metadata names none (licenses/ folder, PEP 639)', () => {
    const license = packageNamed(result, 'iniconfig').license;
    assert.equal(license?.value, 'MIT');
    assert.equal(license?.source, 'iniconfig-2.0.0.dist-info/licenses/LICENSE text');
    assert.ok(license?.confidence !== undefined && license.confidence >= 0.9);
  });

  it('prefers the identified license file over an ambiguous classifier, and says so', () => {
    const license = packageNamed(result, 'idna').license;
    assert.equal(license?.value, 'BSD-3-Clause');
    assert.match(license?.source ?? '', /^idna-3\.7\.dist-info\/LICENSE\.md text \(.*Classifier: BSD License\)$/);
    assert.ok(license?.confidence !== undefined);
  });

  it('identifies a whole license text written into the License field', () => {
    const license = packageNamed(result, 'tomli').license;
    assert.equal(license?.value, 'MIT');
    assert.equal(license?.source, 'tomli-2.0.1.dist-info/METADATA License text');
    assert.ok(license?.confidence !== undefined);
  });

  it('merges lock and install: lock source, lock hashes, installed path, published name', () => {
    const requests = packageNamed(result, 'requests');
    assert.equal(requests.source, 'poetry.lock');
    assert.equal(requests.path, path.join(FIXTURES, 'venv-project/.venv/lib/python3.12/site-packages/requests-2.32.3.dist-info'));
    assert.deepEqual(
      requests.hashes?.map((hash) => `${hash.algorithm}:${hash.hex.slice(0, 8)}`),
      ['SHA-256:70761cfe', 'SHA-256:55365417'],
    );
    assert.equal(packageNamed(result, 'tomli').source, '.venv');
    assert.equal(packageNamed(result, 'tomli').path?.endsWith('tomli-2.0.1.dist-info'), true);
  });

  it('builds the graph from Requires-Dist and [package.dependencies] without extras nobody asked for', () => {
    assert.deepEqual([...(packageNamed(result, 'requests').dependencies ?? [])].sort(), ['certifi@2024.7.4', 'charset-normalizer@3.3.2', 'idna@3.7', 'urllib3@2.2.2']);
    assert.deepEqual(packageNamed(result, 'urllib3').dependencies, undefined);
    assert.deepEqual(packageNamed(result, 'pytest').dependencies, ['colorama@0.4.6', 'iniconfig@2.0.0']);
  });

  it('takes dev and optional scopes from the lock groups; installed packages the lock puts in main have none', () => {
    assert.equal(packageNamed(result, 'pytest').scope, 'dev');
    assert.equal(packageNamed(result, 'iniconfig').scope, 'dev');
    assert.equal(packageNamed(result, 'pysocks').scope, 'optional');
    assert.equal(packageNamed(result, 'requests').scope, undefined);
    assert.equal(packageNamed(result, 'tomli').scope, undefined);
    assert.ok(result.packages.every((item) => item.direct === undefined), 'poetry.lock does not say what is direct');
  });

  it('reports every file it read and does not take the .env dotenv file for an environment', () => {
    const relative = result.files.map((file) => path.relative(path.join(FIXTURES, 'venv-project'), file).split(path.sep).join('/'));
    assert.ok(relative.includes('poetry.lock'));
    assert.ok(relative.includes('.venv/lib/python3.12/site-packages/urllib3-2.2.2.dist-info/METADATA'));
    assert.ok(relative.includes('.venv/lib/python3.12/site-packages/iniconfig-2.0.0.dist-info/licenses/LICENSE'));
    assert.ok(!relative.some((file) => file.startsWith('.env')));
  });

  it('reads an environment named by VIRTUAL_ENV once, even when it is also in the project', async () => {
    const again = await resolvePypi(path.join(FIXTURES, 'venv-project'), { ...OPTIONS, env: { VIRTUAL_ENV: path.join(FIXTURES, 'venv-project/.venv') } });
    assert.equal(again.files.length, result.files.length);
    assert.equal(again.packages.length, result.packages.length);
  });
});

describe('PyPI data: other layouts and broken files', () => {
  it('reads a Windows venv (Lib/site-packages) named env with its pyvenv.cfg; an ambiguous classifier stays text', async () => {
    const result = await resolvePypi(path.join(FIXTURES, 'windows-project'), OPTIONS);
    assert.deepEqual(result.packages, [
      {
        ecosystem: 'pypi',
        name: 'colorama',
        version: '0.4.6',
        license: { value: 'BSD License', source: 'colorama-0.4.6.dist-info/METADATA Classifier' },
        source: 'env',
        path: path.join(FIXTURES, 'windows-project/env/Lib/site-packages/colorama-0.4.6.dist-info'),
      },
    ]);
    assert.deepEqual(result.problems, []);
  });

  it('adds the active VIRTUAL_ENV outside the project', async () => {
    const result = await resolvePypi(path.join(FIXTURES, 'pipenv-project'), { ...OPTIONS, env: { VIRTUAL_ENV: path.join(FIXTURES, 'windows-project/env') } });
    assert.ok(result.packages.some((item) => item.name === 'colorama' && item.source === path.join(FIXTURES, 'windows-project/env')));
  });

  it('ignores a folder named env without pyvenv.cfg', async () => {
    const result = await resolvePypi(path.join(FIXTURES, 'uv-project'), OPTIONS);
    assert.ok(!result.packages.some((item) => item.name === 'fake'));
  });

  it('turns broken lockfiles into one problem line each and keeps what could be read', async () => {
    const result = await resolvePypi(path.join(FIXTURES, 'broken-project'), OPTIONS);
    assert.deepEqual(
      result.packages.map((item) => `${item.name}@${item.version}`),
      ['requests@2.32.3'],
    );
    assert.equal(result.problems.length, 3);
    assert.match(result.problems[0], /^poetry\.lock: line 10: .*; line 8: a \[\[package\]\] has no version; line 12: a \[\[package\]\] has no name$/);
    assert.match(result.problems[1], /^uv\.lock: line 3: a \[\[package\]\] has no version$/);
    assert.match(result.problems[2], /^Pipfile\.lock: is not valid JSON/);
    assert.ok(result.problems.every((problem) => !problem.includes('\n')));
  });

  it('never throws: a missing folder, a file instead of a folder', async () => {
    for (const folder of [path.join(FIXTURES, 'does-not-exist'), path.join(FIXTURES, 'venv-project/poetry.lock')]) {
      const result = await resolvePypi(folder, OPTIONS);
      assert.deepEqual(result, { packages: [], files: [], problems: [] });
    }
  });
});
