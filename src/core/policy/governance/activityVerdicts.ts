import type { ProjectActivity } from '../../data/types';
import type { TrustPolicy } from '../feedModel';
import type { Reason, Verdict } from '../verdict';

const DAY_MS = 86_400_000;

/**
 * The verdicts the policy's `trust` gives a project's registry activity: no release for longer
 * than `noReleaseFor.days`, one account alone able to publish it. Nothing without the policy
 * asking, and nothing where the registry said nothing (an unknown is no evidence of neglect).
 */
export function activityReasons(activity: ProjectActivity | undefined, trust: TrustPolicy, now: Date): { readonly verdict: Verdict; readonly reason: Reason }[] {
  if (!activity) {
    return [];
  }
  const reasons: { verdict: Verdict; reason: Reason }[] = [];
  const release = activity.latestRelease;
  const released = release ? Date.parse(`${release.date}T00:00:00Z`) : Number.NaN;
  if (trust.noReleaseFor && release && !Number.isNaN(released)) {
    const age = Math.floor((now.getTime() - released) / DAY_MS);
    if (age > trust.noReleaseFor.days) {
      const { days, verdict } = trust.noReleaseFor;
      const message = `The latest release, ${release.version} on ${release.date}, is ${age.toLocaleString('en-US')} days old (${activity.source}); the policy sends projects with no release in ${days.toLocaleString('en-US')} days to ${verdict}.`;
      reasons.push({ verdict, reason: { kind: 'trust', message, rule: { section: 'trust', key: 'noReleaseFor' }, source: activity.source } });
    }
  }
  if (trust.soleMaintainer && activity.maintainers === 1) {
    const message = `One account alone can publish this package (${activity.source}); the policy sends such packages to ${trust.soleMaintainer}.`;
    reasons.push({ verdict: trust.soleMaintainer, reason: { kind: 'trust', message, rule: { section: 'trust', key: 'soleMaintainer' }, source: activity.source } });
  }
  return reasons;
}
