import { randomUUID } from 'node:crypto';
import { packageFacts, type Inventory, type InventoryPackage } from '../data/inventory';
import { packageId } from '../data/types';
import type { CompiledPolicy, EvaluationContext } from '../policy/compiledPolicy';
import { dependencyKey, formatPurl } from '../policy/purl';
import { parseSpdxExpression } from '../policy/spdx';

export interface SbomOptions {
  readonly projectName: string;
  readonly tool: { readonly name: string; readonly version: string };
  /** Fixed in tests; a fresh random serial and the current time otherwise. */
  readonly serialNumber?: string;
  readonly timestamp?: string;
}

/**
 * A CycloneDX 1.6 JSON SBOM of the inventory: every package with its purl, license (an SPDX id, an
 * SPDX expression, or the name as found), hashes, the dependency graph, and the OSPO's verdict and
 * policy version as properties.
 */
export function toCycloneDx(inventory: Inventory, policy: CompiledPolicy, context: EvaluationContext, options: SbomOptions): object {
  const components = inventory.packages.map((item) => ({ item, ref: componentRef(item) }));
  const refsById = new Map<string, string[]>();
  for (const { item, ref } of components) {
    const id = `${item.ecosystem}:${packageId(item.name, item.version)}`;
    refsById.set(id, [...(refsById.get(id) ?? []), ref]);
  }
  const rootRef = `project:${options.projectName}`;
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: options.serialNumber ?? `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: options.timestamp ?? new Date().toISOString(),
      tools: { components: [{ type: 'application', name: options.tool.name, version: options.tool.version }] },
      component: { type: 'application', 'bom-ref': rootRef, name: options.projectName },
      properties: [
        { name: 'ospoGuide:policy:id', value: policy.feed.id },
        { name: 'ospoGuide:policy:version', value: String(policy.feed.version) },
      ],
    },
    components: components.map(({ item, ref }) => component(item, ref, policy, context)),
    dependencies: [
      { ref: rootRef, dependsOn: components.filter(({ item }) => item.direct).map(({ ref }) => ref) },
      ...components.map(({ item, ref }) => ({
        ref,
        dependsOn: [...new Set((item.dependencies ?? []).flatMap((id) => refsById.get(`${item.ecosystem}:${id}`) ?? []))],
      })),
    ],
  };
}

function componentRef(item: InventoryPackage): string {
  return formatPurl(dependencyKey(item), item.version);
}

function component(item: InventoryPackage, ref: string, policy: CompiledPolicy, context: EvaluationContext): object {
  const finding = policy.evaluate(packageFacts(item), context);
  const { group, name } = groupAndName(item);
  return {
    type: 'library',
    'bom-ref': ref,
    ...(group ? { group } : {}),
    name,
    version: item.version,
    purl: ref,
    ...(item.scope === 'dev' ? { scope: 'excluded' } : item.scope === 'optional' ? { scope: 'optional' } : {}),
    ...licenses(finding.license),
    ...(item.license?.inFile ? { evidence: { licenses: item.license.inFile.ids.map((id) => ({ license: { id } })) } } : {}),
    ...(item.hashes && item.hashes.length > 0 ? { hashes: item.hashes.map((hash) => ({ alg: hash.algorithm, content: hash.hex })) } : {}),
    ...externalReferences(item),
    properties: [
      { name: 'ospoGuide:verdict', value: finding.verdict },
      { name: 'ospoGuide:direct', value: String(item.direct) },
      ...(finding.licenseSource ? [{ name: 'ospoGuide:licenseSource', value: finding.licenseSource }] : []),
      ...(item.license?.confidence !== undefined ? [{ name: 'ospoGuide:licenseConfidence', value: item.license.confidence.toFixed(2) }] : []),
      // The license evidence above: where it was found.
      ...(item.license?.inFile ? [{ name: 'ospoGuide:licenseFile', value: item.license.inFile.file }] : []),
    ],
  };
}

/** Code hosts whose repository locations are also their https URLs. */
const CODE_HOSTS: ReadonlySet<string> = new Set(['github.com', 'gitlab.com', 'bitbucket.org']);

/** The archive the lockfile names (`distribution`) and the source repository on a code host (`vcs`), as CycloneDX external references. */
function externalReferences(item: InventoryPackage): { externalReferences?: { type: string; url: string }[] } {
  const references = [
    ...(item.downloadUrl !== undefined ? [{ type: 'distribution', url: item.downloadUrl }] : []),
    ...(item.repository !== undefined && CODE_HOSTS.has(item.repository.split('/', 1)[0]) ? [{ type: 'vcs', url: `https://${item.repository}` }] : []),
  ];
  return references.length > 0 ? { externalReferences: references } : {};
}

/** Maven's group and npm's scope are CycloneDX groups; the rest of the name is the component's name. */
function groupAndName(item: InventoryPackage): { group?: string; name: string } {
  if (item.ecosystem === 'maven' && item.name.includes(':')) {
    const [group, name] = item.name.split(':', 2);
    return { group, name };
  }
  if (item.ecosystem === 'npm' && item.name.startsWith('@') && item.name.includes('/')) {
    const slash = item.name.indexOf('/');
    return { group: item.name.slice(0, slash), name: item.name.slice(slash + 1) };
  }
  return { name: item.name };
}

/** One SPDX id as `license.id`, a compound as `expression`, anything else by name, as CycloneDX asks. */
function licenses(license: string | null): { licenses?: object[] } {
  if (license === null) {
    return {};
  }
  const tree = parseSpdxExpression(license);
  if (!tree) {
    return { licenses: [{ license: { name: license } }] };
  }
  const single = /^[A-Za-z0-9.-]+$/.test(license) && !license.startsWith('LicenseRef-');
  return { licenses: [single ? { license: { id: license } } : { expression: license }] };
}
