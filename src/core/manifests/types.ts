/** The package ecosystems whose manifests we read, named as Package URL types do where they agree. */
export type Ecosystem = 'npm' | 'pypi' | 'cargo' | 'go' | 'maven' | 'rubygems' | 'composer';

/** Every manifest format we parse; the CLI's `--type` takes exactly these names. */
export const MANIFEST_KINDS = [
  'npm',
  'requirements',
  'pyproject',
  'pipfile',
  'cargo',
  'gomod',
  'maven',
  'gradle',
  'gemfile',
  'composer',
] as const;

export type ManifestKind = (typeof MANIFEST_KINDS)[number];

/** Half-open range of UTF-16 offsets into the manifest text: `start` inclusive, `end` exclusive. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** Where a dependency comes from when it is not a registry version. */
export interface DependencySource {
  readonly kind: 'git' | 'path' | 'url' | 'workspace';
  readonly value: string;
}

export interface ManifestDependency {
  readonly ecosystem: Ecosystem;
  /** The name exactly as written at this place in the manifest. */
  readonly name: string;
  /** The registry package when it differs from `name` (npm `npm:` aliases, Cargo `package =` renames). */
  readonly package?: string;
  /** The version requirement exactly as written; null where the manifest gives none. */
  readonly spec: string | null;
  /** The manifest section, e.g. `devDependencies`, `project.optional-dependencies.test`, `require`. */
  readonly section: string;
  /** Range of the name token (for Maven the `<artifactId>` text, for a `[dependencies.x]` table the `x` in its header). */
  readonly nameRange: TextRange;
  /** Range of the spec text; null where there is no spec. */
  readonly specRange: TextRange | null;
  /** A version resolved inside the manifest itself (Maven `${property}` from `<properties>`). */
  readonly version?: string;
  /** Maven scope, Gradle configuration and similar qualifiers where the format has one. */
  readonly scope?: string;
  /** Requested optional features: PEP 508 extras, Cargo features. */
  readonly extras?: readonly string[];
  /** PEP 508 environment markers as written. */
  readonly markers?: string;
  /** Marked `// indirect` in go.mod. */
  readonly indirect?: boolean;
  /** Marked optional (Cargo `optional = true`, Poetry `optional = true`). */
  readonly optional?: boolean;
  readonly source?: DependencySource;
}

/** Something in the text that stopped part of it from being read; parsing goes on past it. */
export interface ParseProblem {
  readonly message: string;
  readonly range: TextRange;
}

export interface ParsedManifest {
  readonly kind: ManifestKind;
  readonly dependencies: readonly ManifestDependency[];
  readonly problems: readonly ParseProblem[];
}

/** Every format parser has this signature; none of them throws, whatever the text. */
export type ManifestParser = (text: string) => ParsedManifest;
