import { jsonSyntaxProblem } from './jsonText';
import { validRange } from 'semver';
import { FeedChecker, join, type FeedError, type JsonObject } from './feedChecker';
import type { Ecosystem } from '../manifests/types';
import type {
  LookupPolicy,
  Advisory,
  ContributionPolicy,
  ContributionRule,
  ExceptionGrant,
  GovernanceEntry,
  GovernanceStatement,
  LicensePolicy,
  Organization,
  PackageRule,
  PolicyFeed,
  Sponsorship,
  TrainingSnippet,
  TrustPolicy,
} from './feedModel';
import { exactRequirement } from '../manifests/alternativeRequirement';
import { manifestNameOf } from '../manifests/dependencyEdits';
import { parsePurlPattern } from './purl';
import { versionSatisfies } from './versions';
import { VERDICTS_WORST_FIRST } from './verdict';

export type { FeedError } from './feedChecker';

export const SUPPORTED_SCHEMA_VERSION = 1;

/** The feed design's size cap, applied to text from any source. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;

export interface FeedParseResult {
  readonly feed: PolicyFeed | null;
  readonly errors: readonly FeedError[];
}

/** JSON text to a validated feed; never throws. */
export function parseFeedText(text: string): FeedParseResult {
  if (text.length > MAX_FEED_BYTES) {
    return { feed: null, errors: [{ path: '(root)', message: `the feed is ${text.length} characters; at most ${MAX_FEED_BYTES} are allowed` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { feed: null, errors: [{ path: '(root)', message: jsonSyntaxProblem(error) }] };
  }
  return validateFeed(json);
}

/** Validates parsed JSON against format 1; every problem is reported, and any problem means no feed. */
export function validateFeed(json: unknown): FeedParseResult {
  const check = new FeedChecker();
  const root = check.object(json, '');
  if (!root) {
    return { feed: null, errors: check.errors };
  }
  const schemaVersion = check.number(root, 'schemaVersion', '', { integer: true, required: true });
  if (schemaVersion !== undefined && schemaVersion !== SUPPORTED_SCHEMA_VERSION) {
    const message =
      schemaVersion > SUPPORTED_SCHEMA_VERSION
        ? `is ${schemaVersion}, newer than the format this version of OSPO Guide understands (${SUPPORTED_SCHEMA_VERSION}); update the extension`
        : `must be ${SUPPORTED_SCHEMA_VERSION}`;
    return { feed: null, errors: [{ path: 'schemaVersion', message }] };
  }
  const id = check.string(root, 'id', '', { required: true, maxLength: 200 });
  const version = check.number(root, 'version', '', { integer: true, min: 1, required: true });
  const issued = dateTime(check, root, 'issued', '', true);
  const expires = dateTime(check, root, 'expires', '', false);
  const feed: PolicyFeed = {
    schemaVersion: 1,
    id: id ?? '',
    version: version ?? 0,
    issued: issued ?? '',
    ...(expires !== undefined ? { expires } : {}),
    organization: readOrganization(check, root, id ?? ''),
    licenses: readLicenses(check, root),
    packages: check.array(root, 'packages', '', (item, path) => readPackageRule(check, item, path)),
    health: readHealth(check, root),
    advisories: check.array(root, 'advisories', '', (item, path) => readAdvisory(check, item, path)),
    exceptions: check.array(root, 'exceptions', '', (item, path) => readException(check, item, path)),
    contribution: readContribution(check, root),
    training: check.array(root, 'training', '', (item, path) => readTraining(check, item, path), 1000),
    governance: readGovernanceEntries(check, root, ''),
    sponsorships: check.array(root, 'sponsorships', '', (item, path) => readSponsorship(check, item, path)),
    trust: readTrust(check, root),
    ...optional('lookups', readLookups(check, root)),
  };
  return check.errors.length > 0 ? { feed: null, errors: check.errors } : { feed, errors: [] };
}

/** RFC 3339 date-time (`2026-11-23T10:00:00Z`, with offset or fraction), as the format requires. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
/** A plain date is enough where the format speaks of a day (`until`, health `date`). */
const DATE_OR_DATE_TIME = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$/;

function dateTime(check: FeedChecker, parent: JsonObject, key: string, path: string, required: boolean): string | undefined {
  const value = check.string(parent, key, path, { required, maxLength: 64 });
  if (value !== undefined && (!RFC3339.test(value) || Number.isNaN(Date.parse(value)))) {
    check.error(join(path, key), `must be an RFC 3339 date-time such as "2026-11-23T10:00:00Z", not "${value}"`);
    return undefined;
  }
  return value;
}

function date(check: FeedChecker, parent: JsonObject, key: string, path: string): string | undefined {
  const value = check.string(parent, key, path, { maxLength: 64 });
  if (value !== undefined && (!DATE_OR_DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
    check.error(join(path, key), `must be a date such as "2027-12-31", not "${value}"`);
    return undefined;
  }
  return value;
}

function url(check: FeedChecker, parent: JsonObject, key: string, path: string, schemes: readonly string[]): string | undefined {
  const value = check.string(parent, key, path);
  if (value === undefined) {
    return undefined;
  }
  let scheme: string;
  try {
    // A template's placeholders are not valid URL characters until they are replaced.
    scheme = new URL(value.replace(/[{}]/g, '')).protocol;
  } catch {
    check.error(join(path, key), `must be a URL, not "${value}"`);
    return undefined;
  }
  if (!schemes.includes(scheme)) {
    check.error(join(path, key), `must be an ${schemes.map((item) => item.slice(0, -1)).join(' or ')} URL, not "${value}"`);
    return undefined;
  }
  return value;
}

function purlField(check: FeedChecker, parent: JsonObject, key: string, path: string, options: { wildcard: boolean }): string | undefined {
  const value = check.string(parent, key, path, { required: true, maxLength: 500 });
  if (value === undefined) {
    return undefined;
  }
  const parsed = parsePurlPattern(value);
  if ('error' in parsed) {
    check.error(join(path, key), `"${value}" ${parsed.error}`);
    return undefined;
  }
  if (!options.wildcard && parsed.pattern.kind === 'prefix') {
    check.error(join(path, key), `"${value}" must name one package, without "*"`);
    return undefined;
  }
  return value;
}

function versionRange(check: FeedChecker, parent: JsonObject, key: string, path: string): string | undefined {
  const value = check.string(parent, key, path, { maxLength: 500 });
  if (value !== undefined && validRange(value) === null) {
    check.error(join(path, key), `"${value}" is not an npm-style version range such as ">=4.7.0" or "<3"`);
    return undefined;
  }
  return value;
}

/** An alternative's one exact version: a version of the purl's ecosystem (Go: canonical, fitting the module path), inside `spec` when both are given. */
function alternativeVersion(check: FeedChecker, parent: JsonObject, path: string, purl: string | undefined, spec: string | undefined): string | undefined {
  const value = check.string(parent, 'version', path, { maxLength: 100 });
  const parsed = purl === undefined ? null : parsePurlPattern(purl);
  if (value === undefined || parsed === null || 'error' in parsed || parsed.pattern.kind !== 'exact') {
    return value;
  }
  const { ecosystem, name } = parsed.pattern.key;
  const kind = ecosystem === 'go' ? 'gomod' : ecosystem === 'pypi' ? 'requirements' : ecosystem === 'rubygems' ? 'gemfile' : ecosystem;
  if (exactRequirement(kind, manifestNameOf(ecosystem, name), value) === null) {
    check.error(join(path, 'version'), ecosystem === 'go' ? `"${value}" is not a version of ${name}: Go wants one such as v1.6.2, with the major version its module path names` : `"${value}" is not one exact version`);
    return undefined;
  }
  if (spec !== undefined && !versionSatisfies(value, spec, ecosystem)) {
    check.error(join(path, 'version'), `${value} is not inside the alternative's spec ${spec}`);
    return undefined;
  }
  return value;
}

function readOrganization(check: FeedChecker, root: JsonObject, id: string): Organization {
  const object = check.optionalObject(root, 'organization', '') ?? {};
  const contact = check.optionalObject(object, 'contact', 'organization') ?? {};
  const email = check.string(contact, 'email', 'organization.contact', { maxLength: 320 });
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) {
    check.error('organization.contact.email', `"${email}" is not an email address`);
  }
  const contactUrl = url(check, contact, 'url', 'organization.contact', ['https:']);
  const chat = url(check, contact, 'chat', 'organization.contact', ['https:']);
  const exceptionRequestUrl = url(check, object, 'exceptionRequestUrl', 'organization', ['https:', 'mailto:']);
  return {
    name: check.string(object, 'name', 'organization', { maxLength: 200 }) ?? id,
    contact: { ...(email !== undefined ? { email } : {}), ...(contactUrl !== undefined ? { url: contactUrl } : {}), ...(chat !== undefined ? { chat } : {}) },
    ...(exceptionRequestUrl !== undefined ? { exceptionRequestUrl } : {}),
  };
}

function readLicenses(check: FeedChecker, root: JsonObject): LicensePolicy {
  const object = check.optionalObject(root, 'licenses', '') ?? {};
  const path = 'licenses';
  return {
    allow: check.stringArray(object, 'allow', path, { maxLength: 500 }),
    review: check.stringArray(object, 'review', path, { maxLength: 500 }),
    deny: check.stringArray(object, 'deny', path, { maxLength: 500 }),
    default: check.oneOf(object, 'default', path, ['allow', 'review', 'deny'] as const) ?? 'review',
    unknown: check.oneOf(object, 'unknown', path, ['unknown', 'review', 'deny'] as const) ?? 'unknown',
    notes: check.map(object, 'notes', path, (value, valuePath) => {
      if (typeof value !== 'string' || value.length > 10_000) {
        check.error(valuePath, 'must be a string of at most 10,000 characters');
        return undefined;
      }
      return value;
    }),
    training: check.map(object, 'training', path, (value, valuePath) => check.stringList(value, valuePath, { maxLength: 200 })),
  };
}

function readPackageRule(check: FeedChecker, item: unknown, path: string): PackageRule | undefined {
  const object = check.object(item, path);
  if (!object) {
    return undefined;
  }
  const match = purlField(check, object, 'match', path, { wildcard: true });
  const versions = versionRange(check, object, 'versions', path);
  const license = check.string(object, 'license', path, { maxLength: 2000 });
  const verdict = check.oneOf(object, 'verdict', path, VERDICTS_WORST_FIRST);
  const reason = check.string(object, 'reason', path, { maxLength: 10_000 });
  const alternatives = check.array(object, 'alternatives', path, (alternative, alternativePath) => {
    const alternativeObject = check.object(alternative, alternativePath);
    if (!alternativeObject) {
      return undefined;
    }
    const purl = purlField(check, alternativeObject, 'purl', alternativePath, { wildcard: false });
    const spec = versionRange(check, alternativeObject, 'spec', alternativePath);
    const version = alternativeVersion(check, alternativeObject, alternativePath, purl, spec);
    return purl === undefined ? undefined : { purl, ...(spec !== undefined ? { spec } : {}), ...(version !== undefined ? { version } : {}) };
  });
  const supportObject = check.optionalObject(object, 'support', path);
  const supportPath = join(path, 'support');
  const support = supportObject
    ? {
        level: check.oneOf(supportObject, 'level', supportPath, ['vendor', 'internal', 'community', 'none', 'eol'] as const, { required: true }) ?? 'none',
        ...optional('note', check.string(supportObject, 'note', supportPath, { maxLength: 10_000 })),
        ...optional('contact', check.string(supportObject, 'contact', supportPath, { maxLength: 500 })),
        ...optional('until', date(check, supportObject, 'until', supportPath)),
      }
    : undefined;
  const governanceObject = check.optionalObject(object, 'governance', path);
  const governance = governanceObject ? readGovernanceStatement(check, governanceObject, join(path, 'governance')) : undefined;
  const healthObject = check.optionalObject(object, 'health', path);
  const healthPath = join(path, 'health');
  const score = healthObject ? check.number(healthObject, 'score', healthPath, { min: 0, max: 10, required: true }) : undefined;
  const health =
    healthObject && score !== undefined
      ? {
          score,
          ...optional('source', check.string(healthObject, 'source', healthPath, { maxLength: 200 })),
          ...optional('date', date(check, healthObject, 'date', healthPath)),
        }
      : undefined;
  if (match === undefined) {
    return undefined;
  }
  return {
    match,
    ...optional('versions', versions),
    ...optional('license', license),
    ...optional('verdict', verdict),
    ...optional('reason', reason),
    alternatives,
    ...optional('support', support),
    ...optional('health', health),
    ...optional('governance', governance),
    training: check.stringArray(object, 'training', path, { maxLength: 200 }),
  };
}

const GOVERNANCE_KINDS = ['foundation', 'single-vendor', 'community'] as const;

/** `governance` entries of a feed (or of the bundled list): a purl or repository pattern and who governs what it names. */
export function readGovernanceEntries(check: FeedChecker, parent: JsonObject, path: string): GovernanceEntry[] {
  return check.array(parent, 'governance', path, (item, itemPath) => {
    const object = check.object(item, itemPath);
    if (!object) {
      return undefined;
    }
    if ('match' in object === 'repository' in object) {
      check.error(itemPath, 'needs exactly one of "match" (a purl pattern) and "repository" (a repository pattern)');
      return undefined;
    }
    const statement = readGovernanceStatement(check, object, itemPath);
    if ('repository' in object) {
      const repository = repositoryPattern(check, object, itemPath);
      return repository === undefined || statement === undefined ? undefined : { repository, ...statement };
    }
    const match = purlField(check, object, 'match', itemPath, { wildcard: true });
    return match === undefined || statement === undefined ? undefined : { match, ...statement };
  });
}

/** Lower case host and path as `repositoryLocation` writes them, with `*` only at the end. */
const REPOSITORY_PATTERN = /^[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._~-]+)*(?:\/\*|\*)?$/;

function repositoryPattern(check: FeedChecker, object: JsonObject, path: string): string | undefined {
  const value = check.string(object, 'repository', path, { required: true, maxLength: 500 });
  if (value !== undefined && !(REPOSITORY_PATTERN.test(value) && value.includes('/'))) {
    check.error(join(path, 'repository'), `"${value}" is not a repository's host and path in lower case without a scheme, such as "github.com/apache/*" or "github.com/microsoft/typescript"`);
    return undefined;
  }
  return value;
}

function readGovernanceStatement(check: FeedChecker, object: JsonObject, path: string): GovernanceStatement | undefined {
  const kind = check.oneOf(object, 'kind', path, GOVERNANCE_KINDS, { required: true });
  const steward = check.string(object, 'steward', path, { maxLength: 200 });
  const source = url(check, object, 'source', path, ['https:']);
  const relicensed = check.array(object, 'relicensed', path, (item, itemPath) => {
    const change = check.object(item, itemPath);
    if (!change) {
      return undefined;
    }
    const when = date(check, change, 'date', itemPath);
    const from = check.string(change, 'from', itemPath, { required: true, maxLength: 200 });
    const to = check.string(change, 'to', itemPath, { required: true, maxLength: 200 });
    const changeSource = url(check, change, 'source', itemPath, ['https:']);
    if (when === undefined) {
      check.error(join(itemPath, 'date'), 'is required');
    }
    return when === undefined || from === undefined || to === undefined ? undefined : { date: when, from, to, ...optional('source', changeSource) };
  });
  return kind === undefined ? undefined : { kind, ...optional('steward', steward), ...optional('source', source), relicensed };
}

function readSponsorship(check: FeedChecker, item: unknown, path: string): Sponsorship | undefined {
  const object = check.object(item, path);
  if (!object) {
    return undefined;
  }
  const match = purlField(check, object, 'match', path, { wildcard: true });
  const how = check.string(object, 'how', path, { required: true, maxLength: 300 });
  const contact = check.string(object, 'contact', path, { maxLength: 300 });
  return match !== undefined && how !== undefined ? { match, how, ...optional('contact', contact) } : undefined;
}

function readTrust(check: FeedChecker, root: JsonObject): TrustPolicy {
  const object = check.optionalObject(root, 'trust', '') ?? {};
  const stale = check.optionalObject(object, 'noReleaseFor', 'trust');
  const days = stale ? check.number(stale, 'days', 'trust.noReleaseFor', { required: true, min: 1, max: 36_500, integer: true }) : undefined;
  const staleVerdict = stale ? check.oneOf(stale, 'verdict', 'trust.noReleaseFor', ['review', 'deny'] as const, { required: true }) : undefined;
  return {
    ...optional('relicensingVendor', check.oneOf(object, 'relicensingVendor', 'trust', ['review', 'deny'] as const)),
    ...(days !== undefined && staleVerdict !== undefined ? { noReleaseFor: { days, verdict: staleVerdict } } : {}),
    ...optional('soleMaintainer', check.oneOf(object, 'soleMaintainer', 'trust', ['review', 'deny'] as const)),
  };
}

function readHealth(check: FeedChecker, root: JsonObject): PolicyFeed['health'] {
  const object = check.optionalObject(root, 'health', '') ?? {};
  const warnBelow = check.number(object, 'warnBelow', 'health', { min: 0, max: 10 });
  const denyBelow = check.number(object, 'denyBelow', 'health', { min: 0, max: 10 });
  if (warnBelow !== undefined && denyBelow !== undefined && denyBelow > warnBelow) {
    check.error('health.denyBelow', `(${denyBelow}) must not be above warnBelow (${warnBelow})`);
  }
  return { ...optional('warnBelow', warnBelow), ...optional('denyBelow', denyBelow) };
}

const OSV_ECOSYSTEMS = ['npm', 'PyPI', 'crates.io', 'Go', 'Maven', 'RubyGems', 'Packagist'] as const;

function readAdvisory(check: FeedChecker, item: unknown, path: string): Advisory | undefined {
  const object = check.object(item, path);
  if (!object) {
    return undefined;
  }
  const id = check.string(object, 'id', path, { required: true, maxLength: 200 });
  const affected = check.array(object, 'affected', path, (entry, entryPath) => {
    const entryObject = check.object(entry, entryPath);
    const packageObject = entryObject && check.optionalObject(entryObject, 'package', entryPath);
    if (!entryObject || !packageObject) {
      if (entryObject) {
        check.error(join(entryPath, 'package'), 'is required');
      }
      return undefined;
    }
    const packagePath = join(entryPath, 'package');
    const ecosystem = check.oneOf(packageObject, 'ecosystem', packagePath, OSV_ECOSYSTEMS, { required: true });
    const name = check.string(packageObject, 'name', packagePath, { required: true, maxLength: 500 });
    const ranges = check.array(entryObject, 'ranges', entryPath, (range, rangePath) => {
      const rangeObject = check.object(range, rangePath);
      if (!rangeObject) {
        return undefined;
      }
      const type = check.string(rangeObject, 'type', rangePath, { required: true, maxLength: 20 });
      // OSV records copied from osv.dev also carry GIT ranges; commits mean nothing to a manifest.
      if (type !== 'SEMVER' && type !== 'ECOSYSTEM') {
        if (type !== 'GIT' && type !== undefined) {
          check.error(join(rangePath, 'type'), `must be "SEMVER", "ECOSYSTEM" or "GIT", not "${type}"`);
        }
        return undefined;
      }
      const events = check.array(rangeObject, 'events', rangePath, (event, eventPath) => {
        const eventObject = check.object(event, eventPath);
        if (!eventObject) {
          return undefined;
        }
        const introduced = check.string(eventObject, 'introduced', eventPath, { maxLength: 200 });
        const fixed = check.string(eventObject, 'fixed', eventPath, { maxLength: 200 });
        const lastAffected = check.string(eventObject, 'last_affected', eventPath, { maxLength: 200 });
        if (introduced === undefined && fixed === undefined && lastAffected === undefined) {
          check.error(eventPath, 'must have "introduced", "fixed" or "last_affected"');
          return undefined;
        }
        return { ...optional('introduced', introduced), ...optional('fixed', fixed), ...optional('last_affected', lastAffected) };
      });
      return { type: type as 'SEMVER' | 'ECOSYSTEM', events };
    });
    const versions = check.stringArray(entryObject, 'versions', entryPath, { maxLength: 200 });
    return ecosystem !== undefined && name !== undefined ? { package: { ecosystem, name }, ranges, versions } : undefined;
  });
  if (id === undefined) {
    return undefined;
  }
  return {
    id,
    aliases: check.stringArray(object, 'aliases', path, { maxLength: 200 }),
    ...optional('summary', check.string(object, 'summary', path, { maxLength: 2000 })),
    ...optional('details', check.string(object, 'details', path, { maxLength: 100_000 })),
    affected,
    verdict: check.oneOf(object, 'verdict', path, ['deny', 'review'] as const) ?? 'deny',
  };
}

function readException(check: FeedChecker, item: unknown, path: string): ExceptionGrant | undefined {
  const object = check.object(item, path);
  if (!object) {
    return undefined;
  }
  const match = purlField(check, object, 'match', path, { wildcard: true });
  const verdict = check.oneOf(object, 'verdict', path, VERDICTS_WORST_FIRST, { required: true });
  const repos = object.repos === undefined ? undefined : check.stringArray(object, 'repos', path, { maxLength: 300 });
  repos?.forEach((repo, index) => {
    const star = repo.indexOf('*');
    if (star !== -1 && (star !== repo.length - 1 || repo[star - 1] !== '/')) {
      check.error(`${join(path, 'repos')}[${index}]`, `"${repo}" may use "*" only as the whole last segment, e.g. "github.com/acme/*"`);
    }
  });
  const result = {
    ...optional('versions', versionRange(check, object, 'versions', path)),
    ...optional('repos', repos),
    ...optional('until', date(check, object, 'until', path)),
    ...optional('ticket', check.string(object, 'ticket', path, { maxLength: 200 })),
  };
  return match !== undefined && verdict !== undefined ? { match, verdict, ...result } : undefined;
}

const CONTRIBUTION_STATUSES = ['pre-approved', 'needs-approval', 'forbidden', 'inner-source'] as const;

const REGISTRY_ECOSYSTEMS: readonly Ecosystem[] = ['npm', 'pypi', 'cargo', 'go', 'maven', 'rubygems', 'composer'];

function readLookups(check: FeedChecker, root: JsonObject): LookupPolicy | undefined {
  const object = check.optionalObject(root, 'lookups', '');
  if (!object) {
    return undefined;
  }
  const path = 'lookups';
  const allowed = check.boolean(object, 'allowed', path) ?? true;
  const registriesObject = check.optionalObject(object, 'registries', path) ?? {};
  const registries: Partial<Record<Ecosystem, string>> = {};
  for (const key of Object.keys(registriesObject)) {
    const ecosystem = REGISTRY_ECOSYSTEMS.find((candidate) => candidate === key);
    if (ecosystem === undefined) {
      check.error(join(join(path, 'registries'), key), `is not an ecosystem; use one of ${REGISTRY_ECOSYSTEMS.join(', ')}`);
      continue;
    }
    const value = registryUrl(check, registriesObject, key, join(path, 'registries'), ecosystem === 'cargo');
    if (value !== undefined) {
      registries[ecosystem] = value;
    }
  }
  const depsDev = object.depsDev === false ? false : registryUrl(check, object, 'depsDev', path, false);
  const internal = check.stringArray(object, 'internal', path, { maxLength: 500, maxItems: 1000 }).filter((pattern, index) => {
    const parsed = parsePurlPattern(pattern);
    if ('error' in parsed) {
      check.error(join(path, `internal[${index}]`), `"${pattern}" ${parsed.error}`);
      return false;
    }
    return true;
  });
  return { allowed, registries, ...(depsDev !== undefined ? { depsDev } : {}), internal };
}

/** Registry URLs are https (http only on loopback, for a mirror on the developer's machine). */
function registryUrl(check: FeedChecker, parent: JsonObject, key: string, path: string, sparse: boolean): string | undefined {
  // Cargo names a sparse index `sparse+https://…` (Cargo Book, "Registry Index"); no other ecosystem has that scheme.
  const value = url(check, parent, key, path, sparse ? ['https:', 'http:', 'sparse+https:'] : ['https:', 'http:']);
  if (value === undefined) {
    return undefined;
  }
  const host = new URL(value.replace(/^sparse\+/, '')).hostname;
  if (value.startsWith('http:') && host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    check.error(join(path, key), `must be an https URL (http only on loopback), not "${value}"`);
    return undefined;
  }
  return value;
}

function readContributionRule(check: FeedChecker, object: JsonObject, path: string): ContributionRule | undefined {
  const status = check.oneOf(object, 'status', path, CONTRIBUTION_STATUSES, { required: true });
  const rule = {
    ...optional('approvalUrl', url(check, object, 'approvalUrl', path, ['https:', 'mailto:'])),
    ...optional('cla', check.oneOf(object, 'cla', path, ['corporate-signed', 'corporate-only', 'individual-allowed', 'none'] as const)),
    ...optional('dco', check.boolean(object, 'dco', path)),
    ...optional('email', check.oneOf(object, 'email', path, ['corporate', 'any'] as const)),
    ...optional('notes', check.string(object, 'notes', path, { maxLength: 50_000 })),
  };
  return status === undefined ? undefined : { status, ...rule };
}

function readContribution(check: FeedChecker, root: JsonObject): ContributionPolicy {
  const object = check.optionalObject(root, 'contribution', '') ?? {};
  const defaultObject = check.optionalObject(object, 'default', 'contribution');
  const projects = check.array(object, 'projects', 'contribution', (item, itemPath) => {
    const project = check.object(item, itemPath);
    if (!project) {
      return undefined;
    }
    const match = check.string(project, 'match', itemPath, { required: true, maxLength: 300 });
    if (match !== undefined && match.includes('*') && !match.endsWith('/*')) {
      check.error(join(itemPath, 'match'), `"${match}" may use "*" only as the whole last segment, e.g. "github.com/kubernetes/*"`);
    }
    const rule = readContributionRule(check, project, itemPath);
    return match !== undefined && rule ? { match, ...rule } : undefined;
  });
  return {
    default: (defaultObject && readContributionRule(check, defaultObject, 'contribution.default')) || { status: 'needs-approval' },
    projects,
    checklist: check.stringArray(object, 'checklist', 'contribution', { maxLength: 1000, maxItems: 100 }),
  };
}

function readTraining(check: FeedChecker, item: unknown, path: string): TrainingSnippet | undefined {
  const object = check.object(item, path);
  if (!object) {
    return undefined;
  }
  const id = check.string(object, 'id', path, { required: true, maxLength: 200 });
  const title = check.string(object, 'title', path, { required: true, maxLength: 300 });
  const markdown = check.string(object, 'markdown', path, { required: true, maxLength: 200_000 });
  const minutes = check.number(object, 'minutes', path, { min: 0, max: 600 });
  const audience = check.array(object, 'audience', path, (value, valuePath) => {
    if (value === 'newcomer' || value === 'developer' || value === 'contributor') {
      return value;
    }
    check.error(valuePath, `must be "newcomer", "developer" or "contributor", not ${JSON.stringify(value)}`);
    return undefined;
  });
  const triggers = check.stringArray(object, 'triggers', path, { maxLength: 300 });
  triggers.forEach((trigger, index) => {
    const colon = trigger.indexOf(':');
    const kind = trigger.slice(0, colon);
    if (colon <= 0 || !['license', 'verdict', 'reason', 'contribution'].includes(kind) || colon === trigger.length - 1) {
      check.error(`${join(path, 'triggers')}[${index}]`, `"${trigger}" must be "license:<id>", "verdict:<verdict>", "reason:<kind>" or "contribution:<status>"`);
    }
  });
  return id !== undefined && title !== undefined && markdown !== undefined
    ? { id, title, ...optional('minutes', minutes), audience, markdown, triggers }
    : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
