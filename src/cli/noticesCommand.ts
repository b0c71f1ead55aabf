import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { buildNotices } from '../core/report/notices/noticesDocument';
import { formatNotices, NOTICES_FORMATS, type NoticesFormat } from '../core/report/notices/noticesFormat';
import { UsageError, parseArgs } from './args';
import type { CommandOutput } from './depsCommand';
import { POLICY_OPTIONS, loadPolicy, policyOptions } from './loadPolicy';
import { failureText, loadProjectData } from './projectData';

export const NOTICES_USAGE = 'ospo-guide notices [path] [--format text|markdown|html] [--output FILE] [--include-dev] [--offline] [--policy FILE|URL [--public-key KEY]]';

/**
 * The third-party notices of the whole tree (direct and transitive; dev dependencies when asked):
 * license texts as the packages ship them, NOTICE files, and what was not found.
 */
export async function noticesCommand(argv: readonly string[], cwd = process.cwd()): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: ['offline', 'include-dev'], options: [...POLICY_OPTIONS, 'output', 'format'] });
  const format = args.options.get('format') ?? 'text';
  if (args.positionals.length > 1) {
    throw new UsageError(`usage: ${NOTICES_USAGE}`);
  }
  if (!(NOTICES_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown --format '${format}': use ${NOTICES_FORMATS.join(', ')}\nusage: ${NOTICES_USAGE}`);
  }
  const root = path.resolve(cwd, args.positionals[0] ?? '.');
  // The policy only says whether registries may be asked (lookups), for packages nothing local describes.
  const policy = await loadPolicy(policyOptions(args, cwd));
  const { inventory, failed } = await loadProjectData([root], cwd, { online: !args.flags.has('offline'), health: false, lookups: policy.feed.lookups });
  const document = await buildNotices(inventory.packages, { projectName: path.basename(root), includeDev: args.flags.has('include-dev') });
  const text = formatNotices(document, format as NoticesFormat);
  const notes = [
    ...failed.map((failure) => `ospo-guide: ${failureText(failure, 'in the notices')}\n`),
    ...document.problems.map((problem) => `ospo-guide: could not read ${problem}\n`),
    ...(document.missing.length > 0 ? [`ospo-guide: no license text found for ${document.missing.length} of ${document.packageCount} packages; they are listed at the end.\n`] : []),
  ];
  const stderr = policy.notes + notes.join('');
  // A manifest left out makes the notices incomplete: exit 2 (input error), as `check` and `sbom` do.
  const exitCode = failed.length > 0 ? 2 : 0;
  const output = args.options.get('output');
  if (output === undefined) {
    return { stdout: text, stderr, exitCode };
  }
  await writeFile(path.resolve(cwd, output), text);
  const texts = document.licenseTexts.length;
  return { stdout: `Wrote the notices of ${document.packageCount} packages (${texts} license ${texts === 1 ? 'text' : 'texts'}, ${document.noticeFiles.length} NOTICE) to ${output}\n`, stderr, exitCode };
}
