import type { ContributionStatus, TrainingSnippet } from './feedModel';
import type { Reason, Verdict } from './verdict';

/** What the workspace currently shows, for matching training `triggers`. */
export interface TrainingSituation {
  readonly licenses?: readonly string[];
  readonly verdicts?: readonly Verdict[];
  /** The kinds of reasons findings give (`license-mismatch`, `exception-expired`, …). */
  readonly reasons?: readonly Reason['kind'][];
  readonly contribution?: ContributionStatus;
}

/**
 * Snippets whose triggers match: `license:GPL-*` matches by prefix (a plain string comparison,
 * never a pattern compiled from feed text), `license:MIT` exactly, `verdict:deny`,
 * `reason:license-mismatch`, `contribution:needs-approval`. Feed order is kept.
 */
export function triggeredTraining(training: readonly TrainingSnippet[], situation: TrainingSituation): TrainingSnippet[] {
  return training.filter((snippet) => snippet.triggers.some((trigger) => triggerMatches(trigger, situation)));
}

export function triggerMatches(trigger: string, situation: TrainingSituation): boolean {
  const colon = trigger.indexOf(':');
  const kind = trigger.slice(0, colon);
  const value = trigger.slice(colon + 1);
  switch (kind) {
    case 'license':
      return (situation.licenses ?? []).some((license) => licenseMatches(value, license));
    case 'verdict':
      return (situation.verdicts ?? []).some((verdict) => verdict === value);
    case 'reason':
      return (situation.reasons ?? []).some((reason) => reason === value);
    case 'contribution':
      return situation.contribution === value;
    default:
      return false;
  }
}

function licenseMatches(pattern: string, license: string): boolean {
  return pattern.endsWith('*') ? license.startsWith(pattern.slice(0, -1)) : license === pattern;
}
