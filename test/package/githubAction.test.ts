import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { generateKeyPair, signFeed } from '../../src/core/feed/signature';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { writeLockedNpmProject } from '../unit/support/lockedNpmProject';
import { npmToolPackage } from './support/npmToolPackage';

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** Microsoft's SARIF SDK on npm: the SARIF 2.1.0 JSON Schema and the SARIF Multitool, whose `validate` applies it and the spec's rules. */
const SARIF_TOOL = { name: '@microsoft/sarif-multitool-linux', version: '5.7.0' };

interface ActionYaml {
  readonly runs: { readonly using: string; readonly main: string };
  readonly inputs: Readonly<Record<string, { readonly default?: string; readonly required?: boolean }>>;
  readonly outputs: Readonly<Record<string, unknown>>;
}

const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYaml;

interface ActionRun {
  readonly code: number;
  readonly log: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
}

/**
 * Runs the action's entry point as the runner does: `node <main>` in the workspace, every input as
 * `INPUT_<NAME>` (upper case, hyphens kept) holding the workflow's value or action.yml's default,
 * and the files for outputs and the job summary.
 */
function runAction(workspace: string, withInputs: Readonly<Record<string, string>>): Promise<ActionRun> {
  const files = mkdtempSync(path.join(os.tmpdir(), 'ospo-action-files-'));
  const outputFile = path.join(files, 'output');
  const summaryFile = path.join(files, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, withInputs[name] ?? spec.default ?? '']));
  const env = { PATH: process.env.PATH ?? '', HOME: workspace, XDG_CACHE_HOME: path.join(files, 'cache'), GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, ...inputs };
  return new Promise((resolve) =>
    execFile(process.execPath, [path.join(REPO_ROOT, action.runs.main)], { cwd: workspace, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const outputs = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      const summary = readFileSync(summaryFile, 'utf8');
      rmSync(files, { recursive: true, force: true });
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, log: stdout + stderr, outputs, summary });
    }),
  );
}

describe('the GitHub Action (action.yml)', function () {
  this.timeout(300_000);
  const keys = generateKeyPair();
  let workspace: string;

  beforeEach(() => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'ospo-action-workspace-'));
    writeLockedNpmProject(workspace, { 'gpl-thing': { version: '2.0.0', license: 'AGPL-3.0-only' }, 'left-pad': { version: '1.3.0', license: 'WTFPL' } });
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  it('is a Node 24 action whose entry point is committed, with the inputs the docs name', () => {
    assert.equal(action.runs.using, 'node24');
    assert.ok(existsSync(path.join(REPO_ROOT, action.runs.main)), action.runs.main);
    assert.deepEqual(Object.keys(action.inputs).sort(), ['fail-on', 'offline', 'path', 'policy', 'public-key', 'sarif-file', 'transitive']);
    assert.deepEqual(Object.keys(action.outputs).sort(), ['denied', 'findings', 'review', 'sarif-file']);
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const name of Object.keys(action.inputs)) {
      assert.ok(readme.includes(`\`${name}\``), `README documents the input ${name}`);
    }
  });

  it('with its defaults: SARIF that the official schema and the SARIF validator accept, annotations, outputs, summary; fails on a denied license', async function () {
    const run = await runAction(workspace, { offline: 'true' });
    assert.equal(run.code, 1, run.log);
    const sarifFile = path.join(workspace, 'ospo-guide.sarif');
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(sarif.runs[0].results.map((result) => result.ruleId).sort(), ['license-denied', 'license-review']);
    assert.match(run.log, /^::error file=package\.json,line=4,col=6,title=OSPO Guide%3A license-denied::gpl-thing@2\.0\.0 \(AGPL-3\.0-only\): deny\./m);
    assert.match(run.log, /^::warning file=package\.json,line=5,col=6,title=OSPO Guide%3A license-review::left-pad@1\.3\.0/m);
    assert.deepEqual(run.outputs, { 'sarif-file': 'ospo-guide.sarif', findings: '2', denied: '1', review: '1' });
    assert.match(run.summary, /### OSPO Guide\n\n2 findings: 1 denied, 1 to review\./);

    const tool = await npmToolPackage(SARIF_TOOL.name, SARIF_TOOL.version);
    if (tool === undefined) {
      console.log('    (the npm registry cannot be reached: the SARIF is not validated here)');
      this.skip();
    }
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(tool, 'sarif-2.1.0.json'), 'utf8')) as object);
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    const multitool = path.join(tool, 'Sarif.Multitool');
    chmodSync(multitool, 0o755);
    const report = path.join(workspace, 'validation.sarif');
    await new Promise<void>((resolve, reject) =>
      execFile(multitool, ['validate', '--output', report, sarifFile], { env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' }, timeout: 120_000 }, (error, stdout, stderr) => (error ? reject(new Error(stdout + stderr)) : resolve())),
    );
    const validation = JSON.parse(readFileSync(report, 'utf8')) as { runs: { results: { ruleId: string; message: unknown }[] }[] };
    assert.deepEqual(
      validation.runs[0].results.map((result) => `${result.ruleId} ${JSON.stringify(result.message)}`),
      [],
      'the SARIF Multitool finds neither errors nor warnings',
    );
  });

  it('takes the organization feed and its public key from the repository, and the other inputs', async () => {
    const base = bundledDefaultFeed();
    const feed = Buffer.from(JSON.stringify({ ...base, id: 'acme', version: 2, licenses: { ...base.licenses, allow: [...base.licenses.allow, 'AGPL-3.0-only', 'WTFPL'], deny: base.licenses.deny.filter((id) => id !== 'AGPL-3.0-only'), review: base.licenses.review.filter((id) => id !== 'AGPL-3.0-only' && id !== 'WTFPL') } }));
    writeFileSync(path.join(workspace, 'ospo-feed.json'), feed);
    writeFileSync(path.join(workspace, 'ospo-feed.json.sig'), signFeed(feed, keys.privateKey));
    writeFileSync(path.join(workspace, 'ospo-feed.pub'), keys.publicKey);
    const run = await runAction(workspace, { policy: 'ospo-feed.json', 'public-key': 'ospo-feed.pub', 'fail-on': 'review', offline: 'true', transitive: 'true', path: 'package.json', 'sarif-file': 'reports/ospo.sarif' });
    assert.equal(run.code, 0, run.log);
    assert.deepEqual(run.outputs, { 'sarif-file': 'reports/ospo.sarif', findings: '0', denied: '0', review: '0' });
    assert.ok(existsSync(path.join(workspace, 'reports', 'ospo.sarif')));
  });

  it('fails the step with the reason when the feed is not signed by the key', async () => {
    writeFileSync(path.join(workspace, 'ospo-feed.json'), JSON.stringify(bundledDefaultFeed()));
    writeFileSync(path.join(workspace, 'ospo-feed.json.sig'), signFeed(Buffer.from(JSON.stringify(bundledDefaultFeed())), generateKeyPair().privateKey));
    const run = await runAction(workspace, { policy: 'ospo-feed.json', 'public-key': keys.publicKey, offline: 'true' });
    assert.equal(run.code, 2);
    assert.match(run.log, /^::error title=OSPO Guide::.*does not match the configured public key/m);
    assert.equal(existsSync(path.join(workspace, 'ospo-guide.sarif')), false);
    assert.deepEqual(run.outputs, {});
  });

  it('refuses an input it does not understand instead of guessing', async () => {
    const run = await runAction(workspace, { 'fail-on': 'sometimes' });
    assert.equal(run.code, 2);
    assert.match(run.log, /^::error title=OSPO Guide::the input fail-on must be one of deny, review, never, not 'sometimes'/m);
    const flag = await runAction(workspace, { transitive: 'yes' });
    assert.equal(flag.code, 2);
    assert.match(flag.log, /the input transitive must be true or false/);
  });

  it('cannot be made to issue workflow commands by what a manifest names', async () => {
    writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'app', dependencies: { 'evil%0A::set-output name=x::y': '1.0.0' } }));
    rmSync(path.join(workspace, 'package-lock.json'));
    const run = await runAction(workspace, { offline: 'true', 'fail-on': 'never' });
    assert.equal(run.code, 0, run.log);
    assert.doesNotMatch(run.log, /^::set-output/m);
    assert.match(run.log, /evil%250A::set-output/);
  });
});
