import * as path from 'node:path';
import { fundingReport, type FundedPackage } from '../core/report/funding';
import { UsageError, parseArgs } from './args';
import type { CommandOutput } from './depsCommand';
import { POLICY_OPTIONS, loadPolicy, policyOptions } from './loadPolicy';
import { failureText, loadProjectData } from './projectData';
import { formatTable } from './table';

export const FUND_USAGE = 'ospo-guide fund [path] [--json] [--offline] [--policy FILE|URL [--public-key KEY]]';

/**
 * The packages of the whole tree that ask for funding, most used first (by how many manifests
 * reach them), each marked where the policy's `sponsorships` says the organization funds it. Online,
 * a direct dependency that is neither installed nor locked with funding data is listed with the
 * funding its registry gives, so a fresh clone still gets its list.
 */
export async function fundCommand(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: ['json', 'offline'], options: [...POLICY_OPTIONS] });
  if (args.positionals.length > 1) {
    throw new UsageError(`usage: ${FUND_USAGE}`);
  }
  const root = path.resolve(cwd, args.positionals[0] ?? '.');
  const policy = await loadPolicy(policyOptions(args, cwd));
  const { manifests, inventory, failed } = await loadProjectData([root], cwd, { online: !args.flags.has('offline'), health: false, lookups: policy.feed.lookups });
  // With the manifests, a direct dependency nothing local describes is listed with what its registry answered (not with --offline).
  const report = fundingReport([{ inventory, manifests: manifests.map((manifest) => ({ file: manifest.absolutePath, parsed: manifest.parsed })) }], policy.feed.sponsorships);
  const notes = failed.map((failure) => `ospo-guide: ${failureText(failure, 'in the funding list')}\n`);
  // A manifest left out makes the list incomplete: exit 2 (input error), as `notices` does.
  const exitCode = failed.length > 0 ? 2 : 0;
  const stdout = args.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : fundingText(report.packages);
  return { stdout, stderr: policy.notes + notes.join(''), exitCode };
}

/** The table for people; every cell comes from a package's metadata and is escaped by `formatTable`. */
function fundingText(packages: readonly FundedPackage[]): string {
  if (packages.length === 0) {
    return 'No package of this project asks for funding.\n';
  }
  const rows = packages.map((item) => [
    item.name,
    item.ecosystem,
    String(item.manifests),
    item.sponsored ? `yes: ${item.sponsored.how}${item.sponsored.contact !== undefined ? ` (${item.sponsored.contact})` : ''}` : '',
    item.funding.join(' '),
  ]);
  const sponsored = packages.filter((item) => item.sponsored).length;
  const summary = `${packages.length} ${packages.length === 1 ? 'package asks' : 'packages ask'} for funding; your organization sponsors ${sponsored} of them.`;
  return `${formatTable(['PACKAGE', 'ECOSYSTEM', 'MANIFESTS', 'SPONSORED', 'FUNDING'], rows)}\n\n${summary}\n`;
}
