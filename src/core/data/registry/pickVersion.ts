import pickManifest from 'npm-pick-manifest';
import { Range } from 'semver';
import type { Ecosystem } from '../../manifests/types';
import { admittedBy, pickNewestVersion, type PickedVersion } from './pickNewestVersion';
import type { RegistryListing } from './types';

/**
 * The version the ecosystem's own client would pick for a requirement from what the registry
 * publishes: npm's own algorithm (npm-pick-manifest: dist-tags, `latest` when it satisfies,
 * deprecated versions avoided); elsewhere the newest version the requirement admits that is not
 * withdrawn, pre-releases only when the requirement names one or nothing else fits. Undefined when
 * nothing published fits (or the spec is not a registry requirement).
 */
export function pickVersion(ecosystem: Ecosystem, spec: string | null, listing: RegistryListing): PickedVersion | undefined {
  return ecosystem === 'npm' ? pickNpm(spec, listing) : pickNewestVersion(ecosystem, spec, listing);
}

function pickNpm(spec: string | null, listing: RegistryListing): PickedVersion | undefined {
  const wanted = spec === null || spec.trim() === '' ? 'latest' : spec.trim();
  const versions: Record<string, { version: string; deprecated?: string }> = Object.create(null) as Record<string, { version: string }>;
  for (const entry of listing.versions) {
    versions[entry.version] = entry.withdrawn ? { version: entry.version, deprecated: 'deprecated' } : { version: entry.version };
  }
  let version: string;
  try {
    version = pickManifest({ name: 'package', 'dist-tags': listing.tags ?? {}, versions }, wanted, { nodeVersion: null }).version;
  } catch {
    return undefined;
  }
  const tagged = listing.tags !== undefined && Object.prototype.hasOwnProperty.call(listing.tags, wanted);
  // npm's own range semantics (pre-releases only where a comparator names one), not the policy's inclusive reading.
  const range = tagged ? null : safeNpmRange(wanted);
  return { version, admitted: range === null ? [version] : admittedBy((candidate) => range.test(candidate), 'npm', listing) };
}

function safeNpmRange(spec: string): Range | null {
  if (spec.length > 1024) {
    return null;
  }
  try {
    return new Range(spec);
  } catch {
    return null;
  }
}
