import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildInventory } from '../../src/core/data/inventory';
import type { VersionInfo, VersionRequest } from '../../src/core/data/online';
import { withOnlineData } from '../../src/core/data/onlineInventory';
import { lookupRules } from '../../src/core/data/registry/lookupRules';
import { RegistryClientsByFolder } from '../../src/core/data/registry/registryClients';
import { RegistryHttp } from '../../src/core/data/registry/registryHttp';
import { parsePackageJson } from '../../src/core/manifests/packageJson';

describe('private names never reach a public service', () => {
  let home: string;
  let project: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'ospo-privacy-home-'));
    project = mkdtempSync(path.join(os.tmpdir(), 'ospo-privacy-project-'));
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  it("a scope on the user's private registry, a GOPRIVATE module and the feed's internal packages are private; public names are not", async () => {
    writeFileSync(path.join(home, '.npmrc'), '@acme:registry=https://npm.acme.example/\n');
    const rules = lookupRules({ allowed: true, registries: {}, internal: ['pkg:npm/internal-*', 'pkg:maven/com.acme/*'] });
    const http = new RegistryHttp({ fetch: () => Promise.reject(new Error('no request in this test')) });
    const registries = new RegistryClientsByFolder({
      context: { http, isPrivate: rules.isPrivate },
      rootOf: () => project,
      trustProject: false,
      home,
      env: { GOPRIVATE: 'github.com/acme/*' },
      ecosystems: ['npm', 'go', 'maven'],
    });
    await registries.clientsFor(project);
    assert.equal(registries.isPrivate('npm', '@acme/widget'), true);
    assert.equal(registries.isPrivate('npm', 'internal-tools'), true);
    assert.equal(registries.isPrivate('go', 'github.com/acme/service'), true);
    assert.equal(registries.isPrivate('maven', 'com.acme:core'), true);
    assert.equal(registries.isPrivate('npm', 'react'), false);
    assert.equal(registries.isPrivate('npm', '@types/node'), false);
    assert.equal(registries.isPrivate('go', 'github.com/spf13/cobra'), false);
  });

  it('deps.dev is asked only about public names', async () => {
    const parsed = parsePackageJson('{"dependencies": {"@acme/widget": "1.0.0", "react": "18.2.0"}}');
    const manifests = [{ file: path.join(project, 'package.json'), parsed }];
    const local = await buildInventory(manifests, {}, { home, env: {} });
    const asked: string[] = [];
    const source = {
      lookupVersions: async (requests: readonly VersionRequest[]) => {
        asked.push(...requests.map((request) => request.name));
        return new Map<string, VersionInfo>();
      },
      healthFor: async (_ecosystem: string, name: string) => {
        asked.push(`health:${name}`);
        return undefined;
      },
    };
    await withOnlineData(local, manifests, source, { health: true, isPrivate: (_ecosystem, name) => name.startsWith('@acme/') });
    assert.deepEqual(asked.sort(), ['health:react', 'react']);
  });
});
