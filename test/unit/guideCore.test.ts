import * as assert from 'node:assert/strict';
import {
  corporateDomains,
  folderContribution,
  gitConfigRemoteList,
  gitConfigUserEmail,
  type CheckState,
  type LocalCheck,
  type LocalGitFacts,
} from '../../src/core/guide/contribution';
import { policyOverview } from '../../src/core/guide/policyOverview';
import { filterTraining, trainingCatalog } from '../../src/core/guide/training';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import type { TrainingSituation } from '../../src/core/policy/trainingTriggers';
import { validateFeed } from '../../src/core/policy/validateFeed';

function feedOf(overrides: Record<string, unknown> = {}): PolicyFeed {
  const { feed, errors } = validateFeed({
    schemaVersion: 1,
    id: 'acme-ospo',
    version: 7,
    issued: '2026-01-01T00:00:00Z',
    organization: { name: 'Acme', contact: { email: 'ospo@acme.example', url: 'https://ospo.acme.example/', chat: 'https://chat.acme.example/ospo' } },
    licenses: { allow: ['MIT'], review: ['MPL-2.0'], deny: ['AGPL-3.0-only'], default: 'review', unknown: 'deny' },
    contribution: {
      default: { status: 'needs-approval', approvalUrl: 'https://ospo.acme.example/approve', cla: 'corporate-only', dco: true, email: 'corporate', notes: 'Ask **first**. <script>x</script>' },
      projects: [
        { match: 'github.com/kubernetes/*', status: 'pre-approved', cla: 'corporate-signed', email: 'any' },
        { match: 'github.com/acme/*', status: 'inner-source', cla: 'none', email: 'corporate' },
        { match: 'github.com/some-rival/*', status: 'forbidden', notes: 'Never.' },
        { match: 'gitlab.example/open/tool', status: 'pre-approved', cla: 'individual-allowed', approvalUrl: 'mailto:ospo@acme.example' },
      ],
      checklist: ['Use your corporate email', 'Sign off every commit'],
    },
    training: [
      { id: 'basics', title: 'License basics', minutes: 3, audience: ['newcomer'], markdown: 'What a **license** is.', triggers: ['verdict:unknown'] },
      { id: 'copyleft', title: 'Copyleft in five minutes', minutes: 5, audience: ['developer'], markdown: 'Share-alike & *reciprocity*: <b>GPL</b>.', triggers: ['license:GPL-*', 'verdict:deny'] },
      { id: 'upstream', title: 'Contributing upstream', audience: ['contributor'], markdown: 'Ask the [OSPO](https://ospo.acme.example).', triggers: ['contribution:needs-approval', 'contribution:forbidden'] },
      { id: 'sbom', title: 'SBOMs', minutes: 4, audience: ['developer', 'newcomer'], markdown: 'A bill of materials.', triggers: ['reason:license-mismatch'] },
    ],
    exceptions: [
      { match: 'pkg:npm/everywhere', verdict: 'allow' },
      { match: 'pkg:npm/tool-only', versions: '<3', repos: ['github.com/acme/tool'], until: '2026-06-30', ticket: 'OSPO-1', verdict: 'allow' },
      { match: 'pkg:npm/acme-wide', repos: ['github.com/acme/*'], until: '2025-12-31', ticket: 'OSPO-2', verdict: 'review' },
      { match: 'pkg:npm/other-repo', repos: ['github.com/other/repo'], verdict: 'allow' },
    ],
    ...overrides,
  });
  assert.deepEqual(errors, []);
  assert.ok(feed);
  return feed;
}

const FEED = feedOf();

/** The feed with other contact facts, unvalidated: the guide must stay safe even where the validator would have refused them. */
function withContact(contact: Record<string, string>): PolicyFeed {
  return { ...FEED, organization: { name: 'Acme', contact } };
}
const DOMAINS = ['acme.example'];
const SIGNED = 'Fix a bug\n\nSigned-off-by: Dev <dev@acme.example>';
const UNSIGNED = 'Fix another bug';

function facts(overrides: Partial<LocalGitFacts> = {}): LocalGitFacts {
  return { remotes: [], userEmail: 'dev@acme.example', recentCommitMessages: [SIGNED], contributingFile: 'CONTRIBUTING.md', ...overrides };
}

function check(checks: readonly LocalCheck[], id: LocalCheck['id']): LocalCheck | undefined {
  return checks.find((candidate) => candidate.id === id);
}

describe('guide: contribution status per folder', () => {
  const rows: { name: string; remotes: [string, string][]; remote: string | null; repo: string | null; status: string; pattern: string | null; statement: string }[] = [
    {
      name: 'pre-approved over ssh',
      remotes: [['origin', 'git@github.com:kubernetes/kubernetes.git']],
      remote: 'origin',
      repo: 'github.com/kubernetes/kubernetes',
      status: 'pre-approved',
      pattern: 'github.com/kubernetes/*',
      statement: 'Contributions to github.com/kubernetes/kubernetes are pre-approved.',
    },
    {
      name: 'pre-approved over https',
      remotes: [['origin', 'https://github.com/Kubernetes/Kubernetes.git']],
      remote: 'origin',
      repo: 'github.com/kubernetes/kubernetes',
      status: 'pre-approved',
      pattern: 'github.com/kubernetes/*',
      statement: 'Contributions to github.com/kubernetes/kubernetes are pre-approved.',
    },
    {
      name: 'needs approval (default rule)',
      remotes: [['origin', 'https://github.com/someone/lib']],
      remote: 'origin',
      repo: 'github.com/someone/lib',
      status: 'needs-approval',
      pattern: null,
      statement: 'Contributions to github.com/someone/lib need approval from the OSPO before you send them.',
    },
    {
      name: 'forbidden',
      remotes: [['origin', 'git@github.com:some-rival/engine.git']],
      remote: 'origin',
      repo: 'github.com/some-rival/engine',
      status: 'forbidden',
      pattern: 'github.com/some-rival/*',
      statement: 'Contributions to github.com/some-rival/engine are forbidden.',
    },
    {
      name: 'inner source',
      remotes: [['origin', 'ssh://git@github.com/acme/tool.git']],
      remote: 'origin',
      repo: 'github.com/acme/tool',
      status: 'inner-source',
      pattern: 'github.com/acme/*',
      statement: 'github.com/acme/tool is inner source: contribute freely, following its CONTRIBUTING guide.',
    },
    {
      name: 'upstream is preferred over origin (a fork of kubernetes)',
      remotes: [
        ['origin', 'git@github.com:dev/kubernetes.git'],
        ['upstream', 'https://github.com/kubernetes/kubernetes.git'],
      ],
      remote: 'upstream',
      repo: 'github.com/kubernetes/kubernetes',
      status: 'pre-approved',
      pattern: 'github.com/kubernetes/*',
      statement: 'Contributions to github.com/kubernetes/kubernetes are pre-approved.',
    },
    {
      name: 'origin before any other remote',
      remotes: [
        ['mirror', 'https://github.com/some-rival/engine'],
        ['origin', 'https://github.com/acme/tool'],
      ],
      remote: 'origin',
      repo: 'github.com/acme/tool',
      status: 'inner-source',
      pattern: 'github.com/acme/*',
      statement: 'github.com/acme/tool is inner source: contribute freely, following its CONTRIBUTING guide.',
    },
    {
      name: 'another remote when there is neither upstream nor origin',
      remotes: [['gh', 'git@github.com:kubernetes/kubectl.git']],
      remote: 'gh',
      repo: 'github.com/kubernetes/kubectl',
      status: 'pre-approved',
      pattern: 'github.com/kubernetes/*',
      statement: 'Contributions to github.com/kubernetes/kubectl are pre-approved.',
    },
    {
      name: 'an upstream that is a local path is skipped',
      remotes: [
        ['upstream', '/srv/git/tool.git'],
        ['origin', 'git@github.com:acme/tool.git'],
      ],
      remote: 'origin',
      repo: 'github.com/acme/tool',
      status: 'inner-source',
      pattern: 'github.com/acme/*',
      statement: 'github.com/acme/tool is inner source: contribute freely, following its CONTRIBUTING guide.',
    },
    {
      name: 'no remote: the default rule',
      remotes: [],
      remote: null,
      repo: null,
      status: 'needs-approval',
      pattern: null,
      statement: 'Contributions to my-folder (no git remote) need approval from the OSPO before you send them.',
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const result = folderContribution(FEED, 'my-folder', facts({ remotes: row.remotes.map(([name, url]) => ({ name, url })) }), DOMAINS);
      assert.equal(result.folderName, 'my-folder');
      assert.equal(result.remote?.name ?? null, row.remote);
      assert.equal(result.remote?.repo ?? null, row.repo);
      assert.equal(result.status, row.status);
      assert.equal(result.rule.status, row.status);
      assert.equal(result.matchedPattern, row.pattern);
      assert.equal(result.statement, row.statement);
      assert.deepEqual(result.checklist, ['Use your corporate email', 'Sign off every commit']);
      if (row.remote !== null) {
        assert.equal(result.remote?.url, row.remotes.find(([name]) => name === row.remote)?.[1]);
      }
    });
  }

  const extras: [string, string, string | null, string | null][] = [
    // remote, what, approvalUrl, notesHtml
    ['https://github.com/someone/lib', 'default rule: https approval URL and rendered, escaped notes', 'https://ospo.acme.example/approve', '<p>Ask <strong>first</strong>. &lt;script&gt;x&lt;/script&gt;</p>\n'],
    ['https://gitlab.example/open/tool', 'a mailto: approval URL is dropped (https only)', null, null],
    ['https://github.com/some-rival/x', 'notes of a project', null, '<p>Never.</p>\n'],
  ];
  it('a javascript: approval URL is dropped', () => {
    const feed: PolicyFeed = { ...FEED, contribution: { ...FEED.contribution, default: { status: 'needs-approval', approvalUrl: 'javascript:alert(1)' } } };
    const result = folderContribution(feed, 'f', facts(), DOMAINS);
    assert.equal(result.approvalUrl, null);
    assert.equal(result.notesHtml, null);
    assert.deepEqual(result.checks.map((item) => item.id), ['upstream', 'contributing-file']);
  });

  for (const [url, what, approvalUrl, notesHtml] of extras) {
    it(what, () => {
      const result = folderContribution(FEED, 'f', facts({ remotes: [{ name: 'origin', url }] }), DOMAINS);
      assert.equal(result.approvalUrl, approvalUrl);
      assert.equal(result.notesHtml, notesHtml);
    });
  }
});

describe('guide: local contribution checks', () => {
  const KUBERNETES = [{ name: 'origin', url: 'https://github.com/kubernetes/kubernetes' }]; // email any, no dco, cla corporate-signed
  const DEFAULT = [{ name: 'origin', url: 'https://github.com/someone/lib' }]; // email corporate, dco, cla corporate-only
  const rows: { name: string; facts: LocalGitFacts; domains?: readonly string[]; id: LocalCheck['id']; state: CheckState | undefined; message?: RegExp }[] = [
    { name: 'upstream ok names the remote', facts: facts({ remotes: DEFAULT }), id: 'upstream', state: 'ok', message: /"origin" \(github\.com\/someone\/lib\)/ },
    { name: 'upstream warn without remote', facts: facts(), id: 'upstream', state: 'warn', message: /^No git remote: the default rule applies\.$/ },
    { name: 'upstream warn when no remote has a repository URL', facts: facts({ remotes: [{ name: 'origin', url: '../elsewhere' }] }), id: 'upstream', state: 'warn', message: /default rule applies/ },
    { name: 'corporate email ok', facts: facts({ remotes: DEFAULT }), id: 'corporate-email', state: 'ok', message: /dev@acme\.example/ },
    { name: 'corporate email ok, case-insensitive', facts: facts({ remotes: DEFAULT, userEmail: 'Dev@ACME.Example' }), id: 'corporate-email', state: 'ok' },
    { name: 'corporate email ok for a subdomain', facts: facts({ remotes: DEFAULT, userEmail: 'dev@eu.acme.example' }), id: 'corporate-email', state: 'ok' },
    { name: 'corporate email fail for another domain', facts: facts({ remotes: DEFAULT, userEmail: 'dev@gmail.com' }), id: 'corporate-email', state: 'fail', message: /dev@gmail\.com.*@acme\.example/ },
    { name: 'corporate email fail for a look-alike domain', facts: facts({ remotes: DEFAULT, userEmail: 'dev@evilacme.example' }), id: 'corporate-email', state: 'fail' },
    { name: 'corporate email fail for no address at all', facts: facts({ remotes: DEFAULT, userEmail: 'dev' }), id: 'corporate-email', state: 'fail' },
    { name: 'corporate email warn when unset', facts: facts({ remotes: DEFAULT, userEmail: null }), id: 'corporate-email', state: 'warn', message: /not set/ },
    { name: 'corporate email info without a known domain', facts: facts({ remotes: DEFAULT, userEmail: 'dev@gmail.com' }), domains: [], id: 'corporate-email', state: 'info', message: /dev@gmail\.com/ },
    { name: 'no email check where any address will do', facts: facts({ remotes: KUBERNETES, userEmail: 'dev@gmail.com' }), id: 'corporate-email', state: undefined },
    { name: 'dco ok when every commit is signed off', facts: facts({ remotes: DEFAULT, recentCommitMessages: [SIGNED, 'x\n\nReviewed-by: a\nsigned-off-by: b <b@c>'] }), id: 'dco-signoff', state: 'ok', message: /All 2/ },
    { name: 'dco warn names how many lack it', facts: facts({ remotes: DEFAULT, recentCommitMessages: [SIGNED, UNSIGNED, 'Signed-off-by:', 'Mentions Signed-off-by: inline'] }), id: 'dco-signoff', state: 'warn', message: /^3 of 4 recent commits lack/ },
    { name: 'dco warn for one commit', facts: facts({ remotes: DEFAULT, recentCommitMessages: [UNSIGNED] }), id: 'dco-signoff', state: 'warn', message: /^1 of 1 recent commit lacks/ },
    { name: 'dco info when commits could not be read', facts: facts({ remotes: DEFAULT, recentCommitMessages: null }), id: 'dco-signoff', state: 'info', message: /could not be read/ },
    { name: 'dco info when there are no commits', facts: facts({ remotes: DEFAULT, recentCommitMessages: [] }), id: 'dco-signoff', state: 'info', message: /No commits/ },
    { name: 'no dco check where the rule has none', facts: facts({ remotes: KUBERNETES, recentCommitMessages: [UNSIGNED] }), id: 'dco-signoff', state: undefined },
    { name: 'cla corporate-only', facts: facts({ remotes: DEFAULT }), id: 'cla', state: 'info', message: /ask the OSPO before signing anything/ },
    { name: 'cla corporate-signed', facts: facts({ remotes: KUBERNETES }), id: 'cla', state: 'info', message: /company has signed.*corporate account/ },
    { name: 'cla individual-allowed', facts: facts({ remotes: [{ name: 'origin', url: 'https://gitlab.example/open/tool' }] }), id: 'cla', state: 'info', message: /as an individual/ },
    { name: 'cla none', facts: facts({ remotes: [{ name: 'origin', url: 'https://github.com/acme/x' }] }), id: 'cla', state: 'info', message: /No CLA/ },
    { name: 'no cla check where the rule names none', facts: facts({ remotes: [{ name: 'origin', url: 'https://github.com/some-rival/x' }] }), id: 'cla', state: undefined },
    { name: 'contributing file ok names it', facts: facts({ contributingFile: '.github/CONTRIBUTING.md' }), id: 'contributing-file', state: 'ok', message: /^\.github\/CONTRIBUTING\.md/ },
    { name: 'contributing file info when missing', facts: facts({ contributingFile: null }), id: 'contributing-file', state: 'info', message: /^No CONTRIBUTING file found\.$/ },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const found = check(folderContribution(FEED, 'f', row.facts, row.domains ?? DOMAINS).checks, row.id);
      assert.equal(found?.state, row.state);
      if (row.message) {
        assert.match(found?.message ?? '', row.message);
      }
    });
  }

  it('lists the checks in a fixed order', () => {
    const ids = folderContribution(FEED, 'f', facts({ remotes: DEFAULT }), DOMAINS).checks.map((item) => item.id);
    assert.deepEqual(ids, ['upstream', 'corporate-email', 'dco-signoff', 'cla', 'contributing-file']);
  });
});

describe('guide: corporate domains', () => {
  const rows: [Record<string, string>, string[]][] = [
    [{ email: 'ospo@acme.example' }, ['acme.example']],
    [{ email: 'OSPO@Acme.Example' }, ['acme.example']],
    [{ email: 'ospo@mail.acme.example', url: 'https://www.acme.example' }, ['mail.acme.example']],
    [{ url: 'https://acme.example' }, []],
    [{ email: 'not an address' }, []],
    [{}, []],
  ];
  for (const [contact, expected] of rows) {
    it(`${JSON.stringify(contact)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(corporateDomains(withContact(contact)), expected);
    });
  }
});

describe('guide: git config', () => {
  const emails: [string, string | null][] = [
    ['[user]\n\temail = dev@acme.example\n', 'dev@acme.example'],
    ['[User]\n  Email=dev@acme.example', 'dev@acme.example'],
    ['[user]\r\n\temail = "dev@acme.example" ; personal\r\n', 'dev@acme.example'],
    ['[user]\n\temail = dev@acme.example # work\n', 'dev@acme.example'],
    ['[user]\n\temail = first@x.example\n[core]\n\tbare = false\n[user]\n\temail = second@x.example\n', 'second@x.example'],
    ['[user] email = inline@x.example', 'inline@x.example'],
    ['[user]\n\tname = Dev\n', null],
    ['[user]\n\temail =\n', null],
    ['[core]\n\temail = not-user@x.example\n', null],
    ['[user "sub"]\n\temail = sub@x.example\n', null],
    ['[remote "origin"]\n\turl = https://github.com/acme/tool\n', null],
    ['[user]\n# email = commented@x.example\n;email = also@x.example\n', null],
    ['', null],
  ];
  for (const [text, expected] of emails) {
    it(`user.email of ${JSON.stringify(text)} → ${expected}`, () => assert.equal(gitConfigUserEmail(text), expected));
  }

  const remotes: [string, { name: string; url: string }[]][] = [
    [
      '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:dev/tool.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[remote "upstream"]\n\turl = https://github.com/acme/tool.git\n',
      [
        { name: 'origin', url: 'git@github.com:dev/tool.git' },
        { name: 'upstream', url: 'https://github.com/acme/tool.git' },
      ],
    ],
    ['[remote "origin"]\n\turl = a\n\turl = b\n', [{ name: 'origin', url: 'b' }]],
    ['[user]\n\temail = x@y\n', []],
    ['', []],
  ];
  for (const [text, expected] of remotes) {
    it(`remotes of ${JSON.stringify(text)}`, () => assert.deepEqual(gitConfigRemoteList(text), expected));
  }
});

describe('guide: training catalog', () => {
  const rows: { name: string; situation: TrainingSituation; order: string[]; recommended: string[]; because: Record<string, string[]> }[] = [
    { name: 'nothing applies: feed order', situation: {}, order: ['basics', 'copyleft', 'upstream', 'sbom'], recommended: [], because: {} },
    {
      name: 'a denied GPL dependency',
      situation: { licenses: ['MIT', 'GPL-3.0-only', 'GPL-2.0-or-later'], verdicts: ['allow', 'deny'] },
      order: ['copyleft', 'basics', 'upstream', 'sbom'],
      recommended: ['copyleft'],
      because: { copyleft: ['license GPL-3.0-only in use', 'license GPL-2.0-or-later in use', 'a dependency is denied'] },
    },
    {
      name: 'unknown licenses and contributions needing approval',
      situation: { verdicts: ['unknown'], contribution: 'needs-approval' },
      order: ['basics', 'upstream', 'copyleft', 'sbom'],
      recommended: ['basics', 'upstream'],
      because: { basics: ['a dependency has no known license'], upstream: ['contributions here need approval'] },
    },
    {
      name: "a package whose license file contradicts its declaration",
      situation: { verdicts: ['allow'], reasons: ['license', 'license-mismatch'] },
      order: ['sbom', 'basics', 'copyleft', 'upstream'],
      recommended: ['sbom'],
      because: { sbom: ["a package's license file contradicts its declared license"] },
    },
    {
      name: 'forbidden contributions only',
      situation: { contribution: 'forbidden' },
      order: ['upstream', 'basics', 'copyleft', 'sbom'],
      recommended: ['upstream'],
      because: { upstream: ['contributions here are forbidden'] },
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const entries = trainingCatalog(FEED, row.situation, new Set());
      assert.deepEqual(entries.map((entry) => entry.id), row.order);
      assert.deepEqual(entries.filter((entry) => entry.recommended).map((entry) => entry.id), row.recommended);
      for (const entry of entries) {
        assert.deepEqual(entry.because, row.because[entry.id] ?? [], entry.id);
      }
    });
  }

  it('carries title, minutes, audience, rendered html and read state', () => {
    const entries = trainingCatalog(FEED, {}, new Set(['copyleft', 'not-in-feed']));
    const copyleft = entries.find((entry) => entry.id === 'copyleft');
    assert.deepEqual(copyleft, {
      id: 'copyleft',
      title: 'Copyleft in five minutes',
      minutes: 5,
      audience: ['developer'],
      html: '<p>Share-alike &amp; <em>reciprocity</em>: &lt;b&gt;GPL&lt;/b&gt;.</p>\n',
      recommended: false,
      because: [],
      read: true,
    });
    assert.equal(entries.find((entry) => entry.id === 'upstream')?.minutes, null);
    assert.deepEqual(entries.filter((entry) => entry.read).map((entry) => entry.id), ['copyleft']);
  });

  const searches: [string, string[]][] = [
    ['', ['basics', 'copyleft', 'upstream', 'sbom']],
    ['   ', ['basics', 'copyleft', 'upstream', 'sbom']],
    ['COPYLEFT', ['copyleft']],
    ['newcomer', ['basics', 'sbom']],
    ['contributor', ['upstream']],
    ['reciprocity', ['copyleft']],
    ['share-alike & reciprocity', ['copyleft']],
    ['<b>', ['copyleft']],
    ['ospo', ['upstream']],
    ['license basics', ['basics']],
    ['five copyleft', ['copyleft']],
    ['developer materials', ['sbom']],
    ['strong', []],
    ['.*', []],
    ['(', []],
    ['nothing-like-this', []],
  ];
  for (const [query, expected] of searches) {
    it(`search ${JSON.stringify(query)} → ${JSON.stringify(expected)}`, () => {
      const entries = trainingCatalog(FEED, {}, new Set());
      assert.deepEqual(filterTraining(entries, query).map((entry) => entry.id), expected);
    });
  }

  it('search keeps the order it is given', () => {
    const entries = trainingCatalog(FEED, { verdicts: ['deny'] }, new Set());
    assert.deepEqual(filterTraining(entries, 'e').map((entry) => entry.id), ['copyleft', 'basics', 'upstream', 'sbom']);
  });
});

describe('guide: policy overview', () => {
  const STATE = { origin: 'remote', source: 'https://ospo.acme.example/feed.json', signed: true, stale: false };
  const COUNTS = { manifests: 2, deny: 1, review: 2, unknown: 3, allow: 4, transitive: { deny: 5, review: 0, unknown: 0, allow: 7 } };
  const NOW = new Date('2026-03-01T12:00:00Z');

  it('carries the facts of the feed and its state', () => {
    const overview = policyOverview({ feed: FEED, state: { ...STATE, lastError: 'timeout' }, repos: [], now: NOW, counts: COUNTS });
    assert.equal(overview.id, 'acme-ospo');
    assert.equal(overview.version, 7);
    assert.equal(overview.organization, 'Acme');
    assert.equal(overview.issued, '2026-01-01T00:00:00Z');
    assert.equal(overview.ageDays, 59);
    assert.equal(overview.expires, null);
    assert.equal(overview.stale, false);
    assert.equal(overview.signed, true);
    assert.equal(overview.origin, 'remote');
    assert.equal(overview.source, 'https://ospo.acme.example/feed.json');
    assert.equal(overview.lastError, 'timeout');
    assert.deepEqual(overview.licenses, { allow: ['MIT'], review: ['MPL-2.0'], deny: ['AGPL-3.0-only'], default: 'review', unknown: 'deny' });
    assert.deepEqual(overview.findings, COUNTS);
  });

  const staleness: [string, string | undefined, boolean, string, number, boolean][] = [
    // name, expires, state.stale, now, ageDays, stale
    ['not expired', '2026-12-31T00:00:00Z', false, '2026-03-01T12:00:00Z', 59, false],
    ['expired by date', '2026-02-01T00:00:00Z', false, '2026-03-01T12:00:00Z', 59, true],
    ['stale by state', undefined, true, '2026-03-01T12:00:00Z', 59, true],
    ['issued in the future', undefined, false, '2025-12-01T00:00:00Z', 0, false],
  ];
  for (const [name, expires, stale, now, ageDays, expected] of staleness) {
    it(`staleness: ${name}`, () => {
      const feed = feedOf(expires === undefined ? {} : { expires });
      const overview = policyOverview({ feed, state: { ...STATE, stale }, repos: [], now: new Date(now), counts: COUNTS });
      assert.equal(overview.expires, expires ?? null);
      assert.equal(overview.stale, expected);
      assert.equal(overview.ageDays, ageDays);
      assert.equal(overview.lastError, null);
    });
  }

  const scoping: [string | null, string, string[], string[]][] = [
    // repo, now, matches in order, expired ones
    [null, '2026-03-01T00:00:00Z', ['pkg:npm/everywhere'], []],
    ['github.com/acme/tool', '2026-03-01T00:00:00Z', ['pkg:npm/everywhere', 'pkg:npm/tool-only', 'pkg:npm/acme-wide'], ['pkg:npm/acme-wide']],
    ['github.com/acme/tool', '2026-06-30T23:00:00Z', ['pkg:npm/everywhere', 'pkg:npm/tool-only', 'pkg:npm/acme-wide'], ['pkg:npm/acme-wide']],
    ['github.com/acme/tool', '2026-07-01T00:00:01Z', ['pkg:npm/everywhere', 'pkg:npm/tool-only', 'pkg:npm/acme-wide'], ['pkg:npm/tool-only', 'pkg:npm/acme-wide']],
    ['github.com/acme/other', '2025-12-31T12:00:00Z', ['pkg:npm/everywhere', 'pkg:npm/acme-wide'], []],
    ['github.com/other/repo', '2026-03-01T00:00:00Z', ['pkg:npm/everywhere', 'pkg:npm/other-repo'], []],
    ['github.com/someone/else', '2026-03-01T00:00:00Z', ['pkg:npm/everywhere'], []],
  ];
  for (const [repo, now, matches, expired] of scoping) {
    it(`exceptions for ${repo} at ${now}`, () => {
      const overview = policyOverview({ feed: FEED, state: STATE, repos: repo === null ? [] : [repo], now: new Date(now), counts: COUNTS });
      assert.deepEqual(overview.exceptions.map((grant) => grant.match), matches);
      assert.deepEqual(overview.exceptions.filter((grant) => grant.expired).map((grant) => grant.match), expired);
    });
  }

  it('applies exceptions scoped to any folder of a multi-root workspace', () => {
    const overview = policyOverview({ feed: FEED, state: STATE, repos: ['github.com/other/repo', 'github.com/acme/tool'], now: new Date('2026-03-01T00:00:00Z'), counts: COUNTS });
    assert.deepEqual(overview.exceptions.map((grant) => grant.match), ['pkg:npm/everywhere', 'pkg:npm/tool-only', 'pkg:npm/acme-wide', 'pkg:npm/other-repo']);
  });

  it('carries every field of an exception', () => {
    const overview = policyOverview({ feed: FEED, state: STATE, repos: ['github.com/acme/tool'], now: NOW, counts: COUNTS });
    assert.deepEqual(overview.exceptions[0], { match: 'pkg:npm/everywhere', versions: null, until: null, ticket: null, verdict: 'allow', expired: false });
    assert.deepEqual(overview.exceptions[1], { match: 'pkg:npm/tool-only', versions: '<3', until: '2026-06-30', ticket: 'OSPO-1', verdict: 'allow', expired: false });
  });

  const contacts: [Record<string, string>, { kind: string; label: string; href: string }[]][] = [
    [
      { email: 'ospo@acme.example', url: 'https://ospo.acme.example/', chat: 'https://chat.acme.example/ospo' },
      [
        { kind: 'email', label: 'ospo@acme.example', href: 'mailto:ospo@acme.example' },
        { kind: 'url', label: 'https://ospo.acme.example/', href: 'https://ospo.acme.example/' },
        { kind: 'chat', label: 'https://chat.acme.example/ospo', href: 'https://chat.acme.example/ospo' },
      ],
    ],
    [{ url: 'javascript:alert(1)', chat: 'command:workbench.action.terminal.new' }, []],
    [{ url: 'http://ospo.acme.example', chat: '#ospo on Slack' }, []],
    [{ email: 'ospo@acme.example?subject=x', url: 'data:text/html,x' }, []],
    [{ email: 'not an email' }, []],
    [{}, []],
  ];
  for (const [contact, expected] of contacts) {
    it(`contacts of ${JSON.stringify(contact)}`, () => {
      const overview = policyOverview({ feed: withContact(contact), state: STATE, repos: [], now: NOW, counts: COUNTS });
      assert.deepEqual(overview.contacts, expected);
    });
  }
});
