import * as path from 'node:path';
import type { ManifestDependency } from '../../manifests/types';
import { coerceVersion, specToRange } from '../../policy/versions';
import type { LocalFacts, LocalReader } from '../localDependencies';
import { asObject, Limiter } from './io';
import { licenseOfManifest } from './license';
import { expandWorkspaces, manifestWorkspacePatterns, pnpmWorkspacePatterns } from './workspaces';

/** Workspace folders read for their package names, at most. */
const MAX_WORKSPACE_PACKAGES = 2000;

interface WorkspacePackage {
  readonly folder: string;
  readonly manifest: Readonly<Record<string, unknown>>;
}

/**
 * npm dependencies that are local folders: `file:`/`link:` and path specs (npm's package.json
 * docs, "Local Paths"), the `workspace:` protocol of pnpm and Yarn (a range, an alias
 * `name@range` or a relative path), and, in npm workspaces, a plain range that names one of the
 * workspace's packages (npm links it instead of fetching it when the version matches). The
 * license and version are the folder's package.json's; nothing further is followed. One instance
 * per inventory: the workspace listings are kept for its manifests.
 */
export class NpmLocalPackages {
  private readonly limiter = new Limiter(16);
  /** Workspace root → its packages by name. */
  private readonly workspaces = new Map<string, Promise<Map<string, WorkspacePackage>>>();
  /** Manifest folder → the workspace root above it. */
  private readonly roots = new Map<string, Promise<{ readonly folder: string; readonly patterns: string[] } | undefined>>();

  /** `hasRecord`: the installed tree or lockfile already answers for the dependency. */
  async factsFor(dependency: ManifestDependency, reader: LocalReader, hasRecord: boolean): Promise<LocalFacts | undefined> {
    const name = dependency.package ?? dependency.name;
    const source = dependency.source;
    if (source?.kind === 'path') {
      const written = folderOfPathSpec(source.value);
      return written === undefined ? undefined : this.folderFacts(name, reader, written);
    }
    if (source?.kind === 'workspace') {
      const target = workspaceTarget(source.value.trim().slice('workspace:'.length));
      if (target.kind === 'path') {
        return this.folderFacts(name, reader, target.path);
      }
      const found = (await this.workspacePackages(name, reader)).get(target.name ?? name);
      return found ? this.manifestFacts(name, reader, found.folder, found.manifest) : undefined;
    }
    if (source !== undefined || hasRecord) {
      return undefined;
    }
    const found = (await this.workspacePackages(name, reader)).get(name);
    if (!found || !versionMatches(dependency.spec, found.manifest.version)) {
      return undefined;
    }
    return this.manifestFacts(name, reader, found.folder, found.manifest);
  }

  private async folderFacts(name: string, reader: LocalReader, written: string): Promise<LocalFacts | undefined> {
    const folder = await reader.folder(name, reader.manifestDir, written);
    if (!folder) {
      return undefined;
    }
    const manifest = await readManifest(name, reader, path.join(folder.lexical, 'package.json'));
    return manifest ? this.manifestFacts(name, reader, folder.lexical, manifest) : undefined;
  }

  private async manifestFacts(name: string, reader: LocalReader, folder: string, manifest: Readonly<Record<string, unknown>>): Promise<LocalFacts> {
    const label = reader.label(path.join(folder, 'package.json'));
    const version = typeof manifest.version === 'string' && manifest.version.trim() !== '' ? { value: manifest.version.trim(), source: label } : undefined;
    const declared = licenseOfManifest(manifest);
    let license: LocalFacts['license'];
    if (declared.kind === 'declared') {
      // The legacy `licenses` list stays a list: several entries state no relation.
      license = { value: declared.value, source: label };
    } else if (declared.kind === 'file') {
      const file = path.resolve(folder, declared.file);
      license = (file.startsWith(folder + path.sep) ? await reader.identifiedFile(name, file) : undefined) ?? { value: declared.raw, source: label };
    } else {
      license = await reader.licenseFiles(name, folder);
    }
    return { ...(version ? { version } : {}), ...(license ? { license } : {}) };
  }

  /** The packages of the workspace the manifest belongs to, by name; none outside a workspace. */
  private async workspacePackages(name: string, reader: LocalReader): Promise<Map<string, WorkspacePackage>> {
    let rootLookup = this.roots.get(reader.manifestDir);
    if (!rootLookup) {
      rootLookup = findWorkspaceRoot(name, reader);
      this.roots.set(reader.manifestDir, rootLookup);
    }
    const root = await rootLookup;
    if (!root) {
      return new Map();
    }
    let listing = this.workspaces.get(root.folder);
    if (!listing) {
      listing = this.listWorkspace(name, reader, root.folder, root.patterns);
      this.workspaces.set(root.folder, listing);
    }
    return listing;
  }

  private async listWorkspace(name: string, reader: LocalReader, root: string, patterns: readonly string[]): Promise<Map<string, WorkspacePackage>> {
    const folders = (await expandWorkspaces(root, patterns, this.limiter)).slice(0, MAX_WORKSPACE_PACKAGES);
    const packages = new Map<string, WorkspacePackage>();
    for (const folder of folders) {
      const manifest = await readManifest(name, reader, path.join(folder, 'package.json'));
      const packageName = typeof manifest?.name === 'string' ? manifest.name.trim() : '';
      if (manifest && packageName !== '' && !packages.has(packageName)) {
        packages.set(packageName, { folder, manifest });
      }
    }
    return packages;
  }
}

/** `file:../x`, `link:../x`, `../x`, `./x`, `/x`, `file:///x` → the folder as written; a tarball or `~/` → undefined. */
export function folderOfPathSpec(spec: string): string | undefined {
  let written = spec.trim();
  for (const prefix of ['file:', 'link:']) {
    if (written.startsWith(prefix)) {
      written = written.slice(prefix.length);
    }
  }
  if (written.startsWith('//')) {
    // `file:///abs` is a URL with an empty host; `file://host/…` is not a folder here.
    if (!written.startsWith('///')) {
      return undefined;
    }
    written = written.slice(2);
  }
  if (written === '' || written.startsWith('~') || /\.(tgz|tar|tar\.gz)$/i.test(written)) {
    return undefined;
  }
  return written;
}

type WorkspaceTarget = { readonly kind: 'path'; readonly path: string } | { readonly kind: 'name'; readonly name?: string };

/**
 * After `workspace:`: a range (`*`, `^`, `^1.2.0`) names the package by the dependency's own
 * name; `other@range` (pnpm's alias) by another; a relative path (`../x`, `packages/x`, Yarn and
 * pnpm) a folder.
 */
export function workspaceTarget(rest: string): WorkspaceTarget {
  const text = rest.trim();
  if (text.startsWith('.') || text.startsWith('/')) {
    return { kind: 'path', path: text };
  }
  const at = text.indexOf('@', text.startsWith('@') ? 1 : 0);
  if (at > 0 && /^[@a-z0-9]/i.test(text)) {
    return { kind: 'name', name: text.slice(0, at) };
  }
  if (text.includes('/') && !text.startsWith('@')) {
    return { kind: 'path', path: text };
  }
  return { kind: 'name' };
}

/** The nearest folder, from the manifest's up to the boundary, whose package.json has `workspaces` or that has a pnpm-workspace.yaml. */
async function findWorkspaceRoot(name: string, reader: LocalReader): Promise<{ readonly folder: string; readonly patterns: string[] } | undefined> {
  for (let folder = path.resolve(reader.manifestDir); ; folder = path.dirname(folder)) {
    if (!(await reader.inside(folder))) {
      return undefined;
    }
    const patterns = manifestWorkspacePatterns(await readManifest(name, reader, path.join(folder, 'package.json')));
    const pnpm = await reader.text(name, path.join(folder, 'pnpm-workspace.yaml'));
    if (pnpm !== undefined) {
      try {
        patterns.push(...pnpmWorkspacePatterns(pnpm));
      } catch {
        reader.problem(name, `${reader.label(path.join(folder, 'pnpm-workspace.yaml'))} is not valid YAML`);
      }
    }
    if (patterns.length > 0) {
      return { folder, patterns };
    }
    if (path.dirname(folder) === folder) {
      return undefined;
    }
  }
}

async function readManifest(name: string, reader: LocalReader, file: string): Promise<Record<string, unknown> | undefined> {
  const text = await reader.text(name, file);
  if (text === undefined) {
    return undefined;
  }
  try {
    const manifest = asObject(JSON.parse(text));
    if (!manifest) {
      reader.problem(name, `${reader.label(file)} is not a JSON object`);
    }
    return manifest;
  } catch {
    reader.problem(name, `${reader.label(file)} is not valid JSON`);
    return undefined;
  }
}

/** Whether npm would link the workspace package for `spec`: no spec, `*`, or a range its version satisfies. */
function versionMatches(spec: string | null, version: unknown): boolean {
  if (spec === null || spec.trim() === '' || spec.trim() === '*') {
    return true;
  }
  const range = specToRange(spec, 'npm');
  const parsed = typeof version === 'string' ? coerceVersion(version, 'npm') : null;
  return range !== null && parsed !== null && range.test(parsed);
}
