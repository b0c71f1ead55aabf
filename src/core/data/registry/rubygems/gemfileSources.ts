import { parseGemfile } from '../../../manifests/gemfile';
import { lexGemfile, type GemfileToken } from '../../../manifests/gemfileLexer';

/** The gem servers a Gemfile names, as written (normalised by the caller). */
export interface GemfileSources {
  /** `source "…"` statements without a block, in the order written. */
  readonly global: readonly string[];
  /** Gem name → the server of its `source "…" do … end` block or its `source:` option. */
  readonly scoped: Readonly<Record<string, string>>;
}

/**
 * Reads a Gemfile's `source` statements the way Bundler's Gemfile(5) describes them ("Global
 * source", "Block form of source, git, path, group and platforms", and the `:source` option of
 * `gem`), with the project's own Ruby tokenizer and Gemfile parser.
 *
 * The parser follows blocks (`do … end`, `{ … }`, `if … end`) and already gives every gem inside a
 * `path "…" do` block, or with a `path:` option, that path as its source. So the Gemfile is parsed a
 * second time with each `source "url" do` written as `path   "url" do` and each `source:` option as
 * `path:  ` (same lengths, so offsets match): a gem that has no source in the text as written but has
 * one in the rewritten text takes it from a `source`. A gem that has a `git:`/`path:` source in the
 * text as written is not a registry gem and is left out.
 */
export function readGemfileSources(text: string): GemfileSources {
  const { tokens } = lexGemfile(text);
  const global: string[] = [];
  const rewrites: { start: number; replacement: string }[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.kind === 'label' && token.text === 'source') {
      rewrites.push({ start: token.start, replacement: 'path:  ' });
      continue;
    }
    if (token.kind === 'symbol' && token.text === 'source' && token.end - token.start === 7 && isPunct(tokens[index + 1], '=>')) {
      rewrites.push({ start: token.start, replacement: ':path  ' });
      continue;
    }
    if (token.kind !== 'ident' || token.text !== 'source' || !startsStatement(tokens, index)) {
      continue;
    }
    const statement = sourceStatement(tokens, index);
    if (statement === undefined) {
      continue;
    }
    if (statement.block) {
      rewrites.push({ start: token.start, replacement: 'path  ' });
    } else {
      global.push(statement.url);
    }
  }
  const scoped: Record<string, string> = Object.create(null) as Record<string, string>;
  if (rewrites.length === 0) {
    return { global, scoped };
  }
  let rewritten = '';
  let from = 0;
  for (const { start, replacement } of rewrites) {
    rewritten += text.slice(from, start) + replacement;
    from = start + replacement.length;
  }
  rewritten += text.slice(from);
  const asWritten = new Map(parseGemfile(text).dependencies.map((dependency) => [dependency.nameRange.start, dependency]));
  for (const dependency of parseGemfile(rewritten).dependencies) {
    const original = asWritten.get(dependency.nameRange.start);
    if (original !== undefined && original.source === undefined && dependency.source?.kind === 'path') {
      scoped[original.name] = dependency.source.value;
    }
  }
  return { global, scoped };
}

/** `source "url"`, `source("url")`, optionally followed by `do`/`{`; anything else (options, a computed URL) is not read. */
function sourceStatement(tokens: readonly GemfileToken[], index: number): { url: string; block: boolean } | undefined {
  let at = index + 1;
  const parenthesised = isPunct(tokens[at], '(');
  if (parenthesised) {
    at++;
  }
  const value = tokens[at];
  if (value === undefined || value.kind !== 'string' || value.text.includes('#{') || value.text.trim() === '') {
    return undefined;
  }
  at++;
  if (parenthesised) {
    if (!isPunct(tokens[at], ')')) {
      return undefined;
    }
    at++;
  }
  const next = tokens[at];
  if (next === undefined || next.kind === 'newline' || isPunct(next, ';')) {
    return { url: value.text, block: false };
  }
  if ((next.kind === 'ident' && next.text === 'do') || isPunct(next, '{')) {
    return { url: value.text, block: true };
  }
  return undefined;
}

function startsStatement(tokens: readonly GemfileToken[], index: number): boolean {
  const previous = tokens[index - 1];
  return previous === undefined || previous.kind === 'newline' || isPunct(previous, ';') || (previous.kind === 'ident' && (previous.text === 'do' || previous.text === 'then' || previous.text === 'else'));
}

function isPunct(token: GemfileToken | undefined, text: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.text === text;
}
