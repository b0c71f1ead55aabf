import pickManifest from 'npm-pick-manifest';
import { Range, valid } from 'semver';
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

/**
 * The release a project is at, for its activity: elsewhere than npm, the newest version that is not
 * withdrawn (pre-releases only when there is nothing else), as `pickVersion` picks for no requirement.
 *
 * On npm, the version the `latest` dist-tag names, or where it is deprecated the newest version up to
 * it that is not: `latest` is the publisher's own word for the current release (and what `npm install`
 * takes), while the highest version number may be a pre-release or another line (`next`, a canary)
 * and the newest by date a backport to an old major. A deprecated version is one its publisher
 * withdrew, so it is no release in force.
 */
export function latestRelease(ecosystem: Ecosystem, listing: RegistryListing): string | undefined {
  if (ecosystem !== 'npm') {
    return pickNewestVersion(ecosystem, null, listing)?.version;
  }
  // A tag is the registry's text: only a plain version goes into a range (`1.0.0 || *` would admit anything).
  const latest = listing.tags?.latest;
  const tagged = latest !== undefined && latest.length <= 256 ? valid(latest) : null;
  return tagged !== null ? (npmPick(`<=${tagged}`, listing) ?? tagged) : npmPick('*', listing);
}

function pickNpm(spec: string | null, listing: RegistryListing): PickedVersion | undefined {
  const wanted = spec === null || spec.trim() === '' ? 'latest' : spec.trim();
  const version = npmPick(wanted, listing);
  if (version === undefined) {
    return undefined;
  }
  const tagged = listing.tags !== undefined && Object.prototype.hasOwnProperty.call(listing.tags, wanted);
  // npm's own range semantics (pre-releases only where a comparator names one), not the policy's inclusive reading.
  const range = tagged ? null : safeNpmRange(wanted);
  return { version, admitted: range === null ? [version] : admittedBy((candidate) => range.test(candidate), 'npm', listing) };
}

/** npm-pick-manifest's choice for `wanted` among the listing's versions, deprecated ones avoided. */
function npmPick(wanted: string, listing: RegistryListing): string | undefined {
  const versions: Record<string, { version: string; deprecated?: string }> = Object.create(null) as Record<string, { version: string }>;
  for (const entry of listing.versions) {
    versions[entry.version] = entry.withdrawn ? { version: entry.version, deprecated: 'deprecated' } : { version: entry.version };
  }
  try {
    return pickManifest({ name: 'package', 'dist-tags': listing.tags ?? {}, versions }, wanted, { nodeVersion: null }).version;
  } catch {
    return undefined;
  }
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
