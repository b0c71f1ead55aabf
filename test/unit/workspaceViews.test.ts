import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { InventoryPackage } from '../../src/core/data/inventory';
import type { Ecosystem, ManifestDependency } from '../../src/core/manifests/types';
import { CompiledPolicy } from '../../src/core/policy/compiledPolicy';
import type { PolicyFeed } from '../../src/core/policy/feedModel';
import { parseFeedText } from '../../src/core/policy/validateFeed';
import type { Verdict } from '../../src/core/policy/verdict';
import { mergeWorkspacePolicyText } from '../../src/core/feed/mergeWorkspacePolicy';
import { buildTreeModel, packageDescription, type TreeModel } from '../../src/core/report/treeModel';
import { countWorkspace, WorkspaceFindingsMemo, type WorkspaceFindings, type WorkspaceReportInput } from '../../src/core/report/workspaceFindings';

/** The findings as a workspace sees them for the first time. */
function workspaceFindings(reports: readonly WorkspaceReportInput[], now: Date): Promise<WorkspaceFindings> {
  return new WorkspaceFindingsMemo().findings(reports, now);
}
import { countFindings, groupCountsText, statusBarText, transitiveCountsText, workspaceCountsText } from '../../src/core/report/workspaceSummary';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const NOW = new Date('2026-12-01T12:00:00Z');

function integrationFeed(): PolicyFeed {
  const { feed, errors } = parseFeedText(readFileSync(path.join(REPO_ROOT, 'test/fixtures/policies/integration-feed.json'), 'utf8'));
  assert.ok(feed, JSON.stringify(errors));
  return feed;
}

const policy = new CompiledPolicy(integrationFeed());

function dependency(ecosystem: Ecosystem, name: string, start: number): ManifestDependency {
  return { ecosystem, name, spec: null, section: 'dependencies', nameRange: { start, end: start + name.length }, specRange: null };
}

/** A report whose direct dependencies carry the given licenses (null: no data), evaluated under `under` (the integration feed unless given). */
function report(label: string, ecosystem: Ecosystem, direct: [string, string | null][], transitive: [string, string | null][] = [], under = policy): WorkspaceReportInput {
  let offset = 10;
  const findings = direct.map(([name, license]) => {
    const item = dependency(ecosystem, name, offset);
    offset += 40;
    return { dependency: item, finding: under.evaluate({ ecosystem, name, spec: null, version: '1.0.0', ...(license ? { license } : {}) }, { repo: null, now: NOW }) };
  });
  const packages: InventoryPackage[] = [
    ...direct.map(([name]) => ({ ecosystem, name, version: '1.0.0', source: 'lock', direct: true, manifests: [label] })),
    ...transitive.map(([name, license]) => ({ ecosystem, name, version: '2.0.0', source: 'lock', direct: false, manifests: [], ...(license ? { license: { value: license, source: 'lock' } } : {}) })),
    // Another ecosystem's package in the same folder's data is not this manifest's.
    { ecosystem: ecosystem === 'npm' ? 'cargo' : 'npm', name: 'elsewhere', version: '1.0.0', source: 'lock', direct: false, manifests: [], license: { value: 'GPL-3.0-only', source: 'lock' } },
  ];
  return { key: `file:///w/${label}`, label, repo: null, policy: under, findings, inventory: { packages } };
}

function outline(model: TreeModel): string[] {
  return model.groups.flatMap((group) => [
    `${group.verdict} (${groupCountsText(group.direct, group.transitive)})`,
    ...group.manifests.flatMap((manifest) => [`  ${manifest.label}`, ...manifest.packages.map((item) => `    ${item.name}`)]),
    ...(group.transitivePackages.length === 0 ? [] : ['  transitive', ...group.transitivePackages.map((item) => `    ${item.name}`)]),
  ]);
}

const NO_TRANSITIVE = { deny: 0, review: 0, unknown: 0, allow: 0 };

describe('workspace counts', () => {
  const cases: [string, Verdict[][], { deny: number; review: number; unknown: number; allow: number }, string][] = [
    ['no manifests', [], { deny: 0, review: 0, unknown: 0, allow: 0 }, '$(law) OSPO $(check)'],
    ['only allowed', [['allow', 'allow']], { deny: 0, review: 0, unknown: 0, allow: 2 }, '$(law) OSPO $(check)'],
    ['unknown alone is not shown as a problem', [['unknown']], { deny: 0, review: 0, unknown: 1, allow: 0 }, '$(law) OSPO $(check)'],
    ['denied only', [['deny'], ['deny', 'allow']], { deny: 2, review: 0, unknown: 0, allow: 1 }, '$(law) 2 denied'],
    ['review only', [['review']], { deny: 0, review: 1, unknown: 0, allow: 0 }, '$(law) 1 to review'],
    ['both, over manifests', [['deny', 'review'], ['review', 'unknown', 'review'], ['deny']], { deny: 2, review: 3, unknown: 1, allow: 0 }, '$(law) 2 denied · 3 to review'],
  ];
  for (const [title, manifests, expected, text] of cases) {
    it(title, () => {
      const counts = countFindings(manifests.length, manifests.flat().map((shown) => ({ shown, direct: true })));
      assert.deepEqual(counts, { manifests: manifests.length, ...expected, transitive: NO_TRANSITIVE });
      assert.equal(statusBarText(counts), text);
    });
  }

  it('transitive findings are counted apart and never reach the status bar', () => {
    const counts = countFindings(1, [
      { shown: 'deny', direct: true },
      { shown: 'deny', direct: false },
      { shown: 'deny', direct: false },
      { shown: 'review', direct: false },
      { shown: 'allow', direct: false },
    ]);
    assert.deepEqual(counts, { manifests: 1, deny: 1, review: 0, unknown: 0, allow: 0, transitive: { deny: 2, review: 1, unknown: 0, allow: 1 } });
    assert.equal(statusBarText(counts), '$(law) 1 denied');
  });

  it('says in words what each number counts', () => {
    const counts = { manifests: 9, deny: 8, review: 10, unknown: 1, allow: 57, transitive: { deny: 65, review: 11, unknown: 0, allow: 331 } };
    assert.equal(
      workspaceCountsText(counts),
      '76 direct dependencies in 9 manifests: 8 denied, 10 to review, 1 unknown license, 57 allowed. Counted apart, in 407 transitive packages: 65 denied, 11 to review.',
    );
    assert.equal(workspaceCountsText({ ...counts, transitive: NO_TRANSITIVE }), '76 direct dependencies in 9 manifests: 8 denied, 10 to review, 1 unknown license, 57 allowed.');
    assert.equal(workspaceCountsText({ manifests: 1, deny: 0, review: 0, unknown: 0, allow: 1, transitive: { ...NO_TRANSITIVE, allow: 1 } }), '1 direct dependency in 1 manifest: 0 denied, 0 to review, 0 unknown license, 1 allowed. The 1 transitive package, counted apart, is allowed.');
    assert.equal(transitiveCountsText({ ...NO_TRANSITIVE, allow: 3 }), 'All 3 transitive packages, counted apart, are allowed.');
    assert.equal(workspaceCountsText({ manifests: 0, deny: 0, review: 0, unknown: 0, allow: 0, transitive: NO_TRANSITIVE }), 'No manifests found in this workspace.');
    assert.equal(transitiveCountsText(NO_TRANSITIVE), '');
    assert.equal(groupCountsText(8, 65), '8 direct · 65 transitive');
    assert.equal(groupCountsText(8, 0), '8 direct');
    assert.equal(groupCountsText(0, 3), '0 direct · 3 transitive');
  });
});

describe('tree model', () => {
  const reports = [
    report('package.json', 'npm', [
      ['left-pad', 'MIT'],
      ['express', 'MIT'],
      ['react', null],
    ], [
      ['gpl-thing', 'GPL-3.0-only'],
      ['mit-thing', 'MIT'],
      ['mit-thing', 'MIT'],
    ]),
    report('sub/Cargo.toml', 'cargo', [
      ['serde', null],
      ['mpl-crate', 'MPL-2.0'],
    ]),
  ];

  const model = async () => buildTreeModel(await workspaceFindings(reports, NOW), 'all');

  it('groups by verdict (worst first, only non-empty): direct dependencies by manifest, transitive packages apart', async () => {
    assert.deepEqual(outline((await model())), [
      'deny (1 direct · 1 transitive)',
      '  package.json',
      '    left-pad',
      '  transitive',
      '    gpl-thing',
      'review (1 direct)',
      '  sub/Cargo.toml',
      '    mpl-crate',
      'unknown (1 direct)',
      '  package.json',
      '    react',
      'allow (2 direct · 1 transitive)',
      '  package.json',
      '    express',
      '  sub/Cargo.toml',
      '    serde',
      '  transitive',
      '    mit-thing',
    ]);
  });

  it("the groups' numbers are the workspace counts, which the status bar shows", async () => {
    const tree = (await model());
    const counts = countWorkspace(await workspaceFindings(reports, NOW));
    assert.deepEqual(tree.counts, counts);
    assert.deepEqual(counts, { manifests: 2, deny: 1, review: 1, unknown: 1, allow: 2, transitive: { deny: 1, review: 0, unknown: 0, allow: 1 } });
    for (const group of tree.groups) {
      assert.equal(group.direct, counts[group.verdict]);
      assert.equal(group.direct, group.manifests.reduce((sum, manifest) => sum + manifest.packages.length, 0), 'the rows under the manifests add up to the number');
      assert.equal(group.transitive, group.transitivePackages.length, 'the transitive rows add up to their number');
    }
    assert.equal(statusBarText(counts), '$(law) 1 denied · 1 to review');
  });

  it('a transitive package of a folder with two manifests of its ecosystem is counted once, for both', async () => {
    const shared = report('pom.xml', 'maven', [['org.example:lib', 'MIT']], [['org.example:gpl', 'GPL-3.0-only']]);
    const gradle: WorkspaceReportInput = { ...report('build.gradle', 'maven', [['org.example:other', 'MIT']]), inventory: shared.inventory };
    const findings = await workspaceFindings([shared, gradle], NOW);
    assert.deepEqual(
      findings.transitive.map((item) => [item.name, item.shown, item.manifests.map((manifest) => manifest.label)]),
      [['org.example:gpl', 'deny', ['pom.xml', 'build.gradle']]],
    );
    assert.deepEqual(countWorkspace(findings).transitive, { deny: 1, review: 0, unknown: 0, allow: 0 });
  });

  it('the problems filter hides allowed packages and the emptied group', async () => {
    const tree = buildTreeModel(await workspaceFindings(reports, NOW), 'problems');
    assert.equal(tree.filter, 'problems');
    assert.deepEqual(
      tree.groups.map((group) => [group.verdict, group.direct, group.transitive]),
      [
        ['deny', 1, 1],
        ['review', 1, 0],
        ['unknown', 1, 0],
      ],
    );
  });

  it('keeps what the view needs: name range of direct dependencies, decisive reason, version and license', async () => {
    const [deny] = (await model()).groups;
    const [leftPad] = deny.manifests[0].packages;
    const [gpl] = deny.transitivePackages;
    assert.deepEqual(leftPad.nameRange, { start: 10, end: 18 });
    assert.match(leftPad.reason, /left-pad is unmaintained/);
    assert.equal(leftPad.governance, 'unknown', 'who governs it, for the tooltip');
    assert.equal(leftPad.activity, undefined, 'no registry said anything of its releases');
    assert.equal(gpl.nameRange, undefined);
    assert.equal(gpl.version, '2.0.0');
    assert.equal(gpl.license, 'GPL-3.0-only');
    assert.equal(packageDescription(gpl), '2.0.0 · GPL-3.0-only · npm');
    assert.equal(packageDescription(leftPad), '1.0.0 · MIT');
    assert.equal(packageDescription({ version: null, license: null, direct: true, ecosystem: 'pypi' }), 'no license data');
    assert.equal(packageDescription({ version: '1.0', license: null, direct: false, ecosystem: 'pypi' }), '1.0 · no license data · Python');
  });

  it("evaluates each manifest's transitive packages under that manifest's own policy (each workspace folder has its own)", async () => {
    const merged = mergeWorkspacePolicyText(policy.feed, JSON.stringify({ licenses: { deny: ['MIT'] } }));
    assert.deepEqual(merged.ignored, []);
    const strict = new CompiledPolicy(merged.feed);
    const findings = await workspaceFindings([report('a/package.json', 'npm', [['express', 'MIT']], [['shared-thing', 'MIT']], strict), report('b/package.json', 'npm', [['express', 'MIT']], [['shared-thing', 'MIT']])], NOW);
    assert.deepEqual(
      findings.transitive.map((item) => [item.name, item.shown, item.manifests.map((manifest) => manifest.label)]),
      [
        ['shared-thing', 'deny', ['a/package.json']],
        ['shared-thing', 'allow', ['b/package.json']],
      ],
    );
  });

  it('evaluates the transitive packages again only when a folder\'s data, its policy or the manifests changed, not for an edit', async () => {
    const memo = new WorkspaceFindingsMemo();
    const first = await memo.findings(reports, NOW);
    // An edit: the reports are new, one dependency line is gone, the data and the policy are the same.
    const afterEdit = await memo.findings([{ ...reports[0], findings: reports[0].findings.slice(1) }, { ...reports[1] }], NOW);
    assert.equal(afterEdit.direct.length, first.direct.length - 1);
    assert.equal(afterEdit.transitive, first.transitive, 'an edit of a manifest evaluated the transitive packages again');
    const newData = await memo.findings([{ ...reports[0], inventory: { packages: [...(reports[0].inventory?.packages ?? [])] } }, reports[1]], NOW);
    assert.notEqual(newData.transitive, first.transitive);
    assert.deepEqual(newData.transitive, first.transitive);
    const nextDay = await memo.findings([{ ...reports[0], inventory: { packages: [...(reports[0].inventory?.packages ?? [])] } }, reports[1]], new Date(NOW.getTime() + 86_400_000));
    assert.notEqual(nextDay.transitive, newData.transitive, 'an exception may have expired overnight');
  });

  it('is empty without reports', async () => {
    assert.deepEqual(buildTreeModel(await workspaceFindings([], NOW), 'all').groups, []);
  });
});
