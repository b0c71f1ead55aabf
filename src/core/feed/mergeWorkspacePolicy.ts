import type { Advisory, LicensePolicy, ListVerdict, PackageRule, PolicyFeed } from '../policy/feedModel';
import { parsePurlPattern, type PurlPattern } from '../policy/purl';
import { evaluateLicense, LicenseEvaluationCache } from '../policy/spdx/evaluateLicense';
import { validateFeed } from '../policy/validateFeed';
import { verdictRank, type Verdict } from '../policy/verdict';
import { duplicateKeyPath, jsonSyntaxProblem } from '../policy/jsonText';
import { findPrototypeKeyIn, forbiddenKeyMessage, formatFeedErrors } from './feedText';

export interface WorkspaceMergeResult {
  /** The organization's feed with the repository's stricter rules added (the organization's own object when nothing was added). */
  readonly feed: PolicyFeed;
  /** One sentence per part of the repository's policy that was not applied, and why. */
  readonly ignored: string[];
}

/** A repository's policy file is small; anything bigger is not worth parsing. */
export const MAX_WORKSPACE_POLICY_BYTES = 1024 * 1024;
const MAX_ITEMS = 1000;
const FILE = '.ospo/policy.json';

/** Fields a repository may copy from a feed that carry no rules; skipped without a word. */
const METADATA_KEYS = new Set(['$schema', 'schemaVersion', 'id', 'version', 'issued', 'expires', 'description', 'comment']);
/** Sections only the organization may set. */
const ORG_ONLY: Readonly<Record<string, string>> = {
  exceptions: 'a repository cannot grant exceptions; ask the OSPO',
  organization: "a repository cannot change the organization's details",
  contribution: "a repository cannot change the organization's contribution policy",
  training: "a repository cannot change the organization's training",
  lookups: 'a repository cannot change where lookups go or whether they run',
  sponsorships: 'a repository cannot say what the organization sponsors',
};
/** Package rule fields a repository may set; the rest could loosen or mislead (curated license, health score, alternatives, support). */
const PACKAGE_RULE_KEYS = new Set(['match', 'versions', 'verdict', 'reason']);

/** Parses the text of `.ospo/policy.json` and merges it; never throws. */
export function mergeWorkspacePolicyText(org: PolicyFeed, text: string): WorkspaceMergeResult {
  if (text.length > MAX_WORKSPACE_POLICY_BYTES) {
    return { feed: org, ignored: [`${FILE} is larger than ${MAX_WORKSPACE_POLICY_BYTES} characters; ignored.`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // The file may be a link to a secret: the parser's own message would quote it.
    return { feed: org, ignored: [`${FILE} ${jsonSyntaxProblem(error)}; ignored.`] };
  }
  // JSON.parse keeps the last of two equal keys; which one the author meant cannot be known.
  const repeated = duplicateKeyPath(text);
  if (repeated !== undefined) {
    return { feed: org, ignored: [`${FILE} names \`${repeated.slice(0, 120)}\` twice; ignored.`] };
  }
  return mergeWorkspacePolicy(org, json);
}

/**
 * Applies a repository's own policy (`.ospo/policy.json`, already parsed, untrusted) on top of the
 * organization's feed. It can only tighten: add license ids to `deny` and `review`, make `default`,
 * `unknown` and the health thresholds stricter, add package rules whose verdict is stricter than the
 * organization's, and add advisories. Everything else is left out and listed in `ignored`. Never throws.
 */
export function mergeWorkspacePolicy(org: PolicyFeed, workspace: unknown): WorkspaceMergeResult {
  try {
    return merge(org, workspace);
  } catch (error) {
    return { feed: org, ignored: [`${FILE} could not be applied (${error instanceof Error ? error.message : String(error)}); ignored.`] };
  }
}

function merge(org: PolicyFeed, workspace: unknown): WorkspaceMergeResult {
  const ignored: string[] = [];
  if (!isPlainObject(workspace)) {
    return { feed: org, ignored: [`${FILE} must be a JSON object; ignored.`] };
  }
  const forbidden = findPrototypeKeyIn(workspace, '');
  if (forbidden !== undefined) {
    return { feed: org, ignored: [`${FILE} at ${forbidden.path} ${forbiddenKeyMessage(forbidden, 'file')}, so it is ignored.`] };
  }
  let licenses = org.licenses;
  let packages: readonly PackageRule[] = org.packages;
  let advisories: readonly Advisory[] = org.advisories;
  let health = org.health;
  for (const key of Object.keys(workspace)) {
    const value = workspace[key];
    if (METADATA_KEYS.has(key)) {
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(ORG_ONLY, key)) {
      ignored.push(`${key}: ${ORG_ONLY[key]}.`);
      continue;
    }
    switch (key) {
      case 'licenses':
        licenses = mergeLicenses(licenses, value, ignored);
        break;
      case 'packages':
        packages = [...packages, ...newPackageRules(org, value, ignored)];
        break;
      case 'advisories':
        advisories = [...advisories, ...newAdvisories(org, value, ignored)];
        break;
      case 'health':
        health = mergeHealth(health, value, ignored);
        break;
      default:
        ignored.push(`${key}: not a field a repository's policy can set; ignored.`);
    }
  }
  if (licenses === org.licenses && packages === org.packages && advisories === org.advisories && health === org.health) {
    return { feed: org, ignored };
  }
  return { feed: { ...org, licenses, packages, advisories, health }, ignored };
}

// ---------------------------------------------------------------- licenses

const LICENSE_ID = /^[A-Za-z0-9][A-Za-z0-9.+\-: ]{0,299}$/;
const LIST_RANK: Readonly<Record<ListVerdict, number>> = { deny: 0, review: 1, allow: 2 };
const UNKNOWN_RANK: Readonly<Record<LicensePolicy['unknown'], number>> = { deny: 0, review: 1, unknown: 2 };

function mergeLicenses(org: LicensePolicy, value: unknown, ignored: string[]): LicensePolicy {
  if (!isPlainObject(value)) {
    ignored.push('licenses: must be an object; ignored.');
    return org;
  }
  const lists = new ListIndex(org);
  const denied: string[] = [];
  const reviewed: string[] = [];
  let defaultVerdict = org.default;
  let unknown = org.unknown;
  let changed = false;
  const cache = new LicenseEvaluationCache();
  let denyView: LicensePolicy | undefined;
  // The evaluator's own rules decide what counts as denied (`GPL-3.0+` is denied with `GPL-3.0-only`):
  // the organization's policy whole, and every deny entry so far, this file's included.
  const deniedByEvaluator = (id: string): boolean => {
    if (denyView === undefined || denyView.deny.length !== org.deny.length + denied.length) {
      denyView = { ...org, allow: [], review: [], deny: [...org.deny, ...denied], default: 'allow' };
    }
    const denies = (policy: LicensePolicy): boolean => {
      const evaluation = evaluateLicense(id, policy, cache);
      return evaluation.normalized !== null && evaluation.verdict === 'deny';
    };
    return denies(org) || denies(denyView);
  };
  const lookup = (id: string): ListVerdict => (deniedByEvaluator(id) ? 'deny' : lists.effectiveVerdict(id, defaultVerdict));
  for (const key of Object.keys(value)) {
    const item = value[key];
    switch (key) {
      case 'deny':
        for (const id of licenseIds(item, 'licenses.deny', ignored)) {
          if (lists.get(id) === 'deny') {
            continue;
          }
          lists.set(id, 'deny');
          denied.push(id);
          changed = true;
        }
        break;
      case 'review':
        for (const id of licenseIds(item, 'licenses.review', ignored)) {
          const current = lookup(id);
          if (current === 'deny') {
            ignored.push(`licenses.review: "${id}" is already denied (by the organization's policy or this file's deny list); a repository cannot loosen that.`);
            continue;
          }
          if (current === 'review') {
            continue;
          }
          lists.set(id, 'review');
          reviewed.push(id);
          changed = true;
        }
        break;
      case 'default':
        if (item === 'allow' || item === 'review' || item === 'deny') {
          if (LIST_RANK[item] < LIST_RANK[defaultVerdict]) {
            defaultVerdict = item;
            changed = true;
          } else if (item !== defaultVerdict) {
            ignored.push(`licenses.default: "${item}" is looser than the organization's "${org.default}"; ignored.`);
          }
        } else {
          ignored.push('licenses.default: must be "allow", "review" or "deny"; ignored.');
        }
        break;
      case 'unknown':
        if (item === 'unknown' || item === 'review' || item === 'deny') {
          if (UNKNOWN_RANK[item] < UNKNOWN_RANK[unknown]) {
            unknown = item;
            changed = true;
          } else if (item !== unknown) {
            ignored.push(`licenses.unknown: "${item}" is looser than the organization's "${org.unknown}"; ignored.`);
          }
        } else {
          ignored.push('licenses.unknown: must be "unknown", "review" or "deny"; ignored.');
        }
        break;
      case 'allow':
        ignored.push("licenses.allow: a repository cannot allow licenses; only the organization's feed can.");
        break;
      default:
        ignored.push(`licenses.${key}: a repository's policy can set only deny, review, default and unknown; ignored.`);
    }
  }
  if (!changed) {
    return org;
  }
  // An id this file moved leaves the looser lists it was on.
  const deniedKeys = new Set(denied.map((id) => lists.key(id)));
  const reviewedKeys = new Set(reviewed.map((id) => lists.key(id)));
  return {
    ...org,
    allow: org.allow.filter((entry) => !deniedKeys.has(lists.key(entry)) && !reviewedKeys.has(lists.key(entry))),
    review: [...org.review, ...reviewed].filter((entry) => !deniedKeys.has(lists.key(entry))),
    deny: [...org.deny, ...denied],
    default: defaultVerdict,
    unknown,
  };
}

/**
 * The license lists by canonical id, the worst list winning, so that each entry of a repository's
 * file costs a lookup rather than a scan of every list: the file may hold a thousand.
 */
class ListIndex {
  private readonly canonical = new Map<string, string>();
  private readonly lists = new Map<string, ListVerdict>();

  constructor(org: LicensePolicy) {
    for (const list of ['allow', 'review', 'deny'] as const) {
      for (const entry of org[list]) {
        this.set(entry, list);
      }
    }
  }

  key(id: string): string {
    let key = this.canonical.get(id);
    if (key === undefined) {
      key = canonicalLicense(id);
      this.canonical.set(id, key);
    }
    return key;
  }

  get(id: string): ListVerdict | undefined {
    return this.lists.get(this.key(id));
  }

  set(id: string, list: ListVerdict): void {
    this.lists.set(this.key(id), list);
  }

  /** The list verdict of one entry (`L` or `L WITH E`, falling back to `L`), else the default. */
  effectiveVerdict(id: string, defaultVerdict: ListVerdict): ListVerdict {
    const exact = this.get(id);
    if (exact !== undefined) {
      return exact;
    }
    const withAt = id.search(/\s+WITH\s+/i);
    const base = withAt === -1 ? undefined : this.get(id.slice(0, withAt));
    return base ?? defaultVerdict;
  }
}

function licenseIds(value: unknown, path: string, ignored: string[]): string[] {
  if (!Array.isArray(value)) {
    ignored.push(`${path}: must be an array of license ids; ignored.`);
    return [];
  }
  if (value.length > MAX_ITEMS) {
    ignored.push(`${path}: has more than ${MAX_ITEMS} entries; the rest are ignored.`);
  }
  const ids: string[] = [];
  value.slice(0, MAX_ITEMS).forEach((item, index) => {
    if (typeof item === 'string' && LICENSE_ID.test(item.trim())) {
      ids.push(item.trim());
    } else {
      ignored.push(`${path}[${index}]: not a license id; ignored.`);
    }
  });
  return ids;
}

/** SPDX ids compare case-insensitively; deprecated GNU ids equal their current form (`GPL-2.0` = `GPL-2.0-only`, `GPL-2.0+` = `GPL-2.0-or-later`). */
function canonicalLicense(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .split(/\s+with\s+/)
    .map((part) =>
      part
        .replace(/^((?:a|l)?gpl|gfdl)-(\d\.\d)\+$/, '$1-$2-or-later')
        .replace(/^((?:a|l)?gpl|gfdl)-(\d\.\d)$/, '$1-$2-only'),
    )
    .join(' with ');
}

// ---------------------------------------------------------------- packages

const VALIDATION_SHELL = { schemaVersion: 1, id: 'workspace', version: 1, issued: '2000-01-01T00:00:00Z' };

function newPackageRules(org: PolicyFeed, value: unknown, ignored: string[]): PackageRule[] {
  if (!Array.isArray(value)) {
    ignored.push('packages: must be an array of package rules; ignored.');
    return [];
  }
  if (value.length > MAX_ITEMS) {
    ignored.push(`packages: has more than ${MAX_ITEMS} rules; the rest are ignored.`);
  }
  const orgRules = org.packages.flatMap((rule) => {
    const parsed = parsePurlPattern(rule.match);
    return 'pattern' in parsed ? [{ rule, pattern: parsed.pattern }] : [];
  });
  const added: PackageRule[] = [];
  value.slice(0, MAX_ITEMS).forEach((item, index) => {
    const at = `packages[${index}]`;
    if (!isPlainObject(item)) {
      ignored.push(`${at}: must be an object; ignored.`);
      return;
    }
    const dropped = Object.keys(item).filter((key) => !PACKAGE_RULE_KEYS.has(key));
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(item)) {
      if (PACKAGE_RULE_KEYS.has(key)) {
        kept[key] = item[key];
      }
    }
    const checked = validateFeed({ ...VALIDATION_SHELL, packages: [kept] });
    const rule = checked.feed?.packages[0];
    if (!rule) {
      ignored.push(`${at}: invalid (${formatFeedErrors(checked.errors.map((error) => ({ ...error, path: error.path.replace(/^packages\[0\]/, at) })))}); ignored.`);
      return;
    }
    const name = `${at} (${rule.match}${rule.versions ? ` ${rule.versions}` : ''})`;
    if (rule.verdict === undefined) {
      ignored.push(`${name}: has no verdict; a repository's package rule must set one stricter than the organization's; ignored.`);
      return;
    }
    const pattern = parsePurlPattern(rule.match);
    if (!('pattern' in pattern)) {
      return;
    }
    const problem = loosens(rule.verdict, pattern.pattern, rule.versions, orgRules);
    if (problem !== undefined) {
      ignored.push(`${name}: ${problem}; ignored.`);
      return;
    }
    if (dropped.length > 0) {
      ignored.push(`${name}: ${dropped.map((key) => `"${key}"`).join(', ')} ignored; a repository's package rule can set only match, versions, verdict and reason.`);
    }
    added.push(rule);
  });
  return added;
}

/**
 * Why a repository rule with `verdict` could loosen the organization's verdict, or undefined when it
 * can only tighten. A package rule's verdict replaces the license verdict, so anything but `deny` is
 * safe only where an organization rule with a verdict covers every package and version the repository
 * rule names, that verdict is looser, and no overlapping organization rule is stricter.
 */
function loosens(verdict: Verdict, pattern: PurlPattern, versions: string | undefined, orgRules: readonly { rule: PackageRule; pattern: PurlPattern }[]): string | undefined {
  if (verdict === 'deny') {
    return undefined;
  }
  if (verdict === 'allow') {
    return 'a repository cannot allow a package; only the organization can';
  }
  const withVerdict = orgRules.filter(({ rule }) => rule.verdict !== undefined);
  const stricter = withVerdict.find(({ rule, pattern: orgPattern }) => overlaps(orgPattern, pattern) && verdictRank(rule.verdict as Verdict) <= verdictRank(verdict));
  if (stricter) {
    return `the organization's rule for ${stricter.rule.match} already says "${stricter.rule.verdict}", which "${verdict}" would not tighten`;
  }
  const covering = withVerdict.some(({ rule, pattern: orgPattern }) => covers(orgPattern, pattern) && (rule.versions === undefined || rule.versions === versions));
  if (!covering) {
    return `"${verdict}" could loosen the organization's verdict (a package rule's verdict replaces the license verdict, which may be "deny"); a repository can always add "deny", and "${verdict}" only where an organization rule gives a looser verdict`;
  }
  return undefined;
}

function covers(outer: PurlPattern, inner: PurlPattern): boolean {
  if (outer.kind === 'exact') {
    return inner.kind === 'exact' && inner.key.ecosystem === outer.key.ecosystem && inner.key.name === outer.key.name;
  }
  const ecosystem = inner.kind === 'exact' ? inner.key.ecosystem : inner.ecosystem;
  const name = inner.kind === 'exact' ? inner.key.name : inner.prefix;
  return ecosystem === outer.ecosystem && name.startsWith(outer.prefix);
}

function overlaps(a: PurlPattern, b: PurlPattern): boolean {
  return covers(a, b) || covers(b, a);
}

// ---------------------------------------------------------------- advisories and health

function newAdvisories(org: PolicyFeed, value: unknown, ignored: string[]): Advisory[] {
  if (!Array.isArray(value)) {
    ignored.push('advisories: must be an array; ignored.');
    return [];
  }
  if (value.length > MAX_ITEMS) {
    ignored.push(`advisories: has more than ${MAX_ITEMS} entries; the rest are ignored.`);
  }
  const known = new Set(org.advisories.map((advisory) => advisory.id));
  const added: Advisory[] = [];
  value.slice(0, MAX_ITEMS).forEach((item, index) => {
    const at = `advisories[${index}]`;
    const checked = validateFeed({ ...VALIDATION_SHELL, advisories: [item] });
    const advisory = checked.feed?.advisories[0];
    if (!advisory) {
      ignored.push(`${at}: invalid (${formatFeedErrors(checked.errors.map((error) => ({ ...error, path: error.path.replace(/^advisories\[0\]/, at) })))}); ignored.`);
      return;
    }
    if (known.has(advisory.id)) {
      ignored.push(`${at}: the organization's feed already has advisory ${advisory.id}; the repository's copy is ignored.`);
      return;
    }
    known.add(advisory.id);
    added.push(advisory);
  });
  return added;
}

function mergeHealth(org: PolicyFeed['health'], value: unknown, ignored: string[]): PolicyFeed['health'] {
  if (!isPlainObject(value)) {
    ignored.push('health: must be an object; ignored.');
    return org;
  }
  let warnBelow = org.warnBelow;
  let denyBelow = org.denyBelow;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (key !== 'warnBelow' && key !== 'denyBelow') {
      ignored.push(`health.${key}: a repository's policy can set only warnBelow and denyBelow; ignored.`);
      continue;
    }
    if (typeof item !== 'number' || !Number.isFinite(item) || item < 0 || item > 10) {
      ignored.push(`health.${key}: must be a number between 0 and 10; ignored.`);
      continue;
    }
    const current = key === 'warnBelow' ? warnBelow : denyBelow;
    if (current !== undefined && item < current) {
      ignored.push(`health.${key}: ${item} is looser than the organization's ${current}; ignored.`);
      continue;
    }
    if (key === 'warnBelow') {
      warnBelow = item;
    } else {
      denyBelow = item;
    }
  }
  if (warnBelow !== undefined && denyBelow !== undefined && denyBelow > warnBelow) {
    warnBelow = denyBelow; // raising the warning threshold too only tightens
  }
  if (warnBelow === org.warnBelow && denyBelow === org.denyBelow) {
    return org;
  }
  return { ...(warnBelow !== undefined ? { warnBelow } : {}), ...(denyBelow !== undefined ? { denyBelow } : {}) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
