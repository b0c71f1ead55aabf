import * as path from 'node:path';
import { readCapped } from '../../../feed/fetchFeed';
import { pomInterpolator, type PomInterpolator, type PomPropertyValue } from '../../../manifests/pomProperties';
import { child, children, childText, keepPaths, readXmlTree, type XmlNode } from './xmlTree';
import { parseHttpUrl } from '../registryHttp';

/** No real settings.xml comes close (Maven's own template is 10 KiB). */
const MAX_SETTINGS_BYTES = 1024 * 1024;

/** A remote repository as configured, before mirrors are applied. */
export interface ConfiguredRepository {
  readonly id: string;
  /** Ends in `/`. */
  readonly url: string;
  /** In words, for the log: `your settings.xml profile "corp"`, `the project's pom.xml`. */
  readonly origin: string;
  /** The URL comes from the project's files: `<server>` credentials are never sent there. */
  readonly namedByProject?: boolean;
}

export interface SettingsMirror {
  readonly id: string;
  readonly url: string;
  readonly mirrorOf: string;
  /** Maven 3.8.1+: a mirror that stands for "never use these repositories" (the default HTTP blocker). */
  readonly blocked: boolean;
}

/** The `Authorization` header built from a `<server>`; sent only to the repository or mirror with that id. */
export type ServerCredentials = Readonly<Record<string, string>>;

export interface MavenSettings {
  /** Repositories of the active settings profiles: global settings first, then the user's (Repository Order). */
  readonly repositories: readonly ConfiguredRepository[];
  /** In the order Maven consults them: the user's first, then the global ones not overridden. */
  readonly mirrors: readonly SettingsMirror[];
  readonly credentials: ServerCredentials;
}

export interface SettingsSources {
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface SettingsFile {
  readonly origin: string;
  readonly root: XmlNode;
}

const SETTINGS_PATHS: readonly (readonly string[])[] = [
  ['mirrors', 'mirror', 'id'],
  ['mirrors', 'mirror', 'url'],
  ['mirrors', 'mirror', 'mirrorOf'],
  ['mirrors', 'mirror', 'blocked'],
  ['mirrors', 'mirror', 'layout'],
  ['servers', 'server', 'id'],
  ['servers', 'server', 'username'],
  ['servers', 'server', 'password'],
  ['profiles', 'profile', 'id'],
  ['profiles', 'profile', 'activation', 'activeByDefault'],
  ['profiles', 'profile', 'repositories', 'repository', 'id'],
  ['profiles', 'profile', 'repositories', 'repository', 'url'],
  ['profiles', 'profile', 'repositories', 'repository', 'layout'],
  ['profiles', 'profile', 'repositories', 'repository', 'releases', 'enabled'],
  ['activeProfiles', 'activeProfile'],
];

/**
 * Maven's settings as they bear on downloads: the global settings (`${maven.home}/conf/settings.xml`,
 * `maven.home` taken from `MAVEN_HOME` or the older `M2_HOME`) and the user's
 * (`${user.home}/.m2/settings.xml`), merged with the user's dominant (Settings Reference, "Quick
 * Overview"). Both are the user's own configuration, so `${user.home}` and `${env.X}` are filled in.
 */
export async function readMavenSettings(sources: SettingsSources): Promise<{ settings: MavenSettings; files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  const interpolate = settingsInterpolator(sources);
  const read = async (file: string, origin: string): Promise<SettingsFile | undefined> => {
    try {
      const bytes = await readCapped(file, MAX_SETTINGS_BYTES, 'Maven settings');
      if (bytes === undefined) {
        return undefined;
      }
      files.push(file);
      const root = readXmlTree(bytes.toString('utf8'), keepPaths(SETTINGS_PATHS));
      if (root?.name !== 'settings') {
        problems.push(`${file}: no <settings> element; ignored.`);
        return undefined;
      }
      return { origin, root };
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  };
  const mavenHome = nonEmpty(sources.env.MAVEN_HOME) ?? nonEmpty(sources.env.M2_HOME);
  const global = mavenHome === undefined ? undefined : await read(path.join(mavenHome, 'conf', 'settings.xml'), 'the global settings.xml');
  const user = await read(path.join(sources.home, '.m2', 'settings.xml'), 'your settings.xml');
  const dominantFirst = [user, global].filter((file): file is SettingsFile => file !== undefined);
  return { settings: mergeSettings(dominantFirst, interpolate, problems), files, problems };
}

/** Settings files folded the way Maven's SettingsUtils merges them: elements keyed by id, the dominant (first) file winning. */
export function mergeSettings(dominantFirst: readonly SettingsFile[], interpolate: PomInterpolator, problems: string[]): MavenSettings {
  const mirrors: SettingsMirror[] = [];
  const mirrorIds = new Set<string>();
  const credentials: Record<string, string> = Object.create(null) as Record<string, string>;
  const serverIds = new Set<string>();
  const activeIds = new Set<string>();
  const profileIds = new Set<string>();
  const profilesPerFile: { file: SettingsFile; profiles: XmlNode[] }[] = [];
  for (const file of dominantFirst) {
    for (const id of children(child(file.root, 'activeProfiles'), 'activeProfile')) {
      if (id.text !== '') {
        activeIds.add(id.text);
      }
    }
  }
  for (const file of dominantFirst) {
    for (const node of children(child(file.root, 'mirrors'), 'mirror')) {
      const mirror = readMirror(node, interpolate, file.origin, problems);
      if (mirror !== undefined && !mirrorIds.has(mirror.id)) {
        mirrorIds.add(mirror.id);
        mirrors.push(mirror);
      }
    }
    for (const node of children(child(file.root, 'servers'), 'server')) {
      const id = childText(node, 'id');
      if (id === undefined || serverIds.has(id)) {
        continue;
      }
      // An unusable entry still shadows the recessive file's: Maven would not fall back to it either.
      serverIds.add(id);
      const header = basicAuthorization(node, interpolate, `${file.origin} <server> "${id}"`, problems);
      if (header !== undefined) {
        credentials[id] = header;
      }
    }
    const profiles: XmlNode[] = [];
    for (const node of children(child(file.root, 'profiles'), 'profile')) {
      const id = childText(node, 'id') ?? 'default';
      if (profileIds.has(id)) {
        continue;
      }
      profileIds.add(id);
      // Settings Reference, "Active Profiles"; Introduction to Build Profiles, "Active by default": a
      // settings profile with <activeByDefault> is suppressed only by `-P`, which no lookup has.
      // Other activation conditions (jdk, os, property, file) depend on a build and are not guessed.
      if (activeIds.has(id) || childText(child(node, 'activation'), 'activeByDefault') === 'true') {
        profiles.push(node);
      }
    }
    profilesPerFile.push({ file, profiles });
  }
  const repositories: ConfiguredRepository[] = [];
  // "Repository Order" (Guide to Multiple Repositories): global settings before the user's.
  for (const { file, profiles } of [...profilesPerFile].reverse()) {
    for (const profile of profiles) {
      const profileId = childText(profile, 'id') ?? 'default';
      for (const node of children(child(profile, 'repositories'), 'repository')) {
        const repository = readRepository(node, interpolate, `${file.origin} profile "${profileId}"`, problems);
        if (repository !== undefined && !repositories.some((known) => known.id === repository.id)) {
          repositories.push(repository);
        }
      }
    }
  }
  return { repositories, mirrors, credentials };
}

/** A `<repository>` of a settings profile or a POM; undefined (with a problem) when it cannot be used for releases. */
export function readRepository(node: XmlNode, interpolate: PomInterpolator, origin: string, problems: string[]): ConfiguredRepository | undefined {
  const id = childText(node, 'id');
  const rawUrl = childText(node, 'url');
  if (id === undefined || rawUrl === undefined) {
    return undefined;
  }
  // POM Reference, "Repositories": `layout` is `default` or `legacy` (Maven 1, unsupported since Maven 3);
  // `<releases><enabled>false` keeps releases from being looked up there.
  const layout = childText(node, 'layout');
  if (layout !== undefined && layout !== 'default') {
    problems.push(`${origin}: repository "${id}" has layout "${layout}", which is not read.`);
    return undefined;
  }
  if (childText(child(node, 'releases'), 'enabled') === 'false') {
    return undefined;
  }
  const url = repositoryUrl(interpolate(rawUrl));
  if (url === undefined) {
    problems.push(`${origin}: repository "${id}" has no usable http(s) URL.`);
    return undefined;
  }
  return { id, url, origin };
}

function readMirror(node: XmlNode, interpolate: PomInterpolator, origin: string, problems: string[]): SettingsMirror | undefined {
  const id = childText(node, 'id') ?? 'default';
  const mirrorOf = childText(node, 'mirrorOf');
  const rawUrl = childText(node, 'url');
  if (mirrorOf === undefined || rawUrl === undefined) {
    return undefined;
  }
  const blocked = childText(node, 'blocked') === 'true';
  const layout = childText(node, 'layout');
  // A blocked mirror's URL is never used (Maven's default HTTP blocker points at http://0.0.0.0/).
  const url = blocked ? (repositoryUrl(interpolate(rawUrl)) ?? rawUrl) : repositoryUrl(interpolate(rawUrl));
  if (url === undefined || (layout !== undefined && layout !== 'default')) {
    problems.push(`${origin}: mirror "${id}" has no usable http(s) URL; ignored.`);
    return undefined;
  }
  return { id, url, mirrorOf, blocked };
}

/**
 * `Basic` credentials of a `<server>` (Settings Reference, "Servers"). Encrypted passwords (`{…}`,
 * Password Encryption guide) need the master password of settings-security.xml and are not
 * decrypted here: such a server gets no credentials, and says so.
 */
function basicAuthorization(node: XmlNode, interpolate: PomInterpolator, origin: string, problems: string[]): string | undefined {
  const rawUser = childText(node, 'username');
  if (rawUser === undefined) {
    return undefined;
  }
  const rawPassword = child(node, 'password')?.text ?? '';
  if (rawPassword.startsWith('{') && rawPassword.endsWith('}')) {
    problems.push(`${origin}: the password is encrypted; lookups there are made without credentials.`);
    return undefined;
  }
  const username = interpolate(rawUser);
  const password = interpolate(rawPassword);
  if (username === undefined || password === undefined) {
    problems.push(`${origin}: the credentials name a variable that is not set; lookups there are made without credentials.`);
    return undefined;
  }
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** `${user.home}` and `${env.X}`, the expressions the Settings Reference lists; anything else leaves the value unresolved. */
export function settingsInterpolator(sources: SettingsSources): PomInterpolator {
  const scope = new Map<string, PomPropertyValue>([['user.home', sources.home]]);
  for (const [name, value] of Object.entries(sources.env)) {
    if (value !== undefined) {
      scope.set(`env.${name}`, value);
    }
  }
  return pomInterpolator({}, [scope]);
}

/** An http(s) URL without query or fragment, ending in `/`; undefined for anything else. */
export function repositoryUrl(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const url = parseHttpUrl(value.trim());
  if (url === undefined || url.username !== '' || url.password !== '') {
    return undefined;
  }
  url.search = '';
  url.hash = '';
  const text = url.toString();
  return text.endsWith('/') ? text : `${text}/`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
