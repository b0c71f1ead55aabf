import { createHash } from 'node:crypto';
import type { PolicyFeed } from '../policy/feedModel';
import { duplicateKeyPath, jsonSyntaxProblem } from '../policy/jsonText';
import { MAX_FEED_BYTES, validateFeed, type FeedError } from '../policy/validateFeed';

export { MAX_FEED_BYTES };

export interface FeedBytesResult {
  readonly feed: PolicyFeed | null;
  readonly errors: readonly FeedError[];
}

/** Keys that reach an object's prototype when JSON is copied carelessly; a feed carrying one is refused outright. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The exact bytes of a feed to a validated feed: strict UTF-8 (a BOM is dropped), no key anywhere that
 * could reach a prototype (even inside dictionaries such as `licenses.notes`), then `validateFeed`,
 * and no key twice in one object.
 * Never throws.
 */
export function parseFeedBytes(bytes: Uint8Array): FeedBytesResult {
  if (bytes.length > MAX_FEED_BYTES) {
    return { feed: null, errors: [{ path: '(root)', message: `the feed is ${bytes.length} bytes; at most ${MAX_FEED_BYTES} are allowed` }] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { feed: null, errors: [{ path: '(root)', message: 'is not valid UTF-8 text' }] };
  }
  // Parsed once here: the prototype-key search and the validation share the parsed JSON.
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { feed: null, errors: [{ path: '(root)', message: jsonSyntaxProblem(error) }] };
  }
  const forbidden = findPrototypeKeyIn(json, '');
  if (forbidden !== undefined) {
    return { feed: null, errors: [{ path: forbidden.path, message: forbiddenKeyMessage(forbidden, 'feed') }] };
  }
  const result = validateFeed(json);
  const duplicate = result.feed === null ? undefined : duplicateKeyPath(text);
  if (duplicate !== undefined) {
    return { feed: null, errors: [{ path: duplicate, message: 'appears twice in the same object; a feed that says two things is refused' }] };
  }
  return result;
}

/** Nesting deeper than any feed needs; past it the search stops and the document is refused. */
const MAX_DEPTH = 64;

/** A key that could reach a prototype, or where nesting went past {@link MAX_DEPTH}. */
export interface ForbiddenKey {
  readonly path: string;
  readonly tooDeep: boolean;
}

/** The sentence for a {@link ForbiddenKey}, in a feed or a repository's policy file. */
export function forbiddenKeyMessage(found: ForbiddenKey, what: 'feed' | 'file'): string {
  return found.tooDeep
    ? `is nested more than ${MAX_DEPTH} levels deep; the whole ${what} is refused`
    : `is a forbidden key (a prototype-pollution attempt); the whole ${what} is refused`;
}

/** The first `__proto__`/`constructor`/`prototype` key in parsed JSON (a feed, a repository's policy file), or where nesting went too deep. */
export function findPrototypeKeyIn(value: unknown, path: string, depth = 0): ForbiddenKey | undefined {
  if (depth > MAX_DEPTH) {
    return { path: path || '(root)', tooDeep: true };
  }
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findPrototypeKeyIn(value[index], `${path}[${index}]`, depth + 1);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) {
      return { path: keyPath, tooDeep: false };
    }
    const found = findPrototypeKeyIn((value as Record<string, unknown>)[key], keyPath, depth + 1);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** One line per problem, `path: message`, at most `limit` lines. */
export function formatFeedErrors(errors: readonly FeedError[], limit = 5): string {
  const shown = errors.slice(0, limit).map((error) => `${error.path}: ${error.message}`);
  if (errors.length > limit) {
    shown.push(`… and ${errors.length - limit} more`);
  }
  return shown.join('; ');
}

/** "3 minutes", "2 hours", "5 days": how old something is, for messages. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const count = Math.floor(seconds / size);
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
