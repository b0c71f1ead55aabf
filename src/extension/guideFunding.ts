import type { InventoryManifest } from '../core/data/inventory';
import type { Sponsorship } from '../core/policy/feedModel';
import { fundingReport, type FundingReport, type FundingSource } from '../core/report/funding';

type SourceInventory = FundingSource['inventory'];

/** One manifest's report, as far as funding goes: its folder's inventory (none before data is read) and the manifest. */
export interface FundingInput {
  readonly inventory: SourceInventory | undefined;
  readonly manifest: InventoryManifest;
}

/**
 * The guide's Funding section: `ospo-guide fund`'s report over the inventories the manifests'
 * reports hold (one per manifest folder, shared by that folder's manifests), with each manifest's
 * direct dependencies as its inventory answers for them (registry answers included). Inventories
 * and the feed are replaced, never changed, so the walk of the graph is done again only when one
 * of them was: the panel rebuilds on every settled edit, which leaves the data as it was, and a
 * dependency added by an edit is read with its folder's next inventory.
 */
export class GuideFunding {
  private last: { readonly inventories: ReadonlySet<SourceInventory>; readonly sponsorships: readonly Sponsorship[]; readonly report: FundingReport } | undefined;

  report(inputs: readonly FundingInput[], sponsorships: readonly Sponsorship[]): FundingReport {
    const byInventory = new Map<SourceInventory, InventoryManifest[]>();
    for (const { inventory, manifest } of inputs) {
      if (inventory !== undefined) {
        byInventory.set(inventory, [...(byInventory.get(inventory) ?? []), manifest]);
      }
    }
    const last = this.last;
    if (last !== undefined && last.sponsorships === sponsorships && last.inventories.size === byInventory.size && [...byInventory.keys()].every((inventory) => last.inventories.has(inventory))) {
      return last.report;
    }
    const report = fundingReport(
      [...byInventory].map(([inventory, manifests]) => ({ inventory, manifests })),
      sponsorships,
    );
    this.last = { inventories: new Set(byInventory.keys()), sponsorships, report };
    return report;
  }
}
