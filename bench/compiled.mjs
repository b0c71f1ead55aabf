import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled project (`npm run compile-tests` output), loaded once for every bench module. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function compiled(modulePath) {
  return require(path.join(repoRoot, 'out/src', modulePath));
}
