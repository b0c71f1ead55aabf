import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, parseAllDocuments, stringify } from 'yaml';
import { MAX_YAML_DEPTH, parseBlockYaml, YamlSubsetError } from '../../src/core/data/blockYaml';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data');

function yamlFixtures(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) {
      return yamlFixtures(file);
    }
    return name.endsWith('.yaml') || (name === 'yarn.lock' && readFileSync(file, 'utf8').includes('__metadata:')) ? [file] : [];
  });
}

/** The general YAML library's reading of the last document: the oracle. */
function oracle(text: string): unknown {
  const documents = parseAllDocuments(text, { uniqueKeys: false, logLevel: 'error' });
  const list = Array.isArray(documents) ? documents : [documents];
  return JSON.parse(JSON.stringify(list[list.length - 1]?.toJS() ?? null)) as unknown;
}

const plainData = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * Keys and strings with the characters that lockfiles put in them, and YAML's indicators. No line
 * breaks: package managers write none inside values but in block scalars (tested on their own).
 */
const text = fc.string({ unit: fc.constantFrom(...'ab@/._-^~:# \'"\\[]{},&*!|>%?\t1.0e'), maxLength: 12 });
const leaf = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(text, tie('node'), { maxKeys: 4 }),
})).node;

describe('blockYaml: the YAML package managers write', () => {
  for (const file of yamlFixtures(FIXTURES)) {
    it(`reads ${path.relative(FIXTURES, file)} as the YAML library does`, () => {
      const source = readFileSync(file, 'utf8');
      assert.deepEqual(plainData(parseBlockYaml(source)), oracle(source));
    });
  }

  it('reads whatever the YAML library writes, block and flow style, back to the same data', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom(false, true), fc.integer({ min: 2, max: 4 }), (data, flow, indent) => {
        const source = stringify(data, { indent, collectionStyle: flow ? 'flow' : 'any', lineWidth: 0 });
        assert.deepEqual(plainData(parseBlockYaml(source)), plainData(parseYaml(source)));
      }),
      { numRuns: 600 },
    );
  });

  it('reads a pnpm 9 lockfile layout: flow mappings, quoted keys, peer suffixes, comments', () => {
    const source = [
      "lockfileVersion: '9.0'",
      '',
      'importers:',
      '',
      '  .:',
      '    dependencies:',
      "      '@scope/a':",
      '        specifier: ^1.0.0 # range',
      '        version: 1.0.0(b@2.0.0)',
      '',
      'packages:',
      '',
      "  '@scope/a@1.0.0':",
      '    resolution: {integrity: sha512-AAAA==, tarball: https://example.com/a.tgz}',
      "    engines: {node: '>=18'}",
      '    os: [darwin, linux]',
      '    deprecated: |-',
      '      do not use',
      '        at all',
      '',
      'snapshots:',
      '  b@2.0.0: {}',
      "  '@scope/a@1.0.0(b@2.0.0)':",
      '    dependencies:',
      '      b: 2.0.0',
      '    optional: true',
    ].join('\n');
    assert.deepEqual(plainData(parseBlockYaml(source)), oracle(source));
  });

  it('takes the last document, as pnpm 11 puts the project lockfile after the env lockfile', () => {
    const source = "---\nlockfileVersion: '9.0'\nimporters: {}\n---\nlockfileVersion: '9.0'\nimporters:\n  .: {}\n";
    assert.deepEqual(plainData(parseBlockYaml(source)), { lockfileVersion: '9.0', importers: { '.': {} } });
  });

  it('reads a list at its key’s indentation, and folds quoted scalars over lines', () => {
    const source = 'packages:\n- "a\n  b"\n- \'c\'\'d\'\nnext: "x\\ty\\u00e9"\n';
    assert.deepEqual(plainData(parseBlockYaml(source)), oracle(source));
  });

  it('keeps __proto__ as data', () => {
    const result = parseBlockYaml('__proto__:\n  polluted: true\n') as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.deepEqual(Object.keys(result), ['__proto__']);
  });

  it('says plainly when nesting is deeper than the bound, in block and flow style', () => {
    const block = Array.from({ length: MAX_YAML_DEPTH + 2 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n');
    for (const source of [block, '['.repeat(300_000), '{'.repeat(300_000), '- '.repeat(300_000)]) {
      assert.throws(() => parseBlockYaml(source), (error: unknown) => error instanceof YamlSubsetError && error.message.includes(`nested deeper than ${MAX_YAML_DEPTH} levels`));
    }
  });

  it('refuses aliases, complex keys and unclosed quotes with a line number', () => {
    for (const [source, line] of [
      ['a: &x 1\nb: *x\n', 2],
      ['? a\n: b\n', 1],
      ['a: 1\nb: "open\n', 2],
      ['a: [1, 2\n', 2],
    ] as const) {
      assert.throws(
        () => parseBlockYaml(source),
        (error: unknown) => error instanceof YamlSubsetError && error.line >= line && error.line <= line + 1,
      );
    }
  });
});
