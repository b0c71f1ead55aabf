import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { runCli } from '../cli/main';
import { escapeMarkdownText } from '../core/report/safeMarkdown';
import { readActionInputs, type ActionInputs } from './actionInputs';
import { resultsOfSarif, type SarifResultSummary } from './sarifResults';
import { escapeCommandData, escapeCommandProperty } from './workflowCommands';

/** What a run of the action writes besides the SARIF file: the log, outputs, the step summary. */
export interface ActionIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (text: string) => void;
}

/**
 * The GitHub Action (action.yml): `ospo-guide check` with the inputs GitHub passes as `INPUT_*`
 * variables, SARIF written for code scanning, each finding an annotation on its manifest line, the
 * counts as step outputs and in the job summary. Resolves to the exit code of `check`.
 */
export async function runGitHubAction(io: ActionIo): Promise<number> {
  try {
    return await runAction(io);
  } catch (error) {
    // A failure of our own (writing the SARIF or the outputs) fails the step with the reason, as an annotation.
    io.log(`::error title=OSPO Guide::${escapeCommandData(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    return 3;
  }
}

async function runAction(io: ActionIo): Promise<number> {
  let inputs: ActionInputs;
  try {
    inputs = readActionInputs(io.env);
  } catch (error) {
    io.log(`::error title=OSPO Guide::${escapeCommandData(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
  const result = await runCli(checkArguments(inputs));
  if (result.stderr !== '') {
    io.log(result.stderr);
  }
  if (result.stdout === '') {
    // No report (the policy could not be loaded, a usage error): the reason is on stderr, as an error annotation too.
    io.log(`::error title=OSPO Guide::${escapeCommandData(result.stderr.trim() || `ospo-guide check exited with ${result.exitCode}`)}\n`);
    return result.exitCode;
  }
  const sarifFile = path.resolve(io.cwd, inputs.sarifFile);
  await mkdir(path.dirname(sarifFile), { recursive: true });
  await writeFile(sarifFile, result.stdout);
  const results = resultsOfSarif(JSON.parse(result.stdout) as unknown);
  results.forEach((item) => io.log(annotation(item)));
  const denied = results.filter((item) => item.verdict === 'deny').length;
  const review = results.filter((item) => item.verdict === 'review').length;
  io.log(`OSPO Guide: ${results.length} ${results.length === 1 ? 'finding' : 'findings'} (${denied} denied, ${review} to review); SARIF written to ${inputs.sarifFile}.\n`);
  await writeOutputs(io.env, { 'sarif-file': inputs.sarifFile, findings: String(results.length), denied: String(denied), review: String(review) });
  await writeSummary(io.env, results, denied, review);
  return result.exitCode;
}

function checkArguments(inputs: ActionInputs): string[] {
  return [
    'check',
    ...inputs.paths,
    '--format',
    'sarif',
    '--fail-on',
    inputs.failOn,
    ...(inputs.policy !== undefined ? ['--policy', inputs.policy] : []),
    ...(inputs.publicKey !== undefined ? ['--public-key', inputs.publicKey] : []),
    ...(inputs.transitive ? ['--transitive'] : []),
    ...(inputs.offline ? ['--offline'] : []),
  ];
}

const COMMAND_OF_LEVEL = { error: 'error', warning: 'warning', note: 'notice' } as const;

function annotation(item: SarifResultSummary): string {
  const where = item.file === undefined ? [] : [`file=${escapeCommandProperty(item.file)}`, ...(item.line !== undefined ? [`line=${item.line}`] : []), ...(item.column !== undefined ? [`col=${item.column}`] : [])];
  const properties = [...where, `title=${escapeCommandProperty(`OSPO Guide: ${item.ruleId}`)}`].join(',');
  return `::${COMMAND_OF_LEVEL[item.level]} ${properties}::${escapeCommandData(item.message)}\n`;
}

/** Step outputs, in the `name=value` lines of the file GitHub names in `GITHUB_OUTPUT`. */
async function writeOutputs(env: NodeJS.ProcessEnv, outputs: Readonly<Record<string, string>>): Promise<void> {
  if (env.GITHUB_OUTPUT === undefined || env.GITHUB_OUTPUT === '') {
    return;
  }
  await appendFile(env.GITHUB_OUTPUT, Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`).join(''));
}

async function writeSummary(env: NodeJS.ProcessEnv, results: readonly SarifResultSummary[], denied: number, review: number): Promise<void> {
  if (env.GITHUB_STEP_SUMMARY === undefined || env.GITHUB_STEP_SUMMARY === '') {
    return;
  }
  const rows = results.map((item) => `| ${escapeMarkdownText(item.verdict ?? item.level)} | ${escapeMarkdownText(item.file ?? '')}${item.line !== undefined ? `:${item.line}` : ''} | ${escapeMarkdownText(item.message)} |`);
  const table = rows.length === 0 ? '' : ['', '| verdict | where | finding |', '| --- | --- | --- |', ...rows].join('\n');
  await appendFile(env.GITHUB_STEP_SUMMARY, `### OSPO Guide\n\n${results.length} ${results.length === 1 ? 'finding' : 'findings'}: ${denied} denied, ${review} to review.\n${table}\n`);
}
