import type { Inventory } from '../core/data/inventory';
import type { Sponsorship } from '../core/policy/feedModel';
import { fundingReport, type FundingReport } from '../core/report/funding';

type Packages = Pick<Inventory, 'packages'>;

/**
 * The guide's Funding section: `ospo-guide fund`'s report over the inventories the manifests'
 * reports hold (one per manifest folder, shared by that folder's manifests). Inventories and the
 * feed are replaced, never changed, so the walk of the graph is done again only when one of them
 * was: the panel rebuilds on every settled edit, which leaves the data as it was.
 */
export class GuideFunding {
  private last: { readonly inventories: ReadonlySet<Packages>; readonly sponsorships: readonly Sponsorship[]; readonly report: FundingReport } | undefined;

  report(inventories: readonly (Packages | undefined)[], sponsorships: readonly Sponsorship[]): FundingReport {
    const distinct = new Set(inventories.filter((inventory): inventory is Packages => inventory !== undefined));
    const last = this.last;
    if (last !== undefined && last.sponsorships === sponsorships && last.inventories.size === distinct.size && [...distinct].every((inventory) => last.inventories.has(inventory))) {
      return last.report;
    }
    const report = fundingReport([...distinct], sponsorships);
    this.last = { inventories: distinct, sponsorships, report };
    return report;
  }
}
