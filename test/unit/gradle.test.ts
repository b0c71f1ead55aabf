import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseGradle } from '../../src/core/manifests/gradle';
import { assertRangesInside } from './support/rangesInside';

interface Expected {
  name: string;
  /** The text the name range covers, when it is not `name` (map notation: the `name` value). */
  nameText?: string;
  spec: string | null;
  scope: string;
  section?: string;
  version?: string;
}

interface Case {
  title: string;
  text: string;
  expected: Expected[];
  /** How many problems; left out means none. */
  problems?: number | 'some';
}

/** A literal version resolves to itself. */
const literal = (name: string, spec: string | null, scope = 'implementation', section = 'dependencies'): Expected => ({
  name,
  spec,
  scope,
  section,
  ...(spec !== null ? { version: spec } : {}),
});

const cases: Case[] = [
  {
    title: 'Groovy string notation, with and without versions, any configuration',
    text: `dependencies {
  implementation 'org.springframework.boot:spring-boot-starter-web'
  api "com.google.guava:guava:33.2.1-jre"
  compileOnly 'org.projectlombok:lombok:1.18.30'
  runtimeOnly 'org.postgresql:postgresql:42.7.3'
  testImplementation 'org.junit.jupiter:junit-jupiter:5.10.3'
  annotationProcessor 'org.mapstruct:mapstruct-processor:1.5.5.Final'
  developmentOnly 'org.springframework.boot:spring-boot-devtools'
  kapt 'com.google.dagger:dagger-compiler:2.51'
  myCustomConfiguration 'a.b:c:1'
}`,
    expected: [
      literal('org.springframework.boot:spring-boot-starter-web', null),
      literal('com.google.guava:guava', '33.2.1-jre', 'api'),
      literal('org.projectlombok:lombok', '1.18.30', 'compileOnly'),
      literal('org.postgresql:postgresql', '42.7.3', 'runtimeOnly'),
      literal('org.junit.jupiter:junit-jupiter', '5.10.3', 'testImplementation'),
      literal('org.mapstruct:mapstruct-processor', '1.5.5.Final', 'annotationProcessor'),
      literal('org.springframework.boot:spring-boot-devtools', null, 'developmentOnly'),
      literal('com.google.dagger:dagger-compiler', '2.51', 'kapt'),
      literal('a.b:c', '1', 'myCustomConfiguration'),
    ],
  },
  {
    title: 'Kotlin DSL calls, platforms and test fixtures',
    text: `dependencies {
    implementation(platform("org.springframework.boot:spring-boot-dependencies:3.3.1"))
    implementation(enforcedPlatform("io.micronaut:micronaut-bom:4.5.0"))
    testImplementation(testFixtures("com.example:lib:1.0"))
    implementation("com.squareup.okhttp3:okhttp:4.12.0")
    implementation ( "spaced.out:call:2" )
}`,
    expected: [
      literal('org.springframework.boot:spring-boot-dependencies', '3.3.1'),
      literal('io.micronaut:micronaut-bom', '4.5.0'),
      literal('com.example:lib', '1.0', 'testImplementation'),
      literal('com.squareup.okhttp3:okhttp', '4.12.0'),
      literal('spaced.out:call', '2'),
    ],
  },
  {
    title: 'Groovy platform without parentheses around the call, and several notations in one declaration',
    text: `dependencies {
  implementation platform('org.bom:bom:1.0')
  implementation 'a:b:1', 'c:d:2'
  implementation('e:f:3',
      'g:h:4')
}`,
    expected: [literal('org.bom:bom', '1.0'), literal('a:b', '1'), literal('c:d', '2'), literal('e:f', '3'), literal('g:h', '4')],
  },
  {
    title: 'classifier and @extension are not part of the version',
    text: `dependencies {
  implementation 'a.b:c:1.0:sources@jar'
  implementation 'a.b:d:2.0@aar'
  implementation 'a.b:e@zip'
  implementation "a.b:f:3.0:jdk8"
}`,
    expected: [literal('a.b:c', '1.0'), literal('a.b:d', '2.0'), literal('a.b:e', null), literal('a.b:f', '3.0')],
  },
  {
    title: 'Groovy and Kotlin map notation; the name range is the name value',
    text: `dependencies {
  implementation group: 'org.hibernate', name: 'hibernate-core', version: '6.5.2.Final'
  runtimeOnly(group: 'com.h2database', name: 'h2')
  testImplementation group: 'x.y',
      name: 'z', version: '1', classifier: 'tests'
}
dependencies {
  implementation(group = "com.google.guava", name = "guava", version = "33.0-jre")
  api(name = "no-group", version = "2")
}`,
    expected: [
      { ...literal('org.hibernate:hibernate-core', '6.5.2.Final'), nameText: 'hibernate-core' },
      { ...literal('com.h2database:h2', null, 'runtimeOnly'), nameText: 'h2' },
      { ...literal('x.y:z', '1', 'testImplementation'), nameText: 'z' },
      { ...literal('com.google.guava:guava', '33.0-jre'), nameText: 'guava' },
      { ...literal('no-group', '2', 'api'), nameText: 'no-group' },
    ],
  },
  {
    title: 'versions from ext, ext { }, def, val and the project version',
    text: `group = 'com.acme'
version = '0.9.2'
ext.springVersion = "6.1.0"
ext {
  jacksonVersion = '2.17.1'
  nested = "\${springVersion}-patched"
}
def lombokVersion = '1.18.30'
val kotlinVersion = "1.9.24"
val typed: String = "7"
project.ext.fromProjectExt = '8'
ext["bracketed"] = '9'
dependencies {
  implementation "org.springframework:spring-core:\${springVersion}"
  implementation "com.fasterxml.jackson.core:jackson-databind:$jacksonVersion"
  implementation "x:nested:\${nested}"
  compileOnly "org.projectlombok:lombok:\${lombokVersion}"
  implementation("org.jetbrains.kotlin:kotlin-stdlib:$kotlinVersion")
  implementation("x:typed:$typed")
  implementation "x:pext:\${project.fromProjectExt}"
  implementation "x:bracketed:\${rootProject.ext.bracketed}"
  implementation "x:self:\${version}"
  implementation group: 'x', name: 'mapref', version: springVersion
  implementation "x:mixed:1.\${typed}.0"
}`,
    expected: [
      { ...literal('org.springframework:spring-core', '${springVersion}'), version: '6.1.0' },
      { ...literal('com.fasterxml.jackson.core:jackson-databind', '$jacksonVersion'), version: '2.17.1' },
      { ...literal('x:nested', '${nested}'), version: '6.1.0-patched' },
      { ...literal('org.projectlombok:lombok', '${lombokVersion}', 'compileOnly'), version: '1.18.30' },
      { ...literal('org.jetbrains.kotlin:kotlin-stdlib', '$kotlinVersion'), version: '1.9.24' },
      { ...literal('x:typed', '$typed'), version: '7' },
      { ...literal('x:pext', '${project.fromProjectExt}'), version: '8' },
      { ...literal('x:bracketed', '${rootProject.ext.bracketed}'), version: '9' },
      { ...literal('x:self', '${version}'), version: '0.9.2' },
      { ...literal('x:mapref', 'springVersion'), nameText: 'mapref', version: '6.1.0' },
      { ...literal('x:mixed', '1.${typed}.0'), version: '1.7.0' },
    ],
  },
  {
    title: 'unresolvable versions are left out: unknown, computed, ambiguous, cyclic, single-quoted ${}',
    text: `def twice = '1'
twice = '2'
def twice = '3'
def computed = "1." + minor
def a = "$b"
def b = "$a"
dependencies {
  implementation "x:unknown:\${fromGradleProperties}"
  implementation "x:computed:$computed"
  implementation "x:ambiguous:$twice"
  implementation "x:cycle:$a"
  implementation 'x:literal:\${computed}'
  implementation "x:expression:\${computed.toUpperCase()}"
  implementation "x:catalog:\${libs.versions.foo.get()}"
}`,
    expected: [
      { name: 'x:unknown', spec: '${fromGradleProperties}', scope: 'implementation', section: 'dependencies' },
      { name: 'x:computed', spec: '$computed', scope: 'implementation', section: 'dependencies' },
      { name: 'x:ambiguous', spec: '$twice', scope: 'implementation', section: 'dependencies' },
      { name: 'x:cycle', spec: '$a', scope: 'implementation', section: 'dependencies' },
      { name: 'x:literal', spec: '${computed}', scope: 'implementation', section: 'dependencies' },
      { name: 'x:expression', spec: '${computed.toUpperCase()}', scope: 'implementation', section: 'dependencies' },
      { name: 'x:catalog', spec: '${libs.versions.foo.get()}', scope: 'implementation', section: 'dependencies' },
    ],
  },
  {
    title: 'buildscript dependencies have their own section; plugins { } declares none',
    text: `buildscript {
  ext.kotlin_version = '1.9.0'
  repositories { mavenCentral() }
  dependencies {
    classpath "org.jetbrains.kotlin:kotlin-gradle-plugin:$kotlin_version"
  }
}
plugins {
  id 'org.springframework.boot' version '3.3.1'
  id("io.spring.dependency-management") version "1.1.5"
  implementation 'not:a:dependency'
}
dependencies { implementation 'a:b:1' }`,
    expected: [
      { ...literal('org.jetbrains.kotlin:kotlin-gradle-plugin', '$kotlin_version', 'classpath', 'buildscript.dependencies'), version: '1.9.0' },
      literal('a:b', '1'),
    ],
  },
  {
    title: 'project, files, fileTree, gradleApi and version catalog references are not reported',
    text: `dependencies {
  implementation project(':core')
  implementation(project(":api"))
  implementation files('libs/a.jar')
  implementation fileTree(dir: 'libs', include: ['*.jar'])
  implementation gradleApi()
  implementation(libs.jackson.databind)
  implementation libs.bundles.spring
  implementation(platform(libs.spring.bom))
  implementation(platform(project(":platform")))
  testImplementation(testFixtures(project(":lib")))
  implementation 'kept:one:1'
}`,
    expected: [literal('kept:one', '1')],
  },
  {
    title: 'configuration closures are fine, and their excludes are not dependencies',
    text: `dependencies {
  implementation('g:a:1') {
    exclude group: 'x', module: 'y'
    exclude group: 'x', name: 'z'
    because 'reasons'
  }
  implementation("g:b:2") { exclude(group = "x", module = "y"); isTransitive = false }
  implementation 'g:c:3'
}`,
    expected: [literal('g:a', '1'), literal('g:b', '2'), literal('g:c', '3')],
  },
  {
    title: 'dependencies nested in other blocks, conditionals and constraints',
    text: `subprojects {
  dependencies {
    implementation 'sub:one:1'
    if (project.hasProperty('x')) {
      runtimeOnly 'sub:two:2'
    }
    constraints {
      implementation('sub:pinned:3') { because 'CVE' }
    }
  }
}
dependencies { add("runtimeOnly", "org.h2:h2:2.2") }`,
    expected: [
      literal('sub:one', '1'),
      literal('sub:two', '2', 'runtimeOnly'),
      literal('sub:pinned', '3', 'implementation', 'dependencies.constraints'),
      literal('org.h2:h2', '2.2', 'runtimeOnly'),
    ],
  },
  {
    title: 'comments and look-alike strings are ignored',
    text: `// implementation 'commented:out:1'
/* implementation 'block:comment:1'
   dependencies { implementation 'x:y:1' } */
def note = "dependencies { implementation 'in:string:1' }"
dependencies {
  // implementation 'line:comment:1'
  implementation 'real:one:1' // trailing comment
  implementation /* inline */ 'real:two:2'
  implementation """triple:quoted:3"""
  implementation '''triple:single:4'''
}`,
    expected: [literal('real:one', '1'), literal('real:two', '2'), literal('triple:quoted', '3'), literal('triple:single', '4')],
  },
  {
    title: 'interpolation holding a colon or a brace does not split the notation',
    text: `ext.v = '5'
dependencies {
  implementation "g:a:\${findProperty('v') ?: '1'}"
  implementation "g:b:\${v}"
}`,
    expected: [
      { name: 'g:a', spec: "${findProperty('v') ?: '1'}", scope: 'implementation', section: 'dependencies' },
      { ...literal('g:b', '${v}'), version: '5' },
    ],
  },
  {
    title: 'half-typed: unterminated string at the end',
    text: `dependencies {\n  implementation 'a:b:1'\n  implementation 'org.spr`,
    expected: [literal('a:b', '1')],
    problems: 2,
  },
  {
    title: 'half-typed: unterminated string mid-file ends at its line',
    text: `dependencies {\n  implementation 'a:b:1\n  implementation 'c:d:2'\n}`,
    expected: [literal('a:b', '1'), literal('c:d', '2')],
    problems: 1,
  },
  {
    title: 'half-typed: unterminated interpolation',
    text: `dependencies {\n  implementation "a:b:\${v`,
    expected: [{ name: 'a:b', spec: '${v', scope: 'implementation', section: 'dependencies' }],
    problems: 2,
  },
  {
    title: 'half-typed: unclosed block comment hides the rest',
    text: `dependencies {\n  implementation 'a:b:1'\n  /* implementation 'x:y:1'\n  implementation 'c:d:2'`,
    expected: [literal('a:b', '1')],
    problems: 2,
  },
  {
    title: 'half-typed: missing parentheses and braces do not take the next declarations with them',
    text: `dependencies {\n  implementation("a:b:1"\n  testImplementation("c:d:2")\n  implementation(\n}\ndependencies { api 'x:y:2' }\nfoo(`,
    expected: [literal('a:b', '1'), literal('c:d', '2', 'testImplementation'), literal('x:y', '2', 'api')],
  },
  {
    title: 'half-typed: not yet a coordinate',
    text: `dependencies {\n  implementation 'guava'\n  implementation ''\n  implementation 'a:b:1'\n}`,
    expected: [literal('a:b', '1')],
    problems: 2,
  },
  {
    title: 'a stray closing brace is reported and skipped',
    text: `}\ndependencies {\n  implementation 'a:b:1'\n}`,
    expected: [literal('a:b', '1')],
    problems: 1,
  },
  {
    title: 'Windows line endings and tabs',
    text: `dependencies {\r\n\timplementation 'a:b:1'\r\n\tapi("c:d:2")\r\n}\r\n`,
    expected: [literal('a:b', '1'), literal('c:d', '2', 'api')],
  },
  { title: 'empty file', text: '', expected: [] },
];

describe('parseGradle', () => {
  for (const row of cases) {
    it(row.title, () => {
      const parsed = parseGradle(row.text);
      assert.equal(parsed.kind, 'gradle');
      const actual = parsed.dependencies.map((dependency) => ({
        name: dependency.name,
        nameText: row.text.slice(dependency.nameRange.start, dependency.nameRange.end),
        spec: dependency.spec,
        specText: dependency.specRange ? row.text.slice(dependency.specRange.start, dependency.specRange.end) : null,
        section: dependency.section,
        scope: dependency.scope,
        version: dependency.version,
        ecosystem: dependency.ecosystem,
      }));
      const expected = row.expected.map((dependency) => ({
        name: dependency.name,
        nameText: dependency.nameText ?? dependency.name,
        spec: dependency.spec,
        specText: dependency.spec,
        section: dependency.section ?? 'dependencies',
        scope: dependency.scope,
        version: dependency.version,
        ecosystem: 'maven',
      }));
      assert.deepEqual(actual, expected);
      if (row.problems === 'some') {
        assert.ok(parsed.problems.length > 0, 'reports a problem');
      } else {
        assert.equal(parsed.problems.length, row.problems ?? 0, JSON.stringify(parsed.problems));
      }
      assertRangesInside(parsed, row.text.length);
    });
  }

  it('every prefix of a build script parses, keeping each complete declaration', () => {
    const text = `plugins { id 'java' }\next.v = "2"\ndependencies {\n  implementation 'a:b:1' // note\n  api("c:d:$v")\n  testImplementation group: 'e', name: 'f', version: '3'\n}\n`;
    const completeAt = [
      { name: 'a:b', end: text.indexOf("'a:b:1'") + 7 },
      { name: 'c:d', end: text.indexOf('"c:d:$v"') + 8 },
      { name: 'e:f', end: text.indexOf("'3'") + 3 },
    ];
    for (let cut = 0; cut <= text.length; cut++) {
      const prefix = text.slice(0, cut);
      const parsed = parseGradle(prefix);
      assertRangesInside(parsed, prefix.length);
      const names = parsed.dependencies.map((dependency) => dependency.name);
      for (const { name, end } of completeAt) {
        if (cut >= end) {
          assert.ok(names.includes(name), `${name} missing at ${cut}: ${JSON.stringify(prefix)}`);
        }
      }
    }
  });

  it('never throws on arbitrary script-ish text', () => {
    const unit = fc.constantFrom('"', "'", '"""', '$', '${', '{', '}', '(', ')', '[', ']', ':', '=', ',', '.', '/', '*', '//', '/*', '*/', '\\', '\n', ' ', '`', '@', 'dependencies', 'buildscript', 'plugins', 'implementation', 'platform', 'ext', 'def', 'val', 'name', 'group', 'version', 'a:b:1', 'x');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 200 }), (text) => {
        assertRangesInside(parseGradle(text), text.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays fast on large and hostile input', function () {
    this.timeout(20_000);
    const hostile = [
      'dependencies {\n' + "  implementation 'a:b:1'\n".repeat(20_000) + '}',
      'dependencies { implementation "' + '${'.repeat(50_000),
      '{'.repeat(50_000) + '}'.repeat(50_000),
      'dependencies { implementation(' + '('.repeat(50_000),
      Array.from({ length: 2000 }, (_, i) => `def v${i} = "\${v${i + 1}}\${v${i + 1}}"`).join('\n') + '\ndependencies { implementation "a:b:$v0" }',
      'dependencies {\n' + '  implementation group: '.repeat(20_000),
    ];
    for (const text of hostile) {
      const started = Date.now();
      assertRangesInside(parseGradle(text), text.length);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    }
  });
});
