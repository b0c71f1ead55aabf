import * as assert from 'node:assert/strict';
import { buildInventory, type Inventory } from '../../src/core/data/inventory';
import { withRegistryData } from '../../src/core/data/registry/registryInventory';
import type { RegistryClient, RegistryListing } from '../../src/core/data/registry/types';
import type { ResolvedPackage } from '../../src/core/data/types';
import { parsePackageJson } from '../../src/core/manifests/packageJson';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { EvaluationMemo } from '../../src/core/policy/evaluationMemo';
import { CompiledPolicy } from '../../src/core/policy/compiledPolicy';

/** Every package has the same registry metadata: one release, its day, two maintainers, a repository and a funding link. */
const registry: RegistryClient = {
  ecosystem: 'npm',
  hostFor: () => 'registry.npmjs.org',
  hostsFor: () => ['registry.npmjs.org'],
  listing: async (): Promise<RegistryListing> => ({
    licensesListed: true,
    tags: { latest: '1.0.0' },
    versions: [{ version: '1.0.0', license: { value: 'MIT', source: 'registry.npmjs.org' }, published: '2026-11-02' }],
    project: { repository: 'github.com/acme/from-registry', funding: ['https://github.com/sponsors/from-registry'], maintainers: 2 },
  }),
  license: async () => ({ value: 'MIT', source: 'registry.npmjs.org' }),
};

const ACTIVITY = { latestRelease: { version: '1.0.0', date: '2026-11-02' }, maintainers: 2, source: 'registry.npmjs.org' };

describe('registry answers merged into local facts (RegistryInventory.factsFor)', () => {
  const file = '/project/package.json';
  const parsed = parsePackageJson('{"dependencies": {"installed-funded": "^1.0.0", "installed-plain": "^1.0.0", "fresh": "^1.0.0", "with-repository": "^1.0.0"}}');
  const [funded, plain, fresh, withRepository] = parsed.dependencies;

  const completed = async (): Promise<Inventory> => {
    const records: ResolvedPackage[] = [
      { ecosystem: 'npm', name: 'installed-funded', version: '1.0.0', source: 'node_modules', funding: ['https://opencollective.com/local'] },
      { ecosystem: 'npm', name: 'installed-plain', version: '1.0.0', source: 'node_modules' },
    ];
    const built = await buildInventory([{ file, parsed }], { npm: async () => ({ packages: records, files: [], problems: [] }) }, { home: '/nonexistent', env: {} });
    // Local data that names a repository (as a future resolver may): it must win too.
    const local: Inventory = {
      packages: built.packages,
      files: built.files,
      problems: built.problems,
      factsFor: (manifest, dependency) => {
        const facts = built.factsFor(manifest, dependency);
        return dependency.name === 'with-repository' ? { ...facts, repository: { location: 'gitlab.com/acme/local', source: 'node_modules/with-repository/package.json' } } : facts;
      },
    };
    return withRegistryData(local, [{ file, parsed }], async () => ({ npm: registry }));
  };

  it('keeps local funding and repository, fills them where local data has none, and takes the activity from the registry', async () => {
    const inventory = await completed();
    const facts = (dependency: typeof funded) => inventory.factsFor(file, dependency);
    assert.deepEqual(facts(funded).funding, ['https://opencollective.com/local'], 'local funding wins');
    assert.deepEqual(facts(funded).repository, { location: 'github.com/acme/from-registry', source: 'registry.npmjs.org' });
    assert.deepEqual(facts(funded).activity, ACTIVITY);
    assert.deepEqual(facts(plain).funding, ['https://github.com/sponsors/from-registry'], 'installed without funding: the registry’s');
    assert.equal(facts(fresh).version, '1.0.0');
    assert.deepEqual(facts(fresh).funding, ['https://github.com/sponsors/from-registry']);
    assert.deepEqual(facts(fresh).activity, ACTIVITY);
    assert.deepEqual(facts(withRepository).repository, { location: 'gitlab.com/acme/local', source: 'node_modules/with-repository/package.json' }, 'local repository wins');
  });

  it('reaches the evaluation, whose memo tells facts apart by their repository and activity', async () => {
    const inventory = await completed();
    const memo = new EvaluationMemo(new CompiledPolicy(bundledDefaultFeed()), { repo: null, now: new Date('2026-12-01T12:00:00Z') });
    const facts = inventory.factsFor(file, fresh);
    const first = memo.evaluate(facts);
    assert.equal(first.verdict, 'allow');
    assert.deepEqual(first.funding, ['https://github.com/sponsors/from-registry']);
    assert.notEqual(memo.evaluate({ ...facts, activity: { ...ACTIVITY, maintainers: 1 } }), first, 'other activity, another evaluation');
    assert.notEqual(memo.evaluate({ ...facts, repository: { location: 'github.com/other/x', source: 'x' } }), first);
    assert.equal(memo.evaluate({ ...facts }), first, 'the same facts, the same evaluation');
  });
});
