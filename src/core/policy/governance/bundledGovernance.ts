import bundledGovernanceJson from './bundledGovernance.json';
import { FeedChecker, type JsonObject } from '../feedChecker';
import type { GovernanceEntry } from '../feedModel';
import { readGovernanceEntries } from '../validateFeed';

/**
 * The bundled list of who governs well-known projects (bundledGovernance.json, its sources in
 * SOURCES.md), read by the feed's own rules; an entry that does not pass them is left out (a test
 * keeps the list free of any).
 */
export function bundledGovernance(): GovernanceEntry[] {
  return readGovernanceEntries(new FeedChecker(), bundledGovernanceJson as unknown as JsonObject, '');
}

/** What reading the bundled list found wrong, for the test that keeps it clean. */
export function bundledGovernanceProblems(): string[] {
  const check = new FeedChecker();
  readGovernanceEntries(check, bundledGovernanceJson as unknown as JsonObject, '');
  return check.errors.map((error) => `${error.path}: ${error.message}`);
}
