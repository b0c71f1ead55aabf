import { leafLicenses } from './spdx/licenseTree';
import type { NormalizedLicense } from './spdx/normalizeLicense';

/** The licenses identified from the full texts in a package's own license file, beside the one it declares. */
export interface LicenseInFile {
  /** In text order, each once; several carry no stated relation. */
  readonly ids: readonly string[];
  /** The file as people are shown it: `node_modules/x/LICENSE`. */
  readonly file: string;
  /** Dice similarity with the licenses' texts, 0.9–1. */
  readonly similarity: number;
}

/**
 * The licenses of the file that are none of the declared ones (empty: they agree). Ids are
 * compared without `-only`, `-or-later` and `+`: a full GNU text never says whether later versions
 * apply (it is identified as `-only`), so `GPL-3.0-or-later` declared beside the GPL-3.0 text
 * agrees with it. A declaration that is not valid SPDX says nothing to compare with: none.
 */
export function undeclaredInFile(declared: readonly NormalizedLicense[], found: LicenseInFile): string[] {
  const ids = new Set<string>();
  for (const license of declared) {
    if (license.tree === null) {
      return [];
    }
    leafLicenses(license.tree).forEach((id) => ids.add(versionless(id)));
  }
  return ids.size === 0 ? [] : found.ids.filter((id) => !ids.has(versionless(id)));
}

/** `package.json declares MIT, but its license file LICENSE.md holds MIT and GPL-2.0-only (99% similar to those licenses' texts).` */
export function mismatchMessage(declaredSource: string | null, declared: string, found: LicenseInFile): string {
  const similar = Math.round(found.similarity * 100);
  const texts = found.ids.length === 1 ? "that license's text" : "those licenses' texts";
  return `${declaredSource ?? 'The package'} declares ${declared}, but its license file ${found.file} holds ${found.ids.join(' and ')} (${similar}% similar to ${texts}).`;
}

/** `GPL-3.0-only`, `GPL-3.0-or-later` → `GPL-3.0`; other ids as they are. */
function versionless(id: string): string {
  return id.replace(/-(?:only|or-later)$/, '');
}
