import { identifyLicenseText, LICENSE_TEXT_MIN_SIMILARITY, scoreLicenseText } from '../../licenseText/identifyLicense';

/**
 * The licenses a license file holds, guarding against one failure of `identifyLicenseText`: a long
 * license (Apache-2.0, the GPLs) with a short one added before or after it (klauspost/compress:
 * BSD-3-Clause, then Apache-2.0, MIT and BSD-3-Clause for sub-folders; pelletier/go-toml: MIT,
 * then Apache-2.0) still matches the long one at ≥ 90 % similarity, because Dice similarity
 * over distinct bigrams barely notices a text a tenth as long, and the alignment check tolerates
 * material around a long license. Reported as the long license alone, that hides the others.
 *
 * So when the match is not exact, the paragraphs around the matched license are peeled off while
 * the match holds or improves (what is not part of it; the step doubles while peeling works), and
 * that remainder is examined: a full license text found there (≥ 90 % of a template's bigrams
 * present, its discriminating phrases right) is listed too. Anything else in the remainder
 * (headers, file lists, attributions, notices) does not count. Bounded: at most
 * {@link MAX_IDENTIFICATIONS} identifications of what is left; a text needing more is not trusted.
 */

export interface LicensesInText {
  /** One id, or several found side by side (each applies to part of the module: read as AND). */
  readonly ids: readonly string[];
  readonly confidence: number;
}

/** Identifications of a peeled text at most; a file needing more is not trusted (undefined). */
const MAX_IDENTIFICATIONS = 64;
/** Fewer words than this in the remainder cannot hold a license. */
const MIN_REMAINDER_CHARACTERS = 60;

/** Undefined when no license is identified, or when the text holds license material that cannot be told apart. */
export function licensesInText(text: string): LicensesInText | undefined {
  const whole = identifyLicenseText(text);
  if (whole === null) {
    return undefined;
  }
  if (whole.confidence >= 1) {
    return { ids: [whole.id], confidence: 1 };
  }
  const paragraphs = text.split(/\r?\n[ \t]*\r?\n/);
  let first = 0;
  let last = paragraphs.length;
  let best = whole.confidence;
  let calls = 0;
  const holds = (from: number, to: number): boolean => {
    calls++;
    const match = identifyLicenseText(paragraphs.slice(from, to).join('\n\n'));
    if (match === null || match.id !== whole.id || match.confidence < best) {
      return false;
    }
    best = match.confidence;
    return true;
  };
  // Peel paragraphs off each end, doubling the step while it works (a long run costs log n identifications).
  const peel = (fromStart: boolean): boolean => {
    let step = 1;
    while (last - first > 1) {
      if (calls >= MAX_IDENTIFICATIONS) {
        return false;
      }
      const size = Math.min(step, last - first - 1);
      if (fromStart ? holds(first + size, last) : holds(first, last - size)) {
        if (fromStart) {
          first += size;
        } else {
          last -= size;
        }
        step = size * 2;
      } else if (size > 1) {
        step = 1;
      } else {
        break;
      }
    }
    return true;
  };
  if (!peel(true) || !peel(false)) {
    return undefined;
  }
  const remainder = [...paragraphs.slice(0, first), ...paragraphs.slice(last)].join('\n\n');
  if (remainder.replace(/\s+/g, '').length < MIN_REMAINDER_CHARACTERS) {
    return { ids: [whole.id], confidence: whole.confidence };
  }
  const others = licensesIn(remainder).filter((other) => !sameLicense(other.id, whole.id));
  if (others.length === 0) {
    return { ids: [whole.id], confidence: whole.confidence };
  }
  const ids = [whole.id];
  let confidence = Math.min(whole.confidence, best);
  for (const other of others) {
    if (!ids.includes(other.id)) {
      ids.push(other.id);
      confidence = Math.min(confidence, other.confidence);
    }
  }
  return { ids, confidence };
}

/**
 * Full license texts present in a text that may hold several, each by the share of its template
 * found. Notices are not counted: the remainder may hold the main license's own appendix (the GNU
 * "How to Apply" section names the Lesser GPL; Apache's appendix is its own notice).
 */
function licensesIn(text: string): { id: string; confidence: number }[] {
  const found: { id: string; confidence: number }[] = [];
  for (const candidate of scoreLicenseText(text)) {
    if (candidate.kind === 'text' && candidate.phrasesOk && candidate.containment >= LICENSE_TEXT_MIN_SIMILARITY && !found.some((entry) => entry.id === candidate.id)) {
      found.push({ id: candidate.id, confidence: candidate.containment });
    }
  }
  return found;
}

/** The same license, or one the other's text requires shipping with it (the LGPL is a set of permissions added to the GPL). */
function sameLicense(other: string, main: string): boolean {
  const family = (id: string) => id.replace(/-(?:only|or-later)$/, '');
  const a = family(other);
  const b = family(main);
  return a === b || (b === 'LGPL-3.0' && a === 'GPL-3.0');
}
