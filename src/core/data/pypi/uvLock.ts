import { pep503Name } from '../../policy/purl';
import { downloadUrl } from '../downloadUrl';
import { lineOf } from '../dataFiles';
import { parseHash, uniqueHashes } from './drafts';
import { lockEdges, matchDependency, type LockDependency, type LockEntry, type LockParseResult } from './lockGraph';
import { asArray, asString, isTable, readLockToml, type Plain } from './lockToml';

/**
 * `uv.lock`: each `[[package]]` with `name`, `version`, `source`, `dependencies` (inline tables
 * with `name`, and `version`/`extra`/`marker` where needed), `[package.optional-dependencies]`,
 * `[package.dev-dependencies]` and the `sdist`/`wheels` hashes. The project itself (and each
 * workspace member: `[manifest] members`, or a `virtual`/`editable = "."` source) is not a package
 * of the tree but its root: what it needs is direct, and a package only its dependency groups reach
 * is `dev`, one only its extras reach is `optional`.
 */
export function parseUvLock(text: string): LockParseResult {
  const toml = readLockToml(text);
  const problems = [...toml.problems];
  const members = new Set(
    asArray(toml.tables.get('manifest')?.members).flatMap((member) => (typeof member === 'string' ? [pep503Name(member)] : [])),
  );
  const all: LockEntry[] = [];
  const rootGroups: { main: LockDependency[]; optional: LockDependency[]; dev: LockDependency[] }[] = [];
  for (const item of toml.packages) {
    const name = asString(item.fields.name);
    const source = isTable(item.fields.source) ? item.fields.source : {};
    const isRoot = name !== undefined && (members.has(pep503Name(name)) || source.virtual !== undefined || asString(source.editable) === '.');
    // A workspace member or virtual root may have no version.
    const version = asString(item.fields.version) ?? (isRoot ? '0' : undefined);
    if (name === undefined || version === undefined) {
      problems.push(`line ${lineOf(text, item.offset)}: a [[package]] has no ${name === undefined ? 'name' : 'version'}`);
      continue;
    }
    const dependencies = uvDependencies(item.fields.dependencies);
    const extras = new Map<string, LockDependency[]>();
    for (const [extra, list] of Object.entries(item.tables.get('optional-dependencies') ?? {})) {
      extras.set(pep503Name(extra), uvDependencies(list));
    }
    const dev = Object.values(item.tables.get('dev-dependencies') ?? {}).flatMap((list) => uvDependencies(list));
    const sdist = isTable(item.fields.sdist) ? [item.fields.sdist] : [];
    const files = [...sdist, ...asArray(item.fields.wheels).filter(isTable)];
    const hashes = uniqueHashes(files.map((file) => parseHash(asString(file.hash) ?? '')));
    // The sdist is the one archive of the release; a wheel is one platform's build of it.
    const archive = downloadUrl(sdist[0]?.url);
    all.push({ name, version, hashes, ...(archive !== undefined ? { downloadUrl: archive } : {}), dependencies, extras, scopeKnown: false, direct: false, ...(isRoot ? { root: true } : {}) });
    rootGroups.push({ main: dependencies, optional: [...extras.values()].flat(), dev });
  }
  const roots = all.filter((entry) => entry.root);
  if (roots.length === 0) {
    return { entries: all, problems };
  }
  // Edges over every package, roots included, so extras a root asks for (`uvicorn[standard]`) are followed.
  const edges = lockEdges(all);
  const byName = new Map<string, LockEntry[]>();
  for (const entry of all) {
    byName.set(pep503Name(entry.name), [...(byName.get(pep503Name(entry.name)) ?? []), entry]);
  }
  const rootKeys = new Set(roots.map((root) => `${pep503Name(root.name)}@${root.version}`));
  const reach = (starts: readonly LockDependency[]): Set<string> => {
    const seen = new Set<string>();
    const queue = starts.flatMap((dependency) => matchDependency(byName, dependency));
    while (queue.length > 0) {
      const key = queue.pop() as string;
      if (seen.has(key) || rootKeys.has(key)) {
        continue;
      }
      seen.add(key);
      queue.push(...(edges.get(key) ?? []));
    }
    return seen;
  };
  const groups = rootGroups.filter((_, index) => all[index].root);
  const main = reach(groups.flatMap((group) => group.main));
  const optional = reach(groups.flatMap((group) => group.optional));
  const dev = reach(groups.flatMap((group) => group.dev));
  const direct = new Set(groups.flatMap((group) => [...group.main, ...group.optional, ...group.dev]).flatMap((dependency) => matchDependency(byName, dependency)));
  const entries = all.map((entry): LockEntry => {
    if (entry.root) {
      return entry;
    }
    const key = `${pep503Name(entry.name)}@${entry.version}`;
    const scope = main.has(key) ? undefined : optional.has(key) ? 'optional' : dev.has(key) ? 'dev' : null;
    return { ...entry, direct: direct.has(key), scopeKnown: scope !== null, ...(scope ? { scope } : {}) };
  });
  return { entries, problems };
}

/** `[{ name = "idna" }, { name = "uvicorn", extra = ["standard"] }, …]`, without entries only an extra of this package needs. */
function uvDependencies(list: Plain | undefined): LockDependency[] {
  return asArray(list).flatMap((item) => {
    const name = isTable(item) ? asString(item.name) : undefined;
    if (!isTable(item) || name === undefined || /\bextra\b/.test(asString(item.marker) ?? '')) {
      return [];
    }
    const version = asString(item.version);
    const extras = asArray(item.extra).flatMap((extra) => (typeof extra === 'string' ? [extra] : []));
    return [{ name: pep503Name(name), ...(version !== undefined ? { version } : {}), extras }];
  });
}
