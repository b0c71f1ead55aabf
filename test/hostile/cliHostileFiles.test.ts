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
    symlinkSync('nowhere', path.join(dir, 'proj', 'go.mod'));
    mkdirSync(path.join(dir, 'proj', 'linked'));
    writeFileSync(path.join(dir, 'shared-requirements.txt'), 'requests==2.32.3\n');
    symlinkSync(path.join(dir, 'shared-requirements.txt'), path.join(dir, 'proj', 'linked', 'requirements.txt'));
    symlinkSync('/dev/zero', path.join(dir, 'zero-policy.json'));
    spawnSync('mkfifo', [path.join(dir, 'fifo-policy.json')]);
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  function run(args: string[]): { status: number | null; stdout: string; stderr: string; ms: number } {
    const started = Date.now();
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
  }

  it('checks the folder promptly, names each refused file plainly and exits 2 (the check is incomplete)', () => {
    const result = run(['check', '--offline', 'proj']);
    assert.equal(result.status, 2, result.stderr);
    assert.ok(result.ms < 5000, `${result.ms} ms`);
    assert.match(result.stdout, /requirements\.txt was not checked: it is not a regular file/);
    assert.match(result.stdout, /Cargo\.toml was not checked: it is 1 GiB, larger than/);
    assert.match(result.stdout, /package\.json was not checked: it is not a regular file/);
    assert.match(result.stdout, /go\.mod was not checked: it is a link that leads nowhere/);
    // A manifest that is a link to a readable file is checked like any other.
    assert.match(result.stdout, /1 direct dependency in 1 manifest/);
    assert.match(result.stderr, /\.git[/\\]config is not a regular file/);
  });

  it('writes the SBOM of what could be read, names what could not and exits 2', () => {
    const result = run(['sbom', '--offline', 'proj']);
    assert.equal(result.status, 2, result.stderr);
    assert.ok(result.ms < 5000, `${result.ms} ms`);
    assert.equal(JSON.parse(result.stdout).bomFormat, 'CycloneDX');
    assert.match(result.stderr, /requirements\.txt is not in the SBOM: it is not a regular file/);
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
