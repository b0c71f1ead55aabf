// The policy page's HTML (Show Policy), built from the overview's Markdown. Pure (no `vscode`):
// the unit tests render hostile feeds with it. The Markdown goes through the guide panel's
// renderer (raw HTML off, no auto-linking, only https/mailto links and our own training links),
// never through VS Code's Markdown preview, which turns plain `http://` and `www.` text into links
// and honours reference definitions wherever they are. The page runs no script at all.
import { renderDocumentMarkdown } from '../core/guide/renderMarkdown';
import { webviewHead } from './webviewHead';

/** Webview URIs and the CSP source of one render. */
export interface PolicyPageResources {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly styles: readonly string[];
}

/** Nothing but our own styles and fonts: no script, no frame, no image from elsewhere. */
export function policyPageCsp(cspSource: string): string {
  return `default-src 'none'; style-src ${cspSource}; img-src ${cspSource}; font-src ${cspSource}`;
}

/** The command link a training entry becomes: the guide panel opened at that snippet. */
export function trainingCommandLink(command: string, id: string): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([id]))}`;
}

/** `openTraining`: the command id the page's training links run (the only command the webview may run). */
export function policyPageHtml(markdown: string, title: string, openTraining: string, resources: PolicyPageResources): string {
  const body = renderDocumentMarkdown(markdown, { training: (id) => trainingCommandLink(openTraining, id) });
  return `<!DOCTYPE html>
<html lang="en">
${webviewHead(policyPageCsp(resources.cspSource), resources.styles, title)}
<body>
<main class="markdown policy-document">
${body}</main>
</body>
</html>
`;
}
