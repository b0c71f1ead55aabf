/** One thing wrong with a feed: where (a JSON path such as `packages[3].match`) and what. */
export interface FeedError {
  readonly path: string;
  readonly message: string;
}

/** Keys that could reach an object's prototype if some later code copied the feed carelessly. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonObject = { readonly [key: string]: unknown };

/**
 * Reads untrusted JSON with typed accessors that record an error (path + message) instead of
 * throwing, so one pass reports everything wrong with a feed at once.
 */
export class FeedChecker {
  readonly errors: FeedError[] = [];

  error(path: string, message: string): void {
    if (this.errors.length < 200) {
      this.errors.push({ path: path || '(root)', message });
    }
  }

  object(value: unknown, path: string): JsonObject | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.error(path, `must be an object, not ${describe(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        this.error(join(path, key), 'is a forbidden key');
        return undefined;
      }
    }
    return value as JsonObject;
  }

  optionalObject(parent: JsonObject, key: string, path: string): JsonObject | undefined {
    return parent[key] === undefined ? undefined : this.object(parent[key], join(path, key));
  }

  string(parent: JsonObject, key: string, path: string, options: { maxLength?: number; required?: boolean } = {}): string | undefined {
    const value = parent[key];
    const at = join(path, key);
    if (value === undefined) {
      if (options.required) {
        this.error(at, 'is required');
      }
      return undefined;
    }
    if (typeof value !== 'string') {
      this.error(at, `must be a string, not ${describe(value)}`);
      return undefined;
    }
    if (options.required && value.trim().length === 0) {
      this.error(at, 'must not be empty');
      return undefined;
    }
    const maxLength = options.maxLength ?? 2000;
    if (value.length > maxLength) {
      this.error(at, `is ${value.length} characters long; at most ${maxLength} are allowed`);
      return undefined;
    }
    return value;
  }

  number(parent: JsonObject, key: string, path: string, options: { min?: number; max?: number; integer?: boolean; required?: boolean } = {}): number | undefined {
    const value = parent[key];
    const at = join(path, key);
    if (value === undefined) {
      if (options.required) {
        this.error(at, 'is required');
      }
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || (options.integer && !Number.isInteger(value))) {
      this.error(at, `must be ${options.integer ? 'an integer' : 'a number'}, not ${describe(value)}`);
      return undefined;
    }
    if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
      this.error(at, `must be ${rangeText(options.min, options.max)}, not ${value}`);
      return undefined;
    }
    return value;
  }

  boolean(parent: JsonObject, key: string, path: string): boolean | undefined {
    const value = parent[key];
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'boolean') {
      this.error(join(path, key), `must be true or false, not ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(parent: JsonObject, key: string, path: string, allowed: readonly T[], options: { required?: boolean } = {}): T | undefined {
    const value = this.string(parent, key, path, options);
    if (value === undefined) {
      return undefined;
    }
    const found = allowed.find((candidate) => candidate === value);
    if (found === undefined) {
      this.error(join(path, key), `must be one of ${allowed.map((item) => `"${item}"`).join(', ')}, not "${value}"`);
    }
    return found;
  }

  /** Each item read by `read`; items it rejects (undefined) are left out, with their errors recorded. */
  array<T>(parent: JsonObject, key: string, path: string, read: (item: unknown, itemPath: string) => T | undefined, maxItems = 100_000): T[] {
    const value = parent[key];
    const at = join(path, key);
    if (value === undefined) {
      return [];
    }
    if (!Array.isArray(value)) {
      this.error(at, `must be an array, not ${describe(value)}`);
      return [];
    }
    if (value.length > maxItems) {
      this.error(at, `has ${value.length} items; at most ${maxItems} are allowed`);
      return [];
    }
    const result: T[] = [];
    value.forEach((item, index) => {
      const read_ = read(item, `${at}[${index}]`);
      if (read_ !== undefined) {
        result.push(read_);
      }
    });
    return result;
  }

  stringArray(parent: JsonObject, key: string, path: string, options: { maxLength?: number; maxItems?: number } = {}): string[] {
    return parent[key] === undefined ? [] : (this.stringList(parent[key], join(path, key), options) ?? []);
  }

  /** A value that must be an array of non-empty strings; undefined (with an error) when it is not an array. */
  stringList(value: unknown, path: string, options: { maxLength?: number; maxItems?: number } = {}): string[] | undefined {
    if (!Array.isArray(value)) {
      this.error(path, `must be an array of strings, not ${describe(value)}`);
      return undefined;
    }
    return this.array({ value }, 'value', '', (item, itemPath) => {
      const at = path + itemPath.slice('value'.length);
      if (typeof item !== 'string' || item.length === 0) {
        this.error(at, `must be a non-empty string, not ${describe(item)}`);
        return undefined;
      }
      if (item.length > (options.maxLength ?? 2000)) {
        this.error(at, `is too long (${item.length} characters)`);
        return undefined;
      }
      return item;
    }, options.maxItems);
  }

  /** An object used as a dictionary, read into a Map so no key can ever reach a prototype. */
  map<T>(parent: JsonObject, key: string, path: string, read: (value: unknown, valuePath: string) => T | undefined): Map<string, T> {
    const result = new Map<string, T>();
    const object = this.optionalObject(parent, key, path);
    if (!object) {
      return result;
    }
    for (const [entryKey, entryValue] of Object.entries(object)) {
      const value = read(entryValue, `${join(path, key)}[${JSON.stringify(entryKey)}]`);
      if (value !== undefined) {
        result.set(entryKey, value);
      }
    }
    return result;
  }
}

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) {
    return `between ${min} and ${max}`;
  }
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}
