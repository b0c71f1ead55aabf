import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { renderDocumentMarkdown } from '../../src/core/guide/renderMarkdown';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import { parseFeedText } from '../../src/core/policy/validateFeed';
import { policySummaryMarkdown, type PolicySummaryInput } from '../../src/core/report/policySummaryMarkdown';
import { policyPageCsp, policyPageHtml, trainingCommandLink } from '../../src/extension/policyDocumentHtml';
import { assertSafe, tags, XSS_CORPUS } from './support/xssCorpus';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const OPEN_TRAINING = 'ospoGuide.openTraining';
const RESOURCES = { cspSource: 'https://webview.example', styles: ['https://webview.example/media/guide.css'] };

const integrationJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/policies/integration-feed.json'), 'utf8')) as Record<string, unknown>;

function validFeed(): PolicyFeed {
  const { feed, errors } = parseFeedText(JSON.stringify(integrationJson));
  assert.ok(feed, JSON.stringify(errors));
  return feed;
}

function input(feed: PolicyFeed, overrides: Partial<PolicySummaryInput> = {}): PolicySummaryInput {
  return { feed, state: { origin: 'remote', source: 'https://ospo.example/feed.json', signed: false, stale: false }, repo: 'github.com/acme/tool', now: new Date('2026-12-01T12:00:00Z'), ...overrides };
}

/** `text` in every feed string the overview shows (built past the validator, which refuses much of it). */
function feedSaying(text: string): { feed: PolicyFeed; state: PolicySummaryInput['state'] } {
  const valid = validFeed();
  const feed: PolicyFeed = {
    ...valid,
    id: text,
    organization: { name: text, contact: { email: text, url: text, chat: text }, exceptionRequestUrl: text },
    licenses: { ...valid.licenses, deny: [text], notes: new Map([['MIT', text]]) },
    exceptions: [{ match: text, ticket: text, until: text, versions: text, verdict: 'allow' }],
    training: [...valid.training, { id: text, title: text, audience: ['developer'], markdown: text, triggers: [] }],
  };
  return { feed, state: { origin: 'remote', source: text, signed: false, stale: true, lastError: text } };
}

/** The hrefs of the page's links. */
function hrefs(html: string): string[] {
  return tags(html)
    .filter(({ name, closing }) => name === 'a' && !closing)
    .map(({ attributes }) => attributes.get('href') ?? '');
}

/** Our one kind of command link: Open Training with one argument, a training id of `feed`. */
function isTrainingLink(feed: PolicyFeed): (href: string) => boolean {
  return (href) => {
    const prefix = `command:${OPEN_TRAINING}?`;
    if (!href.startsWith(prefix)) {
      return false;
    }
    const args = JSON.parse(decodeURIComponent(href.slice(prefix.length).replace(/&amp;/g, '&'))) as unknown;
    return Array.isArray(args) && args.length === 1 && feed.training.some((snippet) => snippet.id === args[0]);
  };
}

function page(feed: PolicyFeed, state: PolicySummaryInput['state']): string {
  return policyPageHtml(policySummaryMarkdown(input(feed, { state, repo: null })), 'OSPO Policy', OPEN_TRAINING, RESOURCES);
}

/** The rendered Markdown of the page (its `<main>`), where feed text is. */
function body(html: string): string {
  const start = html.indexOf('<main class="markdown policy-document">');
  const end = html.lastIndexOf('</main>');
  assert.ok(start >= 0 && end > start);
  return html.slice(html.indexOf('>', start) + 1, end);
}

describe('policy page: the bypasses of the Markdown preview', () => {
  const bypasses: [string, string][] = [
    ['a reference definition inside a blockquote', '> [r]: command:workbench.action.terminal.new\n\n[x][r]'],
    ['a reference definition inside a list item', '- [r]: command:workbench.action.terminal.new\n\n[x][r]'],
    ['a reference definition inside a nested list and quote', '1. > [r]: command:workbench.action.quit\n\n[x][r]'],
    ['plain http:// text', 'see http://plain.example/path'],
    ['plain www. text', 'see www.plain.example'],
    ['a plain email address', 'write to ospo@plain.example'],
    ['a plain https:// URL', 'see https://plain.example/docs'],
  ];

  // The oracle: markdown-it configured as VS Code's preview (markdown-language-features
  // markdownEngine.ts: html on, `markdown.preview.linkify` defaults to true) links this text,
  // which is why the overview is no longer shown there.
  const preview = new MarkdownIt({ html: true, linkify: true });

  for (const [title, markdown] of bypasses) {
    it(`${title}: becomes a link in the Markdown preview, not on our page`, () => {
      const { feed, state } = feedSaying(markdown);
      const overview = policySummaryMarkdown(input(feed, { state, repo: null }));
      const html = page(feed, state);
      const ours = isTrainingLink(feed);
      const foreign = hrefs(html).filter((href) => !ours(href) && !/^mailto:ospo@integration\.example$/.test(href));
      assert.deepEqual(foreign, [], 'no link but our own training links (the fixture feed has no contact left)');
      // A bare URL or address stays text on our page.
      assert.doesNotMatch(body(html), /<a [^>]*href="(?:http|https|mailto):[^"]*plain\.example/);
      // The same feed text through the preview's engine makes a link the feed wrote: the test can fail.
      const previewLinks = hrefs(preview.render(overview)).filter((href) => /plain\.example|^command:workbench/.test(href));
      if (markdown.includes('[r]:')) {
        // Our escaping already keeps these from the preview's definitions too; the page does not rely on it.
        assert.deepEqual(previewLinks, []);
      } else {
        assert.notDeepEqual(previewLinks, [], 'the preview would have linked this text');
      }
    });
  }

  it('the page links nothing but https, mailto and Open Training with a training id of the feed', () => {
    const feed = validFeed();
    const html = page(feed, input(feed).state);
    const links = hrefs(body(html));
    assert.ok(links.length > 0);
    for (const href of links) {
      assert.ok(/^(https:\/\/|mailto:)/.test(href) || isTrainingLink(feed)(href), href);
    }
    assert.ok(links.includes(trainingCommandLink(OPEN_TRAINING, 'copyleft-basics')), links.join('\n'));
  });

  it('a training link of the overview opens the guide at that snippet, whatever its id', () => {
    const id = 'a b/"c"<d>&e';
    const rendered = renderDocumentMarkdown(`[x](training/${encodeURIComponent(id)}.md)`, { training: (training) => trainingCommandLink(OPEN_TRAINING, training) });
    const [href] = hrefs(rendered);
    assert.equal(href.replace(/&amp;/g, '&'), trainingCommandLink(OPEN_TRAINING, id));
    assert.deepEqual(JSON.parse(decodeURIComponent(href.slice(`command:${OPEN_TRAINING}?`.length))), [id]);
  });
});

describe('policy page: the XSS corpus', () => {
  for (const markdown of XSS_CORPUS) {
    it(`in every feed string: ${JSON.stringify(markdown)}`, () => {
      const { feed, state } = feedSaying(markdown);
      const html = page(feed, state);
      assertSafe(body(html), isTrainingLink(feed));
      // The contacts link the organization's https URLs on purpose; nowhere else is text a link.
      const [before, rest] = body(html).split('<h2>Contacts</h2>');
      const after = rest.slice(rest.indexOf('<h2>Training</h2>'));
      assert.doesNotMatch(before + after, /<a [^>]*href="(?:https?:\/\/|mailto:)[^"]*(?:autolink|plain)\.example/, 'no text turned into a link');
    });
  }

  it('the whole corpus in one training snippet and note', () => {
    const { feed, state } = feedSaying(XSS_CORPUS.join('\n\n'));
    assertSafe(body(page(feed, state)), isTrainingLink(feed));
  });

  it('the page runs no script and loads only our styles', () => {
    const { feed, state } = feedSaying(XSS_CORPUS.join('\n\n'));
    const html = page(feed, state);
    assert.equal(policyPageCsp(RESOURCES.cspSource), "default-src 'none'; style-src https://webview.example; img-src https://webview.example; font-src https://webview.example");
    const head = html.slice(0, html.indexOf('<body>'));
    assert.ok(head.includes(`content="default-src 'none'; style-src https://webview.example;`), head);
    assert.doesNotMatch(html, /<script/i);
    assert.deepEqual(
      tags(head).filter(({ name }) => name === 'link').map(({ attributes }) => attributes.get('href')),
      RESOURCES.styles,
    );
  });
});
