import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseManifest } from '../../src/core/manifests';
import type { FeedOrigin } from '../../src/core/feed/feedLoader';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { CompiledPolicy, type DependencyFacts, type Finding } from '../../src/core/policy/compiledPolicy';
import { exceptionRequestTarget, type ExceptionRequestFacts } from '../../src/core/policy/exceptionRequest';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import type { LicenseChoice } from '../../src/core/policy/licenseChoices';
import { parseFeedText, validateFeed } from '../../src/core/policy/validateFeed';
import { commandLink, escapeMarkdown, hoverMarkdown, type HoverCommands, type HoverInput } from '../../src/core/report/hoverMarkdown';
import { ospoReach } from '../../src/core/report/ospoReach';

const ROOT = path.resolve(__dirname, '../../..');
const COMMANDS: HoverCommands = { openTraining: 'ospoGuide.openTraining', requestException: 'ospoGuide.requestException', askOspo: 'ospoGuide.askOspo', connectFeed: 'ospoGuide.connectPolicyFeed' };
const NOW = new Date('2026-11-23T12:00:00Z');

function integrationFeed(): PolicyFeed {
  const parsed = parseFeedText(readFileSync(path.join(ROOT, 'test/fixtures/policies/integration-feed.json'), 'utf8'));
  assert.ok(parsed.feed, JSON.stringify(parsed.errors));
  return parsed.feed;
}

function findingFor(feed: PolicyFeed, facts: DependencyFacts): Finding {
  return new CompiledPolicy(feed).evaluate(facts, { repo: 'github.com/acme/app', now: NOW });
}

/** The hover as src/extension/hovers.ts asks for it: the request facts only where the feed names somewhere to send them. */
function hoverFor(feed: PolicyFeed, facts: DependencyFacts, extra: { recorded?: string; shownAbove?: string; training?: HoverInput['training']; origin?: FeedOrigin } = {}): string {
  const finding = findingFor(feed, facts);
  const [dependency] = parseManifest('npm', `{"dependencies": {"${facts.name}": "${facts.spec ?? '*'}"}}`).dependencies;
  const request: ExceptionRequestFacts = { purl: finding.purl, version: finding.version, license: finding.license, verdict: finding.verdict, repo: 'github.com/acme/app', file: 'package.json' };
  return hoverMarkdown({
    dependency: { ...dependency, ecosystem: facts.ecosystem },
    finding,
    training: extra.training ?? feed.training,
    commands: COMMANDS,
    ...(exceptionRequestTarget(feed.organization, request) !== null ? { exceptionRequest: request } : {}),
    reach: ospoReach(feed.organization, extra.origin ?? 'remote'),
    organization: feed.organization.name,
    ...(extra.recorded ? recordedFor({ license: extra.recorded, expression: finding.license ?? '', recordedAt: '2026-11-23' }, feed) : {}),
    ...(extra.shownAbove !== undefined ? { shownAbove: extra.shownAbove } : {}),
  });
}

/** As src/extension/hovers.ts gives it: the choice with the policy's verdict on it. */
function recordedFor(recordedChoice: LicenseChoice, feed: PolicyFeed): Pick<HoverInput, 'recordedChoice' | 'recordedChoiceVerdict'> {
  return { recordedChoice, recordedChoiceVerdict: new CompiledPolicy(feed).licenseVerdict(recordedChoice.license) };
}

/** The text a reader sees: markdown escapes removed. */
function plain(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

/** Every link destination in the markdown. */
function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (let index = markdown.indexOf('](', 0); index !== -1; index = markdown.indexOf('](', index + 2)) {
    if (markdown[index - 1] !== '\\') {
      targets.push(markdown.slice(index + 2, markdown.indexOf(')', index + 2)));
    }
  }
  return targets;
}

describe('hoverMarkdown: sections', () => {
  const feed = integrationFeed();
  const rows: { title: string; facts: DependencyFacts; recorded?: string; contains: string[]; absent?: string[] }[] = [
    {
      title: 'a denied package with an alternative, eol support and training',
      facts: { ecosystem: 'npm', name: 'left-pad', spec: '1.3.0', license: 'MIT', licenseSource: 'installed metadata' },
      contains: [
        '**Verdict: deny**',
        'left-pad is unmaintained',
        '**License:** MIT — from installed metadata',
        '**Support:** end of life — since 2018-04-01 — No releases since 2018.',
        '**Approved alternatives:**',
        '- npm package string.prototype.padstart ^3.1.6',
        '[Copyleft in five minutes (5 min)](command:ospoGuide.openTraining?',
        '[Request an exception](command:ospoGuide.requestException?',
        '[Ask the OSPO](command:ospoGuide.askOspo?',
      ],
      absent: ['packages[', 'licenses.', '(packages', 'health.', 'pkg:', 'No OSPO connected'],
    },
    {
      title: 'vendor support and a health score',
      facts: { ecosystem: 'npm', name: 'express', spec: '^4.19.2', license: 'MIT', licenseSource: 'package-lock.json' },
      contains: ['**Verdict: allow**', '**Health:** 8.1/10 (OpenSSF Scorecard) — fine', '**Support:** vendor support — until 2027-12-31 — Integration Corp has a support contract for Express. — contact: https://support.integration.example/express'],
      absent: ['Request an exception', 'Approved alternatives'],
    },
    {
      title: 'a list of licenses with no stated relation is shown as listed, not as AND',
      facts: { ecosystem: 'rubygems', name: 'power_assert', spec: null, license: ['BSD-2-Clause', 'Ruby'], licenseSource: 'power_assert.gemspec licenses' },
      contains: ['**License:** listed: BSD-2-Clause, Ruby (relation not stated; every one of them is applied) — from power_assert.gemspec licenses'],
      absent: ['BSD-2-Clause AND Ruby'],
    },
    {
      title: 'a low health score gives its verdict',
      facts: { ecosystem: 'cargo', name: 'criterion', spec: '0.5' },
      contains: ['**Health:** 1.5/10 (OpenSSF Scorecard) — deny', '**Verdict: deny**', 'from feed curation'],
    },
    {
      title: 'an advisory with its aliases and summary',
      facts: { ecosystem: 'npm', name: 'lodash', spec: '4.17.21', license: 'MIT' },
      contains: ['**Advisories:**', '- INTEGRATION-2026-1 (CVE-2026-0001): Fixture advisory: prototype pollution in lodash before 4.17.22 — review'],
    },
    {
      title: 'an expired exception',
      facts: { ecosystem: 'go', name: 'github.com/gin-gonic/gin', spec: 'v1.10.0' },
      contains: ['**Expired exception:** OSPO-7 ended 2025-01-31', '**Support:** internal owner'],
    },
    {
      title: 'an OR choice with a recorded choice',
      facts: { ecosystem: 'cargo', name: 'rand', spec: '0.8' },
      recorded: 'MIT',
      contains: ['**License:** MIT OR GPL-3.0-only — from feed curation — choice recorded: MIT'],
    },
    {
      title: 'a recorded choice of a license the policy denies',
      facts: { ecosystem: 'cargo', name: 'rand', spec: '0.8' },
      recorded: 'GPL-3.0-only',
      contains: ['choice recorded: GPL-3.0-only, **which the policy denies**: record another option or ask your OSPO'],
    },
    {
      title: 'no license data',
      facts: { ecosystem: 'npm', name: 'mystery', spec: '1.0.0' },
      contains: ['**License:** unknown (no license data)'],
    },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const markdown = hoverFor(feed, row.facts, row.recorded ? { recorded: row.recorded } : {});
      const text = plain(markdown);
      for (const expected of row.contains) {
        assert.ok(text.includes(expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
      }
      for (const unexpected of row.absent ?? []) {
        assert.ok(!text.includes(unexpected), `unexpected ${JSON.stringify(unexpected)} in:\n${text}`);
      }
      for (const target of linkTargets(markdown)) {
        assert.ok(Object.values(COMMANDS).some((command) => target.startsWith(`command:${command}?`)), `unexpected link ${target}`);
      }
    });
  }

  it('links training by id with JSON arguments', () => {
    const markdown = hoverFor(feed, { ecosystem: 'npm', name: 'left-pad', spec: '1.3.0', license: 'MIT' });
    const target = linkTargets(markdown).find((link) => link.startsWith('command:ospoGuide.openTraining?'));
    assert.ok(target);
    assert.deepEqual(JSON.parse(decodeURIComponent(target.slice(target.indexOf('?') + 1))), ['copyleft-basics']);
  });
});

describe('hoverMarkdown: what the diagnostic above already says', () => {
  const feed = integrationFeed();
  const leftPad: DependencyFacts = { ecosystem: 'npm', name: 'left-pad', spec: '1.3.0', license: 'MIT', licenseSource: 'installed metadata' };
  // The diagnostic's message as diagnostics.ts builds it: `name@version (license): <the decisive reason>`.
  const diagnostic = (finding: Finding) => `left-pad@${finding.version ?? ''} (${finding.license ?? ''}): ${finding.decisive.message}`;

  it('on the name, under the diagnostic: the verdict sentence is not said twice, what the diagnostic does not say is', () => {
    const finding = findingFor(feed, leftPad);
    const shownAbove = diagnostic(finding);
    const text = plain(hoverFor(feed, leftPad, { shownAbove }));
    assert.ok(!text.includes(finding.decisive.message), `the diagnostic's sentence repeated:\n${text}`);
    for (const expected of ['**Verdict: deny**', '**License:** MIT — from installed metadata', '**Support:** end of life', '**Approved alternatives:**', '[Copyleft in five minutes (5 min)]']) {
      assert.ok(text.includes(expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
    }
    const others = finding.reasons.filter((reason) => reason !== finding.decisive && !shownAbove.includes(reason.message));
    assert.ok(others.length > 0, 'the fixture has a reason the diagnostic does not give');
    for (const reason of others) {
      assert.ok(text.includes(reason.message), `missing ${JSON.stringify(reason.message)} in:\n${text}`);
    }
  });

  it('on the spec, where no diagnostic is shown: the hover says why', () => {
    const finding = findingFor(feed, leftPad);
    const text = plain(hoverFor(feed, leftPad));
    assert.ok(text.includes(`**Verdict: deny** — ${finding.decisive.message}`), text);
  });

  it('an expired exception the diagnostic names is not listed again among the reasons', () => {
    const gin: DependencyFacts = { ecosystem: 'go', name: 'github.com/gin-gonic/gin', spec: 'v1.10.0' };
    const finding = findingFor(feed, gin);
    const expired = finding.reasons.find((reason) => reason.kind === 'exception-expired');
    assert.ok(expired);
    const text = plain(hoverFor(feed, gin, { shownAbove: `github.com/gin-gonic/gin: ${expired.message}` }));
    assert.ok(!text.includes(expired.message), text);
    assert.ok(text.includes('**Expired exception:** OSPO-7 ended 2025-01-31'), text);
  });

  it('no internal ids: no rule ids, and training the feed does not have is left out rather than shown by its id', () => {
    const text = plain(hoverFor(feed, leftPad, { training: [] }));
    assert.doesNotMatch(text, /packages\[|licenses\.|advisories\[|health\.(deny|warn)|copyleft-basics|\*\*Training/);
  });
});

describe('hoverMarkdown: the ways to the OSPO', () => {
  const leftPad: DependencyFacts = { ecosystem: 'npm', name: 'left-pad', spec: '1.3.0', license: 'WTFPL' };
  const withOrganization = (organization: PolicyFeed['organization']): PolicyFeed => ({ ...integrationFeed(), organization });

  it('under the bundled default: no request, no "Ask the OSPO", one link that connects a feed', () => {
    const feed = bundledDefaultFeed();
    const markdown = hoverFor(feed, leftPad, { origin: 'bundled' });
    const text = plain(markdown);
    assert.match(text, /\*\*Verdict: review\*\*/);
    assert.ok(text.includes('**No OSPO connected** — [connect your organization’s policy feed](command:ospoGuide.connectPolicyFeed?'), text);
    assert.ok(!text.includes('Request an exception') && !text.includes('Ask the OSPO'), text);
    assert.deepEqual(
      linkTargets(markdown).filter((target) => !target.startsWith('command:ospoGuide.openTraining?')),
      ['command:ospoGuide.connectPolicyFeed?%5B%5D'],
    );
  });

  it("an organization's feed without contacts says so, and offers nothing to connect", () => {
    const text = plain(hoverFor(withOrganization({ name: 'Quiet Corp', contact: {} }), leftPad, { origin: 'remote' }));
    assert.ok(text.includes('_The policy of Quiet Corp names no way to contact its OSPO._'), text);
    assert.ok(!text.includes('Request an exception') && !text.includes('Ask the OSPO') && !text.includes('connect'), text);
  });

  it('a request form without contacts: the request, no "Ask the OSPO", no sentence', () => {
    const text = plain(hoverFor(withOrganization({ name: 'Form Corp', contact: {}, exceptionRequestUrl: 'https://ospo.example/new?p={purl}' }), leftPad));
    assert.ok(text.includes('[Request an exception](command:ospoGuide.requestException?'), text);
    assert.ok(!text.includes('Ask the OSPO') && !text.includes('names no way'), text);
  });

  it('a chat contact only: "Ask the OSPO", and no request (nowhere to send one)', () => {
    const text = plain(hoverFor(withOrganization({ name: 'Chat Corp', contact: { chat: 'https://chat.example/ospo' } }), leftPad));
    assert.ok(text.includes('[Ask the OSPO](command:ospoGuide.askOspo?'), text);
    assert.ok(!text.includes('Request an exception'), text);
  });
});

describe('hoverMarkdown: hostile feed text', () => {
  const hostile = ['<script>alert(1)</script>', '[x](command:evil)', 'javascript:alert(1)', '![img](https://evil.example/x.png)', '<img src=x onerror=alert(1)>', '$(zap) `code` *em* https://evil.example www.evil.example a@b.example'];
  const validated = validateFeed({
    schemaVersion: 1,
    id: 'hostile',
    version: 1,
    issued: '2026-11-01T00:00:00Z',
    organization: { name: 'Hostile', contact: {} },
    licenses: { allow: [], review: [], deny: [], default: 'review', unknown: 'review' },
    packages: [
      {
        match: 'pkg:npm/victim',
        verdict: 'deny',
        reason: hostile.join(' '),
        license: 'LicenseRef-<script>',
        alternatives: [{ purl: 'pkg:npm/evil', spec: '<1.0.0 || >=2.0.0 <3.0.0' }],
        support: { level: 'vendor', note: hostile[1], contact: 'javascript:alert(1)', until: '2027-12-31' },
        health: { score: 9, source: '[src](command:evil)' },
        training: ['t1'],
      },
    ],
    advisories: [{ id: '<script>', aliases: ['[a](command:evil)'], summary: hostile.join(' '), affected: [{ package: { ecosystem: 'npm', name: 'victim' }, versions: ['1.0.0'] }] }],
    training: [{ id: 't1', title: '](command:evil) [y', markdown: 'x', audience: ['developer'] }],
  });
  assert.ok(validated.feed, JSON.stringify(validated.errors));
  const feed = validated.feed;

  it('escapes every feed string so no HTML, link or image can form', () => {
    const markdown = hoverFor(feed, { ecosystem: 'npm', name: 'victim', spec: '1.0.0', license: 'MIT' });
    for (const target of linkTargets(markdown)) {
      assert.ok(Object.values(COMMANDS).some((command) => target.startsWith(`command:${command}?`)), `a link other than ours: ${target}`);
    }
    assert.doesNotMatch(markdown, /(^|[^\\])</, 'an unescaped <');
    assert.doesNotMatch(markdown, /(^|[^\\])!\[/, 'an unescaped image');
    assert.doesNotMatch(markdown, /(^|[^\\])\$\(/, 'an unescaped theme icon');
    assert.doesNotMatch(markdown, /https:\/\/evil/, 'an autolink');
    assert.doesNotMatch(markdown, /(^|[^\\])javascript:/, 'a javascript: text');
    // Readers still see the text as written.
    assert.ok(plain(markdown).includes('<script>alert(1)</script>'));
  });

  const escapes: [string, string][] = [
    ['<script>', '\\<script\\>'],
    ['[x](command:evil)', '\\[x\\]\\(command\\:evil\\)'],
    ['javascript:alert(1)', 'javascript\\:alert\\(1\\)'],
    ['line\nbreak\r\n# heading', 'line break \\# heading'],
    ['plain words', 'plain words'],
  ];
  for (const [input, expected] of escapes) {
    it(`escapeMarkdown(${JSON.stringify(input)})`, () => assert.equal(escapeMarkdown(input), expected));
  }

  it('command links encode their arguments, parentheses too', () => {
    assert.equal(commandLink('a.b', ['x (y)']), 'command:a.b?%5B%22x%20%28y%29%22%5D');
  });
});

describe('hoverMarkdown: governance', () => {
  const feed = bundledDefaultFeed();
  const facts = (ecosystem: DependencyFacts['ecosystem'], name: string): DependencyFacts => ({ ecosystem, name, spec: '1.0.0', version: '1.0.0', license: 'MIT' });

  it('says which governance and why, for a foundation, a single vendor and an unknown package', () => {
    const hover = (dependency: DependencyFacts) => plain(hoverFor(feed, dependency));
    assert.ok(hover(facts('npm', 'express')).includes('**Governance:** foundation — OpenJS Foundation (OSPO Guide’s list of foundations and vendors, from https://openjsf.org/projects)'), hover(facts('npm', 'express')));
    assert.ok(
      hover(facts('go', 'github.com/hashicorp/vault/api')).includes(
        '**Governance:** single vendor — HashiCorp; relicensed MPL-2.0 → BUSL-1.1 on 2023-08-10 (OSPO Guide’s list of foundations and vendors, from https://github.com/hashicorp; https://www.infoq.com/news/2023/08/hashicorp-adopts-bsl/)',
      ),
    );
    assert.ok(hover(facts('npm', 'left-pad-ish')).includes('**Governance:** unknown — neither the policy nor OSPO Guide’s list of foundations and vendors names it.'));
  });

  it('says by which repository a package was placed, and the registry’s activity on a line of its own', () => {
    const markdown = plain(
      hoverFor(feed, {
        ...facts('npm', 'vscode-languageclient'),
        repository: { location: 'github.com/microsoft/vscode-languageserver-node', source: 'registry.npmjs.org' },
        activity: { latestRelease: { version: '9.0.1', date: '2023-10-06' }, maintainers: 1, source: 'registry.npmjs.org' },
      }),
    );
    assert.ok(markdown.includes('**Governance:** single vendor — Microsoft (OSPO Guide’s list of foundations and vendors by its repository github.com/microsoft/vscode-languageserver-node (from registry.npmjs.org), from https://github.com/microsoft)'), markdown);
    assert.ok(markdown.includes('**Activity:** latest release 9.0.1 on 2023-10-06, 1 maintainer (registry.npmjs.org)'), markdown);
    assert.ok(!plain(hoverFor(feed, facts('npm', 'express'))).includes('Activity'));
  });
});

describe('hoverMarkdown: funding', () => {
  const validated = validateFeed({
    schemaVersion: 1,
    id: 'acme-ospo',
    version: 1,
    issued: '2026-11-01T00:00:00Z',
    sponsorships: [
      { match: 'pkg:npm/eslint', how: 'Open Collective, $1,000/month', contact: 'ospo@acme.example' },
      { match: 'pkg:npm/@babel/*', how: '[x](command:evil) <img src=x onerror=alert(1)>' },
    ],
  });
  assert.ok(validated.feed, JSON.stringify(validated.errors));
  const feed = validated.feed;
  const facts = (name: string, funding?: readonly string[]): DependencyFacts => ({ ecosystem: 'npm', name, spec: '1.0.0', version: '1.0.0', license: 'MIT', ...(funding ? { funding } : {}) });

  it('says the organization sponsors a package a sponsorship names, with how and whom to ask', () => {
    const markdown = hoverFor(feed, facts('eslint', ['https://opencollective.com/eslint']));
    assert.ok(plain(markdown).includes('**Funding:** sponsored by your organization — Open Collective, $1,000/month (ospo@acme.example)'), markdown);
    assert.ok(!plain(markdown).includes('asks for funding'));
  });

  it('else where the package asks for funding, as text: no link but the extension’s own', () => {
    const markdown = hoverFor(feed, facts('chalk', ['https://github.com/chalk/chalk?sponsor=1', 'https://a.example/1', 'https://a.example/2', 'https://a.example/3']));
    assert.ok(plain(markdown).includes('**Funding:** asks for funding: https://github.com/chalk/chalk?sponsor=1, https://a.example/1, https://a.example/2 and 1 more'), markdown);
    assert.doesNotMatch(markdown, /https:\/\//, 'a URL a renderer could autolink');
    for (const target of linkTargets(markdown)) {
      assert.ok(Object.values(COMMANDS).some((command) => target.startsWith(`command:${command}?`)), `a link other than ours: ${target}`);
    }
  });

  it('says nothing of funding for a package that asks for none and nobody sponsors', () => {
    assert.ok(!hoverFor(feed, facts('plain')).includes('Funding'));
  });

  it('escapes what a sponsorship says', () => {
    const markdown = hoverFor(feed, facts('@babel/core'));
    for (const target of linkTargets(markdown)) {
      assert.ok(Object.values(COMMANDS).some((command) => target.startsWith(`command:${command}?`)), `a link other than ours: ${target}`);
    }
    assert.doesNotMatch(markdown, /(^|[^\\])</, 'an unescaped <');
    assert.ok(plain(markdown).includes('sponsored by your organization — [x](command:evil) <img src=x onerror=alert(1)>'));
  });
});
