import * as assert from 'node:assert/strict';
import { parseComposerLock, parseInstalledJson } from '../../src/core/data/composer/composerLock';
import { parsePackageLock } from '../../src/core/data/npm/packageLock';
import { parsePipfileLock } from '../../src/core/data/pypi/pipfileLock';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { mergeWorkspacePolicyText } from '../../src/core/feed/mergeWorkspacePolicy';
import { mergeLicenseChoice } from '../../src/core/policy/licenseChoices';

// A lockfile or `.ospo/*` file may be a link to a secret (`~/.npmrc`, a key). JSON.parse's own
// message quotes the text around the error (Node 20 does), so no message may carry it on.
const SECRET = 'npm_SECRETtoken0123456789abcdef';
const NOT_JSON = [`//registry.npmjs.org/:_authToken=${SECRET}\n`, `{"token": "${SECRET}", oops}`, `{"a": 1,\n "b": ${SECRET}}`];

const READERS: ReadonlyArray<readonly [string, (text: string) => unknown]> = [
  ['package-lock.json', (text) => parsePackageLock(text, 'package-lock.json')],
  ['Pipfile.lock', (text) => parsePipfileLock(text)],
  ['composer.lock', (text) => parseComposerLock(text)],
  ['vendor/composer/installed.json', (text) => parseInstalledJson(text, 'vendor')],
  ['.ospo/policy.json', (text) => mergeWorkspacePolicyText(bundledDefaultFeed(), text).ignored],
  ['.ospo/choices.json (recording a choice)', (text) => mergeLicenseChoice(text, 'pkg:npm/a@1.0.0', { license: 'MIT', expression: 'MIT OR GPL-3.0-only', recordedAt: '2026-12-07' })],
];

describe('error messages never quote the file', () => {
  for (const [file, read] of READERS) {
    it(`${file}: says where JSON breaks, never what is there`, async () => {
      for (const text of NOT_JSON) {
        const said = JSON.stringify(await read(text));
        assert.ok(said.includes('not valid JSON'), `${file} says nothing of the broken JSON: ${said}`);
        assert.ok(!said.includes(SECRET.slice(0, 12)), `${file} quotes the file: ${said}`);
      }
    });
  }
});

describe('.ospo/policy.json with a key twice', () => {
  it('is ignored, naming the key: JSON.parse would silently keep the last one', () => {
    const org = bundledDefaultFeed();
    const merged = mergeWorkspacePolicyText(org, '{"licenses": {"deny": ["MIT"], "deny": []}}');
    assert.equal(merged.feed, org);
    assert.deepEqual(merged.ignored, ['.ospo/policy.json names `licenses.deny` twice; ignored.']);
  });

  it('the same key in two different objects is no repetition', () => {
    const merged = mergeWorkspacePolicyText(bundledDefaultFeed(), '{"licenses": {"deny": ["MIT"]}, "packages": [{"match": "pkg:npm/a", "verdict": "deny"}, {"match": "pkg:npm/b", "verdict": "deny"}]}');
    assert.deepEqual(merged.ignored, []);
    assert.ok(merged.feed.licenses.deny.includes('MIT'));
  });
});
