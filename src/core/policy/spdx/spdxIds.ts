// The official SPDX license and exception ids, as read-only lookup tables built once at load.
// Nothing here changes after the module is evaluated.
import currentLicenseIds from 'spdx-license-ids';
import deprecatedLicenseIds from 'spdx-license-ids/deprecated';
import exceptionIds from 'spdx-exceptions';

/** Current (non-deprecated) SPDX license ids, exact spelling. */
export const LICENSE_IDS: ReadonlySet<string> = new Set(currentLicenseIds);
/** Deprecated SPDX license ids, exact spelling (still accepted by the parser). */
export const DEPRECATED_LICENSE_IDS: ReadonlySet<string> = new Set(deprecatedLicenseIds);
/** SPDX license exception ids, exact spelling. */
export const EXCEPTION_IDS: ReadonlySet<string> = new Set(exceptionIds);

function byLowerCase(ids: Iterable<string>): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const id of ids) {
    map.set(id.toLowerCase(), id);
  }
  return map;
}

/** Lower-cased current id → official spelling. */
export const LICENSE_IDS_BY_LOWER_CASE = byLowerCase(currentLicenseIds);
/** Lower-cased deprecated id → official spelling. */
export const DEPRECATED_LICENSE_IDS_BY_LOWER_CASE = byLowerCase(deprecatedLicenseIds);
/** Lower-cased exception id → official spelling. */
export const EXCEPTION_IDS_BY_LOWER_CASE = byLowerCase(exceptionIds);
