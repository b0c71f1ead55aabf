import * as assert from 'node:assert/strict';
import { buildInventory } from '../../src/core/data/inventory';
import { versionRequestKey, type PackageHealth, type VersionInfo, type VersionRequest } from '../../src/core/data/online';
import { withOnlineData, type OnlineSource } from '../../src/core/data/onlineInventory';
import type { ResolvedPackage } from '../../src/core/data/types';
import { parsePackageJson } from '../../src/core/manifests/packageJson';

/** Answers like deps.dev would, and records what it was asked. */
class RecordingSource implements OnlineSource {
  readonly asked: string[][] = [];
  readonly healthAsked: string[] = [];

  constructor(
    private readonly licenses: Record<string, string>,
    private readonly scores: Record<string, number>,
  ) {}

  async lookupVersions(requests: readonly VersionRequest[]): Promise<Map<string, VersionInfo>> {
    this.asked.push(requests.map((request) => versionRequestKey(request)));
    const found = new Map<string, VersionInfo>();
    for (const request of requests) {
      const license = this.licenses[versionRequestKey(request)];
      if (license) {
        found.set(versionRequestKey(request), { license: { value: license, source: 'deps.dev' }, advisoryKeys: [] });
      }
    }
    return found;
  }

  async healthFor(ecosystem: 'npm', name: string, version: string): Promise<PackageHealth | undefined> {
    const key = versionRequestKey({ ecosystem, name, version });
    this.healthAsked.push(key);
    const score = this.scores[key];
    return score === undefined ? undefined : { score, source: 'OpenSSF Scorecard via deps.dev', project: `github.com/x/${name}`, weakestChecks: [] };
  }
}

const records: ResolvedPackage[] = [
  { ecosystem: 'npm', name: 'local-licensed', version: '1.0.0', source: 'node_modules', license: { value: 'MIT', source: 'package.json' } },
  { ecosystem: 'npm', name: 'no-license', version: '2.0.0', source: 'package-lock.json' },
  { ecosystem: 'npm', name: 'transitive-unknown', version: '0.1.0', source: 'package-lock.json' },
];

describe('online enrichment', () => {
  it('asks deps.dev, in one batch, only for what local data lacks, and local data wins', async () => {
    const parsed = parsePackageJson('{"dependencies": {"local-licensed": "1.0.0", "no-license": "^2.0.0", "pinned-only": "3.1.4"}}');
    const manifests = [{ file: '/p/package.json', parsed }];
    const local = await buildInventory(manifests, { npm: async () => ({ packages: records, files: [], problems: [] }) }, { home: '/h', env: {} });
    const source = new RecordingSource({ 'npm:no-license@2.0.0': 'Apache-2.0', 'npm:transitive-unknown@0.1.0': 'ISC', 'npm:pinned-only@3.1.4': 'BSD-2-Clause', 'npm:local-licensed@1.0.0': 'GPL-3.0-only' }, { 'npm:local-licensed@1.0.0': 3.1 });
    const inventory = await withOnlineData(local, manifests, source, { health: true });

    assert.equal(source.asked.length, 1, 'one batch');
    assert.deepEqual([...source.asked[0]].sort(), ['npm:no-license@2.0.0', 'npm:pinned-only@3.1.4', 'npm:transitive-unknown@0.1.0']);
    const [localLicensed, noLicense, pinnedOnly] = parsed.dependencies;
    assert.deepEqual(inventory.factsFor('/p/package.json', localLicensed).license, 'MIT', 'local data wins over deps.dev');
    assert.deepEqual(inventory.factsFor('/p/package.json', localLicensed).health, { score: 3.1, source: 'OpenSSF Scorecard via deps.dev' });
    assert.equal(inventory.factsFor('/p/package.json', noLicense).license, 'Apache-2.0');
    assert.equal(inventory.factsFor('/p/package.json', noLicense).licenseSource, 'deps.dev');
    assert.equal(inventory.factsFor('/p/package.json', pinnedOnly).license, 'BSD-2-Clause');
    assert.equal(inventory.packages.find((item) => item.name === 'transitive-unknown')?.license?.value, 'ISC');
    assert.deepEqual([...source.healthAsked].sort(), ['npm:local-licensed@1.0.0', 'npm:no-license@2.0.0', 'npm:pinned-only@3.1.4']);
  });

  it('asks nothing about health unless told to, and nothing at all when local data is complete', async () => {
    const parsed = parsePackageJson('{"dependencies": {"local-licensed": "1.0.0"}}');
    const manifests = [{ file: '/p/package.json', parsed }];
    const local = await buildInventory(manifests, { npm: async () => ({ packages: [records[0]], files: [], problems: [] }) }, { home: '/h', env: {} });
    const source = new RecordingSource({}, {});
    await withOnlineData(local, manifests, source, { health: false });
    assert.deepEqual(source.asked, []);
    assert.deepEqual(source.healthAsked, []);
  });
});
