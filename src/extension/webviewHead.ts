import { escapeHtml } from '../core/guide/escapeHtml';

/** The `<head>` of each of our webviews: its Content Security Policy, our stylesheets and a title. */
export function webviewHead(csp: string, styles: readonly string[], title: string): string {
  // The policy keeps its single quotes ('self', 'nonce-…') as written; only what ends the attribute is escaped.
  const cspAttribute = csp.replace(/[&"<>]/g, (character) => escapeHtml(character));
  return `<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${cspAttribute}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n')}
<title>${escapeHtml(title)}</title>
</head>`;
}
