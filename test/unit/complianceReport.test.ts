import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { checkCommand } from '../../src/cli/checkCommand';
import { runCli } from '../../src/cli/main';
import { writeLockedNpmProject } from './support/lockedNpmProject';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const NOW = new Date('2026-12-07T12:00:00Z');

/** A feed with the default's lists and three exceptions: one in force, one expired, one for a package this project lacks. */
function writePolicy(file: string): void {
  const feed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'docs/examples/minimal-feed.json'), 'utf8')) as Record<string, unknown>;
  feed.licenses = { allow: ['MIT', 'ISC'], review: [], deny: ['GPL-3.0-only', 'AGPL-3.0-only'], default: 'review', unknown: 'review' };
  feed.exceptions = [
    { match: 'pkg:npm/gpl-thing', until: '2027-06-30', ticket: 'OSPO-42', verdict: 'allow' },
    { match: 'pkg:npm/agpl-thing', until: '2026-01-31', ticket: 'OSPO-7', verdict: 'allow' },
    { match: 'pkg:npm/elsewhere', ticket: 'OSPO-9', verdict: 'allow' },
  ];
  writeFileSync(file, JSON.stringify(feed));
}

describe('compliance report (check --format markdown|html)', () => {
  let temp: string;
  let project: string;
  let policy: string;

  before(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-compliance-'));
    project = path.join(temp, 'app');
    mkdirSync(path.join(project, '.ospo'), { recursive: true });
    writeLockedNpmProject(project, {
      'gpl-thing': { version: '1.0.0', license: 'GPL-3.0-only' },
      'agpl-thing': { version: '2.0.0', license: 'AGPL-3.0-only' },
      'dual-thing': { version: '3.0.0', license: 'MIT OR GPL-3.0-only' },
      'odd-thing': { version: '1.0.0', license: 'SEE LICENSE IN LICENSE.txt' },
      'fine-thing': { version: '1.0.0', license: 'ISC' },
      'evil|thing': { version: '1.0.0', license: 'MIT <script>alert(1)</script> | x' },
    });
    writeFileSync(
      path.join(project, '.ospo', 'choices.json'),
      JSON.stringify({
        choices: {
          'pkg:npm/dual-thing': { license: 'MIT', expression: 'MIT OR GPL-3.0-only', recordedAt: '2026-12-02' },
          'pkg:npm/gone-thing': { license: 'MIT', expression: 'MIT OR Apache-2.0', recordedAt: '2026-11-01' },
        },
      }),
    );
    policy = path.join(temp, 'policy.json');
    writePolicy(policy);
  });

  after(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  function sectionOf(markdown: string, heading: string): string {
    const start = markdown.indexOf(`## ${heading}\n`);
    assert.ok(start >= 0, `a section "${heading}"`);
    const next = markdown.indexOf('\n## ', start + 1);
    return markdown.slice(start, next < 0 ? undefined : next);
  }

  it('Markdown: the policy and its version, the findings, the exceptions met with tickets and expiry, the choices, the unknown', async () => {
    const result = await checkCommand(['app', '--offline', '--policy', policy, '--format', 'markdown'], temp, NOW);
    assert.equal(result.exitCode, 1, 'the AGPL package is denied once its exception expired');
    const markdown = result.stdout;
    assert.ok(markdown.startsWith('# Open source compliance report\\: app\n'));
    const policySection = sectionOf(markdown, 'Policy');
    assert.ok(policySection.includes('The policy in force\\: acme-ospo, version 1, from Acme Corp\\.'), policySection);
    assert.ok(policySection.includes('| Policy | acme-ospo, version 1 |'), policySection);
    assert.ok(policySection.includes('| Checked | 2026-12-07T12\\:00\\:00Z by OSPO Guide '));
    const findings = sectionOf(markdown, 'Findings');
    const rows = findings.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Verdict') && !line.startsWith('| ---'));
    assert.deepEqual(
      rows.map((row) => row.split(' | ').slice(0, 2).join(' | ')),
      ['| denied | npm agpl-thing', '| review | npm evil\\|thing', '| review | npm odd-thing', '| allowed | npm gpl-thing'],
    );
    assert.ok(findings.includes('Exception OSPO-42 sets allow until 2027-06-30'));
    const exceptions = sectionOf(markdown, 'Exceptions');
    assert.ok(exceptions.includes('| npm package gpl-thing | all | allowed | OSPO-42 | 2027-06-30 | in force | gpl-thing 1\\.0\\.0 \\(app/package\\.json\\) |'), exceptions);
    assert.ok(exceptions.includes('| npm package agpl-thing | all | allowed | OSPO-7 | 2026-01-31 | expired | agpl-thing 2\\.0\\.0 \\(app/package\\.json\\) |'), exceptions);
    assert.ok(!exceptions.includes('elsewhere'), 'an exception no dependency here meets is not listed');
    const choices = sectionOf(markdown, 'License choices');
    assert.ok(choices.includes('| npm package dual-thing | MIT OR GPL-3\\.0-only | MIT | 2026-12-02 | yes |'), choices);
    assert.ok(choices.includes('| npm package gone-thing | MIT OR Apache-2\\.0 | MIT | 2026-11-01 | not among the dependencies checked |'), choices);
    const unknown = sectionOf(markdown, 'Unknown');
    assert.ok(unknown.includes('| npm odd-thing | 1\\.0\\.0 | SEE LICENSE IN LICENSE\\.txt | app/package\\.json\\:'), unknown);
  });

  it('a hostile package name or license adds no row, no link and no HTML', async () => {
    const result = await checkCommand(['app', '--offline', '--policy', policy, '--format', 'markdown'], temp, NOW);
    const html = new MarkdownIt({ html: false, linkify: true }).render(result.stdout);
    assert.doesNotMatch(html, /<script|<a /);
    const table = html.slice(html.indexOf('<h2>Findings</h2>'), html.indexOf('<h2>Exceptions</h2>'));
    assert.equal((table.match(/<tr>/g) ?? []).length, 5, 'a header and four rows: the | in a name made no column or row');
    assert.equal((table.match(/<td>/g) ?? []).length, 4 * 6, 'six cells a row');
  });

  it('HTML: the same report, escaped, nothing that runs or loads; unknown formats are refused', async () => {
    const result = await checkCommand(['app', '--offline', '--policy', policy, '--format', 'html'], temp, NOW);
    assert.ok(result.stdout.startsWith('<!DOCTYPE html>'));
    assert.doesNotMatch(result.stdout, /<script/);
    assert.ok(result.stdout.includes('MIT &lt;script&gt;alert(1)&lt;/script&gt; | x'));
    assert.ok(result.stdout.includes('<td>OSPO-42</td><td>2027-06-30</td><td>in force</td>'));
    const bad = await runCli(['check', project, '--format', 'pdf']);
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /--format must be one of text, json, sarif, markdown, html/);
  });
});
