import * as assert from 'node:assert/strict';
import { changedFolders, composeFolderPolicies, type FolderPolicy } from '../../src/core/feed/folderPolicies';
import { CompiledPolicy } from '../../src/core/policy/compiledPolicy';
import { parseFeedText } from '../../src/core/policy/validateFeed';
import type { Verdict } from '../../src/core/policy/verdict';
import { feedJson } from './support/feedServer';

function compiled(overrides: Readonly<Record<string, unknown>> = {}): CompiledPolicy {
  const result = parseFeedText(feedJson(overrides));
  assert.ok(result.feed, JSON.stringify(result.errors));
  return new CompiledPolicy(result.feed);
}

const NOW = new Date('2026-06-01T00:00:00Z');
const A = 'file:///work/a';
const B = 'file:///work/b';
const DENY_MIT = JSON.stringify({ licenses: { deny: ['MIT'] } });
const REVIEW_APACHE = JSON.stringify({ licenses: { review: ['Apache-2.0'] } });

function verdict(policy: CompiledPolicy, license: string): Verdict {
  return policy.evaluate({ ecosystem: 'npm', name: 'some-package', spec: '^1.0.0', version: '1.0.0', license }, { repo: null, now: NOW }).verdict;
}

function policyOf(entries: readonly FolderPolicy[], folder: string, organization: CompiledPolicy): CompiledPolicy {
  return entries.find((entry) => entry.folder === folder)?.policy ?? organization;
}

describe('composeFolderPolicies: each folder of a workspace under its own policy', () => {
  const organization = compiled();

  it("tightens a folder by its own file only: A's denial of MIT does not reach B or a folder without a file", () => {
    const entries = composeFolderPolicies(organization, [{ folder: A, text: DENY_MIT }, { folder: B, text: REVIEW_APACHE }], []);
    const a = policyOf(entries, A, organization);
    const b = policyOf(entries, B, organization);
    const other = policyOf(entries, 'file:///work/c', organization);
    // The same two licenses, checked under each folder's policy: the oracle is the organization's own verdicts.
    assert.deepEqual([verdict(organization, 'MIT'), verdict(organization, 'Apache-2.0')], ['allow', 'allow']);
    assert.deepEqual([verdict(a, 'MIT'), verdict(a, 'Apache-2.0')], ['deny', 'allow']);
    assert.deepEqual([verdict(b, 'MIT'), verdict(b, 'Apache-2.0')], ['allow', 'review']);
    assert.equal(other, organization);
    assert.deepEqual(
      entries.map((entry) => [entry.folder, entry.tightened, entry.ignored]),
      [
        [A, true, []],
        [B, true, []],
      ],
    );
  });

  it("keeps each file's refusals with its folder, and uses the organization's policy itself where a file adds nothing", () => {
    const entries = composeFolderPolicies(
      organization,
      [
        { folder: A, text: JSON.stringify({ licenses: { allow: ['AGPL-3.0-only'] } }) },
        { folder: B, text: '{not json' },
      ],
      [],
    );
    assert.equal(entries[0].policy, organization);
    assert.equal(entries[0].tightened, false);
    assert.match(entries[0].ignored.join('\n'), /cannot allow licenses/);
    assert.equal(entries[1].policy, organization);
    assert.match(entries[1].ignored.join('\n'), /not valid JSON/);
    assert.equal(verdict(policyOf(entries, A, organization), 'AGPL-3.0-only'), 'deny');
  });

  it('reuses the compiled policy of a folder whose file and organization policy are unchanged, and only that', () => {
    const first = composeFolderPolicies(organization, [{ folder: A, text: DENY_MIT }, { folder: B, text: REVIEW_APACHE }], []);
    const second = composeFolderPolicies(organization, [{ folder: A, text: DENY_MIT }, { folder: B, text: DENY_MIT }], first);
    assert.equal(second[0], first[0]);
    assert.notEqual(second[1].policy, first[1].policy);
    assert.equal(verdict(second[1].policy, 'MIT'), 'deny');

    const newOrganization = compiled({ version: 3, licenses: { allow: ['MIT'], review: [], deny: ['Apache-2.0'], default: 'review', unknown: 'review' } });
    const third = composeFolderPolicies(newOrganization, [{ folder: A, text: DENY_MIT }], second);
    assert.notEqual(third[0].policy, second[0].policy);
    assert.equal(third[0].organization, newOrganization);
    assert.deepEqual([verdict(third[0].policy, 'MIT'), verdict(third[0].policy, 'Apache-2.0')], ['deny', 'deny']);
  });
});

describe('changedFolders', () => {
  const organization = compiled();

  it('names the folders whose policy in force changed: a file added, changed or removed, not one rewritten to the same rules', () => {
    const first = composeFolderPolicies(organization, [{ folder: A, text: DENY_MIT }, { folder: B, text: REVIEW_APACHE }], []);
    assert.deepEqual(changedFolders(organization, [], first).sort(), [A, B]);
    assert.deepEqual(changedFolders(organization, first, composeFolderPolicies(organization, [{ folder: A, text: DENY_MIT }, { folder: B, text: REVIEW_APACHE }], first)), []);
    assert.deepEqual(changedFolders(organization, first, composeFolderPolicies(organization, [{ folder: A, text: DENY_MIT }], first)), [B]);
    assert.deepEqual(changedFolders(organization, first, composeFolderPolicies(organization, [{ folder: A, text: REVIEW_APACHE }, { folder: B, text: REVIEW_APACHE }], first)), [A]);
  });

  it('does not count a file that adds nothing, appearing or disappearing, as a change', () => {
    const ignoredOnly = composeFolderPolicies(organization, [{ folder: A, text: '{}' }], []);
    assert.deepEqual(changedFolders(organization, [], ignoredOnly), []);
    assert.deepEqual(changedFolders(organization, ignoredOnly, []), []);
  });
});
