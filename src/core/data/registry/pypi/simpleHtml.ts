/** One file anchor of a PEP 503 project page, attribute values decoded. */
export interface HtmlFileLink {
  readonly href: string;
  /** The anchor's text, which the spec makes the file name. */
  readonly text: string;
  /** Attribute names in lower case; an attribute written without a value is `''`. */
  readonly attributes: ReadonlyMap<string, string>;
}

export interface HtmlProjectPage {
  readonly links: readonly HtmlFileLink[];
  /** `<meta name="pypi:repository-version" content="…">`. */
  readonly apiVersion?: string;
  /** `<base href="…">`, against which relative links resolve. */
  readonly base?: string;
}

/** Anchors past this many are ignored: no project has that many files. */
const MAX_LINKS = 200_000;

/**
 * The anchors and meta tags of a Simple API HTML page (Simple repository API, "HTML
 * Serialization", "Project Detail"). Not a general HTML parser: it scans once for `<a`, `<meta`
 * and `<base` tags, reads their attributes (quoted or not), takes an anchor's text up to `</a`,
 * skips comments, and decodes character references. Linear in the page; never throws.
 */
export function parseSimpleHtml(html: string): HtmlProjectPage {
  const lower = html.toLowerCase();
  const links: HtmlFileLink[] = [];
  let apiVersion: string | undefined;
  let base: string | undefined;
  let position = 0;
  while (position < html.length && links.length < MAX_LINKS) {
    const open = html.indexOf('<', position);
    if (open < 0) {
      break;
    }
    if (lower.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      position = close < 0 ? html.length : close + 3;
      continue;
    }
    let nameEnd = open + 1;
    while (nameEnd < html.length && isNameChar(lower.charCodeAt(nameEnd))) {
      nameEnd++;
    }
    const tag = lower.slice(open + 1, nameEnd);
    if (tag !== 'a' && tag !== 'meta' && tag !== 'base') {
      position = nameEnd > open + 1 ? nameEnd : open + 1;
      continue;
    }
    const { attributes, end } = readAttributes(html, nameEnd);
    position = end;
    if (tag === 'meta') {
      if (attributes.get('name')?.toLowerCase() === 'pypi:repository-version') {
        apiVersion = attributes.get('content');
      }
    } else if (tag === 'base') {
      base ??= attributes.get('href');
    } else {
      const href = attributes.get('href');
      const close = lower.indexOf('</a', end);
      const textEnd = close < 0 ? html.length : close;
      if (href !== undefined) {
        links.push({ href, text: decodeEntities(stripTags(html.slice(end, textEnd))).trim(), attributes });
      }
      position = textEnd;
    }
  }
  return { links, ...(apiVersion !== undefined ? { apiVersion } : {}), ...(base !== undefined ? { base } : {}) };
}

/** Attributes from just after a tag's name to its `>`; `end` is just past the `>`. */
function readAttributes(html: string, start: number): { attributes: Map<string, string>; end: number } {
  const attributes = new Map<string, string>();
  let index = start;
  for (;;) {
    while (index < html.length && isSpace(html.charCodeAt(index))) {
      index++;
    }
    if (index >= html.length) {
      return { attributes, end: index };
    }
    const char = html[index];
    if (char === '>') {
      return { attributes, end: index + 1 };
    }
    if (char === '/') {
      index++;
      continue;
    }
    const nameStart = index;
    while (index < html.length && !isSpace(html.charCodeAt(index)) && html[index] !== '=' && html[index] !== '>' && html[index] !== '/') {
      index++;
    }
    const name = html.slice(nameStart, index).toLowerCase();
    while (index < html.length && isSpace(html.charCodeAt(index))) {
      index++;
    }
    let value = '';
    if (html[index] === '=') {
      index++;
      while (index < html.length && isSpace(html.charCodeAt(index))) {
        index++;
      }
      const quote = html[index];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, index + 1);
        const valueEnd = close < 0 ? html.length : close;
        value = html.slice(index + 1, valueEnd);
        index = valueEnd + 1;
      } else {
        const valueStart = index;
        while (index < html.length && !isSpace(html.charCodeAt(index)) && html[index] !== '>') {
          index++;
        }
        value = html.slice(valueStart, index);
      }
    }
    if (name !== '' && !attributes.has(name)) {
      attributes.set(name, decodeEntities(value));
    }
  }
}

/** Anchor text with any inner tags (`<span>`) dropped. */
function stripTags(text: string): string {
  let result = '';
  let index = 0;
  for (;;) {
    const open = text.indexOf('<', index);
    if (open < 0) {
      return result + text.slice(index);
    }
    result += text.slice(index, open);
    const close = text.indexOf('>', open);
    if (close < 0) {
      return result;
    }
    index = close + 1;
  }
}

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
]);

/** `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric references; anything else stays as written. */
export function decodeEntities(text: string): string {
  let result = '';
  let index = 0;
  for (;;) {
    const amp = text.indexOf('&', index);
    if (amp < 0) {
      return result + text.slice(index);
    }
    // A reference is short: looking only a few characters ahead keeps a page full of `&` linear.
    const window = text.slice(amp + 1, amp + 12).indexOf(';');
    const semicolon = window < 0 ? -1 : amp + 1 + window;
    const reference = semicolon > amp + 1 ? text.slice(amp + 1, semicolon) : undefined;
    const decoded = reference === undefined ? undefined : decodeReference(reference);
    if (decoded === undefined) {
      result += text.slice(index, amp + 1);
      index = amp + 1;
    } else {
      result += text.slice(index, amp) + decoded;
      index = semicolon + 1;
    }
  }
}

function decodeReference(reference: string): string | undefined {
  if (reference.startsWith('#')) {
    const hex = reference[1] === 'x' || reference[1] === 'X';
    const digits = reference.slice(hex ? 2 : 1);
    if (digits === '' || !(hex ? /^[0-9a-f]+$/i : /^[0-9]+$/).test(digits)) {
      return undefined;
    }
    const code = parseInt(digits, hex ? 16 : 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : undefined;
  }
  return NAMED_ENTITIES.get(reference.toLowerCase());
}

function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}
