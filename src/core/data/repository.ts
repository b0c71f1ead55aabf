import { fromUrl } from 'hosted-git-info';
import type { BoundedMap } from '../policy/boundedMap';

/** Longer than this, a "repository URL" is not one anybody wrote. */
const MAX_URL_LENGTH = 2048;

const GIT_PROTOCOLS: ReadonlySet<string> = new Set(['https:', 'http:', 'git:', 'git+https:', 'git+http:', 'git+ssh:', 'ssh:']);

/**
 * Where a package's source lives, as `host/path` in lower case (`github.com/expressjs/express`):
 * from an npm `repository` field (a URL, npm's `user/repo` and `github:user/repo` shorthands, or
 * `{ type, url }`), a Cargo `repository`, a Composer `source.url` or a Python project URL. Code
 * hosts are read by npm's own hosted-git-info, which drops `/tree/…` and `.git`; any other host
 * keeps its path. Undefined for anything that names no host.
 */
export function repositoryLocation(value: unknown): string | undefined {
  const text = writtenUrl(value);
  // Printable ASCII only: a location is compared with the governance lists, never shown as a link.
  if (typeof text !== 'string' || text.length > MAX_URL_LENGTH || !/^[\x21-\x7e]+$/.test(text.trim())) {
    return undefined;
  }
  const trimmed = text.trim();
  const hosted = fromUrl(trimmed);
  if (hosted) {
    return `${hosted.domain}/${hosted.user}/${hosted.project}`.toLowerCase();
  }
  try {
    const url = new URL(trimmed);
    const folder = url.pathname.replace(/\/+$/, '').replace(/\.git$/i, '');
    return GIT_PROTOCOLS.has(url.protocol) && url.hostname !== '' && folder.length > 1 ? `${url.hostname}${folder}`.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * {@link repositoryLocation}, remembered per URL as written: hosted-git-info's own cache holds
 * 1,000 URLs, fewer than the packages of a large tree, whose every package.json a rescan reads again.
 */
export function rememberedRepositoryLocation(memory: BoundedMap<string, string | null>, value: unknown): string | undefined {
  const text = writtenUrl(value);
  if (typeof text !== 'string') {
    return undefined;
  }
  let location = memory.get(text);
  if (location === undefined) {
    location = repositoryLocation(text) ?? null;
    memory.set(text, location);
  }
  return location ?? undefined;
}

/** The URL a repository field holds: the field itself, or the `url` of npm's `{ type, url }`. */
function writtenUrl(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { url?: unknown }).url : value;
}

/** Core metadata `Project-URL` labels that name the source, normalised as PEP 753 does (lower case, letters only). */
const SOURCE_LABELS: ReadonlySet<string> = new Set(['source', 'sourcecode', 'repository', 'code', 'github', 'gitlab']);
const HOME_LABELS: ReadonlySet<string> = new Set(['homepage', 'home']);

/**
 * The repository of a Python distribution: a `Project-URL` labelled source, repository or code
 * (PEP 753's well-known labels), else a home page on a code host (many projects' only link to it).
 */
export function projectUrlRepository(projectUrls: readonly string[] | undefined, homePage?: string): string | undefined {
  let fromHome: string | undefined;
  for (const value of projectUrls ?? []) {
    const comma = value.indexOf(',');
    if (comma === -1) {
      continue;
    }
    const label = value.slice(0, comma).toLowerCase().replace(/[^a-z]/g, '');
    const url = value.slice(comma + 1);
    if (SOURCE_LABELS.has(label)) {
      const location = repositoryLocation(url);
      if (location !== undefined) {
        return location;
      }
    } else if (HOME_LABELS.has(label) && fromHome === undefined) {
      fromHome = codeHostLocation(url);
    }
  }
  return fromHome ?? codeHostLocation(homePage);
}

/** A location only where the URL is on a code host hosted-git-info knows: a home page elsewhere is a website, not a repository. */
export function codeHostLocation(url: string | undefined): string | undefined {
  return url !== undefined && fromUrl(url.trim()) !== undefined ? repositoryLocation(url) : undefined;
}

/** Code hosts whose paths start `owner/repository`, as Go module paths on them do (`github.com/hashicorp/vault/api`). */
const OWNER_REPOSITORY_HOSTS: ReadonlySet<string> = new Set(['github.com', 'gitlab.com', 'bitbucket.org']);

/** The repository of a Go module on a code host: its path's first three parts (`github.com/owner/repo` of `…/repo/v2`). */
export function goModuleRepository(modulePath: string): string | undefined {
  const [host, owner, repository] = modulePath.toLowerCase().split('/', 3);
  return OWNER_REPOSITORY_HOSTS.has(host) && owner && repository ? `${host}/${owner}/${repository}` : undefined;
}
