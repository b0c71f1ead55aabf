// Type declarations for the untyped SPDX packages this folder uses. Kept as an ambient script
// (no top-level import or export) so the `declare module` blocks apply project-wide.

declare module 'spdx-expression-parse' {
  /** A leaf: a license id (or `LicenseRef-…` / `DocumentRef-…:LicenseRef-…`), `+`, `WITH` exception. */
  interface SpdxParsedLicense {
    license: string;
    plus?: boolean;
    exception?: string;
  }
  /** A binary node; chains are nested to the right. */
  interface SpdxParsedConjunction {
    left: SpdxParsedNode;
    conjunction: 'and' | 'or';
    right: SpdxParsedNode;
  }
  type SpdxParsedNode = SpdxParsedLicense | SpdxParsedConjunction;
  /** Parses an SPDX 2.x expression; throws an `Error` on invalid input. */
  function parse(source: string): SpdxParsedNode;
  namespace parse {
    export type Node = SpdxParsedNode;
    export type License = SpdxParsedLicense;
    export type Conjunction = SpdxParsedConjunction;
  }
  export = parse;
}

declare module 'spdx-license-ids' {
  const ids: readonly string[];
  export = ids;
}

declare module 'spdx-license-ids/deprecated' {
  const ids: readonly string[];
  export = ids;
}

declare module 'spdx-exceptions' {
  const ids: readonly string[];
  export = ids;
}
