import { UsageError } from './args';
// The GitHub Action (action/main.js) runs from the same committed bundle as the CLI.
export { runGitHubAction } from '../action/githubAction';
import { CHECK_USAGE, checkCommand } from './checkCommand';
import { DEPS_USAGE, depsCommand, type CommandOutput } from './depsCommand';
import { EXPLAIN_USAGE, explainCommand } from './explainCommand';
import { FEED_USAGE, feedCommand } from './feedCommand';
import { FUND_USAGE, fundCommand } from './fundCommand';
import { NOTICES_USAGE, noticesCommand } from './noticesCommand';
import { SBOM_USAGE, sbomCommand } from './sbomCommand';
import { terminalLines } from './terminalText';
import { TOOL } from './tool';

const USAGE = `usage:
  ${DEPS_USAGE}
  ${CHECK_USAGE}
  ${EXPLAIN_USAGE}
  ${SBOM_USAGE}
  ${NOTICES_USAGE}
  ${FUND_USAGE}
  ${FEED_USAGE}
  ospo-guide --version
  ospo-guide --help

exit codes: 0 no finding at or above --fail-on; 1 findings at or above it (check),
or an invalid signature (feed verify); 2 usage, policy or input errors (a manifest
that could not be read); 3 an internal error`;

type Command = (argv: readonly string[]) => Promise<CommandOutput>;

const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['deps', depsCommand],
  ['check', (argv) => checkCommand(argv)],
  ['explain', (argv) => explainCommand(argv)],
  ['sbom', (argv) => sbomCommand(argv)],
  ['notices', (argv) => noticesCommand(argv)],
  ['fund', (argv) => fundCommand(argv)],
  ['feed', feedCommand],
]);

/** Runs one CLI invocation; exit code 2 for usage and input errors, as CI scripts expect. */
export async function runCli(argv: readonly string[]): Promise<CommandOutput & { stderr: string }> {
  const result = await runCommand(argv);
  // The net under per-field escaping: nothing the CLI prints can drive the terminal; JSON stays valid and equal.
  return { ...result, stdout: terminalLines(result.stdout), stderr: terminalLines(result.stderr) };
}

async function runCommand(argv: readonly string[]): Promise<CommandOutput & { stderr: string }> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    return { stdout: USAGE + '\n', stderr: '', exitCode: name === undefined ? 2 : 0 };
  }
  if (name === '--version' || name === '-V') {
    return { stdout: `${TOOL.version}\n`, stderr: '', exitCode: 0 };
  }
  const command = COMMANDS.get(name);
  if (!command) {
    return { stdout: '', stderr: `ospo-guide: unknown command '${name}'\n${USAGE}\n`, exitCode: 2 };
  }
  try {
    const output = await command(rest);
    return { ...output, stderr: output.stderr ?? '' };
  } catch (error) {
    if (error instanceof UsageError) {
      return { stdout: '', stderr: `ospo-guide: ${error.message}\n`, exitCode: 2 };
    }
    return { stdout: '', stderr: `ospo-guide: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`, exitCode: 3 };
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (result) => {
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    },
    (error: unknown) => {
      process.stderr.write(terminalLines(`ospo-guide: ${String(error)}\n`));
      process.exitCode = 3;
    },
  );
}
