import * as path from 'node:path';
import { CompiledPolicy } from '../core/policy/compiledPolicy';
import { buildCheckReport, failsAt } from '../core/report/checkReport';
import { complianceHtml, complianceMarkdown } from '../core/report/compliance/complianceFormat';
import { buildComplianceReport } from '../core/report/compliance/complianceReport';
import { toSarif } from '../core/report/sarif';
import { UsageError, parseArgs } from './args';
import type { CommandOutput } from './depsCommand';
import { gitRepoIdentity } from './gitRemote';
import { readLicenseChoices } from './licenseChoicesFile';
import { withRepositoryPolicy } from './repositoryPolicy';
import { POLICY_OPTIONS, loadPolicy, policyOptions } from './loadPolicy';
import { failureText, loadProjectData, unresolvedNotes } from './projectData';
import { renderCheckText } from './checkText';
import { TOOL } from './tool';

export const CHECK_USAGE = 'ospo-guide check [paths...] [--policy FILE|URL [--public-key KEY]] [--format text|json|sarif|markdown|html] [--fail-on deny|review|never] [--transitive] [--offline]';

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'html'] as const;
const FAIL_ON = ['deny', 'review', 'never'] as const;

export async function checkCommand(argv: readonly string[], cwd = process.cwd(), now = new Date()): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: ['offline', 'transitive'], options: [...POLICY_OPTIONS, 'format', 'fail-on'] });
  const format = oneOf(args.options.get('format') ?? 'text', FORMATS, '--format');
  const failOn = oneOf(args.options.get('fail-on') ?? 'deny', FAIL_ON, '--fail-on');
  const firstRoot = path.resolve(cwd, args.positionals[0] ?? '.');
  const policy = await withRepositoryPolicy(await loadPolicy(policyOptions(args, cwd)), firstRoot, cwd);
  const { manifests, inventory, failed } = await loadProjectData(args.positionals, cwd, { online: !args.flags.has('offline'), health: true, lookups: policy.feed.lookups });
  const report = buildCheckReport(new CompiledPolicy(policy.feed), manifests, { repo: gitRepoIdentity(firstRoot), now }, { inventory, transitive: args.flags.has('transitive') });
  // A manifest that could not be checked leaves the run incomplete: exit 2 (input error), whatever the findings.
  const exitCode = failed.length > 0 ? 2 : failsAt(report, failOn) ? 1 : 0;
  const problems = failed.map((failure) => ({ file: failure.file, message: failureText(failure, 'checked') }));
  const missing = report.findings.filter((finding) => finding.direct && finding.license === null);
  const stderr = policy.notes + unresolvedNotes(missing, args.flags.has('offline'), policy.feed.lookups);
  switch (format) {
    case 'json':
      return { stdout: JSON.stringify({ ...report, problems }, null, 2) + '\n', stderr, exitCode };
    case 'sarif':
      return { stdout: JSON.stringify(toSarif(report, TOOL, problems), null, 2) + '\n', stderr, exitCode };
    case 'markdown':
    case 'html': {
      const repo = gitRepoIdentity(firstRoot);
      const compliance = buildComplianceReport(report, {
        project: path.basename(firstRoot),
        now,
        tool: { name: TOOL.name, version: TOOL.version },
        ...(repo ? { repo } : {}),
        feed: policy.feed,
        policySource: policy.source,
        choices: await readLicenseChoices(firstRoot),
        problems: problems.map((problem) => problem.message),
      });
      return { stdout: format === 'html' ? complianceHtml(compliance) : complianceMarkdown(compliance), stderr, exitCode };
    }
    default:
      return { stdout: renderCheckText(report, policy.source, problems), stderr, exitCode };
  }
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  const found = allowed.find((candidate) => candidate === value);
  if (!found) {
    throw new UsageError(`${option} must be one of ${allowed.join(', ')}, not '${value}'`);
  }
  return found;
}
