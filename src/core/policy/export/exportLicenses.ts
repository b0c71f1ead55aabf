import type { LicensePolicy, ListVerdict } from '../feedModel';
import { evaluateLicense } from '../spdx';

export type ExportedLists = Readonly<Record<ListVerdict, readonly string[]>>;

const LISTS: readonly ListVerdict[] = ['deny', 'review', 'allow'];

/**
 * The feed's license lists as other tools need them: each entry once, in its canonical SPDX
 * spelling (other tools compare case-sensitively and know `GPL-2.0-only`, not `gpl-2.0`), on the
 * list the feed's own evaluation gives it, so an id on two lists lands on the stricter one only.
 */
export function exportedLicenseLists(licenses: LicensePolicy): ExportedLists {
  const seen = new Set<string>();
  const lists: Record<ListVerdict, string[]> = { allow: [], review: [], deny: [] };
  for (const list of LISTS) {
    for (const entry of licenses[list]) {
      const evaluation = evaluateLicense(entry, licenses);
      const id = evaluation.normalized ?? entry.trim();
      if (seen.has(id.toLowerCase())) {
        continue;
      }
      seen.add(id.toLowerCase());
      const verdict = evaluation.verdict;
      lists[verdict === 'allow' || verdict === 'review' || verdict === 'deny' ? verdict : list].push(id);
    }
  }
  return lists;
}
