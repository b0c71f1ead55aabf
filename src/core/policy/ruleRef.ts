/**
 * Which part of the policy in force a reason comes from, as data: the feed section, then the
 * property of it (`key`) or the position in its array (`index`, 0-based, in the policy in force: the
 * organization's feed followed by the rules a repository's `.ospo/policy.json` added). The other
 * fields name the entry so that a reader of a JSON report need not open the feed to know which it is.
 */
export type RuleRef =
  /** `licenses.allow|review|deny`: the list that holds `license` (the id that matched, as the policy normalized it). */
  | { readonly section: 'licenses'; readonly key: 'allow' | 'review' | 'deny'; readonly license: string }
  /** `licenses.notes[license]`. */
  | { readonly section: 'licenses'; readonly key: 'notes'; readonly license: string }
  /** `licenses.default` (an id on no list) or `licenses.unknown` (no data, or text that is no license). */
  | { readonly section: 'licenses'; readonly key: 'default' | 'unknown' }
  | { readonly section: 'packages'; readonly index: number; readonly match: string }
  | { readonly section: 'advisories'; readonly index: number; readonly id: string }
  | { readonly section: 'health'; readonly key: 'denyBelow' | 'warnBelow' }
  | { readonly section: 'exceptions'; readonly index: number; readonly match: string }
  /** `trust.relicensingVendor`: what the policy gives a single-vendor project whose steward has relicensed before. */
  | { readonly section: 'trust'; readonly key: 'relicensingVendor' }
  /** `trust.noReleaseFor` (a project without a release for that long) and `trust.soleMaintainer` (one account publishes it). */
  | { readonly section: 'trust'; readonly key: 'noReleaseFor' | 'soleMaintainer' };

/**
 * The reference as a person reads it, named as the feed names it: `packages #8 (pkg:npm/left-pad)`,
 * `licenses deny list (AGPL-3.0-only)`, `health denyBelow`. Entries are numbered from 1, as people count.
 */
export function ruleRefWords(ref: RuleRef): string {
  switch (ref.section) {
    case 'licenses':
      return 'license' in ref ? (ref.key === 'notes' ? `licenses note on ${ref.license}` : `licenses ${ref.key} list (${ref.license})`) : `licenses ${ref.key}`;
    case 'packages':
    case 'exceptions':
      return `${ref.section} #${ref.index + 1} (${ref.match})`;
    case 'advisories':
      return `advisories #${ref.index + 1} (${ref.id})`;
    case 'health':
    case 'trust':
      return `${ref.section} ${ref.key}`;
  }
}
