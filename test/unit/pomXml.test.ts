import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePomXml } from '../../src/core/manifests/pomXml';
import { assertRangesInside } from './support/rangesInside';

interface Expected {
  name: string;
  /** The artifactId the name range covers. */
  nameText: string;
  spec: string | null;
  /** The text the spec range covers, when entities make it differ from the spec. */
  specText?: string;
  section: string;
  version?: string;
  scope?: string;
  optional?: true;
}

interface Case {
  title: string;
  text: string;
  expected: Expected[];
  /** How many problems; left out means none. */
  problems?: number | 'some';
}

/** One `<dependency>` element; fields given as undefined are left out. */
function dep(fields: { groupId?: string; artifactId?: string; version?: string; scope?: string; optional?: string }): string {
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([tag, value]) => `<${tag}>${value}</${tag}>`);
  return `\n    <dependency>${parts.join('')}</dependency>`;
}

function pom(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n${body}\n</project>\n`;
}

const G = 'org.example';
const plain = (artifactId: string, spec: string | null, section = 'dependencies'): Expected => ({
  name: `${G}:${artifactId}`,
  nameText: artifactId,
  spec,
  section,
  ...(spec !== null && !spec.includes('$') ? { version: spec } : {}),
});

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE project [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<project>
  <properties><boom>&lol9;</boom></properties>
  <dependencies>
    <dependency><groupId>&lol9;</groupId><artifactId>a</artifactId><version>&lol9;</version></dependency>
    <dependency><groupId>g</groupId><artifactId>b</artifactId><version>\${boom}</version></dependency>
    <dependency><groupId>g</groupId><artifactId>c</artifactId><version>1.0</version></dependency>
  </dependencies>
</project>`;

const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE project [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY % remote SYSTEM "http://example.invalid/x.dtd"> %remote; ]>
<project>
  <dependencies>
    <dependency><groupId>g</groupId><artifactId>&xxe;</artifactId><version>&xxe;</version></dependency>
    <dependency><groupId>g</groupId><artifactId>ok</artifactId><version>2</version></dependency>
  </dependencies>
</project>`;

const cases: Case[] = [
  {
    title: 'project dependencies with groupId:artifactId names, versions and scopes',
    text: pom(`  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '1.0' })}${dep({ groupId: G, artifactId: 'b', version: '2.0', scope: 'test' })}\n  </dependencies>`),
    expected: [plain('a', '1.0'), { ...plain('b', '2.0'), scope: 'test' }],
  },
  {
    title: 'no groupId names the dependency by artifactId alone; no version gives null spec',
    text: pom(`  <dependencies>${dep({ artifactId: 'lonely' })}\n  </dependencies>`),
    expected: [{ name: 'lonely', nameText: 'lonely', spec: null, section: 'dependencies' }],
  },
  {
    title: 'dependencyManagement, including an imported BOM',
    text: pom(
      `  <dependencyManagement>\n    <dependencies>${dep({ groupId: G, artifactId: 'bom', version: '3', scope: 'import' })}\n    </dependencies>\n  </dependencyManagement>` +
        `\n  <dependencies>${dep({ groupId: G, artifactId: 'x' })}</dependencies>`,
    ),
    expected: [{ ...plain('bom', '3', 'dependencyManagement'), scope: 'import' }, plain('x', null)],
  },
  {
    title: 'profiles: dependencies and dependencyManagement under the profile id; an id after them still counts',
    text: pom(`  <profiles>
    <profile>
      <id>ci</id>
      <dependencies>${dep({ groupId: G, artifactId: 'p1', version: '1' })}</dependencies>
      <dependencyManagement><dependencies>${dep({ groupId: G, artifactId: 'p2', version: '2' })}</dependencies></dependencyManagement>
    </profile>
    <profile>
      <dependencies>${dep({ groupId: G, artifactId: 'p3', version: '3' })}</dependencies>
      <id>late</id>
    </profile>
    <profile>
      <dependencies>${dep({ groupId: G, artifactId: 'p4', version: '4' })}</dependencies>
    </profile>
  </profiles>`),
    expected: [
      plain('p1', '1', 'profiles.ci.dependencies'),
      plain('p2', '2', 'profiles.ci.dependencyManagement'),
      plain('p3', '3', 'profiles.late.dependencies'),
      plain('p4', '4', 'profiles.default.dependencies'),
    ],
  },
  {
    title: 'plugin dependencies, pluginManagement, reporting and exclusions are not dependencies',
    text: pom(`  <dependencies>
    <dependency>
      <groupId>${G}</groupId><artifactId>kept</artifactId><version>1</version>
      <exclusions><exclusion><groupId>x</groupId><artifactId>excluded</artifactId></exclusion></exclusions>
    </dependency>
  </dependencies>
  <build>
    <plugins><plugin><artifactId>p</artifactId><dependencies>${dep({ groupId: G, artifactId: 'plugin-dep', version: '1' })}</dependencies></plugin></plugins>
    <pluginManagement><plugins><plugin><dependencies>${dep({ groupId: G, artifactId: 'pm-dep', version: '1' })}</dependencies></plugin></plugins></pluginManagement>
  </build>
  <reporting><plugins><plugin><dependencies>${dep({ groupId: G, artifactId: 'report-dep' })}</dependencies></plugin></plugins></reporting>
  <profiles><profile><id>x</id><build><plugins><plugin><dependencies>${dep({ groupId: G, artifactId: 'profile-plugin-dep' })}</dependencies></plugin></plugins></build></profile></profiles>`),
    expected: [plain('kept', '1')],
  },
  {
    title: 'dependencies outside <project> are not read',
    text: `<settings><dependencies>${dep({ groupId: G, artifactId: 'a', version: '1' })}</dependencies></settings>`,
    expected: [],
  },
  {
    title: 'properties resolve, recursively; ranges and ${} specs stay as written',
    text: pom(`  <properties>
    <jackson.version>2.17.1</jackson.version>
    <base>1.2</base>
    <derived>\${base}.3</derived>
  </properties>
  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '${jackson.version}' })}${dep({ groupId: G, artifactId: 'b', version: '${derived}-SNAPSHOT' })}${dep({ groupId: G, artifactId: 'c', version: '[1.0,2.0)' })}
  </dependencies>`),
    expected: [
      { ...plain('a', '${jackson.version}'), version: '2.17.1' },
      { ...plain('b', '${derived}-SNAPSHOT'), version: '1.2.3-SNAPSHOT' },
      plain('c', '[1.0,2.0)'),
    ],
  },
  {
    title: 'project.version, pom.version, version, project.parent.version and project.groupId',
    text: pom(`  <parent><groupId>org.parent</groupId><artifactId>parent</artifactId><version>9.0</version></parent>
  <version>\${revision}</version>
  <properties><revision>5.1</revision></properties>
  <dependencies>${dep({ groupId: '${project.groupId}', artifactId: 'a', version: '${project.version}' })}${dep({ groupId: G, artifactId: 'b', version: '${pom.version}' })}${dep({ groupId: G, artifactId: 'c', version: '${version}' })}${dep({ groupId: G, artifactId: 'd', version: '${project.parent.version}' })}${dep({ groupId: G, artifactId: 'e', version: '${project.groupId}' })}
  </dependencies>`),
    expected: [
      { name: '${project.groupId}:a', nameText: 'a', spec: '${project.version}', section: 'dependencies', version: '5.1' },
      { ...plain('b', '${pom.version}'), version: '5.1' },
      { ...plain('c', '${version}'), version: '5.1' },
      { ...plain('d', '${project.parent.version}'), version: '9.0' },
      { ...plain('e', '${project.groupId}'), version: 'org.parent' },
    ],
  },
  {
    title: "without its own <version> the project's version is its parent's",
    text: pom(`  <parent><version>4.4</version></parent>\n  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '${project.version}' })}</dependencies>`),
    expected: [{ ...plain('a', '${project.version}'), version: '4.4' }],
  },
  {
    title: 'profile properties apply inside their profile before the project ones',
    text: pom(`  <properties><v>1</v></properties>
  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '${v}' })}</dependencies>
  <profiles><profile><id>p</id><properties><v>2</v></properties><dependencies>${dep({ groupId: G, artifactId: 'b', version: '${v}' })}</dependencies></profile></profiles>`),
    expected: [
      { ...plain('a', '${v}'), version: '1' },
      { ...plain('b', '${v}', 'profiles.p.dependencies'), version: '2' },
    ],
  },
  {
    title: 'unknown properties, cycles and unclosed ${ leave the version unresolved',
    text: pom(`  <properties><x>\${y}</x><y>\${x}</y><self>\${self}</self></properties>
  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '${env.HOME}' })}${dep({ groupId: G, artifactId: 'b', version: '${x}' })}${dep({ groupId: G, artifactId: 'c', version: '${self}' })}${dep({ groupId: G, artifactId: 'd', version: '${oops' })}${dep({ groupId: G, artifactId: 'e', version: '1.${missing}' })}
  </dependencies>`),
    expected: [plain('a', '${env.HOME}'), plain('b', '${x}'), plain('c', '${self}'), plain('d', '${oops'), plain('e', '1.${missing}')],
  },
  {
    title: 'properties repeating each other exponentially are not expanded',
    text: pom(`  <properties>
    <a>\${b}\${b}\${b}\${b}\${b}\${b}\${b}\${b}\${b}\${b}</a>
    <b>\${c}\${c}\${c}\${c}\${c}\${c}\${c}\${c}\${c}\${c}</b>
    <c>\${d}\${d}\${d}\${d}\${d}\${d}\${d}\${d}\${d}\${d}</c>
    <d>\${e}\${e}\${e}\${e}\${e}\${e}\${e}\${e}\${e}\${e}</d>
    <e>0123456789</e>
  </properties>
  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '${a}' })}${dep({ groupId: G, artifactId: 'e', version: '${e}' })}</dependencies>`),
    expected: [plain('a', '${a}'), { ...plain('e', '${e}'), version: '0123456789' }],
  },
  {
    title: 'whitespace, comments, CDATA, character references and CRLF inside values',
    text: pom(
      `  <dependencies>\r\n    <dependency>\r\n      <groupId> ${G} </groupId>\r\n      <!-- <artifactId>commented</artifactId> -->\r\n      <artifactId>\r\n        spaced\r\n      </artifactId>\r\n      <version><![CDATA[1.0]]></version>\r\n    </dependency>` +
        `${dep({ groupId: G, artifactId: 'amp', version: '1.0&amp;x&#46;&#x41;' })}\n  </dependencies>`,
    ),
    expected: [plain('spaced', '1.0'), { name: `${G}:amp`, nameText: 'amp', spec: '1.0&x.A', specText: '1.0&amp;x&#46;&#x41;', section: 'dependencies', version: '1.0&x.A' }],
  },
  {
    title: 'optional and a self-closing element',
    text: pom(`  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '1', optional: 'true' })}<dependency><groupId>${G}</groupId><artifactId>b</artifactId><version/></dependency></dependencies>`),
    expected: [{ ...plain('a', '1'), optional: true }, plain('b', null)],
  },
  {
    title: 'billion laughs: DOCTYPE entities are never expanded',
    text: BILLION_LAUGHS,
    expected: [
      { name: '&lol9;:a', nameText: 'a', spec: '&lol9;', section: 'dependencies' },
      { name: 'g:b', nameText: 'b', spec: '${boom}', section: 'dependencies' },
      { name: 'g:c', nameText: 'c', spec: '1.0', section: 'dependencies', version: '1.0' },
    ],
    problems: 'some',
  },
  {
    title: 'external SYSTEM entities are neither fetched nor expanded',
    text: EXTERNAL_ENTITY,
    expected: [
      { name: 'g:&xxe;', nameText: '&xxe;', spec: '&xxe;', section: 'dependencies' },
      { name: 'g:ok', nameText: 'ok', spec: '2', section: 'dependencies', version: '2' },
    ],
    problems: 'some',
  },
  {
    title: 'truncated inside a version: everything seen so far is kept',
    text: `<project><dependencies>${dep({ groupId: G, artifactId: 'a', version: '1' })}<dependency><groupId>${G}</groupId><artifactId>b</artifactId><version>1.2`,
    expected: [plain('a', '1'), plain('b', '1.2')],
    problems: 4,
  },
  {
    title: 'truncated inside an artifactId and inside its close tag',
    text: `<project><dependencies>${dep({ groupId: G, artifactId: 'a', version: '1' })}<dependency><groupId>${G}</groupId><artifactId>b</artifa`,
    expected: [plain('a', '1'), plain('b', null)],
    problems: 'some',
  },
  {
    title: 'truncated before the artifactId: that dependency is not reported yet',
    text: `<project><dependencies>${dep({ groupId: G, artifactId: 'a', version: '1' })}<dependency><groupId>${G}</groupId><artifa`,
    expected: [plain('a', '1')],
    problems: 'some',
  },
  {
    title: 'truncated mid open tag',
    text: `<project><dependencies>${dep({ groupId: G, artifactId: 'a', version: '1' })}<depend`,
    expected: [plain('a', '1')],
    problems: 'some',
  },
  {
    title: 'unclosed comment at the end hides what it covers',
    text: `<project><dependencies>${dep({ groupId: G, artifactId: 'a', version: '1' })}<!-- ${dep({ groupId: G, artifactId: 'hidden', version: '1' })}`,
    expected: [plain('a', '1')],
    problems: 'some',
  },
  {
    title: 'a misspelt close tag does not lose the dependencies after it',
    text: pom(`  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '1' })}
    <dependency><groupId>${G}</groupId><artifactId>b</artifactId><version>2</verison></dependency>${dep({ groupId: G, artifactId: 'c', version: '3' })}
  </dependencies>`),
    expected: [plain('a', '1'), plain('b', '2'), plain('c', '3')],
    problems: 'some',
  },
  {
    title: 'a half-typed close tag costs at most the element it runs into',
    text: pom(`  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '1' })}
    <dependency><groupId>${G}</groupId><artifactId>b</artifactId></dependen
    ${dep({ groupId: G, artifactId: 'swallowed', version: '1' })}${dep({ groupId: G, artifactId: 'd', version: '4' })}
  </dependencies>`),
    expected: [plain('a', '1'), plain('b', null), plain('d', '4')],
    problems: 'some',
  },
  {
    title: 'a closed dependency without artifactId is a problem, not a dependency',
    text: pom(`  <dependencies>${dep({ groupId: G, version: '1' })}${dep({ groupId: G, artifactId: 'a' })}</dependencies>`),
    expected: [plain('a', null)],
    problems: 1,
  },
  { title: 'empty document', text: '', expected: [], problems: 'some' },
  { title: 'not XML at all', text: 'implementation "a:b:1"', expected: [], problems: 'some' },
];

describe('parsePomXml', () => {
  for (const row of cases) {
    it(row.title, () => {
      const parsed = parsePomXml(row.text);
      assert.equal(parsed.kind, 'maven');
      const actual = parsed.dependencies.map((dependency) => ({
        name: dependency.name,
        nameText: row.text.slice(dependency.nameRange.start, dependency.nameRange.end),
        spec: dependency.spec,
        specText: dependency.specRange ? row.text.slice(dependency.specRange.start, dependency.specRange.end) : null,
        section: dependency.section,
        version: dependency.version,
        scope: dependency.scope,
        optional: dependency.optional,
        ecosystem: dependency.ecosystem,
      }));
      const expected = row.expected.map((dependency) => ({
        name: dependency.name,
        nameText: dependency.nameText,
        spec: dependency.spec,
        specText: dependency.specText ?? dependency.spec,
        section: dependency.section,
        version: dependency.version,
        scope: dependency.scope,
        optional: dependency.optional,
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

  it('reports an undefined entity where it is written', () => {
    const parsed = parsePomXml(EXTERNAL_ENTITY);
    const entityProblems = parsed.problems.filter((problem) => problem.message.includes('undefined entity'));
    assert.ok(entityProblems.length >= 2);
    for (const problem of entityProblems) {
      assert.ok(EXTERNAL_ENTITY.slice(problem.range.start - 5, problem.range.end).includes('xxe;'));
    }
  });

  it('every prefix of a pom parses, keeping each dependency whose artifactId is complete', () => {
    const text = pom(`  <properties><v>1</v></properties>
  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '${v}' })}<!-- note -->${dep({ groupId: G, artifactId: 'b', version: '2', scope: 'test' })}
  </dependencies>`);
    for (let cut = 0; cut <= text.length; cut++) {
      const prefix = text.slice(0, cut);
      const parsed = parsePomXml(prefix);
      assertRangesInside(parsed, prefix.length);
      const complete = [...prefix.matchAll(/<artifactId>(\w+)<\/artifactId>/g)].map((match) => `${G}:${match[1]}`);
      const names = parsed.dependencies.map((dependency) => dependency.name);
      for (const name of complete) {
        assert.ok(names.includes(name), `${name} missing at ${cut}`);
      }
    }
  });

  it('never throws on arbitrary XML-ish text', () => {
    const unit = fc.constantFrom('<', '>', '/', '!', '-', '[', ']', '&', ';', '#', '"', "'", '=', ' ', '\n', '\r', 'a', '?', 'project', 'dependency', 'dependencies', 'artifactId', 'version', 'CDATA', 'DOCTYPE', '${', '}', '\uD800');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 200 }), (text) => {
        assertRangesInside(parsePomXml(text), text.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('stays fast on large and hostile input', function () {
    this.timeout(20_000);
    const hostile = [
      '<project>' + '<a>'.repeat(20_000),
      '<project><dependencies><dependency><artifactId>' + ']]>'.repeat(20_000),
      '<project><properties>' + Array.from({ length: 2000 }, (_, i) => `<p${i}>\${p${i + 1}}\${p${i + 1}}</p${i}>`).join('') + '</properties></project>',
      '<project>' + '</x>'.repeat(20_000),
      pom(`  <dependencies>${dep({ groupId: G, artifactId: 'a', version: '1' }).repeat(5000)}</dependencies>`),
    ];
    for (const text of hostile) {
      const started = Date.now();
      assertRangesInside(parsePomXml(text), text.length);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    }
  });
});
