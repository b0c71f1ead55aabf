import type { Ecosystem } from '../../manifests/types';
import type { DeclaredLicense } from '../types';
import type { RegistryHttp } from './registryHttp';

/** One published version as a registry lists it. */
export interface RegistryVersion {
  readonly version: string;
  /** Present where the listing itself carries licenses (npm packuments); other registries answer `license()`. */
  readonly license?: DeclaredLicense;
  /** Withdrawn from resolution by the registry (PyPI yanked, npm deprecated, Cargo yanked, Go retracted). */
  readonly withdrawn?: boolean;
  /** The day it was published (`YYYY-MM-DD`, UTC), where the listing says (see `releaseDay`). */
  readonly published?: string;
}

/** Where a project's metadata says its source is and where it asks for money. */
export interface ProjectLinks {
  /** As `repositoryLocation` reads it: `github.com/expressjs/express`. */
  readonly repository?: string;
  /** https URLs (see `fundingUrls`). */
  readonly funding?: readonly string[];
}

/** What a registry publishes for one package name. */
export interface RegistryListing {
  readonly versions: readonly RegistryVersion[];
  /** npm dist-tags (`latest`, `next`, …). */
  readonly tags?: Readonly<Record<string, string>>;
  /** True when every version's `license` above is the whole answer (no `license()` calls needed). */
  readonly licensesListed?: boolean;
  /** What the listing says of the project as a whole (npm, Composer); other registries answer `links()`. */
  readonly project?: ProjectLinks & {
    /** How many accounts may publish it (npm `maintainers`). */
    readonly maintainers?: number;
  };
}

/**
 * One ecosystem's registry protocol, configured from the project's and the user's settings. Every
 * method resolves (never rejects); undefined means no data (not published, unreachable, refused).
 */
export interface RegistryClient {
  readonly ecosystem: Ecosystem;
  /**
   * The host a lookup of this name would be sent to (`registry.npmjs.org`, `pypi.org`), for consent
   * and for the privacy rules; undefined when this name is never sent anywhere (no registry, private).
   */
  hostFor(name: string): string | undefined;
  /**
   * Every host a lookup of this name may be sent to, in the order they would be asked (the indexes
   * pip merges, the GOPROXY list, the Maven repositories, the Cargo index and its download host once
   * known, the Composer repositories, the gem sources); empty when the name is never sent. The first
   * is `hostFor(name)`. For consent: the hosts to name before anything is sent.
   */
  hostsFor(name: string): readonly string[];
  /**
   * Whether the user's own configuration marks this name private (an npm scope on another registry
   * than the default, a `GOPRIVATE` module): such a name may go to its own registry, never to a
   * public service such as deps.dev.
   */
  isPrivateName?(name: string): boolean;
  listing(name: string): Promise<RegistryListing | undefined>;
  /** The license of one version, for registries whose listing does not carry it. */
  license(name: string, version: string): Promise<DeclaredLicense | undefined>;
  /**
   * The links one version's own metadata gives, for registries whose listing carries none (PyPI):
   * read from what `license(name, version)` fetched, so asking both costs one request.
   */
  links?(name: string, version: string): Promise<ProjectLinks | undefined>;
}

export type RegistryClients = Partial<Readonly<Record<Ecosystem, RegistryClient>>>;

/** Where a registry protocol's configuration is read from, for one manifest folder. */
export interface RegistryConfigSources {
  /** The manifest's folder. */
  readonly projectDir: string;
  /** The workspace folder (or CLI root) it lies in: project configuration is looked for between the two. */
  readonly rootDir: string;
  /**
   * Whether files of the project may name hosts (a project `.npmrc`, pyproject sources, a POM's
   * `<repositories>`, a Gemfile `source`): false in an untrusted workspace, so a cloned repository
   * cannot send our package names, or anything else, to a host of its choosing.
   */
  readonly trustProject: boolean;
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The OSPO's mirror for this ecosystem (the feed's `lookups.registries`): used where the developer's own configuration names no registry, in place of the public one. */
  readonly mirror?: string;
}

/** What every registry client shares: the one HTTP client, the cache folder, the clock and the log. */
export interface RegistryContext {
  readonly http: RegistryHttp;
  /** A folder for on-disk caches; each client uses its own namespace inside it. */
  readonly cacheDir?: string;
  /** Answer only from the cache. */
  readonly offline?: boolean;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
  /** Names the OSPO marks internal: never sent to any host. */
  readonly isPrivate?: (ecosystem: Ecosystem, name: string) => boolean;
}

export interface ConfiguredClient {
  readonly client: RegistryClient;
  /** Configuration files read (for watching and for the log). */
  readonly files: readonly string[];
  /** One line each; never fatal. */
  readonly problems: readonly string[];
}

/** Reads one ecosystem's registry configuration for a folder and builds its client; never rejects. */
export type RegistryClientFactory = (sources: RegistryConfigSources, context: RegistryContext) => Promise<ConfiguredClient>;
