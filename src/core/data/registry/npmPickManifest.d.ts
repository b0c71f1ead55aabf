// Type declarations for npm-pick-manifest, which ships none. An ambient script (no top-level
// import or export) so the `declare module` block applies project-wide.

declare module 'npm-pick-manifest' {
  interface PickablePackument {
    readonly name: string;
    readonly 'dist-tags'?: Readonly<Record<string, string>>;
    readonly versions: Readonly<Record<string, { readonly version: string; readonly deprecated?: string }>>;
  }
  interface PickOptions {
    readonly defaultTag?: string;
    /** Empty (npm's own reading when no engine is known): engines are not checked. */
    readonly nodeVersion?: string | null;
    readonly npmVersion?: string | null;
  }
  /** The manifest npm would install for `wanted`; throws (code ETARGET) when none fits. */
  function pickManifest(packument: PickablePackument, wanted: string, options?: PickOptions): { readonly version: string };
  export = pickManifest;
}
