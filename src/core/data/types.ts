import type { ScanMemory } from './scanMemory';
import type { Ecosystem } from '../manifests/types';

/** A license as a data source declared it (or as identified from its text), before any policy evaluation. */
export interface DeclaredLicense {
  /** An SPDX expression or a license name as declared; several entries with no stated relation are ANDed by the evaluator. */
  readonly value: string | readonly string[];
  /** Where it was read, in words a user understands: `node_modules/lodash/package.json`, `METADATA License-Expression`, `LICENSE text`. */
  readonly source: string;
  /** Only for a license identified from license text: the similarity, 0–1. Present means "a guess". */
  readonly confidence?: number;
  /**
   * Only beside a declared license: the license the package's own license file holds, where it was
   * identified at {@link LICENSE_IN_FILE_MIN_SIMILARITY} or more, so the policy can tell a
   * declaration its text contradicts.
   */
  readonly inFile?: LicenseInFile;
}

/** The licenses identified from the full texts in a package's license file. */
export interface LicenseInFile {
  /** SPDX ids in text order, each once (a full GNU text gives its `-only` id); several carry no stated relation. */
  readonly ids: readonly string[];
  /** The file, labelled as `DeclaredLicense.source` labels files: `node_modules/x/LICENSE`. */
  readonly file: string;
  /** Dice similarity with the license's template (several: with their templates end to end), 0.9–1. */
  readonly similarity: number;
}

/** Below this a license file's text is not trusted to contradict a declaration (the full-text threshold of `identifyLicense`). */
export const LICENSE_IN_FILE_MIN_SIMILARITY = 0.9;

export interface PackageHash {
  readonly algorithm: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';
  readonly hex: string;
}

/** One package of a resolved dependency tree. */
export interface ResolvedPackage {
  readonly ecosystem: Ecosystem;
  /** The registry name as the ecosystem writes it: npm `@scope/x`, PyPI as published, Maven `group:artifact`, a Go module path. */
  readonly name: string;
  readonly version: string;
  readonly license?: DeclaredLicense;
  /** Where the record came from: `node_modules`, `package-lock.json`, `poetry.lock`, `Cargo.lock`, … */
  readonly source: string;
  readonly hashes?: readonly PackageHash[];
  /** This package's own dependencies, as `packageId()` values of the same ecosystem (the dependency graph). */
  readonly dependencies?: readonly string[];
  /** True when the project itself depends on it directly (a lockfile's root entry, go.mod without `// indirect`). */
  readonly direct?: boolean;
  readonly scope?: 'dev' | 'optional' | 'peer';
  /** The folder it is installed in, when it is installed. */
  readonly path?: string;
  /** Where its maintainers ask for money, as its metadata says: https URLs, each once, at most 10 (see `fundingUrls`). */
  readonly funding?: readonly string[];
  /** Its source repository as its metadata names it, as a {@link repositoryLocation}: `github.com/expressjs/express`. */
  readonly repository?: string;
  /** Where the package manager downloaded it from, as the lockfile records it (npm and Yarn `resolved`, Composer `dist.url`, uv `sdist.url`): an http(s) URL. */
  readonly downloadUrl?: string;
}

/** A package's source repository, and where that was read. */
export interface RepositoryFact {
  /** Host and path, lower case, no scheme or `.git`: `github.com/expressjs/express`. */
  readonly location: string;
  /** In words: `node_modules/express/package.json`, `registry.npmjs.org`. */
  readonly source: string;
}

/** What a registry says of a project's releases and of who may publish it. */
export interface ProjectActivity {
  /** The newest release that is not withdrawn, and the day it was published (`YYYY-MM-DD`). */
  readonly latestRelease?: { readonly version: string; readonly date: string };
  /** How many accounts may publish it, where the registry lists them (npm `maintainers`). */
  readonly maintainers?: number;
  /** The registry host that said so: `registry.npmjs.org`. */
  readonly source: string;
}

export interface ResolverResult {
  readonly packages: readonly ResolvedPackage[];
  /** Every file read, so callers can report and watch them. */
  readonly files: readonly string[];
  /** What could not be read, in one line each; never fatal. */
  readonly problems: readonly string[];
}

export interface ResolverOptions {
  /** The user's home folder, for `~/.cargo`, `~/go/pkg/mod`, `~/.m2`. */
  readonly home: string;
  /** Environment variables the ecosystems honour: CARGO_HOME, GOMODCACHE, GOPATH, M2_HOME, VIRTUAL_ENV, … */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** What earlier scans learnt, kept by a long-lived caller (the editor); each scan starts afresh without it. */
  readonly memory?: ScanMemory;
}

/**
 * Reads what a project folder has installed or locked for one ecosystem, offline, without running
 * any package manager. Never throws: a missing or broken file is a `problem`.
 */
export type Resolver = (projectDir: string, options: ResolverOptions) => Promise<ResolverResult>;

/** The id packages use for each other in `dependencies`: `name@version`. */
export function packageId(name: string, version: string): string {
  return `${name}@${version}`;
}

/** Files bigger than this are not read: no real lockfile or metadata file comes close. */
export const MAX_DATA_FILE_BYTES = 64 * 1024 * 1024;
