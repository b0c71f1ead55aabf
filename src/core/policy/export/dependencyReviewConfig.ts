// The configuration file of GitHub's dependency-review-action (v4), for its `config-file` input.
// Format read from https://github.com/actions/dependency-review-action (README "Configuration
// options" and "Using an external configuration file"; src/config.ts parseConfigFile and
// src/schemas.ts at f5b9717, March 2026): option names with dashes, each list a YAML list;
// `allow-licenses` holds SPDX expressions; `deny-packages` purls (no version: every version);
// `deny-groups` purls of a namespace ending in `/`; `allow-dependencies-licenses` purls exempted
// from the license check. A dependency whose license GitHub does not know is reported, never failed.
import type { PolicyFeed } from '../feedModel';
import { commonWarnings, generatedFrom, type ExportResult } from './exportResult';
import { exportedLicenseLists } from './exportLicenses';
import { decidingRules, ruleEffect } from './packageRules';
import { yamlComments, yamlList } from './yamlText';

export function dependencyReviewConfig(feed: PolicyFeed): ExportResult {
  const lists = exportedLicenseLists(feed.licenses);
  const warnings: string[] = [];
  if (lists.allow.length === 0) {
    warnings.push('the feed allows no license by name: allow-licenses is left out, since the action checks no license without it.');
  }
  if (feed.licenses.default === 'allow') {
    warnings.push(`licenses.default is allow, but the action fails on every license outside allow-licenses: a license on none of the feed's lists fails the pull request.`);
  }
  if (feed.licenses.unknown !== 'unknown') {
    warnings.push(`licenses.unknown is ${feed.licenses.unknown}, but the action never fails on a dependency whose license it does not know (it reports it).`);
  }
  const denyPackages: string[] = [];
  const denyGroups: string[] = [];
  const exempt: string[] = [];
  for (const { rule, name } of decidingRules(feed)) {
    const unexpressed = (why: string) => warnings.push(`${name}: ${ruleEffect(rule)} is not exported: ${why}`);
    if (rule.license !== undefined) {
      unexpressed('the action takes licenses from GitHub\'s dependency graph and has no license correction.');
      continue;
    }
    if (rule.versions !== undefined) {
      unexpressed('the action matches one exact version or every version, never a range.');
      continue;
    }
    const group = namespacePurl(rule.match);
    if (rule.verdict === 'deny' && !rule.match.endsWith('*')) {
      denyPackages.push(rule.match);
    } else if (rule.verdict === 'deny' && group !== undefined) {
      denyGroups.push(group);
    } else if (rule.verdict === 'allow' && !rule.match.endsWith('*')) {
      exempt.push(rule.match);
    } else if (rule.match.endsWith('*') && (rule.verdict === 'deny' || rule.verdict === 'allow')) {
      unexpressed('the action has no name prefixes, only whole namespaces (deny-groups, for denied packages).');
    } else {
      unexpressed(`the action has no ${rule.verdict} verdict for a package, only deny-packages and allow-dependencies-licenses.`);
    }
  }
  warnings.push(...commonWarnings(feed));
  const header = [
    generatedFrom(feed),
    'Change the feed and export again rather than editing this file.',
    "Use it with actions/dependency-review-action@v4: with: config-file: './.github/dependency-review-config.yml'.",
    'allow-licenses holds the licenses the feed allows only: a pull request adding one the feed puts under review or denies fails, for a person to look at.',
    ...(warnings.length > 0 ? ['', 'Not expressed here (ospo-guide printed the same warnings):', ...warnings.map((warning) => `- ${warning}`)] : []),
  ];
  const text =
    yamlComments(header) +
    (lists.allow.length > 0 ? yamlList('allow-licenses', lists.allow) : '') +
    yamlList('deny-packages', denyPackages) +
    yamlList('deny-groups', denyGroups) +
    yamlList('allow-dependencies-licenses', exempt);
  return { text, warnings };
}

/**
 * `pkg:npm/@acme/*` → `pkg:npm/@acme/`: a feed prefix that is one whole namespace, the only prefix
 * the action's deny-groups can say (it compares the first path segment after the type).
 */
function namespacePurl(match: string): string | undefined {
  const found = /^(pkg:[^/]+\/[^/*]+\/)\*$/.exec(match);
  return found?.[1];
}
