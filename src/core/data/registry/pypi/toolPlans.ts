import type { IndexPlan } from './indexPlan';
import { type PackageIndex, parseIndexUrl, PYPI_SIMPLE_URL } from './indexUrl';
import type { PipIndexSettings } from './pipConfig';
import type { PdmSettings, PoetrySettings, UvSettings } from './pyprojectIndexes';
import type { IndexOption } from './requirementsIndexes';

/**
 * The index a tool falls back to where nothing the developer configured names one: PyPI, or the
 * OSPO's mirror in its place; undefined when none may be asked (the OSPO's mirror is unusable).
 * `origin` says which rule of the tool asked for it, for the log.
 */
export type PublicIndex = (origin: string) => PackageIndex | undefined;

export const PYPI_INDEX: PublicIndex = (origin) => parseIndexUrl(PYPI_SIMPLE_URL, origin);

/** pip: `index-url` (PyPI when unset) and every `extra-index-url`, then each requirements-file option in order, all merged. */
export function pipPlan(settings: PipIndexSettings, options: readonly IndexOption[], problems: string[], publicIndex: PublicIndex = PYPI_INDEX): IndexPlan {
  const { indexes } = pipIndexes(settings, options, problems, publicIndex);
  return { tool: 'pip', tiers: indexes.length > 0 ? [indexes] : [], pins: new Map(), credentials: indexes };
}

export function pipIndexes(settings: PipIndexSettings, options: readonly IndexOption[], problems: string[], publicIndex: PublicIndex = PYPI_INDEX): { indexes: PackageIndex[] } {
  let noIndex = settings.noIndex;
  const fallback = settings.indexUrl === undefined ? publicIndex('the default index') : undefined;
  const first = settings.indexUrl ?? (fallback !== undefined ? { value: fallback.url, origin: fallback.origin } : undefined);
  let written: { value: string; origin: string }[] = noIndex ? [] : [...(first !== undefined ? [first] : []), ...settings.extraIndexUrls];
  // pip's `handle_option_line`: `--no-index` empties the list, `--index-url` replaces it, `--extra-index-url` appends.
  for (const option of options) {
    if (option.kind === 'no-index') {
      noIndex = true;
      written = [];
    } else if (!noIndex && option.kind === 'index-url') {
      written = [{ value: option.value, origin: option.origin }];
    } else if (!noIndex) {
      written.push({ value: option.value, origin: option.origin });
    }
  }
  return { indexes: unique(written.flatMap((entry) => indexOf(entry.value, entry.origin, problems))) };
}

/**
 * uv (docs, "Package indexes"): `UV_INDEX` and `UV_EXTRA_INDEX_URL` first, then the project's
 * indexes in order, then the default index (`UV_DEFAULT_INDEX`, `UV_INDEX_URL`, an index with
 * `default = true`, `[tool.uv] index-url`, else PyPI) last. `explicit` indexes serve only the
 * packages pinned to them. With the default `first-index` strategy each index is its own tier;
 * `unsafe-best-match` merges them.
 */
export function uvPlan(settings: UvSettings, env: Readonly<Record<string, string | undefined>>, problems: string[], publicIndex: PublicIndex = PYPI_INDEX): IndexPlan {
  const named = new Map<string, PackageIndex>();
  const ordered: PackageIndex[] = [];
  for (const word of words(env.UV_INDEX)) {
    const equals = word.indexOf('=');
    // `name=url` names an index; a URL's own `=` comes after its `://`.
    const hasName = equals > 0 && !word.slice(0, equals).includes(':');
    ordered.push(...indexOf(hasName ? word.slice(equals + 1) : word, 'UV_INDEX', problems));
  }
  for (const word of words(env.UV_EXTRA_INDEX_URL)) {
    ordered.push(...indexOf(word, 'UV_EXTRA_INDEX_URL', problems));
  }
  let projectDefault: PackageIndex | undefined;
  for (const declared of settings.indexes) {
    const index = indexOf(declared.url, declared.origin, problems)[0];
    if (index === undefined) {
      continue;
    }
    if (declared.name !== undefined && !named.has(declared.name)) {
      named.set(declared.name, index);
    }
    if (declared.default) {
      projectDefault ??= index;
    } else if (!declared.explicit) {
      ordered.push(index);
    }
  }
  for (const url of settings.extraIndexUrls) {
    ordered.push(...indexOf(url, 'pyproject.toml [tool.uv] extra-index-url', problems));
  }
  const envDefault = firstWord(env.UV_DEFAULT_INDEX) ?? firstWord(env.UV_INDEX_URL);
  const defaultIndex =
    (envDefault !== undefined ? indexOf(envDefault, env.UV_DEFAULT_INDEX !== undefined ? 'UV_DEFAULT_INDEX' : 'UV_INDEX_URL', problems)[0] : undefined) ??
    projectDefault ??
    (settings.indexUrl !== undefined ? indexOf(settings.indexUrl, 'pyproject.toml [tool.uv] index-url', problems)[0] : undefined) ??
    publicIndex('uv default index');
  const noIndex = settings.noIndex || isTruthy(env.UV_NO_INDEX);
  const all = noIndex ? [] : unique([...ordered, ...(defaultIndex !== undefined ? [defaultIndex] : [])]);
  const merged = env.UV_INDEX_STRATEGY === 'unsafe-best-match';
  const pins = new Map<string, PackageIndex>();
  for (const [name, indexName] of settings.pins) {
    const index = named.get(indexName);
    if (index === undefined) {
      problems.push(`pyproject.toml [tool.uv.sources] names an index "${indexName}" that no [[tool.uv.index]] defines`);
    } else if (!noIndex) {
      pins.set(name, index);
    }
  }
  return { tool: 'uv', tiers: merged ? (all.length > 0 ? [all] : []) : all.map((index) => [index]), pins, credentials: [...named.values(), ...all] };
}

/**
 * Poetry (docs, "Repositories", "Package Sources"): the default source, primary sources, PyPI
 * (implicit unless a primary or default source exists, or PyPI is configured itself) and
 * secondary sources are all searched and merged; supplemental sources only when none of those
 * has the package; explicit sources only for packages that name them.
 */
export function poetryPlan(settings: PoetrySettings, problems: string[], publicIndex: PublicIndex = PYPI_INDEX): IndexPlan {
  const byName = new Map<string, PackageIndex>();
  const byPriority = new Map<string, PackageIndex[]>();
  let pypiConfigured = false;
  for (const source of settings.sources) {
    const isPypi = source.name.toLowerCase() === 'pypi';
    pypiConfigured ||= isPypi;
    const index = source.url !== undefined ? indexOf(source.url, source.origin, problems)[0] : isPypi ? publicIndex(source.origin) : undefined;
    if (index === undefined) {
      if (source.url === undefined && !isPypi) {
        problems.push(`${source.origin} has no url`);
      }
      continue;
    }
    byName.set(source.name.toLowerCase(), index);
    byPriority.set(source.priority, [...(byPriority.get(source.priority) ?? []), index]);
  }
  const primary = [...(byPriority.get('default') ?? []), ...(byPriority.get('primary') ?? [])];
  const implicit = primary.length === 0 && !pypiConfigured ? publicIndex('Poetry implicit PyPI') : undefined;
  const implicitPypi = implicit !== undefined ? [implicit] : [];
  const namedPypi = byName.has('pypi') ? undefined : publicIndex('Poetry implicit PyPI');
  if (namedPypi !== undefined) {
    byName.set('pypi', namedPypi);
  }
  const first = unique([...primary, ...implicitPypi, ...(byPriority.get('secondary') ?? [])]);
  const supplemental = unique(byPriority.get('supplemental') ?? []);
  const pins = new Map<string, PackageIndex>();
  for (const [name, sourceName] of settings.pins) {
    const index = byName.get(sourceName.toLowerCase());
    if (index === undefined) {
      problems.push(`pyproject.toml names a Poetry source "${sourceName}" that no [[tool.poetry.source]] defines`);
    } else {
      pins.set(name, index);
    }
  }
  return { tool: 'poetry', tiers: [first, supplemental].filter((tier) => tier.length > 0), pins, credentials: [...byName.values()] };
}

/**
 * PDM (docs, "Configure the package indexes"; `Project.sources`): PyPI (`PDM_PYPI_URL` or
 * pypi.org) first unless a source is named `pypi`, which replaces it where it stands, then the
 * project's sources; all merged unless `respect-source-order`, which asks them one after the other.
 */
export function pdmPlan(settings: PdmSettings, env: Readonly<Record<string, string | undefined>>, problems: string[], publicIndex: PublicIndex = PYPI_INDEX): IndexPlan {
  const indexes: PackageIndex[] = [];
  const hasPypi = settings.sources.some((source) => source.name === 'pypi');
  if (!hasPypi) {
    const configured = firstWord(env.PDM_PYPI_URL);
    const index = (configured !== undefined ? indexOf(configured, 'PDM_PYPI_URL', problems)[0] : undefined) ?? publicIndex('PDM default index');
    if (index !== undefined) {
      indexes.push(index);
    }
  }
  for (const source of settings.sources) {
    const index = indexOf(source.url, source.origin, problems)[0];
    if (index !== undefined) {
      indexes.push({ ...index, ...(source.include.length > 0 ? { include: source.include } : {}), ...(source.exclude.length > 0 ? { exclude: source.exclude } : {}) });
    }
  }
  const all = unique(indexes);
  return { tool: 'pdm', tiers: settings.respectSourceOrder ? all.map((index) => [index]) : all.length > 0 ? [all] : [], pins: new Map(), credentials: all };
}
function indexOf(url: string, origin: string, problems: string[]): PackageIndex[] {
  if (url.includes('${')) {
    // Written for the tool to expand from the environment; we do not, and the URL alone is not the index.
    const withoutVariables = withoutCredentials(url);
    const index = withoutVariables.includes('${') ? undefined : parseIndexUrl(withoutVariables, origin);
    problems.push(`the index URL in ${origin} uses environment variables, which are not expanded${index !== undefined ? '; it is asked without credentials' : ''}`);
    return index !== undefined ? [index] : [];
  }
  const index = parseIndexUrl(url, origin);
  if (index === undefined) {
    problems.push(`the index URL in ${origin} is not an http(s) URL; ignored`);
    return [];
  }
  return [index];
}

/** The URL with its `user:password@` part removed. */
function withoutCredentials(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme < 0) {
    return url;
  }
  const authorityEnd = [url.indexOf('/', scheme + 3), url.indexOf('?', scheme + 3), url.indexOf('#', scheme + 3), url.length].filter((at) => at >= 0).reduce((a, b) => Math.min(a, b));
  const at = url.lastIndexOf('@', authorityEnd - 1);
  return at > scheme ? url.slice(0, scheme + 3) + url.slice(at + 1) : url;
}

/** The first occurrence of each index URL; one with credentials wins over the same URL without. */
function unique(indexes: readonly PackageIndex[]): PackageIndex[] {
  const result: PackageIndex[] = [];
  for (const index of indexes) {
    const existing = result.findIndex((other) => other.url === index.url);
    if (existing < 0) {
      result.push(index);
    } else if (result[existing].authorization === undefined && index.authorization !== undefined) {
      result[existing] = { ...result[existing], authorization: index.authorization };
    }
  }
  return result;
}

function words(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(/\s+/).filter((word) => word !== '');
}

function firstWord(value: string | undefined): string | undefined {
  return words(value)[0];
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}
