import type { PackageRule, PolicyFeed } from '../feedModel';
import { ruleRefWords } from '../ruleRef';

export interface NumberedRule {
  readonly rule: PackageRule;
  /** `packages #2 (pkg:npm/left-pad)`, as the editor and `check` name the rule. */
  readonly name: string;
}

/**
 * The package rules that change a verdict: those with a `verdict` or a `license` (a curated license
 * is judged by the lists). Rules that only explain, name alternatives or support have nothing to
 * enforce in another tool.
 */
export function decidingRules(feed: PolicyFeed): NumberedRule[] {
  return feed.packages.flatMap((rule, index) =>
    rule.verdict !== undefined || rule.license !== undefined ? [{ rule, name: ruleRefWords({ section: 'packages', index, match: rule.match }) }] : [],
  );
}

/** What the rule says, for a warning: `verdict deny for versions >=2`, `license BUSL-1.1`. */
export function ruleEffect(rule: PackageRule): string {
  const parts = [rule.verdict !== undefined ? `verdict ${rule.verdict}` : undefined, rule.license !== undefined ? `license ${rule.license}` : undefined].filter((part) => part !== undefined);
  return parts.join(', ') + (rule.versions !== undefined ? ` for versions ${rule.versions}` : '');
}

/** One warning per deciding rule, for a tool that has no package rules at all. */
export function unexpressedRuleWarnings(feed: PolicyFeed, why: string): string[] {
  return decidingRules(feed).map(({ rule, name }) => `${name}: ${ruleEffect(rule)} is not exported: ${why}`);
}
