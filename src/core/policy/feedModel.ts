import type { Ecosystem } from '../manifests/types';
import type { Verdict } from './verdict';

/**
 * The OSPO policy feed, format 1 (`docs/policy-feed.md`; `schemas/ospo-policy.schema.json` is the
 * contract), as it is after validation:
 * every optional part filled with its default, every map free of prototype keys.
 */
export interface PolicyFeed {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly version: number;
  readonly issued: string;
  readonly expires?: string;
  readonly organization: Organization;
  readonly licenses: LicensePolicy;
  readonly packages: readonly PackageRule[];
  readonly health: HealthPolicy;
  readonly advisories: readonly Advisory[];
  readonly exceptions: readonly ExceptionGrant[];
  readonly contribution: ContributionPolicy;
  readonly training: readonly TrainingSnippet[];
  /** Who governs packages, by purl pattern: it wins over the bundled list of foundations and vendors. */
  readonly governance: readonly GovernanceEntry[];
  /** The projects the organization already funds, so that developers asked for money know it does. */
  readonly sponsorships: readonly Sponsorship[];
  /** Verdicts the policy gives to trust signals (none by default: the rating informs). */
  readonly trust: TrustPolicy;
  /** Where developers' tools may look data up; absent: each developer decides (the extension asks). */
  readonly lookups?: LookupPolicy;
}

/**
 * The OSPO's word on lookups: whether names may leave the machine at all, the mirrors to use in
 * place of the public registries and deps.dev, and the packages whose names are never sent.
 */
export interface LookupPolicy {
  readonly allowed: boolean;
  /** Per ecosystem, the registry to use where a developer's own configuration names none (in place of the public one). */
  readonly registries: Readonly<Partial<Record<Ecosystem, string>>>;
  /** A deps.dev mirror, or false for none; absent: the public service. */
  readonly depsDev?: string | false;
  /** Purl patterns (`pkg:npm/@acme/*`) of internal packages: never sent to any host. */
  readonly internal: readonly string[];
}

export interface Organization {
  readonly name: string;
  readonly contact: { readonly email?: string; readonly url?: string; readonly chat?: string };
  /** URL template with `{purl}`, `{version}`, `{license}`, `{verdict}`, `{repo}`, `{file}`. */
  readonly exceptionRequestUrl?: string;
}

export type ListVerdict = 'allow' | 'review' | 'deny';

export interface LicensePolicy {
  readonly allow: readonly string[];
  readonly review: readonly string[];
  readonly deny: readonly string[];
  /** For an SPDX id in none of the lists. */
  readonly default: ListVerdict;
  /** For no data, NOASSERTION, UNLICENSED or unparseable text. */
  readonly unknown: 'unknown' | 'review' | 'deny';
  readonly notes: ReadonlyMap<string, string>;
  readonly training: ReadonlyMap<string, readonly string[]>;
}

export type SupportLevel = 'vendor' | 'internal' | 'community' | 'none' | 'eol';

/** A foundation hosts it (rules for decisions and succession), one company controls it, or a community of people does. */
export type GovernanceKind = 'foundation' | 'single-vendor' | 'community';

/** A license change a steward made to its projects: what a vendor did before it may do again. */
export interface Relicensing {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly from: string;
  readonly to: string;
  /** A public page that says so. */
  readonly source?: string;
}

export interface GovernanceStatement {
  readonly kind: GovernanceKind;
  /** The foundation or the company: `Cloud Native Computing Foundation`, `HashiCorp`. */
  readonly steward?: string;
  /** A public page the statement rests on. */
  readonly source?: string;
  readonly relicensed: readonly Relicensing[];
}

/** Who governs the packages a purl pattern names, or the packages whose source lives under a repository pattern. */
export type GovernanceEntry = GovernanceStatement &
  (
    | {
        /** A purl without version, or one whose name part ends in `*`. */
        readonly match: string;
        readonly repository?: undefined;
      }
    | {
        /** A repository's host and path, lower case, no scheme (`github.com/microsoft/typescript`), or one ending in `*` (`github.com/apache/*`). */
        readonly repository: string;
        readonly match?: undefined;
      }
  );

/** The organization funds the projects a purl pattern names, in the way `how` says. */
export interface Sponsorship {
  /** A purl without version, or one whose name part ends in `*`. */
  readonly match: string;
  /** In words: `GitHub Sponsors, $500/month`, `Open Collective, yearly`. */
  readonly how: string;
  /** Whom to ask about it: a team, an address. */
  readonly contact?: string;
}

export interface TrustPolicy {
  /** For a single-vendor project whose steward has relicensed a project before (the Redis, Elastic, HashiCorp cases). */
  readonly relicensingVendor?: 'review' | 'deny';
  /** For a project whose latest release (as its registry says) is older than `days`. */
  readonly noReleaseFor?: { readonly days: number; readonly verdict: 'review' | 'deny' };
  /** For a project that one account alone can publish (npm `maintainers`). */
  readonly soleMaintainer?: 'review' | 'deny';
}

export interface PackageRule {
  /** A purl without version, or one whose name part ends in `*`. */
  readonly match: string;
  readonly versions?: string;
  readonly license?: string;
  readonly verdict?: Verdict;
  readonly reason?: string;
  /** `spec`: an npm-style range, written in each manifest's syntax; `version`: one exact version, for manifests that need one (go.mod) or cannot say `spec`. */
  readonly alternatives: readonly { readonly purl: string; readonly spec?: string; readonly version?: string }[];
  readonly support?: { readonly level: SupportLevel; readonly note?: string; readonly contact?: string; readonly until?: string };
  readonly health?: { readonly score: number; readonly source?: string; readonly date?: string };
  /** Who governs the package, as the OSPO knows it: wins over every list. */
  readonly governance?: GovernanceStatement;
  readonly training: readonly string[];
}

export interface HealthPolicy {
  readonly warnBelow?: number;
  readonly denyBelow?: number;
}

export type OsvEcosystem = 'npm' | 'PyPI' | 'crates.io' | 'Go' | 'Maven' | 'RubyGems' | 'Packagist';

export interface OsvEvent {
  readonly introduced?: string;
  readonly fixed?: string;
  readonly last_affected?: string;
}

export interface Advisory {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly details?: string;
  readonly affected: readonly {
    readonly package: { readonly ecosystem: OsvEcosystem; readonly name: string };
    readonly ranges: readonly { readonly type: 'SEMVER' | 'ECOSYSTEM'; readonly events: readonly OsvEvent[] }[];
    readonly versions: readonly string[];
  }[];
  readonly verdict: 'deny' | 'review';
}

export interface ExceptionGrant {
  readonly match: string;
  readonly versions?: string;
  /** host/owner/name patterns; `*` allowed as the last segment; absent means everywhere. */
  readonly repos?: readonly string[];
  readonly until?: string;
  readonly ticket?: string;
  readonly verdict: Verdict;
}

export type ContributionStatus = 'pre-approved' | 'needs-approval' | 'forbidden' | 'inner-source';
export type ClaRule = 'corporate-signed' | 'corporate-only' | 'individual-allowed' | 'none';

export interface ContributionRule {
  readonly status: ContributionStatus;
  readonly approvalUrl?: string;
  readonly cla?: ClaRule;
  readonly dco?: boolean;
  readonly email?: 'corporate' | 'any';
  readonly notes?: string;
}

export interface ContributionPolicy {
  readonly default: ContributionRule;
  readonly projects: readonly (ContributionRule & { readonly match: string })[];
  readonly checklist: readonly string[];
}

export type Audience = 'newcomer' | 'developer' | 'contributor';

export interface TrainingSnippet {
  readonly id: string;
  readonly title: string;
  readonly minutes?: number;
  readonly audience: readonly Audience[];
  readonly markdown: string;
  /** `license:<SPDX id, may end in *>`, `verdict:<verdict>`, `contribution:<status>`. */
  readonly triggers: readonly string[];
}
