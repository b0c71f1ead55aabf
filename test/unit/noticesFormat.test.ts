import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import type { NoticesDocument } from '../../src/core/report/notices/noticesDocument';
import { formatNotices } from '../../src/core/report/notices/noticesFormat';

const HOSTILE_TEXT = 'Permission is granted.\n\u001b[2J\u001b]0;owned\u0007 ```` </pre><script>alert(1)</script> <img src=x onerror=alert(2)>\n\fEnd of terms.';

function hostileDocument(): NoticesDocument {
  return {
    projectName: 'demo <b>project</b>',
    packageCount: 3,
    includesDev: false,
    licenseTexts: [
      {
        title: 'MIT',
        text: HOSTILE_TEXT,
        licenseIds: ['MIT'],
        packages: [
          { ecosystem: 'npm', name: 'evil\u001b[31m</li><script>x()</script>', version: '1.0.0', license: 'MIT', copyrights: ['Copyright (c) 2020 [Jane](javascript:alert(3)) <jane@example.org>'], files: ['LICENSE'] },
          { ecosystem: 'pypi', name: 'plain', version: '2.0.0', license: 'MIT', copyrights: [], files: ['licenses/LICENSE'] },
        ],
      },
      { title: 'ISC, standard text', standardId: 'ISC', text: 'ISC terms', licenseIds: ['ISC'], packages: [{ ecosystem: 'npm', name: 'no-file', version: '1.0.0', license: 'ISC', copyrights: [], files: [], noTextBecause: 'no-license-file' }] },
    ],
    noticeFiles: [{ text: 'Apache Foo\nCopyright 2020 The Foo Foundation\n<script>n()</script>', packages: [{ ecosystem: 'maven', name: 'org.foo:foo', version: '1.0', file: 'foo-1.0.jar!/META-INF/NOTICE' }] }],
    missing: [{ ecosystem: 'npm', name: 'gpl-no-file', version: '1.0.0', license: 'GPL-3.0-only', reason: 'no license file in its folder' }],
    problems: [],
  };
}

describe('notices formats', () => {
  it('text: every part in order, nothing that drives a terminal', () => {
    const text = formatNotices(hostileDocument(), 'text');
    assert.ok(!text.includes('\u001b') && !text.includes('\u0007'), 'no escape or bell character');
    assert.ok(text.includes('\f'), "the GNU texts' page breaks are kept");
    const order = ['THIRD-PARTY SOFTWARE NOTICES', 'MIT (2 packages)', 'npm evil[31m</li><script>x()</script> 1.0.0, declared MIT — LICENSE', '    Copyright (c) 2020', 'Permission is granted.', 'ISC, standard text (1 package)', 'standard text of ISC from the SPDX License List', 'npm no-file 1.0.0, declared ISC — ships no license file', 'NOTICE files', 'Maven/Gradle org.foo:foo 1.0 — foo-1.0.jar!/META-INF/NOTICE', 'Copyright 2020 The Foo Foundation', 'License texts not found', 'npm gpl-no-file 1.0.0, declared GPL-3.0-only: no license file in its folder'];
    let at = -1;
    for (const part of order) {
      const found = text.indexOf(part, at + 1);
      assert.ok(found > at, `"${part}" after the previous part`);
      at = found;
    }
  });

  it('Markdown: license texts inside fences no backtick run can close, names escaped, no HTML from a package', () => {
    const markdown = formatNotices(hostileDocument(), 'markdown');
    const html = new MarkdownIt({ html: false, linkify: true }).render(markdown);
    assert.doesNotMatch(html, /<script|<img|<a |href=/i);
    assert.match(html, /<pre><code class="language-text">Permission is granted\.\n/);
    assert.ok(html.includes('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;'), 'the text, escaped, inside the code block');
    assert.match(markdown, /^`````text$/m, 'a fence longer than the text’s run of four backticks');
    assert.ok(html.includes('<h2>NOTICE files</h2>'));
  });

  it('HTML: escaped throughout, nothing runs or loads', () => {
    const html = formatNotices(hostileDocument(), 'html');
    assert.doesNotMatch(html, /<script|<img|href="(?!#)/i);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`));
    assert.ok(html.includes('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('<title>Third-party software notices — demo &lt;b&gt;project&lt;/b&gt;</title>'));
    assert.equal((html.match(/<section /g) ?? []).length, 4, 'two license texts, the NOTICE files, the texts not found');
  });
});
