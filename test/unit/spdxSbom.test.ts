import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { runCli } from '../../src/cli/main';
import { sbomCommand } from '../../src/cli/sbomCommand';
import { buildInventory } from '../../src/core/data/inventory';
import type { ResolvedPackage } from '../../src/core/data/types';
import { parsePackageJson } from '../../src/core/manifests/packageJson';
import { bundledDefaultFeed } from '../../src/core/policy/bundledFeed';
import { CompiledPolicy } from '../../src/core/policy/compiledPolicy';
import { parseLicenseChoices } from '../../src/core/policy/licenseChoices';
import { toSpdx } from '../../src/core/report/spdx';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const NOW = new Date('2026-11-23T00:00:00Z');
const TOOL = 'Tool: OSPO Guide-0.1.0';

interface Package {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  licenseDeclared: string;
  licenseConcluded: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  checksums?: { algorithm: string; checksumValue: string }[];
  annotations?: { annotationType: string; annotator: string; annotationDate: string; comment: string }[];
  licenseComments?: string;
}
interface Document {
  SPDXID: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: Package[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string; name: string }[];
}

function spdxValidator() {
  // The official schema of the SPDX 2.3 release (draft-07), kept in test/fixtures/schemas with its source.
  const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/schemas/spdx-2.3.schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** What the schema leaves to the spec's text: id syntax, references that resolve, a text for every LicenseRef. */
function specProblems(document: Document): string[] {
  const problems: string[] = [];
  const ids = new Set(document.packages.map((item) => item.SPDXID));
  if (ids.size !== document.packages.length) {
    problems.push('duplicate SPDXID');
  }
  for (const id of ids) {
    if (!/^SPDXRef-[A-Za-z0-9.-]+$/.test(id)) {
      problems.push(`bad SPDXID ${id}`);
    }
  }
  for (const relationship of document.relationships) {
    for (const end of [relationship.spdxElementId, relationship.relatedSpdxElement]) {
      if (end !== 'SPDXRef-DOCUMENT' && !ids.has(end)) {
        problems.push(`relationship to unknown ${end}`);
      }
    }
  }
  const extracted = new Set((document.hasExtractedLicensingInfos ?? []).map((info) => info.licenseId));
  for (const item of document.packages) {
    for (const ref of `${item.licenseDeclared} ${item.licenseConcluded}`.match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? []) {
      if (!extracted.has(ref)) {
        problems.push(`${ref} without hasExtractedLicensingInfos`);
      }
    }
  }
  return problems;
}

const records: ResolvedPackage[] = [
  {
    ecosystem: 'npm',
    name: 'express',
    version: '4.19.2',
    source: 'node_modules',
    license: { value: 'MIT', source: 'package.json' },
    dependencies: ['debug@2.6.9'],
    hashes: [{ algorithm: 'SHA-512', hex: 'A'.repeat(128) }],
    downloadUrl: 'https://registry.npmjs.org/express/-/express-4.19.2.tgz',
  },
  { ecosystem: 'npm', name: 'debug', version: '2.6.9', source: 'node_modules', license: { value: ['MIT', 'Apache-2.0'], source: 'package.json licenses' } },
  { ecosystem: 'npm', name: '@babel/core', version: '7.24.0', source: 'node_modules', license: { value: 'MIT OR Apache-2.0', source: 'package.json' }, scope: 'dev' },
  { ecosystem: 'npm', name: 'relicensed', version: '3.0.0', source: 'node_modules', license: { value: 'MIT OR BSD-3-Clause', source: 'package.json' } },
  { ecosystem: 'npm', name: 'odd', version: '1.0.0', source: 'node_modules', license: { value: 'Some Custom License', source: 'package.json' } },
  { ecosystem: 'npm', name: 'curated', version: '1.0.0', source: 'node_modules' },
  { ecosystem: 'npm', name: 'own-ref', version: '1.0.0', source: 'node_modules', license: { value: 'LicenseRef-Acme-Commercial OR MIT', source: 'package.json' } },
  {
    ecosystem: 'npm',
    name: 'agpl-thing',
    version: '2.0.0',
    source: 'node_modules',
    license: { value: 'AGPL-3.0-only', source: 'package.json', inFile: { ids: ['AGPL-3.0-only'], file: 'node_modules/agpl-thing/LICENSE', similarity: 0.987 } },
  },
];

const CHOICES = JSON.stringify({
  choices: {
    'pkg:npm/%40babel/core': { license: 'Apache-2.0', expression: 'MIT OR Apache-2.0', recordedAt: '2026-11-01' },
    // Recorded before a relicensing: the license is no longer one of the package's options.
    'pkg:npm/relicensed': { license: 'Apache-2.0', expression: 'MIT OR Apache-2.0', recordedAt: '2026-01-01' },
  },
});

describe('SPDX 2.3 SBOM', () => {
  let document: Document;
  const byName = (name: string) => document.packages.find((item) => item.name === name);

  before(async () => {
    const parsed = parsePackageJson('{"dependencies": {"express": "4.19.2", "agpl-thing": "^2.0.0", "odd": "1.0.0", "curated": "1.0.0", "relicensed": "3.0.0", "own-ref": "1.0.0"}, "devDependencies": {"@babel/core": "^7.0.0"}}');
    const inventory = await buildInventory([{ file: '/p/package.json', parsed }], { npm: async () => ({ packages: records, files: [], problems: [] }) }, { home: '/h', env: {} });
    const feed = bundledDefaultFeed();
    const policy = new CompiledPolicy({ ...feed, packages: [...feed.packages, { match: 'pkg:npm/curated', license: 'BSD-3-Clause', alternatives: [], training: [] }] });
    document = toSpdx(inventory, policy, { repo: null, now: NOW }, {
      projectName: 'demo project',
      tool: { name: 'OSPO Guide', version: '0.1.0' },
      choices: parseLicenseChoices(CHOICES),
      uuid: '3e671687-395b-41f5-a30f-a58921a69b79',
      timestamp: '2026-11-23T00:00:00.000Z',
    }) as Document;
  });

  it('is valid against the SPDX 2.3 JSON Schema and the rules the schema leaves to the spec', () => {
    const validate = spdxValidator();
    assert.ok(validate(document), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.deepEqual(specProblems(document), []);
  });

  it('the checks reject what SPDX forbids', () => {
    const validate = spdxValidator();
    const [first, ...rest] = document.packages;
    const withoutId: Partial<Package> = { ...first };
    delete withoutId.SPDXID;
    assert.equal(validate({ ...document, packages: [withoutId, ...rest] }), false);
    assert.equal(validate({ ...document, packages: [{ ...first, annotations: [{ annotationType: 'VERDICT', annotator: TOOL, annotationDate: 'x', comment: 'y' }] }, ...rest] }), false);
    assert.equal(validate({ ...document, creationInfo: { created: '2026-11-23T00:00:00Z', creators: [] } }), false);
    assert.deepEqual(specProblems({ ...document, packages: [{ ...first, SPDXID: 'SPDXRef-a/b', licenseDeclared: 'LicenseRef-nowhere' }, ...rest] }), [
      'bad SPDXID SPDXRef-a/b',
      ...document.relationships.filter((relationship) => [relationship.spdxElementId, relationship.relatedSpdxElement].includes(first.SPDXID)).map(() => `relationship to unknown ${first.SPDXID}`),
      'LicenseRef-nowhere without hasExtractedLicensingInfos',
    ]);
  });

  it('has the document header SPDX requires', () => {
    assert.equal(document.SPDXID, 'SPDXRef-DOCUMENT');
    assert.equal(document.documentNamespace, 'https://spdx.org/spdxdocs/demo-project-3e671687-395b-41f5-a30f-a58921a69b79');
    assert.deepEqual(document.creationInfo, { created: '2026-11-23T00:00:00Z', creators: [TOOL] });
  });

  it('names every package by purl, with SPDX checksums', () => {
    const babel = byName('@babel/core');
    assert.equal(babel?.SPDXID, 'SPDXRef-Package-npm-babel-core-7.24.0');
    assert.deepEqual(babel?.externalRefs, [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/%40babel/core@7.24.0' }]);
    assert.deepEqual(byName('express')?.checksums, [{ algorithm: 'SHA512', checksumValue: 'a'.repeat(128) }]);
  });

  it('gives the download location the lockfile recorded, NOASSERTION where none did', () => {
    assert.equal(byName('express')?.downloadLocation, 'https://registry.npmjs.org/express/-/express-4.19.2.tgz');
    assert.equal(byName('debug')?.downloadLocation, 'NOASSERTION');
  });

  it('declares the license as found, a non-SPDX one as a LicenseRef with its text', () => {
    assert.equal(byName('express')?.licenseDeclared, 'MIT');
    assert.equal(byName('debug')?.licenseDeclared, 'MIT AND Apache-2.0');
    assert.equal(byName('curated')?.licenseDeclared, 'NOASSERTION');
    assert.equal(byName('odd')?.licenseDeclared, 'LicenseRef-Some-Custom-License');
    const info = document.hasExtractedLicensingInfos?.find((entry) => entry.licenseId === 'LicenseRef-Some-Custom-License');
    assert.equal(info?.extractedText, 'Some Custom License');
    assert.equal(info?.name, 'Some Custom License');
    // A LicenseRef the package wrote itself is kept, and still gets the entry SPDX requires.
    assert.equal(byName('own-ref')?.licenseDeclared, 'LicenseRef-Acme-Commercial OR MIT');
    assert.deepEqual(document.hasExtractedLicensingInfos?.map((entry) => entry.licenseId).sort(), ['LicenseRef-Acme-Commercial', 'LicenseRef-Some-Custom-License']);
  });

  it('concludes the curated license or the recorded OR choice, NOASSERTION otherwise', () => {
    assert.equal(byName('curated')?.licenseConcluded, 'BSD-3-Clause');
    assert.equal(byName('@babel/core')?.licenseConcluded, 'Apache-2.0');
    assert.equal(byName('relicensed')?.licenseConcluded, 'NOASSERTION');
    assert.equal(byName('express')?.licenseConcluded, 'NOASSERTION');
  });

  it('describes the project, which depends on the direct packages, and keeps the resolved graph', () => {
    const edges = document.relationships.map((item) => `${item.spdxElementId} ${item.relationshipType} ${item.relatedSpdxElement}`);
    assert.ok(edges.includes('SPDXRef-DOCUMENT DESCRIBES SPDXRef-Project'));
    assert.equal(byName('demo project')?.SPDXID, 'SPDXRef-Project');
    assert.deepEqual(edges.filter((edge) => edge.startsWith('SPDXRef-Project DEPENDS_ON')).length, 6);
    assert.ok(edges.includes('SPDXRef-Package-npm-babel-core-7.24.0 DEV_DEPENDENCY_OF SPDXRef-Project'), edges.join('\n'));
    assert.ok(edges.includes('SPDXRef-Package-npm-express-4.19.2 DEPENDS_ON SPDXRef-Package-npm-debug-2.6.9'));
    assert.ok(!edges.includes('SPDXRef-Project DEPENDS_ON SPDXRef-Package-npm-debug-2.6.9'));
  });

  it("says what a package's own license file holds, as evidence beside the declaration", () => {
    assert.equal(byName('agpl-thing')?.licenseComments, 'The license file node_modules/agpl-thing/LICENSE holds the full text of AGPL-3.0-only (98% similar); the package declares AGPL-3.0-only.');
    assert.equal(byName('express')?.licenseComments, undefined);
  });

  it('gives each verdict and its reason in words, as an annotation by the tool', () => {
    const [agpl] = byName('agpl-thing')?.annotations ?? [];
    assert.equal(agpl.annotationType, 'OTHER');
    assert.equal(agpl.annotator, TOOL);
    assert.equal(agpl.annotationDate, '2026-11-23T00:00:00Z');
    assert.match(agpl.comment, /^OSPO Guide policy verdict: not allowed\. .*AGPL-3\.0-only/);
    assert.match(byName('express')?.annotations?.[0].comment ?? '', /^OSPO Guide policy verdict: allowed\./);
  });
});

describe('ospo-guide sbom --format spdx on the demo workspace, offline', () => {
  it('writes a valid SPDX document of every ecosystem, readable by people', async () => {
    const result = await sbomCommand(['examples', '--offline', '--format', 'spdx'], REPO_ROOT, NOW);
    const document = JSON.parse(result.stdout) as Document;
    const validate = spdxValidator();
    assert.ok(validate(document), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.deepEqual(specProblems(document), []);
    const packages = document.packages.filter((item) => item.SPDXID !== 'SPDXRef-Project');
    const types = new Set(packages.map((item) => /^pkg:([a-z]+)\//.exec(item.externalRefs?.[0].referenceLocator ?? '')?.[1]));
    assert.deepEqual([...types].sort(), ['cargo', 'composer', 'gem', 'golang', 'maven', 'npm', 'pypi']);
    assert.ok(packages.filter((item) => item.licenseDeclared !== 'NOASSERTION').length / packages.length > 0.95);
    assert.ok(document.relationships.filter((item) => item.relationshipType === 'DEPENDS_ON').length > packages.length);
    // Names and comments are for people: no URL-encoded purls or rule indexes in them.
    const readable = packages.flatMap((item) => [item.name, ...(item.annotations ?? []).map((annotation) => annotation.comment)]);
    assert.deepEqual(readable.filter((text) => /%40|%2F|pkg:|packages\[/i.test(text)), []);
  });

  it('writes to a file and names what it wrote', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'ospo-spdx-'));
    try {
      const output = path.join(folder, 'sbom.spdx.json');
      const result = await sbomCommand(['examples', '--offline', '--format', 'spdx', '--output', output], REPO_ROOT, NOW);
      assert.match(result.stdout, /^Wrote \d+ packages to /);
      assert.equal((JSON.parse(await readFile(output, 'utf8')) as { spdxVersion: string }).spdxVersion, 'SPDX-2.3');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses an unknown format with a usage error', async () => {
    const result = await runCli(['sbom', 'examples', '--offline', '--format', 'xml']);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /unknown --format 'xml': use cyclonedx or spdx/);
    assert.equal(result.stdout, '');
  });
});
