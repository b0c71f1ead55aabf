import { jsonSyntaxProblem } from '../../policy/jsonText';
import { parseHash, uniqueHashes } from './drafts';
import type { LockEntry, LockParseResult } from './lockGraph';

/**
 * `Pipfile.lock` (JSON): `default` and `develop` (the dev scope) map names to `{ version: "==1.2.3",
 * hashes: [...] }`; other categories (Pipenv 2023+) are read with no scope. Entries without a pinned
 * version (git, path, editable) have no version to report and are left out. The file has no graph.
 */
export function parsePipfileLock(text: string): LockParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { entries: [], problems: [jsonSyntaxProblem(error)] };
  }
  if (!isObject(data)) {
    return { entries: [], problems: ['is not a Pipfile.lock: expected a JSON object'] };
  }
  const entries: LockEntry[] = [];
  for (const [category, packages] of Object.entries(data)) {
    if (category === '_meta' || !isObject(packages)) {
      continue;
    }
    for (const [name, details] of Object.entries(packages)) {
      const version = isObject(details) && typeof details.version === 'string' ? details.version.replace(/^\s*={2,3}\s*/, '').trim() : '';
      if (version === '' || /[<>=!~*,]/.test(version)) {
        continue;
      }
      const hashes = isObject(details) && Array.isArray(details.hashes) ? details.hashes : [];
      entries.push({
        name,
        version,
        hashes: uniqueHashes(hashes.map((hash) => (typeof hash === 'string' ? parseHash(hash) : undefined))),
        dependencies: [],
        extras: new Map(),
        direct: false,
        ...(category === 'default' ? { scopeKnown: true } : category === 'develop' ? { scopeKnown: true, scope: 'dev' as const } : { scopeKnown: false }),
      });
    }
  }
  return { entries, problems: [] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
