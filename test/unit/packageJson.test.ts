import * as assert from 'node:assert/strict';
import { aliasTarget, parsePackageJson } from '../../src/core/manifests/packageJson';
import { runParserTable } from './support/dependencyTable';

describe('package.json parser', () => {
  runParserTable(parsePackageJson, [
    {
      title: 'reads the four dependency sections in order',
      text: JSON.stringify(
        {
          name: 'app',
          dependencies: { express: '^4.19.2', '@babel/core': '7.24.0' },
          devDependencies: { mocha: '~10.0.0' },
          peerDependencies: { react: '>=18' },
          optionalDependencies: { fsevents: '*' },
        },
        null,
        2,
      ),
      expected: [
        { name: 'express', spec: '^4.19.2', section: 'dependencies', ecosystem: 'npm' },
        { name: '@babel/core', spec: '7.24.0', section: 'dependencies' },
        { name: 'mocha', spec: '~10.0.0', section: 'devDependencies' },
        { name: 'react', spec: '>=18', section: 'peerDependencies' },
        { name: 'fsevents', spec: '*', section: 'optionalDependencies' },
      ],
    },
    {
      title: 'ignores overrides, peerDependenciesMeta, bundleDependencies and scripts',
      text: `{"overrides": {"a": "1"}, "peerDependenciesMeta": {"b": {"optional": true}}, "bundleDependencies": ["c"], "scripts": {"d": "e"}, "dependencies": {"f": "1.0.0"}}`,
      expected: [{ name: 'f', spec: '1.0.0' }],
    },
    {
      title: 'an npm: alias names the real package',
      text: `{"dependencies": {"string-width-cjs": "npm:string-width@^4.2.0", "scoped": "npm:@types/node@20"}}`,
      expected: [
        { name: 'string-width-cjs', package: 'string-width', spec: 'npm:string-width@^4.2.0' },
        { name: 'scoped', package: '@types/node', spec: 'npm:@types/node@20' },
      ],
    },
    {
      title: 'classifies git, path, url and workspace specs',
      text: `{"dependencies": {"a": "github:user/a#v1", "b": "file:../b", "c": "https://example.com/c.tgz", "d": "workspace:*", "e": "user/e", "f": "latest"}}`,
      expected: [
        { name: 'a', source: { kind: 'git', value: 'github:user/a#v1' } },
        { name: 'b', source: { kind: 'path', value: 'file:../b' } },
        { name: 'c', source: { kind: 'url', value: 'https://example.com/c.tgz' } },
        { name: 'd', source: { kind: 'workspace', value: 'workspace:*' } },
        { name: 'e', source: { kind: 'git', value: 'user/e' } },
        { name: 'f', source: undefined, spec: 'latest' },
      ],
    },
    {
      title: 'comments and trailing commas do not stop it',
      text: `{\n  // pinned for a reason\n  "dependencies": {\n    "a": "1",\n  },\n}`,
      expected: [{ name: 'a', spec: '1' }],
    },
    {
      title: 'half-typed: a member without a value keeps its name, and the others stay',
      text: `{\n  "dependencies": {\n    "a": "1.0.0",\n    "b": ,\n    "c": "2.0.0"\n  }\n}`,
      expected: [
        { name: 'a', spec: '1.0.0' },
        { name: 'b', spec: null },
        { name: 'c', spec: '2.0.0' },
      ],
    },
    {
      title: 'half-typed: an unterminated spec at the end of the text',
      text: `{\n  "dependencies": {\n    "a": "1.0.0",\n    "b": "^2.`,
      expected: [
        { name: 'a', spec: '1.0.0' },
        { name: 'b', spec: '^2.' },
      ],
    },
    {
      title: 'half-typed: a missing comma between members',
      text: `{"dependencies": {"a": "1" "b": "2"}}`,
      expected: [
        { name: 'a', spec: '1' },
        { name: 'b', spec: '2' },
      ],
    },
    { title: 'not an object at all', text: `[1, 2, 3]`, expected: [] },
    { title: 'empty text', text: ``, expected: [] },
    { title: 'a section that is not an object', text: `{"dependencies": ["a"]}`, expected: [] },
  ]);

  it('reports syntax errors as problems without throwing', () => {
    const parsed = parsePackageJson('{"dependencies": {"a": "1",,}');
    assert.ok(parsed.problems.length > 0);
    assert.equal(parsed.dependencies.length, 1);
  });

  it('says each syntax error in words, not as a parser code', () => {
    const cases: [string, string][] = [
      ['{"dependencies": {"a": "1"', 'JSON: a closing } is missing'],
      ['{"dependencies": {"a" "1"}}', 'JSON: a colon is expected after the property name'],
      ['{"dependencies": {"a": }}', 'JSON: a value is expected'],
      ['{"dependencies": {"a": "1\\q"}}', 'JSON: a backslash escape JSON does not know'],
    ];
    for (const [text, message] of cases) {
      assert.equal(parsePackageJson(text).problems[0]?.message, message, text);
    }
  });

  it('does not let a __proto__ key pollute anything', () => {
    const parsed = parsePackageJson('{"dependencies": {"__proto__": "1.0.0", "constructor": "2"}}');
    assert.deepEqual(
      parsed.dependencies.map((dependency) => dependency.name),
      ['__proto__', 'constructor'],
    );
    assert.equal(({} as Record<string, unknown>)['1.0.0'], undefined);
  });

  it('resolves alias targets', () => {
    assert.equal(aliasTarget('npm:lodash'), 'lodash');
    assert.equal(aliasTarget('npm:@scope/x@1'), '@scope/x');
    assert.equal(aliasTarget('^1'), null);
    assert.equal(aliasTarget('npm:'), null);
  });
});
