// The `license:` section of Trivy's trivy.yaml. Format read from https://trivy.dev (docs
// "License Scanning" / "Custom Classification" and the config-file reference, "License options";
// aquasecurity/trivy pkg/flag/license_flags.go and pkg/licensing/scanner.go at dc3c56e, August
// 2026): the categories `forbidden` (CRITICAL), `restricted` (HIGH), `reciprocal` (MEDIUM),
// `notice`, `permissive`, `unencumbered` (LOW), each a list of license names, and `ignored`
// (`--ignored-licenses`). A category the file does not set keeps Trivy's built-in list, so every
// one is written, empty where the feed has nothing for it. A license in no category is UNKNOWN.
import type { PolicyFeed } from '../feedModel';
import { commonWarnings, generatedFrom, type ExportResult } from './exportResult';
import { exportedLicenseLists } from './exportLicenses';
import { unexpressedRuleWarnings } from './packageRules';
import { yamlComments, yamlList } from './yamlText';

export function trivyConfig(feed: PolicyFeed): ExportResult {
  const lists = exportedLicenseLists(feed.licenses);
  const warnings = [
    `licenses.default (${feed.licenses.default}) is not exported: Trivy classifies a license in none of its categories as UNKNOWN.`,
    `licenses.unknown (${feed.licenses.unknown}) is not exported: Trivy reports a package without a license as UNKNOWN, like a license on no list.`,
    ...unexpressedRuleWarnings(feed, 'Trivy classifies licenses, not packages.'),
    ...commonWarnings(feed),
  ];
  const header = [
    generatedFrom(feed),
    'Change the feed and export again rather than editing this section.',
    'deny -> forbidden (CRITICAL), review -> restricted (HIGH), allow -> permissive (LOW); the other categories are emptied so that',
    "Trivy's built-in classification does not apply. Fail a build on the feed's deny and review lists with:",
    '  trivy fs --scanners license --severity CRITICAL,HIGH --exit-code 1 .',
    '',
    'Not expressed here (ospo-guide printed the same warnings):',
    ...warnings.map((warning) => `- ${warning}`),
  ];
  const text =
    yamlComments(header) +
    'license:\n' +
    yamlList('forbidden', lists.deny, '  ') +
    yamlList('restricted', lists.review, '  ') +
    yamlList('reciprocal', [], '  ') +
    yamlList('notice', [], '  ') +
    yamlList('permissive', lists.allow, '  ') +
    yamlList('unencumbered', [], '  ');
  return { text, warnings };
}
