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
import { buildTreeModel, packageDescription, type TreeModel, type TreeReportInput } from '../../src/core/report/treeModel';
import { countVerdicts, statusBarText } from '../../src/core/report/workspaceSummary';

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
function report(label: string, ecosystem: Ecosystem, direct: [string, string | null][], transitive: [string, string | null][] = [], under = policy): TreeReportInput {
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
    `${group.verdict} (${group.count})`,
    ...group.manifests.flatMap((manifest) => [`  ${manifest.label}`, ...manifest.packages.map((item) => `    ${item.name}${item.transitive ? ' (transitive)' : ''}`)]),
  ]);
}

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
      const counts = countVerdicts(manifests.map((verdicts) => ({ findings: verdicts.map((shown) => ({ finding: { shown } })) })));
      assert.deepEqual(counts, { manifests: manifests.length, ...expected });
      assert.equal(statusBarText(counts), text);
    });
  }
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

  it('groups by verdict (worst first, only non-empty), then manifest, direct before transitive', () => {
    assert.deepEqual(outline(buildTreeModel(reports, 'all', NOW)), [
      'deny (2)',
      '  package.json',
      '    left-pad',
      '    gpl-thing (transitive)',
      'review (1)',
      '  sub/Cargo.toml',
      '    mpl-crate',
      'unknown (1)',
      '  package.json',
      '    react',
      'allow (3)',
      '  package.json',
      '    express',
      '    mit-thing (transitive)',
      '  sub/Cargo.toml',
      '    serde',
    ]);
  });

  it('the problems filter hides allowed packages and the emptied group', () => {
    const model = buildTreeModel(reports, 'problems', NOW);
    assert.equal(model.filter, 'problems');
    assert.deepEqual(
      model.groups.map((group) => [group.verdict, group.count]),
      [
        ['deny', 2],
        ['review', 1],
        ['unknown', 1],
      ],
    );
  });

  it('keeps what the view needs: name range of direct dependencies, decisive reason, version and license', () => {
    const model = buildTreeModel(reports, 'all', NOW);
    const [leftPad, gpl] = model.groups[0].manifests[0].packages;
    assert.deepEqual(leftPad.nameRange, { start: 10, end: 18 });
    assert.match(leftPad.reason, /left-pad is unmaintained/);
    assert.equal(gpl.nameRange, undefined);
    assert.equal(gpl.version, '2.0.0');
    assert.equal(gpl.license, 'GPL-3.0-only');
    assert.equal(packageDescription(gpl), '2.0.0 · GPL-3.0-only · transitive');
    assert.equal(packageDescription(leftPad), '1.0.0 · MIT');
    assert.equal(packageDescription({ version: null, license: null, transitive: false }), 'no license data');
  });

  it("evaluates each manifest's transitive packages under that manifest's own policy (each workspace folder has its own)", () => {
    const merged = mergeWorkspacePolicyText(policy.feed, JSON.stringify({ licenses: { deny: ['MIT'] } }));
    assert.deepEqual(merged.ignored, []);
    const strict = new CompiledPolicy(merged.feed);
    const model = buildTreeModel(
      [report('a/package.json', 'npm', [['express', 'MIT']], [['shared-thing', 'MIT']], strict), report('b/package.json', 'npm', [['express', 'MIT']], [['shared-thing', 'MIT']])],
      'all',
      NOW,
    );
    assert.deepEqual(outline(model), [
      'deny (2)',
      '  a/package.json',
      '    express',
      '    shared-thing (transitive)',
      'allow (2)',
      '  b/package.json',
      '    express',
      '    shared-thing (transitive)',
    ]);
  });

  it('is empty without reports', () => {
    assert.deepEqual(buildTreeModel([], 'all', NOW).groups, []);
  });
});
