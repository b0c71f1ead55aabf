import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corporateDomains, folderContribution, type LocalGitFacts } from '../../src/core/guide/contribution';
import { policyOverview } from '../../src/core/guide/policyOverview';
import { trainingCatalog } from '../../src/core/guide/training';
import type { FeedOrigin } from '../../src/core/feed/feedLoader';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import { parseFeedText } from '../../src/core/policy/validateFeed';
import { ospoReach } from '../../src/core/report/ospoReach';
import { guideCsp, guideHtml, type GuideFocus, type GuideModel, type GuideResources } from '../../src/extension/guideHtml';
import type { FundedPackage, FundingReport } from '../../src/core/report/funding';
import { fundingCountText } from '../../src/extension/guideFundingHtml';
import { GUIDE_SECTIONS, isHostMessage, isWebviewMessage } from '../../src/webview/protocol';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const NOW = new Date('2026-12-01T12:00:00Z');
const RESOURCES: GuideResources = {
  cspSource: 'https://csp.example',
  nonce: 'bm9uY2Utb25lLXR3bw==',
  script: 'https://csp.example/media/guide.js',
  styles: ['https://csp.example/media/codicons/codicon.css', 'https://csp.example/media/guide.css'],
};

function loadFeed(name: string): PolicyFeed {
  const { feed, errors } = parseFeedText(readFileSync(path.join(REPO_ROOT, 'test/fixtures/policies', name), 'utf8'));
  assert.ok(feed, JSON.stringify(errors));
  return feed;
}

function modelFor(feed: PolicyFeed, facts: LocalGitFacts, folderName = 'workspace', origin: FeedOrigin = 'file'): GuideModel {
  return {
    organization: feed.organization.name,
    ospo: ospoReach(feed.organization, origin),
    trusted: true,
    contributions: [folderContribution(feed, folderName, facts, corporateDomains(feed))],
    training: trainingCatalog(feed, { verdicts: ['deny'], contribution: 'needs-approval' }, new Set(['script-title'])),
    policy: policyOverview({
      feed,
      state: { origin: 'file', source: '/etc/<script>alert("source")</script>.json', signed: false, stale: false, lastError: '<img src=x onerror=alert("error")>' },
      repos: ['github.com/evil/repo'],
      now: NOW,
      counts: { manifests: 2, deny: 1, review: 2, unknown: 3, allow: 4, transitive: { deny: 5, review: 0, unknown: 0, allow: 7 } },
    }),
    funding: HOSTILE_FUNDING,
  };
}

/** What a package's metadata and a feed could put in the Funding section. */
const HOSTILE_FUNDING: FundingReport = {
  packages: [
    { name: '<img src=x onerror=alert("name")>', ecosystem: 'npm', funding: ['https://evil.example/"><script>alert("href")</script>', 'javascript:alert("link")'], manifests: 2 },
    { name: 'eslint', ecosystem: 'npm', funding: ['https://opencollective.com/eslint'], manifests: 1, sponsored: { how: '<script>alert("how")</script>', contact: '"><b onmouseover=alert(1)>' } },
  ],
};

const HOSTILE_FACTS: LocalGitFacts = {
  remotes: [{ name: 'upstream"><script>alert("remote")</script>', url: 'https://github.com/evil/repo"><img src=x onerror=alert(1)>.git' }],
  userEmail: '"><script>alert("email")</script>@evil.example',
  recentCommitMessages: ['<script>alert("commit")</script>'],
  contributingFile: '<svg onload=alert("contributing")>.md',
};

/** The start tags of an HTML text, with their attributes; text and comments are skipped. */
function startTags(html: string): { name: string; attributes: Map<string, string> }[] {
  const tags: { name: string; attributes: Map<string, string> }[] = [];
  const tagPattern = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;
  const attributePattern = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (const match of html.matchAll(tagPattern)) {
    const attributes = new Map<string, string>();
    for (const attribute of match[2].matchAll(attributePattern)) {
      attributes.set(attribute[1].toLowerCase(), attribute[2] ?? attribute[3] ?? attribute[4] ?? '');
    }
    tags.push({ name: match[1].toLowerCase(), attributes });
  }
  return tags;
}

const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'link', 'title', 'body', 'header', 'nav', 'main', 'section', 'article', 'div', 'span', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'button', 'input', 'label', 'dl', 'dt', 'dd', 'ul', 'ol', 'li', 'code', 'pre', 'strong', 'em', 's', 'a', 'blockquote', 'hr', 'br',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'script',
]);

function assertInert(html: string): void {
  // Only the nonce'd bundle is a script.
  const scripts = [...html.matchAll(/<script\b/gi)];
  assert.equal(scripts.length, 1, 'exactly one <script>');
  assert.match(html, new RegExp(`<script nonce="${RESOURCES.nonce}" src="${RESOURCES.script}"></script>`));
  for (const { name, attributes } of startTags(html)) {
    assert.ok(ALLOWED_TAGS.has(name), `unexpected element <${name}>`);
    for (const [attribute, value] of attributes) {
      assert.ok(!attribute.startsWith('on'), `event handler ${attribute} on <${name}>`);
      assert.ok(!['style', 'srcdoc', 'formaction', 'action'].includes(attribute), `${attribute} on <${name}>`);
      if (attribute === 'href' || attribute === 'src') {
        const decoded = value.replace(/&amp;/g, '&');
        assert.ok(/^(https:|mailto:)/i.test(decoded), `<${name} ${attribute}="${value}">`);
      }
    }
    if (name === 'script') {
      assert.equal(attributes.get('nonce'), RESOURCES.nonce);
      assert.equal(attributes.get('src'), RESOURCES.script);
    }
  }
  // Nothing that a browser would treat as markup survives outside the tags above: no raw `<` before a letter inside text.
  assert.doesNotMatch(html, /<(?:img|svg|iframe|style|object|embed|form|base|math)\b/i);
}

describe('guide panel HTML', () => {
  const hostile = loadFeed('hostile-training.json');

  it('a hostile feed renders with no script but ours and every hostile string as text', () => {
    const focus: GuideFocus = { section: 'learn', training: '"><script>alert(\'focus\')</script>' };
    const html = guideHtml(modelFor(hostile, HOSTILE_FACTS, 'folder"><script>alert("folder")</script>'), focus, RESOURCES);
    assertInert(html);
    // The hostile text is still there, escaped, so the user sees what the feed says.
    for (const text of ["&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;", 'Evil &lt;img src=x onerror=alert(&#39;org&#39;)&gt; OSPO', '&lt;b onmouseover=alert(&#39;checklist&#39;)&gt;bold&lt;/b&gt;']) {
      assert.ok(html.includes(text), `missing escaped text ${text}`);
    }
    // Links with other schemes lose their link, images never load; the approval URL stays in the extension.
    assert.doesNotMatch(html, /tracker\.example/);
    assert.ok(html.includes('<a href="mailto:ospo@hostile.example"'));
    assert.ok(html.includes('<a href="https://ok.example/autolink"'));
    assert.doesNotMatch(html, /approve\.hostile\.example/);
  });

  it('every section of the hostile feed is inert, whichever is shown', () => {
    for (const section of GUIDE_SECTIONS) {
      assertInert(guideHtml(modelFor(hostile, HOSTILE_FACTS), { section }, RESOURCES));
    }
  });

  it('the CSP allows only the nonce script and the webview resources', () => {
    const html = guideHtml(modelFor(loadFeed('integration-feed.json'), { remotes: [], userEmail: null, recentCommitMessages: null, contributingFile: null }), { section: 'contribute' }, RESOURCES);
    const csp = guideCsp(RESOURCES.cspSource, RESOURCES.nonce);
    assert.equal(csp, `default-src 'none'; script-src 'nonce-${RESOURCES.nonce}'; style-src https://csp.example; img-src https://csp.example; font-src https://csp.example`);
    const metas = startTags(html).filter((tag) => tag.name === 'meta' && tag.attributes.get('http-equiv') === 'Content-Security-Policy');
    assert.equal(metas.length, 1);
    assert.equal(metas[0].attributes.get('content'), csp);
    // The CSP comes before anything that loads.
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'));
    assertInert(html);
  });

  it('the section asked for is the one shown, the others hidden', () => {
    const html = guideHtml(modelFor(loadFeed('integration-feed.json'), { remotes: [], userEmail: null, recentCommitMessages: null, contributingFile: null }), { section: 'policy' }, RESOURCES);
    assert.match(html, /<section role="tabpanel" id="panel-policy"[^>]*tabindex="0">/);
    assert.match(html, /<section role="tabpanel" id="panel-contribute"[^>]*hidden>/);
    assert.match(html, /<button type="button" role="tab" id="tab-policy"[^>]*aria-selected="true" tabindex="0">/);
    assert.match(html, /<button type="button" role="tab" id="tab-learn"[^>]*aria-selected="false" tabindex="-1">/);
    assert.match(html, /<body data-section="policy">/);
  });

  it('the workspace card says what its numbers count: direct dependencies, transitive ones apart', () => {
    const html = guideHtml(modelFor(loadFeed('integration-feed.json'), { remotes: [], userEmail: null, recentCommitMessages: null, contributingFile: null }), { section: 'policy' }, RESOURCES);
    const card = html.slice(html.indexOf('This workspace'), html.lastIndexOf('<div class="actions">', html.indexOf('data-action="openInventory"')));
    const text = card.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    assert.match(text, /^This workspace 10 direct dependencies in 2 manifests 1 denied 2 to review 3 unknown license 4 allowed Counted apart, in 12 transitive packages: 5 denied\.$/);
  });

  it('the contribution status and the checks of this machine are stated', () => {
    const feed = loadFeed('integration-feed.json');
    const facts = (upstream: string): LocalGitFacts => ({
      remotes: [
        { name: 'origin', url: 'git@github.com:me/fork.git' },
        { name: 'upstream', url: upstream },
      ],
      userEmail: 'me@integration.example',
      recentCommitMessages: ['Fix\n\nSigned-off-by: Me <me@integration.example>'],
      contributingFile: '.github/CONTRIBUTING.md',
    });
    const approved = guideHtml(modelFor(feed, facts('https://github.com/approved-org/widgets.git')), { section: 'contribute' }, RESOURCES);
    assert.match(approved, /<h2 [^>]*class="status-label">.*Pre-approved<\/h2>/);
    assert.ok(approved.includes('<code>github.com/approved-org/widgets</code>'));
    assert.match(approved, /check-ok" data-check="corporate-email"/);
    assert.match(approved, /check-ok" data-check="dco-signoff"/);
    assert.match(approved, /check-ok" data-check="contributing-file"/);
    assert.ok(approved.includes('<strong>approved-org</strong>'), 'the project notes as markdown');
    const forbidden = guideHtml(modelFor(feed, facts('git@github.com:rival-org/engine.git')), { section: 'contribute' }, RESOURCES);
    assert.match(forbidden, /<h2 [^>]*class="status-label">.*Forbidden<\/h2>/);
    assert.ok(forbidden.includes('Rival Org competes with us'));
    assert.doesNotMatch(forbidden, /data-action="requestApproval"/);
  });
});

describe('guide panel: the ways to the OSPO', () => {
  const facts: LocalGitFacts = { remotes: [{ name: 'origin', url: 'https://github.com/some/project.git' }], userEmail: 'me@example.com', recentCommitMessages: [], contributingFile: null };
  const count = (html: string, text: string) => html.split(text).length - 1;

  it('under the bundled default: no "Ask the OSPO" or "Request approval", and in each section one notice with the button that connects a feed', () => {
    const twoFolders = modelFor(bundledDefaultFeed(), facts, 'a', 'bundled');
    const model: GuideModel = { ...twoFolders, contributions: [...twoFolders.contributions, ...modelFor(bundledDefaultFeed(), facts, 'b', 'bundled').contributions] };
    assert.equal(model.contributions[0].status, 'needs-approval');
    const html = guideHtml(model, { section: 'contribute' }, RESOURCES);
    assert.doesNotMatch(html, /data-action="askOspo"|data-action="requestApproval"/);
    assert.equal(count(html, 'data-action="connectFeed"'), 2, 'one in Contribute (for both folders), one in Policy');
    assert.equal(count(html, 'No OSPO connected'), 2);
    const contribute = html.slice(html.indexOf('id="panel-contribute"'), html.indexOf('id="panel-learn"'));
    assert.match(contribute, /No OSPO connected<\/strong> — OSPO Guide is using its built-in default policy\. Connect your organization’s policy feed/);
    assert.ok(contribute.indexOf('data-action="connectFeed"') < contribute.indexOf('<article'), 'said once, above the folders');
  });

  it("an organization's feed without contacts: no OSPO buttons, one sentence per section, nothing to connect", () => {
    const feed = { ...loadFeed('integration-feed.json'), organization: { name: 'Quiet Corp', contact: {} } };
    const html = guideHtml(modelFor(feed, facts, 'workspace', 'remote'), { section: 'contribute' }, RESOURCES);
    assert.doesNotMatch(html, /data-action="askOspo"|data-action="connectFeed"/);
    assert.equal(count(html, 'The policy of Quiet Corp names no way to contact its OSPO.'), 2);
  });

  it('with contacts: "Ask the OSPO" in each folder and in Policy, and no notice', () => {
    const html = guideHtml(modelFor(loadFeed('integration-feed.json'), facts), { section: 'contribute' }, RESOURCES);
    assert.equal(count(html, 'data-action="askOspo"'), 2);
    assert.doesNotMatch(html, /no-ospo|connectFeed/);
  });
});

describe('guide panel message protocol', () => {
  it('accepts exactly the typed messages', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'showSection', section: 'learn' },
      { type: 'showSection', section: 'funding' },
      { type: 'setRead', id: 'copyleft-basics', read: true },
      { type: 'requestApproval', folder: 'workspace' },
      { type: 'askOspo' },
      { type: 'connectFeed' },
      { type: 'openInventory' },
      { type: 'refresh' },
      { type: 'search', query: 'copyleft' },
      { type: 'search', query: '' },
    ]) {
      assert.equal(isWebviewMessage(message), true, JSON.stringify(message));
    }
  });

  it('refuses unknown types, wrong field types and extra fields', () => {
    for (const message of [
      null,
      undefined,
      'ready',
      42,
      [],
      [{ type: 'ready' }],
      {},
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'READY' },
      { type: 'showSection', section: 'secrets' },
      { type: 'showSection' },
      { type: 'showSection', section: 'funding', rows: 'all' },
      { type: 'showSection', section: 'Funding' },
      // "Show all" unfolds rows already in the page: it is no message to the extension.
      { type: 'showAllFunding' },
      { type: 'setRead', id: 7, read: true },
      { type: 'setRead', id: 'x', read: 'yes' },
      { type: 'setRead', id: '', read: true },
      { type: 'setRead', id: 'x'.repeat(501), read: true },
      { type: 'requestApproval', folder: { toString: () => 'workspace' } },
      { type: 'requestApproval', folder: 'workspace', url: 'javascript:alert(1)' },
      { type: 'askOspo', extra: 1 },
      { type: 'search', query: 'x'.repeat(201) },
      { type: 'search', query: null },
      JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
    ]) {
      assert.equal(isWebviewMessage(message), false, JSON.stringify(message));
    }
  });

  it('the webview checks what the extension sends', () => {
    assert.equal(isHostMessage({ type: 'reveal', section: 'learn', training: 'copyleft-basics' }), true);
    assert.equal(isHostMessage({ type: 'searchResult', query: 'x', ids: ['a'] }), true);
    assert.equal(isHostMessage({ type: 'reveal', section: 'funding' }), true);
    assert.equal(isHostMessage({ type: 'reveal', section: 'elsewhere' }), false);
    assert.equal(isHostMessage({ type: 'readState', id: 'a', read: 1 }), false);
  });
});

describe('guide panel: the Funding section', () => {
  const facts: LocalGitFacts = { remotes: [], userEmail: null, recentCommitMessages: null, contributingFile: null };
  const feed = loadFeed('integration-feed.json');
  const render = (funding: FundingReport) => {
    const html = guideHtml({ ...modelFor(feed, facts), funding }, { section: 'funding' }, RESOURCES);
    const start = html.indexOf('>', html.indexOf('id="panel-funding"')) + 1;
    return html.slice(start, html.indexOf('</section>', start));
  };
  const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  const funded = (name: string, fields: Partial<FundedPackage> = {}): FundedPackage => ({ name, ecosystem: 'npm', funding: [`https://github.com/sponsors/${name}`], manifests: 1, ...fields });

  it('a tab of its own, after Policy', () => {
    const html = guideHtml({ ...modelFor(feed, facts), funding: { packages: [] } }, { section: 'funding' }, RESOURCES);
    assert.match(html, /<button type="button" role="tab" id="tab-funding"[^>]*aria-selected="true" tabindex="0">.*<span>Funding<\/span><\/button>/);
    assert.ok(html.indexOf('id="tab-policy"') < html.indexOf('id="tab-funding"'));
    assert.match(html, /<body data-section="funding">/);
  });

  it('the count line, then each dependency in the core report\'s order: name, ecosystem in words, manifests, https links and the sponsorship', () => {
    const report: FundingReport = {
      packages: [
        funded('@babel/core', { manifests: 3, funding: ['https://opencollective.com/babel/', 'https://github.com/sponsors/babel'] }),
        funded('requests', { ecosystem: 'pypi', funding: ['https://psfmember.org/civicrm/contribute/transact?reset=1&id=42'], sponsored: { how: 'PSF, yearly', contact: 'ospo@acme.example' } }),
        funded('phpunit/phpunit', { ecosystem: 'composer', manifests: 0, sponsored: { how: 'GitHub Sponsors' } }),
      ],
    };
    const html = render(report);
    assert.equal(fundingCountText(report), '3 dependencies ask for funding; your organization sponsors 2.');
    assert.match(text(html), /^Funding 3 dependencies ask for funding; your organization sponsors 2\. Most used first/);
    const rows = [...html.matchAll(/<tr class="funded[^"]*">(.*?)<\/tr>/g)].map((match) => text(match[1]));
    assert.deepEqual(rows, [
      '@babel/core npm 3 manifests opencollective.com/babel github.com/sponsors/babel',
      'requests Sponsored by your organization — PSF, yearly (ospo@acme.example) Python 1 manifest psfmember.org/civicrm/contribute/transact?reset=1&amp;id=42',
      'phpunit/phpunit Sponsored by your organization — GitHub Sponsors PHP no manifest github.com/sponsors/phpunit/phpunit',
    ]);
    // Real anchors, opened by VS Code as the contact links are; the href is the URL as the core kept it.
    assert.ok(html.includes('<a href="https://opencollective.com/babel/" rel="noopener noreferrer">opencollective.com/babel</a>'));
    assert.ok(html.includes('<a href="https://psfmember.org/civicrm/contribute/transact?reset=1&amp;id=42" rel="noopener noreferrer">'));
    assert.doesNotMatch(html, /pkg:|%40/);
    assert.doesNotMatch(html, /data-action="showAllFunding"| hidden\b/);
  });

  it('the first 20 shown, the rest behind "Show all"', () => {
    const report: FundingReport = { packages: Array.from({ length: 23 }, (_, index) => funded(`package-${String(index).padStart(2, '0')}`)) };
    const html = render(report);
    const rows = [...html.matchAll(/<tr class="funded[^"]*"([^>]*)>/g)].map((match) => match[1]);
    assert.equal(rows.length, 23, 'every row is in the page, for "Show all" to unfold');
    assert.deepEqual(rows.map((attributes) => attributes.includes(' hidden')), [...Array(20).fill(false), ...Array(3).fill(true)]);
    assert.match(html, /<button type="button" class="secondary" data-action="showAllFunding">.*<span>Show all 23<\/span><\/button>/);
    assert.ok(html.indexOf('package-19') < html.indexOf('package-20'));
  });

  it('the funding links several dependencies share, most shared first, after the list', () => {
    const sindresorhus = 'https://github.com/sponsors/sindresorhus';
    const report: FundingReport = {
      packages: [
        funded('ansi-escapes', { manifests: 3, funding: [sindresorhus] }),
        funded('webpack', { funding: ['https://opencollective.com/webpack'] }),
        funded('bundle-name', { funding: [sindresorhus] }),
        funded('css-loader', { funding: ['https://opencollective.com/webpack'] }),
        funded('is-wsl', { funding: [sindresorhus] }),
        funded('default-browser', { funding: [sindresorhus] }),
        funded('alone'),
      ],
    };
    const html = render(report);
    assert.ok(html.indexOf('id="funding-shared"') > html.indexOf('<tr class="funded'), 'after the list');
    const rows = [...html.matchAll(/<tr class="shared">(.*?)<\/tr>/g)].map((match) => text(match[1]));
    assert.deepEqual(rows, ['github.com/sponsors/sindresorhus 4 ansi-escapes, bundle-name, is-wsl and 1 more', 'opencollective.com/webpack 2 webpack, css-loader']);
    assert.ok(html.includes('<a href="https://github.com/sponsors/sindresorhus" rel="noopener noreferrer">github.com/sponsors/sindresorhus</a>'));
    assert.doesNotMatch(render({ packages: [funded('one'), funded('two')] }), /funding-shared/, 'nothing shared, no table');
  });

  it('says so plainly when nothing asks', () => {
    const report: FundingReport = { packages: [] };
    assert.match(text(render(report)), /^Funding No dependency of this workspace asks for funding\. Read from the lockfiles and installed packages/);
    assert.equal(fundingCountText({ packages: [funded('one')] }), '1 dependency asks for funding; your organization sponsors none of them.');
  });

  it('package metadata and feed text stay text', () => {
    const html = render(HOSTILE_FUNDING);
    assert.ok(html.includes('<strong>&lt;img src=x onerror=alert(&quot;name&quot;)&gt;</strong>'));
    assert.ok(html.includes('Sponsored by your organization — &lt;script&gt;alert(&quot;how&quot;)&lt;/script&gt; (&quot;&gt;&lt;b onmouseover=alert(1)&gt;)'));
    assert.ok(html.includes('href="https://evil.example/&quot;&gt;&lt;script&gt;alert(&quot;href&quot;)&lt;/script&gt;"'));
    assert.doesNotMatch(html, /javascript:/);
  });
});
