import * as path from 'node:path';
import { fundingReport, sharedFundingDestinations, type FundingDestination, type FundingReport } from '../core/report/funding';
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
  const stdout = args.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : fundingText(report);
  return { stdout, stderr: policy.notes + notes.join(''), exitCode };
}

/** Shared funding links listed after the table, the most shared first. */
const MAX_DESTINATIONS_SHOWN = 10;
/** Package names listed per shared link; the rest are counted. */
const MAX_NAMES_PER_DESTINATION = 3;

/** The table for people; every cell comes from a package's metadata and is escaped by `formatTable`. */
function fundingText(report: FundingReport): string {
  const { packages } = report;
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
  return `${formatTable(['PACKAGE', 'ECOSYSTEM', 'MANIFESTS', 'SPONSORED', 'FUNDING'], rows)}\n\n${summary}\n${destinationsText(sharedFundingDestinations(report))}`;
}

/** Where several packages send people: one sponsorship there answers them all. */
function destinationsText(destinations: readonly FundingDestination[]): string {
  if (destinations.length === 0) {
    return '';
  }
  const rows = destinations.slice(0, MAX_DESTINATIONS_SHOWN).map((destination) => {
    const names = destination.packages.slice(0, MAX_NAMES_PER_DESTINATION).join(', ');
    const more = destination.packages.length - MAX_NAMES_PER_DESTINATION;
    return [destination.url, String(destination.packages.length), more > 0 ? `${names} and ${more} more` : names];
  });
  const unlisted = destinations.length - rows.length;
  return `\nShared funding links (one sponsorship answers every package that asks there):\n\n${formatTable(['FUNDING', 'PACKAGES', 'ASKED BY'], rows)}\n${unlisted > 0 ? `\nand ${unlisted} more shared links (--json lists every package's links).\n` : ''}`;
}
