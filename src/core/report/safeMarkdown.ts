/**
 * Markdown from feed strings that a Markdown renderer shows as text: no raw HTML, no links but
 * https and mailto, no images. A feed is data from a server, so every string of it is hostile
 * until escaped here.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/g;
// `-` and `+` only matter at the start of a line, where feed text is never put; `:`, `.` and `@`
// are escaped so that no renderer that links bare URLs (GFM autolinks, markdown-it's linkify) finds
// `https://…`, `www.…` or an email address in feed text.
const PUNCTUATION = /[\\`*_{}[\]()#!|~:.@]/g;

/** A feed string as inline text: every Markdown character escaped, HTML characters as entities, one line. */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/\r\n?|\n/g, ' ')
    .replace(PUNCTUATION, (character) => `\\${character}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** The URL when it is an https or mailto URL the renderer can link to safely, else undefined. */
export function safeLinkTarget(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^(https:\/\/|mailto:)/i.test(trimmed)) {
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (parsed.protocol === 'https:' ? parsed.hostname === '' : parsed.protocol !== 'mailto:') {
    return undefined;
  }
  // Characters that would end or confuse a Markdown link destination are percent-encoded.
  return parsed.href.replace(/[\s()<>"'`\\[\]]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[text](url)` for a safe URL; otherwise the text and the URL as plain, escaped text. */
export function markdownLink(text: string, url: string): string {
  const target = safeLinkTarget(url);
  return target ? `[${escapeMarkdownText(text)}](${target})` : text === url ? escapeMarkdownText(text) : `${escapeMarkdownText(text)} (${escapeMarkdownText(url)})`;
}

/** A link to another of our own documents, relative to the current one (`training/x.md`). */
export function relativeDocumentLink(text: string, relativePath: string): string {
  const target = relativePath
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
  return `[${escapeMarkdownText(text)}](${target})`;
}

/**
 * Feed Markdown (training snippets, notes) made safe to render: HTML characters become text, images
 * become links, and a link (inline or reference definition) whose destination is not https or
 * mailto is broken up so it shows as text. Bare `http://` and `ftp://` URLs are not auto-linked.
 */
export function sanitizeFeedMarkdown(markdown: string): string {
  let text = markdown.replace(CONTROL, '').replace(/\r\n?/g, '\n').replace(/</g, '&lt;');
  // An image would load from anywhere the feed says; as a link it goes through the checks below.
  text = text.replace(/!\[/g, '\\![');
  text = breakUnsafeInlineLinks(text);
  text = text
    .split('\n')
    .map((line) => {
      const definition = /^ {0,3}\[[^\]]*\]:[ \t]*(\S*)/.exec(line);
      return definition && !isSafeDestination(definition[1]) ? `\\${line.trimStart()}` : line;
    })
    .join('\n');
  return text.replace(/\b(http|ftp)(:\/\/)/gi, (_match, scheme: string, rest: string) => `${scheme}\\${rest}`);
}

function breakUnsafeInlineLinks(text: string): string {
  let result = '';
  let from = 0;
  for (let at = text.indexOf('](', from); at !== -1; at = text.indexOf('](', from)) {
    const destinationStart = at + 2;
    let cursor = destinationStart;
    while (cursor < text.length && /\s/.test(text[cursor])) {
      cursor++;
    }
    let end = cursor;
    while (end < text.length && !/[\s)]/.test(text[end])) {
      end++;
    }
    const destination = text.slice(cursor, end);
    result += text.slice(from, at + 1);
    // `]\(` is not a link: the text shows as typed.
    result += isSafeDestination(destination) ? '(' : '\\(';
    from = destinationStart;
  }
  return result + text.slice(from);
}

function isSafeDestination(destination: string): boolean {
  return /^https:\/\/[^\s/?#\\]+/i.test(destination) || /^mailto:[^\s]+/i.test(destination);
}
