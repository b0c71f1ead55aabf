// The `--onlyAllow` command line of npm's license-checker 25 (node_modules/license-checker).
// How it judges, read from its lib/index.js and bin/license-checker (25.0.1): the list is split on
// `;`; a package passes when `licenses.indexOf(entry) !== -1` for some entry, a case-sensitive
// SUBSTRING test on the package's license text; the first package that fails ends the run with
// exit code 1; `--onlyAllow` and `--failOn` together are refused. The warnings below follow from that.
import type { PolicyFeed } from '../feedModel';
import { evaluateLicense } from '../spdx';
import { DEPRECATED_LICENSE_IDS, LICENSE_IDS } from '../spdx/spdxIds';
import { commonWarnings, type ExportResult } from './exportResult';
import { exportedLicenseLists } from './exportLicenses';
import { unexpressedRuleWarnings } from './packageRules';

const VERSION = '25.0.1';

export function licenseCheckerArgs(feed: PolicyFeed): ExportResult {
  const allowed = exportedLicenseLists(feed.licenses).allow;
  const warnings = [
    "license-checker stops at the first package whose license is not allowed: fix it and run again to see the next.",
    '--onlyAllow cannot be combined with --failOn (license-checker refuses both): the denied licenses are not named, every license outside the allowed list fails.',
    ...(allowed.length === 0 ? ['the feed allows no license by name: with an empty --onlyAllow license-checker checks nothing and passes every package.'] : []),
    ...substringWarnings(allowed, feed),
    'license-checker passes a package whose license text contains an allowed id anywhere, so an expression such as "MIT AND GPL-3.0-only" passes on its MIT.',
    ...(feed.licenses.default === 'allow' ? ["licenses.default is allow, but license-checker fails on every license outside --onlyAllow: a license on none of the feed's lists fails."] : []),
    ...(feed.licenses.unknown === 'unknown' ? [`licenses.unknown is unknown (a finding, not a failure), but license-checker fails on a package without a license (UNKNOWN).`] : []),
    'license-checker also checks the project itself: its own package.json needs an allowed license (or --excludePackages name@version).',
    ...unexpressedRuleWarnings(feed, 'license-checker has no package rules (--excludePackages names exact name@version pairs and only skips them).'),
    ...commonWarnings(feed),
  ];
  return { text: `npx license-checker@${VERSION} --onlyAllow ${shellQuote(allowed.join(';'))}\n`, warnings };
}

/**
 * For each allowed id, the SPDX ids the feed does not allow that contain it: license-checker
 * admits them too (allowing `GPL-2.0-only` admits `LGPL-2.0-only`, allowing `MIT` admits `MIT-CMU`).
 */
function substringWarnings(allowed: readonly string[], feed: PolicyFeed): string[] {
  const spdxIds = [...LICENSE_IDS, ...DEPRECATED_LICENSE_IDS];
  return allowed.flatMap((id) => {
    const admitted = spdxIds.filter((other) => other !== id && other.includes(id) && evaluateLicense(other, feed.licenses).verdict !== 'allow');
    return admitted.length === 0 ? [] : [`allowing "${id}" also admits ${admitted.map((other) => `"${other}"`).join(', ')}, which the feed does not allow: license-checker matches substrings.`];
  });
}

/** One POSIX shell word: single quotes, each `'` closed, escaped and reopened. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
