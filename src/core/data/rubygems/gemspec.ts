import { lexGemfile, type GemfileToken } from '../../manifests/gemfileLexer';

/** What an installed `specifications/*.gemspec` says, read without running Ruby. */
export interface GemspecInfo {
  readonly name?: string;
  readonly version?: string;
  readonly platform?: string;
  /** `s.licenses = [...]` or `s.license = "..."`, in order; empty when neither is given. */
  readonly licenses: readonly string[];
  /** Names from `add_dependency` / `add_runtime_dependency` (development dependencies left out). */
  readonly dependencies: readonly string[];
  /** `s.metadata = { "funding_uri" => "…" }`, as written (not yet checked to be a URL). */
  readonly fundingUri?: string;
  /** `s.metadata = { "source_code_uri" => "…" }`, else `s.homepage = "…"`, as written. */
  readonly sourceUri?: string;
}

const RUNTIME_DEPENDENCY_METHODS = new Set(['add_dependency', 'add_runtime_dependency']);
const ATTRIBUTES = new Set(['name', 'version', 'platform', 'license', 'licenses', 'homepage']);

/**
 * Reads the assignments RubyGems writes into installed specifications (`s.name = "rack".freeze`,
 * `s.licenses = ["MIT".freeze]`, `spec.license = 'MIT'`, `s.licenses = %w[MIT Ruby]`) and the
 * runtime dependency calls, with the project's Ruby tokenizer: strings, `%q<…>` and `%w[…]` are
 * literal; anything computed (interpolation, method calls, constants) is ignored rather than guessed.
 */
export function parseGemspec(text: string): GemspecInfo {
  const { tokens } = lexGemfile(text);
  const values = new Map<string, string[]>();
  const dependencies: string[] = [];
  let metadata: Map<string, string> | undefined;
  for (let index = 0; index + 2 < tokens.length; index++) {
    if (tokens[index].kind !== 'ident' || (!isPunct(tokens[index + 1], '.') && !isPunct(tokens[index + 1], '&.'))) {
      continue;
    }
    const member = tokens[index + 2];
    if (member.kind !== 'ident') {
      continue;
    }
    if (ATTRIBUTES.has(member.text) && isPunct(tokens[index + 3], '=')) {
      const literal = literalStrings(tokens, index + 4);
      if (literal.length > 0 && !values.has(member.text)) {
        values.set(member.text, literal);
      }
    } else if (member.text === 'metadata' && isPunct(tokens[index + 3], '=') && metadata === undefined) {
      metadata = literalHash(tokens, index + 4);
    } else if (RUNTIME_DEPENDENCY_METHODS.has(member.text)) {
      const first = isPunct(tokens[index + 3], '(') ? tokens[index + 4] : tokens[index + 3];
      const name = first ? stringText(first) : undefined;
      if (name !== undefined && name !== '' && !dependencies.includes(name)) {
        dependencies.push(name);
      }
    }
  }
  const single = (key: string): string | undefined => values.get(key)?.[0];
  const licenses = [...(values.get('licenses') ?? []), ...(values.get('license') ?? [])].filter((value, position, all) => value !== '' && all.indexOf(value) === position);
  const name = single('name');
  const version = single('version');
  const platform = single('platform');
  const fundingUri = metadata?.get('funding_uri');
  const sourceUri = metadata?.get('source_code_uri') ?? single('homepage');
  return {
    ...(name !== undefined ? { name } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(platform !== undefined && platform !== 'ruby' ? { platform } : {}),
    licenses,
    dependencies,
    ...(fundingUri !== undefined ? { fundingUri } : {}),
    ...(sourceUri !== undefined ? { sourceUri } : {}),
  };
}

/**
 * A literal hash of strings at `start`, as RubyGems writes `s.metadata = { "funding_uri" =>
 * "https://…".freeze, … }` into installed specifications. A key whose value is not a literal
 * string is left out; anything else than `"key" => "value"` pairs ends the reading.
 */
function literalHash(tokens: readonly GemfileToken[], start: number): Map<string, string> {
  const hash = new Map<string, string>();
  if (!isPunct(tokens[start], '{')) {
    return hash;
  }
  let index = start + 1;
  const skipLiteralMethod = (): void => {
    while (isPunct(tokens[index], '.') && tokens[index + 1]?.kind === 'ident' && LITERAL_METHODS.has(tokens[index + 1].text)) {
      index += 2;
    }
  };
  const skipNewlines = (): void => {
    while (tokens[index]?.kind === 'newline') {
      index++;
    }
  };
  for (;;) {
    skipNewlines();
    const keyToken = tokens[index];
    const key = keyToken ? stringText(keyToken) : undefined;
    if (key === undefined) {
      return hash;
    }
    index++;
    skipLiteralMethod();
    if (!isPunct(tokens[index], '=>')) {
      return hash;
    }
    index++;
    skipNewlines();
    const valueToken = tokens[index];
    const value = valueToken ? stringText(valueToken) : undefined;
    if (value === undefined) {
      return hash;
    }
    if (!hash.has(key)) {
      hash.set(key, value);
    }
    index++;
    skipLiteralMethod();
    skipNewlines();
    if (!isPunct(tokens[index], ',')) {
      return hash;
    }
    index++;
  }
}

/** Calls that leave a literal a literal: `"MIT".freeze`. */
const LITERAL_METHODS = new Set(['freeze', 'dup', 'to_s', 'strip']);

/**
 * The strings of the literal value that starts at `start`: a string (`.freeze` allowed), `%w[…]`,
 * or an array of those, which may span lines. The statement ends at a line break or `;` outside
 * brackets, or at a trailing `if`/`unless`. Anything else in the value (a constant, a method call,
 * an interpolated string) makes it computed: nothing is returned rather than a guess.
 */
function literalStrings(tokens: readonly GemfileToken[], start: number): string[] {
  const result: string[] = [];
  let depth = 0;
  for (let index = start; index < tokens.length; index++) {
    const token = tokens[index];
    if (depth === 0 && (token.kind === 'newline' || isPunct(token, ';') || (token.kind === 'ident' && (token.text === 'if' || token.text === 'unless')))) {
      break;
    }
    if (token.kind === 'newline') {
      continue;
    }
    if (isPunct(token, '[')) {
      depth++;
    } else if (isPunct(token, ']')) {
      depth--;
      if (depth < 0) {
        return [];
      }
    } else if (isPunct(token, ',') && depth > 0) {
      continue;
    } else if (isPunct(token, '.') && tokens[index + 1]?.kind === 'ident' && LITERAL_METHODS.has(tokens[index + 1].text)) {
      index++;
    } else if (token.kind === 'words') {
      result.push(...(token.words ?? []).map((word) => word.text));
    } else {
      const text = stringText(token);
      if (text === undefined) {
        return [];
      }
      result.push(text);
    }
  }
  return depth === 0 ? result : [];
}

/** A literal string's text; undefined for other tokens and for strings with interpolation. */
function stringText(token: GemfileToken): string | undefined {
  if (token.kind !== 'string' || token.text.includes('#{')) {
    return undefined;
  }
  return token.text.replace(/\\(.)/g, '$1');
}

function isPunct(token: GemfileToken | undefined, text: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.text === text;
}
