import * as assert from 'node:assert/strict';
import { exceptionRequestTarget, fillExceptionTemplate, type ExceptionRequestFacts } from '../../src/core/policy/exceptionRequest';
import type { Organization } from '../../src/core/policy/feedModel';

const FACTS: ExceptionRequestFacts = {
  purl: 'pkg:npm/%40scope/left-pad',
  version: '1.3.0',
  license: 'MIT OR GPL-3.0-only',
  verdict: 'deny',
  repo: 'github.com/acme/app',
  file: 'packages/a b/package.json',
};

function org(fields: Partial<Organization> & { email?: string }): Organization {
  const { email, ...rest } = fields;
  return { name: 'Acme OSPO', contact: email === undefined ? {} : { email }, ...rest };
}

describe('exceptionRequestTarget', () => {
  const rows: { title: string; organization: Organization | undefined; facts?: ExceptionRequestFacts; expected: string | null | RegExp }[] = [
    {
      title: 'fills every placeholder, URL-encoded',
      organization: org({ exceptionRequestUrl: 'https://ospo.example/new?purl={purl}&v={version}&l={license}&d={verdict}&r={repo}&f={file}' }),
      expected:
        'https://ospo.example/new?purl=pkg%3Anpm%2F%2540scope%2Fleft-pad&v=1.3.0&l=MIT%20OR%20GPL-3.0-only&d=deny&r=github.com%2Facme%2Fapp&f=packages%2Fa%20b%2Fpackage.json',
    },
    {
      title: 'a value cannot add query parameters or change the host',
      organization: org({ exceptionRequestUrl: 'https://ospo.example/{purl}' }),
      facts: { ...FACTS, purl: 'x@evil.example/?a=b#c' },
      expected: 'https://ospo.example/x%40evil.example%2F%3Fa%3Db%23c',
    },
    {
      title: 'unknown values become empty; unknown placeholders stay',
      organization: org({ exceptionRequestUrl: 'https://ospo.example/new?v={version}&x={other}' }),
      facts: { ...FACTS, version: null },
      expected: 'https://ospo.example/new?v=&x={other}',
    },
    {
      title: 'a non-https template is refused and the mail is used',
      organization: org({ exceptionRequestUrl: 'http://ospo.example/new?purl={purl}', email: 'ospo@acme.example' }),
      expected: /^mailto:ospo@acme\.example\?subject=/,
    },
    {
      title: 'a javascript: template is refused',
      organization: org({ exceptionRequestUrl: 'javascript:alert({purl})' }),
      expected: null,
    },
    {
      title: 'a template that is only a placeholder cannot become https by its value',
      organization: org({ exceptionRequestUrl: '{purl}' }),
      facts: { ...FACTS, purl: 'https://evil.example' },
      expected: null,
    },
    {
      title: 'mailto fallback without a template',
      organization: org({ email: 'ospo@acme.example' }),
      expected: /^mailto:ospo@acme\.example\?subject=Exception%20request%3A%20npm%20package%20%40scope%2Fleft-pad%201\.3\.0&body=.*Verdict%3A%20deny/,
    },
    {
      title: 'a contact email that smuggles headers is refused',
      organization: org({ email: 'ospo@acme.example?bcc=x@evil.example' }),
      expected: null,
    },
    { title: 'neither: null', organization: org({}), expected: null },
    { title: 'no organization: null', organization: undefined, expected: null },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const actual = exceptionRequestTarget(row.organization, row.facts ?? FACTS);
      if (row.expected instanceof RegExp) {
        assert.match(actual ?? '', row.expected);
      } else {
        assert.equal(actual, row.expected);
      }
    });
  }

  it('the mail lists every fact, as a person reads it (the encoding is only the mailto: transport)', () => {
    const target = exceptionRequestTarget(org({ email: 'ospo@acme.example' }), FACTS);
    assert.ok(target);
    const body = new URL(target).searchParams.get('body') ?? '';
    const subject = new URL(target).searchParams.get('subject') ?? '';
    assert.equal(subject, 'Exception request: npm package @scope/left-pad 1.3.0');
    assert.ok(!body.includes('%') && !body.includes('pkg:'), body);
    for (const line of ['Package: npm package @scope/left-pad', 'Version: 1.3.0', 'License: MIT OR GPL-3.0-only', 'Verdict: deny', 'Repository: github.com/acme/app', 'Manifest: packages/a b/package.json']) {
      assert.ok(body.includes(line), `${line} missing from ${body}`);
    }
  });

  it('fills in one pass: a value that looks like a placeholder is not filled again', () => {
    assert.equal(fillExceptionTemplate('{purl}/{version}', { ...FACTS, purl: '{version}' }), '%7Bversion%7D/1.3.0');
  });
});
