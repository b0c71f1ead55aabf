import type { ContributionPolicy, ContributionRule } from './feedModel';
import { repoPatternMatches } from './repoIdentity';

export interface ContributionVerdict {
  readonly rule: ContributionRule;
  /** The project `match` that decided, or `default`. */
  readonly matchedBy: string;
  readonly checklist: readonly string[];
}

/** The first project entry matching the repository wins over `default`, as the feed format says. */
export function contributionRuleFor(policy: ContributionPolicy, repo: string | null): ContributionVerdict {
  const project = repo === null ? undefined : policy.projects.find((candidate) => repoPatternMatches(candidate.match, repo));
  return {
    rule: project ?? policy.default,
    matchedBy: project ? project.match : 'default',
    checklist: policy.checklist,
  };
}
