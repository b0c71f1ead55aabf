/**
 * A repository as `host/owner/name` (more path segments for GitLab groups), lower case, from any
 * git remote form: `git@github.com:acme/tool.git`, `ssh://git@host:2222/acme/tool`,
 * `https://user@github.com/acme/tool.git`, `git://host/acme/tool`. Null when it is not a remote URL.
 */
export function repoIdentity(remoteUrl: string): string | null {
  const trimmed = remoteUrl.trim();
  let host: string;
  let path: string;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (scheme) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return null;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(url.protocol)) {
      return null;
    }
    host = url.hostname;
    path = decodeSafely(url.pathname);
  } else {
    // scp-like syntax: [user@]host:path, where the path does not start with a slash-slash.
    const colon = trimmed.indexOf(':');
    if (colon <= 0 || trimmed.startsWith('/') || (trimmed[colon + 1] === '/' && trimmed[colon + 2] === '/')) {
      return null;
    }
    const at = trimmed.lastIndexOf('@', colon);
    host = trimmed.slice(at + 1, colon);
    path = trimmed.slice(colon + 1);
  }
  const segments = path
    .replace(/\.git\/?$/i, '')
    .split('/')
    .filter((segment) => segment.length > 0);
  if (!host || segments.length < 2) {
    return null;
  }
  return [host, ...segments].join('/').toLowerCase();
}

/**
 * `github.com/acme/tool` matches itself; `github.com/acme/*` matches every repository below
 * `github.com/acme/`. Compared in lower case, as the hosts we know treat names.
 */
export function repoPatternMatches(pattern: string, repo: string): boolean {
  const normalizedPattern = pattern.trim().toLowerCase().replace(/\.git$/, '');
  if (normalizedPattern.endsWith('/*')) {
    return repo.startsWith(normalizedPattern.slice(0, -1)) && repo.length > normalizedPattern.length - 1;
  }
  return repo === normalizedPattern;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
