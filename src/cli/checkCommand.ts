import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { MAX_MANIFEST_BYTES, parseManifest } from '../core/manifests';
import { CompiledPolicy } from '../core/policy/compiledPolicy';
import { buildCheckReport, failsAt, type CheckedManifest } from '../core/report/checkReport';
import { toSarif } from '../core/report/sarif';
import { UsageError, parseArgs } from './args';
import type { CommandOutput } from './depsCommand';
import { findManifests } from './findManifests';
import { gitRepoIdentity } from './gitRemote';
import { loadPolicy } from './loadPolicy';
import { renderCheckText } from './checkText';
import { TOOL } from './tool';

export const CHECK_USAGE = 'ospo-guide check [paths...] [--policy P] [--format text|json|sarif] [--fail-on deny|review|never] [--offline]';

const FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['deny', 'review', 'never'] as const;

export async function checkCommand(argv: readonly string[], cwd = process.cwd(), now = new Date()): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: ['offline'], options: ['policy', 'format', 'fail-on'] });
  const format = oneOf(args.options.get('format') ?? 'text', FORMATS, '--format');
  const failOn = oneOf(args.options.get('fail-on') ?? 'deny', FAIL_ON, '--fail-on');
  const policy = await loadPolicy(args.options.get('policy') && path.resolve(cwd, args.options.get('policy') as string));
  const roots = (args.positionals.length > 0 ? args.positionals : ['.']).map((root) => path.resolve(cwd, root));
  let found;
  try {
    found = await findManifests(roots);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/^ENOENT: /, '') : String(error));
  }
  const manifests: CheckedManifest[] = [];
  for (const manifest of found) {
    const text = await readFile(manifest.file, 'utf8');
    if (text.length > MAX_MANIFEST_BYTES) {
      continue;
    }
    manifests.push({ file: path.relative(cwd, manifest.file) || path.basename(manifest.file), text, parsed: parseManifest(manifest.kind, text) });
  }
  const report = buildCheckReport(new CompiledPolicy(policy.feed), manifests, { repo: gitRepoIdentity(roots[0]), now });
  const exitCode = failsAt(report, failOn) ? 1 : 0;
  switch (format) {
    case 'json':
      return { stdout: JSON.stringify(report, null, 2) + '\n', exitCode };
    case 'sarif':
      return { stdout: JSON.stringify(toSarif(report, TOOL), null, 2) + '\n', exitCode };
    default:
      return { stdout: renderCheckText(report, policy.source), exitCode };
  }
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  const found = allowed.find((candidate) => candidate === value);
  if (!found) {
    throw new UsageError(`${option} must be one of ${allowed.join(', ')}, not '${value}'`);
  }
  return found;
}
