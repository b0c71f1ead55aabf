// Control characters, bidirectional overrides and lone carriage returns could rewrite what a terminal
// or a viewer shows of a document; tabs, line feeds and form feeds (the GNU texts' page breaks) are kept.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** Text from a package or a workspace as a document may print it: line endings as `\n`, nothing that drives a display. */
export function printableText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNPRINTABLE, '');
}
