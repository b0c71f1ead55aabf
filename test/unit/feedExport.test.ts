import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../src/cli/args';
import { checkCommand } from '../../src/cli/checkCommand';
import { FEED_USAGE, feedCommand } from '../../src/cli/feedCommand';
import type { CheckReport } from '../../src/core/report/checkReport';
import { feedJson } from './support/feedServer';
import { writeLockedNpmProject } from './support/lockedNpmProject';
import { REPO_ROOT } from './support/projectFiles';

const NOW = new Date('2026-11-23T00:00:00Z');
const LICENSE_CHECKER = path.join(REPO_ROOT, 'node_modules/license-checker/bin/license-checker');

describe('ospo-guide feed export', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'ospo-feed-export-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  function writeFeed(licenses: Readonly<Record<string, unknown>>, overrides: Readonly<Record<string, unknown>> = {}): string {
    const file = path.join(directory, 'feed.json');
    writeFileSync(file, feedJson({ licenses: { review: [], deny: [], default: 'review', unknown: 'review', ...licenses }, packages: [], health: {}, ...overrides }));
    return file;
  }

  async function exported(to: string, feed: string): Promise<{ text: string; warnings: string[] }> {
    const result = await feedCommand(['export', '--to', to, '--policy', feed]);
    assert.equal(result.exitCode, 0);
    const warnings = (result.stderr ?? '').split('\n').filter((line) => line !== '');
    assert.ok(warnings.every((line) => line.startsWith('ospo-guide: warning: ')), result.stderr);
    return { text: result.stdout, warnings: warnings.map((line) => line.slice('ospo-guide: warning: '.length)) };
  }

  /** An installed npm tree (node_modules/<name>/package.json), with a lockfile recording the same licenses for `check --offline`. */
  function installedTree(name: string, licenses: Readonly<Record<string, string>>): string {
    const root = path.join(directory, name);
    mkdirSync(root);
    const packages = Object.fromEntries(Object.entries(licenses).map(([pkg, license]) => [pkg, { version: '1.0.0', license }]));
    writeLockedNpmProject(root, packages);
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as object;
    // license-checker judges the project itself too: give it an allowed license.
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ ...manifest, version: '1.0.0', license: 'MIT' }, null, 2));
    for (const [pkg, license] of Object.entries(licenses)) {
      mkdirSync(path.join(root, 'node_modules', pkg), { recursive: true });
      writeFileSync(path.join(root, 'node_modules', pkg, 'package.json'), JSON.stringify({ name: pkg, version: '1.0.0', license }));
    }
    return root;
  }

  /** Runs the real license-checker 25 with the `--onlyAllow` list that the export printed. */
  function runLicenseChecker(commandLine: string, start: string): { status: number | null; stderr: string } {
    assert.match(commandLine, /^npx license-checker@25\.0\.1 --onlyAllow '[^']*'\n$/);
    const list = /--onlyAllow '([^']*)'/.exec(commandLine)?.[1] ?? '';
    const run = spawnSync(process.execPath, [LICENSE_CHECKER, '--start', start, '--onlyAllow', list], { encoding: 'utf8', timeout: 60_000 });
    return { status: run.status, stderr: run.stderr };
  }

  async function checkVerdicts(root: string, feed: string): Promise<Map<string, string>> {
    const output = await checkCommand(['.', '--transitive', '--offline', '--policy', feed, '--format', 'json', '--fail-on', 'never'], root, NOW);
    const report = JSON.parse(output.stdout) as CheckReport;
    return new Map(report.findings.map((finding) => [finding.name, finding.verdict]));
  }

  it('is named in the feed usage; a missing or unknown target is a usage error', async () => {
    assert.match(FEED_USAGE, /ospo-guide feed export --to github-dependency-review\|license-checker\|trivy\|ort/);
    const usage = async (argv: string[], pattern: RegExp) => assert.rejects(feedCommand(argv), (error: Error) => error instanceof UsageError && pattern.test(error.message));
    await usage(['export'], /usage: ospo-guide feed export --to/);
    await usage(['export', '--to', 'snyk'], /unknown --to 'snyk': use github-dependency-review, license-checker, trivy, ort/);
    await usage(['export', '--to', 'ort', 'extra'], /usage:/);
  });

  describe('license-checker, on real runs of license-checker 25.0.1', () => {
    it('fails on a tree where our check denies a package, naming it, and passes where it denies nothing', async () => {
      const feed = writeFeed({ allow: ['MIT', 'ISC'], deny: ['GPL-3.0-only'] });
      const { text, warnings } = await exported('license-checker', feed);
      assert.equal(text, "npx license-checker@25.0.1 --onlyAllow 'MIT;ISC'\n");
      assert.ok(warnings.some((warning) => /stops at the first package/.test(warning)));
      assert.ok(warnings.some((warning) => /cannot be combined with --failOn/.test(warning)));

      const mixed = installedTree('mixed', { 'mit-lib': 'MIT', 'isc-lib': 'ISC', 'gpl-lib': 'GPL-3.0-only', 'lgpl-lib': 'LGPL-2.1-only' });
      const verdicts = await checkVerdicts(mixed, feed);
      assert.equal(verdicts.get('gpl-lib'), 'deny');
      assert.equal(verdicts.get('lgpl-lib'), 'review');
      const failed = runLicenseChecker(text, mixed);
      assert.equal(failed.status, 1, failed.stderr);
      const named = /Package "([^@"]+)@[^"]*" is licensed under "([^"]*)" which is not permitted by the --onlyAllow flag/.exec(failed.stderr);
      assert.ok(named, failed.stderr);
      assert.equal(verdicts.get(named[1]), 'deny', `license-checker named ${named[1]} (${named[2]})`);

      const clean = installedTree('clean', { 'mit-lib': 'MIT', 'isc-lib': 'ISC' });
      assert.deepEqual([...(await checkVerdicts(clean, feed)).values()], ['allow', 'allow']);
      const passed = runLicenseChecker(text, clean);
      assert.equal(passed.status, 0, passed.stderr);
    });

    it('warns for every allowed id that is a substring of an id the feed does not allow: license-checker admits it', async () => {
      const feed = writeFeed({ allow: ['GPL-2.0-only', 'MIT', 'MIT-0', 'Apache-2.0'], deny: ['LGPL-2.0-only', 'GPL-3.0-only'] });
      const { text, warnings } = await exported('license-checker', feed);
      const substring = warnings.filter((warning) => /license-checker matches substrings/.test(warning));
      assert.deepEqual(
        substring.map((warning) => /^allowing "([^"]+)"/.exec(warning)?.[1]),
        ['GPL-2.0-only', 'MIT'],
        'MIT-0 and Apache-2.0 are part of no other SPDX id',
      );
      assert.match(substring[0], /"LGPL-2.0-only"/);
      assert.match(substring[1], /"MIT-CMU"/);
      assert.doesNotMatch(substring[1], /"MIT-0"/, 'MIT-0 contains MIT, but the feed allows it');
      assert.ok(warnings.some((warning) => /contains an allowed id anywhere/.test(warning)));

      // The real tool does what the warnings say: a denied LGPL-2.0-only package and a denied
      // "MIT AND GPL-3.0-only" package both pass; our check denies both.
      const tree = installedTree('admitted', { 'lgpl-lib': 'LGPL-2.0-only', 'mixed-lib': 'MIT AND GPL-3.0-only' });
      const verdicts = await checkVerdicts(tree, feed);
      assert.equal(verdicts.get('lgpl-lib'), 'deny');
      assert.equal(verdicts.get('mixed-lib'), 'deny');
      const run = runLicenseChecker(text, tree);
      assert.equal(run.status, 0, run.stderr);
    });
  });

  describe('YAML targets, checked against their documented formats', () => {
    const rules = [
      { match: 'pkg:npm/event-stream', verdict: 'deny', reason: 'Compromised.' },
      { match: 'pkg:npm/@evil/*', verdict: 'deny' },
      { match: 'pkg:golang/github.com/evil/*', verdict: 'deny' },
      { match: 'pkg:npm/left-pad', verdict: 'allow' },
      { match: 'pkg:npm/old-lib', verdict: 'deny', versions: '<2' },
      { match: 'pkg:npm/legacy', verdict: 'review' },
      { match: 'pkg:golang/github.com/hashicorp/terraform', versions: '>=1.6.0', license: 'BUSL-1.1' },
      { match: 'pkg:npm/explained', reason: 'Only a note.' },
    ];
    const licenses = { allow: ['MIT', 'mit', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0', 'MPL-2.0'], review: ['MPL-2.0', 'LGPL-2.1-only'], deny: ['AGPL-3.0-only', 'LicenseRef-Commons-Clause'], default: 'allow', unknown: 'deny' };

    /** Every warning is also a comment of the file, so that the file alone tells what it leaves out. */
    function assertWarningsAsComments(text: string, warnings: readonly string[]): void {
      assert.ok(warnings.length > 0);
      for (const warning of warnings) {
        assert.ok(text.includes(`# - ${warning}\n`), warning);
      }
      assert.match(text, /^# Generated by ospo-guide feed export from the policy feed "acme-ospo" version 2 /);
    }

    it('github-dependency-review: allow-licenses (allowed only), deny-packages, deny-groups, allow-dependencies-licenses', async () => {
      // https://github.com/actions/dependency-review-action#configuration-options: option names with dashes in a config
      // file, lists as YAML lists, allow-licenses SPDX ids, deny-packages purls (no version: all), deny-groups namespace purls ending in '/'.
      const { text, warnings } = await exported('github-dependency-review', writeFeed(licenses, { packages: rules }));
      const config = parseYaml(text) as Record<string, unknown>;
      assert.deepEqual(Object.keys(config).sort(), ['allow-dependencies-licenses', 'allow-licenses', 'deny-groups', 'deny-packages']);
      assert.deepEqual(config['allow-licenses'], ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0']);
      assert.deepEqual(config['deny-packages'], ['pkg:npm/event-stream']);
      assert.deepEqual(config['deny-groups'], ['pkg:npm/@evil/']);
      assert.deepEqual(config['allow-dependencies-licenses'], ['pkg:npm/left-pad']);
      for (const expected of [
        /packages #3 \(pkg:golang\/github\.com\/evil\/\*\): verdict deny is not exported: the action has no name prefixes/,
        /packages #5 \(pkg:npm\/old-lib\): verdict deny for versions <2 is not exported: .*never a range/,
        /packages #6 \(pkg:npm\/legacy\): verdict review is not exported/,
        /packages #7 .*license BUSL-1\.1 for versions >=1\.6\.0 is not exported/,
        /licenses\.default is allow/,
        /licenses\.unknown is deny, but the action never fails/,
      ]) {
        assert.ok(warnings.some((warning) => expected.test(warning)), `${expected}\n${warnings.join('\n')}`);
      }
      assert.ok(!warnings.some((warning) => warning.includes('explained')), 'a rule that decides nothing is nothing to export');
      assertWarningsAsComments(text, warnings);
    });

    it('a trust verdict is said not exported, by every target', async () => {
      for (const to of ['github-dependency-review', 'license-checker', 'trivy', 'ort']) {
        const { warnings } = await exported(to, writeFeed(licenses, { trust: { relicensingVendor: 'review', noReleaseFor: { days: 730, verdict: 'review' }, soleMaintainer: 'deny' } }));
        assert.ok(warnings.some((warning) => warning.includes('trust.relicensingVendor (review) is not exported')), `${to}: ${warnings.join('\n')}`);
        assert.ok(warnings.some((warning) => warning.includes('trust.noReleaseFor (730 days: review) is not exported')), `${to}: ${warnings.join('\n')}`);
        assert.ok(warnings.some((warning) => warning.includes('trust.soleMaintainer (deny) is not exported')), `${to}: ${warnings.join('\n')}`);
      }
    });

    it('trivy: every license category of trivy.yaml set, deny forbidden, review restricted, allow permissive', async () => {
      // https://trivy.dev/latest/docs/references/configuration/config-file/ ("License options") and
      // https://trivy.dev/latest/docs/scanner/license/ ("Custom Classification"): license.<category> lists.
      const { text, warnings } = await exported('trivy', writeFeed(licenses, { packages: rules }));
      const config = parseYaml(text) as { license: Record<string, unknown> };
      assert.deepEqual(Object.keys(config), ['license']);
      assert.deepEqual(config.license, {
        forbidden: ['AGPL-3.0-only', 'LicenseRef-Commons-Clause'],
        restricted: ['MPL-2.0', 'LGPL-2.1-only'],
        reciprocal: [],
        notice: [],
        permissive: ['MIT', 'Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
        unencumbered: [],
      });
      assert.ok(warnings.some((warning) => /^licenses\.default \(allow\) is not exported/.test(warning)));
      assert.ok(warnings.some((warning) => /^licenses\.unknown \(deny\) is not exported/.test(warning)));
      assert.equal(warnings.filter((warning) => /^packages #\d+ .*Trivy classifies licenses, not packages/.test(warning)).length, 7);
      assertWarningsAsComments(text, warnings);
    });

    it('ort: license-classifications.yml with allow, review and deny categories and the feed ids', async () => {
      // https://github.com/oss-review-toolkit/ort/blob/main/website/docs/configuration/license-classifications.md:
      // categories (unique name, optional description), categorizations (id, categories naming defined categories).
      const { text, warnings } = await exported('ort', writeFeed(licenses, { packages: rules }));
      const config = parseYaml(text) as { categories: { name: string; description?: string }[]; categorizations: { id: string; categories: string[] }[] };
      assert.deepEqual(Object.keys(config), ['categories', 'categorizations']);
      assert.deepEqual(config.categories.map((category) => category.name), ['allow', 'review', 'deny']);
      assert.ok(config.categories.every((category) => typeof category.description === 'string'));
      assert.deepEqual(
        config.categorizations.map((entry) => `${entry.id}: ${entry.categories.join(',')}`),
        ['MIT: allow', 'Apache-2.0: allow', 'GPL-2.0-only WITH Classpath-exception-2.0: allow', 'MPL-2.0: review', 'LGPL-2.1-only: review', 'AGPL-3.0-only: deny', 'LicenseRef-Commons-Clause: deny'],
      );
      assert.ok(warnings.some((warning) => /evaluator rule/.test(warning)));
      assert.equal(warnings.filter((warning) => /^packages #\d+ .*rules\.kts/.test(warning)).length, 7);
      assertWarningsAsComments(text, warnings);
    });

    it('quotes what YAML would misread, and a line break in the feed cannot end a comment', async () => {
      const feed = writeFeed({ allow: ['LicenseRef-yes', 'LicenseRef-1.0'], deny: ['LicenseRef-x: y'] }, { id: 'acme\nallow-licenses: [evil]', packages: [{ match: 'pkg:npm/%40a/b', verdict: 'deny' }] });
      for (const to of ['github-dependency-review', 'trivy', 'ort']) {
        const { text } = await exported(to, feed);
        const parsed = parseYaml(text) as Record<string, unknown>;
        assert.ok(!('allow-licenses' in parsed && JSON.stringify(parsed['allow-licenses']).includes('evil')), to);
        assert.match(text, /"LicenseRef-yes"/);
      }
    });

    it('--output writes the file and says so; the warnings still go to stderr', async () => {
      const output = path.join(directory, 'trivy.yaml');
      const result = await feedCommand(['export', '--to', 'trivy', '--policy', writeFeed(licenses), '--output', output]);
      assert.equal(result.exitCode, 0);
      assert.match(result.stdout, /^Wrote the trivy configuration of .*feed\.json to .*trivy\.yaml \(\d+ warnings\)\.\n$/);
      assert.match(result.stderr ?? '', /ospo-guide: warning: licenses\.default/);
      assert.ok((parseYaml(readFileSync(output, 'utf8')) as { license: object }).license);
    });
  });
});
