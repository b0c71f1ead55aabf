/** A usage mistake: reported on one line with exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: ReadonlySet<string>;
  readonly options: ReadonlyMap<string, string>;
}

/**
 * Splits argv into positionals, boolean flags and `--option value` / `--option=value` pairs.
 * Only the names declared by the command are accepted, so a typo is an error, not a silent no-op.
 */
export function parseArgs(argv: readonly string[], spec: { flags: readonly string[]; options: readonly string[] }): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (spec.flags.includes(name)) {
      if (equals !== -1) {
        throw new UsageError(`--${name} takes no value`);
      }
      flags.add(name);
    } else if (spec.options.includes(name)) {
      const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
      if (value === undefined || (equals === -1 && value.startsWith('--'))) {
        throw new UsageError(`--${name} needs a value`);
      }
      options.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positionals, flags, options };
}
