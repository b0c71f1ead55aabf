import { readBoundedText } from '../core/files/boundedReader';
import { UsageError, parseArgs } from './args';
import { formatTable } from './table';
import { MAX_PATH_CHARS, terminalField } from './terminalText';
import { parseFailureReason } from './parseFailure';
import {
  LineIndex,
  MANIFEST_KINDS,
  MAX_MANIFEST_BYTES,
  detectManifestKind,
  parseManifest,
  type ManifestDependency,
  type ManifestKind,
} from '../core/manifests';

export const DEPS_USAGE = `ospo-guide deps <file> [--type ${MANIFEST_KINDS.join('|')}] [--json]`;

/** One dependency as the CLI prints it: 1-based lines and columns of the name, end exclusive. */
export interface DependencyRow {
  readonly ecosystem: string;
  readonly name: string;
  readonly package?: string;
  readonly spec: string | null;
  readonly section: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly version?: string;
  readonly scope?: string;
}

export interface CommandOutput {
  readonly stdout: string;
  readonly exitCode: number;
  /** Notes for the person running it (what could not be resolved), never the command's result. */
  readonly stderr?: string;
}

export async function depsCommand(argv: readonly string[]): Promise<CommandOutput> {
  const args = parseArgs(argv, { flags: ['json'], options: ['type'] });
  if (args.positionals.length !== 1) {
    throw new UsageError(`usage: ${DEPS_USAGE}`);
  }
  const file = args.positionals[0];
  const kind = manifestKindFor(file, args.options.get('type'));
  const text = await readManifest(file);
  let parsed;
  try {
    parsed = parseManifest(kind, text);
  } catch (error) {
    throw new UsageError(`'${file}' could not be parsed: ${parseFailureReason(error)}`);
  }
  const lines = new LineIndex(text);
  const rows = parsed.dependencies.map((dependency) => toRow(dependency, lines));
  // What the parser could not read is said, and the exit code says the list may be incomplete.
  const exitCode = parsed.problems.length > 0 ? 2 : 0;
  const stderr = parsed.problems
    .map((problem) => {
      const at = lines.positionAt(problem.range.start);
      return `ospo-guide: ${terminalField(file, MAX_PATH_CHARS)}:${at.line + 1}:${at.character + 1}: ${terminalField(problem.message, MAX_PATH_CHARS)}\n`;
    })
    .join('');
  if (args.flags.has('json')) {
    return { stdout: JSON.stringify({ file, dependencies: rows }, null, 2) + '\n', stderr, exitCode };
  }
  return { stdout: renderTable(file, kind, rows), stderr, exitCode };
}

function manifestKindFor(file: string, requested: string | undefined): ManifestKind {
  if (requested !== undefined) {
    const kind = MANIFEST_KINDS.find((candidate) => candidate === requested);
    if (!kind) {
      throw new UsageError(`unknown --type '${requested}' (expected one of ${MANIFEST_KINDS.join(', ')})`);
    }
    return kind;
  }
  const detected = detectManifestKind(file);
  if (!detected) {
    throw new UsageError(`cannot tell what kind of manifest '${file}' is; pass --type`);
  }
  return detected;
}

async function readManifest(file: string): Promise<string> {
  const read = await readBoundedText(file, { maxBytes: MAX_MANIFEST_BYTES });
  if (read.kind === 'missing') {
    throw new UsageError(`cannot read '${file}': ENOENT`);
  }
  if (read.kind === 'refused') {
    throw new UsageError(read.cause === 'folder' ? `'${file}' is not a file` : `'${file}' ${read.reason}`);
  }
  return read.text;
}

function toRow(dependency: ManifestDependency, lines: LineIndex): DependencyRow {
  const start = lines.positionAt(dependency.nameRange.start);
  const end = lines.positionAt(dependency.nameRange.end);
  return {
    ecosystem: dependency.ecosystem,
    name: dependency.name,
    ...(dependency.package !== undefined ? { package: dependency.package } : {}),
    spec: dependency.spec,
    section: dependency.section,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    ...(dependency.version !== undefined ? { version: dependency.version } : {}),
    ...(dependency.scope !== undefined ? { scope: dependency.scope } : {}),
  };
}

function renderTable(file: string, kind: ManifestKind, rows: readonly DependencyRow[]): string {
  const body = formatTable(
    ['LINE', 'NAME', 'SPEC', 'SECTION'],
    rows.map((row) => [
      `${row.line}:${row.column}`,
      row.package ? `${row.name} (${row.package})` : row.name,
      row.spec ?? '-',
      row.scope ? `${row.section} (${row.scope})` : row.section,
    ]),
  );
  const noun = rows.length === 1 ? 'dependency' : 'dependencies';
  return `${terminalField(file, MAX_PATH_CHARS)} (${kind}): ${rows.length} ${noun}\n${rows.length > 0 ? body + '\n' : ''}`;
}
