import { pythonTableDependency } from './pythonTableDependency';
import { manifestResult } from './result';
import { collectTableDependencies, type TomlTableDependency } from './toml/tomlDependencyTables';
import { parseLenientToml } from './toml/lenientToml';
import type { ManifestDependency, ManifestParser } from './types';

/** Pipfile tables that are settings, not package categories (pipenv allows custom categories). */
const NON_PACKAGE_TABLES = new Set(['source', 'requires', 'scripts', 'pipenv', 'dev-packages-settings']);

const PIPFILE_SOURCES = [
  ['git', 'git'],
  ['path', 'path'],
  ['file', 'url'],
] as const;

export const parsePipfile: ManifestParser = (text) => {
  const document = parseLenientToml(text);
  const dependencies = collectTableDependencies(document, (path) => (NON_PACKAGE_TABLES.has(path[0]) ? null : 1)).map(toDependency);
  return manifestResult('pipfile', text, dependencies, document.problems);
};

function toDependency(found: TomlTableDependency): ManifestDependency {
  const version = found.direct?.kind === 'string' ? found.direct : found.fields.get('version');
  return pythonTableDependency(found, found.fields, version?.kind === 'string' ? version : undefined, PIPFILE_SOURCES);
}
