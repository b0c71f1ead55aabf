import type { Ecosystem } from '../manifests/types';

/**
 * A version as its own ecosystem orders it, before any coercion to semver.
 *
 * - `release`: the numeric release parts, any number of them (`7.1.3.4` keeps four); compared
 *   part by part with missing parts read as zero (`1.0` equals `1.0.0`, as PEP 440, Maven and
 *   RubyGems say).
 * - `pre`: semver-style pre-release identifiers; a version with any sorts before its release.
 * - `post`: identifiers of something that sorts *after* the release but before the next one
 *   (PEP 440 `.postN`, Maven `-sp1` and unknown qualifiers, Composer `-patch1`).
 * - `build`: ignored in comparisons (semver build, Go `+incompatible`).
 * - `pep`: for PyPI, the PEP 440 key, used instead of `pre`/`post` when both sides have it.
 */
export interface NativeVersion {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: readonly (number | string)[];
  readonly post: readonly (number | string)[];
  readonly build: readonly string[];
  readonly pep?: PepKey;
}

/** PEP 440 ordering beyond the release: pre (`a`=1, `b`=2, `rc`=3, with its number), post, dev. */
export interface PepKey {
  readonly pre: readonly [number, number] | null;
  readonly post: number | null;
  readonly dev: number | null;
}

/** Longer than any real version; semver itself refuses more than 256 characters. */
const MAX_VERSION_LENGTH = 256;

function safeNumber(digits: string): number | null {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : null;
}

function identifier(part: string): number | string | null {
  if (/^\d+$/.test(part)) {
    return safeNumber(part);
  }
  return part;
}

function numbers(parts: readonly string[]): number[] | null {
  const result: number[] = [];
  for (const part of parts) {
    const value = safeNumber(part);
    if (value === null) {
      return null;
    }
    result.push(value);
  }
  return result;
}

function identifiers(text: string | undefined): (number | string)[] | null {
  if (text === undefined || text === '') {
    return [];
  }
  const result: (number | string)[] = [];
  for (const part of text.split('.')) {
    const value = identifier(part);
    if (value === null) {
      return null;
    }
    result.push(value);
  }
  return result;
}

const SEMVER_LIKE = /^[=v]*\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** npm, Cargo and Go: semver, with `v`/`=` prefixes allowed and missing minor/patch read as zero. */
function parseSemverLike(text: string): NativeVersion | null {
  const match = SEMVER_LIKE.exec(text);
  if (!match) {
    return null;
  }
  const release = numbers([match[1], match[2] ?? '0', match[3] ?? '0']);
  const pre = identifiers(match[4]);
  if (release === null || pre === null) {
    return null;
  }
  return { epoch: 0, release, pre, post: [], build: match[5] ? match[5].split('.') : [] };
}

const PEP440 =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/;

const PEP_PRE_RANK: Readonly<Record<string, readonly [number, string]>> = {
  alpha: [1, 'a'],
  a: [1, 'a'],
  beta: [2, 'b'],
  b: [2, 'b'],
  preview: [3, 'rc'],
  pre: [3, 'rc'],
  c: [3, 'rc'],
  rc: [3, 'rc'],
};

/**
 * PEP 440. Pre-releases stay pre-releases (`1.0a1` → pre `a.1`); a dev release without a
 * pre-release becomes pre `0.dev.N`, so that it sorts before `a`, `b` and `rc` in semver too;
 * a pre-release's own dev part follows it (`a.1.dev.2`: semver then sorts it after `a.1`, the
 * one ordering semver cannot express). Post releases, epochs and dev parts of post releases go
 * to `post`/`epoch` (compared natively, build metadata in semver). Local versions are dropped.
 */
function parsePep440(text: string): NativeVersion | null {
  const match = PEP440.exec(text.toLowerCase());
  if (!match) {
    return null;
  }
  const epoch = match[1] === undefined ? 0 : safeNumber(match[1]);
  const release = numbers(match[2].split('.'));
  if (epoch === null || release === null) {
    return null;
  }
  const preRank = match[3] === undefined ? undefined : PEP_PRE_RANK[match[3]];
  const preNumber = match[4] === undefined ? 0 : safeNumber(match[4]);
  const postText = match[5] ?? (match[6] !== undefined ? (match[7] ?? '0') : undefined);
  const post = postText === undefined ? null : safeNumber(postText);
  const dev = match[8] === undefined ? null : match[9] === undefined ? 0 : safeNumber(match[9]);
  if (preNumber === null || (postText !== undefined && post === null) || (match[8] !== undefined && dev === null)) {
    return null;
  }
  const pre: (number | string)[] = [];
  const postIds: (number | string)[] = [];
  if (preRank !== undefined) {
    pre.push(preRank[1], preNumber);
    if (dev !== null && post === null) {
      pre.push('dev', dev);
    }
  } else if (dev !== null && post === null) {
    pre.push(0, 'dev', dev);
  }
  if (post !== null) {
    postIds.push('post', post);
    if (dev !== null) {
      postIds.push('dev', dev);
    }
  }
  return {
    epoch,
    release,
    pre,
    post: postIds,
    build: [],
    pep: { pre: preRank === undefined ? null : [preRank[0], preNumber], post, dev },
  };
}

const MAVEN_QUALIFIERS: Readonly<Record<string, { readonly kind: 'pre' | 'release' | 'post'; readonly name: string }>> = {
  alpha: { kind: 'pre', name: 'alpha' },
  beta: { kind: 'pre', name: 'beta' },
  milestone: { kind: 'pre', name: 'milestone' },
  rc: { kind: 'pre', name: 'rc' },
  cr: { kind: 'pre', name: 'rc' },
  snapshot: { kind: 'pre', name: 'snapshot' },
  ga: { kind: 'release', name: '' },
  final: { kind: 'release', name: '' },
  release: { kind: 'release', name: '' },
  sp: { kind: 'post', name: 'sp' },
};

const MAVEN_SHORT: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', m: 'milestone' };

/**
 * Maven, close to ComparableVersion: the leading dot-separated numbers are the release (any
 * number of them); then qualifiers, split at `.`, `-`, `_` and digit/letter changes:
 * `alpha`/`a1` < `beta`/`b1` < `milestone`/`m1` < `rc`/`cr` < `snapshot` < release
 * (= `ga`, `final`, `release`, e.g. `2.0.0.RELEASE`, `1.2.3.Final`) < `sp` < unknown qualifiers
 * (lexically) and numbers after a `-` (`1.0-1`). A pre-release qualifier's trailing numbers stay
 * with it (`1.0-beta-2` → pre `beta.2`).
 */
function parseMaven(text: string): NativeVersion | null {
  const lower = text.toLowerCase();
  if (!/^v?\d/.test(lower) || !/^[0-9a-z.\-_]+$/.test(lower.startsWith('v') ? lower.slice(1) : lower)) {
    return null;
  }
  const body = lower.startsWith('v') ? lower.slice(1) : lower;
  const tokens: { readonly text: string; readonly separator: string }[] = [];
  let current = '';
  let separator = '';
  const flush = (next: string): void => {
    if (current !== '') {
      tokens.push({ text: current, separator });
    }
    current = '';
    separator = next;
  };
  for (const char of body) {
    if (char === '.' || char === '-' || char === '_') {
      flush(char);
      continue;
    }
    const isDigit = char >= '0' && char <= '9';
    if (current !== '' && isDigit !== (current[0] >= '0' && current[0] <= '9')) {
      flush('');
    }
    current += char;
  }
  flush('');
  const release: number[] = [];
  let index = 0;
  while (index < tokens.length && /^\d+$/.test(tokens[index].text) && (index === 0 || tokens[index].separator === '.')) {
    const value = safeNumber(tokens[index].text);
    if (value === null) {
      return null;
    }
    release.push(value);
    index += 1;
  }
  const pre: (number | string)[] = [];
  const post: (number | string)[] = [];
  let target: (number | string)[] | null = null;
  for (; index < tokens.length; index += 1) {
    const token = tokens[index].text;
    if (/^\d+$/.test(token)) {
      const value = safeNumber(token);
      if (value === null) {
        return null;
      }
      (target ?? post).push(value);
      continue;
    }
    const nextIsNumber = index + 1 < tokens.length && /^\d+$/.test(tokens[index + 1].text);
    const name = nextIsNumber && MAVEN_SHORT[token] !== undefined ? MAVEN_SHORT[token] : token;
    const known = Object.prototype.hasOwnProperty.call(MAVEN_QUALIFIERS, name) ? MAVEN_QUALIFIERS[name] : undefined;
    if (known === undefined) {
      post.push(name);
      target = post;
    } else if (known.kind === 'pre') {
      pre.push(known.name);
      target = pre;
    } else if (known.kind === 'post') {
      post.push(known.name);
      target = post;
    } else {
      target = post.length > 0 ? post : pre.length > 0 ? pre : null;
    }
  }
  return { epoch: 0, release, pre, post, build: [] };
}

/**
 * RubyGems: segments split at `.`; a `-` reads as `.pre.` (as Gem::Version does); runs of
 * letters and digits are separate segments (`rc1` → `rc`, `1`). The first letter segment starts
 * the pre-release (`1.0.0.pre`, `2.0.0.rc1` → pre `rc.1`); numbers before it are the release,
 * however many (`7.1.3.4`).
 */
function parseRubyGems(text: string): NativeVersion | null {
  const trimmed = text.trim();
  if (!/^\d[0-9A-Za-z.-]*$/.test(trimmed)) {
    return null;
  }
  const segments = trimmed.split('-').join('.pre.').split('.');
  const release: number[] = [];
  const pre: (number | string)[] = [];
  for (const segment of segments) {
    if (segment === '') {
      return null;
    }
    const runs = segment.match(/\d+|[A-Za-z]+/g) ?? [];
    for (const run of runs) {
      const value = identifier(run);
      if (value === null) {
        return null;
      }
      if (pre.length === 0 && typeof value === 'number') {
        release.push(value);
      } else {
        pre.push(typeof value === 'string' ? value.toLowerCase() : value);
      }
    }
  }
  return { epoch: 0, release, pre, post: [], build: [] };
}

const COMPOSER = /^v?(\d+(?:\.\d+){0,3})(?:[._-]?(stable|beta|b|rc|alpha|a|patch|pl|p|dev)(?:[._-]?(\d+))?)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Composer: `v` prefix, up to four numbers, then a stability: `dev` < `alpha`/`a` <
 * `beta`/`b` < `RC` < stable < `patch`/`pl`/`p`. A dev stability becomes pre `0.dev`,
 * so it sorts first in semver too. Branch versions (`dev-main`, `1.0.x-dev`) are not versions.
 */
function parseComposer(text: string): NativeVersion | null {
  const match = COMPOSER.exec(text.trim().toLowerCase());
  if (!match) {
    return null;
  }
  const release = numbers(match[1].split('.'));
  const suffixNumber = match[3] === undefined ? null : safeNumber(match[3]);
  if (release === null || (match[3] !== undefined && suffixNumber === null)) {
    return null;
  }
  const pre: (number | string)[] = [];
  const post: (number | string)[] = [];
  const withNumber = (list: (number | string)[]): void => {
    if (suffixNumber !== null) {
      list.push(suffixNumber);
    }
  };
  switch (match[2]) {
    case undefined:
    case 'stable':
      break;
    case 'dev':
      pre.push(0, 'dev');
      withNumber(pre);
      break;
    case 'a':
    case 'alpha':
      pre.push('alpha');
      withNumber(pre);
      break;
    case 'b':
    case 'beta':
      pre.push('beta');
      withNumber(pre);
      break;
    case 'rc':
      pre.push('rc');
      withNumber(pre);
      break;
    default:
      post.push('patch');
      withNumber(post);
  }
  return { epoch: 0, release, pre, post, build: [] };
}

/** Parses a version the way its ecosystem writes it; null for anything else (never throws). */
export function parseNativeVersion(version: string, ecosystem: Ecosystem): NativeVersion | null {
  if (typeof version !== 'string' || version.length > MAX_VERSION_LENGTH) {
    return null;
  }
  const text = version.trim();
  if (text === '') {
    return null;
  }
  switch (ecosystem) {
    case 'npm':
    case 'cargo':
    case 'go':
      return parseSemverLike(text);
    case 'pypi':
      return parsePep440(text);
    case 'maven':
      return parseMaven(text);
    case 'rubygems':
      return parseRubyGems(text);
    case 'composer':
      return parseComposer(text);
    default:
      return null;
  }
}

function compareIdentifier(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  if (typeof a === 'number') {
    return -1;
  }
  if (typeof b === 'number') {
    return 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIdentifiers(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const order = compareIdentifier(a[index], b[index]);
    if (order !== 0) {
      return Math.sign(order);
    }
  }
  return Math.sign(a.length - b.length);
}

function pepKey(key: PepKey): number[] {
  const inf = Number.MAX_VALUE;
  // packaging's _cmpkey: a dev-only release sorts before every pre-release of the same release.
  const pre = key.pre === null ? (key.post === null && key.dev !== null ? [-inf, 0] : [inf, 0]) : [key.pre[0], key.pre[1]];
  const post = key.post === null ? -inf : key.post;
  const dev = key.dev === null ? inf : key.dev;
  return [...pre, post, dev];
}

/** Orders two parsed versions of one ecosystem: negative, zero or positive. */
export function compareNative(a: NativeVersion, b: NativeVersion): number {
  if (a.epoch !== b.epoch) {
    return Math.sign(a.epoch - b.epoch);
  }
  for (let index = 0; index < Math.max(a.release.length, b.release.length); index += 1) {
    const order = (a.release[index] ?? 0) - (b.release[index] ?? 0);
    if (order !== 0) {
      return Math.sign(order);
    }
  }
  if (a.pep && b.pep) {
    const ka = pepKey(a.pep);
    const kb = pepKey(b.pep);
    for (let index = 0; index < ka.length; index += 1) {
      if (ka[index] !== kb[index]) {
        return ka[index] < kb[index] ? -1 : 1;
      }
    }
    return 0;
  }
  if (a.pre.length === 0 || b.pre.length === 0) {
    if (a.pre.length !== b.pre.length) {
      return a.pre.length === 0 ? 1 : -1;
    }
  } else {
    const order = compareIdentifiers(a.pre, b.pre);
    if (order !== 0) {
      return order;
    }
  }
  if (a.post.length === 0 || b.post.length === 0) {
    return Math.sign(a.post.length - b.post.length);
  }
  return compareIdentifiers(a.post, b.post);
}

function sanitize(part: number | string): string {
  return typeof part === 'number' ? String(part) : part.replace(/[^0-9A-Za-z-]/g, '');
}

/**
 * The semver text of a parsed version. The first three release parts are the semver release;
 * what semver cannot order goes into build metadata, which semver ignores: further release
 * parts (`7.1.3.4` → `7.1.3+rel.4`), post releases (`1.0.post1` → `1.0.0+post.1`), epochs
 * (`1!2.0` → `2.0.0+epoch.1`). In npm-style ranges those compare equal to their base release;
 * OSV `ECOSYSTEM` ranges use `compareNative`, which orders them exactly.
 */
export function nativeToSemverText(version: NativeVersion, withBuild = true): string {
  const [major = 0, minor = 0, patch = 0] = version.release;
  let text = `${major}.${minor}.${patch}`;
  const pre = version.pre.map(sanitize).filter((part) => part !== '');
  if (pre.length > 0) {
    text += `-${pre.join('.')}`;
  }
  if (!withBuild) {
    return text;
  }
  const build: string[] = [];
  if (version.epoch !== 0) {
    build.push('epoch', String(version.epoch));
  }
  if (version.release.length > 3) {
    build.push('rel', ...version.release.slice(3).map(String));
  }
  build.push(...version.post.map(sanitize), ...version.build.map(sanitize));
  const cleanBuild = build.filter((part) => part !== '');
  if (cleanBuild.length > 0) {
    text += `+${cleanBuild.join('.')}`;
  }
  return text;
}
