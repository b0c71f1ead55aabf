import * as assert from 'node:assert/strict';
import { contributionRuleFor } from '../../src/core/policy/contribution';
import type { ContributionPolicy } from '../../src/core/policy/feedModel';
import { repoIdentity, repoPatternMatches } from '../../src/core/policy/repoIdentity';

describe('repository identity from git remotes', () => {
  const rows: [string, string | null][] = [
    ['https://github.com/acme/tool.git', 'github.com/acme/tool'],
    ['https://github.com/Acme/Tool', 'github.com/acme/tool'],
    ['https://user:token@github.com/acme/tool.git/', 'github.com/acme/tool'],
    ['git@github.com:acme/tool.git', 'github.com/acme/tool'],
    ['github.com:acme/tool', 'github.com/acme/tool'],
    ['ssh://git@gitlab.example.com:2222/group/sub/project.git', 'gitlab.example.com/group/sub/project'],
    ['git://git.kernel.org/pub/scm/git/git.git', 'git.kernel.org/pub/scm/git/git'],
    ['git+ssh://git@github.com/acme/tool.git', 'github.com/acme/tool'],
    ['  https://github.com/acme/tool  ', 'github.com/acme/tool'],
    ['https://github.com/acme', null],
    ['/home/me/repos/tool', null],
    ['../tool', null],
    ['file:///srv/git/tool.git', null],
    ['C:\\repos\\tool', null],
    ['', null],
    ['https://[broken', null],
  ];
  for (const [remote, expected] of rows) {
    it(`${JSON.stringify(remote)} → ${expected}`, () => assert.equal(repoIdentity(remote), expected));
  }

  const patterns: [string, string, boolean][] = [
    ['github.com/acme/tool', 'github.com/acme/tool', true],
    ['GitHub.com/Acme/Tool.git', 'github.com/acme/tool', true],
    ['github.com/acme/*', 'github.com/acme/tool', true],
    ['github.com/acme/*', 'github.com/acme/group/tool', true],
    ['github.com/acme/*', 'github.com/acme', false],
    ['github.com/acme/*', 'github.com/acme-rival/tool', false],
    ['github.com/acme/tool', 'github.com/acme/tool2', false],
  ];
  for (const [pattern, repo, expected] of patterns) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${repo}`, () => assert.equal(repoPatternMatches(pattern, repo), expected));
  }
});

describe('contribution policy', () => {
  const policy: ContributionPolicy = {
    default: { status: 'needs-approval', cla: 'corporate-only', dco: true },
    projects: [
      { match: 'github.com/kubernetes/*', status: 'pre-approved', cla: 'corporate-signed' },
      { match: 'github.com/kubernetes/secret-thing', status: 'forbidden' },
      { match: 'github.com/acme/*', status: 'inner-source' },
    ],
    checklist: ['Use your corporate email'],
  };
  const rows: [string | null, string, string][] = [
    ['github.com/kubernetes/kubernetes', 'pre-approved', 'github.com/kubernetes/*'],
    ['github.com/kubernetes/secret-thing', 'pre-approved', 'github.com/kubernetes/*'],
    ['github.com/acme/tool', 'inner-source', 'github.com/acme/*'],
    ['gitlab.com/someone/else', 'needs-approval', 'default'],
    [null, 'needs-approval', 'default'],
  ];
  for (const [repo, status, matchedBy] of rows) {
    it(`${repo ?? 'no remote'} → ${status} (first match wins)`, () => {
      const verdict = contributionRuleFor(policy, repo);
      assert.equal(verdict.rule.status, status);
      assert.equal(verdict.matchedBy, matchedBy);
      assert.deepEqual(verdict.checklist, policy.checklist);
    });
  }
});
