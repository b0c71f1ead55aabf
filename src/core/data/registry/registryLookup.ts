import type { Ecosystem } from '../../manifests/types';
import type { LicenseChange } from '../../policy/compiledPolicy';
import { coerceVersion } from '../../policy/versions';
import type { DeclaredLicense, ProjectActivity, RepositoryFact } from '../types';
import { latestRelease, pickVersion } from './pickVersion';
import type { ProjectLinks, RegistryClient, RegistryListing } from './types';

/** What the registry says of one dependency: the version in use or to be picked, its license, and license changes across the versions its spec admits. */
export interface RegistryAnswer {
  readonly version: string;
  /** How the version was chosen, in words (`registry.npmjs.org: newest matching ^4.18.2`); absent when the caller's locked version was kept. */
  readonly versionSource?: string;
  readonly license?: DeclaredLicense;
  /** Each version at which the license differs from the version before it, oldest first. */
  readonly licenseChanges: readonly LicenseChange[];
  /** The source repository the registry's metadata names. */
  readonly repository?: RepositoryFact;
  /** Its releases and publishers, where the registry says. */
  readonly activity?: ProjectActivity;
  /** The funding URLs the registry's metadata gives (see `fundingUrls`). */
  readonly funding?: readonly string[];
}

export interface RegistryQuestion {
  /** The registry name (an npm alias's target, a Cargo rename's package). */
  readonly name: string;
  readonly spec: string | null;
  /** The installed or locked version, when local data has one: it is the version in use. */
  readonly locked?: string;
}

/** Registries whose listing lacks licenses are asked this many single versions at most per dependency, to find where a license changes. */
const MAX_LICENSE_PROBES = 12;

/**
 * Asks the registry about one dependency. Where the listing carries every version's license (npm),
 * every admitted version is compared; elsewhere the oldest and newest admitted versions and the
 * locked one are asked, and a difference between two of them is narrowed down by bisection. The
 * project's repository, funding and activity come with it, from what these requests brought.
 */
export async function lookUpDependency(client: RegistryClient, question: RegistryQuestion): Promise<RegistryAnswer | undefined> {
  if (client.hostFor(question.name) === undefined) {
    return undefined;
  }
  const listing = await client.listing(question.name);
  if (listing === undefined) {
    return undefined;
  }
  const picked = pickVersion(client.ecosystem, question.spec, listing);
  const version = question.locked ?? picked?.version;
  if (version === undefined) {
    return undefined;
  }
  const checked = withLocked(picked?.admitted ?? [], question.locked, client.ecosystem);
  const licenses = new LicenseProbe(client, question.name, listing);
  const license = await licenses.of(version);
  const changes = await licenses.changesAcross(checked);
  const host = client.hostFor(question.name) ?? '';
  const how = question.spec === null || question.spec.trim() === '' ? 'newest release' : `newest matching ${question.spec.trim()}`;
  // The version in use was asked for its license just above: its links cost no further request.
  const links: ProjectLinks | undefined = listing.project ?? (await client.links?.(question.name, version));
  const activity = projectActivity(client.ecosystem, listing, host);
  return {
    version,
    ...(question.locked === undefined ? { versionSource: `${host}: ${how}` } : {}),
    ...(license !== undefined ? { license } : {}),
    licenseChanges: changes,
    ...(links?.repository !== undefined ? { repository: { location: links.repository, source: host } } : {}),
    ...(links?.funding !== undefined && links.funding.length > 0 ? { funding: links.funding } : {}),
    ...(activity !== undefined ? { activity } : {}),
  };
}

/** The latest release and its day, and the publishers, as far as the listing says; undefined when it says neither. */
function projectActivity(ecosystem: Ecosystem, listing: RegistryListing, host: string): ProjectActivity | undefined {
  const latest = latestRelease(ecosystem, listing);
  const date = latest === undefined ? undefined : listing.versions.find((entry) => entry.version === latest)?.published;
  const maintainers = listing.project?.maintainers;
  if (date === undefined && maintainers === undefined) {
    return undefined;
  }
  return {
    ...(latest !== undefined && date !== undefined ? { latestRelease: { version: latest, date } } : {}),
    ...(maintainers !== undefined ? { maintainers } : {}),
    source: host,
  };
}

/** The admitted versions with the locked one put in its place among them (it may lie outside the spec). */
function withLocked(admitted: readonly string[], locked: string | undefined, ecosystem: Ecosystem): readonly string[] {
  const lockedVersion = locked === undefined || admitted.includes(locked) ? null : coerceVersion(locked, ecosystem);
  if (locked === undefined || lockedVersion === null) {
    return admitted;
  }
  const index = admitted.findIndex((version) => (coerceVersion(version, ecosystem)?.compare(lockedVersion) ?? -1) > 0);
  return index < 0 ? [...admitted, locked] : [...admitted.slice(0, index), locked, ...admitted.slice(index)];
}

class LicenseProbe {
  private readonly known = new Map<string, DeclaredLicense | undefined>();
  private probes = 0;

  constructor(
    private readonly client: RegistryClient,
    private readonly name: string,
    listing: RegistryListing,
  ) {
    if (listing.licensesListed) {
      for (const entry of listing.versions) {
        this.known.set(entry.version, entry.license);
      }
    }
  }

  async of(version: string): Promise<DeclaredLicense | undefined> {
    if (this.known.has(version)) {
      return this.known.get(version);
    }
    if (this.probes >= MAX_LICENSE_PROBES) {
      return undefined;
    }
    this.probes++;
    const license = await this.client.license(this.name, version);
    this.known.set(version, license);
    return license;
  }

  async changesAcross(versions: readonly string[]): Promise<LicenseChange[]> {
    if (versions.length < 2) {
      return [];
    }
    const first = 0;
    const last = versions.length - 1;
    await this.of(versions[first]);
    await this.of(versions[last]);
    await this.bisect(versions, first, last);
    const changes: LicenseChange[] = [];
    let previous: string | undefined;
    for (const version of versions) {
      const license = this.known.get(version);
      if (license === undefined) {
        continue;
      }
      const text = licenseText(license);
      if (previous !== undefined && text !== previous) {
        changes.push({ version, from: previous, to: text });
      }
      previous = text;
    }
    return changes;
  }

  /** Asks the middle version of every stretch whose ends differ, until each change sits between neighbours (or probes run out). */
  private async bisect(versions: readonly string[], low: number, high: number): Promise<void> {
    if (high - low < 2) {
      return;
    }
    const lowLicense = this.known.get(versions[low]);
    const highLicense = this.known.get(versions[high]);
    if (lowLicense === undefined || highLicense === undefined || licenseText(lowLicense) === licenseText(highLicense)) {
      return;
    }
    const middle = low + Math.floor((high - low) / 2);
    const found = await this.of(versions[middle]);
    if (found === undefined) {
      return;
    }
    await this.bisect(versions, low, middle);
    await this.bisect(versions, middle, high);
  }
}

/** A declared license as one comparable text; a list with no stated relation reads as the cautious AND. */
export function licenseText(license: DeclaredLicense): string {
  return typeof license.value === 'string' ? license.value.trim() : license.value.map((item) => item.trim()).join(' AND ');
}
