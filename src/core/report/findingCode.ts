import type { Finding } from '../policy/compiledPolicy';

/** Stable codes for findings: diagnostics, SARIF rule ids and documentation anchors use them. */
export const FINDING_CODES = {
  'license-denied': 'The license is denied by the policy.',
  'license-review': 'The license needs a review before use.',
  'license-unknown': 'The license is not known.',
  'license-mismatch': "The package's license file holds a license its declaration does not name, and that license's verdict is worse.",
  'package-denied': "The OSPO's rule for this package denies it.",
  'package-review': "The OSPO's rule for this package asks for a review.",
  advisory: 'An advisory affects this version.',
  'health-low': "The project's health score is below the policy's threshold.",
  'governance-risk': 'One company governs the project and has relicensed before, which the policy asks to look at.',
  'no-recent-release': "The project's latest release is older than the policy accepts.",
  'sole-maintainer': 'One account alone can publish the project, which the policy asks to look at.',
  'exception-expired': 'An exception for this package has expired.',
} as const;

export type FindingCode = keyof typeof FINDING_CODES;

/** The code for what decided a finding's verdict; null for an allowed package with nothing to report. */
export function findingCode(finding: Finding): FindingCode | null {
  if (finding.verdict === 'allow') {
    return finding.expiredExceptions.length > 0 ? 'exception-expired' : null;
  }
  switch (finding.decidedBy) {
    case 'advisory':
      return 'advisory';
    case 'health':
      return 'health-low';
    case 'trust':
      return finding.decisive.rule?.section === 'trust' && finding.decisive.rule.key === 'noReleaseFor' ? 'no-recent-release' : finding.decisive.rule?.section === 'trust' && finding.decisive.rule.key === 'soleMaintainer' ? 'sole-maintainer' : 'governance-risk';
    case 'package-rule':
      return finding.verdict === 'deny' ? 'package-denied' : finding.verdict === 'review' ? 'package-review' : 'license-unknown';
    default:
      if (finding.decisive.kind === 'license-mismatch') {
        return 'license-mismatch';
      }
      if (finding.licenseMissing) {
        return 'license-unknown';
      }
      return finding.verdict === 'deny' ? 'license-denied' : finding.verdict === 'review' ? 'license-review' : 'license-unknown';
  }
}
