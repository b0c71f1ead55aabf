/**
 * The measuring side of license-text identification (`identifyLicense.ts` makes the decisions):
 * the input as word-bigram keys, the Sørensen–Dice counts of any stretch of it against every
 * template, and the alignment of a stretch with one template.
 *
 * Counts are taken per stretch (a range of bigram positions) so that a text holding several
 * licenses can be examined part by part: the whole text first, then what lies outside the part
 * a template aligned with. Each count is one pass over its stretch; an alignment is one pass with
 * at most {@link COMMON_BIGRAM_OCCURRENCES} template positions per input bigram.
 */

import { MAX_LICENSE_TEXT_LENGTH, normalizeLicenseTokens } from './normalize';
import { SEGMENTS, TOKEN_ALPHABET, TOKEN_WIDTH, VARIANTS, VOCABULARY, type TemplateVariant } from './licenseTemplates';

/** Fewer words than this cannot be told apart reliably. */
const MIN_TOKENS = 12;

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

/** Bigrams occurring more often than this in a template ("of the") are neutral in the alignment. */
const COMMON_BIGRAM_OCCURRENCES = 8;

export interface TemplateIndex {
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
// The input.

/** A text as normalised tokens and bigram keys; bigram i joins tokens i and i + 1. */
export interface TokenizedText {
  readonly tokens: readonly string[];
  /** Input bigrams in text order (repeats included). */
  readonly sequence: Int32Array;
  readonly index: TemplateIndex;
}

/** Undefined for what cannot be a license text: not a string, over the size cap, a handful of words. */
export function tokenizeLicenseText(text: string): TokenizedText | undefined {
  if (typeof text !== 'string' || text.length > MAX_LICENSE_TEXT_LENGTH) {
    return undefined;
  }
  return tokenizeNormalized(normalizeLicenseTokens(text));
}

/** {@link tokenizeLicenseText} of a text already normalised by `normalizeLicenseTokens`. */
export function tokenizeNormalized(tokens: readonly string[]): TokenizedText | undefined {
  if (tokens.length < MIN_TOKENS) {
    return undefined;
  }
  const idx = getIndex();
  const unknown = new Map<string, number>();
  const unknownRange = MAX_WORD_ID + 1 - idx.vocabularySize;
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
      sequence[t - 1] = bigramKey(previous, id);
    }
    previous = id;
  }
  return { tokens, sequence, index: idx };
}

/** Bigram counts of the stretch [from, to) of a text's bigrams. */
export interface StretchScore {
  readonly from: number;
  readonly to: number;
  /** Distinct bigrams in the stretch. */
  readonly inputSize: number;
  /** Distinct bigrams in the stretch that some template holds. */
  readonly known: number;
  /** Per variant: distinct bigrams shared with the template. */
  readonly intersections: Int32Array;
}

export function scoreStretch(text: TokenizedText, from: number, to: number): StretchScore {
  const { sequence, index: idx } = text;
  const bigrams = new Set<number>();
  for (let i = from; i < to; i++) {
    bigrams.add(sequence[i]);
  }
  // Count distinct bigrams per variant mask first (few distinct masks), then spread to variants.
  const perMask = new Map<number, number>();
  let known = 0;
  for (const key of bigrams) {
    const mask = idx.postings.get(key);
    if (mask !== undefined) {
      perMask.set(mask, (perMask.get(mask) ?? 0) + 1);
      known++;
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
  return { from, to, inputSize: bigrams.size, known, intersections };
}

/** Dice similarity of a stretch with variant v: 2·|A∩T| / (|A|+|T|). */
export function dice(text: TokenizedText, score: StretchScore, v: number): number {
  return (2 * score.intersections[v]) / (score.inputSize + text.index.sizes[v]);
}

/** Share of variant v's bigrams found in the stretch. */
export function containment(text: TokenizedText, score: StretchScore, v: number): number {
  return score.intersections[v] / text.index.sizes[v];
}

/** ` word word … ` of the tokens bigrams [from, to) span, for phrase tests. */
export function stretchWords(text: TokenizedText, from: number, to: number): string {
  return ` ${text.tokens.slice(from, to + 1).join(' ')} `;
}

// ---------------------------------------------------------------------------------------------
// Alignment.

/** Where and how well a template aligned with a stretch of the input (bigram positions). */
export interface Alignment {
  /** First and last input bigram of the alignment; -1 when nothing aligned. */
  readonly start: number;
  readonly end: number;
  /** Longest run of input bigrams between aligned ones that the template lacks (an added passage). */
  readonly inserted: number;
  /** Longest run of template bigrams between aligned ones that the input lacks (a dropped passage). */
  readonly removed: number;
  /** Input bigrams after the last aligned one, up to the end of the stretch (neutral ones not counted). */
  readonly trailing: number;
  /** Template bigrams before the first aligned one and after the last (a text missing its beginning or end). */
  readonly unalignedEnds: number;
  /**
   * The longest inserted run: from the bigram after the aligned one before it to the aligned one
   * after it. Where the stretch holds two copies of the template, the alignment may take the start
   * of one and the rest of the other (or a stray bigram of the next); each side of this run holds one.
   */
  readonly widestGap?: { readonly from: number; readonly to: number };
}

const MATCHED = 1;
const NEUTRAL = 2;

interface Gaps {
  /** Longest run of unmatched entries strictly between the first and the last matched one (neutral ones skipped). */
  readonly interior: number;
  /** Where that run lies: from the entry after the matched one before it to the matched one after it. */
  readonly from: number;
  readonly to: number;
  /** Unmatched entries before the first matched one, and after the last. */
  readonly leading: number;
  readonly trailing: number;
}

function gaps(marks: Uint8Array, from: number, to: number): Gaps {
  let longest = 0;
  let longestFrom = -1;
  let longestTo = -1;
  let run = -1; // -1: before the first match
  let lastMatched = -1;
  let leading = 0;
  for (let i = from; i < to; i++) {
    if (marks[i] === MATCHED) {
      if (run > longest) {
        longest = run;
        longestFrom = lastMatched + 1;
        longestTo = i;
      }
      run = 0;
      lastMatched = i;
    } else if (marks[i] !== NEUTRAL) {
      if (run >= 0) {
        run++;
      } else {
        leading++;
      }
    }
  }
  return { interior: longest, from: longestFrom, to: longestTo, leading, trailing: Math.max(0, run) };
}

/**
 * Aligns variant v with the stretch [from, to): the longest common subsequence of the two bigram
 * sequences (Hunt–Szymanski), over bigrams that are rare in the template, so a reworded, added,
 * dropped or moved clause shows up even when the overall similarity is high. What precedes the
 * alignment (titles, headers, another license) is not measured; what follows is reported apart.
 */
export function alignStretch(text: TokenizedText, score: StretchScore, v: number): Alignment {
  if (score.intersections[v] === score.inputSize && score.inputSize === text.index.sizes[v]) {
    // The same bigrams: nothing added or removed (a reordering would add bigrams).
    return { start: score.from, end: score.to - 1, inserted: 0, removed: 0, trailing: 0, unalignedEnds: 0 };
  }
  return alignRange(text, v, score.from, score.to);
}

/** Runs of aligned bigrams to drop at the ends of an alignment: fewer than `fewerThan` of them, `gap` or more positions from the rest. */
export interface Strays {
  readonly fewerThan: number;
  readonly gap: number;
}

/** {@link alignStretch} over the bigram positions [from, to), stray runs at its ends dropped when `strays` says which. */
export function alignRange(text: TokenizedText, v: number, from: number, to: number, strays?: Strays): Alignment {
  const { sequence, index: idx } = text;
  const { sequence: template, positions, common } = getAlignment(idx, v);
  const inputMarks = new Uint8Array(to);
  const templateMarks = new Uint8Array(template.length);
  // tails[k]: smallest template position ending a common subsequence of length k + 1.
  const tails: number[] = [];
  const tailNodes: number[] = [];
  const nodeInput: number[] = [];
  const nodeTemplate: number[] = [];
  const nodePrevious: number[] = [];
  for (let i = from; i < to; i++) {
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
  const chain: number[] = [];
  for (let node = tails.length > 0 ? tailNodes[tails.length - 1] : -1; node >= 0; node = nodePrevious[node]) {
    chain.push(node);
  }
  chain.reverse();
  let first = 0;
  let last = chain.length - 1;
  if (strays !== undefined) {
    // Drop stray runs at either end: a few bigrams ("the software", a title) far from the rest.
    const runEnd = (k: number, step: number): number => {
      let j = k;
      while (j + step >= first && j + step <= last && Math.abs(nodeInput[chain[j + step]] - nodeInput[chain[j]]) - 1 < strays.gap) {
        j += step;
      }
      return j;
    };
    for (let j = runEnd(first, 1); first < last && j < last && j - first + 1 < strays.fewerThan; j = runEnd(first, 1)) {
      first = j + 1;
    }
    for (let j = runEnd(last, -1); first < last && j > first && last - j + 1 < strays.fewerThan; j = runEnd(last, -1)) {
      last = j - 1;
    }
  }
  let start = -1;
  let end = -1;
  for (let k = first; k <= last; k++) {
    const node = chain[k];
    inputMarks[nodeInput[node]] = MATCHED;
    templateMarks[nodeTemplate[node]] = MATCHED;
    if (start < 0) {
      start = nodeInput[node];
    }
    end = nodeInput[node];
  }
  for (let p = 0; p < template.length; p++) {
    if (common[p] === 1) {
      templateMarks[p] = NEUTRAL;
    }
  }
  // Common template bigrams in the input are neutral too.
  const bit = 1 << v;
  for (let i = from; i < to; i++) {
    if (inputMarks[i] === 0 && ((idx.postings.get(sequence[i]) ?? 0) & bit) !== 0 && !positions.has(sequence[i])) {
      inputMarks[i] = NEUTRAL;
    }
  }
  const input = gaps(inputMarks, from, to);
  const templateGaps = gaps(templateMarks, 0, template.length);
  return {
    start,
    end,
    inserted: input.interior,
    removed: templateGaps.interior,
    trailing: input.trailing,
    unalignedEnds: start < 0 ? template.length : Math.max(templateGaps.leading, templateGaps.trailing),
    ...(input.interior > 0 ? { widestGap: { from: input.from, to: input.to } } : {}),
  };
}

/** Bigrams in variant v's text, repeats included (its length, where the stretch's is `to - from`). */
export function templateLength(v: number): number {
  let length = 0;
  for (const [, start, end] of VARIANTS[v].parts) {
    length += end - start;
  }
  return Math.max(0, length - 1);
}

/**
 * Start of the run of `width` bigram positions within [from, to) holding the most bigrams of
 * variant v's text (the first such run): where to align v in a stretch many times its length.
 */
export function densestWindow(text: TokenizedText, v: number, from: number, to: number, width: number): number {
  const { sequence, index: idx } = text;
  const bit = 1 << v;
  const held = (i: number): number => (((idx.postings.get(sequence[i]) ?? 0) & bit) !== 0 ? 1 : 0);
  const end = Math.min(to, from + width);
  let count = 0;
  for (let i = from; i < end; i++) {
    count += held(i);
  }
  let best = count;
  let bestStart = from;
  for (let i = end; i < to; i++) {
    count += held(i) - held(i - width);
    if (count > best) {
      best = count;
      bestStart = i - width + 1;
    }
  }
  return bestStart;
}
