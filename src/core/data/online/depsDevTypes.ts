import type { Ecosystem } from '../../manifests/types';
import type { DeclaredLicense } from '../types';

/** deps.dev's `System` enum values for our ecosystems. deps.dev has no Composer/Packagist data (nor do we read NuGet). */
export type DepsDevSystem = 'NPM' | 'PYPI' | 'CARGO' | 'GO' | 'MAVEN' | 'RUBYGEMS';

export const DEPS_DEV_SYSTEMS: Readonly<Partial<Record<Ecosystem, DepsDevSystem>>> = {
  npm: 'NPM',
  pypi: 'PYPI',
  cargo: 'CARGO',
  go: 'GO',
  maven: 'MAVEN',
  rubygems: 'RUBYGEMS',
};

/** Our `source` for every license read from deps.dev. */
export const DEPS_DEV_LICENSE_SOURCE = 'deps.dev';
/** Our `source` for every health score read from deps.dev. */
export const SCORECARD_SOURCE = 'OpenSSF Scorecard via deps.dev';

/** One package version to look up, named as `ResolvedPackage` names it (Maven `group:artifact`, a Go module path). */
export interface VersionRequest {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly version: string;
}

/** What deps.dev knows about one package version. */
export interface VersionInfo {
  /** The licenses deps.dev lists (SPDX where it could map them, else the declared text); absent when it has none. */
  readonly license?: DeclaredLicense;
  /** OSV ids of advisories that affect this version directly (`GHSA-…`, `PYSEC-…`). */
  readonly advisoryKeys: readonly string[];
  /** The source repository as a deps.dev project key (`github.com/owner/repo`), attested links preferred. */
  readonly sourceRepo?: string;
  /** RFC 3339, as the registry reported it. */
  readonly publishedAt?: string;
}

export interface ScorecardCheck {
  readonly name: string;
  /** 0–10, higher is better; -1 when the check could not run. */
  readonly score: number;
  readonly reason: string;
}

export interface Scorecard {
  /** The weighted overall score, 0–10. */
  readonly score: number;
  /** When the scorecard was produced (RFC 3339). */
  readonly date?: string;
  readonly checks: readonly ScorecardCheck[];
}

/** What deps.dev knows about a source repository; only the parts we use. */
export interface ProjectInfo {
  readonly scorecard?: Scorecard;
}

/** A package's health, ready for a hover or a report. */
export interface PackageHealth {
  readonly score: number;
  readonly source: typeof SCORECARD_SOURCE;
  /** The repository the scorecard is for. */
  readonly project: string;
  readonly date?: string;
  /** Up to three checks that ran and scored lowest (below 10), lowest first. */
  readonly weakestChecks: readonly ScorecardCheck[];
}

/** The request's key in `lookupVersions` results: `npm:@scope/x@1.0.0`, `maven:g:a@1`, `pypi:django@4.2` (PEP 503). */
export function versionRequestKey(request: VersionRequest): string {
  return `${request.ecosystem}:${requestName(request)}@${request.version}`;
}

/** The name as deps.dev expects it: Maven `g/a` becomes `g:a`; PyPI names are compared per PEP 503. */
export function requestName(request: Pick<VersionRequest, 'ecosystem' | 'name'>): string {
  const name = request.name.trim();
  if (request.ecosystem === 'maven' && !name.includes(':')) {
    return name.replace('/', ':');
  }
  if (request.ecosystem === 'pypi') {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
  }
  return name;
}

const PROJECT_KEY = /^(?:github\.com|gitlab\.com|bitbucket\.org)\/[^/\s]+\/[^/\s]+$/;

/** deps.dev only has projects hosted on GitHub, GitLab and Bitbucket, keyed `host/owner/repo`. */
export function isProjectKey(value: string): boolean {
  return PROJECT_KEY.test(value);
}

// ---- Reading deps.dev JSON (proto3 JSON: default values are omitted, so every field may be absent) ----

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function array(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const NON_STANDARD = 'non-standard';

/** Relations deps.dev verified (an attestation, the Go module origin) rank above unverified metadata links. */
const PROVENANCE_RANK: Readonly<Record<string, number>> = {
  SLSA_ATTESTATION: 0,
  PYPI_PUBLISH_ATTESTATION: 0,
  GO_ORIGIN: 1,
  UNVERIFIED_METADATA: 2,
};

/**
 * A `Version` message (GetVersion, or one `version` of a version batch) as our `VersionInfo`;
 * undefined when it is not an object at all.
 * Licenses: `licenseDetails[].spdx`, or the declared text where deps.dev could not map it to SPDX
 * ("non-standard"), else `licenses[]`.
 */
export function parseVersion(json: unknown): VersionInfo | undefined {
  const version = record(json);
  if (version === undefined) {
    return undefined;
  }
  const fromDetails = array(version['licenseDetails']).flatMap((detail) => {
    const entry = record(detail);
    const spdx = text(entry?.['spdx']);
    const declared = text(entry?.['license']);
    const value = spdx !== undefined && spdx !== NON_STANDARD ? spdx : (declared ?? spdx);
    return value !== undefined ? [value] : [];
  });
  const licenses = fromDetails.length > 0 ? fromDetails : array(version['licenses']).flatMap((license) => text(license) ?? []);
  const unique = [...new Set(licenses)];
  const advisoryKeys = [...new Set(array(version['advisoryKeys']).flatMap((key) => text(record(key)?.['id']) ?? []))];
  const sourceRepo = array(version['relatedProjects'])
    .flatMap((related) => {
      const entry = record(related);
      const id = text(record(entry?.['projectKey'])?.['id']);
      return entry?.['relationType'] === 'SOURCE_REPO' && id !== undefined && isProjectKey(id)
        ? [{ id, rank: PROVENANCE_RANK[String(entry['relationProvenance'])] ?? 3 }]
        : [];
    })
    .sort((a, b) => a.rank - b.rank)[0]?.id;
  const publishedAt = text(version['publishedAt']);
  return {
    ...(unique.length > 0 ? { license: { value: unique.length === 1 ? unique[0] : unique, source: DEPS_DEV_LICENSE_SOURCE } } : {}),
    advisoryKeys,
    ...(sourceRepo !== undefined ? { sourceRepo } : {}),
    ...(publishedAt !== undefined ? { publishedAt } : {}),
  };
}

/** A `Project` message as our `ProjectInfo`; a scorecard without an overall score is no scorecard. */
export function parseProject(json: unknown): ProjectInfo | undefined {
  const project = record(json);
  if (project === undefined) {
    return undefined;
  }
  const scorecard = record(project['scorecard']);
  const score = scorecard?.['overallScore'];
  if (scorecard === undefined || typeof score !== 'number' || !Number.isFinite(score)) {
    return {};
  }
  const checks = array(scorecard['checks']).flatMap((check) => {
    const entry = record(check);
    const name = text(entry?.['name']);
    if (name === undefined) {
      return [];
    }
    const checkScore = entry?.['score'];
    return [{ name, score: typeof checkScore === 'number' && Number.isFinite(checkScore) ? checkScore : 0, reason: text(entry?.['reason']) ?? '' }];
  });
  const date = text(scorecard['date']);
  return { scorecard: { score: Math.min(10, Math.max(0, score)), ...(date !== undefined ? { date } : {}), checks } };
}

/** Up to `count` checks that ran (score ≥ 0) and are below full marks, lowest first, ties by name. */
export function weakestChecks(checks: readonly ScorecardCheck[], count = 3): ScorecardCheck[] {
  return checks
    .filter((check) => check.score >= 0 && check.score < 10)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, count);
}

// ---- Validators for values read back from the disk cache ----

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isVersionInfo(value: unknown): value is VersionInfo {
  const info = record(value);
  if (info === undefined || !isStringArray(info['advisoryKeys'])) {
    return false;
  }
  const license = info['license'];
  if (license !== undefined) {
    const declared = record(license);
    if (declared === undefined || typeof declared['source'] !== 'string') {
      return false;
    }
    if (typeof declared['value'] !== 'string' && !isStringArray(declared['value'])) {
      return false;
    }
  }
  return (info['sourceRepo'] === undefined || typeof info['sourceRepo'] === 'string') && (info['publishedAt'] === undefined || typeof info['publishedAt'] === 'string');
}

export function isProjectInfo(value: unknown): value is ProjectInfo {
  const info = record(value);
  if (info === undefined) {
    return false;
  }
  if (info['scorecard'] === undefined) {
    return true;
  }
  const scorecard = record(info['scorecard']);
  return (
    scorecard !== undefined &&
    typeof scorecard['score'] === 'number' &&
    (scorecard['date'] === undefined || typeof scorecard['date'] === 'string') &&
    Array.isArray(scorecard['checks']) &&
    scorecard['checks'].every((check: unknown) => {
      const entry = record(check);
      return entry !== undefined && typeof entry['name'] === 'string' && typeof entry['score'] === 'number' && typeof entry['reason'] === 'string';
    })
  );
}
