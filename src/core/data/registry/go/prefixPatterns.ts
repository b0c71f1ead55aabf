/**
 * `GOPRIVATE` / `GONOPROXY` matching, as the go command does it (golang.org/x/mod/module
 * `MatchPrefixPatterns`, Go Modules Reference § "Private modules", § "Environment variables"): a
 * comma-separated list of `path.Match` globs, each matched against the leading path elements of the
 * module path (as many elements as the glob has), so `corp.example.com` matches
 * `corp.example.com/x/y` and `*.corp.example.com` matches `git.corp.example.com/repo`. Empty
 * globs and trailing slashes are ignored; a malformed glob matches nothing.
 */

/** Longer lists are read up to here: no real configuration comes close. */
const MAX_GLOBS_LENGTH = 64 * 1024;

export function matchPrefixPatterns(globs: string, target: string): boolean {
  let rest = globs.length > MAX_GLOBS_LENGTH ? globs.slice(0, MAX_GLOBS_LENGTH) : globs;
  while (rest !== '') {
    const comma = rest.indexOf(',');
    let glob: string;
    if (comma >= 0) {
      glob = rest.slice(0, comma);
      rest = rest.slice(comma + 1);
    } else {
      glob = rest;
      rest = '';
    }
    if (glob.endsWith('/')) {
      glob = glob.slice(0, -1);
    }
    if (glob === '') {
      continue;
    }
    // A glob with N slashes is matched against the first N+1 elements of the target.
    let slashes = 0;
    for (const char of glob) {
      if (char === '/') {
        slashes++;
      }
    }
    let prefix = target;
    for (let index = 0; index < target.length; index++) {
      if (target[index] === '/') {
        if (slashes === 0) {
          prefix = target.slice(0, index);
          break;
        }
        slashes--;
      }
    }
    if (slashes > 0) {
      continue;
    }
    if (pathMatch(glob, prefix)) {
      return true;
    }
  }
  return false;
}

/**
 * Go's `path.Match`: `*` any run of non-`/` characters, `?` one non-`/` character, `[…]` a class
 * (`^` negates, `a-z` ranges, `\` escapes), `\x` the character x. False for a malformed pattern.
 * Star backtracking is bounded by pattern × name length, both short here.
 */
export function pathMatch(pattern: string, name: string): boolean {
  return match(Array.from(pattern), Array.from(name));
}

class BadPattern extends Error {}

/** Longer globs cannot match a module path and are not tried (the matcher is pattern × name). */
const MAX_GLOB_LENGTH = 1024;

function match(pattern: readonly string[], name: readonly string[]): boolean {
  if (pattern.length > MAX_GLOB_LENGTH) {
    return false;
  }
  let p = 0;
  let n = 0;
  try {
    outer: while (p < pattern.length) {
      const { star, chunkStart, chunkEnd } = scanChunk(pattern, p);
      p = chunkEnd;
      if (star && chunkStart === chunkEnd) {
        // A trailing star matches the rest of the name unless it holds a slash.
        return !name.slice(n).includes('/');
      }
      const here = matchChunk(pattern, chunkStart, chunkEnd, name, n);
      if (here >= 0 && (here === name.length || p < pattern.length)) {
        n = here;
        continue;
      }
      if (star) {
        for (let skip = n; skip < name.length && name[skip] !== '/'; skip++) {
          const after = matchChunk(pattern, chunkStart, chunkEnd, name, skip + 1);
          if (after >= 0) {
            if (p === pattern.length && after < name.length) {
              continue;
            }
            n = after;
            continue outer;
          }
        }
      }
      return false;
    }
    return n === name.length;
  } catch (error) {
    if (error instanceof BadPattern) {
      return false;
    }
    throw error;
  }
}

/** Leading stars, then the chunk up to the next star outside a class. */
function scanChunk(pattern: readonly string[], from: number): { star: boolean; chunkStart: number; chunkEnd: number } {
  let start = from;
  let star = false;
  while (start < pattern.length && pattern[start] === '*') {
    start++;
    star = true;
  }
  let inRange = false;
  let index = start;
  for (; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      if (index + 1 < pattern.length) {
        index++;
      }
    } else if (char === '[') {
      inRange = true;
    } else if (char === ']') {
      inRange = false;
    } else if (char === '*' && !inRange) {
      break;
    }
  }
  return { star, chunkStart: start, chunkEnd: index };
}

/** Where the name continues after `pattern[start, end)` matched from `from`; -1 when it does not. Throws BadPattern. */
function matchChunk(pattern: readonly string[], start: number, end: number, name: readonly string[], from: number): number {
  let c = start;
  let n = from;
  // After a mismatch the chunk is still read through, to notice a malformed pattern.
  let failed = false;
  while (c < end) {
    if (!failed && n >= name.length) {
      failed = true;
    }
    const head = pattern[c];
    if (head === '[') {
      const point = failed ? -1 : (name[n].codePointAt(0) ?? -1);
      if (!failed) {
        n++;
      }
      c++;
      let negated = false;
      if (c < end && pattern[c] === '^') {
        negated = true;
        c++;
      }
      let matched = false;
      let ranges = 0;
      for (;;) {
        if (c < end && pattern[c] === ']' && ranges > 0) {
          c++;
          break;
        }
        const low = classChar(pattern, c, end);
        c = low.next;
        let high = low.point;
        if (c < end && pattern[c] === '-') {
          const upper = classChar(pattern, c + 1, end);
          c = upper.next;
          high = upper.point;
        }
        if (low.point <= point && point <= high) {
          matched = true;
        }
        ranges++;
      }
      if (matched === negated) {
        failed = true;
      }
    } else if (head === '?') {
      if (!failed) {
        if (name[n] === '/') {
          failed = true;
        }
        n++;
      }
      c++;
    } else {
      if (head === '\\') {
        c++;
        if (c >= end) {
          throw new BadPattern();
        }
      }
      if (!failed) {
        if (pattern[c] !== name[n]) {
          failed = true;
        }
        n++;
      }
      c++;
    }
  }
  return failed ? -1 : n;
}

/** One possibly escaped character of a class; a class must not end inside it. */
function classChar(pattern: readonly string[], at: number, end: number): { point: number; next: number } {
  let c = at;
  if (c >= end || pattern[c] === '-' || pattern[c] === ']') {
    throw new BadPattern();
  }
  if (pattern[c] === '\\') {
    c++;
    if (c >= end) {
      throw new BadPattern();
    }
  }
  const point = pattern[c].codePointAt(0) ?? 0;
  if (c + 1 >= end) {
    throw new BadPattern();
  }
  return { point, next: c + 1 };
}
