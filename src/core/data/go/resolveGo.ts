import * as path from 'node:path';
import { parseGoMod } from '../../manifests/goMod';
import type { PackageHash, ResolvedPackage, Resolver, ResolverOptions, ResolverResult } from '../types';
import { errorMessage, lineOf, mapLimited, readDataFile } from '../dataFiles';
import { findReplace, readGoModDirectives } from './goModDirectives';
import { goSumKey, parseGoSum } from './goSum';
import { folderLicense } from './licenseFiles';
import { escapeModulePath } from './moduleCase';
import { parseVendorModules } from './vendorModules';

const CONCURRENCY = 16;

/**
 * Go: the modules go.mod requires (since Go 1.17 that is every module of the build; `//
 * indirect` ones are not direct), with `replace` applied, hashes from go.sum and licenses
 * identified from the license file in vendor/ or the module cache. A module replaced by
 * another module is reported under the replacement's path and version (that is the code that
 * is built, and what go.sum hashes); one replaced by a local folder keeps its own name and
 * version and takes its license from the folder. Go records no dependency graph offline
 * beyond go.mod, so `dependencies` is left out (unknown), not empty.
 */
export const resolveGo: Resolver = async (projectDir, options) => {
  try {
    return await resolve(projectDir, options);
  } catch (error) {
    return { packages: [], files: [], problems: [`Go: ${errorMessage(error)}`] };
  }
};

interface Requirement {
  readonly path: string;
  readonly version: string;
  readonly direct: boolean;
  readonly source: string;
}

/** `$GOMODCACHE`, else the first `$GOPATH` entry's `pkg/mod`, else `~/go/pkg/mod`: the go command's own order. */
export function goModCache(options: ResolverOptions): string {
  if (options.env.GOMODCACHE) {
    return options.env.GOMODCACHE;
  }
  const gopath = (options.env.GOPATH ?? '').split(path.delimiter).find((entry) => entry !== '');
  return path.join(gopath ?? path.join(options.home, 'go'), 'pkg', 'mod');
}

async function resolve(projectDir: string, options: ResolverOptions): Promise<ResolverResult> {
  const files: string[] = [];
  const problems: string[] = [];
  const goModFile = path.join(projectDir, 'go.mod');
  const goModRead = await readDataFile(goModFile);
  if ('missing' in goModRead) {
    return { packages: [], files, problems };
  }
  if ('error' in goModRead) {
    return { packages: [], files, problems: [`go.mod: ${goModRead.error}`] };
  }
  files.push(goModFile);
  const goModText = goModRead.text;
  const manifest = parseGoMod(goModText);
  if (manifest.problems.length > 0) {
    const first = manifest.problems[0];
    problems.push(`go.mod: ${manifest.problems.length} ${manifest.problems.length === 1 ? 'problem' : 'problems'} (first at line ${lineOf(goModText, first.range.start)}: ${first.message})`);
  }
  const directives = readGoModDirectives(goModText);
  problems.push(...directives.problems.map((problem) => `go.mod: ${problem}`));

  const requirements = new Map<string, Requirement>();
  for (const dependency of manifest.dependencies) {
    if (dependency.spec !== null && dependency.spec !== '') {
      requirements.set(dependency.name, { path: dependency.name, version: dependency.spec, direct: !dependency.indirect, source: 'go.mod' });
    }
  }

  const vendorFolder = path.join(projectDir, 'vendor');
  const modulesTxt = path.join(vendorFolder, 'modules.txt');
  const vendorRead = await readDataFile(modulesTxt);
  const vendoring = 'text' in vendorRead;
  if ('error' in vendorRead) {
    problems.push(`vendor/modules.txt: ${vendorRead.error}`);
  } else if ('text' in vendorRead) {
    files.push(modulesTxt);
    const vendored = parseVendorModules(vendorRead.text);
    problems.push(...vendored.problems.map((problem) => `vendor/modules.txt: ${problem}`));
    for (const module of vendored.modules) {
      if (module.version !== undefined && !requirements.has(module.path)) {
        requirements.set(module.path, { path: module.path, version: module.version, direct: false, source: 'vendor/modules.txt' });
      }
    }
  }

  const goSumFile = path.join(projectDir, 'go.sum');
  const goSumRead = await readDataFile(goSumFile);
  let hashes: ReadonlyMap<string, string> = new Map();
  if ('text' in goSumRead) {
    files.push(goSumFile);
    const goSum = parseGoSum(goSumRead.text);
    hashes = goSum.hashes;
    problems.push(...goSum.problems.map((problem) => `go.sum: ${problem}`));
  } else if ('error' in goSumRead) {
    problems.push(`go.sum: ${goSumRead.error}`);
  } else if (requirements.size > 0) {
    problems.push('go.sum not found: no hashes (run `go mod tidy`)');
  }

  const modCache = goModCache(options);
  let notDownloaded = 0;
  const packages = await mapLimited([...requirements.values()], CONCURRENCY, async (requirement): Promise<ResolvedPackage> => {
    const replace = findReplace(directives.replaces, requirement.path, requirement.version);
    if (replace?.local) {
      const folder = path.resolve(projectDir, replace.newPath);
      const found = await folderLicense(folder, replace.newPath, files, problems);
      if (!found.folderFound) {
        problems.push(`go.mod: the replacement folder ${replace.newPath} for ${requirement.path} is missing`);
      }
      return {
        ecosystem: 'go',
        name: requirement.path,
        version: requirement.version,
        source: 'go.mod replace',
        ...(found.license ? { license: found.license } : {}),
        direct: requirement.direct,
        ...(found.folderFound ? { path: folder } : {}),
      };
    }
    const modulePath = replace?.newPath ?? requirement.path;
    const version = replace?.newVersion ?? requirement.version;
    let license: ResolvedPackage['license'];
    let folder: string | undefined;
    if (vendoring) {
      // vendor/ is laid out by import path: the module as required, not its replacement.
      const vendored = path.join(vendorFolder, ...requirement.path.split('/'));
      const found = await folderLicense(vendored, `vendor/${requirement.path}`, files, problems);
      license = found.license;
      folder = found.folderFound ? vendored : undefined;
    }
    if (!license) {
      const cached = path.join(modCache, ...`${escapeModulePath(modulePath)}@${escapeModulePath(version)}`.split('/'));
      const found = await folderLicense(cached, `${modulePath}@${version}`, files, problems);
      license = found.license;
      if (found.folderFound) {
        folder = cached;
      } else if (!folder) {
        notDownloaded++;
      }
    }
    const hex = hashes.get(goSumKey(modulePath, version));
    const packageHashes: PackageHash[] = hex ? [{ algorithm: 'SHA-256', hex }] : [];
    return {
      ecosystem: 'go',
      name: modulePath,
      version,
      source: replace ? 'go.mod replace' : requirement.source,
      ...(license ? { license } : {}),
      ...(packageHashes.length > 0 ? { hashes: packageHashes } : {}),
      direct: requirement.direct,
      ...(folder ? { path: folder } : {}),
    };
  });
  if (notDownloaded > 0) {
    problems.push(`${notDownloaded} of ${packages.length} modules are not in the module cache ${modCache} (run \`go mod download\`); their licenses are unknown`);
  }
  return { packages, files: [...new Set(files)], problems };
}
