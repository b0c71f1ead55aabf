import { parsePep508, urlSource } from './pep508';
import { pythonTableDependency } from './pythonTableDependency';
import { manifestResult } from './result';
import { collectTableDependencies, type TomlTableDependency } from './toml/tomlDependencyTables';
import { parseLenientToml } from './toml/lenientToml';
import { formatTomlPath, tomlPathEntries } from './toml/tomlPaths';
import type { TomlString, TomlValue } from './toml/tomlTypes';
import type { ManifestDependency, ManifestParser, ParseProblem } from './types';

/**
 * pyproject.toml: PEP 621 `project.dependencies` and `optional-dependencies`, PEP 735
 * `dependency-groups`, `build-system.requires`, uv's and PDM's development lists (all PEP 508
 * strings), and Poetry's `tool.poetry.*dependencies` tables.
 */
export const parsePyproject: ManifestParser = (text) => {
  const document = parseLenientToml(text);
  const problems: ParseProblem[] = [...document.problems];
  const dependencies: ManifestDependency[] = [];
  for (const entry of tomlPathEntries(document)) {
    const names = entry.path.map((part) => part.name);
    if (isRequirementList(names) && entry.value.kind === 'array') {
      const section = formatTomlPath(names);
      for (const item of entry.value.items) {
        if (item.kind === 'string') {
          const dependency = fromRequirementString(item, section, problems);
          if (dependency) {
            dependencies.push(dependency);
          }
        }
      }
    }
  }
  for (const found of collectTableDependencies(document, locatePoetryDependency)) {
    if (found.name.name.toLowerCase() !== 'python') {
      dependencies.push(fromPoetryTable(found));
    }
  }
  return manifestResult('pyproject', text, dependencies, problems);
};

/** Key paths whose value is a list of PEP 508 strings. */
function isRequirementList(path: readonly string[]): boolean {
  const [first, second, third, fourth] = path;
  switch (path.length) {
    case 2:
      return (first === 'project' && second === 'dependencies') || (first === 'build-system' && second === 'requires') || first === 'dependency-groups';
    case 3:
      return (first === 'project' && second === 'optional-dependencies') || (first === 'tool' && second === 'uv' && third === 'dev-dependencies');
    case 4:
      return first === 'tool' && second === 'pdm' && third === 'dev-dependencies' && fourth !== undefined;
    default:
      return false;
  }
}

function locatePoetryDependency(path: readonly string[]): number | null {
  if (path[0] !== 'tool' || path[1] !== 'poetry') {
    return null;
  }
  if (path[2] === 'dependencies' || path[2] === 'dev-dependencies') {
    return 3;
  }
  if (path[2] === 'group' && path.length >= 5 && path[4] === 'dependencies') {
    return 5;
  }
  return null;
}

function fromRequirementString(item: TomlString, section: string, problems: ParseProblem[]): ManifestDependency | undefined {
  // Offsets map one to one only when the string has no escapes; otherwise they are close enough to point at it.
  const parsed = parsePep508(item.value, item.contentRange.start);
  problems.push(...parsed.problems);
  const requirement = parsed.requirement;
  if (!requirement) {
    return undefined;
  }
  return {
    ecosystem: 'pypi',
    name: requirement.name,
    spec: requirement.spec,
    section,
    nameRange: requirement.nameRange,
    specRange: requirement.specRange,
    ...(requirement.extras.length > 0 ? { extras: requirement.extras } : {}),
    ...(requirement.markers !== null ? { markers: requirement.markers } : {}),
    ...(requirement.url !== null ? { source: urlSource(requirement.url) } : {}),
  };
}

const POETRY_SOURCES = [
  ['git', 'git'],
  ['path', 'path'],
  ['url', 'url'],
] as const;

function fromPoetryTable(found: TomlTableDependency): ManifestDependency {
  const constraint = poetryConstraint(found);
  return pythonTableDependency(found, constraintFields(found), constraint?.kind === 'string' ? constraint : undefined, POETRY_SOURCES);
}

/**
 * `name = "^1.0"`, `name = { version = "^1.0" }`, or Poetry's multiple-constraints list,
 * whose first entry is taken as the one that names the version.
 */
function poetryConstraint(found: TomlTableDependency): TomlValue | undefined {
  if (found.direct?.kind === 'string') {
    return found.direct;
  }
  return constraintFields(found).get('version');
}

function constraintFields(found: TomlTableDependency): ReadonlyMap<string, TomlValue> {
  if (found.direct?.kind === 'array') {
    const first = found.direct.items.find((item) => item.kind === 'table');
    if (first?.kind === 'table') {
      return new Map(first.entries.filter((entry) => entry.key.length === 1).map((entry) => [entry.key[0].name, entry.value]));
    }
  }
  return found.fields;
}
