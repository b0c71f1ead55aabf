// Collects per-test outcomes from a mocha runner into the JSON shape the real-VS Code launcher reads.
import { rename, writeFile } from 'node:fs/promises';
import type Mocha from 'mocha';

export interface TestOutcome {
  readonly title: string;
  readonly state: 'passed' | 'failed';
  readonly error?: string;
}

export interface TestResults {
  readonly passed: number;
  readonly failed: number;
  readonly tests: readonly TestOutcome[];
}

export function collectResults(runner: Mocha.Runner): () => TestResults {
  const tests: TestOutcome[] = [];
  runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed' }));
  // Failing hooks arrive here too, so a broken suiteSetup counts as a failure rather than silence.
  runner.on('fail', (test, error: Error) => tests.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? String(error) }));
  return () => ({
    passed: tests.filter((test) => test.state === 'passed').length,
    failed: tests.filter((test) => test.state === 'failed').length,
    tests,
  });
}

/** Written under a temporary name and renamed, so the launcher never reads half a file. */
export async function writeResults(file: string | undefined, results: TestResults): Promise<void> {
  if (!file) {
    return;
  }
  await writeFile(`${file}.partial`, JSON.stringify(results, null, 2));
  await rename(`${file}.partial`, file);
}
