import * as path from 'node:path';
import { parseCargoToml } from '../../manifests/cargoToml';
import { identifyLicenseTexts } from '../licenseText/identifyOnDemand';
import { packageId, type DeclaredLicense, type PackageHash, type ResolvedPackage, type Resolver, type ResolverOptions, type ResolverResult } from '../types';
import { cargoHomeOf } from '../registry/cargo/cargoConfig';
import { repositoryLocation } from '../repository';
import { CargoLockIndex, parseCargoLock, type CargoLockPackage } from './cargoLock';
import { expandMemberGlobs, readCargoManifestFields, type CargoManifestFields } from './cargoManifest';
import { errorMessage, isInside, listFolder, mapLimited, readDataFile, realPath } from '../dataFiles';
import { localBoundary } from '../localDependencies';
import { directorySource } from './vendoredSources';

/** Reads in flight at once: enough to hide latency, few enough never to run out of file handles. */
const CONCURRENCY = 16;

/**
 * Cargo: versions, checksums and the dependency graph from Cargo.lock; licenses from the
 * directory source crates.io is replaced with (`cargo vendor`, Debian's registry), else from the
 * crates Cargo has unpacked under `$CARGO_HOME/registry/src`. The workspace's own crates
 * (its members, and path dependencies inside the project folder, which Cargo makes members)
 * are left out; what they depend on is `direct`.
 */
export const resolveCargo: Resolver = async (projectDir, options) => {
  try {
    return await resolve(projectDir, options);
  } catch (error) {
    return { packages: [], files: [], problems: [`Cargo: ${errorMessage(error)}`] };
  }
};

interface Context {
  readonly files: string[];
  readonly problems: string[];
}

/** A crate of the project itself, with the folder its Cargo.toml is in. */
interface LocalCrate {
  readonly folder: string;
  readonly fields: CargoManifestFields;
  readonly text: string;
}

async function resolve(projectDir: string, options: ResolverOptions): Promise<ResolverResult> {
  const context: Context = { files: [], problems: [] };
  const root = await readLocalCrate(projectDir, context);
  const lockFile = path.join(projectDir, 'Cargo.lock');
  const lockRead = await readDataFile(lockFile);
  if ('missing' in lockRead) {
    if (root) {
      context.problems.push('Cargo.lock not found: run `cargo generate-lockfile` to lock the versions');
    }
    return { packages: [], files: context.files, problems: context.problems };
  }
  if ('error' in lockRead) {
    context.problems.push(`Cargo.lock: ${lockRead.error}`);
    return { packages: [], files: context.files, problems: context.problems };
  }
  context.files.push(lockFile);
  const lock = parseCargoLock(lockRead.text);
  context.problems.push(...lock.problems.map((problem) => `Cargo.lock: ${problem}`));

  // Member and path crates are read only inside the project's tree (see `localBoundary`): a
  // hostile Cargo.toml may point anywhere.
  const bound = await localBoundary(projectDir, { home: options.home });
  const within = async (folder: string): Promise<boolean> => isInside(bound, await realPath(folder));
  const locals = root ? await workspaceCrates(projectDir, root, context, within) : [];
  const pathFolders = pathDependencyFolders(locals);
  const localNames = new Set(locals.flatMap((crate) => (crate.fields.name ? [crate.fields.name] : [])));
  for (const [name, folder] of pathFolders) {
    // Cargo makes path dependencies inside the workspace folder members of it.
    if (isInside(projectDir, folder)) {
      localNames.add(name);
    }
  }
  // Without a Cargo.toml to tell, every crate that has no source is taken for the project's own.
  const isOwn = (found: CargoLockPackage): boolean => found.sourceKind === 'path' && (localNames.size === 0 || localNames.has(found.name));
  const own = lock.packages.filter(isOwn);
  const index = new CargoLockIndex(lock.packages);
  const directIds = new Set<string>();
  for (const member of own) {
    for (const entry of member.dependencies) {
      const target = index.resolve(entry);
      if (target && !isOwn(target)) {
        directIds.add(packageId(target.name, target.version));
      }
    }
  }

  const cargoHome = cargoHomeOf({ projectDir, home: options.home, env: options.env });
  const registrySrc = path.join(cargoHome, 'registry', 'src');
  const registryFolders = (await listFolder(registrySrc)).filter((entry) => entry.isDirectory).map((entry) => path.join(registrySrc, entry.name));
  const directory = await directorySource(projectDir, options, context.files, context.problems);
  let notUnpacked = 0;
  const thirdParty = lock.packages.filter((found) => !isOwn(found));
  const packages = await mapLimited(thirdParty, CONCURRENCY, async (found): Promise<ResolvedPackage> => {
    const id = packageId(found.name, found.version);
    const dependencies = found.dependencies.flatMap((entry) => {
      const target = index.resolve(entry);
      return target && !isOwn(target) ? [packageId(target.name, target.version)] : [];
    });
    let folder: string | undefined;
    let license: DeclaredLicense | undefined;
    let repository: string | undefined;
    if (found.sourceKind === 'registry') {
      const vendored = directory ? await directory.crate(found.name, found.version) : null;
      const located = vendored ?? (await registryCrate(registryFolders, found, context));
      if (located) {
        folder = located.folder;
        const label = vendored && directory ? `${path.basename(directory.folder)}/${path.basename(located.folder)}` : `${found.name}-${found.version}`;
        license = await crateLicense(located.folder, located.folder, label, located.fields, context);
        repository = repositoryLocation(located.fields.repository);
      } else {
        notUnpacked++;
      }
    } else if (found.sourceKind === 'path') {
      const pathFolder = pathFolders.get(found.name);
      const allowed = pathFolder !== undefined && (await within(pathFolder));
      if (pathFolder !== undefined && !allowed) {
        context.problems.push(`the path crate ${found.name} (${pathFolder}) lies outside ${bound}, which is not read; its license is unknown`);
      }
      const crate = pathFolder && allowed ? await readLocalCrate(pathFolder, context) : null;
      if (pathFolder && crate) {
        folder = pathFolder;
        const boundary = isInside(projectDir, pathFolder) ? projectDir : pathFolder;
        license = await crateLicense(pathFolder, boundary, path.relative(projectDir, pathFolder) || '.', crate.fields, context);
      }
    }
    const hashes: PackageHash[] = found.checksum ? [{ algorithm: 'SHA-256', hex: found.checksum }] : [];
    return {
      ecosystem: 'cargo',
      name: found.name,
      version: found.version,
      source: 'Cargo.lock',
      ...(license ? { license } : {}),
      ...(hashes.length > 0 ? { hashes } : {}),
      dependencies,
      ...(own.length > 0 ? { direct: directIds.has(id) } : {}),
      ...(folder ? { path: folder } : {}),
      ...(repository !== undefined ? { repository } : {}),
    };
  });
  if (notUnpacked > 0) {
    const total = thirdParty.filter((found) => found.sourceKind === 'registry').length;
    if (directory) {
      // Cargo takes these crates from the folder, never from a registry: `cargo fetch` would not help.
      const named = directory.namedIn ? ` (named in ${directory.namedIn})` : '';
      context.problems.push(
        directory.readable
          ? `${notUnpacked} of ${total} registry crates are not in the directory source ${directory.folder}${named}; their licenses are unknown`
          : `the directory source ${directory.folder}${named} cannot be read; the licenses of ${notUnpacked} of ${total} registry crates are unknown`,
      );
    } else {
      context.problems.push(`${notUnpacked} of ${total} registry crates are not unpacked under ${registrySrc} (run \`cargo fetch\`); their licenses are unknown`);
    }
  }
  return { packages, files: [...new Set(context.files)], problems: context.problems };
}

async function readLocalCrate(folder: string, context: Context): Promise<LocalCrate | null> {
  const file = path.join(folder, 'Cargo.toml');
  const read = await readDataFile(file);
  if ('missing' in read) {
    return null;
  }
  if ('error' in read) {
    context.problems.push(`${file}: ${read.error}`);
    return null;
  }
  context.files.push(file);
  return { folder, fields: readCargoManifestFields(read.text), text: read.text };
}

/** The root crate (when it is a package) and every `[workspace] members` crate. */
async function workspaceCrates(projectDir: string, root: LocalCrate, context: Context, within: (folder: string) => Promise<boolean>): Promise<LocalCrate[]> {
  const crates: LocalCrate[] = [root];
  if (root.fields.workspaceMembers === null) {
    return crates;
  }
  const folders = await expandMemberGlobs(projectDir, root.fields.workspaceMembers, root.fields.workspaceExclude);
  const members = await mapLimited(
    folders.filter((folder) => folder !== projectDir),
    CONCURRENCY,
    async (folder) => ((await within(folder)) ? readLocalCrate(folder, context) : null),
  );
  for (const member of members) {
    if (member) {
      crates.push(member);
    }
  }
  return crates;
}

/** Registry name → folder of every `path = "…"` dependency the local crates declare. */
function pathDependencyFolders(locals: readonly LocalCrate[]): Map<string, string> {
  const folders = new Map<string, string>();
  for (const crate of locals) {
    for (const dependency of parseCargoToml(crate.text).dependencies) {
      if (dependency.source?.kind === 'path') {
        const name = dependency.package ?? dependency.name;
        if (!folders.has(name)) {
          folders.set(name, path.resolve(crate.folder, dependency.source.value));
        }
      }
    }
  }
  return folders;
}

async function registryCrate(
  registryFolders: readonly string[],
  found: CargoLockPackage,
  context: Context,
): Promise<{ folder: string; fields: CargoManifestFields } | null> {
  for (const registry of registryFolders) {
    const folder = path.join(registry, `${found.name}-${found.version}`);
    const file = path.join(folder, 'Cargo.toml');
    const read = await readDataFile(file);
    if ('missing' in read) {
      continue;
    }
    if ('error' in read) {
      context.problems.push(`${file}: ${read.error}`);
      return null;
    }
    context.files.push(file);
    return { folder, fields: readCargoManifestFields(read.text) };
  }
  return null;
}

/** `package.license` as written (Cargo's `/` is left for the evaluator), else the text of `package.license-file`. */
async function crateLicense(
  folder: string,
  boundary: string,
  label: string,
  fields: CargoManifestFields,
  context: Context,
): Promise<DeclaredLicense | undefined> {
  if (fields.license !== undefined && fields.license.trim() !== '') {
    return { value: fields.license.trim(), source: `${label}/Cargo.toml package.license` };
  }
  if (fields.licenseFile === undefined || fields.licenseFile.trim() === '') {
    return undefined;
  }
  // A published crate carries its license file inside (`cargo package` copies `../LICENSE` in);
  // nothing outside `boundary` is ever read.
  const written = path.resolve(folder, fields.licenseFile);
  const file = isInside(boundary, written) ? written : path.join(folder, path.basename(fields.licenseFile));
  const read = await readDataFile(file);
  if ('missing' in read) {
    context.problems.push(`${label}: the license-file ${fields.licenseFile} is missing`);
    return undefined;
  }
  if ('error' in read) {
    context.problems.push(`${file}: ${read.error}`);
    return undefined;
  }
  context.files.push(file);
  const identified = identifyLicenseTexts(read.text);
  return identified
    ? { value: identified.ids.length === 1 ? identified.ids[0] : identified.ids, source: `${label}/${fields.licenseFile} text`, confidence: identified.confidence }
    : undefined;
}
