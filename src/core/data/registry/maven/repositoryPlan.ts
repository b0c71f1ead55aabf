import { hostOf } from '../registryHttp';
import { type ConfiguredRepository, type MavenSettings, repositoryUrl } from './mavenSettings';
import { selectMirror } from './mirrorSelector';

/** Maven Central as the Super POM declares it (Introduction to the POM, "Super POM"). */
export const MAVEN_CENTRAL: ConfiguredRepository = { id: 'central', url: 'https://repo.maven.apache.org/maven2/', origin: "Maven's Super POM" };

/** A repository lookups go to, mirrors applied. */
export interface MavenRepository {
  /** The id credentials are matched by: the mirror's when a mirror stands in. */
  readonly id: string;
  /** Ends in `/`. */
  readonly url: string;
  readonly host: string;
  /** From the `<server>` with this id; sent only with requests to this repository's URL. */
  readonly authorization?: string;
}

/**
 * The repositories an artifact is looked for in, in order: those of the active settings profiles,
 * then the project's (when trusted; a settings repository of the same id hides the project's, as
 * "Repository IDs" in the Guide to Multiple Repositories says), then Central unless a repository
 * already has the id `central`. Each is then replaced by its mirror (Guide to Mirror Settings);
 * repositories behind one mirror become one, and a blocked mirror removes what it covers.
 *
 * The OSPO's mirror (`ospoMirror`) stands in for the Super POM's Central only, and only where no
 * settings mirror covers Central: a repository with the id `central` and a `<mirrorOf>` matching
 * Central (`central`, `*`, `external:*`) are the developer's own configuration and win, as they
 * would over Central itself.
 */
export function planRepositories(settings: MavenSettings, project: readonly ConfiguredRepository[], problems: string[], ospoMirror?: string): MavenRepository[] {
  const configured: ConfiguredRepository[] = [];
  for (const repository of [...settings.repositories, ...project, MAVEN_CENTRAL]) {
    if (!configured.some((known) => known.id === repository.id)) {
      configured.push(repository);
    }
  }
  const plan: MavenRepository[] = [];
  for (const repository of configured) {
    const mirror = selectMirror(repository, settings.mirrors);
    if (mirror?.blocked === true) {
      problems.push(`Maven repository "${repository.id}" (${hostOf(repository.url)}, from ${repository.origin}) is blocked by mirror "${mirror.id}"; not used.`);
      continue;
    }
    if (mirror === undefined && repository === MAVEN_CENTRAL && ospoMirror !== undefined) {
      const standIn = ospoRepository(ospoMirror, settings, problems);
      if (standIn !== undefined && !plan.some((known) => known.url === standIn.url)) {
        plan.push(standIn);
      }
      continue;
    }
    const id = mirror?.id ?? repository.id;
    const url = mirror?.url ?? repository.url;
    if (plan.some((known) => known.id === id && known.url === url)) {
      continue;
    }
    let authorization = Object.prototype.hasOwnProperty.call(settings.credentials, id) ? settings.credentials[id] : undefined;
    // Maven pairs <server> credentials with a repository id, whoever names its URL. A cloned project
    // naming a repository with the id of one of your servers would receive your password; here
    // credentials go only to hosts your own settings name (or Central's, which Maven fixes).
    if (authorization !== undefined && mirror === undefined && repository.namedByProject === true) {
      problems.push(
        `The <server> "${id}" credentials are not sent to ${hostOf(url)}, which only ${repository.origin} names; declare that repository (or a mirror of it) in settings.xml to use them.`,
      );
      authorization = undefined;
    }
    plan.push({ id, url, host: hostOf(url), ...(authorization !== undefined ? { authorization } : {}) });
  }
  return plan;
}

/**
 * The OSPO's mirror in Central's place. Maven pairs `<server>` credentials with ids, not hosts; the
 * mirror has no id in the developer's settings, so it gets the credentials of a `<server>` whose id
 * is a settings repository or mirror on the very same origin (scheme, host and port), and none
 * otherwise (not `central`'s: those were configured for Central). Credentials written into the
 * policy's URL are never used. An unusable URL stands for no repository at all, never for Central.
 */
function ospoRepository(ospoMirror: string, settings: MavenSettings, problems: string[]): MavenRepository | undefined {
  const url = repositoryUrl(withoutUserinfo(ospoMirror));
  if (url === undefined) {
    problems.push("Your OSPO's Maven mirror is not an http(s) URL; Maven Central is not used in its place.");
    return undefined;
  }
  const origin = originOf(url);
  const sameOrigin = [...settings.mirrors.filter((mirror) => !mirror.blocked), ...settings.repositories].find(
    (configured) => originOf(configured.url) === origin && Object.prototype.hasOwnProperty.call(settings.credentials, configured.id),
  );
  const authorization = sameOrigin === undefined ? undefined : settings.credentials[sameOrigin.id];
  return { id: 'central', url, host: hostOf(url), ...(authorization !== undefined ? { authorization } : {}) };
}

function withoutUserinfo(text: string): string {
  try {
    const url = new URL(text.trim());
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return text;
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
