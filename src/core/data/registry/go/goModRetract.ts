import { coerceVersion } from '../../../policy/versions';
import { tokenizeGoModLine } from '../../go/goModDirectives';
import { isValidVersion } from './moduleNames';

/**
 * The `retract` directives of a go.mod (Go Modules Reference § "`retract` directive"): single
 * versions and closed intervals `[low, high]`, alone or in a `retract ( … )` block, read with the
 * go.mod lexer's tokens (`tokenizeGoModLine`). The project's other go.mod readers pass over `retract`.
 */

export interface RetractedInterval {
  readonly low: string;
  readonly high: string;
}

/** A go.mod bigger than this is not read (the go command's own limit for go.mod files is 16 MiB; real ones are a few KB). */
const MAX_GO_MOD_LENGTH = 1024 * 1024;
/** More retractions than this are not kept. */
const MAX_INTERVALS = 10_000;

export function readRetractions(text: string): RetractedInterval[] {
  const intervals: RetractedInterval[] = [];
  if (typeof text !== 'string' || text.length > MAX_GO_MOD_LENGTH) {
    return intervals;
  }
  let inRetractBlock = false;
  let inOtherBlock = false;
  for (const line of text.split('\n')) {
    const tokens = tokenizeGoModLine(line);
    if (tokens.length === 0) {
      continue;
    }
    if (inRetractBlock || inOtherBlock) {
      if (tokens.length === 1 && tokens[0] === ')') {
        inRetractBlock = inOtherBlock = false;
      } else if (inRetractBlock) {
        addSpec(tokens, intervals);
      }
      continue;
    }
    const opensBlock = tokens.length === 2 && tokens[1] === '(';
    if (tokens[0] === 'retract') {
      if (opensBlock) {
        inRetractBlock = true;
      } else {
        addSpec(tokens.slice(1), intervals);
      }
    } else if (opensBlock) {
      inOtherBlock = true;
    }
    if (intervals.length >= MAX_INTERVALS) {
      break;
    }
  }
  return intervals;
}

/** `v1.0.0` or `[v1.0.0, v1.9.9]`; anything else (an invalid version, stray tokens) is skipped. */
function addSpec(tokens: readonly string[], intervals: RetractedInterval[]): void {
  if (tokens.length === 1 && isValidVersion(tokens[0])) {
    intervals.push({ low: tokens[0], high: tokens[0] });
  } else if (tokens.length === 5 && tokens[0] === '[' && tokens[2] === ',' && tokens[4] === ']' && isValidVersion(tokens[1]) && isValidVersion(tokens[3])) {
    intervals.push({ low: tokens[1], high: tokens[3] });
  }
}

/** Whether `version` lies in one of the intervals, compared as semantic versions (build metadata such as `+incompatible` ignored, as golang.org/x/mod/semver does). */
export function isRetracted(version: string, intervals: readonly RetractedInterval[]): boolean {
  const parsed = coerceVersion(version, 'go');
  if (parsed === null) {
    return false;
  }
  return intervals.some((interval) => {
    const low = coerceVersion(interval.low, 'go');
    const high = coerceVersion(interval.high, 'go');
    return low !== null && high !== null && parsed.compare(low) >= 0 && parsed.compare(high) <= 0;
  });
}
