import * as assert from 'node:assert/strict';
import { applyEdits, lowerBoundOnly, replacementEdits, specEdits } from '../../src/core/manifests/dependencyEdits';
import { pinBelowSpec } from '../../src/core/manifests/requirementSyntax';
import { parseManifest } from '../../src/core/manifests';
import type { ManifestKind } from '../../src/core/manifests/types';

interface EditCase {
  readonly title: string;
  readonly kind: ManifestKind;
  readonly text: string;
  /** The dependency to edit, by name. */
  readonly dependency: string;
  readonly target: { name: string; spec?: string };
  /** The text after the edit, or null when no exact edit exists. */
  readonly expected: string | null;
  /** What the edited manifest names (name, package, spec), when not the target itself. */
  readonly reparsed?: { name: string; package?: string; spec: string | null };
}

const REPLACEMENTS: readonly EditCase[] = [
  {
    title: 'package.json',
    kind: 'npm',
    text: '{\n  "dependencies": {\n    "left-pad": "1.3.0",\n    "express": "^4.19.2"\n  }\n}\n',
    dependency: 'left-pad',
    target: { name: 'string.prototype.padstart', spec: '^3.1.6' },
    expected: '{\n  "dependencies": {\n    "string.prototype.padstart": "^3.1.6",\n    "express": "^4.19.2"\n  }\n}\n',
  },
  {
    title: 'package.json npm: alias keeps its name, the whole spec changes',
    kind: 'npm',
    text: '{"dependencies": {"my-lodash": "npm:lodash@^4.17.21"}}',
    dependency: 'my-lodash',
    target: { name: 'lodash-es', spec: '^4.17.22' },
    expected: '{"dependencies": {"my-lodash": "npm:lodash-es@^4.17.22"}}',
    reparsed: { name: 'my-lodash', package: 'lodash-es', spec: 'npm:lodash-es@^4.17.22' },
  },
  {
    title: 'package.json, an alternative without a spec takes any version',
    kind: 'npm',
    text: '{"dependencies": {"left-pad": "1.3.0"}}',
    dependency: 'left-pad',
    target: { name: '@scope/pad' },
    expected: '{"dependencies": {"@scope/pad": "*"}}',
  },
  {
    title: 'composer.json',
    kind: 'composer',
    text: '{"require": {"php": ">=8.1", "old/lib": "^1.0"}}',
    dependency: 'old/lib',
    target: { name: 'new/lib', spec: '^2.0' },
    expected: '{"require": {"php": ">=8.1", "new/lib": "^2.0"}}',
  },
  {
    title: 'requirements.txt with extras and markers',
    kind: 'requirements',
    text: 'requests==2.32.3\nuvicorn[standard]>=0.30 ; python_version >= "3.9"\n',
    dependency: 'uvicorn',
    target: { name: 'hypercorn', spec: '>=0.17' },
    expected: 'requests==2.32.3\nhypercorn[standard]>=0.17 ; python_version >= "3.9"\n',
  },
  {
    title: 'requirements.txt without a spec gets one; a bare version becomes ==',
    kind: 'requirements',
    text: 'flask\nrequests\n',
    dependency: 'flask',
    target: { name: 'quart', spec: '0.19.6' },
    expected: 'quart==0.19.6\nrequests\n',
    reparsed: { name: 'quart', spec: '==0.19.6' },
  },
  {
    title: 'pyproject PEP 621 string',
    kind: 'pyproject',
    text: '[project]\nname = "x"\ndependencies = ["requests>=2", "flask"]\n',
    dependency: 'requests',
    target: { name: 'httpx', spec: '>=0.27' },
    expected: '[project]\nname = "x"\ndependencies = ["httpx>=0.27", "flask"]\n',
  },
  {
    title: 'pyproject PEP 621 string without a spec',
    kind: 'pyproject',
    text: '[project]\nname = "x"\ndependencies = ["flask[async]", "rich"]\n',
    dependency: 'flask',
    target: { name: 'quart', spec: '>=0.19' },
    expected: '[project]\nname = "x"\ndependencies = ["quart[async]>=0.19", "rich"]\n',
  },
  {
    title: 'pyproject Poetry table, a dotted name is quoted',
    kind: 'pyproject',
    text: '[tool.poetry.dependencies]\npython = "^3.11"\nnumpy = "^1.26"\n',
    dependency: 'numpy',
    target: { name: 'zope.interface', spec: '^6.0' },
    expected: '[tool.poetry.dependencies]\npython = "^3.11"\n"zope.interface" = "^6.0"\n',
  },
  {
    title: 'Pipfile',
    kind: 'pipfile',
    text: '[packages]\nrequests = "*"\nfoo = {version = ">=1"}\n',
    dependency: 'foo',
    target: { name: 'bar', spec: '>=2' },
    expected: '[packages]\nrequests = "*"\nbar = {version = ">=2"}\n',
  },
  {
    title: 'Cargo.toml inline table',
    kind: 'cargo',
    text: '[dependencies]\nserde = { version = "1.0", features = ["derive"] }\ntokio = "1.38"\n',
    dependency: 'serde',
    target: { name: 'miniserde', spec: '0.1' },
    expected: '[dependencies]\nminiserde = { version = "0.1", features = ["derive"] }\ntokio = "1.38"\n',
  },
  {
    title: 'Cargo.toml table header',
    kind: 'cargo',
    text: '[dependencies.z]\nversion = "3"\n',
    dependency: 'z',
    target: { name: 'zz', spec: '4' },
    expected: '[dependencies.zz]\nversion = "4"\n',
  },
  {
    title: 'Cargo.toml rename: not exact, not offered',
    kind: 'cargo',
    text: '[dependencies]\nx = { package = "y", version = "2" }\n',
    dependency: 'x',
    target: { name: 'z', spec: '1' },
    expected: null,
  },
  {
    title: 'go.mod block',
    kind: 'gomod',
    text: 'module a\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/spf13/cobra v1.8.1\n)\n',
    dependency: 'github.com/gin-gonic/gin',
    target: { name: 'github.com/labstack/echo/v4', spec: 'v4.12.0' },
    expected: 'module a\n\ngo 1.22\n\nrequire (\n\tgithub.com/labstack/echo/v4 v4.12.0\n\tgithub.com/spf13/cobra v1.8.1\n)\n',
  },
  {
    title: 'go.mod needs a version',
    kind: 'gomod',
    text: 'module a\nrequire github.com/a/b v1.0.0\n',
    dependency: 'github.com/a/b',
    target: { name: 'github.com/c/d' },
    expected: null,
  },
  {
    title: 'Gemfile',
    kind: 'gemfile',
    text: "source 'https://rubygems.org'\ngem 'rack', '>= 2', '< 3'\ngem 'pg'\n",
    dependency: 'rack',
    target: { name: 'rack-next', spec: '~> 1.0' },
    expected: "source 'https://rubygems.org'\ngem 'rack-next', '~> 1.0'\ngem 'pg'\n",
  },
  {
    title: 'Gemfile without a version gets one',
    kind: 'gemfile',
    text: 'gem "pg"\n',
    dependency: 'pg',
    target: { name: 'trilogy', spec: '~> 2.8' },
    expected: 'gem "trilogy", "~> 2.8"\n',
  },
  {
    title: 'pom.xml: groupId and artifactId of the same dependency',
    kind: 'maven',
    text: '<project><dependencies><dependency><groupId>org.a</groupId><artifactId>b</artifactId><version>1.2</version></dependency><dependency><groupId>org.c</groupId><artifactId>d</artifactId><version>3</version></dependency></dependencies></project>',
    dependency: 'org.c:d',
    target: { name: 'org.e:f', spec: '4.0' },
    expected: '<project><dependencies><dependency><groupId>org.a</groupId><artifactId>b</artifactId><version>1.2</version></dependency><dependency><groupId>org.e</groupId><artifactId>f</artifactId><version>4.0</version></dependency></dependencies></project>',
  },
  {
    title: 'pom.xml version from a property: not exact, not offered',
    kind: 'maven',
    text: '<project><properties><v>1.0</v></properties><dependencies><dependency><groupId>org.c</groupId><artifactId>d</artifactId><version>${v}</version></dependency></dependencies></project>',
    dependency: 'org.c:d',
    target: { name: 'org.e:f', spec: '4.0' },
    expected: null,
  },
  {
    title: 'build.gradle string notation',
    kind: 'gradle',
    text: "dependencies {\n  implementation 'org.a:b:1.2'\n}\n",
    dependency: 'org.a:b',
    target: { name: 'org.e:f', spec: '4.0' },
    expected: "dependencies {\n  implementation 'org.e:f:4.0'\n}\n",
  },
  {
    title: 'build.gradle map notation: not exact, not offered',
    kind: 'gradle',
    text: "dependencies {\n  implementation group: 'org.c', name: 'd', version: '3.4'\n}\n",
    dependency: 'org.c:d',
    target: { name: 'org.e:f', spec: '4.0' },
    expected: null,
  },
  {
    title: 'a hostile spec is refused',
    kind: 'npm',
    text: '{"dependencies": {"left-pad": "1.3.0"}}',
    dependency: 'left-pad',
    target: { name: 'pad', spec: '1", "evil": "1' },
    expected: null,
  },
  {
    title: 'a hostile name is refused',
    kind: 'requirements',
    text: 'flask\n',
    dependency: 'flask',
    target: { name: 'evil\n--index-url https://evil.example' },
    expected: null,
  },
];

function findDependency(kind: ManifestKind, text: string, name: string) {
  const dependency = parseManifest(kind, text).dependencies.find((candidate) => candidate.name === name);
  assert.ok(dependency, `${name} not parsed`);
  return dependency;
}

describe('replacementEdits', () => {
  for (const row of REPLACEMENTS) {
    it(row.title, () => {
      const edits = replacementEdits(row.kind, row.text, findDependency(row.kind, row.text, row.dependency), row.target);
      if (row.expected === null) {
        assert.equal(edits, null);
        return;
      }
      assert.ok(edits, 'no edits');
      const edited = applyEdits(row.text, edits);
      assert.equal(edited, row.expected);
      const reparsed = parseManifest(row.kind, edited);
      assert.deepEqual(reparsed.problems, [], 'the edited manifest parses cleanly');
      const original = parseManifest(row.kind, row.text);
      assert.equal(reparsed.dependencies.length, original.dependencies.length, 'same number of dependencies');
      const expected = row.reparsed ?? { name: row.target.name, spec: row.target.spec ?? (row.kind === 'npm' ? '*' : null) };
      const found = reparsed.dependencies.find((dependency) => dependency.name === expected.name);
      assert.ok(found, `${expected.name} not in ${reparsed.dependencies.map((dependency) => dependency.name).join(', ')}`);
      assert.equal(found.spec, expected.spec);
      if (expected.package !== undefined) {
        assert.equal(found.package, expected.package);
      }
      assert.ok(!reparsed.dependencies.some((dependency) => dependency.name === row.dependency && row.dependency !== expected.name), 'the old name is gone');
    });
  }
});

describe('pin below', () => {
  const bounds: [string, string | null][] = [
    ['>=1.40.0', '1.40.0'],
    ['>=1.40', '1.40.0'],
    ['>= 4.7.0', '4.7.0'],
    ['>1.0.0', null],
    ['>=1.0.0 <2.0.0', null],
    ['>=1.0.0 || >=3.0.0', null],
    ['<2', null],
    ['*', null],
    ['not a range', null],
  ];
  for (const [range, expected] of bounds) {
    it(`lowerBoundOnly(${JSON.stringify(range)})`, () => assert.equal(lowerBoundOnly(range), expected));
  }

  const specs: [ManifestKind, string | null][] = [
    ['npm', '<1.40.0'],
    ['cargo', '<1.40.0'],
    ['composer', '<1.40.0'],
    ['requirements', '<1.40.0'],
    ['gemfile', '< 1.40.0'],
    ['maven', '(,1.40.0)'],
    ['gradle', '(,1.40.0)'],
    ['gomod', null],
  ];
  for (const [kind, expected] of specs) {
    it(`pinBelowSpec(${kind})`, () => assert.equal(pinBelowSpec(kind, '1.40.0'), expected));
  }

  const pins: { kind: ManifestKind; text: string; dependency: string; expected: string | null; spec?: string }[] = [
    { kind: 'cargo', text: '[dependencies]\ntokio = "1.38"\n', dependency: 'tokio', expected: '[dependencies]\ntokio = "<1.40.0"\n' },
    { kind: 'npm', text: '{"dependencies": {"redis": "^4.7.0"}}', dependency: 'redis', expected: '{"dependencies": {"redis": "<1.40.0"}}' },
    { kind: 'npm', text: '{"dependencies": {"r": "npm:redis@^4"}}', dependency: 'r', expected: '{"dependencies": {"r": "npm:redis@<1.40.0"}}', spec: 'npm:redis@<1.40.0' },
    { kind: 'composer', text: '{"require": {"a/b": "^2"}}', dependency: 'a/b', expected: '{"require": {"a/b": "<1.40.0"}}' },
    { kind: 'requirements', text: 'django\nrequests==2\n', dependency: 'django', expected: 'django<1.40.0\nrequests==2\n' },
    { kind: 'pyproject', text: '[tool.poetry.dependencies]\ndjango = "^4"\n', dependency: 'django', expected: '[tool.poetry.dependencies]\ndjango = "<1.40.0"\n' },
    { kind: 'pipfile', text: '[packages]\ndjango = "*"\n', dependency: 'django', expected: '[packages]\ndjango = "<1.40.0"\n' },
    { kind: 'gemfile', text: "gem 'rails', '~> 7.0'\n", dependency: 'rails', expected: "gem 'rails', '< 1.40.0'\n" },
    { kind: 'maven', text: '<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>2.0</version></dependency></dependencies></project>', dependency: 'a:b', expected: '<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>(,1.40.0)</version></dependency></dependencies></project>' },
    { kind: 'gradle', text: "dependencies {\n  implementation 'a:b:2.0'\n}\n", dependency: 'a:b', expected: "dependencies {\n  implementation 'a:b:(,1.40.0)'\n}\n" },
  ];
  for (const row of pins) {
    it(`pins ${row.kind}`, () => {
      const spec = pinBelowSpec(row.kind, '1.40.0');
      assert.ok(spec);
      const edits = specEdits(row.kind, row.text, findDependency(row.kind, row.text, row.dependency), spec);
      assert.ok(edits);
      const edited = applyEdits(row.text, edits);
      assert.equal(edited, row.expected);
      const reparsed = parseManifest(row.kind, edited);
      assert.deepEqual(reparsed.problems, []);
      assert.equal(reparsed.dependencies.find((dependency) => dependency.name === row.dependency)?.spec, row.spec ?? spec);
    });
  }
});
