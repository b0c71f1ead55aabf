import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { noticesCommand } from '../../src/cli/noticesCommand';
import { splitLicenseText } from '../../src/core/report/notices/licenseBody';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/data/npm/license-mismatch');

describe('ospo-guide notices', () => {
  let temp: string;
  let project: string;

  before(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'ospo-notices-cli-'));
    project = path.join(temp, 'project');
    cpSync(FIXTURE, project, { recursive: true });
    renameSync(path.join(project, '_node_modules'), path.join(project, 'node_modules'));
  });

  after(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  it('prints text notices of the installed tree to standard output by default', async () => {
    const result = await noticesCommand(['project', '--offline'], temp);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^THIRD-PARTY SOFTWARE NOTICES\n\nproject uses the third-party packages below \(5 packages, dev dependencies not included\)/);
    assert.ok(result.stdout.includes('npm throttle-debounce 5.0.0, declared MIT — LICENSE.md'));
    const gpl = splitLicenseText(readFileSync(path.join(project, 'node_modules/gpl-inside/LICENSE'), 'utf8')).body;
    assert.ok(gpl.length > 30_000 && result.stdout.includes(gpl), 'the GPL text as the package ships it');
  });

  it('writes Markdown and HTML to --output and says what it wrote', async () => {
    for (const [format, opening] of [
      ['markdown', '# Third-party software notices'],
      ['html', '<!DOCTYPE html>'],
    ] as const) {
      const output = path.join(temp, `notices.${format}`);
      const result = await noticesCommand(['project', '--offline', '--format', format, '--output', output], temp);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stdout, /^Wrote the notices of 5 packages \(\d+ license texts, 0 NOTICE\) to /);
      assert.ok(readFileSync(output, 'utf8').startsWith(opening));
    }
  });

  it('refuses an unknown format and extra paths with the usage (exit 2)', async () => {
    const unknown = await runCli(['notices', project, '--format', 'pdf']);
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.stderr, /unknown --format 'pdf': use text, markdown, html/);
    const extra = await runCli(['notices', project, project]);
    assert.equal(extra.exitCode, 2);
    assert.match(extra.stderr, /usage: ospo-guide notices \[path\]/);
    const help = await runCli(['--help']);
    assert.ok(help.stdout.includes('ospo-guide notices [path] [--format text|markdown|html] [--output FILE] [--include-dev] [--offline]'));
  });
});
