import { JSONParser, type ParsedElementInfo } from '@streamparser/json';
import { nextTurn } from './turns';

/**
 * Up to this size a JSON document is parsed at once (JSON.parse, about 15 ms here); a bigger one
 * (a packument of `next`: 21 MB, a lockfile of 60,000 packages: 29 MB, each some hundreds of
 * milliseconds of JSON.parse) is parsed in slices.
 */
export const WHOLE_PARSE_MAX_BYTES = 1024 * 1024;

/** Bytes (or characters) parsed between two turns of the event loop: a few milliseconds each. */
const SLICE_SIZE = 64 * 1024;

/**
 * Parses a JSON document in slices with a turn of the event loop between them, building only the
 * values at `paths` (JSONPath as @streamparser/json reads it: `$.versions.*.license`) and handing
 * each to `onValue`. Throws on text that is not one JSON document. About three times the work of
 * JSON.parse, none of it holding the event loop for long: for documents too big to parse at once.
 */
export async function parseJsonInTurns(input: string | Uint8Array, paths: readonly string[], onValue: (info: ParsedElementInfo) => void): Promise<void> {
  const parser = new JSONParser({ paths: [...paths], keepStack: false });
  parser.onValue = onValue;
  for (let offset = 0; offset < input.length; offset += SLICE_SIZE) {
    parser.write(typeof input === 'string' ? input.slice(offset, offset + SLICE_SIZE) : input.subarray(offset, offset + SLICE_SIZE));
    await nextTurn();
  }
  // A complete document ends the parser by itself; `end()` then only checks that nothing was cut off.
  if (!parser.isEnded) {
    parser.end();
  }
}

/** Whether the document's first character after JSON's white space opens an object. */
export function startsWithObject(input: string | Uint8Array): boolean {
  for (let index = 0; index < input.length; index++) {
    const code = typeof input === 'string' ? input.charCodeAt(index) : input[index];
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) {
      return code === 0x7b;
    }
  }
  return false;
}
