import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/manifests');

interface DepsJson {
  file: string;
  dependencies: { ecosystem: string; name: string; package?: string; spec: string | null; section: string; line: number; column: number; endLine: number; endColumn: number }[];
}

async function depsJson(...args: string[]): Promise<DepsJson> {
  const result = await runCli(['deps', ...args, '--json']);
  assert.equal(result.exitCode, 0, result.stderr);
  return JSON.parse(result.stdout) as DepsJson;
}

describe('ospo-guide deps', () => {
  it('prints JSON with 1-based positions of each name, end exclusive', async () => {
    const output = await depsJson(path.join(FIXTURES, 'Cargo.toml'));
    assert.equal(output.file, path.join(FIXTURES, 'Cargo.toml'));
    assert.deepEqual(output.dependencies[0], {
      ecosystem: 'cargo',
      name: 'serde',
      spec: '1.0.203',
      section: 'dependencies',
      line: 7,
      column: 1,
      endLine: 7,
      endColumn: 6,
    });
  });

  it('detects requirement files by name and reports each requirement line', async () => {
    const output = await depsJson(path.join(FIXTURES, 'requirements-dev.txt'));
    assert.deepEqual(
      output.dependencies.map((dependency) => [dependency.name, dependency.spec, dependency.line, dependency.column]),
      [
        ['pytest', '>=8.0,<9', 3, 1],
        ['requests', '==2.32.3', 4, 1],
        ['flask', null, 6, 55],
      ],
    );
  });

  it('takes --type for a file whose name does not say its format', async () => {
    const result = await runCli(['deps', path.join(FIXTURES, 'requirements-dev.txt'), '--type', 'requirements', '--json']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok((JSON.parse(result.stdout) as DepsJson).dependencies.length > 0);
  });

  it('lists what it could read of a file with problems, says where each problem is and exits 2', async () => {
    const result = await runCli(['deps', path.join(FIXTURES, 'requirements-dev.txt'), '--type', 'gomod', '--json']);
    assert.equal(result.exitCode, 2);
    assert.deepEqual((JSON.parse(result.stdout) as DepsJson).dependencies, []);
    assert.match(result.stderr ?? '', /requirements-dev\.txt:1:1: Unknown go\.mod directive/);
  });

  it('prints a readable table without --json', async () => {
    const result = await runCli(['deps', path.join(FIXTURES, 'Cargo.toml')]);
    assert.equal(result.exitCode, 0);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0], /Cargo\.toml \(cargo\): \d+ dependencies$/);
    assert.match(lines[1], /^LINE\s+NAME\s+SPEC\s+SECTION$/);
    assert.match(lines[2], /^7:1\s+serde\s+1\.0\.203\s+dependencies$/);
  });

  const failures: [string, string[], RegExp][] = [
    ['a missing file', ['deps', path.join(FIXTURES, 'missing/package.json')], /cannot read .*ENOENT/],
    ['a folder', ['deps', FIXTURES, '--type', 'npm'], /is not a file/],
    ['an unrecognised file name', ['deps', path.join(REPO_ROOT, 'README.md')], /cannot tell what kind of manifest/],
    ['an unknown --type', ['deps', path.join(FIXTURES, 'Cargo.toml'), '--type', 'conda'], /unknown --type 'conda'/],
    ['an unknown option', ['deps', path.join(FIXTURES, 'Cargo.toml'), '--yaml'], /unknown option --yaml/],
    ['no file', ['deps'], /usage: ospo-guide deps/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [title, argv, message] of failures) {
    it(`exits 2 with a one-line error for ${title}`, async () => {
      const result = await runCli(argv);
      assert.equal(result.exitCode, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr.split('\n')[0], message);
    });
  }

  it('the built binary runs with exit codes and streams as a shell sees them', () => {
    const ok = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'deps', path.join(FIXTURES, 'Cargo.toml'), '--json'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as DepsJson).dependencies[0].name, 'serde');
    const bad = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'deps', 'nope.unknown'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trimEnd().split('\n').length, 1);
  });
});
