import { createHash } from 'node:crypto';
import { pep503Name } from '../../../policy/purl';
import { identifyLicenseTexts } from '../../licenseText/identifyOnDemand';
import { type CoreMetadata, licenseFromMetadata, parseCoreMetadata } from '../../pypi/metadata';
import type { DeclaredLicense } from '../../types';
import { CachedLookup, type LookupOutcome } from '../cachedLookup';
import type { RegistryOutcome } from '../registryHttp';
import type { RegistryClient, RegistryClientFactory, RegistryContext, RegistryListing, RegistryVersion } from '../types';
import { type IndexPlan, readIndexPlan, tiersFor } from './indexPlan';
import { authorizationFor, type PackageIndex } from './indexUrl';
import { type CompactProject, type CompactVersion, readProjectPage, SIMPLE_ACCEPT } from './simpleProject';
import { metadataFromReleaseJson, prefersJsonApi, releaseJsonUrl } from './warehouseJson';

/** A project page as cached: its versions, or that this index does not have the project. */
type CachedProject = { readonly versions: readonly CompactVersion[] } | { readonly absent: 1 };

/** A version's license as cached; `{}` when the index says nothing usable. */
type CachedLicense = Partial<DeclaredLicense>;

export interface PypiRegistryClientOptions extends RegistryContext {
  readonly plan: IndexPlan;
  /** Project pages of projects with thousands of wheels run to tens of MiB; default 64 MiB. */
  readonly maxProjectBytes?: number;
  /** Core metadata files (the long description included); default 8 MiB. */
  readonly maxMetadataBytes?: number;
  /** Warehouse JSON for one release (the description included); default 16 MiB. */
  readonly maxReleaseJsonBytes?: number;
}

/** The PyPI client for a folder, configured from pip's configuration and, in a trusted workspace, the project's own index settings. */
export const createPypiRegistryClient: RegistryClientFactory = async (sources, context) => {
  try {
    const { plan, files, problems } = await readIndexPlan(sources);
    return { client: new PypiRegistryClient({ ...context, plan }), files, problems };
  } catch (error) {
    // Without its configuration the client must not fall back to PyPI: a private index's names would go there.
    const plan: IndexPlan = { tool: 'pip', tiers: [], pins: new Map(), credentials: [] };
    return { client: new PypiRegistryClient({ ...context, plan }), files: [], problems: [`could not read the Python package index configuration: ${(error as Error).message ?? String(error)}`] };
  }
};

/**
 * The PyPA Simple repository API (https://packaging.python.org/en/latest/specifications/simple-repository-api/),
 * which PyPI, devpi, Artifactory, Nexus, GitLab and every pip-compatible mirror serve:
 * `GET <index>/<normalized name>/` lists the files of every version, in JSON (PEP 691) or HTML
 * (PEP 503), with yanked files marked (PEP 592) and, per file, whether its core metadata is served
 * beside it (PEP 658, renamed by PEP 714). A version's license is read from that metadata file
 * (`License-Expression`, then `License`, then classifiers), or from Warehouse's JSON API where the
 * index has one. Several indexes are combined as the project's own tool would (see `IndexPlan`).
 */
export class PypiRegistryClient implements RegistryClient {
  readonly ecosystem = 'pypi' as const;
  private readonly projects: CachedLookup<CachedProject>;
  private readonly licenses: CachedLookup<CachedLicense>;
  /** Indexes found without Warehouse's JSON API in this session. */
  private readonly withoutJsonApi = new Set<string>();

  constructor(private readonly options: PypiRegistryClientOptions) {
    const now = options.now ?? Date.now;
    const onError = (message: string) => options.log?.(message);
    const dir = options.cacheDir !== undefined ? { dir: options.cacheDir } : {};
    this.projects = new CachedLookup<CachedProject>({ ...dir, namespace: 'pypi-projects', isValue: isCachedProject, now, onError, ttlMs: 6 * 60 * 60 * 1000 });
    // A release's files never change once uploaded (only their yanked flag does), so neither does its license.
    this.licenses = new CachedLookup<CachedLicense>({ ...dir, namespace: 'pypi-licenses', isValue: isCachedLicense, now, onError, ttlMs: 30 * 24 * 60 * 60 * 1000 });
  }

  hostFor(name: string): string | undefined {
    return this.hostsFor(name)[0];
  }

  /**
   * The hosts of every index of every tier the name may be looked up on. Core metadata files may
   * be served from another host the project page names (files.pythonhosted.org for PyPI), which is
   * known only once the page is read.
   */
  hostsFor(name: string): readonly string[] {
    if (!isValidName(name) || this.options.isPrivate?.('pypi', name) === true || this.options.isPrivate?.('pypi', pep503Name(name)) === true) {
      return [];
    }
    return [...new Set(tiersFor(this.options.plan, name).flatMap((tier) => tier.map((index) => index.host)))];
  }

  async listing(name: string): Promise<RegistryListing | undefined> {
    const found = await this.locate(name);
    if (found === undefined) {
      return undefined;
    }
    // Merged indexes list a version once; it is withdrawn only where every index that has it withdrew it.
    const versions = new Map<string, { version: string; withdrawn: boolean }>();
    for (const { versions: list } of found.map((entry) => entry.project)) {
      for (const [version, withdrawn] of list) {
        const key = version.toLowerCase();
        const known = versions.get(key);
        versions.set(key, { version: known?.version ?? version, withdrawn: (known?.withdrawn ?? true) && withdrawn === 1 });
      }
    }
    return { versions: [...versions.values()].map(({ version, withdrawn }): RegistryVersion => (withdrawn ? { version, withdrawn: true } : { version })) };
  }

  async license(name: string, version: string): Promise<DeclaredLicense | undefined> {
    const found = await this.locate(name);
    if (found === undefined) {
      return undefined;
    }
    const project = pep503Name(name);
    for (const { index, project: page } of found) {
      const entry = page.versions.find(([listed]) => listed === version) ?? page.versions.find(([listed]) => listed.toLowerCase() === version.toLowerCase());
      if (entry === undefined) {
        continue;
      }
      const cached = await this.licenses.get(`${index.url}\n${project}\n${entry[0]}`, () => this.fetchLicense(index, project, entry), this.options.offline);
      if (cached?.value !== undefined && cached.source !== undefined) {
        return { value: cached.value, source: cached.source, ...(cached.confidence !== undefined ? { confidence: cached.confidence } : {}) };
      }
      // The first index that has the version is the one the installer takes it from.
      return undefined;
    }
    return undefined;
  }

  /**
   * The indexes that have the project, with their pages: the whole first tier that has it. A tier
   * where an index could not be reached and none has the project stops the search, since a later
   * tier could otherwise answer for a package the unreachable index holds.
   */
  private async locate(name: string): Promise<{ index: PackageIndex; project: CompactProject }[] | undefined> {
    if (this.hostFor(name) === undefined) {
      return undefined;
    }
    const project = pep503Name(name);
    for (const tier of tiersFor(this.options.plan, name)) {
      const pages = await Promise.all(tier.map(async (index) => ({ index, page: await this.projects.get(`${index.url}\n${project}`, (etag) => this.fetchProject(index, project, etag), this.options.offline) })));
      const present: { index: PackageIndex; project: CompactProject }[] = [];
      for (const { index, page } of pages) {
        if (page !== undefined && 'versions' in page) {
          present.push({ index, project: page });
        }
      }
      if (present.length > 0) {
        return present;
      }
      if (pages.some(({ page }) => page === undefined)) {
        return undefined;
      }
    }
    return undefined;
  }

  private async fetchProject(index: PackageIndex, project: string, etag: string | undefined): Promise<LookupOutcome<CachedProject>> {
    // Clients MUST request the normalized URL, ending in `/` ("Project Detail").
    const url = `${index.url}${project}/`;
    const authorization = authorizationFor(this.options.plan.credentials, url);
    const outcome = await this.options.http.get({
      url,
      accept: SIMPLE_ACCEPT,
      maxBytes: this.options.maxProjectBytes ?? 64 * 1024 * 1024,
      timeoutMs: 30_000,
      ...(authorization !== undefined ? { authorization } : {}),
      ...(etag !== undefined ? { etag } : {}),
    });
    switch (outcome.kind) {
      case 'ok': {
        const page = readProjectPage(outcome.bytes, url, project);
        if (page.kind === 'malformed') {
          this.options.http.report(index.host, 'malformed', `${index.host} ${page.message}`);
          return { kind: 'failed', perKey: true };
        }
        return { kind: 'found', value: { versions: page.project.versions }, ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}) };
      }
      case 'not-modified':
        return { kind: 'not-modified' };
      case 'not-found':
        return { kind: 'found', value: { absent: 1 } };
      default:
        return failed(outcome);
    }
  }

  /** The license of one version: from its core metadata file and from the JSON API, in the order that suits the index. */
  private async fetchLicense(index: PackageIndex, project: string, entry: CompactVersion): Promise<LookupOutcome<CachedLicense>> {
    const steps = prefersJsonApi(index) ? [() => this.fromReleaseJson(index, project, entry[0]), () => this.fromMetadataFile(index, entry)] : [() => this.fromMetadataFile(index, entry), () => this.fromReleaseJson(index, project, entry[0])];
    let unreachable: LookupOutcome<CachedLicense> | undefined;
    for (const step of steps) {
      const result = await step();
      if (result === undefined) {
        continue;
      }
      if (result.kind === 'found') {
        return result;
      }
      unreachable ??= result;
    }
    return unreachable ?? { kind: 'found', value: {} };
  }

  /** PEP 658: `<file URL>.metadata`, checked against the hash the index gave for it. Undefined when the index serves none. */
  private async fromMetadataFile(index: PackageIndex, entry: CompactVersion): Promise<LookupOutcome<CachedLicense> | undefined> {
    const [, , url, sha256] = entry;
    if (url === '') {
      return undefined;
    }
    const outcome = await this.get(url, '*/*', this.options.maxMetadataBytes ?? 8 * 1024 * 1024);
    if (outcome.kind !== 'ok') {
      return outcome.kind === 'not-found' || outcome.kind === 'not-modified' ? undefined : failed(outcome);
    }
    if (sha256 !== '' && createHash('sha256').update(outcome.bytes).digest('hex') !== sha256) {
      this.options.http.report(index.host, 'malformed', `a core metadata file listed by ${index.host} does not match its sha256`);
      return undefined;
    }
    return { kind: 'found', value: licenseOf(parseCoreMetadata(outcome.bytes.toString('utf8')), `${index.host} METADATA`) ?? {} };
  }

  /** Warehouse's `/pypi/<project>/<version>/json`; undefined where the index has no such API. */
  private async fromReleaseJson(index: PackageIndex, project: string, version: string): Promise<LookupOutcome<CachedLicense> | undefined> {
    const url = releaseJsonUrl(index, project, version);
    if (url === undefined || this.withoutJsonApi.has(index.url)) {
      return undefined;
    }
    const outcome = await this.get(url, 'application/json', this.options.maxReleaseJsonBytes ?? 16 * 1024 * 1024);
    if (outcome.kind === 'not-found' || outcome.kind === 'not-modified') {
      // The listing has this version, so a 404 means the index has no JSON API.
      this.withoutJsonApi.add(index.url);
      return undefined;
    }
    if (outcome.kind !== 'ok') {
      return failed(outcome);
    }
    let metadata: CoreMetadata | undefined;
    try {
      metadata = metadataFromReleaseJson(JSON.parse(outcome.bytes.toString('utf8')));
    } catch {
      metadata = undefined;
    }
    if (metadata === undefined) {
      this.withoutJsonApi.add(index.url);
      return undefined;
    }
    return { kind: 'found', value: licenseOf(metadata, `${index.host} JSON API`) ?? {} };
  }

  private get(url: string, accept: string, maxBytes: number): Promise<RegistryOutcome> {
    const authorization = authorizationFor(this.options.plan.credentials, url);
    return this.options.http.get({ url, accept, maxBytes, timeoutMs: 30_000, ...(authorization !== undefined ? { authorization } : {}) });
  }
}

/**
 * The declared license: `License-Expression`, a short `License`, or the classifiers (the license
 * files a vague declaration points to are not fetched); else a `License` field holding a whole
 * license text, identified.
 */
function licenseOf(metadata: CoreMetadata, where: string): DeclaredLicense | undefined {
  const declared = licenseFromMetadata(metadata, where);
  if (declared.license !== undefined) {
    return declared.license;
  }
  if (declared.text !== undefined) {
    try {
      const identified = identifyLicenseTexts(declared.text);
      if (identified !== null && identified.ids.length > 0) {
        return { value: identified.ids.length === 1 ? identified.ids[0] : identified.ids, source: `${where} License text`, confidence: identified.confidence };
      }
    } catch {
      // An unidentifiable text is no license.
    }
  }
  return undefined;
}

function failed(outcome: RegistryOutcome): LookupOutcome<never> {
  if (outcome.kind === 'skipped') {
    return { kind: 'failed', perKey: false };
  }
  // 401/403, an oversized or bad answer: remembered for this key; an outage is not.
  return { kind: 'failed', perKey: outcome.kind === 'failed' && outcome.failure !== 'network' && outcome.failure !== 'timeout' && outcome.failure !== 'rate-limited' };
}

/** Valid project names (Names and normalization, "Name format"); anything else is never sent. */
export function isValidName(name: string): boolean {
  return name.length > 0 && name.length <= 200 && /^(?:[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i.test(name);
}

function isCachedProject(value: unknown): value is CachedProject {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  if ((value as { absent?: unknown }).absent === 1) {
    return true;
  }
  const versions = (value as { versions?: unknown }).versions;
  return (
    Array.isArray(versions) &&
    versions.every(
      (entry) => Array.isArray(entry) && entry.length === 4 && typeof entry[0] === 'string' && (entry[1] === 0 || entry[1] === 1) && typeof entry[2] === 'string' && typeof entry[3] === 'string',
    )
  );
}

function isCachedLicense(value: unknown): value is CachedLicense {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const license = value as { value?: unknown; source?: unknown; confidence?: unknown };
  const valueOk =
    license.value === undefined || typeof license.value === 'string' || (Array.isArray(license.value) && license.value.every((item) => typeof item === 'string'));
  return valueOk && (license.source === undefined || typeof license.source === 'string') && (license.confidence === undefined || typeof license.confidence === 'number');
}
