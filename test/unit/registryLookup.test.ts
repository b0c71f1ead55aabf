import * as assert from 'node:assert/strict';
import { buildInventory } from '../../src/core/data/inventory';
import { lookUpDependency } from '../../src/core/data/registry/registryLookup';
import { RegistryInventory, withRegistryData } from '../../src/core/data/registry/registryInventory';
import { registryQuestion } from '../../src/core/data/registry/registryQuestions';
import type { RegistryClient, RegistryListing } from '../../src/core/data/registry/types';
import type { DeclaredLicense } from '../../src/core/data/types';
import { parsePackageJson } from '../../src/core/manifests/packageJson';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { CompiledPolicy } from '../../src/core/policy/compiledPolicy';

/** A registry whose listing carries no licenses (PyPI, Cargo, Go, Maven): licenses are asked per version. */
class PerVersionRegistry implements RegistryClient {
  readonly ecosystem = 'pypi' as const;
  readonly asked: string[] = [];
  constructor(private readonly licenses: Readonly<Record<string, string>>) {}
  hostFor(name: string): string | undefined {
    return name === 'secret' ? undefined : 'index.example';
  }
  hostsFor(name: string): readonly string[] {
    return name === 'secret' ? [] : ['index.example'];
  }
  async listing(): Promise<RegistryListing> {
    return { versions: Object.keys(this.licenses).map((version) => ({ version })) };
  }
  async license(_name: string, version: string): Promise<DeclaredLicense | undefined> {
    this.asked.push(version);
    const value = this.licenses[version];
    return value === undefined ? undefined : { value, source: 'index.example METADATA' };
  }
}

const history = (count: number, changeAt: number): Record<string, string> => {
  const licenses: Record<string, string> = {};
  for (let minor = 0; minor < count; minor++) {
    licenses[`1.${minor}.0`] = minor < changeAt ? 'BSD-3-Clause' : 'BUSL-1.1';
  }
  return licenses;
};

describe('registry lookup', () => {
  it('finds a license change by bisection, asking few versions', async () => {
    const client = new PerVersionRegistry(history(100, 57));
    const answer = await lookUpDependency(client, { name: 'pkg', spec: '>=1.0' });
    assert.equal(answer?.version, '1.99.0');
    assert.deepEqual(answer?.license, { value: 'BUSL-1.1', source: 'index.example METADATA' });
    assert.deepEqual(answer?.licenseChanges, [{ version: '1.57.0', from: 'BSD-3-Clause', to: 'BUSL-1.1' }]);
    const finding = new CompiledPolicy(bundledDefaultFeed()).evaluate(
      { ecosystem: 'pypi', name: 'pkg', spec: '>=1.0', version: answer?.version, license: answer?.license?.value, licenseChanges: answer?.licenseChanges },
      { repo: null, now: new Date('2026-12-01') },
    );
    assert.equal(finding.verdict, 'deny', 'BUSL-1.1 is denied by the bundled policy');
    assert.deepEqual(finding.licenseChangeFix, { below: '1.57.0' }, 'a relicensing: only a pin below it keeps the old license');
    assert.ok(client.asked.length <= 10, `asked ${client.asked.length} versions`);
    assert.equal(answer?.versionSource, 'index.example: newest matching >=1.0');
  });

  it('keeps the locked version and compares it with the versions the spec admits', async () => {
    const client = new PerVersionRegistry(history(10, 5));
    const answer = await lookUpDependency(client, { name: 'pkg', spec: '>=1.5', locked: '1.2.0' });
    assert.equal(answer?.version, '1.2.0');
    assert.equal(answer?.versionSource, undefined, 'the caller keeps its own source for a locked version');
    assert.deepEqual(answer?.license?.value, 'BSD-3-Clause');
    assert.deepEqual(answer?.licenseChanges, [{ version: '1.5.0', from: 'BSD-3-Clause', to: 'BUSL-1.1' }]);
  });

  it('never asks about a name the client will not send', async () => {
    const client = new PerVersionRegistry(history(3, 1));
    assert.equal(await lookUpDependency(client, { name: 'secret', spec: null }), undefined);
    assert.deepEqual(client.asked, []);
  });

  it('makes a package without local data evaluable, and takes the worst license the spec admits', async () => {
    const npmHistory: RegistryListing = {
      licensesListed: true,
      tags: { latest: '6.0.0' },
      versions: [
        ['4.3.8', 'MIT'],
        ['5.0.0', 'See LICENSE file'],
        ['5.0.1', 'Parity-7.0.0 AND MIT WITH Patron-1.0.0'],
        ['6.0.0', 'MIT'],
      ].map(([version, value]) => ({ version, license: { value, source: 'registry.npmjs.org' } })),
    };
    const client: RegistryClient = {
      ecosystem: 'npm',
      hostFor: () => 'registry.npmjs.org',
      hostsFor: () => ['registry.npmjs.org'],
      listing: async () => npmHistory,
      license: async (_name, version) => npmHistory.versions.find((entry) => entry.version === version)?.license,
    };
    const parsed = parsePackageJson('{"dependencies": {"husky": ">=4.3.0 <7", "local-lib": "file:../lib", "pinned": "^4.3.0"}}');
    const manifests = [{ file: '/project/package.json', parsed }];
    const local = await buildInventory(manifests, {}, { home: '/nonexistent', env: {} });
    const inventory = await withRegistryData(local, manifests, async () => ({ npm: client }));
    const husky = inventory.factsFor('/project/package.json', parsed.dependencies[0]);
    assert.equal(husky.version, '6.0.0');
    assert.equal(husky.license, 'MIT');
    assert.equal(husky.versionSource, 'registry.npmjs.org: newest matching >=4.3.0 <7');
    assert.equal(husky.licenseChanges?.length, 3);
    assert.equal(registryQuestion('/project/package.json', parsed.dependencies[1], local.factsFor('/project/package.json', parsed.dependencies[1])), undefined, 'a file: dependency is never sent');

    const finding = new CompiledPolicy(bundledDefaultFeed()).evaluate(husky, { repo: null, now: new Date('2026-12-01') });
    assert.equal(finding.verdict, 'deny', 'Parity-7.0.0 inside the range is denied by the bundled policy');
    assert.equal(finding.licenseVerdict, 'deny');
    assert.equal(finding.decisive.kind, 'license-change');
    assert.deepEqual([finding.decisive.version, finding.decisive.from, finding.decisive.to], ['5.0.1', 'See LICENSE file', 'Parity-7.0.0 AND MIT WITH Patron-1.0.0']);
    assert.match(finding.decisive.message, /changes at version 5\.0\.1/);
    assert.deepEqual(finding.licenseChangeFix, { below: '5.0.0', from: '6.0.0' }, 'the versions under MIT: before 5.0.0, and from 6.0.0 on');
    assert.ok(inventory instanceof RegistryInventory);
  });

  describe('repository, funding and activity', () => {
    const npmClient = (listing: RegistryListing): RegistryClient => ({
      ecosystem: 'npm',
      hostFor: () => 'registry.npmjs.org',
      hostsFor: () => ['registry.npmjs.org'],
      listing: async () => listing,
      license: async () => undefined,
    });

    it('npm: the latest release is the `latest` dist-tag, or the newest version up to it that is not deprecated', async () => {
      const versions = [
        { version: '1.0.0', published: '2020-01-01' },
        { version: '1.1.0', published: '2021-01-01' },
        { version: '1.2.0', published: '2022-01-01', withdrawn: true },
        // A backport published after, and a pre-release: neither is `latest`.
        { version: '0.9.9', published: '2023-06-01' },
        { version: '2.0.0-rc.1', published: '2023-07-01' },
      ];
      const project = { repository: 'github.com/acme/lib', funding: ['https://github.com/sponsors/acme'], maintainers: 3 };
      const tagged = await lookUpDependency(npmClient({ licensesListed: true, tags: { latest: '1.1.0', next: '2.0.0-rc.1' }, versions, project }), { name: 'lib', spec: '^1.0.0' });
      assert.deepEqual(tagged?.activity, { latestRelease: { version: '1.1.0', date: '2021-01-01' }, maintainers: 3, source: 'registry.npmjs.org' });
      assert.deepEqual(tagged?.repository, { location: 'github.com/acme/lib', source: 'registry.npmjs.org' });
      assert.deepEqual(tagged?.funding, ['https://github.com/sponsors/acme']);
      const deprecated = await lookUpDependency(npmClient({ licensesListed: true, tags: { latest: '1.2.0' }, versions, project: {} }), { name: 'lib', spec: null });
      assert.deepEqual(deprecated?.activity, { latestRelease: { version: '1.1.0', date: '2021-01-01' }, source: 'registry.npmjs.org' });
      const hostile = await lookUpDependency(npmClient({ licensesListed: true, tags: { latest: '1.0.0 || *' }, versions, project: {} }), { name: 'lib', spec: '1.0.0' });
      assert.equal(hostile?.activity?.latestRelease?.version, '1.1.0', 'a tag that is no version is not read as a range');
      const none = await lookUpDependency(npmClient({ licensesListed: true, tags: { latest: '1.1.0' }, versions: versions.map(({ version }) => ({ version })), project: {} }), { name: 'lib', spec: null });
      assert.equal(none?.activity, undefined, 'no day, no maintainers: no activity');
    });

    it('elsewhere: the newest release not withdrawn, and the links of the version in use, asked once with its license', async () => {
      const client = new PerVersionRegistry({ '1.0.0': 'MIT', '1.1.0': 'MIT', '2.0.0b1': 'MIT' });
      const listing = client.listing.bind(client);
      client.listing = async () => ({ versions: (await listing()).versions.map((entry) => ({ ...entry, published: entry.version === '1.1.0' ? '2024-05-01' : '2024-06-01' })) });
      const asked: string[] = [];
      const links: RegistryClient['links'] = async (_name, version) => {
        asked.push(version);
        return { repository: 'github.com/acme/pkg', funding: ['https://opencollective.com/acme'] };
      };
      const answer = await lookUpDependency(Object.assign(client, { links }), { name: 'pkg', spec: '<1.1', locked: '1.0.0' });
      assert.deepEqual(answer?.activity, { latestRelease: { version: '1.1.0', date: '2024-05-01' }, source: 'index.example' }, 'the pre-release is not the latest release');
      assert.deepEqual(answer?.repository, { location: 'github.com/acme/pkg', source: 'index.example' });
      assert.deepEqual(answer?.funding, ['https://opencollective.com/acme']);
      assert.deepEqual(asked, ['1.0.0']);
    });
  });
});
