import * as assert from 'node:assert/strict';
import { escapeHtml } from '../../src/core/guide/escapeHtml';
import { renderFeedMarkdown } from '../../src/core/guide/renderMarkdown';
import { assertSafe, XSS_CORPUS } from './support/xssCorpus';

describe('guide markdown: hostile feed text', () => {
  for (const markdown of XSS_CORPUS) {
    it(`renders ${JSON.stringify(markdown)} safely`, () => assertSafe(renderFeedMarkdown(markdown)));
  }

  it('renders the whole corpus joined into one document safely', () => assertSafe(renderFeedMarkdown(XSS_CORPUS.join('\n\n'))));
});

describe('guide markdown: what survives', () => {
  const rows: [string, string][] = [
    ['**bold** and *em*', '<p><strong>bold</strong> and <em>em</em></p>\n'],
    ['[docs](https://ospo.example/docs)', '<p><a href="https://ospo.example/docs" rel="noopener noreferrer">docs</a></p>\n'],
    ['[mail](mailto:ospo@acme.example)', '<p><a href="mailto:ospo@acme.example" rel="noopener noreferrer">mail</a></p>\n'],
    ['<https://ospo.example>', '<p><a href="https://ospo.example" rel="noopener noreferrer">https://ospo.example</a></p>\n'],
    ['[x](HTTPS://ospo.example)', '<p><a href="HTTPS://ospo.example" rel="noopener noreferrer">x</a></p>\n'],
    ['[x](javascript:alert(1))', '<p>[x](javascript:alert(1))</p>\n'],
    ['[x](http://ospo.example)', '<p>[x](http://ospo.example)</p>\n'],
    ['![a *diagram* <b>](https://evil/x.png)', '<p>a diagram &lt;b&gt;</p>\n'],
    ['<b>bold</b>', '<p>&lt;b&gt;bold&lt;/b&gt;</p>\n'],
    ['&lt;script&gt;', '<p>&lt;script&gt;</p>\n'],
    ['"quotes" -- (c)', '<p>&quot;quotes&quot; -- (c)</p>\n'],
    ['see https://ospo.example', '<p>see https://ospo.example</p>\n'],
    ['', ''],
  ];
  for (const [markdown, html] of rows) {
    it(`${JSON.stringify(markdown)} → ${JSON.stringify(html)}`, () => assert.equal(renderFeedMarkdown(markdown), html));
  }
});

describe('escapeHtml', () => {
  const rows: [string, string][] = [
    ['plain', 'plain'],
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["it's & that", 'it&#39;s &amp; that'],
    ['&amp;', '&amp;amp;'],
    ['', ''],
  ];
  for (const [text, expected] of rows) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => assert.equal(escapeHtml(text), expected));
  }
});
