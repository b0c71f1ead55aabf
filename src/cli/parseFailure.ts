/**
 * A parser that threw (the parsers promise not to; a stack overflow on deep nesting still can).
 * The error's own message may quote the text (JSON.parse does), so only its kind is said.
 */
export function parseFailureReason(error: unknown): string {
  if (error instanceof RangeError) {
    return 'it is nested too deeply or is too large to parse';
  }
  return `its parser failed (${error instanceof Error ? error.name : 'error'})`;
}
