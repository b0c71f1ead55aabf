import type * as Renderers from './markdownRenderers';

/**
 * What a policy document's own links to its training snippets become (`training/<id>.md` in the
 * Markdown): the extension decides, e.g. a command that opens the guide at the snippet.
 */
export interface DocumentLinks {
  readonly training: (id: string) => string;
}

/** The configured renderers (markdownRenderers.ts), loaded with the first text to render. */
function renderers(): typeof Renderers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous, lazy load; see markdownRenderers.ts
  return require('./markdownRenderers') as typeof Renderers;
}

/** Feed markdown → safe HTML: raw HTML disabled (shown as text), only https: and mailto: links kept (others become plain text), images dropped to their alt text, every link gets rel="noopener noreferrer". */
export function renderFeedMarkdown(markdown: string): string {
  return renderers().feedRenderer.render(markdown);
}

/**
 * A policy document's Markdown (src/core/report/policySummaryMarkdown.ts) → safe HTML, by the same
 * rules as feed markdown; its links to training documents get the targets `links` gives.
 */
export function renderDocumentMarkdown(markdown: string, links: DocumentLinks): string {
  return renderers().documentRenderer.render(markdown, { links });
}
