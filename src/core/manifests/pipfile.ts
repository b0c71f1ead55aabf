import { manifestResult } from './result';
import { collectTableDependencies, type TomlTableDependency } from './toml/tomlDependencyTables';
import { parseLenientToml } from './toml/lenientToml';
import { stringItems, stringValue } from './toml/tomlPaths';
import type { DependencySource, ManifestDependency, ManifestParser } from './types';

/** Pipfile tables that are settings, not package categories (pipenv allows custom categories). */
const NON_PACKAGE_TABLES = new Set(['source', 'requires', 'scripts', 'pipenv', 'dev-packages-settings']);

export const parsePipfile: ManifestParser = (text) => {
  const document = parseLenientToml(text);
  const dependencies = collectTableDependencies(document, (path) => (NON_PACKAGE_TABLES.has(path[0]) ? null : 1)).map(toDependency);
  return manifestResult('pipfile', text, dependencies, document.problems);
};

function toDependency(found: TomlTableDependency): ManifestDependency {
  const version = found.direct?.kind === 'string' ? found.direct : found.fields.get('version');
  const spec = version?.kind === 'string' ? version : undefined;
  const extras = found.fields.get('extras');
  const markers = stringValue(found.fields.get('markers'));
  return {
    ecosystem: 'pypi',
    name: found.name.name,
    spec: spec ? spec.value : null,
    section: found.section,
    nameRange: found.name.range,
    specRange: spec ? spec.contentRange : null,
    ...(extras ? { extras: stringItems(extras) } : {}),
    ...(markers !== undefined ? { markers } : {}),
    ...sourceField(found),
  };
}

function sourceField(found: TomlTableDependency): { source?: DependencySource } {
  const git = stringValue(found.fields.get('git'));
  if (git !== undefined) {
    return { source: { kind: 'git', value: git } };
  }
  const path = stringValue(found.fields.get('path'));
  if (path !== undefined) {
    return { source: { kind: 'path', value: path } };
  }
  const file = stringValue(found.fields.get('file'));
  return file !== undefined ? { source: { kind: 'url', value: file } } : {};
}
