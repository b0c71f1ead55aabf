import { manifestResult } from './result';
import { collectTableDependencies, type TomlTableDependency } from './toml/tomlDependencyTables';
import { parseLenientToml } from './toml/lenientToml';
import { isTrue, sourceFromFields, stringItems, stringValue } from './toml/tomlPaths';
import type { TomlValue } from './toml/tomlTypes';
import type { DependencySource, ManifestDependency, ManifestParser } from './types';

const DEPENDENCY_TABLES = new Set(['dependencies', 'dev-dependencies', 'build-dependencies', 'dev_dependencies', 'build_dependencies']);

export const parseCargoToml: ManifestParser = (text) => {
  const document = parseLenientToml(text);
  const dependencies = collectTableDependencies(document, locateCargoDependency).map(toDependency);
  return manifestResult('cargo', text, dependencies, document.problems);
};

/** `[dependencies]`, `[target.<cfg>.dependencies]` and `[workspace.dependencies]`, never `[patch]` or `[profile]`. */
function locateCargoDependency(path: readonly string[]): number | null {
  if (DEPENDENCY_TABLES.has(path[0])) {
    return 1;
  }
  if (path[0] === 'target' && path.length >= 3 && DEPENDENCY_TABLES.has(path[2])) {
    return 3;
  }
  if (path[0] === 'workspace' && path[1] === 'dependencies') {
    return 2;
  }
  return null;
}

function toDependency(found: TomlTableDependency): ManifestDependency {
  const version = found.direct?.kind === 'string' ? found.direct : found.fields.get('version');
  const spec = version?.kind === 'string' ? version : undefined;
  const renamed = stringValue(found.fields.get('package'));
  const features = found.fields.get('features');
  const source = cargoSource(found.fields);
  return {
    ecosystem: 'cargo',
    name: found.name.name,
    ...(renamed !== undefined && renamed !== found.name.name ? { package: renamed } : {}),
    spec: spec ? spec.value : null,
    section: found.section,
    nameRange: found.name.range,
    specRange: spec ? spec.contentRange : null,
    ...(isTrue(found.fields.get('optional')) ? { optional: true } : {}),
    ...(features ? { extras: stringItems(features) } : {}),
    ...(source ? { source } : {}),
  };
}

function cargoSource(fields: ReadonlyMap<string, TomlValue>): DependencySource | undefined {
  const source = sourceFromFields(fields, [
    ['git', 'git'],
    ['path', 'path'],
  ]);
  return source ?? (isTrue(fields.get('workspace')) ? { kind: 'workspace', value: 'workspace' } : undefined);
}
