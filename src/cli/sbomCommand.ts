import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CompiledPolicy } from '../core/policy/compiledPolicy';
import { toCycloneDx } from '../core/report/cyclonedx';
import { toSpdx } from '../core/report/spdx';
import { UsageError, parseArgs } from './args';
import type { CommandOutput } from './depsCommand';
import { gitRepoIdentity } from './gitRemote';
import { readLicenseChoices } from './licenseChoicesFile';
import { withRepositoryPolicy } from './repositoryPolicy';
import { POLICY_OPTIONS, loadPolicy, policyOptions } from './loadPolicy';
import { installHint } from '../core/report/missingData';
import type { Ecosystem } from '../core/manifests/types';
import { failureText, loadProjectData } from './projectData';
import { TOOL } from './tool';

export const SBOM_USAGE = 'ospo-guide sbom [path] [--policy FILE|URL [--public-key KEY]] [--format cyclonedx|spdx] [--output file] [--offline]';

const FORMATS = ['cyclonedx', 'spdx'] as const;

/** A CycloneDX 1.6 (the default) or SPDX 2.3 JSON SBOM of the whole tree, to stdout or a file. */
export async function sbomCommand(argv: readonly string[], cwd = process.cwd(), now = new Date()): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: ['offline'], options: [...POLICY_OPTIONS, 'output', 'format'] });
  const format = args.options.get('format') ?? 'cyclonedx';
  if (args.positionals.length > 1) {
    throw new UsageError(`usage: ${SBOM_USAGE}`);
  }
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown --format '${format}': use ${FORMATS.join(' or ')}\nusage: ${SBOM_USAGE}`);
  }
  const root = path.resolve(cwd, args.positionals[0] ?? '.');
  const policy = await withRepositoryPolicy(await loadPolicy(policyOptions(args, cwd)), root, cwd);
  const { manifests, inventory, failed } = await loadProjectData([root], cwd, { online: !args.flags.has('offline'), health: false, lookups: policy.feed.lookups });
  // The SBOM lists what is installed or locked; a direct dependency that nothing here resolves is said, not left out silently.
  const missing = manifests.flatMap((manifest) =>
    manifest.parsed.dependencies.filter((dependency) => {
      const facts = inventory.factsFor(manifest.absolutePath, dependency);
      return !inventory.packages.some((item) => item.ecosystem === dependency.ecosystem && item.name === (dependency.package ?? dependency.name) && item.version === facts.version);
    }),
  );
  const notChecked = failed.map((failure) => `ospo-guide: ${failureText(failure, 'in the SBOM')}\n`).join('');
  const stderr = policy.notes + notChecked + (missing.length === 0 ? '' : `ospo-guide: ${missing.length} direct ${missing.length === 1 ? 'dependency is' : 'dependencies are'} not in the SBOM: nothing installed or locked here resolves ${missing.length === 1 ? 'it' : 'them'}.\n${unresolvedInstallNotes(missing)}`);
  const compiled = new CompiledPolicy(policy.feed);
  const context = { repo: gitRepoIdentity(root), now };
  const sbomOptions = { projectName: path.basename(root), tool: TOOL, timestamp: now.toISOString() };
  const bom = format === 'spdx' ? toSpdx(inventory, compiled, context, { ...sbomOptions, choices: await readLicenseChoices(root) }) : toCycloneDx(inventory, compiled, context, sbomOptions);
  const json = JSON.stringify(bom, null, 2) + '\n';
  // The SBOM is still written, but a manifest left out makes it incomplete: exit 2 (input error), as `check` does.
  const exitCode = failed.length > 0 ? 2 : 0;
  const output = args.options.get('output');
  if (output === undefined) {
    return { stdout: json, stderr, exitCode };
  }
  await writeFile(path.resolve(cwd, output), json);
  return { stdout: `Wrote ${inventory.packages.length} ${format === 'spdx' ? 'packages' : 'components'} to ${output}\n`, stderr, exitCode };
}

function unresolvedInstallNotes(missing: readonly { readonly ecosystem: Ecosystem }[]): string {
  return [...new Set(missing.map((dependency) => dependency.ecosystem))].map((ecosystem) => `ospo-guide: ${installHint(ecosystem)}\n`).join('');
}
