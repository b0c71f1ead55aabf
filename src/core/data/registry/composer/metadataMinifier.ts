/** The `minified` value that marks a Composer v2 metadata file whose version list must be expanded. */
export const MINIFIED_FORMAT = 'composer/2.0';

/**
 * Expands a minified version list the way `Composer\MetadataMinifier\MetadataMinifier::expand`
 * (composer/metadata-minifier, named by getcomposer.org "Repositories", `metadata-url`) does: the
 * first entry is whole; every later entry holds only the fields that changed from the entry before
 * it, the string `"__unset"` removing a field. The first entry that is not an empty object is the
 * start (PHP treats an empty array as false there); entries that are not objects are skipped.
 * Results are null-prototype objects, so no key from the server reaches a prototype.
 */
export function expandMinified(versions: readonly unknown[]): Record<string, unknown>[] {
  const expanded: Record<string, unknown>[] = [];
  let current: Record<string, unknown> | undefined;
  for (const entry of versions) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      continue;
    }
    if (current === undefined || Object.keys(current).length === 0) {
      current = copy(entry as Record<string, unknown>);
      expanded.push(current);
      continue;
    }
    const next = copy(current);
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      if (value === '__unset') {
        delete next[key];
      } else {
        next[key] = value;
      }
    }
    current = next;
    expanded.push(next);
  }
  return expanded;
}

function copy(source: Record<string, unknown>): Record<string, unknown> {
  const target = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    target[key] = value;
  }
  return target;
}
