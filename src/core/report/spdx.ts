import { randomUUID } from 'node:crypto';
import { packageFacts, type Inventory, type InventoryPackage } from '../data/inventory';
import { packageId, type LicenseInFile, type PackageHash } from '../data/types';
import type { CompiledPolicy, EvaluationContext, Finding } from '../policy/compiledPolicy';
import { licenseOptions, type LicenseChoices } from '../policy/licenseChoices';
import { dependencyKey, formatPurl } from '../policy/purl';
import type { Verdict } from '../policy/verdict';
import { SpdxLicenses } from './spdxLicenses';

export interface SpdxOptions {
  readonly projectName: string;
  readonly tool: { readonly name: string; readonly version: string };
  /** The license each `OR` was resolved to (`.ospo/choices.json`), by versionless purl. */
  readonly choices?: LicenseChoices;
  /** Fixed in tests; a fresh random one (the namespace must be unique per document) and the current time otherwise. */
  readonly uuid?: string;
  readonly timestamp?: string;
}

const ROOT_ID = 'SPDXRef-Project';

const VERDICT_WORDS: Readonly<Record<Verdict, string>> = {
  allow: 'allowed',
  review: 'needs review',
  unknown: 'unknown',
  deny: 'not allowed',
};

/**
 * An SPDX 2.3 JSON document of the inventory: a package per inventory package with its purl,
 * checksums, the license its metadata declares and the one the OSPO concluded (a curated license,
 * or the license recorded for an `OR`), the dependency graph as DEPENDS_ON relationships under the
 * project, and each verdict as an annotation.
 */
export function toSpdx(inventory: Inventory, policy: CompiledPolicy, context: EvaluationContext, options: SpdxOptions): object {
  const tool = `Tool: ${options.tool.name}-${options.tool.version}`;
  // SPDX dates are whole seconds in UTC (`YYYY-MM-DDThh:mm:ssZ`).
  const created = (options.timestamp ?? new Date().toISOString()).replace(/\.\d+Z$/, 'Z');
  const licenses = new SpdxLicenses();
  const ids = new Set<string>([ROOT_ID]);
  const entries = inventory.packages.map((item) => ({ item, id: uniqueId(item, ids), finding: policy.evaluate(packageFacts(item), context) }));
  const idsByPackage = new Map<string, string[]>();
  for (const { item, id } of entries) {
    const key = `${item.ecosystem}:${packageId(item.name, item.version)}`;
    idsByPackage.set(key, [...(idsByPackage.get(key) ?? []), id]);
  }
  const packages = entries.map(({ item, id, finding }) => ({
    SPDXID: id,
    name: item.name,
    versionInfo: item.version,
    // Where the lockfile says the package manager took it from; SPDX's NOASSERTION where none says.
    downloadLocation: item.downloadUrl ?? 'NOASSERTION',
    filesAnalyzed: false,
    ...checksums(item.hashes),
    licenseConcluded: licenses.field(concluded(finding, options.choices, policy)),
    licenseDeclared: licenses.field(item.license?.value),
    ...(item.license?.inFile ? { licenseComments: inFileComment(item.license.value, item.license.inFile) } : {}),
    copyrightText: 'NOASSERTION',
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: formatPurl(dependencyKey(item), item.version) }],
    annotations: [{ annotationType: 'OTHER', annotator: tool, annotationDate: created, comment: verdictComment(finding) }],
  }));
  const relationships = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: ROOT_ID },
    // SPDX 2.3 has a relationship of its own for what only building and testing the project needs.
    ...entries.filter(({ item }) => item.direct).map(({ item, id }) => (item.scope === 'dev' ? { spdxElementId: id, relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: ROOT_ID } : dependsOn(ROOT_ID, id))),
    ...entries.flatMap(({ item, id }) => [...new Set((item.dependencies ?? []).flatMap((dependency) => idsByPackage.get(`${item.ecosystem}:${dependency}`) ?? []))].map((other) => dependsOn(id, other))),
  ];
  const root = { SPDXID: ROOT_ID, name: options.projectName, downloadLocation: 'NOASSERTION', filesAnalyzed: false, licenseConcluded: 'NOASSERTION', licenseDeclared: 'NOASSERTION', copyrightText: 'NOASSERTION' };
  const uuid = options.uuid ?? randomUUID();
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: options.projectName,
    documentNamespace: `https://spdx.org/spdxdocs/${slug(options.projectName)}-${uuid}`,
    creationInfo: { created, creators: [tool] },
    annotations: [{ annotationType: 'OTHER', annotator: tool, annotationDate: created, comment: `Verdicts by the policy of ${policy.feed.organization.name} (${policy.feed.id}, version ${policy.feed.version}).` }],
    packages: [root, ...packages],
    relationships,
    ...(licenses.extracted.length > 0 ? { hasExtractedLicensingInfos: licenses.extracted } : {}),
  };
}

/** `SPDXRef-` allows letters, digits, `.` and `-` only; a second package reading the same gets a number. */
function uniqueId(item: InventoryPackage, taken: Set<string>): string {
  const base = `SPDXRef-Package-${item.ecosystem}-${slug(item.name)}-${slug(item.version)}`;
  let id = base;
  for (let count = 2; taken.has(id); count++) {
    id = `${base}-${count}`;
  }
  taken.add(id);
  return id;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '') || 'unnamed';
}

function dependsOn(from: string, to: string): object {
  return { spdxElementId: from, relationshipType: 'DEPENDS_ON', relatedSpdxElement: to };
}

function checksums(hashes: readonly PackageHash[] | undefined): { checksums?: object[] } {
  if (hashes === undefined || hashes.length === 0) {
    return {};
  }
  // SPDX spells the algorithms without the dash (SHA-256 → SHA256) and wants lower-case hex.
  return { checksums: hashes.map((hash) => ({ algorithm: hash.algorithm.replace('-', ''), checksumValue: hash.hex.toLowerCase() })) };
}

/**
 * What the OSPO concluded: its curated license, else the license recorded for the expression's
 * `OR` while that license is still one of the options (a relicensed package's old choice is not).
 */
function concluded(finding: Finding, choices: LicenseChoices | undefined, policy: CompiledPolicy): string | null {
  if (finding.licenseSource === 'feed curation') {
    return finding.license;
  }
  const choice = choices?.get(finding.purl);
  const stillOffered = choice !== undefined && licenseOptions(finding.license, (license) => policy.licenseVerdict(license)).some((option) => option.license === choice.license);
  return stillOffered ? choice.license : null;
}

function verdictComment(finding: Finding): string {
  const verdict = finding.shown === 'unknown' ? 'unknown (no license data found)' : VERDICT_WORDS[finding.verdict];
  return `OSPO Guide policy verdict: ${verdict}. ${finding.decisive.message}`;
}

/**
 * What the package's own license file holds beside its declaration, as evidence: licenseInfoFromFiles
 * would be the field, but SPDX 2.3 forbids it where files were not analyzed (filesAnalyzed false).
 */
function inFileComment(declared: string | readonly string[], inFile: LicenseInFile): string {
  const said = typeof declared === 'string' ? declared : declared.join(' AND ');
  return `The license file ${inFile.file} holds the full text of ${inFile.ids.join(', ')} (${Math.floor(inFile.similarity * 100)}% similar); the package declares ${said}.`;
}
