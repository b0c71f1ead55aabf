import type { GovernanceEntry, GovernanceStatement, PackageRule } from '../feedModel';
import { BoundedMap } from '../boundedMap';
import { keyString, type PackageKey } from '../purl';
import { PurlIndex, type IndexedEntry } from '../purlIndex';
import { goModuleRepository } from '../../data/repository';
import type { RepositoryFact } from '../../data/types';
import { RepositoryIndex } from './repositoryIndex';

/** Where a package's governance was stated, in the order that wins; `repository` when a list named the package's repository rather than the package. */
export type GovernanceOrigin = (
  | { readonly from: 'package rule'; readonly index: number }
  | { readonly from: 'policy list'; readonly index: number }
  | { readonly from: 'bundled list' }
) & { readonly repository?: RepositoryFact };

/** Packages whose governance is remembered before the memory starts over. */
const MAX_REMEMBERED_PACKAGES = 100_000;

type PurlEntry = GovernanceEntry & { readonly match: string };
type RepositoryEntry = GovernanceEntry & { readonly repository: string };

/** One list (the feed's or the bundled one) indexed by purl and by repository, keeping the list's order. */
class GovernanceList {
  private readonly byPurl: PurlIndex<PurlEntry>;
  private readonly byRepository: RepositoryIndex<RepositoryEntry>;

  constructor(entries: readonly GovernanceEntry[]) {
    // Purl entries keep their list positions through a sparse array, so the two indexes compare them.
    const purls: PurlEntry[] = [];
    const repositories: IndexedEntry<RepositoryEntry>[] = [];
    entries.forEach((entry, index) => {
      if (entry.repository !== undefined) {
        repositories.push({ item: entry, index });
      } else {
        purls[index] = entry;
      }
    });
    this.byPurl = new PurlIndex(purls);
    this.byRepository = new RepositoryIndex(repositories);
  }

  /** The list's first entry naming the package, or else its repository. */
  firstFor(key: PackageKey, repository: RepositoryFact | undefined): { readonly entry: IndexedEntry<GovernanceEntry>; readonly repository?: RepositoryFact } | undefined {
    const [byName] = this.byPurl.entriesFor(key);
    const byRepository = repository ? this.byRepository.firstFor(repository.location) : undefined;
    if (byRepository && repository && (!byName || byRepository.index < byName.index)) {
      return { entry: byRepository, repository };
    }
    return byName ? { entry: byName } : undefined;
  }
}

/**
 * Who governs a package: the feed's package rules first, then the feed's `governance` list, then
 * the bundled list of foundations' and vendors' namespaces. A list names a package by its registry
 * name or by its source repository; its first entry that names it wins, so a list can put an
 * exception (`pkg:golang/github.com/acme/oss-*`) before a namespace.
 */
export class GovernanceIndex {
  private readonly feed: GovernanceList;
  private readonly bundled: GovernanceList;
  /** The lists' answer per package and repository, looked up once: a 60,000-package tree is evaluated again at every rescan. */
  private readonly listed = new BoundedMap<string, ListedGovernance | null>(MAX_REMEMBERED_PACKAGES);

  constructor(feedEntries: readonly GovernanceEntry[], bundledEntries: readonly GovernanceEntry[]) {
    this.feed = new GovernanceList(feedEntries);
    this.bundled = new GovernanceList(bundledEntries);
  }

  statementFor(
    key: PackageKey,
    rule: { readonly governance?: PackageRule['governance']; readonly index: number } | undefined,
    repository?: RepositoryFact,
  ): { readonly statement: GovernanceStatement; readonly origin: GovernanceOrigin } | undefined {
    if (rule?.governance) {
      return { statement: rule.governance, origin: { from: 'package rule', index: rule.index } };
    }
    const where = repository ?? moduleRepository(key);
    const id = `${keyString(key)}\u0001${where?.location ?? ''}`;
    let listed = this.listed.get(id);
    if (listed === undefined) {
      listed = this.fromLists(key, where);
      this.listed.set(id, listed);
    }
    return listed ?? undefined;
  }

  private fromLists(key: PackageKey, repository: RepositoryFact | undefined): ListedGovernance | null {
    const fromFeed = this.feed.firstFor(key, repository);
    if (fromFeed) {
      return { statement: fromFeed.entry.item, origin: { from: 'policy list', index: fromFeed.entry.index, ...(fromFeed.repository ? { repository: fromFeed.repository } : {}) } };
    }
    const fromBundle = this.bundled.firstFor(key, repository);
    return fromBundle ? { statement: fromBundle.entry.item, origin: { from: 'bundled list', ...(fromBundle.repository ? { repository: fromBundle.repository } : {}) } } : null;
  }
}

type ListedGovernance = { readonly statement: GovernanceStatement; readonly origin: GovernanceOrigin };

/** A Go module's path is where its source lives, for modules on a code host. */
function moduleRepository(key: PackageKey): RepositoryFact | undefined {
  const location = key.ecosystem === 'go' ? goModuleRepository(key.name) : undefined;
  return location !== undefined ? { location, source: 'its module path' } : undefined;
}
