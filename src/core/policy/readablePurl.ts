// A package URL as a person reads it: `pkg:npm/%40acme/left-pad` → `npm package @acme/left-pad`,
// `pkg:golang/github.com/x/y` → `github.com/x/y (Go)`. Purls stay the data (JSON, SARIF, request
// URLs); this is only for text people read. Pure, linear, never throws on feed text.
import type { Ecosystem } from '../manifests/types';
import { PURL_TYPE } from './purl';

const ECOSYSTEM_OF_TYPE: ReadonlyMap<string, Ecosystem> = new Map((Object.entries(PURL_TYPE) as [Ecosystem, string][]).map(([ecosystem, type]) => [type, ecosystem]));

/** How each ecosystem names one package (`one`) and a family of them (`many`, for `*` patterns); a Go module path says what it is. */
const WORDS: Readonly<Record<Exclude<Ecosystem, 'go'>, { readonly one: string; readonly many: string }>> = {
  npm: { one: 'npm package', many: 'npm packages' },
  pypi: { one: 'PyPI package', many: 'PyPI packages' },
  cargo: { one: 'Rust crate', many: 'Rust crates' },
  maven: { one: 'Maven artifact', many: 'Maven artifacts' },
  rubygems: { one: 'Ruby gem', many: 'Ruby gems' },
  composer: { one: 'Composer package', many: 'Composer packages' },
};

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * `purl` (optionally with `@version`, or a feed pattern ending in `*`) for people; `version`, when
 * given, is shown in place of one the purl carries. Text that is not a purl of ours is returned as
 * it is, decoded where it can be.
 */
export function readablePurl(purl: string, version?: string | null): string {
  const rest = purl.startsWith('pkg:') ? purl.slice(4).replace(/^\/+/, '') : null;
  const slash = rest === null ? -1 : rest.indexOf('/');
  const ecosystem = rest === null || slash <= 0 ? undefined : ECOSYSTEM_OF_TYPE.get(rest.slice(0, slash).toLowerCase());
  if (rest === null || ecosystem === undefined) {
    return decoded(purl) + (version ? ` ${version}` : '');
  }
  let path = rest.slice(slash + 1);
  const end = [path.indexOf('?'), path.indexOf('#')].filter((index) => index !== -1);
  path = end.length > 0 ? path.slice(0, Math.min(...end)) : path;
  // `@` starts an npm scope at the beginning of the name; after the last `/`, it starts the version.
  const lastSlash = path.lastIndexOf('/');
  const at = path.indexOf('@', lastSlash + 1 === 0 ? 1 : lastSlash + 1);
  const ownVersion = at === -1 ? undefined : decoded(path.slice(at + 1));
  const segments = (at === -1 ? path : path.slice(0, at)).split('/').map(decoded);
  const name = ecosystem === 'maven' && segments.length === 2 ? segments.join(':') : segments.join('/');
  const shownVersion = version ?? ownVersion;
  const named = `${name}${shownVersion ? ` ${shownVersion}` : ''}`;
  if (ecosystem === 'go') {
    return `${named} (Go)`;
  }
  return `${name.endsWith('*') ? WORDS[ecosystem].many : WORDS[ecosystem].one} ${named}`;
}
