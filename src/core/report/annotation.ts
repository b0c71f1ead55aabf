import type { Finding } from '../policy/compiledPolicy';
import type { Verdict } from '../policy/verdict';

export type AnnotationMode = 'compact' | 'full';

/** The mark of each verdict, as the editor, the CLI and the tree show it. */
export const VERDICT_MARKS: Readonly<Record<Verdict, string>> = { allow: '✓', review: '⚠', deny: '✖', unknown: '?' };

const SUPPORT_WORDS = { vendor: 'vendor support', internal: 'internal owner', community: 'community support', none: 'no support', eol: 'end of life' } as const;

/** Past this a `full` annotation's reason is cut: the hover has the whole text. */
const MAX_REASON_CHARACTERS = 120;
/** License text from installed metadata can be a whole paragraph. */
const MAX_LICENSE_CHARACTERS = 60;

/**
 * The text after a dependency line: `✓ MIT`, `⚠ MPL-2.0 review`, `✖ AGPL-3.0-only`, with what
 * else decided the verdict (a package rule, an advisory, low health, an exception) and the health
 * score where one is known. `full` adds the decisive reason and the support level.
 */
export function annotationText(finding: Finding, mode: AnnotationMode): string {
  const license = finding.license === null ? 'no license data' : truncate(singleLine(licenseWords(finding)), MAX_LICENSE_CHARACTERS);
  const parts = [`${VERDICT_MARKS[finding.shown]} ${license}`];
  if (finding.verdict === 'review' && finding.decidedBy === 'license') {
    parts[0] += ' review';
  }
  const decidedBy = DECIDED_BY_WORDS[finding.decidedBy];
  if (decidedBy !== undefined) {
    parts.push(decidedBy);
  }
  // The license shown is the version's in use; the verdict came from another version the spec admits.
  if (finding.decisive.kind === 'license-change' && finding.decisive.version !== undefined) {
    parts.push(`license changes at ${finding.decisive.version}`);
  }
  if (finding.advisories.length > 0 && finding.decidedBy !== 'advisory') {
    parts.push(finding.advisories.length === 1 ? 'advisory' : `${finding.advisories.length} advisories`);
  }
  if (finding.expiredExceptions.length > 0) {
    parts.push('exception expired');
  }
  if (finding.health) {
    parts.push(`health ${formatScore(finding.health.score)}`);
  }
  if (mode === 'full') {
    if (finding.support) {
      parts.push(SUPPORT_WORDS[finding.support.level] + (finding.support.until ? ` until ${finding.support.until}` : ''));
    }
    parts.push(truncate(singleLine(finding.decisive.message), MAX_REASON_CHARACTERS));
  }
  return parts.join(' · ');
}

const DECIDED_BY_WORDS: Readonly<Partial<Record<Finding['decidedBy'], string>>> = {
  'package-rule': 'OSPO rule',
  advisory: 'advisory',
  health: 'low health',
  exception: 'exception',
};

function formatScore(score: number): string {
  return `${Number.isInteger(score) ? score.toFixed(0) : score.toFixed(1)}/10`;
}

function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The license as a person should read it: a list with no stated relation says so instead of claiming AND. */
export function licenseWords(finding: Pick<Finding, 'license' | 'licenseList'>): string {
  return finding.licenseList !== undefined ? `listed: ${finding.licenseList.join(', ')}` : (finding.license ?? 'no license data');
}
