/**
 * Checks on JSON text that `JSON.parse` does not make: which key repeats, and a syntax error said
 * without the text. Both run on hostile input (feeds, `--policy` files that may link to a secret),
 * so they are linear, build no regular expression from input and never quote the content.
 */

/** Why `JSON.parse` refused the text, by position only: its own message quotes the text (Node 20 does). */
export function jsonSyntaxProblem(error: unknown): string {
  const position = /in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(error instanceof Error ? error.message : '')?.[1];
  return position === undefined ? 'is not valid JSON' : `is not valid JSON (the error is at character ${position})`;
}

interface Frame {
  readonly path: string;
  readonly keys: Set<string> | undefined;
  index: number;
  key: string | undefined;
}

/**
 * The path of the first key that appears twice in one object of `text`, which must already parse
 * as JSON. `JSON.parse` keeps the last of them silently; a signed feed that says two things is refused.
 */
export function duplicateKeyPath(text: string): string | undefined {
  const stack: Frame[] = [];
  const valuePath = (frame: Frame | undefined): string => {
    if (frame === undefined) {
      return '';
    }
    if (frame.keys === undefined) {
      return `${frame.path}[${frame.index}]`;
    }
    return frame.path ? `${frame.path}.${frame.key ?? ''}` : (frame.key ?? '');
  };
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      const end = stringEnd(text, at);
      const top = stack[stack.length - 1];
      if (top?.keys !== undefined && nextSignificant(text, end + 1) === ':') {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        if (top.keys.has(key)) {
          return top.path ? `${top.path}.${key}` : key;
        }
        top.keys.add(key);
        top.key = key;
      }
      at = end;
    } else if (char === '{' || char === '[') {
      stack.push({ path: valuePath(stack[stack.length - 1]), keys: char === '{' ? new Set() : undefined, index: 0, key: undefined });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      const top = stack[stack.length - 1];
      if (top !== undefined) {
        top.index++;
      }
    }
  }
  return undefined;
}

/** Index of the closing quote of the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    if (text[at] === '\\') {
      at++;
    } else if (text[at] === '"') {
      return at;
    }
  }
  return text.length - 1;
}

function nextSignificant(text: string, from: number): string | undefined {
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') {
      return char;
    }
  }
  return undefined;
}
