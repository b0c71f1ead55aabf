import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { renderFeedMarkdown } from '../../src/core/guide/renderMarkdown';
import { escapeMarkdown } from '../../src/core/report/hoverMarkdown';
import { escapeMarkdownText } from '../../src/core/report/safeMarkdown';
import { XSS_PAYLOADS } from './xssPayloads';

/** Every tag the HTML has, with its attributes as written. */
function tags(html: string): { name: string; attributes: string }[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((match) => ({ name: match[1].toLowerCase(), attributes: match[2] }));
}

const TEXT_TAGS = new Set(['p', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'br', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 's', 'del']);

/** What makes HTML run or load something: a tag that is not text, an event handler, a style, a link other than https/mailto. */
function dangers(html: string): string[] {
  const found: string[] = [];
  for (const { name, attributes } of tags(html)) {
    if (/\son[a-z]+\s*=/i.test(attributes) || /\sstyle\s*=/i.test(attributes) || /\ssrc\s*=/i.test(attributes)) {
      found.push(`<${name}${attributes}>`);
    } else if (name === 'a') {
      const href = /\shref="([^"]*)"/.exec(attributes)?.[1] ?? '';
      if (!/^(https:\/\/|mailto:)/.test(href)) {
        found.push(`<a${attributes}>`);
      }
    } else if (!TEXT_TAGS.has(name)) {
      found.push(`<${name}${attributes}>`);
    }
  }
  return found;
}

describe('the XSS corpus', () => {
  it(`has ${XSS_PAYLOADS.length} payloads`, () => assert.ok(XSS_PAYLOADS.length >= 66));

  describe('feed markdown in the guide panel (renderFeedMarkdown)', () => {
    for (const payload of XSS_PAYLOADS) {
      it(JSON.stringify(payload).slice(0, 80), () => {
        const html = renderFeedMarkdown(payload);
        assert.deepEqual(dangers(html), [], html);
      });
    }
    it('still links what is allowed: https and mailto', () => {
      assert.deepEqual(dangers(renderFeedMarkdown('[ok](https://ospo.example/) [mail](mailto:ospo@acme.example)')), []);
      assert.match(renderFeedMarkdown('[ok](https://ospo.example/)'), /<a href="https:\/\/ospo.example\/"/);
    });
  });

  // Text escaped for Markdown (hovers, tooltips, preview documents) must stay text under the most
  // permissive renderer: raw HTML on, bare URLs turned into links.
  const permissive = new MarkdownIt({ html: true, linkify: true });
  for (const [name, escape] of [
    ['escapeMarkdown (hovers)', escapeMarkdown],
    ['escapeMarkdownText (tooltips, the policy page)', escapeMarkdownText],
  ] as const) {
    describe(`${name}, rendered with raw HTML and linkify on`, () => {
      for (const payload of XSS_PAYLOADS) {
        it(JSON.stringify(payload).slice(0, 80), () => {
          const html = permissive.render(escape(payload));
          const unsafe = tags(html).filter((tag) => !['p', 'br'].includes(tag.name));
          assert.deepEqual(unsafe, [], html);
        });
      }
    });
  }
});
