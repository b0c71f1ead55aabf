// Paths inside this repository, resolved from this file so the scripts work from any cwd.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const fixtureWorkspace = join(repoRoot, 'test', 'fixtures', 'workspace');
/** Two folders opened as one multi-root workspace (`multiroot.code-workspace` inside). */
export const multiRootFixture = join(repoRoot, 'test', 'fixtures', 'multiroot');
export const integrationTestsIndex = join(repoRoot, 'out', 'test', 'integration', 'index');
export const examplesFolder = join(repoRoot, 'examples');
export const testResultsDir = join(repoRoot, 'test-results');
export const integrationFeed = join(repoRoot, 'test', 'fixtures', 'policies', 'integration-feed.json');
/** Where `npm run package` writes the VSIX (package.json), which the VSIX pass installs. */
export const packedVsix = join(repoRoot, '.cache', 'ospo-guide.vsix');
/** An extension that contributes nothing, for the workbench's extensionDevelopmentPath in the VSIX pass (testHost/package.json says why). */
export const vsixTestHost = join(repoRoot, 'scripts', 'realVscode', 'testHost');
