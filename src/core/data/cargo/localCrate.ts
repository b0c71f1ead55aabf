import * as path from 'node:path';
import { parseCargoToml } from '../../manifests/cargoToml';
import type { ManifestDependency } from '../../manifests/types';
import type { DeclaredLicense } from '../types';
import type { LocalFacts, LocalReader } from '../localDependencies';
import { readCargoManifestFields, type CargoManifestFields } from './cargoManifest';

interface ReadCrate {
  /** The folder as the manifest's path names it (for labels). */
  readonly folder: string;
  readonly fields: CargoManifestFields;
  readonly text: string;
}

/**
 * Cargo dependencies on local crates: `path = "../x"` (Cargo Book, "Specifying Dependencies",
 * "Specifying path dependencies"), and `x = { workspace = true }` where the workspace root's
 * `[workspace.dependencies]` gives x a `path` ("Inheriting a dependency from a workspace"). The
 * license and version are that crate's Cargo.toml `package.license` / `license-file` /
 * `version`, or its workspace's `[workspace.package]` where it writes `license.workspace = true`
 * ("Workspaces", "The `package` table"; an inherited `license-file` is relative to the workspace
 * root). The crate's own path dependencies are not followed. One instance per inventory.
 */
export class CargoLocalCrates {
  /** Folder → the workspace root above it (its Cargo.toml with `[workspace]`), when there is one. */
  private readonly roots = new Map<string, Promise<ReadCrate | undefined>>();

  async factsFor(dependency: ManifestDependency, reader: LocalReader): Promise<LocalFacts | undefined> {
    const name = dependency.package ?? dependency.name;
    const source = dependency.source;
    let folder: string | undefined;
    if (source?.kind === 'path') {
      folder = (await reader.folder(name, reader.manifestDir, source.value))?.lexical;
    } else if (source?.kind === 'workspace') {
      const root = await this.workspaceRoot(name, reader, reader.manifestDir);
      const inherited = root && parseCargoToml(root.text).dependencies.find((entry) => entry.section === 'workspace.dependencies' && entry.name === dependency.name);
      // A registry dependency of the workspace is answered by Cargo.lock; only a path is local.
      if (root && inherited?.source?.kind === 'path') {
        folder = (await reader.folder(name, root.folder, inherited.source.value))?.lexical;
      }
    }
    if (folder === undefined) {
      return undefined;
    }
    const crate = await readCrate(name, reader, folder);
    return crate ? this.crateFacts(name, reader, crate) : undefined;
  }

  private async crateFacts(name: string, reader: LocalReader, crate: ReadCrate): Promise<LocalFacts> {
    const { fields } = crate;
    const label = reader.label(path.join(crate.folder, 'Cargo.toml'));
    const inherits = new Set(fields.inherited ?? []);
    const root = inherits.size > 0 ? await this.workspaceRoot(name, reader, crate.folder, fields.workspacePath) : undefined;
    const shared = root?.fields.workspacePackage;
    const rootLabel = root ? reader.label(path.join(root.folder, 'Cargo.toml')) : '';
    const version =
      fields.version !== undefined
        ? { value: fields.version, source: label }
        : inherits.has('version') && shared?.version !== undefined
          ? { value: shared.version, source: `${rootLabel} workspace.package.version` }
          : undefined;
    let license: DeclaredLicense | undefined;
    if (nonEmpty(fields.license)) {
      license = { value: fields.license.trim(), source: `${label} package.license` };
    } else if (inherits.has('license') && nonEmpty(shared?.license)) {
      license = { value: shared.license.trim(), source: `${rootLabel} workspace.package.license` };
    } else if (nonEmpty(fields.licenseFile)) {
      license = await reader.identifiedFile(name, path.resolve(crate.folder, fields.licenseFile));
    } else if (inherits.has('license-file') && root && nonEmpty(shared?.licenseFile)) {
      license = await reader.identifiedFile(name, path.resolve(root.folder, shared.licenseFile));
    }
    return { ...(version ? { version } : {}), ...(license ? { license } : {}) };
  }

  /**
   * The workspace a crate folder belongs to: `package.workspace` when the crate names it, else the
   * nearest folder from its own upwards whose Cargo.toml has `[workspace]` ("Workspaces",
   * "Workspace selection"), inside the boundary.
   */
  private workspaceRoot(name: string, reader: LocalReader, folder: string, pointer?: string): Promise<ReadCrate | undefined> {
    const start = pointer !== undefined ? path.resolve(folder, pointer) : path.resolve(folder);
    const key = `${pointer !== undefined ? 'pointer' : 'search'}\0${start}`;
    let found = this.roots.get(key);
    if (!found) {
      found = pointer !== undefined ? readRoot(name, reader, start) : searchRoot(name, reader, start);
      this.roots.set(key, found);
    }
    return found;
  }
}

async function searchRoot(name: string, reader: LocalReader, start: string): Promise<ReadCrate | undefined> {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (!(await reader.inside(folder))) {
      return undefined;
    }
    const root = await readRoot(name, reader, folder);
    if (root) {
      return root;
    }
    if (path.dirname(folder) === folder) {
      return undefined;
    }
  }
}

async function readRoot(name: string, reader: LocalReader, folder: string): Promise<ReadCrate | undefined> {
  const crate = await readCrate(name, reader, folder);
  return crate && crate.fields.workspaceMembers !== null ? crate : undefined;
}

async function readCrate(name: string, reader: LocalReader, folder: string): Promise<ReadCrate | undefined> {
  const text = await reader.text(name, path.join(folder, 'Cargo.toml'));
  return text === undefined ? undefined : { folder, fields: readCargoManifestFields(text), text };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
