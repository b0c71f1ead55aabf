import type { PackageRule } from './feedModel';
import { keyString, parsePurlPattern, type PackageKey } from './purl';
import type { Ecosystem } from '../manifests/types';

export interface IndexedRule {
  readonly rule: PackageRule;
  /** Position in the feed's `packages`, so rules apply in file order. */
  readonly index: number;
}

/**
 * Package rules looked up by package: exact purls in a Map, `*` patterns per ecosystem. Built once
 * per feed, so evaluating a dependency costs a hash lookup, not a scan of every rule.
 */
export class PackageRuleIndex {
  private readonly exact = new Map<string, IndexedRule[]>();
  private readonly prefixes = new Map<Ecosystem, { prefix: string; entry: IndexedRule }[]>();

  constructor(rules: readonly PackageRule[]) {
    rules.forEach((rule, index) => {
      const parsed = parsePurlPattern(rule.match);
      if ('error' in parsed) {
        return;
      }
      const entry = { rule, index };
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

  /** Every rule whose `match` names the package, in file order. */
  rulesFor(key: PackageKey): IndexedRule[] {
    const exact = this.exact.get(keyString(key)) ?? [];
    const byPrefix = (this.prefixes.get(key.ecosystem) ?? []).filter((candidate) => key.name.startsWith(candidate.prefix)).map((candidate) => candidate.entry);
    if (byPrefix.length === 0) {
      return exact;
    }
    return [...exact, ...byPrefix].sort((a, b) => a.index - b.index);
  }
}
