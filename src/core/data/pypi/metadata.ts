import { parsePep508 } from '../../manifests/pep508';
import { pep503Name } from '../../policy/purl';
import { normalizeLicense } from '../../policy/spdx/normalizeLicense';
import type { DeclaredLicense } from '../types';
import { classifiersNameOneLicense, licenseFromClassifiers, type ClassifierLicense } from './classifiers';

/**
 * The header fields of a core metadata file (dist-info `METADATA`, egg-info `PKG-INFO`): an
 * RFC 822 style block that ends at the first blank line. Field names are lower case; a field may
 * repeat (`Classifier`, `Requires-Dist`, `License-File`). Continuation lines (starting with a space
 * or tab) are joined to their field with a line break, without the 8-space or `|` indentation.
 */
export type CoreMetadata = ReadonlyMap<string, readonly string[]>;

export function parseCoreMetadata(text: string): CoreMetadata {
  const fields = new Map<string, string[]>();
  let last: { values: string[]; index: number } | undefined;
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (line.trim() === '' && !/^[ \t]/.test(line)) {
      break; // The headers end; the body is the long description.
    }
    if (/^[ \t]/.test(line)) {
      if (last) {
        last.values[last.index] += `\n${line.replace(/^(?: {1,8}\|?|\t)/, '')}`;
      }
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      last = undefined;
      continue;
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const values = fields.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    fields.set(name, values);
    last = { values, index: values.length - 1 };
  }
  return new Map([...fields].map(([name, values]) => [name, values.map((value) => value.replace(/\s+$/, ''))]));
}

export function firstField(metadata: CoreMetadata, name: string): string | undefined {
  const value = metadata.get(name.toLowerCase())?.[0]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Values of `License` that say nothing. */
const PLACEHOLDERS = new Set(['unknown', 'none', 'n/a', 'na', 'other', 'license', '-', '?', 'unlicensed']);

/** Longer than this, a `License` value is taken for a license text rather than a name. */
export const MAX_LICENSE_NAME_LENGTH = 100;

/**
 * Whether a `License` field holds a short license name or expression (`MIT`, `Apache 2.0`,
 * `BSD-3-Clause OR MIT`) rather than a whole license text: one line, at most
 * `MAX_LICENSE_NAME_LENGTH` characters, no copyright notice and no sentence of license prose.
 */
export function isLicenseName(value: string): boolean {
  const text = value.trim();
  return (
    text !== '' &&
    !text.includes('\n') &&
    text.length <= MAX_LICENSE_NAME_LENGTH &&
    !PLACEHOLDERS.has(text.toLowerCase()) &&
    !/copyright|\(c\)|©|all rights reserved|permission is hereby|redistribution and use|licensed under|provided "as is"|\bhereby\b/i.test(text)
  );
}

/** What the header fields say of the license, in order of trust; `text` is a whole license text kept for identification. */
export interface MetadataLicense {
  readonly license?: DeclaredLicense;
  /**
   * The metadata does not name an SPDX license (`License: BSD`, the `BSD License` classifier): a
   * license file may say which one.
   */
  readonly ambiguous?: boolean;
  /** A `License` field that holds a license text. */
  readonly text?: string;
}

/**
 * The declared license: PEP 639 `License-Expression`, else a short `License` that reads as SPDX,
 * else the trove classifiers when each names one SPDX license (several stay a list, which the
 * evaluator ANDs: the metadata does not say whether they are alternatives), else the vague
 * `License` (`BSD`, `GPL`) or classifiers as written, marked ambiguous so a license file can
 * decide. `where` names the file for the source.
 *
 * Core metadata 2.4 (PEP 639, "Deprecate License field") says a reader MUST take
 * `License-Expression` and disregard `License` when both are present.
 */
export function licenseFromMetadata(metadata: CoreMetadata, where: string): MetadataLicense {
  const expression = firstField(metadata, 'License-Expression');
  if (expression !== undefined) {
    return { license: { value: expression.replace(/\s+/g, ' '), source: `${where} License-Expression` } };
  }
  const field = metadata.get('license')?.map((value) => value.trim()).find((value) => value !== '');
  const classifiers = metadata.get('classifier') ?? [];
  const classified = licenseFromClassifiers(classifiers);
  if (field !== undefined && isLicenseName(field)) {
    const declared: DeclaredLicense = { value: field, source: `${where} License` };
    if (normalizeLicense(field).expression !== null) {
      return { license: declared };
    }
    // `License: GPL` beside `GNU General Public License v2 or later (GPLv2+)`, `License: (specified
    // using classifiers)`: classifiers that each name one license say more than the field. Not
    // those PEP 639 calls ambiguous (`License: LGPL` beside `LGPLv2+` may be 2.0 or 2.1 or later).
    if (classified && classifiersNameOneLicense(classifiers)) {
      return { license: { value: classifierValue(classified), source: `${where} Classifier (License: ${field})` } };
    }
    return { license: declared, ambiguous: true };
  }
  const text = field !== undefined && (field.includes('\n') || field.length > MAX_LICENSE_NAME_LENGTH) ? field : undefined;
  if (classified) {
    return { license: { value: classifierValue(classified), source: `${where} Classifier` }, ...(classified.allMapped ? {} : { ambiguous: true }), ...(text ? { text } : {}) };
  }
  return text ? { text } : {};
}

function classifierValue(classified: ClassifierLicense): string | readonly string[] {
  return classified.values.length === 1 ? classified.values[0] : classified.values;
}

/** `License-File` paths as written, in order. */
export function licenseFiles(metadata: CoreMetadata): string[] {
  return (metadata.get('license-file') ?? []).map((value) => value.trim()).filter((value) => value !== '');
}

/**
 * The distributions a `Requires-Dist` list needs whatever extras are chosen: PEP 503 names, without
 * the requirements that carry an `extra` marker (they are only installed on request).
 */
export function requiredDistributions(requirements: readonly string[]): string[] {
  const names: string[] = [];
  for (const line of requirements) {
    const name = requirementName(line, true);
    if (name !== undefined && !names.includes(name)) {
      names.push(name);
    }
  }
  return names;
}

/**
 * The PEP 503 name of one PEP 508 requirement (`PySocks (>=1.5.6,!=1.5.7) ; extra == "socks"`);
 * undefined when none can be read or, with `skipExtras`, when its markers mention `extra`.
 */
export function requirementName(requirement: string, skipExtras: boolean): string | undefined {
  const parsed = parsePep508(requirement).requirement;
  if (!parsed) {
    return undefined;
  }
  if (skipExtras && parsed.markers !== null && /\bextra\b/.test(parsed.markers)) {
    return undefined;
  }
  return pep503Name(parsed.name);
}
