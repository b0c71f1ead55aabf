/**
 * The go.mod directives the manifest parser (`parseGoMod`, which reads `require`) passes over
 * but a resolver needs: `module` and `replace`.
 */

export interface GoReplace {
  readonly oldPath: string;
  /** Only this version is replaced; absent means every version. */
  readonly oldVersion?: string;
  readonly newPath: string;
  /** Absent for a local folder. */
  readonly newVersion?: string;
  /** The right side is a folder (`./x`, `../x`, `/abs`, `C:\x`), not a module. */
  readonly local: boolean;
}

export interface GoModDirectives {
  readonly module?: string;
  readonly replaces: readonly GoReplace[];
  readonly problems: readonly string[];
}

const DIRECTIVES: ReadonlySet<string> = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'replace', 'exclude', 'retract', 'tool', 'ignore']);

export function readGoModDirectives(text: string): GoModDirectives {
  let module: string | undefined;
  const replaces: GoReplace[] = [];
  const problems: string[] = [];
  let block: string | null = null;
  text.split(/\r?\n|\r/).forEach((line, index) => {
    const tokens = tokenizeGoModLine(line);
    if (tokens.length === 0) {
      return;
    }
    if (block !== null && tokens[0] === ')') {
      block = null;
      return;
    }
    if (block !== null && !(DIRECTIVES.has(tokens[0]) && tokens.length > 1)) {
      if (block === 'replace') {
        addReplace(tokens, index + 1, replaces, problems);
      }
      return;
    }
    // A directive inside a block: the `)` has not been typed; the block ends here, as in parseGoMod.
    block = null;
    const [verb, ...rest] = tokens;
    if (rest[0] === '(') {
      block = rest[1] === ')' ? null : verb;
      return;
    }
    if (verb === 'module' && rest.length >= 1) {
      module = rest[0];
    } else if (verb === 'replace') {
      addReplace(rest, index + 1, replaces, problems);
    }
  });
  return { ...(module !== undefined ? { module } : {}), replaces, problems };
}

function addReplace(tokens: readonly string[], line: number, replaces: GoReplace[], problems: string[]): void {
  const arrow = tokens.indexOf('=>');
  const left = arrow < 0 ? [] : tokens.slice(0, arrow);
  const right = arrow < 0 ? [] : tokens.slice(arrow + 1);
  if (left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) {
    problems.push(`line ${line}: expected \`replace path [version] => path [version]\``);
    return;
  }
  const local = isLocalPath(right[0]);
  if (!local && right.length !== 2) {
    problems.push(`line ${line}: the replacement module ${right[0]} needs a version`);
    return;
  }
  replaces.push({
    oldPath: left[0],
    ...(left[1] !== undefined ? { oldVersion: left[1] } : {}),
    newPath: right[0],
    ...(!local && right[1] !== undefined ? { newVersion: right[1] } : {}),
    local,
  });
}

/** The go command's rule: a replacement starting with `./`, `../` or an absolute path is a folder. */
export function isLocalPath(target: string): boolean {
  return /^(?:\.\.?(?:[/\\]|$)|[/\\]|[A-Za-z]:[/\\])/.test(target);
}

/** The replacement that applies to `modulePath@version`: a version-specific one first, as the go command does. */
export function findReplace(replaces: readonly GoReplace[], modulePath: string, version: string | undefined): GoReplace | undefined {
  return (
    replaces.find((replace) => replace.oldPath === modulePath && replace.oldVersion !== undefined && replace.oldVersion === version) ??
    replaces.find((replace) => replace.oldPath === modulePath && replace.oldVersion === undefined)
  );
}

/** The go.mod lexer's tokens on one line: `(`, `)`, `[`, `]`, `{`, `}` and `,` alone, quoted strings, identifiers; `//` ends the line. */
export function tokenizeGoModLine(line: string): string[] {
  const tokens: string[] = [];
  let index = 0;
  while (index < line.length) {
    const char = line[index];
    if (char === ' ' || char === '\t' || char === '\r') {
      index++;
    } else if (line.startsWith('//', index)) {
      break;
    } else if ('()[]{},'.includes(char)) {
      tokens.push(char);
      index++;
    } else if (char === '"' || char === '`') {
      let end = index + 1;
      let value = '';
      while (end < line.length && line[end] !== char) {
        if (char === '"' && line[end] === '\\' && end + 1 < line.length) {
          end++;
        }
        value += line[end];
        end++;
      }
      tokens.push(value);
      index = end + 1;
    } else {
      let end = index;
      while (end < line.length && !' \t\r()[]{},"`'.includes(line[end]) && !line.startsWith('//', end)) {
        end++;
      }
      tokens.push(line.slice(index, end));
      index = end;
    }
  }
  return tokens;
}
