import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { buildInventory } from '../../src/core/data/inventory';
import type { ResolvedPackage } from '../../src/core/data/types';
import { parsePackageJson } from '../../src/core/manifests/packageJson';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { CompiledPolicy } from '../../src/core/policy/compiledPolicy';
import { toCycloneDx } from '../../src/core/report/cyclonedx';

const SCHEMAS = path.resolve(__dirname, '../../../node_modules/@cyclonedx/cyclonedx-library/res/schema');

function cycloneDxValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('iri-reference', true).addFormat('idn-email', true);
  // The BOM schema refers to its neighbours by their file names; register them under those names.
  for (const file of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json']) {
    const schema = JSON.parse(readFileSync(path.join(SCHEMAS, file), 'utf8')) as Record<string, unknown>;
    ajv.addSchema({ ...schema, $id: `http://cyclonedx.org/schema/${file}` });
  }
  return ajv.compile(JSON.parse(readFileSync(path.join(SCHEMAS, 'bom-1.6.SNAPSHOT.schema.json'), 'utf8')) as object);
}

const records: ResolvedPackage[] = [
  {
    ecosystem: 'npm',
    name: 'express',
    version: '4.19.2',
    source: 'node_modules',
    license: { value: 'MIT', source: 'package.json' },
    dependencies: ['debug@2.6.9'],
    hashes: [{ algorithm: 'SHA-512', hex: 'a'.repeat(128) }],
    downloadUrl: 'https://registry.npmjs.org/express/-/express-4.19.2.tgz',
    repository: 'github.com/expressjs/express',
  },
  { ecosystem: 'npm', name: 'debug', version: '2.6.9', source: 'node_modules', license: { value: ['MIT', 'Apache-2.0'], source: 'package.json licenses' } },
  { ecosystem: 'npm', name: '@babel/core', version: '7.24.0', source: 'node_modules', license: { value: 'MIT OR Apache-2.0', source: 'package.json' }, scope: 'dev' },
  { ecosystem: 'npm', name: 'odd', version: '1.0.0', source: 'node_modules', license: { value: 'Some Custom License', source: 'package.json' } },
  { ecosystem: 'npm', name: 'nolicense', version: '0.1.0', source: 'node_modules' },
  {
    ecosystem: 'npm',
    name: 'agpl-thing',
    version: '2.0.0',
    source: 'node_modules',
    license: { value: 'AGPL-3.0-only', source: 'package.json', inFile: { ids: ['AGPL-3.0-only'], file: 'node_modules/agpl-thing/LICENSE', similarity: 0.987 } },
  },
];

describe('CycloneDX SBOM', () => {
  let bom: Record<string, unknown> & { components: Record<string, unknown>[]; dependencies: { ref: string; dependsOn: string[] }[] };

  before(async () => {
    const parsed = parsePackageJson('{"dependencies": {"express": "4.19.2", "agpl-thing": "^2.0.0"}, "devDependencies": {"@babel/core": "^7.0.0"}}');
    const inventory = await buildInventory([{ file: '/p/package.json', parsed }], { npm: async () => ({ packages: records, files: [], problems: [] }) }, { home: '/h', env: {} });
    bom = toCycloneDx(inventory, new CompiledPolicy(bundledDefaultFeed()), { repo: null, now: new Date('2026-11-23T00:00:00Z') }, {
      projectName: 'demo',
      tool: { name: 'OSPO Guide', version: '0.1.0' },
      serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
      timestamp: '2026-11-23T00:00:00.000Z',
    }) as typeof bom;
  });

  it('is valid against the CycloneDX 1.6 JSON Schema', () => {
    const validate = cycloneDxValidator();
    assert.ok(validate(bom), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  });

  it("is valid for the CycloneDX library's own strict 1.6 validator", async () => {
    // null means valid; otherwise the errors. (Its JSON validation needs ajv-formats-draft2019, a devDependency for this.)
    assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(JSON.stringify(bom)), null);
  });

  it('the schema check rejects what CycloneDX forbids', () => {
    const validate = cycloneDxValidator();
    assert.equal(validate({ ...bom, components: [{ type: 'library', name: 'x', licenses: [{ license: { id: 'Not-A-Real-SPDX-Id' } }] }] }), false);
    assert.equal(validate({ ...bom, specVersion: 1.6 }), false);
  });

  it('names every component by purl, with group for scopes, hashes and dev scope', () => {
    const express = bom.components.find((component) => component.name === 'express');
    assert.equal(express?.purl, 'pkg:npm/express@4.19.2');
    assert.deepEqual(express?.hashes, [{ alg: 'SHA-512', content: 'a'.repeat(128) }]);
    // The lockfile's tarball and the repository the package names, as external references (checked by the schema test too).
    assert.deepEqual(express?.externalReferences, [
      { type: 'distribution', url: 'https://registry.npmjs.org/express/-/express-4.19.2.tgz' },
      { type: 'vcs', url: 'https://github.com/expressjs/express' },
    ]);
    assert.equal(bom.components.find((component) => component.name === 'debug')?.externalReferences, undefined);
    const babel = bom.components.find((component) => component.name === 'core');
    assert.equal(babel?.group, '@babel');
    assert.equal(babel?.purl, 'pkg:npm/%40babel/core@7.24.0');
    assert.equal(babel?.scope, 'excluded');
  });

  it('writes licenses as an id, an expression or a name', () => {
    const licensesOf = (name: string) => bom.components.find((component) => component.name === name)?.licenses;
    assert.deepEqual(licensesOf('express'), [{ license: { id: 'MIT' } }]);
    assert.deepEqual(licensesOf('debug'), [{ expression: 'MIT AND Apache-2.0' }]);
    assert.deepEqual(licensesOf('core'), [{ expression: 'MIT OR Apache-2.0' }]);
    assert.deepEqual(licensesOf('odd'), [{ license: { name: 'Some Custom License' } }]);
    assert.equal(licensesOf('nolicense'), undefined);
  });

  it("gives what a package's own license file holds as license evidence, with the file", () => {
    const agpl = bom.components.find((component) => component.name === 'agpl-thing') as { evidence?: unknown; properties: { name: string; value: string }[] };
    assert.deepEqual(agpl.evidence, { licenses: [{ license: { id: 'AGPL-3.0-only' } }] });
    assert.ok(agpl.properties.some((property) => property.name === 'ospoGuide:licenseFile' && property.value === 'node_modules/agpl-thing/LICENSE'));
    assert.equal(bom.components.find((component) => component.name === 'express')?.evidence, undefined);
  });

  it("records the OSPO's verdict, directness and the policy version", () => {
    const property = (name: string, key: string) => (bom.components.find((component) => component.name === name)?.properties as { name: string; value: string }[]).find((item) => item.name === key)?.value;
    assert.equal(property('agpl-thing', 'ospoGuide:verdict'), 'deny');
    assert.equal(property('express', 'ospoGuide:verdict'), 'allow');
    assert.equal(property('express', 'ospoGuide:direct'), 'true');
    assert.equal(property('debug', 'ospoGuide:direct'), 'false');
    const metadata = bom.metadata as { properties: { name: string; value: string }[] };
    assert.deepEqual(metadata.properties, [
      { name: 'ospoGuide:policy:id', value: 'ospo-guide-default' },
      { name: 'ospoGuide:policy:version', value: '1' },
    ]);
  });

  it('keeps the dependency graph, with the project depending on its direct dependencies', () => {
    const root = bom.dependencies.find((entry) => entry.ref === 'project:demo');
    assert.deepEqual(root?.dependsOn.sort(), ['pkg:npm/%40babel/core@7.24.0', 'pkg:npm/agpl-thing@2.0.0', 'pkg:npm/express@4.19.2']);
    assert.deepEqual(bom.dependencies.find((entry) => entry.ref === 'pkg:npm/express@4.19.2')?.dependsOn, ['pkg:npm/debug@2.6.9']);
  });
});
