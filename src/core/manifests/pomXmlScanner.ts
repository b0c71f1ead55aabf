import { SaxesParser } from 'saxes';
import type { ParseProblem, TextRange } from './types';

/**
 * A tolerant element walk over XML on top of saxes, reporting raw-text ranges.
 *
 * saxes gives only a position after each event, and its error recovery is coarse: one close tag
 * with a misspelt name pops every open element, after which the whole rest of the document
 * would sit at the wrong depth. So this keeps its own element stack, matched against the close
 * tag's name as written, and lets a close tag that matches nothing go by.
 *
 * saxes never expands an entity declared in a DOCTYPE (nor fetches an external one): it decodes
 * only the predefined entities and character references, reports any other `&name;` as an
 * error and passes it through as written. Nothing here changes that.
 */

export interface XmlElementHandler {
  /** Called for every text or CDATA piece directly inside the element. */
  text?(value: string, range: TextRange | null, hadError: boolean): void;
  /** Called when the element closes, or at the end of a truncated document. */
  close?(closed: boolean): void;
}

/** Decides what an element means; the returned handler receives its text and its end. */
export type XmlOpenHandler<H extends XmlElementHandler> = (name: string, nameRange: TextRange, parent: H | null) => H;

interface OpenElement<H extends XmlElementHandler> {
  readonly name: string;
  readonly nameRange: TextRange;
  readonly handler: H;
}

/** Close tags are short; looking back no further than this keeps every lookup bounded. */
const MAX_CLOSE_TAG_LENGTH = 1024;
const LESS_THAN = 60;
const GREATER_THAN = 62;
const SLASH = 47;
const CDATA_OPEN = '<![CDATA[';

/** Walks `text`, calling `onOpen` for each element; returns what could not be read. */
export function scanXmlElements<H extends XmlElementHandler>(text: string, onOpen: XmlOpenHandler<H>): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const stack: OpenElement<H>[] = [];
  const parser = new SaxesParser({ position: true });
  // Raw offset where the content not yet covered by an event starts.
  let cursor = 0;
  // A close tag can produce several saxes events at one position; only the first counts.
  let lastClosePosition = -1;
  let ending = false;
  let errorSinceEvent = false;

  // saxes keeps the text of a close tag it could not match and hands it on as content.
  let unmatchedCloseTag: string | null = null;

  // saxes reports some errors once per character; one problem per run is enough.
  const addProblem = (message: string, range: TextRange): void => {
    const previous = problems[problems.length - 1];
    if (previous && previous.message === message && range.start <= previous.range.end) {
      problems[problems.length - 1] = { message, range: { start: previous.range.start, end: Math.max(range.end, previous.range.end) } };
      return;
    }
    problems.push({ message, range });
  };

  const top = (): OpenElement<H> | undefined => stack[stack.length - 1];

  const open = (name: string): void => {
    const nameRange = openTagNameRange(text, cursor, name);
    const parent = top();
    stack.push({ name, nameRange, handler: onOpen(name, nameRange, parent ? parent.handler : null) });
    errorSinceEvent = false;
  };

  const closeTo = (index: number): void => {
    while (stack.length > index) {
      stack.pop()?.handler.close?.(true);
    }
    errorSinceEvent = false;
  };

  const closeNamed = (position: number, fallbackName: string | null): void => {
    if (position === lastClosePosition) {
      return;
    }
    lastClosePosition = position;
    const name = closeTagName(text, position) ?? fallbackName;
    if (name === null) {
      return;
    }
    for (let index = stack.length - 1; index >= 0; index--) {
      if (stack[index].name === name) {
        closeTo(index);
        return;
      }
    }
  };

  // An error counts against a piece of text only when saxes met it inside that piece.
  const deliverText = (value: string, range: TextRange | null): void => {
    top()?.handler.text?.(value, range, errorSinceEvent);
    errorSinceEvent = false;
  };

  parser.on('error', (error) => {
    const position = parser.position;
    const message = error.message.replace(/^\d+:\d+: /, '');
    // Our own report names the unclosed element where it was opened.
    if (message.startsWith('unclosed tag:')) {
      return;
    }
    errorSinceEvent = true;
    addProblem(`XML: ${message}`, { start: Math.max(0, position - 1), end: position });
    // A close tag saxes could not match to its own (emptied) stack may still match ours.
    const closeName = ending ? null : closeTagName(text, position);
    if (closeName !== null) {
      closeNamed(position, null);
      cursor = position;
      unmatchedCloseTag = `</${closeName}>`;
    }
  });
  parser.on('opentag', (tag) => {
    open(tag.name);
    if (tag.isSelfClosing) {
      closeTo(stack.length - 1);
      lastClosePosition = parser.position;
    }
    cursor = parser.position;
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) {
      closeNamed(parser.position, tag.name);
    }
    cursor = parser.position;
  });
  parser.on('text', (rawValue) => {
    const value = unmatchedCloseTag && rawValue.startsWith(unmatchedCloseTag) ? rawValue.slice(unmatchedCloseTag.length) : rawValue;
    unmatchedCloseTag = null;
    const end = ending ? text.length : parser.position - 1;
    const atTag = ending || text.charCodeAt(end) === LESS_THAN;
    const start = cursor;
    cursor = end;
    // A piece whose raw text holds markup is saxes's error recovery (an unclosed comment
    // at the end, an unmatched close tag): not content.
    const markup = text.indexOf('<', start);
    if (value !== '' && atTag && start <= end && (markup < 0 || markup >= end)) {
      deliverText(value, { start, end });
    }
    errorSinceEvent = false;
  });
  parser.on('cdata', (value) => {
    const position = parser.position;
    const range = text.startsWith(CDATA_OPEN, cursor)
      ? { start: cursor + CDATA_OPEN.length, end: Math.max(cursor + CDATA_OPEN.length, position - 3) }
      : null;
    cursor = position;
    deliverText(value, range);
  });
  const skipMarkup = (): void => {
    cursor = parser.position;
    errorSinceEvent = false;
  };
  parser.on('comment', skipMarkup);
  parser.on('doctype', skipMarkup);
  parser.on('processinginstruction', skipMarkup);
  parser.on('xmldecl', skipMarkup);

  try {
    parser.write(text);
    ending = true;
    parser.close();
  } catch (error) {
    // saxes reports through the handler; this only guards against an internal failure.
    addProblem(`XML: ${error instanceof Error ? error.message : String(error)}`, { start: cursor, end: cursor });
  }
  for (let index = stack.length - 1; index >= 0; index--) {
    const element = stack[index];
    problems.push({ message: `XML: <${element.name}> is not closed`, range: element.nameRange });
    element.handler.close?.(false);
  }
  return problems;
}

/** The range of the name in the open tag that starts at `tagStart`, if it is there. */
function openTagNameRange(text: string, tagStart: number, name: string): TextRange {
  const start = text.charCodeAt(tagStart) === LESS_THAN && text.startsWith(name, tagStart + 1) ? tagStart + 1 : tagStart;
  return { start, end: start + name.length };
}

/** The name in the `</name>` that ends just before `position`, or null if none ends there. */
function closeTagName(text: string, position: number): string | null {
  const gt = position - 1;
  if (text.charCodeAt(gt) !== GREATER_THAN) {
    return null;
  }
  const lt = lastLessThan(text, gt);
  if (lt < 0 || text.charCodeAt(lt + 1) !== SLASH) {
    return null;
  }
  const name = text.slice(lt + 2, gt).trim();
  return name.length > 0 && !/[\s<>]/.test(name) ? name : null;
}

/** The `<` before `end`, looking back a bounded distance so that repeated lookups stay linear. */
function lastLessThan(text: string, end: number): number {
  const limit = Math.max(0, end - MAX_CLOSE_TAG_LENGTH);
  for (let index = end - 1; index >= limit; index--) {
    if (text.charCodeAt(index) === LESS_THAN) {
      return index;
    }
  }
  return -1;
}
