import * as os from 'node:os';
import * as path from 'node:path';
import type { LookupRules } from '../core/data/registry/lookupRules';
import { RegistryClientsByFolder } from '../core/data/registry/registryClients';
import { RegistryHttp } from '../core/data/registry/registryHttp';
import { cacheDirectory } from './cacheDirectory';
import type { proxyAwareFetch } from './proxyFetch';
import { MAX_SENTENCE_CHARS, terminalField } from './terminalText';

/** What the CLI says about lookups, on stderr, one line each. */
export function cliLog(): (message: string) => void {
  return (message) => process.stderr.write(`ospo-guide: ${terminalField(message, MAX_SENTENCE_CHARS)}\n`);
}

/**
 * The package registries the projects under `roots` use, as the developer's and the projects'
 * configuration names them (the CLI runs where its user chose to run it: project files are trusted).
 */
export function cliRegistries(roots: readonly string[], rules: LookupRules, fetch: ReturnType<typeof proxyAwareFetch>, log: (message: string) => void): RegistryClientsByFolder {
  const said = new Set<string>();
  return new RegistryClientsByFolder({
    context: { http: new RegistryHttp({ log, fetch }), cacheDir: cacheDirectory('registries'), log, isPrivate: rules.isPrivate },
    mirrors: rules.mirrors,
    rootOf: (folder) => roots.find((root) => folder === root || folder.startsWith(root + path.sep)) ?? folder,
    trustProject: true,
    home: os.homedir(),
    env: process.env,
    // A registry configuration that could not be used (a refused http:// repository, an unusable mirror) is said, not silently
    // skipped; once, though every folder reads the user's own files (~/.config/pip/pip.conf) again.
    onConfigured: (_ecosystem, _folder, _files, problems) => {
      for (const problem of problems) {
        if (!said.has(problem)) {
          said.add(problem);
          log(problem);
        }
      }
    },
  });
}
