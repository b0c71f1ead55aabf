import { escapeHtml } from '../guide/escapeHtml';

/**
 * A stand-alone HTML document around `body` (already escaped): UTF-8, and a Content-Security-Policy
 * that lets nothing run or load, so a viewer opening a document built from package data gets text
 * and this style only.
 */
export function standaloneHtmlPage(title: string, style: string, body: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
