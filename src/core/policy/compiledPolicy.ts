import type { Ecosystem } from '../manifests/types';
import { AdvisoryIndex, affectedAdvisories } from './advisories';
import { appliesToVersion } from './appliesToVersion';
import { BoundedMap } from './boundedMap';
import { exceptionsFor } from './exceptions';
import { bundledGovernance } from './governance/bundledGovernance';
import { activityReasons } from './governance/activityVerdicts';
import { GovernanceIndex } from './governance/governanceIndex';
import { trustRating, type TrustRating } from './governance/trustRating';
import { mismatchMessage, undeclaredInFile, type LicenseInFile } from './licenseMismatch';
import type { ProjectActivity, RepositoryFact } from '../data/types';
import type { ExceptionGrant, PackageRule, PolicyFeed, Sponsorship } from './feedModel';
import { dependencyKey, formatPurl } from './purl';
import { readablePurl } from './readablePurl';
import { PurlIndex } from './purlIndex';
import { evaluateLicense, LicenseEvaluationCache } from './spdx/evaluateLicense';
import { trainingForLicenses } from './spdx/licenseTraining';
import { triggerMatches } from './trainingTriggers';
import type { RuleRef } from './ruleRef';
import { bestVerdict, verdictRank, worstVerdict, type Reason, type Verdict } from './verdict';
import { exactVersionFromSpec } from './versions';

/** What is known about one dependency when it is evaluated. */
export interface DependencyFacts {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly package?: string;
  readonly spec: string | null;
  /** The resolved version (installed or locked); when absent, an exact pin in the spec is used. */
  readonly version?: string | null;
  readonly versionSource?: string;
  /** License data from installed metadata, a lockfile or a registry; the feed's curation wins over it. */
  readonly license?: string | readonly string[] | null;
  readonly licenseSource?: string;
  /** Beside a declared `license`: what the package's own license file holds, identified from its full text. */
  readonly licenseInFile?: LicenseInFile;
  readonly health?: { readonly score: number; readonly source: string };
  /** Where the license differs between versions the spec admits (and the locked one), from a registry. */
  readonly licenseChanges?: readonly LicenseChange[];
  /** Where the package's metadata asks for money: https URLs (see `fundingUrls`). */
  readonly funding?: readonly string[];
  /** The package's source repository, for who governs it where its registry name says nothing. */
  readonly repository?: RepositoryFact;
  /** Its releases and publishers, from a registry. */
  readonly activity?: ProjectActivity;
}

/** The license of `version` (the first with it) differs from the version before it. */
export interface LicenseChange {
  readonly version: string;
  readonly from: string;
  readonly to: string;
}

/** `below`: only versions before it keep the best license (a relicensing); `from`: only versions from it on do. */
export interface LicenseChangeFix {
  readonly below?: string;
  readonly from?: string;
}

export interface EvaluationContext {
  /** The workspace's `host/owner/name`, for exceptions scoped to repositories. */
  readonly repo: string | null;
  readonly now: Date;
}

export interface AdvisoryFinding {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly summary?: string;
  readonly verdict: 'deny' | 'review';
}

/** Which part of the policy gave the final verdict; it picks the diagnostic code. */
export type DecidedBy = 'license' | 'package-rule' | 'health' | 'advisory' | 'trust' | 'exception';

export interface Finding {
  readonly purl: string;
  readonly decidedBy: DecidedBy;
  /** The reason that gave the final verdict: the one-line answer to "why?". */
  readonly decisive: Reason;
  readonly version: string | null;
  /** The license as evaluated: normalised SPDX where it could be, else the text as found; null without data. */
  readonly license: string | null;
  readonly licenseSource: string | null;
  readonly verdict: Verdict;
  /**
   * The verdict as people are shown it: `unknown` where no license was found anywhere and the
   * policy sends that to review (the bundled default does), so missing data reads as a gap to fill,
   * not as a finding on every line; otherwise `verdict`. A policy that denies unknown licenses keeps
   * `deny`. `verdict` stays what `--fail-on` and exports judge by.
   */
  readonly shown: Verdict;
  /** No license data was found anywhere (not NOASSERTION, not a badly written name: those are data). */
  readonly licenseMissing: boolean;
  /**
   * Several licenses listed with no stated relation (a gem's `licenses`, npm's legacy `licenses`,
   * a LICENSE file holding several texts), as found: evaluated as the cautious AND, but shown to
   * people as a list, not as a fact of AND.
   */
  readonly licenseList?: readonly string[];
  /** Where the spec admits versions under different licenses: the bounds that keep only the versions under the best of them. */
  readonly licenseChangeFix?: LicenseChangeFix;
  /** The verdict of the license alone, before package rules, health, advisories and exceptions. */
  readonly licenseVerdict: Verdict;
  readonly reasons: readonly Reason[];
  readonly health?: { readonly score: number; readonly source: string; readonly verdict?: Verdict };
  readonly advisories: readonly AdvisoryFinding[];
  readonly support?: PackageRule['support'];
  readonly alternatives: PackageRule['alternatives'];
  /** Training snippet ids related to this finding (package rules, then license training). */
  readonly training: readonly string[];
  readonly exception?: ExceptionGrant;
  readonly expiredExceptions: readonly ExceptionGrant[];
  /** Who governs the package and what else the trust rating rests on, each signal with its source. */
  readonly trust: FindingTrust;
  /** Where the package asks for money, as its metadata says (carried over from the facts). */
  readonly funding?: readonly string[];
  /** The organization already funds it: the feed's first sponsorship that names it. */
  readonly sponsorship?: Sponsorship;
}

export type FindingTrust = Pick<TrustRating, 'governance' | 'steward' | 'signals'>;

/** Package rule fields after every matching rule was applied in file order, later fields winning. */
interface MergedRule {
  license?: { readonly expression: string; readonly rule: RuleRef };
  verdict?: { readonly verdict: Verdict; readonly reason: Reason };
  alternatives: PackageRule['alternatives'];
  support?: PackageRule['support'];
  health?: { readonly score: number; readonly source: string };
  governance?: { readonly governance: PackageRule['governance']; readonly index: number };
  training: readonly string[];
  /** Reasons of rules that explain without deciding (a curated license, a support note). */
  notes: readonly Reason[];
}

/**
 * A feed prepared for evaluation: rules, exceptions and advisories indexed by package, license
 * results cached per distinct expression. Build one per feed and reuse it for every keystroke.
 */
export class CompiledPolicy {
  private readonly rules: PurlIndex<PackageRule>;
  private readonly exceptions: PurlIndex<ExceptionGrant>;
  private readonly advisories: AdvisoryIndex;
  private readonly governance: GovernanceIndex;
  private readonly sponsorships: PurlIndex<Sponsorship>;
  private readonly licenseCache = new LicenseEvaluationCache();
  /** Training ids per normalized expression: like the verdict, computed once per distinct license, not per package. */
  private readonly licenseTraining = new BoundedMap<string, readonly string[]>(LicenseEvaluationCache.DEFAULT_MAX_ENTRIES);

  /**
   * `floor`: the organization's policy that a repository's policy (`feed`) was merged on. No verdict
   * comes out better than under the floor alone, whatever the merge let through: the evaluator's
   * rules (an or-later id taking its `-only` form's verdict, `WITH` falling back to the bare id, the
   * first list entry found deciding) relate entries a list-by-list merge cannot see.
   */
  constructor(
    readonly feed: PolicyFeed,
    private readonly floor?: CompiledPolicy,
  ) {
    this.rules = new PurlIndex(feed.packages);
    this.exceptions = new PurlIndex(feed.exceptions);
    this.advisories = new AdvisoryIndex(feed.advisories);
    this.governance = new GovernanceIndex(feed.governance, bundledGovernance());
    this.sponsorships = new PurlIndex(feed.sponsorships);
  }

  /** The finding of one dependency: the one place a verdict is assembled. */
  evaluate(dependency: DependencyFacts, context: EvaluationContext): Finding {
    const own = this.assemble(dependency, context);
    if (this.floor === undefined || own.verdict === 'deny') {
      return own;
    }
    // Where the floor is stricter its finding is the truth, reasons included: they name the organization's rule that decides.
    const floor = this.floor.evaluate(dependency, context);
    return verdictRank(floor.verdict) < verdictRank(own.verdict) ? floor : own;
  }

  /** The verdict of a license expression alone, never better than under the floor. */
  licenseVerdict(expression: string): Verdict {
    const own = evaluateLicense(expression, this.feed.licenses, this.licenseCache).verdict;
    return this.floor === undefined || own === 'deny' ? own : worstVerdict(own, this.floor.licenseVerdict(expression));
  }

  private assemble(dependency: DependencyFacts, context: EvaluationContext): Finding {
    const key = dependencyKey(dependency);
    const resolved = dependency.version ?? null;
    const version = resolved ?? (dependency.spec === null ? null : exactVersionFromSpec(dependency.spec, dependency.ecosystem));
    const target = { ecosystem: dependency.ecosystem, version, spec: dependency.spec };
    const merged = this.mergeRules(key, target);
    const reasons: Reason[] = [];

    const licenseText = merged.license?.expression ?? dependency.license ?? null;
    const licenseSource = merged.license ? 'feed curation' : licenseText === null ? null : (dependency.licenseSource ?? 'manifest data');
    const license = evaluateLicense(licenseText, this.feed.licenses, this.licenseCache);
    reasons.push(...license.reasons.map((reason) => (licenseSource ? { ...reason, source: licenseSource } : reason)));
    if (merged.license) {
      reasons.unshift({ kind: 'data', message: `The OSPO curated this package's license as ${merged.license.expression}.`, rule: merged.license.rule, source: 'feed curation' });
    }

    reasons.push(...merged.notes);
    let licenseVerdict: Verdict = license.verdict;
    let changeReason: Reason | undefined;
    let licenseChangeFix: LicenseChangeFix | undefined;
    if (!merged.license && dependency.licenseChanges !== undefined && dependency.licenseChanges.length > 0) {
      const changes = dependency.licenseChanges;
      // The verdict of each stretch of versions between changes: before the first, then after each.
      const stretches = [changes[0].from, ...changes.map((change) => change.to)].map((text) => evaluateLicense(text, this.feed.licenses, this.licenseCache).verdict);
      changes.forEach((change, index) => {
        const worse = worstVerdict(stretches[index], stretches[index + 1]);
        const reason: Reason = { kind: 'license-change', message: licenseChangeMessage(change, dependency.spec), version: change.version, from: change.from, to: change.to, source: dependency.licenseSource ?? 'registry' };
        reasons.push(reason);
        if (worstVerdict(licenseVerdict, worse) !== licenseVerdict) {
          licenseVerdict = worse;
          changeReason = reason;
        }
      });
      licenseChangeFix = licenseChangeFixOf(changes, stretches);
    }
    // Until the OSPO curates the license, a license file that contradicts the declaration counts as much as it.
    let mismatchReason: Reason | undefined;
    if (!merged.license && dependency.licenseInFile !== undefined && licenseText !== null) {
      const found = dependency.licenseInFile;
      const texts = typeof licenseText === 'string' ? [licenseText] : licenseText;
      if (undeclaredInFile(texts.map((text) => this.licenseCache.normalize(text)), found).length > 0) {
        const declared = license.normalized ?? texts.join(' AND ');
        const reason: Reason = { kind: 'license-mismatch', message: mismatchMessage(licenseSource, declared, found), source: found.file, from: declared, to: found.ids.join(', ') };
        reasons.push(reason);
        // Texts side by side carry no stated relation: all of them apply, as for any license list (the organization's floor included).
        const foundVerdict = found.ids.map((id) => this.licenseVerdict(id)).reduce(worstVerdict);
        if (worstVerdict(licenseVerdict, foundVerdict) !== licenseVerdict) {
          licenseVerdict = foundVerdict;
          mismatchReason = reason;
        }
      }
    }
    let verdict: Verdict = licenseVerdict;
    let decidedBy: DecidedBy = 'license';
    // The list verdict (or the OR choice) answers "why?"; a license's note follows it as detail.
    let decisive: Reason = mismatchReason ?? changeReason ?? reasons.find((reason) => reason.kind === 'license-choice') ?? reasons.find((reason) => reason.kind === 'license') ?? {
      kind: 'license',
      message: `The license verdict is ${license.verdict}.`,
    };
    const decide = (candidate: Verdict, by: DecidedBy, reason: Reason, override: boolean) => {
      reasons.push(reason);
      if (override || worstVerdict(verdict, candidate) !== verdict) {
        verdict = candidate;
        decidedBy = by;
        decisive = reason;
      }
    };
    if (merged.verdict) {
      decide(merged.verdict.verdict, 'package-rule', merged.verdict.reason, true);
    }

    const health = merged.health ?? dependency.health;
    const healthVerdict = health ? this.healthVerdict(health.score) : undefined;
    if (health && healthVerdict) {
      const threshold = healthVerdict === 'deny' ? this.feed.health.denyBelow : this.feed.health.warnBelow;
      const rule: RuleRef = { section: 'health', key: healthVerdict === 'deny' ? 'denyBelow' : 'warnBelow' };
      decide(healthVerdict, 'health', { kind: 'health', message: `Health score ${health.score} (${health.source}) is below ${threshold}.`, rule, source: health.source }, false);
    }

    const trust = trustRating(this.governance.statementFor(key, merged.governance, dependency.repository), this.feed.id, health, dependency.activity);
    const [latestChange] = trust.relicensed;
    const trustVerdict = this.feed.trust.relicensingVendor;
    if (trustVerdict && trust.governance === 'single-vendor' && latestChange) {
      const steward = trust.steward ?? 'One company';
      const message = `${steward} alone governs this package and has relicensed before (${latestChange.from} to ${latestChange.to} on ${latestChange.date}); the policy sends such packages to ${trustVerdict}.`;
      decide(trustVerdict, 'trust', { kind: 'trust', message, rule: { section: 'trust', key: 'relicensingVendor' }, ...(latestChange.source ? { source: latestChange.source } : {}) }, false);
    }
    for (const reason of activityReasons(dependency.activity, this.feed.trust, context.now)) {
      decide(reason.verdict, 'trust', reason.reason, false);
    }

    const advisories = affectedAdvisories(this.feed.advisories, { ecosystem: dependency.ecosystem, purlName: key.name, version, spec: dependency.spec }, this.advisories);
    for (const match of advisories) {
      decide(match.verdict, 'advisory', match.reason, false);
    }

    const exceptions = exceptionsFor(this.exceptions, { key, ecosystem: dependency.ecosystem, version, spec: dependency.spec, repo: context.repo, now: context.now });
    for (const { item: expired, index } of exceptions.expired) {
      const rule: RuleRef = { section: 'exceptions', index, match: expired.match };
      reasons.push({ kind: 'exception-expired', message: `The exception${expired.ticket ? ` ${expired.ticket}` : ''} for ${readablePurl(expired.match)} expired on ${expired.until}.`, rule });
    }
    const grant = exceptions.active?.item;
    if (exceptions.active && grant) {
      const message = `Exception${grant.ticket ? ` ${grant.ticket}` : ''} sets ${grant.verdict}${grant.until ? ` until ${grant.until}` : ''}.`;
      decide(grant.verdict, 'exception', { kind: 'exception', message, rule: { section: 'exceptions', index: exceptions.active.index, match: grant.match } }, true);
    }

    // A snippet about what happened to this package (its file contradicts it, its license changed) says more than one about its license in general.
    const training = [...merged.training, ...this.trainingForReasons(reasons), ...this.trainingFor(license)];
    const licenseMissing = licenseText === null || (Array.isArray(licenseText) && licenseText.length === 0);
    const shown: Verdict = licenseMissing && decidedBy === 'license' && (verdict === 'review' || verdict === 'unknown') ? 'unknown' : verdict;
    const sponsorship = this.sponsorships.entriesFor(key)[0]?.item;
    return {
      purl: formatPurl(key),
      decidedBy,
      decisive,
      version,
      license: license.normalized ?? (typeof licenseText === 'string' ? licenseText : licenseText?.join(' AND ') ?? null),
      licenseSource,
      verdict,
      shown,
      licenseMissing,
      ...(Array.isArray(licenseText) && licenseText.length > 1 ? { licenseList: licenseText } : {}),
      ...(licenseChangeFix !== undefined ? { licenseChangeFix } : {}),
      licenseVerdict,
      reasons,
      ...(health ? { health: { ...health, ...(healthVerdict ? { verdict: healthVerdict } : {}) } } : {}),
      advisories: advisories.map(({ advisory, verdict: advisoryVerdict }) => ({
        id: advisory.id,
        aliases: advisory.aliases,
        ...(advisory.summary !== undefined ? { summary: advisory.summary } : {}),
        verdict: advisoryVerdict,
      })),
      ...(merged.support ? { support: merged.support } : {}),
      alternatives: merged.alternatives,
      training: [...new Set(training)],
      trust: { governance: trust.governance, ...(trust.steward ? { steward: trust.steward } : {}), signals: trust.signals },
      ...(grant ? { exception: grant } : {}),
      expiredExceptions: exceptions.expired.map((entry) => entry.item),
      ...(dependency.funding !== undefined && dependency.funding.length > 0 ? { funding: dependency.funding } : {}),
      ...(sponsorship ? { sponsorship } : {}),
    };
  }

  private mergeRules(key: ReturnType<typeof dependencyKey>, target: { ecosystem: Ecosystem; version: string | null; spec: string | null }): MergedRule {
    const merged: MergedRule = { alternatives: [], training: [], notes: [] };
    for (const { item: rule, index } of this.rules.entriesFor(key)) {
      if (!appliesToVersion(rule.versions, target)) {
        continue;
      }
      const ruleName: RuleRef = { section: 'packages', index, match: rule.match };
      if (rule.license !== undefined) {
        merged.license = { expression: rule.license, rule: ruleName };
      }
      if (rule.verdict !== undefined) {
        const versions = rule.versions ? ` (versions ${rule.versions})` : '';
        merged.verdict = {
          verdict: rule.verdict,
          reason: { kind: 'package-rule', message: rule.reason ?? `The OSPO's rule for ${readablePurl(rule.match)}${versions} says ${rule.verdict}.`, rule: ruleName, source: 'feed' },
        };
      } else if (rule.reason !== undefined) {
        merged.notes = [...merged.notes, { kind: 'package-rule', message: rule.reason, rule: ruleName, source: 'feed' }];
      }
      if (rule.alternatives.length > 0) {
        merged.alternatives = rule.alternatives;
      }
      if (rule.support) {
        merged.support = rule.support;
      }
      if (rule.health) {
        merged.health = { score: rule.health.score, source: rule.health.source ?? 'OSPO feed' };
      }
      if (rule.training.length > 0) {
        merged.training = rule.training;
      }
      if (rule.governance) {
        merged.governance = { governance: rule.governance, index };
      }
    }
    return merged;
  }

  /** Snippets with a `reason:<kind>` trigger that one of the finding's reasons meets. */
  private trainingForReasons(reasons: readonly Reason[]): string[] {
    if (reasons.length === 0) {
      return [];
    }
    const kinds = reasons.map((reason) => reason.kind);
    return this.feed.training.filter((snippet) => snippet.triggers.some((trigger) => trigger.startsWith('reason:') && triggerMatches(trigger, { reasons: kinds }))).map((snippet) => snippet.id);
  }

  private trainingFor(license: ReturnType<typeof evaluateLicense>): readonly string[] {
    if (license.normalized === null) {
      return trainingForLicenses(license, this.feed.licenses, (text) => this.licenseCache.normalize(text));
    }
    let training = this.licenseTraining.get(license.normalized);
    if (!training) {
      training = trainingForLicenses(license, this.feed.licenses, (text) => this.licenseCache.normalize(text));
      this.licenseTraining.set(license.normalized, training);
    }
    return training;
  }

  private healthVerdict(score: number): Verdict | undefined {
    const { warnBelow, denyBelow } = this.feed.health;
    if (denyBelow !== undefined && score < denyBelow) {
      return 'deny';
    }
    if (warnBelow !== undefined && score < warnBelow) {
      return 'review';
    }
    return undefined;
  }
}

function licenseChangeMessage(change: LicenseChange, spec: string | null): string {
  const range = spec === null || spec.trim() === '' ? 'the versions in use' : `the versions ${spec.trim()} allows`;
  return `The license changes at version ${change.version}, from ${change.from} to ${change.to}, within ${range}.`;
}

/**
 * The oldest versions up to the first change that leaves the best license, and the newest from the
 * last change into it: each bound is offered when it keeps only best-licensed versions.
 */
function licenseChangeFixOf(changes: readonly LicenseChange[], stretches: readonly Verdict[]): LicenseChangeFix | undefined {
  const best = stretches.reduce((a, b) => bestVerdict(a, b));
  if (stretches.every((verdict) => verdict === best)) {
    return undefined;
  }
  const firstWorse = stretches.findIndex((verdict) => verdict !== best);
  const lastWorse = stretches.length - 1 - [...stretches].reverse().findIndex((verdict) => verdict !== best);
  const fix: { below?: string; from?: string } = {};
  if (firstWorse > 0) {
    fix.below = changes[firstWorse - 1].version;
  }
  if (lastWorse < stretches.length - 1) {
    fix.from = changes[lastWorse].version;
  }
  return fix.below === undefined && fix.from === undefined ? undefined : fix;
}
