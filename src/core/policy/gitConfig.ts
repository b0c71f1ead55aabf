/**
 * The remotes of a `.git/config` file (`[remote "origin"] url = …`), read without running git so it
 * works in Restricted Mode and on machines without git. Later `url` lines of the same remote win,
 * as git's own "last one wins" rule for single-valued keys.
 */
export function gitConfigRemotes(text: string): Map<string, string> {
  const remotes = new Map<string, string>();
  let currentRemote: string | null = null;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.startsWith('[')) {
      const header = /^\[\s*remote\s+"((?:[^"\\]|\\.)*)"\s*\]$/i.exec(line);
      currentRemote = header ? header[1].replace(/\\(.)/g, '$1') : null;
      continue;
    }
    if (currentRemote === null || line.startsWith('#') || line.startsWith(';')) {
      continue;
    }
    const equals = line.indexOf('=');
    if (equals !== -1 && line.slice(0, equals).trim().toLowerCase() === 'url') {
      remotes.set(currentRemote, unquote(line.slice(equals + 1).trim()));
    }
  }
  return remotes;
}

/** The first of the preferred remotes that the config names. */
export function preferredRemoteUrl(remotes: ReadonlyMap<string, string>, preference: readonly string[]): string | null {
  for (const name of preference) {
    const url = remotes.get(name);
    if (url) {
      return url;
    }
  }
  return null;
}

/** For exceptions, the repository is the one this checkout belongs to: `origin` before `upstream`. */
export const EXCEPTION_REMOTES = ['origin', 'upstream'] as const;

function unquote(value: string): string {
  const withoutComment = value.startsWith('"') ? value : value.replace(/\s+[#;].*$/, '');
  return withoutComment.length >= 2 && withoutComment.startsWith('"') && withoutComment.endsWith('"') ? withoutComment.slice(1, -1) : withoutComment;
}
