import { fundingField } from '../../funding';
import { parseJsonInTurns, startsWithObject, WHOLE_PARSE_MAX_BYTES } from '../../jsonInTurns';
import { licenseOfManifest } from '../../npm/license';
import { repositoryLocation } from '../../repository';
import { releaseDay } from '../releaseDay';

/** What the packument says of the package as a whole; each field only where it says it. */
export interface CompactProject {
  /** The `repository` of the `latest` dist-tag's version, else the top-level one, as a `repositoryLocation`. */
  readonly repository?: string;
  /** The `funding` of the `latest` dist-tag's version, as `fundingField` reads it. */
  readonly funding?: string[];
  /** How many accounts may publish it: the length of the top-level `maintainers`. */
  readonly maintainers?: number;
}

/**
 * What is kept of a packument: dist-tags, per version its license, whether it is deprecated and
 * the day it was published, and the project's links and maintainers.
 *
 * The `project` field and the day in each version were added later: an entry cached before then
 * lacks them and fails `isCompactPackument`, so it is fetched again whole. It must not be read
 * as it is, since its revalidation would answer 304 Not Modified and keep the old form for as long
 * as the package publishes nothing.
 */
export interface CompactPackument {
  readonly tags: Record<string, string>;
  /** `[version, license or null, 1 when deprecated, day published (`YYYY-MM-DD`) or '']`, in the packument's order. */
  readonly versions: [string, string | string[] | null, 0 | 1, string][];
  readonly project: CompactProject;
}

/** The top-level fields read: the registry hoists `repository` and `maintainers` there ("Full metadata format"). */
const TOP_LEVEL = new Set(['dist-tags', 'time', 'maintainers', 'repository']);

/**
 * The dist-tags, each version's license, deprecation and publish day, and the project's repository,
 * funding and maintainers of a packument, or undefined when the body is not one. A big packument is
 * read by a streaming parser that keeps only those fields and yields to the event loop between
 * slices, so that a cold lookup of a popular package never holds up typing in the editor.
 */
export async function readPackument(bytes: Buffer): Promise<CompactPackument | undefined> {
  if (bytes.length <= WHOLE_PARSE_MAX_BYTES) {
    try {
      return compactPackument(JSON.parse(bytes.toString('utf8')));
    } catch {
      return undefined;
    }
  }
  if (!startsWithObject(bytes)) {
    return undefined;
  }
  const top: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const versions: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
  // Each version's repository and funding are kept until the end: `dist-tags` may come after `versions`.
  const paths = ['$.dist-tags', '$.time', '$.maintainers', '$.repository', ...['version', 'license', 'licenses', 'deprecated', 'repository', 'funding'].map((field) => `$.versions.*.${field}`)];
  try {
    await parseJsonInTurns(bytes, paths, ({ value, key, stack }) => {
      if (stack.length === 1 && typeof key === 'string' && TOP_LEVEL.has(key)) {
        top[key] = value;
        return;
      }
      const version = stack.length === 3 ? stack[2].key : undefined;
      if (typeof version === 'string' && typeof key === 'string') {
        const fields = (versions[version] ??= Object.create(null) as Record<string, unknown>);
        fields[key] = value;
      }
    });
  } catch {
    return undefined;
  }
  return compactPackument({ ...top, versions });
}

export function compactPackument(json: unknown): CompactPackument | undefined {
  if (!isObject(json) || !isObject(json.versions)) {
    return undefined;
  }
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  if (isObject(json['dist-tags'])) {
    for (const [tag, version] of Object.entries(json['dist-tags'])) {
      if (typeof version === 'string') {
        tags[tag] = version;
      }
    }
  }
  const time = isObject(json.time) ? json.time : undefined;
  const versions: CompactPackument['versions'] = [];
  for (const [version, manifest] of Object.entries(json.versions)) {
    if (!isObject(manifest)) {
      continue;
    }
    const found = licenseOfManifest(manifest);
    const license = found.kind === 'declared' ? found.value : found.kind === 'file' ? found.raw : null;
    const deprecated = manifest.deprecated;
    versions.push([version, license, typeof deprecated === 'string' && deprecated !== '' ? 1 : 0, releaseDay(time === undefined ? undefined : ownValue(time, version)) ?? '']);
  }
  return { tags, versions, project: compactProject(json, tags) };
}

function compactProject(json: Readonly<Record<string, unknown>>, tags: Readonly<Record<string, string>>): CompactProject {
  const latest = Object.prototype.hasOwnProperty.call(tags, 'latest') ? ownValue(json.versions as Record<string, unknown>, tags.latest) : undefined;
  const manifest = isObject(latest) ? latest : undefined;
  const repository = repositoryLocation(manifest?.repository) ?? repositoryLocation(json.repository);
  const funding = fundingField(manifest?.funding);
  return {
    ...(repository !== undefined ? { repository } : {}),
    ...(funding !== undefined ? { funding: [...funding] } : {}),
    ...(Array.isArray(json.maintainers) ? { maintainers: json.maintainers.length } : {}),
  };
}

export function isCompactPackument(value: unknown): value is CompactPackument {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const candidate = value as Partial<CompactPackument>;
  return (
    candidate.tags !== null &&
    typeof candidate.tags === 'object' &&
    isCompactProject(candidate.project) &&
    Array.isArray(candidate.versions) &&
    candidate.versions.every(
      (entry) =>
        Array.isArray(entry) &&
        typeof entry[0] === 'string' &&
        (entry[1] === null || typeof entry[1] === 'string' || (Array.isArray(entry[1]) && entry[1].every((item) => typeof item === 'string'))) &&
        (entry[2] === 0 || entry[2] === 1) &&
        typeof entry[3] === 'string',
    )
  );
}

function isCompactProject(value: unknown): value is CompactProject {
  if (!isObject(value)) {
    return false;
  }
  const { repository, funding, maintainers } = value as { repository?: unknown; funding?: unknown; maintainers?: unknown };
  return (
    (repository === undefined || typeof repository === 'string') &&
    (funding === undefined || (Array.isArray(funding) && funding.every((url) => typeof url === 'string'))) &&
    (maintainers === undefined || (typeof maintainers === 'number' && Number.isInteger(maintainers) && maintainers >= 0))
  );
}

/** A key's value only where the object holds it itself: `time.constructor` is no publish time. */
function ownValue(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
