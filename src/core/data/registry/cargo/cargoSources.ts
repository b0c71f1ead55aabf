import * as path from 'node:path';
import { type CargoConfig, configList, configString, configTableNames, envValue, registryEnvName } from './cargoConfig';

/** crates.io's index: "the sparse index URL for crates.io is `sparse+https://index.crates.io/`" (Registry Index, "Sparse Protocol"). */
export const CRATES_IO_INDEX = 'https://index.crates.io/';
/** crates.io's git index, which Cargo itself treats as the same registry as the sparse one ("Sparse Limitations"). */
const CRATES_IO_GIT_INDEX = 'https://github.com/rust-lang/crates.io-index';
/** Longer `replace-with` chains are not configuration anyone writes. */
const MAX_REPLACEMENTS = 16;

/** Where a source's crates are looked up. */
export type CargoRegistryTarget =
  | {
      readonly kind: 'sparse';
      /** The sparse index URL without `sparse+`, ending in `/`. */
      readonly indexUrl: string;
      /** In words, for the log: `crates.io`, `crates-io replaced by mirror (…/config.toml)`. */
      readonly described: string;
      /**
       * The `cargo:token` credential of this registry, found under the user's own configuration for
       * this very index URL. Sent only when the index says `auth-required`, and only to its host.
       */
      readonly token?: string;
    }
  /**
   * Nothing is looked up: the crates come from a folder, a git index, or configuration that does not
   * resolve. `directory` is the absolute folder of a directory source (`cargo vendor`, Debian's
   * /usr/share/cargo/registry), for the offline reader.
   */
  | { readonly kind: 'none'; readonly reason: string; readonly directory?: string };

/**
 * The registry Cargo would fetch a source's crates from (`crates-io` unless a dependency names an
 * alternative registry), following Source Replacement: `[source.<name>] replace-with = "<other>"`,
 * where `<other>` is a `[source.<other>]` (`registry = "sparse+https://…"`, `directory`,
 * `local-registry`, `git`) or "an alternative registry name defined in the `[registries]` table".
 *
 * `ospoMirror`, the OSPO's sparse index, takes crates.io's place where the developer's
 * configuration does not replace crates.io itself: a `replace-with` (user's, or a trusted
 * project's) wins over it, as it would over crates.io.
 */
export function resolveCargoRegistry(config: CargoConfig, source = 'crates-io', ospoMirror?: string): CargoRegistryTarget {
  let name = source;
  const steps: string[] = [];
  const seen = new Set<string>([name]);
  for (;;) {
    const next = configString(config, ['source', name, 'replace-with']);
    if (next === undefined) {
      break;
    }
    if (seen.has(next.value) || seen.size > MAX_REPLACEMENTS) {
      return { kind: 'none', reason: `the Cargo source replacement of ${source} loops (${[...seen, next.value].join(' → ')}); no registry lookups for it` };
    }
    seen.add(next.value);
    steps.push(`${name} replaced by ${next.value} in ${next.layer.origin}`);
    name = next.value;
  }
  const how = steps.length === 0 ? (name === 'crates-io' ? 'crates.io' : `registry ${name}`) : steps.join(', ');
  if (name === 'crates-io' && steps.length === 0 && ospoMirror !== undefined) {
    return ospoTarget(config, ospoMirror);
  }
  if (name === 'crates-io') {
    return withToken(config, { kind: 'sparse', indexUrl: CRATES_IO_INDEX, described: how }, 'crates-io');
  }
  const kinds = ['registry', 'directory', 'local-registry', 'git'] as const;
  for (const kind of kinds) {
    const found = configString(config, ['source', name, kind]);
    if (found === undefined) {
      continue;
    }
    if (kind !== 'registry') {
      const what = kind === 'git' ? `the git repository ${found.value}` : `the folder ${found.value}`;
      return {
        kind: 'none',
        reason: `${how}: Cargo takes these crates from ${what}, so nothing is looked up in a registry`,
        ...(kind === 'directory' ? { directory: path.resolve(found.layer.baseDir, found.value) } : {}),
      };
    }
    return fromIndexUrl(config, found.value, how, undefined);
  }
  const index = envValue(config, registryEnvName(name, 'INDEX')) ?? configString(config, ['registries', name, 'index'])?.value;
  if (index !== undefined) {
    return fromIndexUrl(config, index, how, name);
  }
  return { kind: 'none', reason: `${how}: no [source.${name}] or [registries.${name}] entry says where it is; no registry lookups for it` };
}

/**
 * The OSPO's mirror as a sparse index. Cargo reads a URL without `sparse+` as a git index ("Registry
 * Index", "Index Protocols"), which is not read here; such a mirror, or one that is not a URL, means
 * no lookups rather than crates.io, where the OSPO chose not to send names. The mirror gets a token
 * only as `fromIndexUrl` gives one: a registry of the user's own configuration with this very index
 * URL, using `cargo:token`. Credentials written into the policy's URL are dropped.
 */
function ospoTarget(config: CargoConfig, mirror: string): CargoRegistryTarget {
  const text = mirror.trim();
  if (!text.startsWith('sparse+')) {
    return { kind: 'none', reason: "your OSPO's Cargo mirror is not a sparse index (sparse+https://…); crates.io is not used in its place" };
  }
  let url: URL;
  try {
    url = new URL(text.slice('sparse+'.length));
  } catch {
    return { kind: 'none', reason: "your OSPO's Cargo mirror is not a URL; crates.io is not used in its place" };
  }
  url.username = '';
  url.password = '';
  return fromIndexUrl(config, `sparse+${url.toString()}`, "crates.io replaced by your OSPO's mirror", undefined);
}

function fromIndexUrl(config: CargoConfig, written: string, how: string, registryName: string | undefined): CargoRegistryTarget {
  const text = written.trim();
  if (!text.startsWith('sparse+')) {
    if (sameUrl(text, CRATES_IO_GIT_INDEX)) {
      return withToken(config, { kind: 'sparse', indexUrl: CRATES_IO_INDEX, described: how }, 'crates-io');
    }
    // Git (non-sparse) indexes would need a clone; only HTTP requests leave this machine.
    return { kind: 'none', reason: `${how}: ${text} is a git index, which cannot be read here (only sparse+https:// indexes); no registry data for these crates` };
  }
  let url: URL;
  try {
    url = new URL(text.slice('sparse+'.length));
  } catch {
    return { kind: 'none', reason: `${how}: ${text} is not a URL; no registry lookups for it` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { kind: 'none', reason: `${how}: ${text} is not an http(s) URL; no registry lookups for it` };
  }
  url.search = '';
  url.hash = '';
  // Cargo insists on the final slash ("sparse registry url must end in a slash"); it names the same index without it.
  const indexUrl = url.toString().endsWith('/') ? url.toString() : `${url.toString()}/`;
  if (sameUrl(indexUrl, CRATES_IO_INDEX)) {
    return withToken(config, { kind: 'sparse', indexUrl: CRATES_IO_INDEX, described: how }, 'crates-io');
  }
  return withToken(config, { kind: 'sparse', indexUrl, described: how }, registryName ?? registryNamedBy(config, text));
}

/**
 * Cargo finds a registry's credentials by its name, and the name by the index URL
 * (`CARGO_REGISTRIES_<NAME>_INDEX`, else `[registries.<name>] index`). Here that URL must be set in
 * the user's own configuration or environment, never only in a project file: a cloned repository
 * must not be able to point a registry name the user holds a token for at a host of its choosing.
 */
function registryNamedBy(config: CargoConfig, indexUrl: string): string | undefined {
  const names = new Set<string>();
  for (const [variable, value] of Object.entries(config.env)) {
    if (value !== undefined && variable.startsWith('CARGO_REGISTRIES_') && variable.endsWith('_INDEX') && sameUrl(value, indexUrl)) {
      names.add(variable.slice('CARGO_REGISTRIES_'.length, -'_INDEX'.length).toLowerCase());
    }
  }
  if (names.size === 0) {
    for (const name of configTableNames(config, 'registries')) {
      const index = configString(config, ['registries', name, 'index']);
      if (index !== undefined && sameUrl(index.value, indexUrl)) {
        names.add(name);
      }
    }
  }
  // Cargo refuses a URL that several names share.
  return names.size === 1 ? [...names][0] : undefined;
}

/**
 * The `cargo:token` credential ("Registry Authentication"): `CARGO_REGISTRIES_<NAME>_TOKEN` or
 * `[registries.<name>] token` (`CARGO_REGISTRY_TOKEN` / `[registry] token` for crates.io), from the
 * user's configuration or credentials file only, and for a registry whose index URL the user's own
 * configuration names. Cargo uses it only where `cargo:token` is the registry's credential provider
 * or is listed in `registry.global-credential-providers` ("Using alternative registries with
 * authentication *requires* a credential provider to be configured"); other providers (keychains,
 * programs) are not run here.
 */
function withToken(config: CargoConfig, target: CargoRegistryTarget & { kind: 'sparse' }, registryName: string | undefined): CargoRegistryTarget {
  if (registryName === undefined) {
    return target;
  }
  const cratesIo = registryName === 'crates-io';
  if (!cratesIo) {
    const boundUrl = envValue(config, registryEnvName(registryName, 'INDEX')) ?? configString(config, ['registries', registryName, 'index'], true)?.value;
    if (boundUrl === undefined || !sameUrl(boundUrl.replace(/^sparse\+/, ''), target.indexUrl)) {
      return target;
    }
  }
  const providerKeys = cratesIo ? ['registry', 'credential-provider'] : ['registries', registryName, 'credential-provider'];
  const providerEnv = cratesIo ? 'CARGO_REGISTRY_CREDENTIAL_PROVIDER' : registryEnvName(registryName, 'CREDENTIAL_PROVIDER');
  const ownProvider = envValue(config, providerEnv)?.trim().split(/\s+/)[0] ?? configList(config, providerKeys, true)?.value[0]?.trim().split(/\s+/)[0];
  const globalProviders = envValue(config, 'CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS')?.split(/\s+/) ?? configList(config, ['registry', 'global-credential-providers'], true)?.value.map((entry) => entry.trim().split(/\s+/)[0]) ?? [];
  const usesTokens = ownProvider !== undefined ? ownProvider === 'cargo:token' : globalProviders.includes('cargo:token');
  if (!usesTokens) {
    return target;
  }
  const token = cratesIo
    ? (envValue(config, 'CARGO_REGISTRY_TOKEN') ?? configString(config, ['registry', 'token'], true)?.value)
    : (envValue(config, registryEnvName(registryName, 'TOKEN')) ?? configString(config, ['registries', registryName, 'token'], true)?.value);
  return token !== undefined && token.trim() !== '' ? { ...target, token: token.trim() } : target;
}

/** Cargo compares index URLs canonically: scheme and host case-insensitive, a final slash and `.git` ignored. */
function sameUrl(a: string, b: string): boolean {
  const canonical = (text: string): string => {
    try {
      const url = new URL(text.trim());
      let pathname = url.pathname.replace(/\/+$/, '');
      if (pathname.endsWith('.git')) {
        pathname = pathname.slice(0, -4);
      }
      return `${url.protocol}//${url.host}${pathname}`;
    } catch {
      return text.trim();
    }
  };
  return canonical(a) === canonical(b);
}
