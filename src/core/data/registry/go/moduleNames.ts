import { escapeModulePath } from '../../go/moduleCase';

/**
 * Which module paths and versions may be put into a proxy URL, by the rules of the Go Modules
 * Reference § "Module paths and versions" (golang.org/x/mod/module `CheckPath`, golang.org/x/mod/semver
 * `IsValid`). Anything else is never sent.
 */

/** No real module path comes close; a bound keeps every later step (prefix patterns, URLs) small. */
const MAX_MODULE_PATH_LENGTH = 500;
const MAX_VERSION_LENGTH = 200;

/** `module.CheckPath`: ASCII letters, digits and `-._~` in non-empty elements; the first one a lower-case domain with a dot. */
export function isValidModulePath(modulePath: string): boolean {
  if (typeof modulePath !== 'string' || modulePath === '' || modulePath.length > MAX_MODULE_PATH_LENGTH) {
    return false;
  }
  if (modulePath.startsWith('-') || modulePath.endsWith('/')) {
    return false;
  }
  const elements = modulePath.split('/');
  for (const element of elements) {
    if (!isValidElement(element)) {
      return false;
    }
  }
  const first = elements[0];
  if (!first.includes('.') || !/^[a-z0-9.-]+$/.test(first)) {
    return false;
  }
  return pathMajor(modulePath) !== undefined;
}

function isValidElement(element: string): boolean {
  if (element === '' || /^\.+$/.test(element) || element.startsWith('.') || element.endsWith('.')) {
    return false;
  }
  return /^[A-Za-z0-9._~-]+$/.test(element);
}

/**
 * `module.SplitPathVersion`: the major version suffix of a path (`/v2`, `.v3` for gopkg.in, '' for
 * none); undefined when the path's suffix is not a real major version (v0, v1, v01, v1.2), or a
 * gopkg.in path lacks its `.vN`.
 */
function pathMajor(modulePath: string): string | undefined {
  if (modulePath.startsWith('gopkg.in/')) {
    let end = modulePath.length;
    if (modulePath.endsWith('-unstable')) {
      end -= '-unstable'.length;
    }
    let index = end;
    while (index > 0 && isDigit(modulePath[index - 1])) {
      index--;
    }
    if (index <= 1 || modulePath[index - 1] !== 'v' || modulePath[index - 2] !== '.') {
      return undefined;
    }
    const major = modulePath.slice(index - 2);
    return major.length > 2 && (major[2] !== '0' || major === '.v0') ? major : undefined;
  }
  let index = modulePath.length;
  let dot = false;
  while (index > 0 && (isDigit(modulePath[index - 1]) || modulePath[index - 1] === '.')) {
    dot ||= modulePath[index - 1] === '.';
    index--;
  }
  if (index <= 1 || index === modulePath.length || modulePath[index - 1] !== 'v' || modulePath[index - 2] !== '/') {
    return '';
  }
  const major = modulePath.slice(index - 2);
  return dot || major.length <= 2 || major[2] === '0' || major === '/v1' ? undefined : major;
}

/**
 * `module.CheckPathMajor`: whether a version can belong to a path: `/vN` and `.vN` paths take
 * major N only; other paths v0, v1 and `+incompatible` versions.
 */
export function versionFitsPath(modulePath: string, version: string): boolean {
  let major = pathMajor(modulePath);
  if (major === undefined) {
    return false;
  }
  if (major.startsWith('.v') && major.endsWith('-unstable')) {
    major = major.slice(0, -'-unstable'.length);
  }
  // An old go command bug made v0.0.0- pseudo-versions for gopkg.in .v1 paths; the go command accepts them.
  if (version.startsWith('v0.0.0-') && major === '.v1') {
    return true;
  }
  const versionMajor = /^v[0-9]+/.exec(version)?.[0] ?? '';
  if (major === '') {
    return versionMajor === 'v0' || versionMajor === 'v1' || version.endsWith('+incompatible');
  }
  return versionMajor === major.slice(1);
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

/** `semver.IsValid`: `vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]`, numbers without leading zeros. */
export function isValidVersion(version: string): boolean {
  if (typeof version !== 'string' || version.length > MAX_VERSION_LENGTH || !version.startsWith('v')) {
    return false;
  }
  let rest = version.slice(1);
  const numbers = /^(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?)?/.exec(rest);
  if (numbers === null) {
    return false;
  }
  rest = rest.slice(numbers[0].length);
  if (rest === '') {
    return true;
  }
  if (numbers[3] === undefined) {
    return false; // `v1.2-pre` is not a version: short forms take no suffix.
  }
  if (rest.startsWith('-')) {
    const plus = rest.indexOf('+');
    const prerelease = rest.slice(1, plus < 0 ? rest.length : plus);
    if (!prerelease.split('.').every((part) => /^[0-9A-Za-z-]+$/.test(part) && !/^0[0-9]+$/.test(part))) {
      return false;
    }
    rest = plus < 0 ? '' : rest.slice(plus);
  }
  if (rest.startsWith('+')) {
    return rest
      .slice(1)
      .split('.')
      .every((part) => /^[0-9A-Za-z-]+$/.test(part));
  }
  return rest === '';
}

/** `module.IsPseudoVersion`: `vX.0.0-yyyymmddhhmmss-abcdef…` and its `-pre.0.` / `-0.` forms (§ "Pseudo-versions"). */
export function isPseudoVersion(version: string): boolean {
  return (
    isValidVersion(version) &&
    (version.match(/-/g)?.length ?? 0) >= 2 &&
    /^v[0-9]+\.(?:0\.0-|[0-9]+\.[0-9]+-(?:[^+]*\.)?0\.)[0-9]{14}-[A-Za-z0-9]+(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/.test(version)
  );
}

/**
 * A module path or version as a proxy URL path: case-encoded (§ "GOPROXY protocol": `!` and the
 * lower-case letter for each capital), then escaped as the go command's `pathEscape` does, which
 * sends `!` as `%21` and leaves `/` and `+` alone. Only valid paths and versions reach here, so
 * nothing else needs escaping.
 */
export function proxyPathOf(text: string): string {
  return escapeModulePath(text).split('!').join('%21');
}
