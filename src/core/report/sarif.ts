import type { CheckReport, ReportFinding } from './checkReport';
import { FINDING_CODES, type FindingCode } from './findingCode';

const LEVEL_OF_VERDICT = { deny: 'error', review: 'warning', unknown: 'note', allow: 'note' } as const;

/** A manifest the run could not check: said in the run's invocation, so the scan is not mistaken for complete. */
export interface SarifProblem {
  readonly file: string;
  readonly message: string;
}

/**
 * SARIF 2.1.0 for code-scanning services: one rule per finding code, one result per finding with
 * a code, paths relative to `%SRCROOT%` with forward slashes.
 */
const RULE_NAMES: Readonly<Record<FindingCode, string>> = {
  'license-denied': 'LicenseDenied',
  'license-review': 'LicenseNeedsReview',
  'license-unknown': 'LicenseUnknown',
  'license-mismatch': 'LicenseFileContradictsDeclaration',
  'package-denied': 'PackageDenied',
  'package-review': 'PackageNeedsReview',
  advisory: 'VersionHasAdvisory',
  'health-low': 'ProjectHealthLow',
  'governance-risk': 'SingleVendorRelicensingHistory',
  'no-recent-release': 'NoRecentRelease',
  'sole-maintainer': 'SoleMaintainer',
  'exception-expired': 'ExceptionExpired',
};

export function toSarif(report: CheckReport, tool: { name: string; version: string; informationUri?: string }, problems: readonly SarifProblem[] = []): object {
  const codes = Object.keys(FINDING_CODES) as FindingCode[];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules: codes.map((code) => ({
              id: code,
              // SARIF §3.49.7: a name for people, not the opaque id again (the validator warns when they are equal, case aside).
              name: RULE_NAMES[code],
              shortDescription: { text: FINDING_CODES[code] },
              defaultConfiguration: { level: code.endsWith('denied') || code === 'advisory' ? 'error' : 'warning' },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder the check ran in.' } } },
        // SARIF 2.1.0 §3.20.14 and §3.20.21: a run that skipped input did not execute successfully, and says why.
        invocations: [
          {
            executionSuccessful: problems.length === 0,
            toolExecutionNotifications: problems.map((problem) => ({
              level: 'error',
              message: { text: problem.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: problem.file.split('\\').join('/'), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results: report.findings.filter((finding) => finding.code !== null).map((finding) => result(finding, codes)),
        properties: { policy: report.policy },
      },
    ],
  };
}

function result(finding: ReportFinding, codes: readonly FindingCode[]): object {
  const code = finding.code as FindingCode;
  return {
    ruleId: code,
    ruleIndex: codes.indexOf(code),
    level: code === 'exception-expired' ? 'note' : LEVEL_OF_VERDICT[finding.verdict],
    message: { text: `${finding.name}${finding.version ? `@${finding.version}` : ''} (${finding.license ?? 'no license data'}): ${finding.verdict}. ${finding.why}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.file.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
        },
      },
    ],
    partialFingerprints: { 'ospoGuide/purl': `${finding.purl}|${finding.file}` },
    // `ruleId` names the stable check (the finding code), as code-scanning services group by it; the
    // entry of the organization's feed behind the verdict changes with each feed, so it is data in the
    // result's property bag (SARIF 2.1.0 §3.8), in the shape the JSON report gives it.
    properties: { purl: finding.purl, verdict: finding.verdict, license: finding.license, spec: finding.spec, trust: finding.trust, ...(finding.rule ? { policyRule: finding.rule } : {}) },
  };
}
