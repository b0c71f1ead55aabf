// The XSS corpus of the guide panel's renderer and its checks, shared by every test of a page that shows feed Markdown.
import * as assert from 'node:assert/strict';

/** Every tag of the output, with its name and attributes, for checks that text content cannot fool. */
export function tags(html: string): { name: string; closing: boolean; attributes: Map<string, string> }[] {
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

/**
 * That `html` (rendered feed Markdown) holds only harmless tags and attributes, and links only to
 * https or mailto, or to what `allowHref` accepts (a page's own links).
 */
export function assertSafe(html: string, allowHref: (href: string) => boolean = () => false): void {
  assert.doesNotMatch(html, /<\s*(script|img|svg|iframe|object|embed|style|link|meta|form|input|math|base)\b/i);
  for (const { name, closing, attributes } of tags(html)) {
    assert.ok(ALLOWED_TAGS.has(name), `unexpected tag <${name}> in ${html}`);
    for (const [attribute, value] of attributes) {
      assert.ok(!attribute.startsWith('on'), `event handler ${attribute} in ${html}`);
      assert.ok(['href', 'title', 'rel', 'start', 'class', 'style'].includes(attribute) && attribute !== 'style', `attribute ${attribute} in ${html}`);
      if (attribute === 'href') {
        if (!allowHref(value)) {
          assert.match(value, /^(https:\/\/|mailto:)/i, `href ${value}`);
          assert.doesNotMatch(value, /javascript:|command:|data:|vbscript:/i);
        }
      }
    }
    if (name === 'a' && !closing) {
      assert.equal(attributes.get('rel'), 'noopener noreferrer');
    }
  }
}

/** Hostile feed Markdown: every way we know to get script, markup, images or a non-https link out of a renderer. */
export const XSS_CORPUS: readonly string[] = [
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
  '> [r]: command:workbench.action.terminal.new\n\n[x][r]',
  '- [r]: command:workbench.action.terminal.new\n\n[x][r]',
  '1. > [r]: javascript:alert(1)\n\n[x][r]',
  'see http://plain.example and www.plain.example and ospo@plain.example',
];
