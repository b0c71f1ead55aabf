import type { TomlTableDependency } from './toml/tomlDependencyTables';
import { isTrue, sourceFromFields, stringItems, stringValue } from './toml/tomlPaths';
import type { TomlString, TomlValue } from './toml/tomlTypes';
import type { DependencySource, ManifestDependency } from './types';

/**
 * A PyPI dependency written as a TOML table entry (Pipfile, Poetry): the version, `extras`,
 * `markers`, `optional`, and where it comes from when not from the index.
 */
export function pythonTableDependency(
  found: TomlTableDependency,
  fields: ReadonlyMap<string, TomlValue>,
  spec: TomlString | undefined,
  sources: readonly (readonly [field: string, kind: DependencySource['kind']])[],
): ManifestDependency {
  const extras = stringItems(fields.get('extras'));
  const markers = stringValue(fields.get('markers'));
  const source = sourceFromFields(fields, sources);
  return {
    ecosystem: 'pypi',
    name: found.name.name,
    spec: spec ? spec.value : null,
    section: found.section,
    nameRange: found.name.range,
    specRange: spec ? spec.contentRange : null,
    ...(extras.length > 0 ? { extras } : {}),
    ...(markers !== undefined ? { markers } : {}),
    ...(isTrue(fields.get('optional')) ? { optional: true } : {}),
    ...(source ? { source } : {}),
  };
}
