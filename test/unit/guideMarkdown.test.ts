import * as assert from 'node:assert/strict';
import { escapeHtml, renderFeedMarkdown } from '../../src/core/guide/renderMarkdown';

/** Every tag of the output, with its name and attributes, for checks that text content cannot fool. */
function tags(html: string): { name: string; closing: boolean; attributes: Map<string, string> }[] {
  const found: { name: string; closing: boolean; attributes: Map<string, string> }[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    const attributes = new Map<string, string>();
    for (const attribute of match[3].matchAll(/([^\s=/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attributes.set(attribute[1].toLowerCase(), attribute[2] ?? attribute[3] ?? attribute[4] ?? '');
    }
    found.push({ name: match[2].toLowerCase(), closing: match[1] === '/', attributes });
  }
  return found;
}

const ALLOWED_TAGS = new Set(['p', 'a', 'em', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 's']);

function assertSafe(html: string): void {
  assert.doesNotMatch(html, /<\s*(script|img|svg|iframe|object|embed|style|link|meta|form|input|math|base)\b/i);
  for (const { name, closing, attributes } of tags(html)) {
    assert.ok(ALLOWED_TAGS.has(name), `unexpected tag <${name}> in ${html}`);
    for (const [attribute, value] of attributes) {
      assert.ok(!attribute.startsWith('on'), `event handler ${attribute} in ${html}`);
      assert.ok(['href', 'title', 'rel', 'start', 'class', 'style'].includes(attribute) && attribute !== 'style', `attribute ${attribute} in ${html}`);
      if (attribute === 'href') {
        assert.match(value, /^(https:\/\/|mailto:)/i, `href ${value}`);
        assert.doesNotMatch(value, /javascript:|command:|data:|vbscript:/i);
      }
    }
    if (name === 'a' && !closing) {
      assert.equal(attributes.get('rel'), 'noopener noreferrer');
    }
  }
}

describe('guide markdown: hostile feed text', () => {
  const corpus: string[] = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=https://evil/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<iframe src="https://evil"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<div onclick="alert(1)">x</div>',
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x]( javascript:alert(1) )',
    '[x](java\tscript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;avascript&colon;alert(1))',
    '[x](command:workbench.action.terminal.new)',
    '[x](command:workbench.action.terminal.new?%5B%22rm%22%5D)',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](vbscript:msgbox(1))',
    '[x](file:///etc/passwd)',
    '[x](http://insecure.example)',
    '[x](//evil.example/path)',
    '![x](https://evil/x.png)',
    '![x](https://evil/x.png "title onerror=alert(1)")',
    '![<script>alert(1)</script>](https://evil/x.png)',
    '[![x](https://evil/x.png)](https://ok.example)',
    '<javascript:alert(1)>',
    '<JAVASCRIPT:alert(1)>',
    '<command:workbench.action.terminal.new>',
    '<data:text/html,x>',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '&#60;script&#62;alert(1)&#60;/script&#62;',
    '[[x](javascript:alert(1))](https://ok.example)',
    '[x [y](https://ok.example)](javascript:alert(1))',
    '[[[[[[[[x]]]]]]]](javascript:alert(1))',
    '[x][r]\n\n[r]: javascript:alert(1)',
    '[x][r]\n\n[r]: command:workbench.action.terminal.new',
    '[x](https://ok.example "\\" onmouseover=\\"alert(1)")',
    '[x](https://ok.example/"onmouseover="alert(1))',
    '`<script>alert(1)</script>`',
    '```html\n<script>alert(1)</script>\n```',
    '    <img src=x onerror=alert(1)>',
    '> <svg onload=alert(1)>',
    '| a | b |\n|---|---|\n| <script> | [x](javascript:1) |',
    '<!-- <script>alert(1)</script> -->',
    '<![CDATA[<script>alert(1)</script>]]>',
    '<?php echo 1 ?>',
    '<style>body{display:none}</style>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    'https://autolink.example/not-linkified',
  ];
  for (const markdown of corpus) {
    it(`renders ${JSON.stringify(markdown)} safely`, () => assertSafe(renderFeedMarkdown(markdown)));
  }

  it('renders the whole corpus joined into one document safely', () => assertSafe(renderFeedMarkdown(corpus.join('\n\n'))));
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
