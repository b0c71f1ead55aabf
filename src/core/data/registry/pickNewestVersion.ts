import type { SemVer } from 'semver';
import type { Ecosystem } from '../../manifests/types';
import { coerceVersion, exactVersionFromSpec, specToRange } from '../../policy/versions';
import type { RegistryListing } from './types';

/** Which published version a requirement resolves to, and every version it admits (oldest first). */
export interface PickedVersion {
  readonly version: string;
  readonly admitted: readonly string[];
}

/** More admitted versions than this are cut to the newest ones: a spec like `*` would otherwise walk a whole history. */
const MAX_ADMITTED = 2_000;

/**
 * The version every ecosystem's client but npm's picks: the newest version the requirement admits
 * that is not withdrawn, pre-releases only when the requirement names one or nothing else fits.
 * Apart from npm's algorithm (pickVersion.ts) because local Maven data needs only this, and the
 * extension loads npm-pick-manifest only with the registry clients.
 */
export function pickNewestVersion(ecosystem: Ecosystem, spec: string | null, listing: RegistryListing): PickedVersion | undefined {
  const text = spec === null ? '' : spec.trim();
  const exact = text === '' ? null : exactVersionFromSpec(text, ecosystem);
  if (exact !== null) {
    const published = listing.versions.find((entry) => sameVersion(entry.version, exact, ecosystem));
    return published === undefined ? undefined : { version: published.version, admitted: [published.version] };
  }
  const range = text === '' ? null : specToRange(text, ecosystem);
  if (text !== '' && range === null) {
    return undefined;
  }
  const inRange = admittedBy((candidate) => range === null || range.test(candidate), ecosystem, listing);
  const admitted = ecosystem === 'maven' ? mavenAdmitted(text, inRange) : stableUnlessAsked(text, ecosystem, inRange);
  const withdrawn = new Set(listing.versions.filter((entry) => entry.withdrawn === true).map((entry) => entry.version));
  const live = admitted.filter((version) => !withdrawn.has(version));
  const version = live[live.length - 1];
  return version === undefined ? undefined : { version, admitted: [...admitted] };
}

/** PEP 440, Cargo and Composer (minimum-stability stable) all leave pre-releases out unless the requirement names one or nothing else fits. */
function stableUnlessAsked(spec: string, ecosystem: Ecosystem, inRange: readonly string[]): readonly string[] {
  const wantsPre = /\d-?(?:a|b|rc|alpha|beta|pre|dev|c)\d*/i.test(spec);
  const stable = inRange.filter((version) => (coerceVersion(version, ecosystem)?.prerelease.length ?? 1) === 0);
  return wantsPre || stable.length === 0 ? inRange : stable;
}

/**
 * Maven takes the highest version inside the range, whatever its qualifier (POM reference,
 * "Dependency Version Requirement Specification": "Maven picks the highest version of each
 * project that satisfies all the hard requirements"; `VersionRange.matchVersion` does the same).
 * Snapshots are builds in progress, not releases: only a range that names one admits them.
 */
function mavenAdmitted(spec: string, inRange: readonly string[]): readonly string[] {
  return spec.toUpperCase().includes('SNAPSHOT') ? inRange : inRange.filter((version) => !version.toUpperCase().endsWith('-SNAPSHOT'));
}

/** The listing's versions that pass `test`, oldest first, cut to the newest `MAX_ADMITTED`. */
export function admittedBy(test: (version: SemVer) => boolean, ecosystem: Ecosystem, listing: RegistryListing): string[] {
  const parsed: { version: string; semver: SemVer }[] = [];
  for (const entry of listing.versions) {
    const semver = coerceVersion(entry.version, ecosystem);
    if (semver !== null && test(semver)) {
      parsed.push({ version: entry.version, semver });
    }
  }
  parsed.sort((a, b) => a.semver.compare(b.semver) || a.semver.compareBuild(b.semver));
  return parsed.slice(-MAX_ADMITTED).map((entry) => entry.version);
}

function sameVersion(published: string, wanted: string, ecosystem: Ecosystem): boolean {
  if (published === wanted) {
    return true;
  }
  const a = coerceVersion(published, ecosystem);
  const b = coerceVersion(wanted, ecosystem);
  return a !== null && b !== null && a.compare(b) === 0 && a.compareBuild(b) === 0;
}
