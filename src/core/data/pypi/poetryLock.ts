import { pep503Name } from '../../policy/purl';
import type { PackageHash } from '../types';
import { lineOf } from '../dataFiles';
import { parseHash, uniqueHashes } from './drafts';
import type { LockDependency, LockEntry, LockParseResult } from './lockGraph';
import { asArray, asString, isTable, readLockToml, type Plain } from './lockToml';
import { requirementName } from './metadata';

/**
 * `poetry.lock`: each `[[package]]` with `name`, `version`, its group (`category = "dev"` before
 * Poetry 1.5, `groups = [...]` from Poetry 2; the dev scope when `main` is not among them; nothing
 * said in between), `optional = true` (only installed for an extra of the project), `files`
 * hashes (`[metadata.files]` in lock files of Poetry 1.0), `[package.dependencies]` and
 * `[package.extras]`. Dependencies marked `optional = true` are only followed when a dependent
 * asks for the extra that needs them.
 */
export function parsePoetryLock(text: string): LockParseResult {
  const toml = readLockToml(text);
  const problems = [...toml.problems];
  const oldFiles = toml.tables.get('metadata.files') ?? {};
  const entries: LockEntry[] = [];
  for (const item of toml.packages) {
    const name = asString(item.fields.name);
    const version = asString(item.fields.version);
    if (name === undefined || version === undefined) {
      problems.push(`line ${lineOf(text, item.offset)}: a [[package]] has no ${name === undefined ? 'name' : 'version'}`);
      continue;
    }
    const hashes = uniqueHashes([...fileHashes(item.fields.files), ...fileHashes(oldFiles[name] ?? oldFiles[pep503Name(name)])]);
    const dependencies: LockDependency[] = [];
    const optionalByName = new Map<string, LockDependency>();
    for (const [dependencyName, spec] of Object.entries(item.tables.get('dependencies') ?? {})) {
      const read = poetryDependency(dependencyName, spec);
      if (read?.optional) {
        optionalByName.set(read.dependency.name, read.dependency);
      } else if (read) {
        dependencies.push(read.dependency);
      }
    }
    const extras = new Map<string, LockDependency[]>();
    for (const [extra, requirements] of Object.entries(item.tables.get('extras') ?? {})) {
      const list = asArray(requirements).flatMap((requirement) => {
        const dependencyName = typeof requirement === 'string' ? requirementName(requirement, false) : undefined;
        return dependencyName === undefined ? [] : [optionalByName.get(dependencyName) ?? { name: dependencyName, extras: [] }];
      });
      extras.set(pep503Name(extra), list);
    }
    entries.push({ name, version, hashes, dependencies, extras, direct: false, ...poetryScope(item.fields) });
  }
  return { entries, problems };
}

function poetryScope(fields: { readonly [key: string]: Plain }): Pick<LockEntry, 'scopeKnown' | 'scope'> {
  const category = asString(fields.category);
  const groups = Array.isArray(fields.groups) ? fields.groups.flatMap((group) => (typeof group === 'string' ? [group] : [])) : undefined;
  const optional = fields.optional === 'true';
  if (category !== undefined || groups !== undefined) {
    const isDev = category !== undefined ? category !== 'main' : !groups?.includes('main');
    return { scopeKnown: true, ...(isDev ? { scope: 'dev' as const } : optional ? { scope: 'optional' as const } : {}) };
  }
  return optional ? { scopeKnown: true, scope: 'optional' } : { scopeKnown: false };
}

/** `name = "spec"`, `name = {version, optional, extras, markers}` or a list of those (one per marker). */
function poetryDependency(name: string, spec: Plain): { dependency: LockDependency; optional: boolean } | undefined {
  const variants = Array.isArray(spec) ? spec : [spec];
  const tables = variants.filter(isTable);
  const extras = [...new Set(tables.flatMap((table) => asArray(table.extras).flatMap((extra) => (typeof extra === 'string' ? [extra] : []))))];
  const markers = tables.map((table) => asString(table.markers) ?? '');
  if (tables.length > 0 && tables.length === variants.length && markers.every((marker) => /\bextra\b/.test(marker))) {
    return undefined;
  }
  const optional = tables.length > 0 && tables.length === variants.length && tables.every((table) => table.optional === 'true');
  return { dependency: { name: pep503Name(name), extras }, optional };
}

function fileHashes(files: Plain | undefined): (PackageHash | undefined)[] {
  return asArray(files).map((file) => (isTable(file) ? parseHash(asString(file.hash) ?? '') : undefined));
}
