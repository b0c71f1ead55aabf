import { createHash } from 'node:crypto';
import { pep503Name } from '../../../policy/purl';
import { projectUrlFunding } from '../../funding';
import { identifyLicenseTexts } from '../../licenseText/identifyOnDemand';
import { type CoreMetadata, licenseFromMetadata, parseCoreMetadata } from '../../pypi/metadata';
import { projectUrlRepository } from '../../repository';
import type { DeclaredLicense } from '../../types';
import { CachedLookup, type LookupOutcome } from '../cachedLookup';
import type { RegistryOutcome } from '../registryHttp';
import type { ProjectLinks, RegistryClient, RegistryClientFactory, RegistryContext, RegistryListing, RegistryVersion } from '../types';
import { type IndexPlan, readIndexPlan, tiersFor } from './indexPlan';
import { authorizationFor, type PackageIndex } from './indexUrl';
import { type CompactProject, type CompactVersion, readProjectPage, SIMPLE_ACCEPT } from './simpleProject';
import { metadataFromReleaseJson, prefersJsonApi, releaseJsonUrl } from './warehouseJson';

/** A project page as cached: its versions, or that this index does not have the project. */
type CachedProject = { readonly versions: readonly CompactVersion[] } | { readonly absent: 1 };

/**
 * What one version's core metadata says, as cached: its license (`{}` when nothing usable) and the
 * repository and funding its `Project-URL`s and `Home-page` give. An entry cached before the links
 * were kept is a bare license, fails `isCachedRelease` and is fetched again, so that links are not
 * missing for the month such an entry lives. No maintainer count: neither the Simple API nor
 * Warehouse's JSON API says who may publish a project (the JSON API's `maintainer` is a
 * metadata field, a name, not the accounts).
 */
interface CachedRelease {
  readonly license: Partial<DeclaredLicense>;
  readonly repository?: string;
  readonly funding?: string[];
}

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
  private readonly releases: CachedLookup<CachedRelease>;
  /** Indexes found without Warehouse's JSON API in this session. */
  private readonly withoutJsonApi = new Set<string>();

  constructor(private readonly options: PypiRegistryClientOptions) {
    const now = options.now ?? Date.now;
    const onError = (message: string) => options.log?.(message);
    const dir = options.cacheDir !== undefined ? { dir: options.cacheDir } : {};
    this.projects = new CachedLookup<CachedProject>({ ...dir, namespace: 'pypi-projects', isValue: isCachedProject, now, onError, ttlMs: 6 * 60 * 60 * 1000 });
    // A release's files never change once uploaded (only their yanked flag does), so neither does its metadata.
    this.releases = new CachedLookup<CachedRelease>({ ...dir, namespace: 'pypi-licenses', isValue: isCachedRelease, now, onError, ttlMs: 30 * 24 * 60 * 60 * 1000 });
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
    // Merged indexes list a version once; it is withdrawn only where every index that has it withdrew
    // it, and published the first day an index says.
    const versions = new Map<string, { version: string; withdrawn: boolean; published: string }>();
    for (const { versions: list } of found.map((entry) => entry.project)) {
      for (const [version, withdrawn, , , uploaded] of list) {
        const key = version.toLowerCase();
        const known = versions.get(key);
        const published = known === undefined || (uploaded !== '' && (known.published === '' || uploaded < known.published)) ? uploaded : known.published;
        versions.set(key, { version: known?.version ?? version, withdrawn: (known?.withdrawn ?? true) && withdrawn === 1, published });
      }
    }
    return {
      versions: [...versions.values()].map(({ version, withdrawn, published }): RegistryVersion => ({ version, ...(withdrawn ? { withdrawn: true } : {}), ...(published !== '' ? { published } : {}) })),
    };
  }

  async license(name: string, version: string): Promise<DeclaredLicense | undefined> {
    const license = (await this.release(name, version))?.license;
    return license?.value !== undefined && license.source !== undefined
      ? { value: license.value, source: license.source, ...(license.confidence !== undefined ? { confidence: license.confidence } : {}) }
      : undefined;
  }

  /** The links of the release `license(name, version)` read: from the same cached answer. */
  async links(name: string, version: string): Promise<ProjectLinks | undefined> {
    const release = await this.release(name, version);
    return release === undefined ? undefined : { ...(release.repository !== undefined ? { repository: release.repository } : {}), ...(release.funding !== undefined ? { funding: release.funding } : {}) };
  }

  /** What one version's metadata says, from the first index that has the version: the one the installer takes it from. */
  private async release(name: string, version: string): Promise<CachedRelease | undefined> {
    const found = await this.locate(name);
    if (found === undefined) {
      return undefined;
    }
    const project = pep503Name(name);
    for (const { index, project: page } of found) {
      const entry = page.versions.find(([listed]) => listed === version) ?? page.versions.find(([listed]) => listed.toLowerCase() === version.toLowerCase());
      if (entry !== undefined) {
        return this.releases.get(`${index.url}\n${project}\n${entry[0]}`, () => this.fetchRelease(index, project, entry), this.options.offline);
      }
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

  /** The metadata of one version: from its core metadata file and from the JSON API, in the order that suits the index. */
  private async fetchRelease(index: PackageIndex, project: string, entry: CompactVersion): Promise<LookupOutcome<CachedRelease>> {
    const steps = prefersJsonApi(index) ? [() => this.fromReleaseJson(index, project, entry[0]), () => this.fromMetadataFile(index, entry)] : [() => this.fromMetadataFile(index, entry), () => this.fromReleaseJson(index, project, entry[0])];
    let unreachable: LookupOutcome<CachedRelease> | undefined;
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
    return unreachable ?? { kind: 'found', value: { license: {} } };
  }

  /** PEP 658: `<file URL>.metadata`, checked against the hash the index gave for it. Undefined when the index serves none. */
  private async fromMetadataFile(index: PackageIndex, entry: CompactVersion): Promise<LookupOutcome<CachedRelease> | undefined> {
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
    return { kind: 'found', value: releaseOf(parseCoreMetadata(outcome.bytes.toString('utf8')), `${index.host} METADATA`) };
  }

  /** Warehouse's `/pypi/<project>/<version>/json`; undefined where the index has no such API. */
  private async fromReleaseJson(index: PackageIndex, project: string, version: string): Promise<LookupOutcome<CachedRelease> | undefined> {
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
    return { kind: 'found', value: releaseOf(metadata, `${index.host} JSON API`) };
  }

  private get(url: string, accept: string, maxBytes: number): Promise<RegistryOutcome> {
    const authorization = authorizationFor(this.options.plan.credentials, url);
    return this.options.http.get({ url, accept, maxBytes, timeoutMs: 30_000, ...(authorization !== undefined ? { authorization } : {}) });
  }
}

/** A release's license and links, as cached. */
function releaseOf(metadata: CoreMetadata, where: string): CachedRelease {
  const projectUrls = metadata.get('project-url');
  const repository = projectUrlRepository(projectUrls, metadata.get('home-page')?.[0]);
  const funding = projectUrlFunding(projectUrls);
  return { license: licenseOf(metadata, where) ?? {}, ...(repository !== undefined ? { repository } : {}), ...(funding !== undefined ? { funding: [...funding] } : {}) };
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
    // Five fields: a page cached before the upload day was kept (four) is fetched again, not revalidated into a 304 that would keep it.
    versions.every(
      (entry) =>
        Array.isArray(entry) &&
        entry.length === 5 &&
        typeof entry[0] === 'string' &&
        (entry[1] === 0 || entry[1] === 1) &&
        typeof entry[2] === 'string' &&
        typeof entry[3] === 'string' &&
        typeof entry[4] === 'string',
    )
  );
}

function isCachedRelease(value: unknown): value is CachedRelease {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const { license: found, repository, funding } = value as { license?: unknown; repository?: unknown; funding?: unknown };
  return (
    isCachedLicense(found) &&
    (repository === undefined || typeof repository === 'string') &&
    (funding === undefined || (Array.isArray(funding) && funding.every((url) => typeof url === 'string')))
  );
}

function isCachedLicense(value: unknown): value is CachedRelease['license'] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const license = value as { value?: unknown; source?: unknown; confidence?: unknown };
  const valueOk =
    license.value === undefined || typeof license.value === 'string' || (Array.isArray(license.value) && license.value.every((item) => typeof item === 'string'));
  return valueOk && (license.source === undefined || typeof license.source === 'string') && (license.confidence === undefined || typeof license.confidence === 'number');
}
