import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { declaredFromPomLicenses, findPom, isSafeCoordinate, pomLicenseToSpdx, readPomModel, resolveMaven, type PomLicense } from '../../src/core/data/maven';
import type { ResolvedPackage, ResolverOptions } from '../../src/core/data/types';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/maven');
const HOME = path.join(FIXTURES, 'home');
const OPTIONS: ResolverOptions = { home: HOME, env: {} };

function byName(packages: readonly ResolvedPackage[]): Map<string, ResolvedPackage> {
  return new Map(packages.map((found) => [found.name, found]));
}

describe('POM license names and URLs → SPDX', () => {
  const cases: [PomLicense, string | null][] = [
    [{ name: 'The Apache Software License, Version 2.0' }, 'Apache-2.0'],
    [{ name: 'Apache License, Version 2.0' }, 'Apache-2.0'],
    [{ name: 'Apache 2' }, 'Apache-2.0'],
    [{ url: 'https://www.apache.org/licenses/LICENSE-2.0' }, 'Apache-2.0'],
    [{ url: 'http://www.apache.org/licenses/LICENSE-2.0.txt' }, 'Apache-2.0'],
    [{ url: 'https://www.apache.org/licenses/LICENSE-2.0.html/' }, 'Apache-2.0'],
    [{ name: 'Eclipse Public License - v 2.0' }, 'EPL-2.0'],
    [{ name: 'EPL 2.0' }, 'EPL-2.0'],
    [{ name: 'Eclipse Public License - v 1.0' }, 'EPL-1.0'],
    [{ name: 'Eclipse Distribution License - v 1.0' }, 'BSD-3-Clause'],
    [{ name: 'MIT License' }, 'MIT'],
    [{ name: 'The MIT License (MIT)' }, 'MIT'],
    [{ url: 'http://opensource.org/licenses/mit-license.php' }, 'MIT'],
    [{ name: 'BSD-3-Clause' }, 'BSD-3-Clause'],
    [{ name: 'New BSD License' }, 'BSD-3-Clause'],
    [{ name: 'Simplified BSD License' }, 'BSD-2-Clause'],
    [{ name: 'CDDL + GPLv2 with classpath exception' }, 'CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0'],
    [{ name: 'CDDL+GPL License' }, 'CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0'],
    [{ name: 'GPL2 w/ CPE' }, 'GPL-2.0-only WITH Classpath-exception-2.0'],
    [{ name: 'GNU Lesser General Public License, Version 2.1' }, 'LGPL-2.1-only'],
    // Unversioned: ambiguous alone (never guessed), decided by the URL.
    [{ name: 'GNU Lesser General Public License' }, null],
    [{ name: 'GNU Lesser General Public License', url: 'http://www.gnu.org/licenses/old-licenses/lgpl-2.1.html' }, 'LGPL-2.1-only'],
    [{ name: 'GNU Lesser General Public License', url: 'https://www.gnu.org/licenses/lgpl-3.0.txt' }, 'LGPL-3.0-only'],
    [{ name: 'Mozilla Public License, Version 2.0' }, 'MPL-2.0'],
    [{ name: 'Universal Permissive License, Version 1.0' }, 'UPL-1.0'],
    [{ name: 'CC0' }, 'CC0-1.0'],
    [{ name: 'Bouncy Castle Licence' }, 'MIT'],
    // Already SPDX, or an expression: the policy's normalizer takes it.
    [{ name: 'apache-2.0' }, 'Apache-2.0'],
    [{ name: 'MIT OR Apache-2.0' }, 'MIT OR Apache-2.0'],
    [{ url: 'https://spdx.org/licenses/Zlib.html' }, 'Zlib'],
    [{ name: 'Apache' }, null],
    [{ name: 'Some Company License', url: 'https://example.com/license' }, null],
    [{}, null],
  ];
  for (const [license, expected] of cases) {
    it(`${JSON.stringify(license)} → ${expected ?? 'unknown'}`, () => assert.equal(pomLicenseToSpdx(license), expected));
  }

  const declared: [PomLicense[], string | string[] | undefined][] = [
    [[], undefined],
    [[{ name: '' }], undefined],
    [[{ name: 'MIT License' }], 'MIT'],
    [[{ name: 'Some Company License' }], 'Some Company License'],
    [[{ url: 'https://example.com/terms' }], 'https://example.com/terms'],
    [[{ name: 'EPL 2.0' }, { name: 'GPL2 w/ CPE' }], 'EPL-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0'],
    [[{ name: 'MIT' }, { name: 'MIT License' }], 'MIT'],
    [[{ name: 'CDDL+GPL License' }], 'CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0'],
    [[{ name: 'CDDL+GPL License' }, { name: 'MIT' }], '(CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0) OR MIT'],
    [[{ name: 'Apache-2.0' }, { name: 'Some Company License' }], 'Apache-2.0 OR LicenseRef-Some-Company-License'],
  ];
  for (const [licenses, expected] of declared) {
    it(`several <license> elements: ${JSON.stringify(licenses)}`, () => assert.deepEqual(declaredFromPomLicenses(licenses, 'x.pom')?.value, expected));
  }
});

describe('POM model reader', () => {
  it('reads coordinates, parent, properties, licenses, dependencies with exclusions, management and modules', () => {
    const model = readPomModel(
      [
        '<project xmlns="http://maven.apache.org/POM/4.0.0">',
        '<parent><groupId>p</groupId><artifactId>pa</artifactId><version>1</version><relativePath/></parent>',
        '<artifactId>a</artifactId>',
        '<properties><x.version> 2.0 </x.version><bad>&undefined;</bad></properties>',
        '<licenses><license><name>MIT</name><url>u</url><comments>c</comments></license></licenses>',
        '<dependencies><dependency><groupId>g</groupId><artifactId>d</artifactId><version>${x.version}</version><optional>true</optional>',
        '<exclusions><exclusion><groupId>e</groupId><artifactId>*</artifactId></exclusion></exclusions></dependency></dependencies>',
        '<dependencyManagement><dependencies><dependency><groupId>g</groupId><artifactId>m</artifactId><version>3</version><scope>import</scope><type>pom</type></dependency></dependencies></dependencyManagement>',
        '<modules><module>one</module></modules>',
        '<profiles><profile><dependencies><dependency><groupId>g</groupId><artifactId>profiled</artifactId></dependency></dependencies></profile></profiles>',
        '</project>',
      ].join('\n'),
    );
    assert.equal(model.isPom, true);
    assert.equal(model.artifactId, 'a');
    assert.equal(model.groupId, undefined);
    assert.deepEqual(model.parent, { groupId: 'p', artifactId: 'pa', version: '1' });
    assert.equal(model.properties.get('x.version'), '2.0');
    assert.equal(model.properties.get('bad'), null);
    assert.deepEqual(model.licenses, [{ name: 'MIT', url: 'u' }]);
    assert.deepEqual(model.dependencies, [{ groupId: 'g', artifactId: 'd', version: '${x.version}', optional: true, exclusions: [{ groupId: 'e', artifactId: '*' }] }]);
    assert.deepEqual(model.managed, [{ groupId: 'g', artifactId: 'm', version: '3', scope: 'import', type: 'pom', optional: false, exclusions: [] }]);
    assert.deepEqual(model.modules, ['one']);
  });

  it('never expands entities declared in a DOCTYPE', () => {
    const model = readPomModel('<!DOCTYPE project [<!ENTITY x "EXPANDED">]><project><licenses><license><name>&x;</name></license></licenses></project>');
    assert.ok(!JSON.stringify(model.licenses).includes('EXPANDED'));
  });

  it('keeps coordinates inside the stores', async () => {
    for (const bad of ['..', '../x', 'a/b', 'a\\b', '', '.hidden']) {
      assert.equal(isSafeCoordinate(bad), false, bad);
    }
    assert.equal(isSafeCoordinate('1.0-SNAPSHOT'), true);
    const stores = { mavenRepository: path.join(HOME, '.m2', 'repository'), gradleCache: path.join(HOME, 'nowhere') };
    assert.equal(await findPom(stores, '..', 'x', '1', false), null);
    const found = await findPom(stores, 'com.acme', 'opt', '1.0', false);
    assert.ok(found && 'text' in found && found.store === 'Maven repository');
  });
});

describe('resolveMaven', () => {
  it('resolves a multi-module Maven project through ~/.m2: parents, BOMs, exclusions, scopes, transitive edges', async () => {
    const result = await resolveMaven(path.join(FIXTURES, 'project'), OPTIONS);
    const packages = byName(result.packages);
    assert.deepEqual([...packages.keys()].sort(), [
      'com.acme:broken',
      'com.acme:cyclic',
      'com.acme:from-bom',
      'com.acme:managed-dep',
      'com.acme:transitive',
      'javax.servlet:servlet-api',
      'junit:junit',
      'org.example:child-lib',
      'org.hamcrest:hamcrest-core',
    ]);

    const child = packages.get('org.example:child-lib');
    assert.equal(child?.version, '1.2');
    assert.equal(child?.direct, true);
    assert.equal(child?.scope, undefined);
    assert.equal(child?.source, 'pom.xml');
    assert.deepEqual(child?.license, {
      value: 'Apache-2.0',
      source: 'org.example:child-lib:1.2 <licenses> inherited from parent org.example:parent-lib:1.0',
    });
    assert.deepEqual(child?.hashes, [{ algorithm: 'SHA-1', hex: '5b8e3bd21a7f4d0a0cd9a2f3e8c3f0b5b5a6d7e1' }]);
    // Test, provided and optional dependencies are not transitive; the exclusion holds.
    assert.deepEqual(child?.dependencies, ['com.acme:transitive@2.1', 'com.acme:managed-dep@3.0']);

    const transitive = packages.get('com.acme:transitive');
    assert.equal(transitive?.direct, false);
    assert.equal(transitive?.source, 'Maven repository');
    assert.equal(transitive?.license?.value, 'EPL-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0');
    // Nearest wins (and the project's dependencyManagement pins it): 3.0, not the 2.0 transitive asks for.
    assert.deepEqual(transitive?.dependencies, ['com.acme:managed-dep@3.0']);

    assert.equal(packages.get('com.acme:managed-dep')?.license?.value, 'MIT');
    assert.equal(packages.get('com.acme:managed-dep')?.direct, true, 'sub-b declares it, with the version from the root pom');
    assert.equal(packages.get('com.acme:from-bom')?.version, '4.0');
    assert.equal(packages.get('com.acme:from-bom')?.license?.value, 'CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0');
    assert.equal(packages.get('com.acme:broken')?.license?.value, 'MIT');

    assert.equal(packages.get('junit:junit')?.scope, 'dev');
    assert.equal(packages.get('junit:junit')?.license?.value, 'EPL-1.0');
    assert.equal(packages.get('org.hamcrest:hamcrest-core')?.scope, 'dev');
    assert.equal(packages.get('org.hamcrest:hamcrest-core')?.direct, false);
    assert.equal(packages.get('javax.servlet:servlet-api')?.scope, 'peer');
    assert.equal(packages.get('javax.servlet:servlet-api')?.license, undefined);
    for (const found of result.packages) {
      assert.equal(found.ecosystem, 'maven');
    }

    const problems = result.problems.join('\n');
    assert.match(problems, /^2 of 9 artifacts have no POM/m);
    assert.match(problems, /^1 dependency has no version that can be worked out offline/m);
    assert.match(problems, /parent POMs form a cycle/);
    assert.match(problems, /^1 POM in the local stores is not well-formed/m);
    assert.ok(result.problems.every((problem) => !problem.includes('\n')));
    assert.ok(result.files.some((file) => file.endsWith(path.join('sub-b', 'pom.xml'))));
    assert.ok(result.files.some((file) => file.endsWith('parent-lib-1.0.pom')));
  });

  it('resolves build.gradle through the Gradle cache and ~/.m2', async () => {
    const result = await resolveMaven(path.join(FIXTURES, 'gradle'), OPTIONS);
    const packages = byName(result.packages);
    assert.deepEqual([...packages.keys()].sort(), ['com.acme:gonly', 'com.acme:managed-dep', 'com.acme:transitive', 'junit:junit', 'org.hamcrest:hamcrest-core']);
    const gonly = packages.get('com.acme:gonly');
    assert.equal(gonly?.scope, 'peer');
    assert.equal(gonly?.source, 'build.gradle');
    assert.equal(gonly?.license?.value, 'BSD-3-Clause');
    assert.deepEqual(gonly?.hashes, [{ algorithm: 'SHA-1', hex: '00abc4567890abc4567890abc4567890abc45678' }]);
    assert.equal(packages.get('com.acme:managed-dep')?.version, '2.0');
    assert.equal(packages.get('junit:junit')?.scope, 'dev');
    assert.match(result.problems.join('\n'), /^1 dependency has no version/m);
  });

  it('finds the local repository through ~/.m2/settings.xml', async () => {
    const result = await resolveMaven(path.join(FIXTURES, 'gradle'), { home: path.join(FIXTURES, 'settings-home'), env: {} });
    assert.equal(byName(result.packages).get('com.acme:transitive')?.license?.value, 'EPL-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0');
    assert.ok(result.files.some((file) => file.endsWith('settings.xml')));
  });

  it('a broken pom.xml gives one-line problems and what could be read', async () => {
    const result = await resolveMaven(path.join(FIXTURES, 'broken'), OPTIONS);
    assert.deepEqual(result.packages.map((found) => found.name), ['com.acme:managed-dep']);
    assert.ok(result.problems.some((problem) => problem.startsWith('pom.xml: ')));
    assert.ok(result.problems.every((problem) => !problem.includes('\n')));
  });

  it('a folder without pom.xml or build.gradle gives nothing, quietly', async () => {
    assert.deepEqual(await resolveMaven(path.join(FIXTURES, 'nowhere'), OPTIONS), { packages: [], files: [], problems: [] });
  });
});
