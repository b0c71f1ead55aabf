import type { IndexedEntry } from '../purlIndex';

/**
 * Entries with a `repository` pattern (`github.com/apache/*`, `github.com/microsoft/typescript`),
 * looked up by a package's repository location: exact locations in a Map, `*` patterns as prefixes.
 */
export class RepositoryIndex<T extends { readonly repository: string }> {
  private readonly exact = new Map<string, IndexedEntry<T>>();
  private readonly prefixes: { readonly prefix: string; readonly entry: IndexedEntry<T> }[] = [];

  /** `entries` with their positions in the list they come from, so that the first entry of the list wins. */
  constructor(entries: readonly IndexedEntry<T>[]) {
    for (const entry of entries) {
      const pattern = entry.item.repository;
      if (pattern.endsWith('*')) {
        this.prefixes.push({ prefix: pattern.slice(0, -1), entry });
      } else if (!this.exact.has(pattern)) {
        this.exact.set(pattern, entry);
      }
    }
  }

  /** The first entry (in list order) whose pattern names the location. */
  firstFor(location: string): IndexedEntry<T> | undefined {
    let first = this.exact.get(location);
    for (const candidate of this.prefixes) {
      if ((first === undefined || candidate.entry.index < first.index) && location.startsWith(candidate.prefix)) {
        first = candidate.entry;
      }
    }
    return first;
  }
}
