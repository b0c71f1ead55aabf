import { keyString, parsePurlPattern, type PackageKey } from './purl';
import type { Ecosystem } from '../manifests/types';

export interface IndexedEntry<T> {
  readonly item: T;
  /** Position in the feed's array, so entries apply in file order. */
  readonly index: number;
}

/**
 * Feed entries with a purl `match` (package rules, exceptions), looked up by package: exact purls
 * in a Map, `*` patterns per ecosystem. Built once per feed, so evaluating a dependency costs a
 * hash lookup, not a scan of every rule. Entries whose `match` does not parse are left out.
 */
export class PurlIndex<T extends { readonly match: string }> {
  private readonly exact = new Map<string, IndexedEntry<T>[]>();
  private readonly prefixes = new Map<Ecosystem, { prefix: string; entry: IndexedEntry<T> }[]>();

  constructor(items: readonly T[]) {
    items.forEach((item, index) => {
      const parsed = parsePurlPattern(item.match);
      if ('error' in parsed) {
        return;
      }
      const entry = { item, index };
      if (parsed.pattern.kind === 'exact') {
        const key = keyString(parsed.pattern.key);
        const list = this.exact.get(key) ?? [];
        list.push(entry);
        this.exact.set(key, list);
      } else {
        const list = this.prefixes.get(parsed.pattern.ecosystem) ?? [];
        list.push({ prefix: parsed.pattern.prefix, entry });
        this.prefixes.set(parsed.pattern.ecosystem, list);
      }
    });
  }

  /** Every entry whose `match` names the package, in file order. */
  entriesFor(key: PackageKey): IndexedEntry<T>[] {
    const exact = this.exact.get(keyString(key)) ?? [];
    const byPrefix = (this.prefixes.get(key.ecosystem) ?? []).filter((candidate) => key.name.startsWith(candidate.prefix)).map((candidate) => candidate.entry);
    if (byPrefix.length === 0) {
      return exact;
    }
    return [...exact, ...byPrefix].sort((a, b) => a.index - b.index);
  }
}
