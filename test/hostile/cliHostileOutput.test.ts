import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO_ROOT, 'dist/cli.js');

/** Whether the text holds a raw control a terminal acts on (C0 but LF, DEL, C1, bidi); checked by code point, not by the code under test. */
function hasRawControl(text: string): boolean {
  return [...text].some((char) => {
    const code = char.codePointAt(0) ?? 0;
    return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
  });
}

const HOSTILE_NAMES = [
  'osc\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007',
  'cr\rfake',
  'nl\n  1:1  ✓ allow  forged-row',
  'bidi\u202egpl',
  'bel\u0007',
  'csi\u009b31m',
  'x'.repeat(200_000),
  'left-pad',
];

function cli(args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', HOME: cwd } });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe('the CLI on a hostile workspace (end to end, dist/cli.js)', function () {
  this.timeout(60_000);
  let root: string;
  before(function () {
    if (!existsSync(CLI)) {
      assert.fail(`${CLI} is missing: run npm run build first`);
    }
    root = mkdtempSync(path.join(os.tmpdir(), 'ospo-hostile-cli-'));
    mkdirSync(path.join(root, 'a-broken'));
    mkdirSync(path.join(root, 'b-good'));
    // 300 KB of `[` overflowed the parser's stack and aborted the whole check (exit 3).
    writeFileSync(path.join(root, 'a-broken', 'package.json'), `{"dependencies":${'['.repeat(300_000)}`);
    writeFileSync(path.join(root, 'b-good', 'package.json'), JSON.stringify({ dependencies: Object.fromEntries(HOSTILE_NAMES.map((name) => [name, '1.0.0'])) }));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('check text: no raw control reaches the terminal, one row per dependency, bounded output', () => {
    const { stdout, stderr } = cli(['check', '.', '--offline'], root);
    assert.ok(!hasRawControl(stdout));
    assert.ok(!hasRawControl(stderr));
    assert.ok(stdout.length < 10_000, `output is ${stdout.length} characters`);
    const rows = stdout.split('\n').filter((line) => /^ {2}1:\d+ /.test(line));
    assert.equal(rows.length, HOSTILE_NAMES.length, 'every dependency has exactly one row; none is forged');
    assert.ok(!stdout.includes('forged-row\n'));
    assert.ok(stdout.includes('\\u001b]8;;'), 'the escape is shown, visibly');
  });

  it('check: the broken manifest is reported as such, the others get their report, exit 2', () => {
    const { stdout, status } = cli(['check', '.', '--offline', '--fail-on', 'never'], root);
    assert.equal(status, 2);
    assert.match(stdout, /a-broken[/\\]package\.json:1:\d+: JSON: nested deeper than 256 levels; only what could be read was checked\./);
    assert.match(stdout, /b-good[/\\]package\.json\n/);
    assert.match(stdout, /8 direct dependencies in 2 manifests;/);
  });

  it('check json and sarif keep the full values and list the problem', () => {
    const json = cli(['check', '.', '--offline', '--format', 'json'], root);
    assert.equal(json.status, 2);
    const report = JSON.parse(json.stdout) as { findings: { name: string }[]; problems: { file: string; message: string }[] };
    assert.deepEqual(report.findings.map((finding) => finding.name).sort(), [...HOSTILE_NAMES].sort());
    assert.equal(report.problems.length, 1);
    assert.match(report.problems[0].file, /a-broken/);
    const sarif = JSON.parse(cli(['check', '.', '--offline', '--format', 'sarif'], root).stdout) as {
      runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };
    const invocation = sarif.runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(invocation.toolExecutionNotifications.map((note) => note.level), ['error']);
  });

  it('deps: escapes names and caps them; a file nested too deeply is a problem with its place, exit 2, not a crash', () => {
    const good = cli(['deps', path.join('b-good', 'package.json')], root);
    assert.equal(good.status, 0);
    assert.ok(!hasRawControl(good.stdout));
    assert.equal(good.stdout.trimEnd().split('\n').length, 2 + HOSTILE_NAMES.length);
    assert.ok(good.stdout.length < 10_000);
    const broken = cli(['deps', path.join('a-broken', 'package.json')], root);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /a-broken[/\\]package\.json:1:\d+: JSON: nested deeper than 256 levels/);
    assert.doesNotMatch(broken.stderr, /\[\[\[|at .*\.js/);
  });

  it('explain: a hostile subject is escaped', () => {
    const { stdout, status } = cli(['explain', '--license', 'MIT\u001b[2J\rOR\u202eGPL'], root);
    assert.equal(status, 0);
    assert.ok(!hasRawControl(stdout));
  });
});
