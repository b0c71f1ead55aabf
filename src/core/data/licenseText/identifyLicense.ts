/**
 * Identify a license from the text of a LICENSE / COPYING file.
 *
 * Method: the text is normalised into word tokens (`normalize.ts`: case, punctuation, quote and
 * dash styles, markdown, list numbering, line wrapping and copyright statements do not matter),
 * then compared with precomputed templates (`licenseTemplates.ts`, generated from the SPDX texts
 * in `spdx-license-list`) by the Sørensen–Dice coefficient over the sets of word bigrams:
 * `2·|A∩T| / (|A|+|T|)`. An inverted index (bigram → templates holding it) makes this a single
 * pass over the input, so a typical LICENSE file takes a few microseconds. Close licenses are
 * then told apart by discriminating phrases (MIT vs MIT-0, ISC vs 0BSD, BSD-2 vs BSD-3 clause,
 * the 4-clause "advertising materials" BSD, the JSON license's "Good, not Evil", Lesser/Affero
 * GPL) — a template whose required phrase is missing, or whose excluded phrase is present, is
 * not a candidate. Finally the best candidate is aligned with the input (longest common
 * subsequence of bigrams): a passage of ≥ {@link MAX_INTERIOR_DIFFERENCE} words added to or
 * removed from the middle of the text — or ≥ {@link MAX_TRAILING_ADDITION} words appended to a
 * short license — makes it a different license (BSD-4-Clause, SSPL, X11 variants, "no nuclear
 * facility" BSD, …) and the match is rejected; leading titles/headers and material appended
 * to long licenses are tolerated. Run against every text of the SPDX list, only texts that are
 * aliases of a supported license (GPL-x-or-later, BSD-2-Clause-NetBSD,
 * MPL-2.0-no-copyleft-exception) are identified as one (see the unit tests).
 *
 * Results and decisions:
 * - `confidence` is the Dice similarity (0..1, floored to 3 decimals) of the best template;
 *   full texts are accepted from {@link LICENSE_TEXT_MIN_SIMILARITY} (0.90). Edits lower it
 *   (an added clause to a short license typically lands at 0.90–0.95 or below the threshold).
 * - Apache-2.0 with or without its appendix, and the GNU licenses with or without their "How to
 *   apply these terms" section, all match at 1.0 (separate templates cover both forms).
 * - Standard notices — "Licensed under the Apache License, Version 2.0…", MPL-2.0 Exhibit A,
 *   the GNU "This program is free software…" notices — in a file that is little more than the
 *   notice are recognised with a LOWER confidence: containment of the notice × 0.8, i.e. at
 *   most {@link NOTICE_MAX_CONFIDENCE} (0.80), always below the full-text threshold. A notice
 *   points at the license rather than being it; callers wanting only full texts can require
 *   `confidence >= LICENSE_TEXT_MIN_SIMILARITY`.
 * - GNU licenses: the license text never says whether "or any later version" applies (that is
 *   the licensor's choice, stated in notices). A full GPL/LGPL/AGPL text yields the `-only` id
 *   (`GPL-3.0-only`, …): the conservative reading for a compliance tool — it claims only the
 *   version whose text is present and assumes no extra permission, and it is what the deprecated
 *   bare ids (`GPL-3.0`) normalise to elsewhere in this project. A GNU *notice* that says
 *   "or (at your option) any later version" yields `-or-later`; one that does not, `-only`.
 * - A LGPL-3.0 file with the GPL-3.0 text appended (as SPDX and some projects ship it) is LGPL-3.0.
 * - Dual-license files (e.g. MIT and Apache-2.0 texts in one LICENSE): one id is returned — the
 *   best single match, which is the dominant (longest) text when it covers ≥ ~90 % of the file —
 *   with a confidence below 1; when no text dominates, null. This function does not produce
 *   SPDX expressions; {@link scoreLicenseText} lists all candidates for callers that care.
 * - Texts longer than {@link MAX_LICENSE_TEXT_LENGTH} (200 KB), empty texts, texts with fewer than
 *   a handful of words, and anything that is not a string → null. Never throws.
 */

import { MAX_LICENSE_TEXT_LENGTH, normalizeLicenseTokens } from './normalize';
import { SEGMENTS, TOKEN_ALPHABET, TOKEN_WIDTH, VARIANTS, VOCABULARY, type TemplateVariant } from './licenseTemplates';

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
/** Fewer words than this cannot be told apart reliably. */
const MIN_TOKENS = 12;

export interface LicenseTextMatch {
  id: string;
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

// ---------------------------------------------------------------------------------------------
// Template index (built once, lazily).

/**
 * Bigram key: two word ids of 15 bits each, so keys stay small integers (fast Set / Map keys).
 * Template words have ids below the vocabulary size; the input's other words get ids above it
 * (wrapping after ~31 000 distinct unknown words — they can never match a template anyway).
 */
const WORD_BITS = 15;
const MAX_WORD_ID = (1 << WORD_BITS) - 1;

function bigramKey(first: number, second: number): number {
  return (first << WORD_BITS) | second;
}

interface TemplateIndex {
  readonly wordIds: ReadonlyMap<string, number>;
  readonly vocabularySize: number;
  /** Distinct bigram count per variant. */
  readonly sizes: Int32Array;
  /** bigram → bit mask of the variants holding it (bit v = VARIANTS[v]; at most 31 variants). */
  readonly postings: ReadonlyMap<number, number>;
  /** Decoded token-id sequences of SEGMENTS. */
  readonly segments: readonly Int32Array[];
  /** Per variant, built on first use by the alignment: bigram sequence and positions. */
  readonly alignment: (VariantAlignment | undefined)[];
}

interface VariantAlignment {
  readonly sequence: Int32Array;
  /** bigram → ascending positions in `sequence`; only bigrams rare enough to align on. */
  readonly positions: ReadonlyMap<number, readonly number[]>;
  /** 1 where the bigram is too common to align on ("of the"). */
  readonly common: Uint8Array;
}

let index: TemplateIndex | undefined;

function decodeSegment(encoded: string, alphabet: ReadonlyMap<string, number>): Int32Array {
  const out = new Int32Array(Math.floor(encoded.length / TOKEN_WIDTH));
  for (let t = 0; t < out.length; t++) {
    let id = 0;
    for (let c = 0; c < TOKEN_WIDTH; c++) {
      id = id * 64 + (alphabet.get(encoded[t * TOKEN_WIDTH + c]) ?? 0);
    }
    out[t] = id;
  }
  return out;
}

function variantSequence(variant: TemplateVariant, segments: readonly Int32Array[]): Int32Array {
  let length = 0;
  for (const [, start, end] of variant.parts) {
    length += end - start;
  }
  const keys = new Int32Array(Math.max(0, length - 1));
  let n = 0;
  let previous = -1;
  for (const [segment, start, end] of variant.parts) {
    const tokens = segments[segment];
    for (let i = start; i < end; i++) {
      if (previous >= 0) {
        keys[n++] = bigramKey(previous, tokens[i]);
      }
      previous = tokens[i];
    }
  }
  return keys;
}

function buildIndex(): TemplateIndex {
  const alphabet = new Map<string, number>();
  for (let i = 0; i < TOKEN_ALPHABET.length; i++) {
    alphabet.set(TOKEN_ALPHABET[i], i);
  }
  const words = VOCABULARY.split(' ');
  const wordIds = new Map<string, number>();
  words.forEach((word, i) => wordIds.set(word, i));
  const segments = SEGMENTS.map((encoded) => decodeSegment(encoded, alphabet));
  const sizes = new Int32Array(VARIANTS.length);
  const postings = new Map<number, number>();
  VARIANTS.forEach((variant, v) => {
    const bigrams = new Set(variantSequence(variant, segments));
    sizes[v] = bigrams.size;
    for (const key of bigrams) {
      postings.set(key, (postings.get(key) ?? 0) | (1 << v));
    }
  });
  return { wordIds, vocabularySize: words.length, sizes, postings, segments, alignment: [] };
}

function getIndex(): TemplateIndex {
  index ??= buildIndex();
  return index;
}

function getAlignment(idx: TemplateIndex, v: number): VariantAlignment {
  let cached = idx.alignment[v];
  if (cached === undefined) {
    const sequence = variantSequence(VARIANTS[v], idx.segments);
    const all = new Map<number, number[]>();
    sequence.forEach((key, p) => {
      const list = all.get(key);
      if (list === undefined) {
        all.set(key, [p]);
      } else {
        list.push(p);
      }
    });
    const positions = new Map<number, number[]>();
    const common = new Uint8Array(sequence.length);
    for (const [key, list] of all) {
      if (list.length > COMMON_BIGRAM_OCCURRENCES) {
        for (const p of list) {
          common[p] = 1;
        }
      } else {
        positions.set(key, list);
      }
    }
    cached = { sequence, positions, common };
    idx.alignment[v] = cached;
  }
  return cached;
}

// ---------------------------------------------------------------------------------------------
// Matching.

interface Scored {
  readonly tokens: readonly string[];
  /** Input bigrams in text order (repeats included). */
  readonly sequence: Int32Array;
  readonly inputSize: number;
  readonly intersections: Int32Array;
  readonly index: TemplateIndex;
}

function score(text: string): Scored | undefined {
  if (typeof text !== 'string' || text.length > MAX_LICENSE_TEXT_LENGTH) {
    return undefined;
  }
  const tokens = normalizeLicenseTokens(text);
  if (tokens.length < MIN_TOKENS) {
    return undefined;
  }
  const idx = getIndex();
  const unknown = new Map<string, number>();
  const unknownRange = MAX_WORD_ID + 1 - idx.vocabularySize;
  const bigrams = new Set<number>();
  const sequence = new Int32Array(tokens.length - 1);
  let previous = -1;
  for (let t = 0; t < tokens.length; t++) {
    const word = tokens[t];
    let id = idx.wordIds.get(word);
    if (id === undefined) {
      id = unknown.get(word);
      if (id === undefined) {
        id = idx.vocabularySize + (unknown.size % unknownRange);
        unknown.set(word, id);
      }
    }
    if (previous >= 0) {
      const key = bigramKey(previous, id);
      bigrams.add(key);
      sequence[t - 1] = key;
    }
    previous = id;
  }
  // Count distinct bigrams per variant mask first (few distinct masks), then spread to variants.
  const perMask = new Map<number, number>();
  for (const key of bigrams) {
    const mask = idx.postings.get(key);
    if (mask !== undefined) {
      perMask.set(mask, (perMask.get(mask) ?? 0) + 1);
    }
  }
  const intersections = new Int32Array(VARIANTS.length);
  for (const [mask, count] of perMask) {
    for (let v = 0; v < VARIANTS.length; v++) {
      if ((mask & (1 << v)) !== 0) {
        intersections[v] += count;
      }
    }
  }
  return { tokens, sequence, inputSize: bigrams.size, intersections, index: idx };
}

/** Bigrams occurring more often than this in a template ("of the") are neutral in the alignment. */
const COMMON_BIGRAM_OCCURRENCES = 8;

/** Templates with fewer bigrams than this (MIT, BSD, ISC, Zlib…) also count trailing additions. */
const SHORT_TEMPLATE_BIGRAMS = 400;

const MATCHED = 1;
const NEUTRAL = 2;

/**
 * Longest run of unmatched entries strictly between the first and the last matched one (neutral
 * ones skipped); a run after the last match counts × `trailingWeight`.
 */
function longestInteriorGap(marks: Uint8Array, trailingWeight = 0): number {
  let longest = 0;
  let run = -1; // -1: before the first match
  for (let i = 0; i < marks.length; i++) {
    if (marks[i] === MATCHED) {
      if (run > longest) {
        longest = run;
      }
      run = 0;
    } else if (marks[i] !== NEUTRAL && run >= 0) {
      run++;
    }
  }
  return Math.max(longest, Math.floor(run * trailingWeight));
}

/**
 * Longest passage inserted into (input side) or removed from (template side) the template's
 * text, in bigrams, ignoring what precedes or follows the aligned region (titles, headers, a
 * second license appended). The alignment is the longest common subsequence of the two bigram
 * sequences (Hunt–Szymanski), over bigrams that are rare in the template, so a reworded,
 * added, dropped or moved clause shows up even when the overall similarity is high.
 */
function interiorDifference(scored: Scored, v: number): number {
  const { sequence } = scored;
  if (scored.intersections[v] === scored.inputSize && scored.inputSize === scored.index.sizes[v]) {
    return 0; // the same bigrams: nothing added or removed (a reordering would add bigrams)
  }
  const { sequence: template, positions, common } = getAlignment(scored.index, v);
  const inputMarks = new Uint8Array(sequence.length);
  const templateMarks = new Uint8Array(template.length);
  // tails[k]: smallest template position ending a common subsequence of length k + 1.
  const tails: number[] = [];
  const tailNodes: number[] = [];
  const nodeInput: number[] = [];
  const nodeTemplate: number[] = [];
  const nodePrevious: number[] = [];
  for (let i = 0; i < sequence.length; i++) {
    const list = positions.get(sequence[i]);
    if (list === undefined) {
      continue;
    }
    for (let j = list.length - 1; j >= 0; j--) {
      const p = list[j];
      let lo = 0;
      let hi = tails.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tails[mid] < p) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      nodeInput.push(i);
      nodeTemplate.push(p);
      nodePrevious.push(lo > 0 ? tailNodes[lo - 1] : -1);
      tails[lo] = p;
      tailNodes[lo] = nodeInput.length - 1;
    }
  }
  for (let node = tails.length > 0 ? tailNodes[tails.length - 1] : -1; node >= 0; node = nodePrevious[node]) {
    inputMarks[nodeInput[node]] = MATCHED;
    templateMarks[nodeTemplate[node]] = MATCHED;
  }
  for (let p = 0; p < template.length; p++) {
    if (common[p] === 1) {
      templateMarks[p] = NEUTRAL;
    }
  }
  // Common template bigrams in the input are neutral too.
  for (let i = 0; i < sequence.length; i++) {
    if (inputMarks[i] === 0 && ((scored.index.postings.get(sequence[i]) ?? 0) & (1 << v)) !== 0 && !positions.has(sequence[i])) {
      inputMarks[i] = NEUTRAL;
    }
  }
  // Short licenses: text after the license is a modification too ("…shall be governed by the
  // laws of California", "…not intended for use in any nuclear facility"), at half weight:
  // signatures and e-mail addresses under a zlib license are common. Long licenses commonly
  // carry appended third-party notices.
  const trailingWeight = template.length < SHORT_TEMPLATE_BIGRAMS ? MAX_INTERIOR_DIFFERENCE / MAX_TRAILING_ADDITION : 0;
  return Math.max(longestInteriorGap(inputMarks, trailingWeight), longestInteriorGap(templateMarks));
}

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

function bestMatch(scored: Scored): LicenseTextMatch | null {
  const { inputSize, intersections } = scored;
  const { sizes } = scored.index;
  let joined: string | undefined;
  const haystack = (): string => (joined ??= ` ${scored.tokens.join(' ')} `);

  const texts: { v: number; value: number }[] = [];
  for (let v = 0; v < VARIANTS.length; v++) {
    if (VARIANTS[v].kind === 'text') {
      const dice = (2 * intersections[v]) / (inputSize + sizes[v]);
      if (dice >= LICENSE_TEXT_MIN_SIMILARITY) {
        texts.push({ v, value: dice });
      }
    }
  }
  texts.sort((a, b) => b.value - a.value);
  for (const candidate of texts) {
    const variant = VARIANTS[candidate.v];
    if (phrasesOk(TEXT_RULES.get(variant.id), haystack) && interiorDifference(scored, candidate.v) < MAX_INTERIOR_DIFFERENCE) {
      return { id: variant.id, confidence: floor3(candidate.value) };
    }
  }

  let best: { v: number; value: number } | undefined;
  for (let v = 0; v < VARIANTS.length; v++) {
    const variant = VARIANTS[v];
    if (variant.kind !== 'notice' || inputSize > NOTICE_MAX_EXPANSION * sizes[v]) {
      continue;
    }
    const containment = intersections[v] / sizes[v];
    if (containment >= NOTICE_MIN_CONTAINMENT && (best === undefined || containment > best.value) && phrasesOk(NOTICE_RULES.get(variant.id), haystack)) {
      best = { v, value: containment };
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

/**
 * SPDX id of the license whose text `text` is, with the similarity as confidence; null when
 * nothing matches well enough. See the file comment for thresholds and decisions.
 */
export function identifyLicenseText(text: string): { id: string; confidence: number } | null {
  try {
    const scored = score(text);
    return scored === undefined ? null : bestMatch(scored);
  } catch {
    return null;
  }
}

/**
 * Every template's similarity with `text`, best first (for diagnostics, tests and callers that
 * want to spot dual-license files). Empty for texts that {@link identifyLicenseText} rejects
 * outright (empty, too short, too long).
 */
export function scoreLicenseText(text: string): LicenseTextCandidate[] {
  try {
    const scored = score(text);
    if (scored === undefined) {
      return [];
    }
    let joined: string | undefined;
    const haystack = (): string => (joined ??= ` ${scored.tokens.join(' ')} `);
    const out = VARIANTS.map((variant, v): LicenseTextCandidate => {
      const size = scored.index.sizes[v];
      const inter = scored.intersections[v];
      const rules = variant.kind === 'text' ? TEXT_RULES : NOTICE_RULES;
      return {
        id: variant.id,
        kind: variant.kind,
        label: variant.label,
        similarity: floor3((2 * inter) / (scored.inputSize + size)),
        containment: floor3(inter / size),
        phrasesOk: phrasesOk(rules.get(variant.id), haystack),
        interiorDifference: variant.kind === 'text' ? interiorDifference(scored, v) : 0,
      };
    });
    return out.sort((a, b) => b.similarity - a.similarity || b.containment - a.containment);
  } catch {
    return [];
  }
}

/** The SPDX ids {@link identifyLicenseText} can return (full texts; notices add `-or-later` forms). */
export const IDENTIFIABLE_LICENSE_IDS: readonly string[] = [...new Set(VARIANTS.map((variant) => variant.id))];
