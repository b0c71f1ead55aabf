import type { ConfiguredRepository, SettingsMirror } from './mavenSettings';

/**
 * The mirror Maven uses for a repository (Guide to Mirror Settings, "Advanced Mirror
 * Specification", as maven-resolver's DefaultMirrorSelector implements it): first a mirror whose
 * `mirrorOf` is exactly the repository's id, else the first mirror, in declaration order, whose
 * pattern matches.
 */
export function selectMirror(repository: ConfiguredRepository, mirrors: readonly SettingsMirror[]): SettingsMirror | undefined {
  return mirrors.find((mirror) => mirror.mirrorOf === repository.id) ?? mirrors.find((mirror) => matchesMirrorOf(repository, mirror.mirrorOf));
}

/**
 * One `mirrorOf` value: a comma list of ids, `*`, `external:*` (not localhost, not file),
 * `external:http:*` (Maven 3.8.0+: plain HTTP and external) and `!id` exclusions. An explicit id or
 * exclusion ends the walk; wildcards only set the answer, so that a later `!id` still excludes.
 * Items are compared as written: the guide warns that `!repo1, *` (with a space) mirrors nothing.
 */
export function matchesMirrorOf(repository: ConfiguredRepository, pattern: string): boolean {
  if (pattern === '*' || pattern === repository.id) {
    return true;
  }
  let result = false;
  for (const item of pattern.split(',')) {
    if (item.length > 1 && item.startsWith('!')) {
      if (item.slice(1) === repository.id) {
        return false;
      }
    } else if (item === repository.id) {
      return true;
    } else if (item === 'external:*' && isExternal(repository.url)) {
      result = true;
    } else if (item === 'external:http:*' && isExternalHttp(repository.url)) {
      result = true;
    } else if (item === '*') {
      result = true;
    }
  }
  return result;
}

function isExternal(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol !== 'file:' && !isLocalHost(parsed.hostname);
  } catch {
    return false;
  }
}

function isExternalHttp(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && !isLocalHost(parsed.hostname);
  } catch {
    return false;
  }
}

/** Exactly the two names maven-resolver counts as local. */
function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1';
}
