import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseFeedBytes } from '../../src/core/feed/feedText';
import { mergeWorkspacePolicyText } from '../../src/core/feed/mergeWorkspacePolicy';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { duplicateKeyPath } from '../../src/core/policy/jsonText';
import { parseFeedText } from '../../src/core/policy/validateFeed';
import { feedJson } from './support/feedServer';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const SECRET = 'AKIAIOSFODNN7EXAMPLE-wJalrXUtnFEMI';

function nested(depth: number, inner: string): string {
  return `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
}

describe('policy files: the same checks everywhere, nothing quoted', () => {
  it('finds a repeated key, with its path, whatever the escapes, and nothing else', () => {
    assert.equal(duplicateKeyPath('{"a":1,"a":2}'), 'a');
    assert.equal(duplicateKeyPath('{"x":{"b":1,"\\u0062":2}}'), 'x.b');
    assert.equal(duplicateKeyPath('{"x":[{"k":1},{"k":2,"k":3}]}'), 'x[1].k');
    assert.equal(duplicateKeyPath('{"a":{"k":1},"b":{"k":1}}'), undefined);
    assert.equal(duplicateKeyPath('{"a":"\\"a\\":","b":["a","a"]}'), undefined);
    assert.equal(duplicateKeyPath(feedJson()), undefined);
  });

  it('refuses a feed with a duplicate key, deep nesting as too deep, a prototype key as such', () => {
    const duplicate = parseFeedBytes(Buffer.from(feedJson().replace('"id": "acme-ospo",', '"id": "acme-ospo", "id": "other",')));
    assert.equal(duplicate.feed, null);
    assert.deepEqual(duplicate.errors.map((error) => error.path), ['id']);
    assert.match(duplicate.errors[0].message, /appears twice/);
    const deep = parseFeedBytes(Buffer.from(nested(100, '1')));
    assert.match(deep.errors[0].message, /nested more than 64 levels deep/);
    assert.doesNotMatch(deep.errors[0].message, /prototype/);
    const proto = parseFeedBytes(Buffer.from(nested(10, '{"__proto__":{"x":1}}')));
    assert.match(proto.errors[0].message, /prototype-pollution/);
    assert.match(mergeWorkspacePolicyText(bundledDefaultFeed(), nested(100, '1')).ignored[0], /nested more than 64 levels deep/);
  });

  it('never quotes the text in a JSON syntax error (feed, repository policy)', () => {
    for (const text of [`${SECRET}\n`, `{"k": ${SECRET}}`, `{"k": "${SECRET}"`, SECRET.slice(0, 3)]) {
      const messages = [...parseFeedText(text).errors.map((error) => error.message), ...mergeWorkspacePolicyText(bundledDefaultFeed(), text).ignored];
      for (const message of messages) {
        assert.match(message, /not valid JSON/);
        assert.ok(!message.includes(SECRET.slice(0, 3)), message);
      }
    }
  });

  describe('--policy runs what feed validate runs (end to end, dist/cli.js)', function () {
    this.timeout(60_000);
    let directory: string;
    before(() => {
      assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
      directory = mkdtempSync(path.join(os.tmpdir(), 'ospo-policy-checks-'));
    });
    after(() => rmSync(directory, { recursive: true, force: true }));
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: directory, encoding: 'utf8' });

    const cases: [string, Buffer, RegExp][] = [
      ['non-UTF-8', Buffer.concat([Buffer.from(feedJson().slice(0, -2)), Buffer.from([0xff, 0xfe]), Buffer.from('}')]), /not valid UTF-8/],
      ['a deep __proto__', Buffer.from(feedJson().replace('"advisories": []', `"advisories": [${nested(5, '{"__proto__":{"polluted":true}}')}]`)), /forbidden key/],
      ['a duplicate key', Buffer.from(feedJson().replace('"version": 2,', '"version": 2, "version": 3,')), /version: appears twice/],
      ['deep nesting', Buffer.from(feedJson().replace('"advisories": []', `"advisories": [${nested(80, '1')}]`)), /nested more than 64 levels deep/],
    ];
    for (const [title, bytes, message] of cases) {
      it(`refuses ${title} with the message feed validate gives`, () => {
        const file = path.join(directory, `${title.replace(/\W+/g, '-')}.json`);
        writeFileSync(file, bytes);
        const validate = run('feed', 'validate', file);
        assert.equal(validate.status, 1);
        assert.match(validate.stdout, message);
        const check = run('check', directory, '--offline', '--policy', file);
        assert.equal(check.status, 2);
        assert.match(check.stderr, message);
        const problems = validate.stdout.trimEnd().split('\n').slice(1);
        for (const line of problems) {
          assert.ok(check.stderr.includes(line), `check --policy says "${line}" too`);
        }
      });
    }

    it('a --policy linked to a secret does not print its characters', () => {
      const secret = path.join(directory, 'credentials');
      writeFileSync(secret, `aws_secret=${SECRET}\n`);
      const link = path.join(directory, 'policy.json');
      symlinkSync(secret, link);
      const check = run('check', directory, '--offline', '--policy', link);
      assert.equal(check.status, 2);
      assert.match(check.stderr, /not valid JSON/);
      assert.ok(!check.stderr.includes('aws') && !check.stderr.includes(SECRET.slice(0, 4)), check.stderr);
    });
  });
});
