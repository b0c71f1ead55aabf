import * as path from 'node:path';
import { pep503Name } from '../../policy/purl';
import { packageId, type DeclaredLicense, type ResolvedPackage, type Resolver, type ResolverResult } from '../types';
import { DataReader } from '../dataFiles';
import { uniqueHashes, type PypiDraft } from './drafts';
import { lockDrafts, type LockParseResult } from './lockGraph';
import { parsePipfileLock } from './pipfileLock';
import { parsePoetryLock } from './poetryLock';
import { parseUvLock } from './uvLock';
import { findEnvironments, readEnvironment } from './venv';

export { CLASSIFIER_TO_SPDX, classifierToSpdx, classifiersNameOneLicense, licenseFromClassifiers } from './classifiers';
export { isLicenseName, licenseFromMetadata, parseCoreMetadata, requiredDistributions } from './metadata';
export { parsePipfileLock } from './pipfileLock';
export { parsePoetryLock } from './poetryLock';
export { parseUvLock } from './uvLock';
export { findEnvironments, findSitePackages } from './venv';

const LOCKFILES: readonly { readonly file: string; readonly parse: (text: string) => LockParseResult }[] = [
  { file: 'poetry.lock', parse: parsePoetryLock },
  { file: 'uv.lock', parse: parseUvLock },
  { file: 'Pipfile.lock', parse: parsePipfileLock },
];

/**
 * The Python packages of a project folder: the lockfiles (`poetry.lock`, `uv.lock`,
 * `Pipfile.lock`) for versions, hashes, groups and the graph, and the virtual environments in the
 * folder (plus `VIRTUAL_ENV`) for what is installed, with licenses from each distribution's
 * metadata. Records of one name and version from several sources become one package: the first
 * lockfile names its `source`, the environment gives `path`, the published spelling of the name
 * (`Name:` in METADATA) wins, hashes and dependencies are united, and it is `dev`/`optional` only
 * when no lockfile puts it in the main group.
 */
export const resolvePypi: Resolver = async (projectDir, options) => {
  const reader = new DataReader(projectDir);
  const drafts: PypiDraft[] = [];
  try {
    for (const { file, parse } of LOCKFILES) {
      const full = path.join(projectDir, file);
      const text = await reader.read(full);
      if (text === undefined) {
        continue;
      }
      const parsed = safeParse(parse, text);
      if (parsed.problems.length > 0) {
        reader.problem(full, parsed.problems.join('; '));
      }
      drafts.push(...lockDrafts(parsed.entries, file));
    }
    for (const environment of await findEnvironments(projectDir, options.env)) {
      drafts.push(...(await readEnvironment(reader, environment)));
    }
  } catch (error) {
    reader.problem(projectDir, `Python packages could not be read completely (${error instanceof Error ? error.message : String(error)})`);
  }
  return { packages: mergeDrafts(drafts), files: reader.files, problems: reader.problems } satisfies ResolverResult;
};

function safeParse(parse: (text: string) => LockParseResult, text: string): LockParseResult {
  try {
    return parse(text);
  } catch (error) {
    return { entries: [], problems: [`cannot be read (${error instanceof Error ? error.message : String(error)})`] };
  }
}

/** One package per PEP 503 name and version; dependency ids use the merged spelling of each name. */
export function mergeDrafts(drafts: readonly PypiDraft[]): ResolvedPackage[] {
  const spelling = new Map<string, string>();
  for (const draft of drafts) {
    if (!spelling.has(pep503Name(draft.name))) {
      spelling.set(pep503Name(draft.name), draft.name);
    }
  }
  // The published spelling (`Name:` in METADATA) wins over a lockfile's; the first one read.
  for (const draft of drafts.filter((candidate) => candidate.fromMetadata).reverse()) {
    spelling.set(pep503Name(draft.name), draft.name);
  }
  const groups = new Map<string, PypiDraft[]>();
  for (const draft of drafts) {
    const key = `${pep503Name(draft.name)}@${draft.version}`;
    groups.set(key, [...(groups.get(key) ?? []), draft]);
  }
  const idOf = (key: string): string => {
    const at = key.indexOf('@');
    const name = key.slice(0, at);
    return packageId(spelling.get(name) ?? name, key.slice(at + 1));
  };
  return [...groups.values()].map((group) => {
    const first = group[0];
    const license = pickLicense(group.map((draft) => draft.license));
    const hashes = uniqueHashes(group.flatMap((draft) => draft.hashes));
    const dependencies = [...new Set(group.flatMap((draft) => draft.dependencies))].map(idOf);
    const known = group.filter((draft) => draft.scopeKnown);
    const scope = known.length === 0 || known.some((draft) => draft.scope === undefined) ? undefined : known.some((draft) => draft.scope === 'optional') ? 'optional' : 'dev';
    const installed = group.find((draft) => draft.path !== undefined)?.path;
    const funding = group.find((draft) => draft.funding)?.funding;
    const repository = group.find((draft) => draft.repository !== undefined)?.repository;
    const archive = group.find((draft) => draft.downloadUrl !== undefined)?.downloadUrl;
    return {
      ecosystem: 'pypi',
      name: spelling.get(pep503Name(first.name)) ?? first.name,
      version: first.version,
      ...(license ? { license } : {}),
      source: first.source,
      ...(hashes.length > 0 ? { hashes } : {}),
      ...(dependencies.length > 0 ? { dependencies } : {}),
      ...(group.some((draft) => draft.direct) ? { direct: true } : {}),
      ...(scope ? { scope } : {}),
      ...(installed !== undefined ? { path: installed } : {}),
      ...(funding ? { funding } : {}),
      ...(repository !== undefined ? { repository } : {}),
      ...(archive !== undefined ? { downloadUrl: archive } : {}),
    } satisfies ResolvedPackage;
  });
}

/** A declared license over one identified from text. */
function pickLicense(licenses: readonly (DeclaredLicense | undefined)[]): DeclaredLicense | undefined {
  return licenses.find((license) => license && license.confidence === undefined) ?? licenses.find((license) => license !== undefined);
}
