import { MAX_PARENT_DEPTH } from '../../maven/effectivePom';
import { declaredFromPomLicenses } from '../../maven/licenseNames';
import { isSafeCoordinate } from '../../maven/repository';
import type { DeclaredLicense } from '../../types';
import { CachedLookup, lookupOutcomeOf, type LookupOutcome } from '../cachedLookup';
import type { RegistryClient, RegistryClientFactory, RegistryContext, RegistryListing } from '../types';
import { readMavenSettings } from './mavenSettings';
import { readMetadataVersions } from './mavenMetadata';
import { type Gav, gavOf, isPomFacts, type PomFacts, readPomFacts, splitGav } from './pomFacts';
import { readProjectRepositories } from './projectRepositories';
import { type MavenRepository, planRepositories } from './repositoryPlan';

export interface MavenRegistryClientOptions extends RegistryContext {
  /** Where lookups go, in order (see `planRepositories`). */
  readonly repositories: readonly MavenRepository[];
  /** Default 4 MiB: the largest real POMs (generated BOMs) stay well below. */
  readonly maxPomBytes?: number;
  /** Default 4 MiB. */
  readonly maxMetadataBytes?: number;
}

/** Relocations chained further than this are not followed (real ones are one hop). */
const MAX_RELOCATIONS = 4;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const XML_ACCEPT = 'application/xml, text/xml;q=0.9, */*;q=0.5';

interface Metadata {
  readonly versions: string[];
}

/**
 * The Maven client for a folder: the repositories Maven itself would use there, from the global and
 * user settings.xml and, in a trusted workspace, the project's pom.xml `<repositories>`, then mirrors.
 */
export const createMavenRegistryClient: RegistryClientFactory = async (sources, context) => {
  const files: string[] = [];
  const problems: string[] = [];
  try {
    const configured = await readMavenSettings(sources);
    files.push(...configured.files);
    problems.push(...configured.problems);
    const project = sources.trustProject ? await readProjectRepositories(sources.projectDir, sources.rootDir) : undefined;
    files.push(...(project?.files ?? []));
    problems.push(...(project?.problems ?? []));
    const repositories = planRepositories(configured.settings, project?.repositories ?? [], problems, sources.mirror);
    return { client: new MavenRegistryClient({ ...context, repositories }), files, problems };
  } catch (error) {
    problems.push(`Maven configuration could not be read: ${(error as Error).message ?? String(error)}`);
    return { client: new MavenRegistryClient({ ...context, repositories: planRepositories({ repositories: [], mirrors: [], credentials: {} }, [], problems, sources.mirror) }), files, problems };
  }
};

/**
 * The Maven 2 repository layout (Maven Repository Layout: groupId dots → slashes, then artifactId,
 * version, `artifactId-version.pom`), which Central, Nexus, Artifactory, Reposilite and GitHub
 * Packages all serve. Versions come from the artifact-level `maven-metadata.xml`, merged across
 * repositories as Maven merges them; a version's license from its POM `<licenses>`, after
 * `<relocation>` and up the `<parent>` chain, each POM looked for in the repositories in order.
 * Only compact facts of each POM are cached; release POMs never change, so they are kept long.
 */
export class MavenRegistryClient implements RegistryClient {
  readonly ecosystem = 'maven' as const;
  private readonly metadata: CachedLookup<Metadata>;
  private readonly poms: CachedLookup<PomFacts>;

  constructor(private readonly options: MavenRegistryClientOptions) {
    const common = {
      ...(options.cacheDir !== undefined ? { dir: options.cacheDir } : {}),
      now: options.now ?? Date.now,
      onError: (message: string) => options.log?.(message),
    };
    this.metadata = new CachedLookup<Metadata>({ ...common, namespace: 'maven-metadata', isValue: isMetadata, ttlMs: 12 * HOUR, notFoundTtlMs: HOUR });
    this.poms = new CachedLookup<PomFacts>({ ...common, namespace: 'maven-poms', isValue: isPomFacts, ttlMs: 30 * DAY, notFoundTtlMs: 6 * HOUR, maxStaleMs: 365 * DAY });
  }

  hostFor(name: string): string | undefined {
    return this.hostsFor(name)[0];
  }

  /** Every repository is asked for the metadata, and POMs (parents included) in order. */
  hostsFor(name: string): readonly string[] {
    return this.sendable(name) ? [...new Set(this.options.repositories.map((repository) => repository.host))] : [];
  }

  async listing(name: string): Promise<RegistryListing | undefined> {
    if (!this.sendable(name)) {
      return undefined;
    }
    const [groupId, artifactId] = name.split(':') as [string, string];
    const found = await Promise.all(
      this.options.repositories.map((repository) =>
        this.metadata.get(`${repository.url}\n${name}`, (etag) => this.fetchMetadata(repository, groupId, artifactId, etag), this.options.offline),
      ),
    );
    const versions: string[] = [];
    const seen = new Set<string>();
    let any = false;
    for (const metadata of found) {
      any ||= metadata !== undefined;
      for (const version of metadata?.versions ?? []) {
        if (!seen.has(version)) {
          seen.add(version);
          versions.push(version);
        }
      }
    }
    return any ? { versions: versions.map((version) => ({ version })) } : undefined;
  }

  async license(name: string, version: string): Promise<DeclaredLicense | undefined> {
    if (!this.sendable(name) || !isSafeCoordinate(version)) {
      return undefined;
    }
    const [groupId, artifactId] = name.split(':');
    const asked = gavOf(groupId, artifactId, version);
    if (asked === undefined) {
      return undefined;
    }
    // Guide to relocation: the artifact's POM may point to new coordinates; Maven then uses those.
    let gav = asked;
    let found = await this.pom(gav);
    for (let hops = 0; found?.facts.relocation !== undefined && hops < MAX_RELOCATIONS; hops++) {
      const target = found.facts.relocation;
      if (target === gav || !this.sendableGav(target)) {
        break;
      }
      gav = target;
      found = await this.pom(gav);
    }
    if (found === undefined) {
      return undefined;
    }
    // POM Reference, "Inheritance": <licenses> is inherited whole from the nearest parent declaring one.
    const seen = new Set<Gav>([gav]);
    let level = found;
    let levelGav = gav;
    for (let depth = 0; level.facts.licenses.length === 0 && depth < MAX_PARENT_DEPTH; depth++) {
      const parent = level.facts.parent;
      if (parent === undefined || seen.has(parent) || !this.sendableGav(parent)) {
        return undefined;
      }
      seen.add(parent);
      const next = await this.pom(parent);
      if (next === undefined) {
        return undefined;
      }
      level = next;
      levelGav = parent;
    }
    if (level.facts.licenses.length === 0) {
      return undefined;
    }
    const relocated = gav === asked ? '' : ` of ${gav} (${asked} is relocated there)`;
    const inherited = levelGav === gav ? '' : `, inherited from parent ${levelGav}`;
    return declaredFromPomLicenses(
      level.facts.licenses.map(([licenseName, url]) => ({ ...(licenseName !== '' ? { name: licenseName } : {}), ...(url !== '' ? { url } : {}) })),
      `${level.repository.host} POM <licenses>${relocated}${inherited}`,
    );
  }

  /** A POM's facts from the first repository that has it (Guide to Multiple Repositories, "Repository Order"). */
  private async pom(gav: Gav): Promise<{ facts: PomFacts; repository: MavenRepository } | undefined> {
    for (const repository of this.options.repositories) {
      const facts = await this.poms.get(`${repository.url}\n${gav}`, (etag) => this.fetchPom(repository, gav, etag), this.options.offline);
      if (facts !== undefined) {
        return { facts, repository };
      }
    }
    return undefined;
  }

  private sendable(name: string): boolean {
    const parts = name.split(':');
    return parts.length === 2 && parts.every(isSafeCoordinate) && this.options.isPrivate?.('maven', name) !== true;
  }

  /** A parent or relocation named by a POM is sent only under the same rules as a name the project asks for. */
  private sendableGav(gav: Gav): boolean {
    const { groupId, artifactId } = splitGav(gav);
    return this.sendable(`${groupId}:${artifactId}`);
  }

  private fetchMetadata(repository: MavenRepository, groupId: string, artifactId: string, etag: string | undefined): Promise<LookupOutcome<Metadata>> {
    // Maven Repository Metadata Model: the artifact-level file lists every version.
    const url = `${repository.url}${groupId.split('.').join('/')}/${artifactId}/maven-metadata.xml`;
    return this.fetchXml(repository, url, this.options.maxMetadataBytes ?? 4 * 1024 * 1024, etag, (text) => {
      const versions = readMetadataVersions(text);
      return versions === undefined ? undefined : { versions };
    });
  }

  private fetchPom(repository: MavenRepository, gav: Gav, etag: string | undefined): Promise<LookupOutcome<PomFacts>> {
    const { groupId, artifactId, version } = splitGav(gav);
    const url = `${repository.url}${groupId.split('.').join('/')}/${artifactId}/${version}/${artifactId}-${version}.pom`;
    return this.fetchXml(repository, url, this.options.maxPomBytes ?? 4 * 1024 * 1024, etag, readPomFacts);
  }

  private async fetchXml<T>(repository: MavenRepository, url: string, maxBytes: number, etag: string | undefined, read: (text: string) => T | undefined): Promise<LookupOutcome<T>> {
    // Every URL is built under the repository's own, so its credentials go nowhere else.
    const authorization = url.startsWith(repository.url) ? repository.authorization : undefined;
    const outcome = await this.options.http.get({
      url,
      accept: XML_ACCEPT,
      maxBytes,
      ...(authorization !== undefined ? { authorization } : {}),
      ...(etag !== undefined ? { etag } : {}),
    });
    switch (outcome.kind) {
      case 'ok': {
        const value = read(outcome.bytes.toString('utf8'));
        if (value === undefined) {
          this.options.http.report(repository.host, 'malformed', `${repository.host} answered with something that is not Maven repository XML`);
          return { kind: 'failed', perKey: true };
        }
        return { kind: 'found', value, ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}) };
      }
      default:
        return lookupOutcomeOf(outcome);
    }
  }
}

function isMetadata(value: unknown): value is Metadata {
  return value !== null && typeof value === 'object' && Array.isArray((value as Metadata).versions) && (value as Metadata).versions.every((version) => typeof version === 'string');
}
