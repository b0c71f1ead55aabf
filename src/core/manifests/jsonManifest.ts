import { createScanner, parseTree, SyntaxKind, type Node, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { fastScanJsonDependencySections } from './jsonFastScan';
import type { ParseProblem, TextRange } from './types';

/** jsonc-parser's error codes in words a person reads in the Problems panel. */
const PARSE_ERRORS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'a character that JSON does not allow here',
  InvalidNumberFormat: 'a number written in a form JSON does not allow',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected after the property name',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'text after the end of the JSON document',
  InvalidCommentToken: 'a comment JSON does not allow',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'a \\u escape that is not four hex digits',
  InvalidEscapeCharacter: 'a backslash escape JSON does not know',
  InvalidCharacter: 'a control character inside a string',
};

/** One `"name": "spec"` member of a dependency object in a JSON manifest. */
export interface JsonDependencyEntry {
  readonly section: string;
  readonly name: string;
  readonly nameRange: TextRange;
  /** Null when the value is missing or not a string (the user is still typing it). */
  readonly spec: string | null;
  readonly specRange: TextRange | null;
}

export interface JsonDependencyScan {
  readonly entries: readonly JsonDependencyEntry[];
  readonly problems: readonly ParseProblem[];
}

/**
 * Reads the members of the named top-level objects. Well-formed JSON takes a strict fast path;
 * anything else goes to jsonc-parser, so a half-typed manifest loses only the member being typed.
 */
export function scanJsonDependencySections(text: string, sections: readonly string[]): JsonDependencyScan {
  const fast = fastScanJsonDependencySections(text, sections);
  return fast ? { entries: fast, problems: [] } : tolerantScan(text, sections);
}

/** Far deeper than any manifest; jsonc-parser recurses once per level and would overflow the stack. */
export const MAX_JSON_DEPTH = 256;

/** The offset of the first bracket that opens level MAX_JSON_DEPTH + 1, or -1; one pass of jsonc-parser's scanner. */
function tooDeepAt(text: string): number {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      depth++;
      if (depth > MAX_JSON_DEPTH) {
        return scanner.getTokenOffset();
      }
    } else if ((token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) && depth > 0) {
      depth--;
    }
  }
  return -1;
}

/** jsonc-parser recovers from syntax errors and keeps every node it could build. */
export function tolerantScan(text: string, sections: readonly string[]): JsonDependencyScan {
  const deep = tooDeepAt(text);
  if (deep !== -1) {
    return { entries: [], problems: [{ message: `JSON: nested deeper than ${MAX_JSON_DEPTH} levels`, range: { start: deep, end: deep + 1 } }] };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems = errors.map((error) => ({
    message: `JSON: ${PARSE_ERRORS[printParseErrorCode(error.error)] ?? 'not valid JSON here'}`,
    range: { start: error.offset, end: error.offset + error.length },
  }));
  const entries: JsonDependencyEntry[] = [];
  if (root?.type !== 'object' || !root.children) {
    return { entries, problems };
  }
  for (const property of root.children) {
    const [key, value] = property.children ?? [];
    if (key?.type !== 'string' || !sections.includes(key.value) || value?.type !== 'object') {
      continue;
    }
    for (const member of value.children ?? []) {
      const entry = readMember(text, key.value, member);
      if (entry) {
        entries.push(entry);
      }
    }
  }
  return { entries, problems };
}

function readMember(text: string, section: string, member: Node): JsonDependencyEntry | null {
  const [key, value] = member.children ?? [];
  if (key?.type !== 'string' || typeof key.value !== 'string' || key.value.length === 0) {
    return null;
  }
  const isString = value?.type === 'string' && typeof value.value === 'string';
  return {
    section,
    name: key.value,
    nameRange: stringContentRange(text, key),
    spec: isString ? value.value : null,
    specRange: isString ? stringContentRange(text, value) : null,
  };
}

/** The characters between the quotes; an unterminated string has no closing quote to drop. */
function stringContentRange(text: string, node: Node): TextRange {
  const start = node.offset + 1;
  const last = node.offset + node.length - 1;
  const closed = node.length >= 2 && text.charCodeAt(last) === 34; /* " */
  return { start, end: closed ? last : node.offset + node.length };
}
