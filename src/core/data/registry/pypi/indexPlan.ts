import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';
import { pep503Name } from '../../../policy/purl';
import type { RegistryConfigSources } from '../types';
import { type PackageIndex, parseIndexUrl } from './indexUrl';
import { readPipConfig } from './pipConfig';
import { type PyprojectIndexes, readPyprojectIndexes } from './pyprojectIndexes';
import { readRequirementsIndexes } from './requirementsIndexes';
import { pdmPlan, pipIndexes, pipPlan, poetryPlan, type PublicIndex, PYPI_INDEX, uvPlan } from './toolPlans';

/**
 * Where a package name is looked up, and in which order. Within a tier the indexes are merged (every
 * version of every index counts, as pip does with `--extra-index-url`); across tiers the first
 * tier where the package exists answers alone, as uv's default `first-index` strategy and Poetry's
 * supplemental sources do. That is what keeps a private package from being shadowed by a public
 * one of the same name wherever the tool itself guards against it.
 */
export interface IndexPlan {
  /** Whose rules built the plan, for the log. */
  readonly tool: 'pip' | 'uv' | 'poetry' | 'pdm';
  readonly tiers: readonly (readonly PackageIndex[])[];
  /** PEP 503 name → the one index it is looked up on (uv `[tool.uv.sources]`, Poetry `source =`). */
  readonly pins: ReadonlyMap<string, PackageIndex>;
  /**
   * Credentials by index for every configured index, the user's first: pip applies credentials
   * per host, so a metadata file on the index's own host gets them too.
   */
  readonly credentials: readonly PackageIndex[];
}

export interface IndexPlanOptions {
  readonly platform?: NodeJS.Platform;
  /** Folders holding the global `pip.conf`, instead of the system's (tests). */
  readonly globalDirs?: readonly string[];
}

const MAX_PYPROJECT_BYTES = 4 * 1024 * 1024;

/**
 * Reads every source of index configuration for a folder: pip's configuration and `PIP_*`
 * variables always; the project's pyproject.toml (uv, Poetry, PDM sources) and requirements files
 * only when the project is trusted. A pyproject that names sources decides by its tool's rules
 * (uv, then Poetry, then PDM); otherwise pip's configuration and the requirements files do.
 */
export async function readIndexPlan(sources: RegistryConfigSources, options: IndexPlanOptions = {}): Promise<{ plan: IndexPlan; files: string[]; problems: string[] }> {
  const pip = await readPipConfig({
    home: sources.home,
    env: sources.env,
    projectDirs: [sources.projectDir, sources.rootDir],
    trustProject: sources.trustProject,
    ...(options.platform !== undefined ? { platform: options.platform } : {}),
    ...(options.globalDirs !== undefined ? { globalDirs: options.globalDirs } : {}),
  });
  const files = [...pip.files];
  const problems = [...pip.problems];
  const publicIndex = publicIndexOf(sources.mirror, problems);
  // Problems of the same URLs are reported once, by the plan below.
  const userIndexes = pipIndexes(pip.settings, [], [], publicIndex).indexes;
  if (!sources.trustProject) {
    return { plan: pipPlan(pip.settings, [], problems, publicIndex), files, problems: [...new Set(problems)] };
  }
  const pyproject = await nearestPyprojectSources(sources, files, problems);
  let plan: IndexPlan;
  if (pyproject?.uv !== undefined) {
    plan = uvPlan(pyproject.uv, sources.env, problems, publicIndex);
  } else if (pyproject?.poetry !== undefined) {
    plan = poetryPlan(pyproject.poetry, problems, publicIndex);
  } else if (pyproject?.pdm !== undefined) {
    plan = pdmPlan(pyproject.pdm, sources.env, problems, publicIndex);
  } else {
    const requirements = await readRequirementsIndexes(sources.projectDir, sources.rootDir);
    files.push(...requirements.files);
    problems.push(...requirements.problems);
    plan = pipPlan(pip.settings, requirements.options, problems, publicIndex);
  }
  // The user's own credentials for a host come before any the project writes into a URL for it.
  return { plan: { ...plan, credentials: [...userIndexes, ...plan.credentials] }, files, problems: [...new Set(problems)] };
}

/**
 * PyPI, or the OSPO's mirror wherever a tool would fall back to PyPI: pip's default `index-url`,
 * uv's default index, Poetry's implicit (or url-less `PyPI`) source, PDM's first index. Whatever
 * the developer configured still comes first, as it would before PyPI. The mirror gets no
 * credentials of its own (any written into the policy's URL are dropped): only those the user's
 * configuration gives its host. A mirror that is not an http(s) URL stands for no index at all,
 * never for PyPI, which the OSPO chose not to send names to.
 */
function publicIndexOf(mirror: string | undefined, problems: string[]): PublicIndex {
  if (mirror === undefined) {
    return PYPI_INDEX;
  }
  const parsed = parseIndexUrl(mirror, "your OSPO's mirror");
  if (parsed === undefined) {
    problems.push("your OSPO's Python package index mirror is not an http(s) URL; no index is used in place of PyPI");
    return () => undefined;
  }
  return (origin) => ({ url: parsed.url, host: parsed.host, origin: `your OSPO's mirror (${origin})` });
}

/** The tiers for one package: its pin, else the plan's tiers without the indexes PDM's include/exclude rule out. */
export function tiersFor(plan: IndexPlan, name: string): PackageIndex[][] {
  const normalized = pep503Name(name);
  const pinned = plan.pins.get(normalized);
  if (pinned !== undefined) {
    return [[pinned]];
  }
  const all = plan.tiers.flat();
  const including = all.filter((index) => index.include?.some((pattern) => globMatch(pattern, normalized)) === true);
  const allowed = (index: PackageIndex): boolean =>
    (including.length === 0 || including.includes(index)) && index.exclude?.some((pattern) => globMatch(pattern, normalized)) !== true;
  return plan.tiers.map((tier) => tier.filter(allowed)).filter((tier) => tier.length > 0);
}
/** The nearest pyproject.toml from the folder up to the workspace root that names package sources. */
async function nearestPyprojectSources(sources: RegistryConfigSources, files: string[], problems: string[]): Promise<PyprojectIndexes | undefined> {
  let dir = sources.projectDir;
  for (let depth = 0; depth < 32; depth++) {
    const file = path.join(dir, 'pyproject.toml');
    let bytes: Buffer | undefined;
    try {
      bytes = await readCapped(file, MAX_PYPROJECT_BYTES, 'pyproject');
    } catch (error) {
      problems.push((error as Error).message);
    }
    if (bytes !== undefined) {
      const found = readPyprojectIndexes(bytes.toString('utf8'));
      if (found.uv !== undefined || found.poetry !== undefined || found.pdm !== undefined) {
        files.push(file);
        return found;
      }
    }
    const parent = path.dirname(dir);
    const relative = path.relative(sources.rootDir, parent);
    if (parent === dir || relative.startsWith('..') || path.isAbsolute(relative)) {
      return undefined;
    }
    dir = parent;
  }
  return undefined;
}
/** fnmatch-style `*` and `?` against a PEP 503 name, case-insensitive; linear backtracking on the last `*`. */
export function globMatch(pattern: string, name: string): boolean {
  const p = pep503Name(pattern);
  let pi = 0;
  let ni = 0;
  let star = -1;
  let mark = 0;
  while (ni < name.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === name[ni])) {
      pi++;
      ni++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ni;
    } else if (star >= 0) {
      pi = star + 1;
      ni = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') {
    pi++;
  }
  return pi === p.length;
}
