import * as assert from 'node:assert/strict';
import { buildInventory, type ResolverTable } from '../../src/core/data/inventory';
import type { ResolvedPackage, Resolver } from '../../src/core/data/types';
import { parsePackageJson } from '../../src/core/manifests/packageJson';
import { parseRequirements } from '../../src/core/manifests/requirements';

const OPTIONS = { home: '/home/test', env: {} };

function fixedResolver(byFolder: Record<string, ResolvedPackage[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (folder: string) => {
    calls.push(folder);
    return { packages: byFolder[folder] ?? [], files: [`${folder}/lockfile`], problems: folder === '/p/broken' ? ['lockfile: unexpected token'] : [] };
  };
  return Object.assign(resolver, { calls });
}

const npmRecords: ResolvedPackage[] = [
  { ecosystem: 'npm', name: 'express', version: '4.19.2', source: 'node_modules', license: { value: 'MIT', source: 'node_modules/express/package.json' }, dependencies: ['debug@2.6.9'] },
  { ecosystem: 'npm', name: 'debug', version: '2.6.9', source: 'node_modules', license: { value: 'MIT', source: 'node_modules/debug/package.json' } },
  { ecosystem: 'npm', name: 'debug', version: '4.3.5', source: 'node_modules', license: { value: 'MIT', source: 'node_modules/debug/package.json' } },
  { ecosystem: 'npm', name: 'lodash', version: '4.17.21', source: 'package-lock.json', license: { value: 'MIT', source: 'LICENSE text', confidence: 0.97 } },
  { ecosystem: 'npm', name: 'lodash', version: '4.17.21', source: 'node_modules', license: { value: 'MIT', source: 'node_modules/lodash/package.json' }, hashes: [{ algorithm: 'SHA-512', hex: 'ab' }] },
];

describe('inventory', () => {
  it('resolves each manifest folder once per ecosystem and marks what manifests name as direct', async () => {
    const npm = fixedResolver({ '/p': npmRecords });
    const pypi = fixedResolver({ '/p/api': [{ ecosystem: 'pypi', name: 'Requests', version: '2.32.3', source: 'poetry.lock' }] });
    const resolvers: ResolverTable = { npm, pypi };
    const inventory = await buildInventory(
      [
        { file: '/p/package.json', parsed: parsePackageJson('{"dependencies": {"express": "^4.19.0", "debug": "^4.0.0", "lodash": "4.17.21"}}') },
        { file: '/p/api/requirements.txt', parsed: parseRequirements('requests==2.32.3\n') },
      ],
      resolvers,
      OPTIONS,
    );
    assert.deepEqual(npm.calls, ['/p']);
    assert.deepEqual(pypi.calls, ['/p/api']);
    const summary = inventory.packages.map((item) => `${item.name}@${item.version}${item.direct ? ' direct' : ''}`).sort();
    assert.deepEqual(summary, ['Requests@2.32.3 direct', 'debug@2.6.9', 'debug@4.3.5 direct', 'express@4.19.2 direct', 'lodash@4.17.21 direct']);
    assert.deepEqual([...inventory.files].sort(), ['/p/api/lockfile', '/p/lockfile']);
  });

  it('gives a direct dependency the version its spec allows, and the declared license over a text guess', async () => {
    const inventory = await buildInventory([{ file: '/p/package.json', parsed: parsePackageJson('{"dependencies": {"debug": "^4.0.0", "lodash": "4.17.21"}}') }], { npm: fixedResolver({ '/p': npmRecords }) }, OPTIONS);
    const [debug, lodash] = parsePackageJson('{"dependencies": {"debug": "^4.0.0", "lodash": "4.17.21"}}').dependencies;
    assert.deepEqual(inventory.factsFor('/p/package.json', debug), { ecosystem: 'npm', name: 'debug', spec: '^4.0.0', version: '4.3.5', versionSource: 'node_modules', license: 'MIT', licenseSource: 'node_modules/debug/package.json' });
    const lodashPackage = inventory.packages.find((item) => item.name === 'lodash');
    assert.equal(lodashPackage?.license?.confidence, undefined, 'the declared license replaced the guess');
    assert.deepEqual(lodashPackage?.hashes, [{ algorithm: 'SHA-512', hex: 'ab' }]);
    assert.equal(inventory.factsFor('/p/package.json', lodash).version, '4.17.21');
  });

  it('says when a license was identified from its text', async () => {
    const inventory = await buildInventory(
      [{ file: '/p/package.json', parsed: parsePackageJson('{"dependencies": {"guessed": "1.0.0"}}') }],
      { npm: fixedResolver({ '/p': [{ ecosystem: 'npm', name: 'guessed', version: '1.0.0', source: 'node_modules', license: { value: 'ISC', source: 'node_modules/guessed/LICENSE text', confidence: 0.93 } }] }) },
      OPTIONS,
    );
    const [dependency] = parsePackageJson('{"dependencies": {"guessed": "1.0.0"}}').dependencies;
    assert.equal(inventory.factsFor('/p/package.json', dependency).licenseSource, 'node_modules/guessed/LICENSE text (identified from its text, 93% similar)');
  });

  it('without data for a dependency, the manifest alone speaks', async () => {
    const parsed = parsePackageJson('{"dependencies": {"missing": "^1.0.0"}}');
    const inventory = await buildInventory([{ file: '/p/package.json', parsed }], { npm: fixedResolver({}) }, OPTIONS);
    assert.deepEqual(inventory.factsFor('/p/package.json', parsed.dependencies[0]), { ecosystem: 'npm', name: 'missing', spec: '^1.0.0' });
  });

  it('collects resolver problems without failing', async () => {
    const inventory = await buildInventory([{ file: '/p/broken/package.json', parsed: parsePackageJson('{"dependencies": {"a": "1"}}') }], { npm: fixedResolver({}) }, OPTIONS);
    assert.deepEqual(inventory.problems, ['lockfile: unexpected token']);
  });
});
