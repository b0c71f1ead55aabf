// ORT's license-classifications.yml. Format read from
// https://github.com/oss-review-toolkit/ort/blob/main/website/docs/configuration/license-classifications.md
// and its examples/license-classifications.yml: `categories`, each a unique `name` with an optional
// `description`, and `categorizations`, each a license `id` (SPDX) with the `categories` names it is in.
// ORT gives categories no meaning of its own: the evaluator's rules (evaluator.rules.kts) decide.
import type { ListVerdict, PolicyFeed } from '../feedModel';
import { commonWarnings, generatedFrom, type ExportResult } from './exportResult';
import { exportedLicenseLists } from './exportLicenses';
import { unexpressedRuleWarnings } from './packageRules';
import { yamlComments, yamlString } from './yamlText';

const DESCRIPTIONS: Readonly<Record<ListVerdict, string>> = {
  allow: 'Allowed by the OSPO policy feed.',
  review: 'Needs a review before use (OSPO policy feed).',
  deny: 'Must not be used (OSPO policy feed).',
};

export function ortClassifications(feed: PolicyFeed): ExportResult {
  const lists = exportedLicenseLists(feed.licenses);
  const warnings = [
    'the categories mean nothing to ORT by themselves: an evaluator rule (evaluator.rules.kts) must raise a violation for licenses in "deny" and "review".',
    `licenses.default (${feed.licenses.default}) is not exported: a license in no categorization is for the evaluator rules to judge.`,
    `licenses.unknown (${feed.licenses.unknown}) is not exported: a package without a license is for the evaluator rules to judge.`,
    ...unexpressedRuleWarnings(feed, 'ORT states package rules in evaluator rules (rules.kts) or package curations, not in license classifications.'),
    ...commonWarnings(feed),
  ];
  const header = [generatedFrom(feed), 'Change the feed and export again rather than editing this file.', '', 'Not expressed here (ospo-guide printed the same warnings):', ...warnings.map((warning) => `- ${warning}`)];
  const verdicts: readonly ListVerdict[] = ['allow', 'review', 'deny'];
  const categories = verdicts.map((verdict) => `  - name: ${yamlString(verdict)}\n    description: ${yamlString(DESCRIPTIONS[verdict])}\n`).join('');
  const categorizations = verdicts
    .flatMap((verdict) => lists[verdict].map((id) => `  - id: ${yamlString(id)}\n    categories:\n      - ${yamlString(verdict)}\n`))
    .join('');
  const text = yamlComments(header) + `categories:\n${categories}` + (categorizations === '' ? 'categorizations: []\n' : `categorizations:\n${categorizations}`);
  return { text, warnings };
}
