import { isIdentifierPart, isIdentifierStart } from './gradleLexer';

/**
 * Resolving `$x` and `${x}` in Gradle strings from the simple assignments the same file makes
 * (`ext.x = "…"`, `ext { x = "…" }`, `def x = "…"`, `val x = "…"`). Anything computed is
 * unknown, and so is a name assigned two different values: which one applies depends on
 * evaluation order, so neither is claimed.
 */

/** A string as written in the script: its raw characters and whether `$` interpolates in it. */
export interface GradleStringValue {
  readonly raw: string;
  readonly interpolating: boolean;
}

/** `null` marks a name assigned more than one value. */
export type GradleVariables = Map<string, GradleStringValue | null>;

export function recordVariable(variables: GradleVariables, name: string, value: GradleStringValue | null): void {
  const previous = variables.get(name);
  if (previous === undefined) {
    variables.set(name, value);
  } else if (previous !== null && (value === null || previous.raw !== value.raw || previous.interpolating !== value.interpolating)) {
    variables.set(name, null);
  }
}

const MAX_DEPTH = 16;
/** Variables can repeat each other; capping every result keeps resolution linear. */
const MAX_RESULT_LENGTH = 4096;
/** How scripts name the same extra property: `rootProject.ext.x`, `project.x`, `extra.x`. */
const PREFIXES = ['rootProject.ext.', 'project.ext.', 'rootProject.', 'project.', 'ext.', 'extra.'];

export type GradleResolver = (value: GradleStringValue) => string | undefined;

/** Returns a resolver over the file's variables; each variable is resolved at most once. */
export function gradleResolver(variables: GradleVariables): GradleResolver {
  const memo = new Map<string, string | undefined>();
  const inProgress = new Set<string>();

  const resolveName = (path: string, depth: number): string | undefined => {
    const name = stripPrefix(path);
    if (memo.has(name)) {
      return memo.get(name);
    }
    const value = variables.get(name);
    if (!value || inProgress.has(name) || depth > MAX_DEPTH) {
      return undefined;
    }
    inProgress.add(name);
    const resolved = evaluate(value, depth + 1);
    inProgress.delete(name);
    memo.set(name, resolved);
    return resolved;
  };

  const evaluate = (value: GradleStringValue, depth: number): string | undefined => {
    const { raw } = value;
    let result = '';
    let index = 0;
    while (index < raw.length) {
      const char = raw[index];
      if (char === '\\') {
        result += unescape(raw[index + 1]);
        index += 2;
      } else if (char === '$' && value.interpolating) {
        const reference = readReference(raw, index);
        const replacement = reference ? resolveName(reference.name, depth) : undefined;
        if (!reference || replacement === undefined) {
          return undefined;
        }
        result += replacement;
        index = reference.end;
      } else if (char === '$' && raw[index + 1] === '{') {
        // A literal `${x}` in a single-quoted string is what Gradle would request: not a version.
        return undefined;
      } else {
        result += char;
        index++;
      }
      if (result.length > MAX_RESULT_LENGTH) {
        return undefined;
      }
    }
    return result;
  };

  return (value) => evaluate(value, 0);
}

/** Looks a bare reference up (map notation `version: springVersion`). */
export function resolveReference(resolver: GradleResolver, path: string): string | undefined {
  return resolver({ raw: `\${${path}}`, interpolating: true });
}

function stripPrefix(path: string): string {
  for (const prefix of PREFIXES) {
    if (path.startsWith(prefix)) {
      return path.slice(prefix.length);
    }
  }
  return path;
}

/** Reads `${a.b}` or `$a.b` at `start`; only plain (dotted) names can be resolved. */
function readReference(raw: string, start: number): { name: string; end: number } | null {
  if (raw[start + 1] === '{') {
    const close = raw.indexOf('}', start + 2);
    if (close < 0) {
      return null;
    }
    const name = raw.slice(start + 2, close).trim();
    return isDottedName(name) ? { name, end: close + 1 } : null;
  }
  let end = start + 1;
  if (!isIdentifierStart(raw[end])) {
    return null;
  }
  while (end < raw.length && (isIdentifierPart(raw[end]) || (raw[end] === '.' && isIdentifierStart(raw[end + 1])))) {
    end++;
  }
  return { name: raw.slice(start + 1, end), end };
}

export function isDottedName(name: string): boolean {
  if (name === '') {
    return false;
  }
  for (const part of name.split('.')) {
    if (!isIdentifierStart(part[0]) || ![...part].every(isIdentifierPart) || part.includes('$')) {
      return false;
    }
  }
  return true;
}

function unescape(char: string | undefined): string {
  switch (char) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case undefined:
      return '';
    default:
      return char;
  }
}
