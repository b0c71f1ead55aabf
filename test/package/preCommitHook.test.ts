import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { detectManifestKind } from '../../src/core/manifests/detect';
import { writeLockedNpmProject } from '../unit/support/lockedNpmProject';

const REPO_ROOT = path.resolve(__dirname, '../../..');

interface Hook {
  readonly id: string;
  readonly entry: string;
  readonly language: string;
  readonly files: string;
  readonly pass_filenames: boolean;
}

const hooks = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

function writeProject(folder: string, license: string): void {
  writeLockedNpmProject(folder, { 'gpl-thing': { version: '2.0.0', license } });
}

describe('the pre-commit hook (.pre-commit-hooks.yaml)', function () {
  this.timeout(180_000);

  it('runs on every manifest and lockfile the extension reads, and on nothing else', () => {
    const [hook] = hooks;
    const files = new RegExp(hook.files);
    const manifests = ['package.json', 'a/composer.json', 'pyproject.toml', 'Pipfile', 'svc/Cargo.toml', 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'Gemfile', 'gems.rb', 'requirements.txt', 'requirements-dev.txt', 'ci/dev-requirements.in', 'requirements/base.txt'];
    for (const manifest of manifests) {
      assert.ok(detectManifestKind(manifest) !== undefined, manifest);
      assert.match(manifest, files, manifest);
    }
    for (const lockfile of ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'composer.lock', 'poetry.lock', 'Pipfile.lock', 'Cargo.lock', 'go.sum', 'Gemfile.lock', '.ospo/policy.json', '.ospo/choices.json']) {
      assert.match(lockfile, files, lockfile);
    }
    for (const other of ['src/index.ts', 'README.md', 'package.json.bak', 'docs/requirements.md', 'tsconfig.json']) {
      assert.doesNotMatch(other, files, other);
    }
  });

  it('pre-commit itself runs it: fails on a denied license, passes once it is gone', async function () {
    const version = await new Promise<string | undefined>((resolve) => execFile('pre-commit', ['--version'], (error, stdout) => resolve(error ? undefined : stdout.trim())));
    if (version === undefined) {
      console.log('    (pre-commit is not installed here: `apt-get install pre-commit`; skipped)');
      this.skip();
    }
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'ospo-pre-commit-'));
    try {
      // The hook repository as a tag of it holds the hook: its definition and the committed CLI bundle.
      const hookRepo = path.join(scratch, 'hook-repo');
      mkdirSync(path.join(hookRepo, 'cli'), { recursive: true });
      copyFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), path.join(hookRepo, '.pre-commit-hooks.yaml'));
      copyFileSync(path.join(REPO_ROOT, 'cli', 'ospo-guide.js'), path.join(hookRepo, 'cli', 'ospo-guide.js'));
      git(hookRepo, 'init', '-q');
      git(hookRepo, 'add', '-A');
      git(hookRepo, 'update-index', '--chmod=+x', 'cli/ospo-guide.js');
      git(hookRepo, 'commit', '-q', '-m', 'hook');
      const project = path.join(scratch, 'project');
      mkdirSync(project);
      git(project, 'init', '-q');
      writeProject(project, 'AGPL-3.0-only');
      git(project, 'add', '-A');
      const env = { ...process.env, PRE_COMMIT_HOME: path.join(scratch, 'pre-commit-home'), XDG_CACHE_HOME: path.join(scratch, 'cache') };
      const tryHook = () =>
        new Promise<{ code: number; output: string }>((resolve) =>
          execFile('pre-commit', ['try-repo', hookRepo, 'ospo-guide', '--all-files', '--verbose'], { cwd: project, env, timeout: 120_000 }, (error, stdout, stderr) =>
            resolve({ code: error ? Number((error as { code?: number }).code) : 0, output: stdout + stderr }),
          ),
        );
      const denied = await tryHook();
      assert.equal(denied.code, 1, denied.output);
      assert.match(denied.output, /OSPO Guide license policy check\.+Failed/);
      assert.match(denied.output, /gpl-thing/);
      writeProject(project, 'MIT');
      git(project, 'add', '-A');
      const allowed = await tryHook();
      assert.equal(allowed.code, 0, allowed.output);
      assert.match(allowed.output, /OSPO Guide license policy check\.+Passed/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
