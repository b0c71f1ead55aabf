import * as assert from 'node:assert/strict';
import type { InventoryPackage } from '../../src/core/data/inventory';
import type { Sponsorship } from '../../src/core/policy/feedModel';
import { GuideFunding } from '../../src/extension/guideFunding';

function npm(name: string, manifest: string, funding?: string): InventoryPackage {
  return { ecosystem: 'npm', name, version: '1.0.0', source: 'package-lock.json', direct: true, manifests: [manifest], ...(funding ? { funding: [funding] } : {}) };
}

describe('GuideFunding', () => {
  const sponsorships: readonly Sponsorship[] = [{ match: 'pkg:npm/eslint', how: 'Open Collective' }];
  const app = { packages: [npm('eslint', '/w/app/package.json', 'https://opencollective.com/eslint'), npm('plain', '/w/app/package.json')] };
  const tool = { packages: [npm('eslint', '/w/tool/package.json', 'https://opencollective.com/eslint'), npm('chalk', '/w/tool/package.json', 'https://github.com/chalk/chalk?sponsor=1')] };

  const input = (inventory: typeof app | undefined, file: string) => ({ inventory, manifest: { file, parsed: { dependencies: [], problems: [] } as never } });

  it('ranks over every folder inventory the reports hold, each once, as `fund` does', () => {
    const funding = new GuideFunding();
    // Two manifests of /w/app share its inventory; a manifest without data has none.
    const report = funding.report([input(app, '/w/app/package.json'), input(app, '/w/app/sub/package.json'), input(undefined, '/w/x/package.json'), input(tool, '/w/tool/package.json')], sponsorships);
    assert.deepEqual(report.packages, [
      { name: 'eslint', ecosystem: 'npm', funding: ['https://opencollective.com/eslint'], manifests: 2, sponsored: { how: 'Open Collective' } },
      { name: 'chalk', ecosystem: 'npm', funding: ['https://github.com/chalk/chalk?sponsor=1'], manifests: 1 },
    ]);
  });

  it('computes again only when an inventory or the sponsorships were replaced', () => {
    const funding = new GuideFunding();
    const first = funding.report([input(app, 'a'), input(tool, 't')], sponsorships);
    assert.equal(funding.report([input(tool, 't'), input(app, 'a'), input(app, 'b')], sponsorships), first, 'the same inventories in another order');
    const toolAgain = { packages: [...tool.packages] };
    const afterLockfile = funding.report([input(app, 'a'), input(toolAgain, 't')], sponsorships);
    assert.notEqual(afterLockfile, first);
    assert.deepEqual(afterLockfile, first);
    const afterFeed = funding.report([input(app, 'a'), input(toolAgain, 't')], []);
    assert.equal(afterFeed.packages[0].sponsored, undefined);
    assert.deepEqual(funding.report([input(app, 'a')], []).packages.map((item) => [item.name, item.manifests]), [['eslint', 1]]);
  });
});
