import MarkdownIt from 'markdown-it';
import { safeLinkTarget } from '../report/safeMarkdown';
import { escapeHtml } from './escapeHtml';
import type { DocumentLinks } from './renderMarkdown';

// Loaded with the first feed text to render (renderMarkdown.ts): the extension bundles this module
// and markdown-it apart (dist/markdownIt.js), for the guide panel and the policy page, never at activation.

/**
 * Feed markdown is hostile: it comes from a server (or a repository) and ends up in a webview.
 * The renderer below is the only way feed markdown becomes HTML:
 * - raw HTML is off, so tags are shown as text;
 * - only `https:` and `mailto:` links are links (in inline links, reference definitions and
 *   autolinks alike); any other destination leaves the markdown as plain text;
 * - images are replaced by their escaped alt text, so nothing is loaded;
 * - every link carries `rel="noopener noreferrer"`.
 */
/** The same rule as the Markdown documents' links (src/core/report/safeMarkdown.ts): https with a host, or mailto. */
function isSafeHref(href: string): boolean {
  return safeLinkTarget(href) !== undefined;
}

/** The snippet id of a link to one of our training documents (`training/<encoded id>.md`), else undefined. */
function trainingLinkId(href: string): string | undefined {
  const match = /^training\/([^/]+)\.md$/.exec(href);
  if (!match) {
    return undefined;
  }
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** `documentLinks`: whether links to our training documents are kept (for the policy documents); their targets come from the caller. */
function createRenderer(documentLinks: boolean) {
  const isAllowed = (href: string) => isSafeHref(href) || (documentLinks && trainingLinkId(href) !== undefined);
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = isAllowed;

  // Defence in depth: should any link token with another target ever get through, its text stays and the link goes.
  md.core.ruler.push('ospo_safe_links', (state) => {
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) {
        continue;
      }
      const dropped: boolean[] = [];
      block.children = block.children.filter((token) => {
        if (token.type === 'link_open') {
          const keep = isAllowed(String(token.attrGet('href') ?? ''));
          dropped.push(!keep);
          return keep;
        }
        if (token.type === 'link_close') {
          return !(dropped.pop() ?? false);
        }
        return true;
      });
    }
  });

  md.renderer.rules.image = (tokens, index, options, env, self) => {
    const token = tokens[index];
    const alt = token.children ? self.renderInlineAsText(token.children, options, env) : token.content;
    return escapeHtml(alt);
  };
  md.renderer.rules.link_open = (tokens, index, options, env: unknown, self) => {
    const token = tokens[index];
    const id = documentLinks ? trainingLinkId(String(token.attrGet('href') ?? '')) : undefined;
    if (id !== undefined) {
      // Only the document renderer lets such a link through; without a target for it, none is made.
      token.attrSet('href', (env as { links?: DocumentLinks } | undefined)?.links?.training(id) ?? '');
    }
    token.attrSet('rel', 'noopener noreferrer');
    return self.renderToken(tokens, index, options);
  };
  return md;
}

// Configured once, never changed afterwards: rendering keeps no state between calls.
export const feedRenderer = createRenderer(false);
export const documentRenderer = createRenderer(true);
