// Where an exception request goes: the feed's URL template, else a mail to the OSPO
// (docs/policy-feed.md, "`organization`"). Pure; the feed is not trusted, so only https: URLs and
// mailto: are produced.
import type { Organization } from './feedModel';
import { readablePurl } from './readablePurl';

/** The facts of one request, as placeholders of `organization.exceptionRequestUrl` name them. */
export interface ExceptionRequestFacts {
  readonly purl: string;
  readonly version: string | null;
  readonly license: string | null;
  readonly verdict: string;
  readonly repo: string | null;
  /** The manifest, relative to the workspace folder where it can be. */
  readonly file: string;
}

const PLACEHOLDERS = ['purl', 'version', 'license', 'verdict', 'repo', 'file'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** Longest template we fill; a longer one is refused rather than expanded. */
const MAX_TEMPLATE_LENGTH = 4096;

function factText(facts: ExceptionRequestFacts, name: Placeholder): string {
  return facts[name] ?? '';
}

/** Replaces every `{placeholder}` in one pass (a value is never scanned again), each URL-encoded. */
export function fillExceptionTemplate(template: string, facts: ExceptionRequestFacts): string {
  let result = '';
  let index = 0;
  while (index < template.length) {
    const open = template.indexOf('{', index);
    if (open === -1) {
      break;
    }
    const close = template.indexOf('}', open + 1);
    if (close === -1) {
      break;
    }
    const name = template.slice(open + 1, close);
    result += template.slice(index, open);
    if ((PLACEHOLDERS as readonly string[]).includes(name)) {
      result += encodeURIComponent(factText(facts, name as Placeholder));
    } else {
      result += template.slice(open, close + 1);
    }
    index = close + 1;
  }
  return result + template.slice(index);
}

function httpsUrl(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname !== '' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** A single, plain mail address: no second recipient, no header or query smuggled in. */
function plainEmail(text: string | undefined): string | null {
  if (text === undefined || text.length > 254) {
    return null;
  }
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@') || at === text.length - 1) {
    return null;
  }
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code <= 32 || code === 127 || '<>()[]\\,;:"?&#%/'.includes(char)) {
      return null;
    }
  }
  return text;
}

/** The lines a mail lists, one fact each, as a person reads them (the purl's percent-encoding is for machines). */
function exceptionRequestLines(facts: ExceptionRequestFacts): string[] {
  return [
    `Package: ${readablePurl(facts.purl)}`,
    `Version: ${facts.version ?? 'unknown'}`,
    `License: ${facts.license ?? 'unknown'}`,
    `Verdict: ${facts.verdict}`,
    `Repository: ${facts.repo ?? 'unknown'}`,
    `Manifest: ${facts.file}`,
  ];
}

/**
 * Where to send a request for an exception: the filled `exceptionRequestUrl` when it yields an
 * https: URL, else a `mailto:` to `contact.email` with the facts in subject and body, else null.
 */
export function exceptionRequestTarget(organization: Organization | undefined, facts: ExceptionRequestFacts): string | null {
  const template = organization?.exceptionRequestUrl;
  if (template !== undefined && template.length <= MAX_TEMPLATE_LENGTH) {
    const url = httpsUrl(fillExceptionTemplate(template, facts));
    if (url !== null) {
      return url;
    }
  }
  const email = plainEmail(organization?.contact.email);
  if (email === null) {
    return null;
  }
  const subject = `Exception request: ${readablePurl(facts.purl, facts.version)}`;
  const body = ['I would like to request an exception to the open source policy.', '', ...exceptionRequestLines(facts), '', 'Why we need it:', ''].join('\r\n');
  return `mailto:${email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
