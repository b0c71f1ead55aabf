import * as path from 'node:path';
import { parseLenientToml } from '../../manifests/toml/lenientToml';
import { stringValue, tomlPathEntries } from '../../manifests/toml/tomlPaths';
import { readDataFile } from '../dataFiles';
import { readCargoManifestFields, type CargoManifestFields } from './cargoManifest';

/**
 * The folder `cargo vendor` filled, as the project's `.cargo/config.toml` names it:
 * `[source.crates-io] replace-with = "X"` and `[source.X] directory = "…"` (relative to the folder
 * holding `.cargo`). Undefined when crates.io is not replaced by a directory source.
 */
export async function vendoredSourcesFolder(projectDir: string, files: string[]): Promise<string | undefined> {
  for (const name of ['config.toml', 'config']) {
    const file = path.join(projectDir, '.cargo', name);
    const read = await readDataFile(file);
    if (!('text' in read)) {
      continue;
    }
    files.push(file);
    const values = new Map(tomlPathEntries(parseLenientToml(read.text)).map((entry) => [entry.path.map((part) => part.name).join('\0'), entry.value]));
    const replacement = stringValue(values.get(['source', 'crates-io', 'replace-with'].join('\0')));
    const directory = replacement === undefined ? undefined : stringValue(values.get(['source', replacement, 'directory'].join('\0')));
    return directory === undefined ? undefined : path.resolve(projectDir, directory);
  }
  return undefined;
}

/** `cargo vendor` writes `<name>/`, or `<name>-<version>/` when several versions are vendored. */
export async function vendoredCrate(folder: string, name: string, version: string, files: string[]): Promise<{ folder: string; fields: CargoManifestFields } | null> {
  for (const candidate of [path.join(folder, `${name}-${version}`), path.join(folder, name)]) {
    const file = path.join(candidate, 'Cargo.toml');
    const read = await readDataFile(file);
    if ('text' in read) {
      const fields = readCargoManifestFields(read.text);
      if (fields.version === version) {
        files.push(file);
        return { folder: candidate, fields };
      }
    }
  }
  return null;
}
