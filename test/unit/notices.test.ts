import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveCargo } from '../../src/core/data/cargo';
import { resolveGo } from '../../src/core/data/go';
import { resolveMaven } from '../../src/core/data/maven';
import { resolveNpm } from '../../src/core/data/npm';
import { resolvePypi } from '../../src/core/data/pypi';
import type { ResolvedPackage } from '../../src/core/data/types';
import { splitLicenseText } from '../../src/core/report/notices/licenseBody';
import { buildNotices, type NoticesDocument } from '../../src/core/report/notices/noticesDocument';
import { STANDARD_LICENSE_TEXTS } from '../../src/core/report/notices/standardLicenseTexts';

const DATA = path.resolve(__dirname, '../../../test/fixtures/data');
const OPTIONS = { projectName: 'fixture', includeDev: false };

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Every package that names a file under a license text: the text is that file's, as it is on disk,
 * copyright statements aside, and its statements are listed with it. Returns how many were checked.
 */
function assertTextsMatchDisk(document: NoticesDocument, packages: readonly ResolvedPackage[]): number {
  let checked = 0;
  for (const group of document.licenseTexts) {
    for (const entry of group.packages) {
      for (const file of entry.files) {
        const item = packages.find((one) => one.name === entry.name && one.version === entry.version);
        assert.ok(item?.path, `${entry.name} has a folder`);
        const onDisk = readFileSync(path.join(item.path, file), 'utf8');
        const split = splitLicenseText(onDisk);
        assert.equal(collapse(group.text), collapse(split.body), `${entry.name}: the text printed is ${file} as on disk`);
        for (const statement of split.copyrights) {
          assert.ok(entry.copyrights.includes(statement), `${entry.name}: "${statement}" listed`);
        }
        checked++;
      }
    }
  }
  return checked;
}

describe('third-party notices', () => {
  let temp: string;

  beforeEach(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-notices-'));
  });

  afterEach(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  function npmProject(packages: Record<string, { manifest: Record<string, unknown>; files?: Record<string, string> }>, dev: readonly string[] = []): string {
    const root = path.join(temp, 'project');
    mkdirSync(root, { recursive: true });
    const names = Object.keys(packages);
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({
        name: 'project',
        version: '1.0.0',
        dependencies: Object.fromEntries(names.filter((name) => !dev.includes(name)).map((name) => [name, String(packages[name].manifest.version)])),
        devDependencies: Object.fromEntries(dev.map((name) => [name, String(packages[name].manifest.version)])),
      }),
    );
    for (const [name, { manifest, files }] of Object.entries(packages)) {
      const folder = path.join(root, 'node_modules', name);
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name, ...manifest }));
      for (const [file, text] of Object.entries(files ?? {})) {
        writeFileSync(path.join(folder, file), text);
      }
    }
    return root;
  }

  const MIT_TERMS = readFileSync(path.join(DATA, 'npm/license-mismatch/_node_modules/mit-inside/LICENSE'), 'utf8').replace('Copyright (c) 2019 Jane Doe', 'COPYRIGHT-LINE');

  it('npm: the texts are the installed files, copyright lines per package, one text for copies that differ only in them', async () => {
    const root = npmProject({
      'mit-a': { manifest: { version: '1.0.0', license: 'MIT' }, files: { LICENSE: MIT_TERMS.replace('COPYRIGHT-LINE', 'Copyright (c) 2019 Jane Doe') } },
      // The same terms re-wrapped onto other lines, under another holder.
      'mit-b': { manifest: { version: '2.0.0', license: 'MIT' }, files: { 'LICENSE.md': MIT_TERMS.replace('COPYRIGHT-LINE', '© 2024 Acme Corp').replace(/\n(?=[a-z])/g, '\n  ') } },
      'apache-with-notice': {
        manifest: { version: '3.1.0', license: 'Apache-2.0' },
        files: { LICENSE: STANDARD_LICENSE_TEXTS.get('Apache-2.0') ?? '', NOTICE: 'Apache With Notice\nCopyright 2020 The Example Foundation\n\nThis product includes software developed at\nThe Example Foundation (https://example.org/).\n' },
      },
    });
    const { packages } = await resolveNpm(root, { home: temp, env: {} });
    const document = await buildNotices(packages, OPTIONS);
    const mit = document.licenseTexts.filter((group) => group.licenseIds.join() === 'MIT');
    assert.equal(mit.length, 1, 'one MIT text for both packages');
    assert.deepEqual(
      mit[0].packages.map((entry) => [entry.name, entry.copyrights, entry.files]),
      [
        ['mit-a', ['Copyright (c) 2019 Jane Doe'], ['LICENSE']],
        ['mit-b', ['© 2024 Acme Corp'], ['LICENSE.md']],
      ],
    );
    assert.equal(mit[0].title, 'MIT');
    assert.ok(assertTextsMatchDisk(document, packages) >= 3);
    assert.equal(document.noticeFiles.length, 1, 'the Apache NOTICE file is reproduced');
    assert.equal(document.noticeFiles[0].text, readFileSync(path.join(root, 'node_modules/apache-with-notice/NOTICE'), 'utf8').trim());
    assert.deepEqual(document.noticeFiles[0].packages.map((entry) => [entry.name, entry.file]), [['apache-with-notice', 'NOTICE']]);
    assert.deepEqual(document.missing, []);
  });

  it('a declared license with no file: the standard text, said as such; without a bundled text or outside SPDX: listed as not found, never dropped', async () => {
    const root = npmProject({
      'isc-no-file': { manifest: { version: '1.0.0', license: 'ISC' } },
      'gpl-no-file': { manifest: { version: '1.0.0', license: 'GPL-3.0-only' } },
      'custom-no-file': { manifest: { version: '1.0.0', license: 'Acme Proprietary' } },
      'nothing-at-all': { manifest: { version: '1.0.0' } },
    });
    const { packages } = await resolveNpm(root, { home: temp, env: {} });
    const document = await buildNotices(packages, OPTIONS);
    assert.deepEqual(
      document.licenseTexts.map((group) => [group.title, group.standardId, group.packages.map((entry) => [entry.name, entry.noTextBecause])]),
      [['ISC, standard text', 'ISC', [['isc-no-file', 'no-license-file']]]],
    );
    assert.equal(document.licenseTexts[0].text, STANDARD_LICENSE_TEXTS.get('ISC'));
    assert.deepEqual(
      document.missing.map((entry) => [entry.name, entry.reason]),
      [
        ['custom-no-file', 'no license file in its folder, and its declared license is not an SPDX expression'],
        ['gpl-no-file', 'no license file in its folder, and no standard text is bundled for GPL-3.0-only (https://spdx.org/licenses/GPL-3.0-only.html)'],
        ['nothing-at-all', 'no license file in its folder, and no license declared'],
      ],
    );
  });

  it('dev dependencies only when asked; a locked package that is not installed gets the standard text, said so', async () => {
    const root = npmProject(
      {
        runtime: { manifest: { version: '1.0.0', license: 'MIT' }, files: { LICENSE: MIT_TERMS } },
        tooling: { manifest: { version: '1.0.0', license: 'MIT' }, files: { LICENSE: MIT_TERMS } },
      },
      ['tooling'],
    );
    const lock = {
      name: 'project',
      version: '1.0.0',
      lockfileVersion: 3,
      packages: {
        '': { name: 'project', version: '1.0.0', dependencies: { runtime: '1.0.0', absent: '4.0.0' }, devDependencies: { tooling: '1.0.0' } },
        'node_modules/runtime': { version: '1.0.0', license: 'MIT' },
        'node_modules/tooling': { version: '1.0.0', license: 'MIT', dev: true },
        'node_modules/absent': { version: '4.0.0', license: 'BSD-3-Clause' },
      },
    };
    writeFileSync(path.join(root, 'package-lock.json'), JSON.stringify(lock));
    const { packages } = await resolveNpm(root, { home: temp, env: {} });
    const names = (document: NoticesDocument): string[] => document.licenseTexts.flatMap((group) => group.packages.map((entry) => `${entry.name}:${entry.noTextBecause ?? 'file'}`)).sort();
    const production = await buildNotices(packages, OPTIONS);
    assert.deepEqual(names(production), ['absent:not-installed', 'runtime:file']);
    assert.equal(production.packageCount, 2);
    const everything = await buildNotices(packages, { ...OPTIONS, includeDev: true });
    assert.deepEqual(names(everything), ['absent:not-installed', 'runtime:file', 'tooling:file']);
  });

  it('PyPI: the dist-info license files (PEP 639 licenses/ and older wheels alike) as on disk', async () => {
    const { packages } = await resolvePypi(path.join(DATA, 'pypi/venv-project'), { home: temp, env: {} });
    const document = await buildNotices(packages, { ...OPTIONS, includeDev: true });
    assert.ok(assertTextsMatchDisk(document, packages) >= 3, 'iniconfig, urllib3 and idna ship license files');
    const files = document.licenseTexts.flatMap((group) => group.packages.flatMap((entry) => entry.files.map((file) => `${entry.name}:${file}`)));
    assert.ok(files.includes('iniconfig:licenses/LICENSE'), files.join(', '));
    assert.ok(files.includes('idna:LICENSE.md'), files.join(', '));
  });

  it('Cargo and Go: the crate and module folders, every license file of a dual-licensed one', async () => {
    const cargo = await resolveCargo(path.join(DATA, 'cargo/workspace'), { home: path.join(DATA, 'cargo/home'), env: {} });
    const cargoNotices = await buildNotices(cargo.packages, OPTIONS);
    assert.ok(assertTextsMatchDisk(cargoNotices, cargo.packages) >= 1);
    const go = await resolveGo(path.join(DATA, 'go/project'), { home: path.join(DATA, 'go/home'), env: {} });
    const goNotices = await buildNotices(go.packages, OPTIONS);
    assert.ok(assertTextsMatchDisk(goNotices, go.packages) >= 4);
    const upper = goNotices.licenseTexts.flatMap((group) => group.packages.filter((entry) => entry.name === 'example.com/Upper').map((entry) => entry.files.join()));
    assert.deepEqual(upper.sort(), ['LICENSE-BSD', 'LICENSE-MIT']);
  });

  it("Maven: the jar's META-INF license and NOTICE files, from Debian's real commons-lang3 jar", async function () {
    const repository = '/usr/share/maven-repo';
    const folder = path.join(repository, 'org/apache/commons/commons-lang3');
    const version = existsSync(folder) ? readdirSync(folder).find((name) => /^\d+\.\d+/.test(name)) : undefined;
    if (version === undefined) {
      // .ci/run installs it (Debian's libcommons-lang3-java); say so where it is missing rather than pass quietly.
      console.warn(`      skipped: ${folder} is missing (apt-get install libcommons-lang3-java)`);
      this.skip();
    }
    const home = path.join(temp, 'home');
    mkdirSync(path.join(home, '.m2'), { recursive: true });
    symlinkSync(repository, path.join(home, '.m2', 'repository'));
    const project = path.join(temp, 'maven-project');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'pom.xml'),
      `<project><modelVersion>4.0.0</modelVersion><groupId>org.example</groupId><artifactId>app</artifactId><version>1.0</version>
<dependencies><dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId><version>${version}</version></dependency></dependencies></project>`,
    );
    const { packages } = await resolveMaven(project, { home, env: {} });
    const document = await buildNotices(packages, OPTIONS);
    const jar = path.join(folder, version, `commons-lang3-${version}.jar`);
    // The oracle: Python's zipfile reads the same entries from the jar.
    const entry = (name: string): string =>
      execFileSync('python3', ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode("utf-8"))', jar, name], { encoding: 'utf8' });
    const notice = document.noticeFiles.find((group) => group.packages.some((item) => item.name === 'org.apache.commons:commons-lang3'));
    assert.ok(notice, 'the NOTICE file is reproduced');
    assert.equal(notice.text, entry('META-INF/NOTICE.txt').replace(/\r\n?/g, '\n').trim());
    assert.equal(notice.packages[0].file, `commons-lang3-${version}.jar!/META-INF/NOTICE.txt`);
    const license = document.licenseTexts.find((group) => group.packages.some((item) => item.name === 'org.apache.commons:commons-lang3'));
    assert.ok(license);
    assert.deepEqual(license.licenseIds, ['Apache-2.0']);
    assert.equal(collapse(license.text), collapse(splitLicenseText(entry('META-INF/LICENSE.txt')).body));
  });

  it('the project a fixture describes end to end: the license-mismatch tree', async () => {
    const root = path.join(temp, 'mismatch');
    cpSync(path.join(DATA, 'npm/license-mismatch'), root, { recursive: true });
    renameSync(path.join(root, '_node_modules'), path.join(root, 'node_modules'));
    const { packages } = await resolveNpm(root, { home: temp, env: {} });
    const document = await buildNotices(packages, OPTIONS);
    assert.equal(assertTextsMatchDisk(document, packages), 5);
    const throttle = document.licenseTexts.find((group) => group.packages.some((entry) => entry.name === 'throttle-debounce'));
    assert.deepEqual(throttle?.licenseIds, ['MIT', 'GPL-2.0-only'], 'the file holds both texts, and both are printed');
  });
});
