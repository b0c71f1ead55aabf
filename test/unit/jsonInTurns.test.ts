import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseJsonInTurns, startsWithObject, WHOLE_PARSE_MAX_BYTES } from '../../src/core/data/jsonInTurns';
import { parsePackageLock } from '../../src/core/data/npm';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/data/npm');

/** The values at `$.packages` and `$.dependencies` as the sliced parser builds them. */
async function members(input: string | Uint8Array): Promise<Record<string, unknown>> {
  const found: Record<string, unknown> = {};
  await parseJsonInTurns(input, ['$.packages', '$.dependencies'], ({ key, value }) => {
    found[String(key)] = value;
  });
  return found;
}

function expectedMembers(text: string): Record<string, unknown> {
  const document = JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(['packages', 'dependencies'].filter((key) => Object.hasOwn(document, key)).map((key) => [key, document[key]]));
}

describe('JSON parsed in turns of the event loop', () => {
  it('builds the same values as JSON.parse, from text and from bytes', async () => {
    const document = fc.record({ lockfileVersion: fc.integer(), packages: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), dependencies: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(document, fc.constantFrom(0, 2), async (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        assert.deepEqual(await members(text), expectedMembers(text));
        assert.deepEqual(await members(Buffer.from(text)), expectedMembers(text));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a "__proto__" key as data, as JSON.parse does', async () => {
    const text = '{"packages": {"__proto__": {"polluted": true}}}';
    const found = await members(text);
    assert.deepEqual(Object.keys(found.packages as object), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('throws on text that is not one JSON document', async () => {
    for (const text of ['{"packages": {', '{"a": 1} x', '{"a": 1}{"b": 2}', '{"a": tru}']) {
      await assert.rejects(members(text), Error, text);
    }
  });

  it('tells an object from anything else after any white space', () => {
    assert.equal(startsWithObject(`${' \t\r\n'.repeat(100)}{}`), true);
    assert.equal(startsWithObject(Buffer.from('  {')), true);
    assert.equal(startsWithObject('  [{}]'), false);
    assert.equal(startsWithObject('   '), false);
  });

  it('gives a large package-lock.json the records a small one with the same JSON gets', async () => {
    for (const caseName of ['lock-v1', 'lock-v2', 'lock-v3', 'installed']) {
      const text = readFileSync(path.join(FIXTURES, caseName, 'package-lock.json'), 'utf8');
      // The same document, made large by white space after its first brace: parsed in slices.
      const large = `{${' '.repeat(WHOLE_PARSE_MAX_BYTES)}${text.slice(text.indexOf('{') + 1)}`;
      const rootManifest = JSON.parse(readFileSync(path.join(FIXTURES, caseName, 'package.json'), 'utf8')) as Record<string, unknown>;
      const small = await parsePackageLock(text, 'package-lock.json', rootManifest);
      assert.ok(small.packages.length > 0, caseName);
      assert.deepEqual(await parsePackageLock(large, 'package-lock.json', rootManifest), small, caseName);
    }
  });

  it('says why a large package-lock.json is not JSON in the words of a small one', async () => {
    const broken = `{"lockfileVersion": 3, ${' '.repeat(WHOLE_PARSE_MAX_BYTES)}"packages": {`;
    const result = await parsePackageLock(broken, 'package-lock.json');
    assert.deepEqual(result.packages, []);
    assert.match(result.problems[0], /^package-lock\.json is not valid JSON/);
    assert.deepEqual((await parsePackageLock(`${' '.repeat(WHOLE_PARSE_MAX_BYTES)}[1]`, 'package-lock.json')).problems, ['package-lock.json: not a lockfile object']);
  });
});
