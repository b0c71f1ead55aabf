import { licenseFileNameRank } from '../licenseText/licenseFileNames';

/** What a package.json says about its license, in any of the forms npm has accepted over the years. */
export type ManifestLicense =
  | { readonly kind: 'declared'; readonly value: string | string[] }
  /** `"license": "SEE LICENSE IN <file>"`: the file to read, and the raw text to fall back on. */
  | { readonly kind: 'file'; readonly file: string; readonly raw: string }
  | { readonly kind: 'none' };

const NONE: ManifestLicense = { kind: 'none' };
const SEE_LICENSE_IN = 'SEE LICENSE IN ';
const SEE_LICENCE_IN = 'SEE LICENCE IN ';

/**
 * Reads `license` (a string, the legacy `{type, url}` object, or wrongly an array) and else the
 * legacy `licenses` (an array of `{type}` objects or strings, a string, or an object). Several
 * `licenses` entries have no stated relation and are returned as an array.
 */
export function licenseOfManifest(manifest: Readonly<Record<string, unknown>>): ManifestLicense {
  const fromLicense = licenseValue(manifest.license, true);
  return fromLicense.kind !== 'none' ? fromLicense : licenseValue(manifest.licenses, false);
}

function licenseValue(value: unknown, allowFile: boolean): ManifestLicense {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') {
      return NONE;
    }
    if (allowFile && text.length > SEE_LICENSE_IN.length) {
      const prefix = text.slice(0, SEE_LICENSE_IN.length).toUpperCase();
      if (prefix === SEE_LICENSE_IN || prefix === SEE_LICENCE_IN) {
        const file = text.slice(SEE_LICENSE_IN.length).trim();
        return file ? { kind: 'file', file, raw: text } : { kind: 'declared', value: text };
      }
    }
    return { kind: 'declared', value: text };
  }
  if (Array.isArray(value)) {
    const values: string[] = [];
    for (const item of value) {
      const one = typeName(item);
      if (one !== undefined && !values.includes(one)) {
        values.push(one);
      }
    }
    if (values.length === 0) {
      return NONE;
    }
    return { kind: 'declared', value: values.length === 1 ? values[0] : values };
  }
  const one = typeName(value);
  return one !== undefined ? { kind: 'declared', value: one } : NONE;
}

/** `"MIT"` or `{ "type": "MIT", "url": … }` → `MIT`. */
function typeName(item: unknown): string | undefined {
  if (typeof item === 'string') {
    return item.trim() || undefined;
  }
  if (item !== null && typeof item === 'object') {
    const type = (item as { type?: unknown }).type;
    if (typeof type === 'string' && type.trim() !== '') {
      return type.trim();
    }
  }
  return undefined;
}

/**
 * The license files among a package folder's file names, best first (`LICENSE`, `LICENSE.md`,
 * `COPYING`, then qualified names such as `LICENSE-MIT`), as the license-text module ranks them.
 */
export function licenseFileCandidates(fileNames: readonly string[]): string[] {
  return fileNames
    .map((name): [number, string] => [licenseFileNameRank(name), name])
    .filter(([rank]) => rank > 0)
    .sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([, name]) => name);
}
