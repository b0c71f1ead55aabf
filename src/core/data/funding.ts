import { credentialFreeUrl } from './metadataUrl';

/** At most this many funding URLs per package: a few links to follow, not a directory. */
const MAX_FUNDING_URLS = 10;
const HTTPS: readonly string[] = ['https:'];

/**
 * The funding URLs of a package as people may follow them: https only (a metadata file is
 * anyone's to write, and `javascript:` or plain http is no link to offer), each once, at most
 * {@link MAX_FUNDING_URLS}. Undefined when none is left.
 */
export function fundingUrls(candidates: Iterable<unknown>): readonly string[] | undefined {
  const urls: string[] = [];
  for (const candidate of candidates) {
    const url = httpsUrl(candidate);
    if (url !== undefined && !urls.includes(url)) {
      urls.push(url);
      if (urls.length === MAX_FUNDING_URLS) {
        break;
      }
    }
  }
  return urls.length > 0 ? urls : undefined;
}

/**
 * npm's package.json and package-lock `funding` (a URL, `{ type, url }`, or an array of either)
 * and Composer's `funding` (an array of `{ url, type }`), as URLs.
 */
export function fundingField(value: unknown): readonly string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  return fundingUrls((Array.isArray(value) ? value : [value]).map((item) => (typeof item === 'object' && item !== null ? (item as { url?: unknown }).url : item)));
}

/** The labels of a core metadata `Project-URL` that ask for money, normalised as PEP 753 does (lower case, no punctuation or space). */
const FUNDING_LABELS: ReadonlySet<string> = new Set(['funding', 'sponsor', 'sponsors', 'donate', 'donation', 'donations']);

/** PyPI core metadata `Project-URL: Funding, https://…` values (labels funding, sponsor, donate, donation), as URLs. */
export function projectUrlFunding(projectUrls: readonly string[] | undefined): readonly string[] | undefined {
  return fundingUrls(
    (projectUrls ?? []).flatMap((value) => {
      const comma = value.indexOf(',');
      const label = comma === -1 ? '' : value.slice(0, comma).toLowerCase().replace(/[^a-z]/g, '');
      return FUNDING_LABELS.has(label) ? [value.slice(comma + 1)] : [];
    }),
  );
}

function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const text = value.trim();
  // No space or control character anywhere: such a "URL" is text made to look like one. (The
  // `href` kept is ASCII: `URL` percent-encodes the rest and writes the host in punycode.)
  return /^https:\/\/[\x21-\x7e\u00a0-\ud7ff\ue000-\ufffd]+$/i.test(text) ? credentialFreeUrl(text, HTTPS) : undefined;
}
