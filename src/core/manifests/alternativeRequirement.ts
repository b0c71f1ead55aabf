// What a "replace with the approved alternative" fix writes as the new dependency's requirement:
// the feed's npm-style `spec` in the manifest's own syntax, or, where the manifest names one exact
// version (go.mod) or cannot say the range, one version: the feed's `version`, else one the
// registry confirms inside the range, else one the user enters. Never a range Go would reject.
import { compareNative, parseNativeVersion } from '../policy/versionsNative';
import { coerceVersion, versionSatisfies } from '../policy/versions';
import { versionFitsPath } from '../data/registry/go/moduleNames';
import { ecosystemOfKind, writtenRequirement } from './requirementSyntax';
import type { ManifestKind } from './types';

export interface FeedAlternative {
  /** npm-style range (docs/policy-feed.md). */
  readonly spec?: string;
  /** One exact version as the ecosystem writes it (Go `v1.6.2`). */
  readonly version?: string;
}

/** One version as a registry lists it. */
export interface PublishedVersion {
  readonly version: string;
  readonly withdrawn?: boolean;
}

export type AlternativeRequirement =
  /** Write this spec; undefined: any version (the manifest's own "any"). */
  | { readonly kind: 'write'; readonly spec: string | undefined }
  /** The manifest needs one exact version the feed does not give: pick one inside `range` (any version when absent). */
  | { readonly kind: 'needs-version'; readonly range?: string }
  /** Nothing valid can be written: the fix is not offered. */
  | { readonly kind: 'none' };

/** Manifests whose requirement is one version: go.mod (MVS); Maven and Gradle accept a bare version or a range, but no "any". */
function needsVersion(kind: ManifestKind): boolean {
  return kind === 'gomod' || kind === 'maven' || kind === 'gradle';
}

/** What to write for the alternative `name` (a Go module path for go.mod) in a manifest of `kind`. */
export function alternativeRequirement(kind: ManifestKind, name: string, alternative: FeedAlternative): AlternativeRequirement {
  const exact = alternative.version === undefined ? null : exactRequirement(kind, name, alternative.version);
  if (alternative.spec === undefined) {
    if (exact !== null) {
      return { kind: 'write', spec: exact };
    }
    return needsVersion(kind) ? { kind: 'needs-version' } : { kind: 'write', spec: undefined };
  }
  const written = writtenRequirement(kind, alternative.spec);
  if (written === null || (written === undefined && needsVersion(kind))) {
    if (exact !== null) {
      return { kind: 'write', spec: exact };
    }
    if (written === undefined) {
      return { kind: 'needs-version' };
    }
    return kind === 'gomod' ? { kind: 'needs-version', range: alternative.spec } : { kind: 'none' };
  }
  if (kind === 'gomod' && written !== undefined && !versionFitsPath(name, written)) {
    return { kind: 'none' };
  }
  return { kind: 'write', spec: written };
}

/**
 * One exact version as the manifest writes it; null when it is not a version of the ecosystem
 * (Go: the canonical `vMAJOR.MINOR.PATCH` that fits the module path).
 */
export function exactRequirement(kind: ManifestKind, name: string, version: string): string | null {
  const text = version.trim();
  if (!/^[0-9A-Za-z.+_-]{1,100}$/.test(text) || parseNativeVersion(text, ecosystemOfKind(kind)) === null) {
    return null;
  }
  switch (kind) {
    case 'gomod':
      return isCanonicalGoVersion(text) && versionFitsPath(name, text) ? text : null;
    case 'requirements':
    case 'pyproject':
    case 'pipfile':
      return `==${text}`;
    case 'cargo':
      return `=${text}`;
    case 'maven':
    case 'gradle':
      // POM reference: a bare version is a soft requirement on exactly that version.
      return text;
    default:
      return text;
  }
}

/**
 * Go Modules Reference, "Versions": a canonical version is `v` + semver with all three numbers,
 * no build metadata other than `+incompatible`.
 */
function isCanonicalGoVersion(version: string): boolean {
  return /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+incompatible)?$/.test(version);
}

/**
 * The version to write from what the registry publishes: the lowest release inside the feed's
 * range (the version the OSPO approved as the floor), or the newest release when the feed gives
 * no range; withdrawn versions and pre-releases are left out. Null when none fits.
 */
export function versionFromListing(kind: ManifestKind, name: string, range: string | undefined, published: readonly PublishedVersion[]): string | null {
  const ecosystem = ecosystemOfKind(kind);
  const candidates = published
    .filter((entry) => entry.withdrawn !== true)
    .map((entry) => ({ text: entry.version, native: parseNativeVersion(entry.version, ecosystem), semver: coerceVersion(entry.version, ecosystem) }))
    .filter((entry) => entry.native !== null && entry.semver !== null && entry.semver.prerelease.length === 0)
    .filter((entry) => range === undefined || versionSatisfies(entry.text, range, ecosystem))
    .filter((entry) => exactRequirement(kind, name, entry.text) !== null);
  candidates.sort((a, b) => compareNative(a.native as NonNullable<typeof a.native>, b.native as NonNullable<typeof b.native>));
  const chosen = range === undefined ? candidates[candidates.length - 1] : candidates[0];
  return chosen === undefined ? null : chosen.text;
}

/** Why a version the user typed cannot be written, in words; null when it can. */
export function versionProblem(kind: ManifestKind, name: string, range: string | undefined, version: string): string | null {
  const text = version.trim();
  if (exactRequirement(kind, name, text) === null) {
    if (kind === 'gomod') {
      return fitsModulePathHint(name, text);
    }
    return `"${text}" is not a version`;
  }
  if (range !== undefined && !versionSatisfies(text, range, ecosystemOfKind(kind))) {
    return `${text} is not inside the approved range ${range}`;
  }
  return null;
}

function fitsModulePathHint(name: string, text: string): string {
  if (!isCanonicalGoVersion(text)) {
    return `"${text}" is not a Go module version such as v1.6.2`;
  }
  const suffix = /\/v(\d+)$/.exec(name);
  return `${name} takes ${suffix ? `v${suffix[1]}.x.y` : 'v0.x.y or v1.x.y'} versions, not ${text}`;
}
