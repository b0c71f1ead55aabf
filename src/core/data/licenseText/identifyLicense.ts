/**
 * Identify the license(s) from the text of a LICENSE / COPYING file.
 *
 * Method: the text is normalised into word tokens (`normalize.ts`: case, punctuation, quote and
 * dash styles, markdown, list numbering, line wrapping and copyright statements do not matter),
 * then compared with precomputed templates (`licenseTemplates.ts`, generated from the SPDX texts
 * in `spdx-license-list`) by the Sørensen–Dice coefficient over the sets of word bigrams:
 * `2·|A∩T| / (|A|+|T|)` (`templateMatcher.ts`). An inverted index (bigram → templates holding it)
 * makes this a single pass over the input, so a typical LICENSE file takes a few microseconds.
 * Close licenses are then told apart by discriminating phrases (MIT vs MIT-0, ISC vs 0BSD, BSD-2
 * vs BSD-3 clause, the 4-clause "advertising materials" BSD, the JSON license's "Good, not Evil",
 * Lesser/Affero GPL) — a template whose required phrase is missing, or whose excluded phrase is
 * present, is not a candidate. Finally the best candidate is aligned with the input (longest
 * common subsequence of bigrams): a passage of ≥ {@link MAX_INTERIOR_DIFFERENCE} words added to or
 * removed from the middle of the text — or ≥ {@link MAX_TRAILING_ADDITION} words appended to a
 * short license — makes it a different license (BSD-4-Clause, SSPL, X11 variants, "no nuclear
 * facility" BSD, …) and the match is rejected; leading titles/headers and material appended
 * to long licenses are tolerated. Run against every text of the SPDX list, only texts that are
 * aliases of a supported license (GPL-x-or-later, BSD-2-Clause-NetBSD,
 * MPL-2.0-no-copyleft-exception) are identified as one (see the unit tests).
 *
 * Several licenses in one file: bigram sets barely notice a short license beside a long one
 * (klauspost/compress's LICENSE — BSD-3-Clause, Apache-2.0, MIT, BSD-3-Clause, MIT — is
 * Apache-2.0 at 0.903 as a whole; AGPL-3.0 with 0BSD appended is AGPL at 0.992). So the part of
 * the input the best template aligned with is set aside and the rest is searched for other full
 * texts (each ≥ 0.90 of its template, aligned, its phrases right within its own part; see
 * `LicenseSearch`). Texts of similar size (MIT and ISC), where no template dominates, are found
 * the same way from the start. {@link identifyLicenseTexts} lists them all; {@link identifyLicenseText}
 * never reports a file holding several licenses as one of them (null).
 *
 * Results and decisions:
 * - `confidence` is the Dice similarity (0..1, floored to 3 decimals) of the best template;
 *   full texts are accepted from {@link LICENSE_TEXT_MIN_SIMILARITY} (0.90). Edits lower it
 *   (an added clause to a short license typically lands at 0.90–0.95 or below the threshold).
 *   For several licenses it is the similarity of the text with their templates laid end to end.
 * - Apache-2.0 with or without its appendix, and the GNU licenses with or without their "How to
 *   apply these terms" section, all match at 1.0 (separate templates cover both forms).
 * - Standard notices — "Licensed under the Apache License, Version 2.0…", MPL-2.0 Exhibit A,
 *   the GNU "This program is free software…" notices — in a file that is little more than the
 *   notice are recognised with a LOWER confidence: containment of the notice × 0.8, i.e. at
 *   most {@link NOTICE_MAX_CONFIDENCE} (0.80), always below the full-text threshold. A notice
 *   points at the license rather than being it; callers wanting only full texts can require
 *   `confidence >= LICENSE_TEXT_MIN_SIMILARITY`. Notices beside full texts are not listed.
 * - GNU licenses: the license text never says whether "or any later version" applies (that is
 *   the licensor's choice, stated in notices). A full GPL/LGPL/AGPL text yields the `-only` id
 *   (`GPL-3.0-only`, …): the conservative reading for a compliance tool — it claims only the
 *   version whose text is present and assumes no extra permission, and it is what the deprecated
 *   bare ids (`GPL-3.0`) normalise to elsewhere in this project. A GNU *notice* that says
 *   "or (at your option) any later version" yields `-or-later`; one that does not, `-only`.
 * - A LGPL-3.0 file with the GPL-3.0 text beside it (as SPDX and some projects ship it) is
 *   LGPL-3.0: the LGPL-3.0 is a set of permissions added to the GPL-3.0, whose text it requires.
 * - Several licenses (e.g. MIT and Apache-2.0 texts in one LICENSE): {@link identifyLicenseTexts}
 *   gives every id in text order, each once; {@link identifyLicenseText} gives null. This file
 *   does not produce SPDX expressions: a file holding several texts does not say whether they
 *   are a choice or apply to different parts, so the list carries no relation.
 * - A text holding most of a known license that is not quite it (a modified MIT, an X11 text)
 *   beside a known license → null, rather than the known one alone.
 * - Texts longer than {@link MAX_LICENSE_TEXT_LENGTH} (200 KB), empty texts, texts with fewer than
 *   a handful of words, texts holding more than {@link MAX_LICENSE_TEXTS} license texts, and
 *   anything that is not a string → null. Never throws. Time stays linear in the text's length:
 *   one scoring pass per part searched and at most a fixed number of alignments.
 */

import { VARIANTS } from './licenseTemplates';
import { alignRange, alignStretch, containment, densestWindow, dice, scoreStretch, stretchWords, templateLength, tokenizeLicenseText, tokenizeNormalized, type Alignment, type StretchScore, type Strays, type TokenizedText } from './templateMatcher';

export { MAX_LICENSE_TEXT_LENGTH } from './normalize';
export { LICENSE_FILE_NAMES, isLicenseFileName, licenseFileNameRank } from './licenseFileNames';

/** Minimum Dice similarity for a full license text. */
export const LICENSE_TEXT_MIN_SIMILARITY = 0.9;
/** Minimum share of a notice's bigrams the file must contain. */
export const NOTICE_MIN_CONTAINMENT = 0.8;
/** Confidence factor for notices (so a perfect notice reports 0.8). */
export const NOTICE_CONFIDENCE_FACTOR = 0.8;
export const NOTICE_MAX_CONFIDENCE = NOTICE_CONFIDENCE_FACTOR;
/** A "notice file" is at most this many times the notice's size (more: it is some other document). */
const NOTICE_MAX_EXPANSION = 3;
/**
 * A passage of this many bigrams (≈ words) inserted into or removed from the middle of a license
 * text makes it a different license (an added clause, a dropped condition), however similar the
 * rest is. Organisation names filled into templates and old FSF addresses stay below it.
 */
export const MAX_INTERIOR_DIFFERENCE = 10;
/** The same for text after a short license (MIT, BSD…): ~20 words ("…any nuclear facility."). */
export const MAX_TRAILING_ADDITION = 20;

export interface LicenseTextMatch {
  id: string;
  confidence: number;
}

export interface LicenseTextsMatch {
  /** SPDX ids in text order, each once: one license, or several texts found side by side. */
  ids: string[];
  confidence: number;
}

export interface LicenseTextCandidate {
  /** SPDX id this template stands for. */
  id: string;
  kind: 'text' | 'notice';
  /** Template description, e.g. "Apache-2.0 (terms and conditions only)". */
  label: string;
  /** Dice similarity of the input with the template. */
  similarity: number;
  /** Share of the template's bigrams found in the input. */
  containment: number;
  /** False when a discriminating phrase rules the template out. */
  phrasesOk: boolean;
  /** Longest passage (in bigrams) inserted into or removed from the template's text (texts only). */
  interiorDifference: number;
}

/** Discriminating phrases, in normalised form (lower case, words separated by one space). */
interface PhraseRule {
  readonly requires?: readonly string[];
  readonly excludes?: readonly string[];
}

/** Phrases of BSD derivatives that SPDX lists as licenses of their own (4-clause, first-lines, HP, Clear). */
const BSD_DERIVATIVES = ['advertising materials', 'first lines of this file', 'patent infringement', 'patent rights are granted'];

const TEXT_RULES: ReadonlyMap<string, PhraseRule> = new Map<string, PhraseRule>([
  ['MIT', { requires: ['shall be included in all copies or substantial portions'], excludes: ['shall be used for good not evil'] }],
  ['MIT-0', { excludes: ['shall be included in all copies'] }],
  ['ISC', { requires: ['notice appear in all copies'] }],
  ['0BSD', { excludes: ['notice appear in all copies'] }],
  ['BSD-2-Clause', { excludes: ['endorse or promote', ...BSD_DERIVATIVES] }],
  ['BSD-3-Clause', { requires: ['endorse or promote'], excludes: BSD_DERIVATIVES }],
  ['LGPL-2.1-only', { requires: ['lesser general public license'] }],
  ['LGPL-3.0-only', { requires: ['lesser general public license'] }],
  ['AGPL-3.0-only', { requires: ['affero general public license'] }],
]);

const GNU_NOTICE_OTHERS = ['lesser general public license', 'library general public license', 'affero general public license'];

const NOTICE_RULES: ReadonlyMap<string, PhraseRule> = new Map<string, PhraseRule>([
  ['GPL-2.0-only', { requires: ['version 2 of the license'], excludes: GNU_NOTICE_OTHERS }],
  ['GPL-3.0-only', { requires: ['version 3 of the license'], excludes: GNU_NOTICE_OTHERS }],
  ['LGPL-2.1-only', { requires: ['version 2 1 of the license', 'lesser general public license'] }],
  ['LGPL-3.0-only', { requires: ['version 3 of the license', 'lesser general public license'] }],
  ['AGPL-3.0-only', { requires: ['version 3 of the license', 'affero general public license'] }],
  ['MPL-2.0', { requires: ['mozilla public license'] }],
  ['Apache-2.0', { requires: ['apache license version 2 0'] }],
]);

function phrasesOk(rule: PhraseRule | undefined, haystack: () => string): boolean {
  if (rule === undefined) {
    return true;
  }
  const text = haystack();
  for (const phrase of rule.requires ?? []) {
    if (!text.includes(` ${phrase} `)) {
      return false;
    }
  }
  for (const phrase of rule.excludes ?? []) {
    if (text.includes(` ${phrase} `)) {
      return false;
    }
  }
  return true;
}

function floor3(x: number): number {
  return Math.floor(x * 1000 + 1e-9) / 1000;
}

/** A text template that matched a stretch of the input. */
interface Located {
  readonly v: number;
  /** Bigram positions of the stretch it aligned with (inclusive). */
  readonly start: number;
  readonly end: number;
}

interface TextMatch extends Located {
  /** Dice similarity with the whole input. */
  readonly similarity: number;
}

/** Templates shorter than this in bigrams (MIT, BSD, ISC, Zlib…) also count trailing additions. */
const SHORT_TEMPLATE_BIGRAMS = 400;

/** A passage after a short license counts at this weight (signatures, e-mail addresses under a zlib license are common). */
const TRAILING_WEIGHT = MAX_INTERIOR_DIFFERENCE / MAX_TRAILING_ADDITION;

/**
 * The best full-text template for the whole input: Dice similarity ≥ {@link LICENSE_TEXT_MIN_SIMILARITY},
 * discriminating phrases right (in the whole text), and aligned without an inserted or removed
 * passage. Short licenses: text after the license is a modification too ("…shall be governed by
 * the laws of California", "…not intended for use in any nuclear facility"), at half weight.
 * Long licenses commonly carry appended material (third-party notices — or other licenses, which
 * {@link identifyLicenseTexts} then looks for).
 */
function bestText(text: TokenizedText, whole: StretchScore): TextMatch | undefined {
  let joined: string | undefined;
  const haystack = (): string => (joined ??= ` ${text.tokens.join(' ')} `);
  const candidates: { v: number; value: number }[] = [];
  for (let v = 0; v < VARIANTS.length; v++) {
    if (VARIANTS[v].kind === 'text') {
      const value = dice(text, whole, v);
      if (value >= LICENSE_TEXT_MIN_SIMILARITY) {
        candidates.push({ v, value });
      }
    }
  }
  candidates.sort((a, b) => b.value - a.value);
  for (const { v, value } of candidates) {
    if (!phrasesOk(TEXT_RULES.get(VARIANTS[v].id), haystack)) {
      continue;
    }
    const alignment = alignStretch(text, whole, v);
    const trailing = templateLength(v) < SHORT_TEMPLATE_BIGRAMS ? Math.floor(alignment.trailing * TRAILING_WEIGHT) : 0;
    if (Math.max(alignment.inserted, alignment.removed, trailing) < MAX_INTERIOR_DIFFERENCE) {
      return { v, start: alignment.start, end: alignment.end, similarity: value };
    }
  }
  return undefined;
}

/** The standard notice the input is little more than, if any (confidence × {@link NOTICE_CONFIDENCE_FACTOR}). */
function bestNotice(text: TokenizedText, whole: StretchScore): LicenseTextMatch | null {
  let joined: string | undefined;
  const haystack = (): string => (joined ??= ` ${text.tokens.join(' ')} `);
  const { sizes } = text.index;
  let best: { v: number; value: number } | undefined;
  for (let v = 0; v < VARIANTS.length; v++) {
    const variant = VARIANTS[v];
    if (variant.kind !== 'notice' || whole.inputSize > NOTICE_MAX_EXPANSION * sizes[v]) {
      continue;
    }
    const value = containment(text, whole, v);
    if (value >= NOTICE_MIN_CONTAINMENT && (best === undefined || value > best.value) && phrasesOk(NOTICE_RULES.get(variant.id), haystack)) {
      best = { v, value };
    }
  }
  if (best === undefined) {
    return null;
  }
  let id = VARIANTS[best.v].id;
  if (id.endsWith('-only') && haystack().includes(' any later version ')) {
    id = `${id.slice(0, -'-only'.length)}-or-later`;
  }
  return { id, confidence: floor3(best.value * NOTICE_CONFIDENCE_FACTOR) };
}

// ---------------------------------------------------------------------------------------------
// Several licenses in one text.

/** Full license texts found in one input at most; a text holding more is not read (null). */
export const MAX_LICENSE_TEXTS = 32;
/** Alignments tried at most while looking for them (each is one pass over a part of the input). */
const MAX_ALIGNMENTS = 64;
/** Times an alignment broken by an inserted passage is tried again on each side of it. */
const MAX_SPLITS = 2;
/** A text of a template, its passages under {@link MAX_INTERIOR_DIFFERENCE} words inserted, is at most this many times as long. */
const WINDOW_FACTOR = 1.25;
/**
 * Where a stretch holds several texts, the alignment of one may pick up a few of its bigrams in
 * the next ("the software") or a title in the previous one: such runs at its ends are not part of it.
 */
const STRAYS: Strays = { fewerThan: 5, gap: MAX_INTERIOR_DIFFERENCE };

type SearchOutcome = 'ok' | 'unidentified' | 'exhausted';

/**
 * Finds the full license texts in stretches of the input that lie outside the licenses already
 * found. A stretch is searched for templates of which ≥ {@link LICENSE_TEXT_MIN_SIMILARITY} of the
 * bigrams are present (longest template first, so the BSD-3 clause text is not taken for BSD-2's);
 * one is taken when it aligns without an inserted or removed passage, the part it aligned with
 * is on its own a ≥ 0.90 Dice match, and its discriminating phrases are right within that part.
 * Then what lies before and after that part is searched the same way.
 *
 * A stretch holding most of a template that passes none of these tests holds a license that is not
 * one of the known ones (a modified MIT, an X11 text…): the search says `unidentified`, and no
 * list is given rather than one without it. So does a short license at the very end of the input
 * followed by a passage of {@link MAX_TRAILING_ADDITION} words or more, as for a single license.
 * Text between two licenses ("Files: gzhttp/*", "The following files were ported from…") heads
 * the next one and is not counted. Notices are not looked for: the GNU "How to apply" section and
 * Apache's appendix are notices of the license they close.
 */
class LicenseSearch {
  readonly found: Located[] = [];
  private alignments = MAX_ALIGNMENTS;
  /** Per variant, the stretches it was aligned in, and where its alignment lay there. */
  private readonly aligned = new Map<number, { from: number; to: number; start: number; end: number }[]>();
  /** Bigrams a stretch needs to hold ≥ 90 % of the smallest text template. */
  private readonly minimumStretch: number;

  constructor(private readonly text: TokenizedText) {
    let smallest = Number.MAX_SAFE_INTEGER;
    for (let v = 0; v < VARIANTS.length; v++) {
      if (VARIANTS[v].kind === 'text') {
        smallest = Math.min(smallest, text.index.sizes[v]);
      }
    }
    this.minimumStretch = Math.ceil(smallest * LICENSE_TEXT_MIN_SIMILARITY);
  }

  /** Searches the bigram positions [from, to); `atEnd` when nothing follows `to`. */
  search(from: number, to: number, atEnd: boolean): SearchOutcome {
    const { text } = this;
    if (to - from < this.minimumStretch) {
      return 'ok';
    }
    const score = scoreStretch(text, from, to);
    const candidates: { v: number; share: number }[] = [];
    for (let v = 0; v < VARIANTS.length; v++) {
      const share = VARIANTS[v].kind === 'text' ? containment(text, score, v) : 0;
      if (share >= LICENSE_TEXT_MIN_SIMILARITY) {
        candidates.push({ v, share });
      }
    }
    if (candidates.length === 0) {
      return 'ok';
    }
    const { sizes } = text.index;
    candidates.sort((a, b) => sizes[b.v] - sizes[a.v] || b.share - a.share);
    for (const { v } of candidates) {
      // A stretch inside one where v was aligned, holding all of that alignment, aligns the same way: v failed there
      // (where it succeeded, the stretches searched next leave its alignment out).
      if (this.aligned.get(v)?.some((f) => f.from <= from && to <= f.to && from <= f.start && f.end < to) === true) {
        continue;
      }
      const located = this.locate(v, score, MAX_SPLITS);
      if (located === 'exhausted') {
        return 'exhausted';
      }
      if (located === undefined) {
        continue;
      }
      const { start, end } = located.alignment;
      if (this.found.length >= MAX_LICENSE_TEXTS) {
        return 'exhausted';
      }
      this.found.push({ v, start, end });
      const before = this.search(from, start, false);
      if (before !== 'ok') {
        return before;
      }
      const count = this.found.length;
      const after = this.search(end + 1, to, atEnd);
      if (after !== 'ok') {
        return after;
      }
      // Measured to the end of the stretch it was aligned in; anything beyond counts whole.
      const trailing = located.alignment.trailing + (to - located.to);
      const last = atEnd && this.found.length === count;
      if (last && templateLength(v) < SHORT_TEMPLATE_BIGRAMS && Math.floor(trailing * TRAILING_WEIGHT) >= MAX_INTERIOR_DIFFERENCE) {
        return 'unidentified';
      }
      return 'ok';
    }
    return 'unidentified';
  }

  /**
   * Where variant v's text lies in the stretch, if it does: aligned without an inserted or removed
   * passage, on its own a ≥ 0.90 Dice match, its phrases right within it. An alignment broken by
   * an inserted passage may have taken the start of one copy and the rest of another (three MIT
   * texts, only the first under a "MIT License" title): each side of that passage is tried again.
   */
  private locate(v: number, score: StretchScore, splits: number): { alignment: Alignment; to: number } | 'exhausted' | undefined {
    const { text } = this;
    if (this.alignments <= 0) {
      return 'exhausted';
    }
    this.alignments--;
    // In a stretch many times the template's length (dozens of texts), align around where its words are densest.
    const width = Math.ceil(templateLength(v) * WINDOW_FACTOR) + MAX_TRAILING_ADDITION;
    let from = score.from;
    let to = score.to;
    if (to - from > 3 * width) {
      const window = densestWindow(text, v, from, to, width);
      from = Math.max(from, window - width);
      to = Math.min(to, window + 2 * width);
    }
    const alignment = alignRange(text, v, from, to, STRAYS);
    const { start, end } = alignment;
    if (start < 0) {
      return undefined;
    }
    if (splits === MAX_SPLITS) {
      const earlier = this.aligned.get(v) ?? [];
      earlier.push({ from: score.from, to: score.to, start, end });
      this.aligned.set(v, earlier);
    }
    if (alignment.inserted < MAX_INTERIOR_DIFFERENCE && alignment.removed < MAX_INTERIOR_DIFFERENCE) {
      // Its whole text: a GPL-3.0 text is not the LGPL-3.0 template that ends with it.
      if (alignment.unalignedEnds >= MAX_INTERIOR_DIFFERENCE) {
        return undefined;
      }
      const part = scoreStretch(text, start, end + 1);
      const words = (): string => stretchWords(text, start, end + 1);
      return dice(text, part, v) >= LICENSE_TEXT_MIN_SIMILARITY && phrasesOk(TEXT_RULES.get(VARIANTS[v].id), words) ? { alignment, to } : undefined;
    }
    // Only an insertion can come from two copies; a passage missing from the template's text too is a different text.
    const gap = alignment.widestGap;
    if (splits === 0 || gap === undefined || alignment.removed >= MAX_INTERIOR_DIFFERENCE) {
      return undefined;
    }
    const room = text.index.sizes[v] * LICENSE_TEXT_MIN_SIMILARITY;
    for (const [sideFrom, sideTo] of [[gap.from, to], [from, gap.from]]) {
      if (sideTo - sideFrom >= room) {
        const found = this.locate(v, scoreStretch(text, sideFrom, sideTo), splits - 1);
        if (found !== undefined) {
          return found;
        }
      }
    }
    return undefined;
  }
}

/** The ids of several texts in text order, each once; the GPL-3.0 text beside the LGPL-3.0 it completes is the LGPL. */
function idsInOrder(found: readonly Located[]): string[] {
  const ids: string[] = [];
  for (const entry of [...found].sort((a, b) => a.start - b.start)) {
    const id = VARIANTS[entry.v].id;
    if (!ids.includes(id)) {
      ids.push(id);
    }
  }
  return ids.includes('LGPL-3.0-only') ? ids.filter((id) => id !== 'GPL-3.0-only') : ids;
}

/**
 * Dice similarity of the input with the found templates laid end to end: each template against
 * the part it aligned with, and the input outside those parts (headers, file lists) counted as
 * unmatched.
 */
function combinedSimilarity(text: TokenizedText, found: readonly Located[]): number {
  let shared = 0;
  let total = 0;
  let outside = text.sequence.length;
  for (const { v, start, end } of found) {
    const score = scoreStretch(text, start, end + 1);
    shared += score.intersections[v];
    total += score.inputSize + text.index.sizes[v];
    outside -= end + 1 - start;
  }
  return (2 * shared) / (total + Math.max(0, outside));
}

/**
 * False when so much of the text is words no license has that the licenses found in it could not
 * reach a combined similarity of {@link LICENSE_TEXT_MIN_SIMILARITY} (a EULA quoting a few
 * licenses): with S bigrams shared and U distinct ones unknown to every template, the similarity
 * is at most 2S / (2S + U), and S is at most the n − U other bigram positions.
 */
function mayHoldOnlyLicenses(whole: StretchScore, n: number): boolean {
  const unknown = whole.inputSize - whole.known;
  const shared = n - unknown;
  return (2 * shared) / (2 * shared + unknown) >= LICENSE_TEXT_MIN_SIMILARITY;
}

function identifyTokens(text: TokenizedText): LicenseTextsMatch | null {
  const n = text.sequence.length;
  const whole = scoreStretch(text, 0, n);
  const main = bestText(text, whole);
  const search = new LicenseSearch(text);
  if (main !== undefined) {
    // A long license matched: what lies before and after it may hold other licenses.
    search.found.push(main);
    if (search.search(0, main.start, false) !== 'ok' || search.search(main.end + 1, n, true) !== 'ok') {
      return null;
    }
    const ids = idsInOrder(search.found);
    if (ids.length === 1) {
      return { ids, confidence: floor3(main.similarity) };
    }
    const combined = combinedSimilarity(text, search.found);
    return combined >= LICENSE_TEXT_MIN_SIMILARITY ? { ids, confidence: floor3(combined) } : null;
  }
  // No license dominates: several of similar size (MIT and ISC), each on its own a full text.
  if (mayHoldOnlyLicenses(whole, n) && search.search(0, n, true) === 'ok' && search.found.length >= 2) {
    const combined = combinedSimilarity(text, search.found);
    if (combined >= LICENSE_TEXT_MIN_SIMILARITY) {
      return { ids: idsInOrder(search.found), confidence: floor3(combined) };
    }
  }
  const notice = bestNotice(text, whole);
  return notice === null ? null : { ids: [notice.id], confidence: notice.confidence };
}

/**
 * The licenses whose full texts `text` holds, in text order, each once; or the one license whose
 * text or standard notice it is. Confidence: for one license as {@link identifyLicenseText}; for
 * several, the Dice similarity of the text with their templates laid end to end. Null when nothing
 * is identified, when the text holds license material that cannot be told apart (a modified
 * license beside a known one), or more than {@link MAX_LICENSE_TEXTS} texts. Several ids carry no
 * stated relation (a file holding several texts usually means each covers part of the work);
 * callers list them as they are.
 */
export function identifyLicenseTexts(text: string): LicenseTextsMatch | null {
  try {
    const tokenized = tokenizeLicenseText(text);
    return tokenized === undefined ? null : identifyTokens(tokenized);
  } catch {
    return null;
  }
}

/** {@link identifyLicenseTexts} of a text already normalised by `normalizeLicenseTokens`. */
export function identifyNormalizedLicenseText(tokens: readonly string[]): LicenseTextsMatch | null {
  try {
    const tokenized = tokenizeNormalized(tokens);
    return tokenized === undefined ? null : identifyTokens(tokenized);
  } catch {
    return null;
  }
}

/**
 * SPDX id of the license whose text `text` is, with the similarity as confidence; null when
 * nothing matches well enough, and when the text holds several licenses (never one of them: see
 * {@link identifyLicenseTexts}). See the file comment for thresholds and decisions.
 */
export function identifyLicenseText(text: string): LicenseTextMatch | null {
  const found = identifyLicenseTexts(text);
  return found !== null && found.ids.length === 1 ? { id: found.ids[0], confidence: found.confidence } : null;
}

/**
 * Every template's similarity with `text`, best first (for diagnostics and tests). Empty for texts
 * that {@link identifyLicenseText} rejects outright (empty, too short, too long).
 */
export function scoreLicenseText(text: string): LicenseTextCandidate[] {
  try {
    const tokenized = tokenizeLicenseText(text);
    if (tokenized === undefined) {
      return [];
    }
    const whole = scoreStretch(tokenized, 0, tokenized.sequence.length);
    let joined: string | undefined;
    const haystack = (): string => (joined ??= ` ${tokenized.tokens.join(' ')} `);
    const out = VARIANTS.map((variant, v): LicenseTextCandidate => {
      const rules = variant.kind === 'text' ? TEXT_RULES : NOTICE_RULES;
      let difference = 0;
      if (variant.kind === 'text') {
        const alignment = alignStretch(tokenized, whole, v);
        const trailing = templateLength(v) < SHORT_TEMPLATE_BIGRAMS ? Math.floor(alignment.trailing * TRAILING_WEIGHT) : 0;
        difference = Math.max(alignment.inserted, alignment.removed, trailing);
      }
      return {
        id: variant.id,
        kind: variant.kind,
        label: variant.label,
        similarity: floor3(dice(tokenized, whole, v)),
        containment: floor3(containment(tokenized, whole, v)),
        phrasesOk: phrasesOk(rules.get(variant.id), haystack),
        interiorDifference: difference,
      };
    });
    return out.sort((a, b) => b.similarity - a.similarity || b.containment - a.containment);
  } catch {
    return [];
  }
}

/** The SPDX ids {@link identifyLicenseText} can return (full texts; notices add `-or-later` forms). */
export const IDENTIFIABLE_LICENSE_IDS: readonly string[] = [...new Set(VARIANTS.map((variant) => variant.id))];
