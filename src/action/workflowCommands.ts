/**
 * Escaping for GitHub's workflow commands (`::error file=…::message`), as the runner and
 * @actions/core define it: without it, a package name holding `::` or a line break could issue
 * commands of its own in the job's log.
 */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`file=`, `title=`) also escapes the `:` and `,` that separate properties. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
