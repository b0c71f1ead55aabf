import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO_ROOT, 'dist/cli.js');

/** The built CLI against a folder whose files are devices, FIFOs and huge: it answers at once and says why. */
describe('ospo-guide check on hostile files', () => {
  let dir: string;
  before(function () {
    if (!existsSync('/dev/zero') || spawnSync('mkfifo', ['--help']).error) {
      console.warn('    (skipped: needs /dev/zero and mkfifo)');
      this.skip();
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'cli-hostile-'));
    mkdirSync(path.join(dir, 'proj', '.git'), { recursive: true });
    symlinkSync('/dev/zero', path.join(dir, 'proj', 'package.json'));
    symlinkSync('/dev/zero', path.join(dir, 'proj', '.git', 'config'));
    spawnSync('mkfifo', [path.join(dir, 'proj', 'requirements.txt')]);
    writeFileSync(path.join(dir, 'proj', 'Cargo.toml'), '');
    truncateSync(path.join(dir, 'proj', 'Cargo.toml'), 1024 * 1024 * 1024);
    symlinkSync('/dev/zero', path.join(dir, 'zero-policy.json'));
    spawnSync('mkfifo', [path.join(dir, 'fifo-policy.json')]);
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  function run(args: string[]): { status: number | null; stderr: string; ms: number } {
    const started = Date.now();
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    return { status: result.status, stderr: result.stderr, ms: Date.now() - started };
  }

  it('checks the folder promptly and names each refused file plainly', () => {
    const result = run(['check', '--offline', 'proj']);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.ms < 5000, `${result.ms} ms`);
    assert.match(result.stderr, /requirements\.txt is not a regular file/);
    assert.match(result.stderr, /Cargo\.toml is 1 GiB, larger than/);
    assert.match(result.stderr, /\.git[/\\]config is not a regular file/);
  });

  for (const policy of ['zero-policy.json', 'fifo-policy.json']) {
    it(`refuses --policy ${policy} at once`, () => {
      const result = run(['check', '--offline', '--policy', policy, 'proj']);
      assert.equal(result.status, 2);
      assert.ok(result.ms < 5000, `${result.ms} ms`);
      assert.match(result.stderr, /is not a regular file/);
    });
  }

  it('refuses a FIFO to feed validate at once', () => {
    const result = run(['feed', 'validate', 'fifo-policy.json']);
    assert.equal(result.status, 2);
    assert.ok(result.ms < 5000, `${result.ms} ms`);
    assert.match(result.stderr, /is not a regular file/);
  });
});
