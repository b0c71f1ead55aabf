// Training snippets the feed links to the licenses of an evaluation (`licenses.training`).
import type { LicensePolicy } from '../feedModel';
import type { LicenseEvaluation } from './evaluateLicense';
import { normalizeLicense, type NormalizedLicense } from './normalizeLicense';
import { LICENSE_IDS } from './spdxIds';

/**
 * The training snippet ids `policy.training` gives for the leaves of `evaluation`, in leaf
 * order, each id once. Keys match exact ids (`AGPL-3.0-only`, or `L WITH E` for a leaf with
 * that exception; a leaf with an exception also gets the training of its license). A key
 * written as a deprecated or non-canonical id (`AGPL-3.0`) is normalized first. No wildcards:
 * `license:GPL-*` triggers are the training snippets' own business.
 */
export function trainingForLicenses(
  evaluation: Pick<LicenseEvaluation, 'leaves'>,
  policy: Pick<LicensePolicy, 'training'>,
  normalize: (text: string) => NormalizedLicense = normalizeLicense,
): string[] {
  const training: unknown = policy.training;
  if (!(training instanceof Map) || training.size === 0 || !Array.isArray(evaluation.leaves) || evaluation.leaves.length === 0) {
    return [];
  }
  const byKey = new Map<string, string[]>();
  for (const [license, ids] of training as ReadonlyMap<unknown, unknown>) {
    if (typeof license !== 'string' || !Array.isArray(ids)) {
      continue;
    }
    const strings = ids.filter((id): id is string => typeof id === 'string');
    const normalized = LICENSE_IDS.has(license) || license.length > 200 ? null : normalize(license.trim()).expression;
    for (const key of normalized === null || normalized === license ? [license] : [license, normalized]) {
      const list = byKey.get(key);
      if (list === undefined) {
        byKey.set(key, [...strings]);
      } else {
        list.push(...strings);
      }
    }
  }
  const result: string[] = [];
  const seen = new Set<string>();
  for (const leaf of evaluation.leaves) {
    const keys = leaf.exception === undefined ? [leaf.license] : [`${leaf.license} WITH ${leaf.exception}`, leaf.license];
    for (const key of keys) {
      for (const id of byKey.get(key) ?? []) {
        if (!seen.has(id)) {
          seen.add(id);
          result.push(id);
        }
      }
    }
  }
  return result;
}

/** Same as `trainingForLicenses`. */
export const licenseTrainingIds = trainingForLicenses;
