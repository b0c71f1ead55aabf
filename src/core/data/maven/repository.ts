import * as path from 'node:path';
import { scanXmlElements, type XmlElementHandler } from '../../manifests/pomXmlScanner';
import type { PackageHash, ResolverOptions } from '../types';
import { listFolder, readDataFile } from '../dataFiles';

/** Where artifacts are looked up: the Maven local repository and Gradle's module cache. */
export interface ArtifactStores {
  /** `~/.m2/repository`, or `<localRepository>` of `~/.m2/settings.xml`. */
  readonly mavenRepository: string;
  /** `$GRADLE_USER_HOME/caches/modules-2/files-2.1` (GRADLE_USER_HOME defaults to `~/.gradle`). */
  readonly gradleCache: string;
}

export interface LocatedPom {
  readonly file: string;
  readonly text: string;
  readonly store: 'Maven repository' | 'Gradle cache';
  /** The folder of the artifact's version: where its jar is, when it is there. */
  readonly folder: string;
}

/** Group, artifact and version are single path segments of safe characters: nothing can climb out of a store. */
const COORDINATE = /^[A-Za-z0-9_][A-Za-z0-9_.+~-]*$/;

export function isSafeCoordinate(value: string): boolean {
  return COORDINATE.test(value) && !value.includes('..') && value.length <= 200;
}

export async function artifactStores(projectDir: string, options: ResolverOptions, problems: string[], files: string[]): Promise<ArtifactStores> {
  const gradleHome = options.env.GRADLE_USER_HOME || path.join(options.home, '.gradle');
  return {
    mavenRepository:
      (await projectLocalRepository(projectDir, files)) ??
      repoLocalOption(options.env.MAVEN_OPTS ?? '', process.cwd()) ??
      (await settingsLocalRepository(options, problems, files)) ??
      path.join(options.home, '.m2', 'repository'),
    gradleCache: path.join(gradleHome, 'caches', 'modules-2', 'files-2.1'),
  };
}

/** Maven 3.3.1+ reads `.mvn/maven.config` at the project root; `-Dmaven.repo.local` there wins over settings.xml. */
async function projectLocalRepository(projectDir: string, files: string[]): Promise<string | undefined> {
  const file = path.join(projectDir, '.mvn', 'maven.config');
  const read = await readDataFile(file);
  if (!('text' in read)) {
    return undefined;
  }
  files.push(file);
  return repoLocalOption(read.text, projectDir);
}

/** The value of `-Dmaven.repo.local=…` among command-line style options, resolved against `base`. */
function repoLocalOption(options: string, base: string): string | undefined {
  const flag = '-Dmaven.repo.local=';
  const token = options.split(/\s+/).find((candidate) => candidate.startsWith(flag));
  const value = token?.slice(flag.length).replace(/^"(.*)"$/, '$1');
  return value ? path.resolve(base, value) : undefined;
}

/**
 * `<localRepository>` from `~/.m2/settings.xml`, with `${user.home}` and `${env.X}` filled in.
 * (`-Dmaven.repo.local` in MAVEN_OPTS and the global settings of the Maven installation are not read.)
 */
async function settingsLocalRepository(options: ResolverOptions, problems: string[], files: string[]): Promise<string | undefined> {
  const file = path.join(options.home, '.m2', 'settings.xml');
  const read = await readDataFile(file);
  if ('missing' in read) {
    return undefined;
  }
  if ('error' in read) {
    problems.push(`${file}: ${read.error}`);
    return undefined;
  }
  files.push(file);
  let value: string | undefined;
  interface Handler extends XmlElementHandler {
    readonly depth: number;
    readonly capture: boolean;
  }
  scanXmlElements<Handler>(read.text, (name, _range, parent) => {
    const depth = parent === null ? 0 : parent.depth + 1;
    const capture = depth === 1 && name === 'localRepository';
    let text = '';
    return {
      depth,
      capture,
      text: (piece) => {
        text += piece;
      },
      close: () => {
        if (capture && value === undefined) {
          value = text.trim();
        }
      },
    };
  });
  if (!value) {
    return undefined;
  }
  const expanded = value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === 'user.home') {
      return options.home;
    }
    return name.startsWith('env.') ? (options.env[name.slice(4)] ?? whole) : whole;
  });
  return expanded.includes('${') ? undefined : path.resolve(options.home, expanded);
}

/** The POM of `group:artifact:version`, from the Maven repository or the Gradle cache (in the order asked). */
export async function findPom(
  stores: ArtifactStores,
  groupId: string,
  artifactId: string,
  version: string,
  gradleFirst: boolean,
): Promise<LocatedPom | { readonly error: string; readonly file: string } | null> {
  if (![groupId, artifactId, version].every(isSafeCoordinate)) {
    return null;
  }
  const fileName = `${artifactId}-${version}.pom`;
  const lookups = [
    async (): Promise<LocatedPom | { error: string; file: string } | null> => {
      const folder = path.join(stores.mavenRepository, ...groupId.split('.'), artifactId, version);
      const file = path.join(folder, fileName);
      const read = await readDataFile(file);
      return 'text' in read ? { file, text: read.text, store: 'Maven repository', folder } : 'error' in read ? { error: read.error, file } : null;
    },
    async (): Promise<LocatedPom | { error: string; file: string } | null> => {
      const versionFolder = path.join(stores.gradleCache, groupId, artifactId, version);
      for (const entry of await listFolder(versionFolder)) {
        if (!entry.isDirectory) {
          continue;
        }
        const file = path.join(versionFolder, entry.name, fileName);
        const read = await readDataFile(file);
        if ('text' in read) {
          return { file, text: read.text, store: 'Gradle cache', folder: versionFolder };
        }
        if ('error' in read) {
          return { error: read.error, file };
        }
      }
      return null;
    },
  ];
  for (const lookup of gradleFirst ? [lookups[1], lookups[0]] : lookups) {
    const found = await lookup();
    if (found) {
      return found;
    }
  }
  return null;
}

/**
 * The versions of `group:artifact` the local stores hold (one folder per version in both), for
 * resolving a version range offline as Maven does with `-o`: from what the local repository has.
 */
export async function storedVersions(stores: ArtifactStores, groupId: string, artifactId: string): Promise<string[]> {
  if (![groupId, artifactId].every(isSafeCoordinate)) {
    return [];
  }
  const folders = [path.join(stores.mavenRepository, ...groupId.split('.'), artifactId), path.join(stores.gradleCache, groupId, artifactId)];
  const versions = new Set<string>();
  for (const folder of folders) {
    for (const entry of await listFolder(folder)) {
      if (entry.isDirectory && isSafeCoordinate(entry.name)) {
        versions.add(entry.name);
      }
    }
  }
  return [...versions];
}

/**
 * The SHA-1 of the artifact's jar where a store records it without reading the jar: the
 * `.jar.sha1` file Maven downloads next to it, or the name of the Gradle cache folder holding it
 * (Gradle writes the SHA-1 as a number, so leading zeros are dropped and are put back here).
 */
export async function jarHashes(located: LocatedPom, artifactId: string, version: string): Promise<PackageHash[]> {
  const jar = `${artifactId}-${version}.jar`;
  if (located.store === 'Maven repository') {
    const read = await readDataFile(path.join(located.folder, `${jar}.sha1`));
    const hex = 'text' in read ? /^\s*([0-9a-fA-F]{40})\b/.exec(read.text)?.[1] : undefined;
    return hex ? [{ algorithm: 'SHA-1', hex: hex.toLowerCase() }] : [];
  }
  for (const entry of await listFolder(located.folder)) {
    if (entry.isDirectory && /^[0-9a-f]{1,40}$/.test(entry.name)) {
      const names = await listFolder(path.join(located.folder, entry.name));
      if (names.some((name) => name.name === jar)) {
        return [{ algorithm: 'SHA-1', hex: entry.name.padStart(40, '0') }];
      }
    }
  }
  return [];
}
