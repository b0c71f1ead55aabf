/**
 * Whether a package name matches one of Composer's name patterns, where `*` matches any run of
 * characters and the rest is literal, case-insensitively (Composer's `BasePackage::packageNameToRegexp`,
 * used by a repository's `only`/`exclude` and `available-package-patterns`). Matched without building
 * a regular expression from the pattern: one greedy pass that backtracks only to the last `*`.
 */
export function matchesNamePattern(name: string, pattern: string): boolean {
  const text = name.toLowerCase();
  const glob = pattern.toLowerCase();
  let t = 0;
  let g = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (g < glob.length && glob[g] === '*') {
      star = g++;
      resume = t;
    } else if (g < glob.length && glob[g] === text[t]) {
      g++;
      t++;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') {
    g++;
  }
  return g === glob.length;
}

export function matchesAnyNamePattern(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesNamePattern(name, pattern));
}

/**
 * Composer's package name rule (`vendor/package`, lower case, segments of letters and digits joined
 * by `.`, `_`, `-`, and `--` in the package part), checked by a linear scan rather than Composer's
 * regular expression. Names that fail it are never sent.
 */
export function isComposerName(name: string): boolean {
  if (name.length === 0 || name.length > 214) {
    return false;
  }
  const slash = name.indexOf('/');
  if (slash <= 0 || slash !== name.lastIndexOf('/')) {
    return false;
  }
  return isNamePart(name.slice(0, slash), false) && isNamePart(name.slice(slash + 1), true);
}

function isNamePart(part: string, allowDoubleDash: boolean): boolean {
  if (part.length === 0 || !isAlnum(part[0]) || !isAlnum(part[part.length - 1])) {
    return false;
  }
  let separators = '';
  for (const char of part) {
    if (isAlnum(char)) {
      separators = '';
      continue;
    }
    if (char !== '.' && char !== '_' && char !== '-') {
      return false;
    }
    separators += char;
    if (separators.length > 1 && !(allowDoubleDash && separators === '--')) {
      return false;
    }
  }
  return true;
}

function isAlnum(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= '0' && char <= '9');
}
