// Evaluates a license expression against the feed's `licenses` policy (docs/policy-feed.md,
// "`licenses`"). Pure; never throws on hostile input.
import type { LicensePolicy, ListVerdict } from '../feedModel';
import { bestVerdict, worstVerdict, type Reason, type Verdict } from '../verdict';
import { combineLicenseNodes, leafLicenseText, leafText, serializeLicenseNode, type LicenseLeafNode, type LicenseNode } from './licenseTree';
import { MAX_LICENSE_EXPRESSION_LENGTH, normalizeLicense, type LicenseCorrection, type LicenseProblem, type NormalizedLicense } from './normalizeLicense';
import { LICENSE_IDS } from './spdxIds';

export interface LicenseLeafVerdict {
  /** The license as in the normalized expression, with `+` where written (`GPL-2.0-or-later`, `Apache-2.0+`). */
  readonly license: string;
  readonly exception?: string;
  readonly verdict: Verdict;
}

export interface LicenseEvaluation {
  readonly verdict: Verdict;
  /** The canonical SPDX expression, or null when there was none (no data, unparseable …). */
  readonly normalized: string | null;
  /** Corrections first, then what decided the verdict. A fresh array on every call. */
  reasons: Reason[];
  /** Where the expression has an OR: the licenses chosen, e.g. `MIT` or `MIT AND BSD-3-Clause`. */
  readonly choice?: string;
  /** Every license of the expression, in order, once each, with its own verdict. A fresh array on every call. */
  leaves: LicenseLeafVerdict[];
}

/** Several licenses listed, or a longer text: refused beyond these, as `unknown` with a reason. */
export const MAX_LICENSES_PER_PACKAGE = 64;

const LISTS: readonly ListVerdict[] = ['allow', 'review', 'deny'];

// ---------------------------------------------------------------------------------------------
// Cache

interface PolicyIndex {
  /** Entry text (as written, and normalized) → the lists holding it, in `LISTS` order. */
  readonly lists: ReadonlyMap<string, readonly ListVerdict[]>;
  /** `licenses.notes` keyed the same way. */
  readonly notes: ReadonlyMap<string, string>;
}

/**
 * Caches normalized expressions and per-policy results, keyed by the expression text. Bounded:
 * each of the two tables keeps at most `maxEntries` entries, least recently used dropped first.
 * Policies are assumed immutable (a new feed is a new object); their derived indexes are held
 * weakly. The caller owns the cache; there is no global one.
 */
export class LicenseEvaluationCache {
  static readonly DEFAULT_MAX_ENTRIES = 10_000;
  readonly maxEntries: number;
  private readonly normalizedByText = new Map<string, NormalizedLicense>();
  private readonly results = new Map<string, LicenseEvaluation>();
  private readonly policyIds = new WeakMap<LicensePolicy, number>();
  private readonly policyIndexes = new WeakMap<LicensePolicy, PolicyIndex>();
  private nextPolicyId = 0;

  constructor(maxEntries: number = LicenseEvaluationCache.DEFAULT_MAX_ENTRIES) {
    this.maxEntries = Number.isFinite(maxEntries) && maxEntries >= 1 ? Math.floor(maxEntries) : LicenseEvaluationCache.DEFAULT_MAX_ENTRIES;
  }

  /** Entries held, both tables together (at most `2 × maxEntries`). */
  get size(): number {
    return this.normalizedByText.size + this.results.size;
  }

  clear(): void {
    this.normalizedByText.clear();
    this.results.clear();
  }

  /** `normalizeLicense`, cached. */
  normalize(text: string): NormalizedLicense {
    const cached = lruGet(this.normalizedByText, text);
    if (cached !== undefined) {
      return cached;
    }
    const normalized = normalizeLicense(text);
    if (text.length <= MAX_LICENSE_EXPRESSION_LENGTH) {
      lruSet(this.normalizedByText, text, normalized, this.maxEntries);
    }
    return normalized;
  }

  /** @internal */
  indexFor(policy: LicensePolicy): PolicyIndex {
    let index = this.policyIndexes.get(policy);
    if (index === undefined) {
      index = buildPolicyIndex(policy, (text) => this.normalize(text));
      this.policyIndexes.set(policy, index);
    }
    return index;
  }

  /** @internal */
  getResult(policy: LicensePolicy, key: string): LicenseEvaluation | undefined {
    return lruGet(this.results, this.resultKey(policy, key));
  }

  /** @internal */
  setResult(policy: LicensePolicy, key: string, evaluation: LicenseEvaluation): void {
    lruSet(this.results, this.resultKey(policy, key), evaluation, this.maxEntries);
  }

  private resultKey(policy: LicensePolicy, key: string): string {
    let id = this.policyIds.get(policy);
    if (id === undefined) {
      id = this.nextPolicyId++;
      this.policyIds.set(policy, id);
    }
    return `${id}\u0000${key}`;
  }
}

function lruGet<V>(map: Map<string, V>, key: string): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

function lruSet<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done === true) {
      break;
    }
    map.delete(oldest.value);
  }
}

function entryKeys(entry: unknown, normalize: (text: string) => NormalizedLicense): string[] {
  if (typeof entry !== 'string') {
    return [];
  }
  const trimmed = entry.trim();
  if (trimmed === '') {
    return [];
  }
  const normalized = normalize(trimmed).expression;
  return normalized === null || normalized === trimmed ? [trimmed] : [trimmed, normalized];
}

function buildPolicyIndex(policy: LicensePolicy, normalize: (text: string) => NormalizedLicense): PolicyIndex {
  const lists = new Map<string, ListVerdict[]>();
  for (const list of LISTS) {
    const entries: unknown = policy[list];
    if (!Array.isArray(entries)) {
      continue;
    }
    for (const entry of entries) {
      for (const key of entryKeys(entry, normalize)) {
        const holding = lists.get(key);
        if (holding === undefined) {
          lists.set(key, [list]);
        } else if (!holding.includes(list)) {
          holding.push(list);
        }
      }
    }
  }
  const notes = new Map<string, string>();
  if (policy.notes instanceof Map) {
    for (const [license, note] of policy.notes) {
      if (typeof note !== 'string') {
        continue;
      }
      for (const key of entryKeys(license, normalize)) {
        if (!notes.has(key)) {
          notes.set(key, note);
        }
      }
    }
  }
  return { lists, notes };
}

// ---------------------------------------------------------------------------------------------
// Words

const LIST_PHRASE: Readonly<Record<ListVerdict, string>> = {
  allow: 'is allowed',
  review: 'needs a review by the OSPO',
  deny: 'is not allowed',
};

const VERDICT_WORD: Readonly<Record<Verdict, string>> = {
  allow: 'allowed',
  review: 'needs review',
  unknown: 'unknown',
  deny: 'not allowed',
};

const UNKNOWN_PHRASE: Readonly<Record<LicensePolicy['unknown'], string>> = {
  unknown: 'the license verdict is unknown',
  review: 'the policy sends unknown licenses to review',
  deny: 'the policy does not allow unknown licenses',
};

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return capital.endsWith('.') ? capital : `${capital}.`;
}

function correctionReason(correction: LicenseCorrection): Reason {
  return { kind: 'license-correction', message: sentence(correction.message) };
}

// ---------------------------------------------------------------------------------------------
// Evaluation of a tree

interface NodeResult {
  readonly verdict: Verdict;
  readonly reasons: readonly Reason[];
  /** The licenses the best choice leads to (no OR inside). */
  readonly chosen: string;
}

interface Context {
  readonly policy: LicensePolicy;
  readonly index: PolicyIndex;
  readonly defaultVerdict: ListVerdict;
  readonly leaves: Map<string, LicenseLeafVerdict>;
}

/**
 * What an or-later license may also be used as: `GPL-2.0-or-later` → `GPL-2.0-only`,
 * `Apache-2.0+` → `Apache-2.0`. Later versions themselves are not guessed.
 */
function orLaterBase(leaf: LicenseLeafNode): string | undefined {
  if (leaf.plus) {
    return leaf.license;
  }
  if (leaf.license.endsWith('-or-later')) {
    const stem = leaf.license.slice(0, -'-or-later'.length);
    if (LICENSE_IDS.has(`${stem}-only`)) {
      return `${stem}-only`;
    }
    if (LICENSE_IDS.has(stem)) {
      return stem;
    }
  }
  return undefined;
}

function evaluateLeaf(leaf: LicenseLeafNode, context: Context): NodeResult {
  const written = leafLicenseText(leaf);
  const text = leafText(leaf);
  const base = orLaterBase(leaf);
  const candidates: { key: string; how: 'exact' | 'without-exception' | 'base' }[] = [];
  if (leaf.exception !== undefined) {
    candidates.push({ key: text, how: 'exact' });
    if (base !== undefined) {
      candidates.push({ key: `${base} WITH ${leaf.exception}`, how: 'base' });
    }
    candidates.push({ key: written, how: 'without-exception' });
  } else {
    candidates.push({ key: written, how: 'exact' });
  }
  if (base !== undefined) {
    candidates.push({ key: base, how: 'base' });
  }

  const reasons: Reason[] = [];
  let verdict: Verdict = context.defaultVerdict;
  const found = candidates.find((candidate) => context.index.lists.has(candidate.key));
  if (found === undefined) {
    reasons.push({
      kind: 'license',
      rule: { section: 'licenses', key: 'default' },
      message: `${text} is on none of the policy's license lists, so the default applies: it ${LIST_PHRASE[context.defaultVerdict]}.`,
    });
  } else {
    const lists = context.index.lists.get(found.key) ?? [];
    // An id listed in several lists gets the WORST of them (deny over review over allow): a
    // contradictory policy must not let a denied license through.
    const list = lists.reduce<ListVerdict>((worst, candidate) => worstVerdict(worst, candidate) as ListVerdict, lists[0] ?? context.defaultVerdict);
    verdict = list;
    let message: string;
    if (found.how === 'exact') {
      message = `${found.key} ${LIST_PHRASE[list]} (on the ${list} list).`;
    } else if (found.how === 'without-exception') {
      message = `${text} has no rule of its own, so ${found.key} decides: it ${LIST_PHRASE[list]} (on the ${list} list).`;
    } else {
      message = `${text} has no rule of its own; it may be used as ${found.key}, which ${LIST_PHRASE[list]} (on the ${list} list).`;
    }
    if (lists.length > 1) {
      message += ` ${found.key} is also on the ${lists.filter((other) => other !== list).join(' and ')} list; the stricter list wins.`;
    }
    reasons.push({ kind: 'license', rule: { section: 'licenses', key: list, license: found.key }, message });
  }
  const noteKey = candidates.find((candidate) => context.index.notes.has(candidate.key))?.key;
  if (noteKey !== undefined) {
    reasons.push({ kind: 'license', rule: { section: 'licenses', key: 'notes', license: noteKey }, message: `Note on ${noteKey}: ${context.index.notes.get(noteKey) ?? ''}` });
  }
  if (!context.leaves.has(text)) {
    context.leaves.set(text, leaf.exception === undefined ? { license: written, verdict } : { license: written, exception: leaf.exception, verdict });
  }
  return { verdict, reasons, chosen: text };
}

function evaluateNode(node: LicenseNode, context: Context): NodeResult {
  if (node.type === 'leaf') {
    return evaluateLeaf(node, context);
  }
  const results = node.children.map((child) => evaluateNode(child, context));
  if (node.type === 'and') {
    const verdict = results.reduce<Verdict>((worst, result) => worstVerdict(worst, result.verdict), 'allow');
    return {
      verdict,
      // The decisive parts: those as bad as the whole.
      reasons: results.filter((result) => result.verdict === verdict).flatMap((result) => result.reasons),
      chosen: results.map((result) => result.chosen).join(' AND '),
    };
  }
  const verdict = results.reduce<Verdict>((best, result) => bestVerdict(best, result.verdict), 'deny');
  const chosenIndex = results.findIndex((result) => result.verdict === verdict);
  const chosen = results[chosenIndex];
  const reasons: Reason[] = [];
  const passedOver = node.children
    .map((child, index) => ({ text: serializeLicenseNode(child), result: results[index] }))
    .filter((other) => other.result.verdict !== verdict);
  if (passedOver.length > 0) {
    const others = passedOver.map((other) => `${other.text} (${VERDICT_WORD[other.result.verdict]})`).join(', ');
    reasons.push({
      kind: 'license-choice',
      message: `${chosen.chosen} chosen over ${others}: the license expression offers a choice, and ${chosen.chosen} is ${VERDICT_WORD[verdict]}.`,
    });
  }
  reasons.push(...results.filter((result) => result.verdict === verdict).flatMap((result) => result.reasons));
  return { verdict, reasons, chosen: chosen.chosen };
}

function hasOr(node: LicenseNode): boolean {
  return node.type === 'or' || (node.type === 'and' && node.children.some(hasOr));
}

// ---------------------------------------------------------------------------------------------

function unknownVerdict(policy: LicensePolicy): Verdict {
  const mapped: unknown = policy.unknown;
  return mapped === 'review' || mapped === 'deny' ? mapped : 'unknown';
}

function unknownReason(problem: LicenseProblem, policy: LicensePolicy): Reason {
  const mapped = unknownVerdict(policy) as LicensePolicy['unknown'];
  return { kind: 'license', rule: { section: 'licenses', key: 'unknown' }, message: sentence(`${problem.message}; ${UNKNOWN_PHRASE[mapped]}`) };
}

function inputTexts(expression: unknown): string[] | LicenseProblem {
  if (typeof expression === 'string') {
    return [expression];
  }
  if (!Array.isArray(expression)) {
    return [];
  }
  if (expression.length > MAX_LICENSES_PER_PACKAGE) {
    return { kind: 'too-long', message: `the package lists too many licenses (${expression.length}) to evaluate` };
  }
  const texts: string[] = [];
  let total = 0;
  for (const item of expression) {
    if (typeof item !== 'string' || item.trim() === '' || texts.includes(item)) {
      continue;
    }
    total += item.length;
    if (total > MAX_LICENSE_EXPRESSION_LENGTH) {
      return { kind: 'too-long', message: `the package's license texts are too long to evaluate (over ${MAX_LICENSE_EXPRESSION_LENGTH} characters)` };
    }
    texts.push(item);
  }
  return texts;
}

function evaluateUncached(texts: readonly string[] | LicenseProblem, policy: LicensePolicy, cache: LicenseEvaluationCache | undefined): LicenseEvaluation {
  if (!Array.isArray(texts)) {
    return { verdict: unknownVerdict(policy), normalized: null, reasons: [unknownReason(texts as LicenseProblem, policy)], leaves: [] };
  }
  const normalize = cache === undefined ? normalizeLicense : (text: string) => cache.normalize(text);
  const parts = texts.map(normalize);
  if (parts.length === 0) {
    return { verdict: unknownVerdict(policy), normalized: null, reasons: [unknownReason({ kind: 'empty', message: 'no license information' }, policy)], leaves: [] };
  }

  const corrections: Reason[] = [];
  const seenCorrections = new Set<string>();
  for (const part of parts) {
    for (const correction of part.corrections) {
      const reason = correctionReason(correction);
      if (!seenCorrections.has(reason.message)) {
        seenCorrections.add(reason.message);
        corrections.push(reason);
      }
    }
  }
  const trees: LicenseNode[] = [];
  const seenTrees = new Set<string>();
  const problems: LicenseProblem[] = [];
  for (const part of parts) {
    if (part.tree === null) {
      problems.push(part.problem);
    } else if (!seenTrees.has(part.expression)) {
      seenTrees.add(part.expression);
      trees.push(part.tree);
    }
  }
  if (parts.length > 1) {
    const listed = texts.map((text) => `“${text.trim()}”`).join(', ');
    corrections.push({ kind: 'license-correction', message: `The package lists several licenses (${listed}) with no stated relation; all of them apply (read as AND).` });
  }

  const index = cache === undefined ? buildPolicyIndex(policy, normalizeLicense) : cache.indexFor(policy);
  const defaultVerdict: ListVerdict = policy.default === 'allow' || policy.default === 'deny' ? policy.default : 'review';
  const context: Context = { policy, index, defaultVerdict, leaves: new Map() };

  const tree = trees.length === 0 ? null : combineLicenseNodes('and', trees);
  const result = tree === null ? null : evaluateNode(tree, context);
  const problemVerdict = problems.length === 0 ? null : unknownVerdict(policy);
  let verdict: Verdict;
  if (result === null) {
    verdict = problemVerdict ?? unknownVerdict(policy);
  } else {
    verdict = problemVerdict === null ? result.verdict : worstVerdict(result.verdict, problemVerdict);
  }
  const reasons = [...corrections];
  // `Parity-7.0.0 AND MIT WITH Patron-1.0.0` (husky 5): one unreadable part does not hide a worse one beside it in an AND.
  const beside = worstConjunct(texts, parts, context, normalize);
  const deniedBeside = beside !== null && worstVerdict(verdict, beside.verdict) !== verdict ? beside.reasons : [];
  if (beside !== null && deniedBeside.length > 0) {
    verdict = beside.verdict;
    reasons.push(...deniedBeside);
  }
  if (result !== null && result.verdict === verdict) {
    reasons.push(...result.reasons);
  }
  if (problemVerdict === verdict || deniedBeside.length > 0) {
    reasons.push(...problems.map((problem) => unknownReason(problem, policy)));
  }
  const evaluation: LicenseEvaluation = {
    verdict,
    normalized: tree !== null && problems.length === 0 ? serializeLicenseNode(tree) : null,
    reasons,
    leaves: [...context.leaves.values()],
  };
  return tree !== null && result !== null && hasOr(tree) && problems.length === 0 ? { ...evaluation, choice: result.chosen } : evaluation;
}

/**
 * The worst readable part of texts that did not read as a whole, where such a text is a plain AND
 * chain (no parentheses, no OR): every part of an AND applies, so the whole is at least as bad as
 * its worst readable part, whatever the unreadable ones are.
 */
function worstConjunct(texts: readonly string[], parts: readonly NormalizedLicense[], context: Context, normalize: (text: string) => NormalizedLicense): { verdict: Verdict; reasons: Reason[] } | null {
  let worst: { verdict: Verdict; reasons: Reason[] } | null = null;
  texts.forEach((text, index) => {
    if (parts[index].tree !== null || text.includes('(') || text.includes(')')) {
      return;
    }
    const words = text.split(/\s+/).filter((word) => word !== '');
    if (words.some((word) => word.toUpperCase() === 'OR') || !words.some((word) => word.toUpperCase() === 'AND')) {
      return;
    }
    const conjuncts: string[][] = [[]];
    for (const word of words) {
      if (word.toUpperCase() === 'AND') {
        conjuncts.push([]);
      } else {
        conjuncts[conjuncts.length - 1].push(word);
      }
    }
    for (const conjunct of conjuncts) {
      const part = conjunct.length === 0 ? null : normalize(conjunct.join(' '));
      const evaluated = part?.tree ? evaluateNode(part.tree, context) : null;
      if (evaluated !== null && (worst === null || worstVerdict(worst.verdict, evaluated.verdict) !== worst.verdict)) {
        worst = { verdict: evaluated.verdict, reasons: [...evaluated.reasons] };
      }
    }
  });
  return worst;
}

function fresh(evaluation: LicenseEvaluation): LicenseEvaluation {
  return { ...evaluation, reasons: [...evaluation.reasons], leaves: [...evaluation.leaves] };
}

/**
 * The verdict of a license expression (or of several licenses with no stated relation, combined
 * with AND) under `policy`. Pass a `LicenseEvaluationCache` when evaluating many dependencies.
 * Never throws; the arrays of the result are the caller's to change.
 */
export function evaluateLicense(
  expression: string | readonly string[] | null | undefined,
  policy: LicensePolicy,
  cache?: LicenseEvaluationCache,
): LicenseEvaluation {
  const texts = inputTexts(expression);
  if (cache === undefined || !Array.isArray(texts)) {
    return evaluateUncached(texts, policy, cache);
  }
  const key = texts.length === 1 ? `s${texts[0]}` : `a${JSON.stringify(texts)}`;
  if (key.length > 2 * MAX_LICENSE_EXPRESSION_LENGTH + 16) {
    return evaluateUncached(texts, policy, cache); // refused as too long anyway; not worth a cache slot
  }
  const cached = cache.getResult(policy, key);
  if (cached !== undefined) {
    return fresh(cached);
  }
  const evaluation = evaluateUncached(texts, policy, cache);
  cache.setResult(policy, key, evaluation);
  return fresh(evaluation);
}
