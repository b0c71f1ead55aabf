import { parseJsonInTurns, startsWithObject, WHOLE_PARSE_MAX_BYTES } from '../../jsonInTurns';
import { licenseOfManifest } from '../../npm/license';

/** What is kept of a packument: dist-tags, and per version its license and whether it is deprecated. */
export interface CompactPackument {
  readonly tags: Record<string, string>;
  /** `[version, license or null, 1 when deprecated]`, in the packument's order. */
  readonly versions: [string, string | string[] | null, 0 | 1][];
}

/**
 * The dist-tags and each version's license and deprecation of a packument, or undefined when the
 * body is not one. A big packument is read by a streaming parser that keeps only those fields and
 * yields to the event loop between slices, so that a cold lookup of a popular package never holds
 * up typing in the editor.
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
  const tags: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const versions: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
  const paths = ['$.dist-tags', '$.versions.*.version', '$.versions.*.license', '$.versions.*.licenses', '$.versions.*.deprecated'];
  try {
    await parseJsonInTurns(bytes, paths, ({ value, key, stack }) => {
      if (stack.length === 1 && key === 'dist-tags' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        Object.assign(tags, value);
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
  return compactPackument({ 'dist-tags': tags, versions });
}

export function compactPackument(json: unknown): CompactPackument | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return undefined;
  }
  const packument = json as { 'dist-tags'?: unknown; versions?: unknown };
  if (packument.versions === null || typeof packument.versions !== 'object' || Array.isArray(packument.versions)) {
    return undefined;
  }
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  if (packument['dist-tags'] !== null && typeof packument['dist-tags'] === 'object') {
    for (const [tag, version] of Object.entries(packument['dist-tags'] as Record<string, unknown>)) {
      if (typeof version === 'string') {
        tags[tag] = version;
      }
    }
  }
  const versions: CompactPackument['versions'] = [];
  for (const [version, manifest] of Object.entries(packument.versions as Record<string, unknown>)) {
    if (manifest === null || typeof manifest !== 'object') {
      continue;
    }
    const found = licenseOfManifest(manifest as Record<string, unknown>);
    const license = found.kind === 'declared' ? found.value : found.kind === 'file' ? found.raw : null;
    const deprecated = (manifest as { deprecated?: unknown }).deprecated;
    versions.push([version, license, typeof deprecated === 'string' && deprecated !== '' ? 1 : 0]);
  }
  return { tags, versions };
}

export function isCompactPackument(value: unknown): value is CompactPackument {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const candidate = value as Partial<CompactPackument>;
  return (
    candidate.tags !== null &&
    typeof candidate.tags === 'object' &&
    Array.isArray(candidate.versions) &&
    candidate.versions.every(
      (entry) =>
        Array.isArray(entry) &&
        typeof entry[0] === 'string' &&
        (entry[1] === null || typeof entry[1] === 'string' || (Array.isArray(entry[1]) && entry[1].every((item) => typeof item === 'string'))) &&
        (entry[2] === 0 || entry[2] === 1),
    )
  );
}

