import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UsageError, parseArgs } from './args';
import type { CommandOutput } from './depsCommand';
import { POLICY_OPTIONS, loadPolicy, policyOptions } from './loadPolicy';
import type { PolicyFeed } from '../core/policy/feedModel';
import { dependencyReviewConfig } from '../core/policy/export/dependencyReviewConfig';
import type { ExportResult } from '../core/policy/export/exportResult';
import { licenseCheckerArgs } from '../core/policy/export/licenseCheckerArgs';
import { ortClassifications } from '../core/policy/export/ortClassifications';
import { trivyConfig } from '../core/policy/export/trivyConfig';

export const FEED_EXPORT_USAGE = 'ospo-guide feed export --to github-dependency-review|license-checker|trivy|ort [--policy FILE|URL [--public-key KEY]] [--output FILE]';

const TARGETS: ReadonlyMap<string, (feed: PolicyFeed) => ExportResult> = new Map([
  ['github-dependency-review', dependencyReviewConfig],
  ['license-checker', licenseCheckerArgs],
  ['trivy', trivyConfig],
  ['ort', ortClassifications],
]);

/**
 * `ospo-guide feed export`: the policy in force as another tool's configuration, so that an OSPO
 * keeps one policy. What the tool cannot express goes to stderr as warnings (and into the YAML
 * files as comments), never dropped silently.
 */
export async function feedExport(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: [], options: [...POLICY_OPTIONS, 'to', 'output'] });
  const target = args.options.get('to');
  if (args.positionals.length !== 0 || target === undefined) {
    throw new UsageError(`usage: ${FEED_EXPORT_USAGE}`);
  }
  const convert = TARGETS.get(target);
  if (convert === undefined) {
    throw new UsageError(`unknown --to '${target}': use ${[...TARGETS.keys()].join(', ')}\nusage: ${FEED_EXPORT_USAGE}`);
  }
  const policy = await loadPolicy(policyOptions(args, cwd));
  const result = convert(policy.feed);
  const stderr = policy.notes + result.warnings.map((warning) => `ospo-guide: warning: ${warning}\n`).join('');
  const output = args.options.get('output');
  if (output === undefined) {
    return { stdout: result.text, stderr, exitCode: 0 };
  }
  try {
    await writeFile(path.resolve(cwd, output), result.text);
  } catch (error) {
    throw new UsageError(`cannot write '${output}': ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const count = result.warnings.length;
  return { stdout: `Wrote the ${target} configuration of ${policy.source} to ${output} (${count} ${count === 1 ? 'warning' : 'warnings'}).\n`, stderr, exitCode: 0 };
}
