import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import { parseFeedText } from '../../src/core/policy/validateFeed';
import {
  contactChoices,
  exceptionsForRepo,
  policySummaryMarkdown,
  policyStatusLines,
  type PolicySummaryInput,
} from '../../src/core/report/policySummaryMarkdown';
import { escapeMarkdownText, markdownLink, safeLinkTarget, sanitizeFeedMarkdown } from '../../src/core/report/safeMarkdown';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const NOW = new Date('2026-12-01T12:00:00Z');

function feedFrom(json: unknown): PolicyFeed {
  const { feed, errors } = parseFeedText(JSON.stringify(json));
  assert.ok(feed, JSON.stringify(errors));
  return feed;
}

const integrationJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/policies/integration-feed.json'), 'utf8')) as Record<string, unknown>;

function input(feed: PolicyFeed, overrides: Partial<PolicySummaryInput> = {}): PolicySummaryInput {
  return { feed, state: { origin: 'remote', source: 'https://ospo.example/feed.json', signed: false, stale: false, fetchedAt: new Date('2026-12-01T10:00:00Z') }, repo: 'github.com/acme/tool', now: NOW, ...overrides };
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(1)">',
  '[click](javascript:alert(1))',
  '![pixel](https://tracker.example/p.png)',
  '<a href="javascript:alert(1)">x</a>',
  '[ref]: javascript:alert(1)',
  '[x](  jav&#x61;script:alert(1))',
  '<!-- comment --><iframe src="https://evil.example">',
];

/** What must never reach a Markdown renderer from a feed. */
function assertNoActiveContent(markdown: string): void {
  assert.doesNotMatch(markdown, /</, 'no raw < (so no HTML tag, comment or autolink)');
  assert.doesNotMatch(markdown, /\]\(\s*(?!https:|mailto:|training\/|\.\.\/policy\.md)/i, 'no inline link to anything but https, mailto and our own documents');
  assert.doesNotMatch(markdown, /(^|[^\\])!\[/, 'no image');
  assert.doesNotMatch(markdown, /^ {0,3}\[[^\]]*\]:\s*(?!https:|mailto:)/m, 'no reference definition to anything else');
}

describe('feed strings in Markdown', () => {
  const escapes: [string, string][] = [
    ['acme-ospo', 'acme-ospo'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert\\(1\\)&lt;/script&gt;'],
    ['[x](javascript:y)', '\\[x\\]\\(javascript\\:y\\)'],
    ['see https://x.example or ospo@x.example', 'see https\\://x\\.example or ospo\\@x\\.example'],
    ['*bold* _em_ `code`', '\\*bold\\* \\_em\\_ \\`code\\`'],
    ['a\nb\r\nc', 'a b c'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['# not a heading', '\\# not a heading'],
  ];
  for (const [raw, escaped] of escapes) {
    it(`escapes ${JSON.stringify(raw)}`, () => assert.equal(escapeMarkdownText(raw), escaped));
  }

  const targets: [string, string | undefined][] = [
    ['https://ospo.example/ask', 'https://ospo.example/ask'],
    ['HTTPS://OSPO.example/a b', 'https://ospo.example/a%20b'],
    ['https://x.example/(y)', 'https://x.example/%28y%29'],
    ['mailto:ospo@example.com', 'mailto:ospo@example.com'],
    ['http://ospo.example', undefined],
    ['javascript:alert(1)', undefined],
    [' javascript:alert(1)', undefined],
    ['data:text/html,<script>', undefined],
    ['file:///etc/passwd', undefined],
    ['https://', undefined],
    ['command:workbench.action.quit', undefined],
  ];
  for (const [url, expected] of targets) {
    it(`link target ${JSON.stringify(url)} → ${String(expected)}`, () => assert.equal(safeLinkTarget(url), expected));
  }

  it('markdownLink shows an unsafe URL as text', () => {
    assert.equal(markdownLink('Ask', 'https://ospo.example/ask'), '[Ask](https://ospo.example/ask)');
    assert.equal(markdownLink('Ask', 'javascript:alert(1)'), 'Ask (javascript\\:alert\\(1\\))');
  });

  const sanitized: [string, string][] = [
    ['**Copyleft** and [the FSF](https://www.gnu.org/x).', '**Copyleft** and [the FSF](https://www.gnu.org/x).'],
    ['[mail](mailto:a@b.example)', '[mail](mailto:a@b.example)'],
    ['<script>alert(1)</script>', '&lt;script>alert(1)&lt;/script>'],
    ['[click](javascript:alert(1))', '[click]\\(javascript:alert(1))'],
    ['![pixel](https://t.example/p.png)', '\\![pixel](https://t.example/p.png)'],
    ['[ref]: javascript:alert(1)', '\\[ref]: javascript:alert(1)'],
    ['[ok]: https://ok.example', '[ok]: https://ok.example'],
    ['see http://plain.example', 'see http\\://plain.example'],
    ['> a quote', '> a quote'],
  ];
  for (const [raw, expected] of sanitized) {
    it(`feed Markdown ${JSON.stringify(raw)}`, () => assert.equal(sanitizeFeedMarkdown(raw), expected));
  }
});

describe('policy documents', () => {
  const feed = feedFrom(integrationJson);

  it('the summary names the policy, its source, signature, age, lists, rules, exceptions, health, contacts and training', () => {
    const markdown = policySummaryMarkdown(input(feed));
    // As a renderer shows it: every backslash escape resolved.
    const shown = markdown.replace(/\\(.)/g, '$1');
    for (const expected of [
      '# OSPO policy: Integration Corp OSPO',
      '**Policy:** integration-ospo version 3',
      '**Source:** fetched from https://ospo.example/feed.json',
      'not signed',
      '**Issued:** 2026-11-01 (30 days ago)',
      '**Fetched:** 2 hours ago',
      '**Denied:** GPL-3.0-only, AGPL-3.0-only, BUSL-1.1',
      '12 package rules',
      'github.com/gin-gonic/gin (Go): allow, **expired** 2025-01-31 (OSPO-7)',
      'A score below 4 needs review; a score below 2 is denied',
      '[ospo@integration.example](mailto:ospo@integration.example)',
      '[https://chat.integration.example/ospo](https://chat.integration.example/ospo)',
      '[Copyleft in five minutes](training/copyleft-basics.md) (5 min)',
    ]) {
      assert.ok(shown.includes(expected), `missing ${JSON.stringify(expected)} in\n${markdown}`);
    }
    assert.doesNotMatch(markdown, /STALE/);
  });

  it('says when the policy is stale, what the last refresh error was, and that a repository policy applies', () => {
    const markdown = policySummaryMarkdown(input(feed, { state: { origin: 'cache', source: 'https://x.example/f.json', signed: true, stale: true, lastError: 'HTTP 503 <b>' }, workspacePolicy: { folder: 'tool', tightened: true } }));
    assert.match(markdown, /\*\*STALE:\*\*/);
    assert.match(markdown, /signed and verified/);
    assert.match(markdown, /\*\*Last refresh failed:\*\* HTTP 503 &lt;b&gt;/);
    assert.match(markdown, /\*\*Repository policy:\*\* the `\.ospo\/policy\.json` of the folder tool tightens this policy, for the manifests in tool only\./);
  });

  it("says which folder's own file is part of the policy shown and which other folders have their own, names escaped", () => {
    const own = policySummaryMarkdown(input(feed, { workspacePolicy: { folder: 'api', tightened: true }, otherPolicyFolders: ['web <b>'] }));
    assert.match(own, /of the folder api tightens this policy, for the manifests in api only/);
    assert.match(own, /\*\*Other folders:\*\* web &lt;b&gt; has its own `\.ospo\/policy\.json`, which tightens the policy for its own manifests only/);
    const organization = policySummaryMarkdown(input(feed, { otherPolicyFolders: ['api', 'web'] }));
    assert.doesNotMatch(organization, /Repository policy:/);
    assert.match(organization, /\*\*Repository policies:\*\* api, web each have their own `\.ospo\/policy\.json`/);
    const none = policySummaryMarkdown(input(feed));
    assert.doesNotMatch(none, /\.ospo\/policy\.json/);
    const nothingAdded = policySummaryMarkdown(input(feed, { workspacePolicy: { folder: 'api', tightened: false } }));
    assert.match(nothingAdded, /of the folder api adds nothing to the organization's policy/);
  });

  const sources: [string, PolicySummaryInput['state'], string[], RegExp][] = [
    ['the bundled default, in one plain phrase', { origin: 'bundled', source: 'bundled default', signed: false, stale: false }, ['- **Policy:** the bundled default policy (no organization feed connected)'], /Source|bundled default: bundled default|integration-ospo/],
    ['a local file', { origin: 'file', source: '/etc/ospo/feed.json', signed: false, stale: false }, ['- **Policy:** integration-ospo version 3 from Integration Corp OSPO', '- **Source:** read from /etc/ospo/feed.json'], /bundled/],
    ['the cached copy', { origin: 'cache', source: 'https://x.example/f.json', signed: true, stale: false }, ['- **Source:** the last verified copy of https://x.example/f.json, kept on this machine'], /bundled/],
  ];
  for (const [title, state, expected, absent] of sources) {
    it(`says where the policy comes from: ${title}`, () => {
      const lines = policyStatusLines(input(feed, { state })).map((line) => line.replace(/\\(.)/g, '$1'));
      for (const line of expected) {
        assert.ok(lines.includes(line), `missing ${JSON.stringify(line)} in\n${lines.join('\n')}`);
      }
      assert.doesNotMatch(lines.join('\n'), absent);
    });
  }

  it('lists only the exceptions that apply to this repository', () => {
    const grants = feedFrom({
      ...integrationJson,
      exceptions: [
        { match: 'pkg:npm/a', verdict: 'allow' },
        { match: 'pkg:npm/b', repos: ['github.com/acme/*'], until: '2027-01-31', verdict: 'allow' },
        { match: 'pkg:npm/c', repos: ['github.com/other/x'], verdict: 'allow' },
      ],
    }).exceptions;
    assert.deepEqual(
      exceptionsForRepo(grants, 'github.com/acme/tool', NOW).map(({ grant, expired }) => [grant.match, expired]),
      [
        ['pkg:npm/a', false],
        ['pkg:npm/b', false],
      ],
    );
    assert.deepEqual(
      exceptionsForRepo(grants, null, NOW).map(({ grant }) => grant.match),
      ['pkg:npm/a'],
    );
  });

  it('a hostile feed puts no HTML, script, image or unsafe link into any document', () => {
    const hostile = HOSTILE.join(' ');
    // Built past the validator (which refuses most of this) to prove the documents hold on their own.
    const valid = feedFrom(integrationJson);
    const feed: PolicyFeed = {
      ...valid,
      id: hostile,
      organization: { name: hostile, contact: { email: '<script>@x', url: 'javascript:alert(1)', chat: 'http://insecure.example' }, exceptionRequestUrl: 'javascript:alert(1)' },
      licenses: { ...valid.licenses, deny: ['<img src=x onerror=alert(1)>'], notes: new Map([['MIT', HOSTILE.join('\n')]]) },
      exceptions: [{ match: hostile, ticket: hostile, until: hostile, versions: hostile, verdict: 'allow' }],
      contribution: { ...valid.contribution, default: { status: 'needs-approval', approvalUrl: 'javascript:alert(1)', notes: HOSTILE.join('\n') }, checklist: HOSTILE },
      training: [{ id: '<script>', title: hostile, audience: ['developer'], markdown: HOSTILE.join('\n\n'), triggers: [] }],
    };
    const state = { origin: 'remote' as const, source: hostile, signed: false, stale: true, lastError: hostile };
    assertNoActiveContent(policySummaryMarkdown(input(feed, { state, repo: null })));
    assert.deepEqual(contactChoices(feed.organization), []);
  });

  it('contacts: email as mailto, url and chat over https only', () => {
    assert.deepEqual(contactChoices(feed.organization), [
      { kind: 'email', label: 'ospo@integration.example', target: 'mailto:ospo@integration.example' },
      { kind: 'url', label: 'https://ospo.integration.example/ask', target: 'https://ospo.integration.example/ask' },
      { kind: 'chat', label: 'https://chat.integration.example/ospo', target: 'https://chat.integration.example/ospo' },
    ]);
    const cases: [Record<string, string>, string[]][] = [
      [{}, []],
      [{ email: 'a@b.example' }, ['mailto:a@b.example']],
      [{ email: 'a@b.example?body=x' }, []],
      [{ email: 'not an email' }, []],
      [{ url: 'http://ospo.example' }, []],
      [{ chat: 'slack://channel' }, []],
      [{ chat: 'https://chat.example/x y' }, ['https://chat.example/x%20y']],
    ];
    for (const [contact, targets] of cases) {
      assert.deepEqual(
        contactChoices({ name: 'x', contact }).map((choice) => choice.target),
        targets,
        JSON.stringify(contact),
      );
    }
  });
});
