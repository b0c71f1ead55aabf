import { releaseDay } from '../releaseDay';
import { distributionFile } from './distributionFilename';
import { parseSimpleHtml } from './simpleHtml';

/**
 * What is kept of one version of a project page: `[version, 1 when withdrawn, the URL of one
 * distribution's core metadata file or '', its sha256 or '', the day its first file was uploaded
 * (`YYYY-MM-DD`) or '']`. The day is given by JSON pages only (PEP 700 `upload-time`, optional);
 * the HTML form has no such field.
 */
export type CompactVersion = readonly [version: string, withdrawn: 0 | 1, metadataUrl: string, metadataSha256: string, uploaded: string];

export interface CompactProject {
  readonly versions: readonly CompactVersion[];
}

export type ProjectPage = { readonly kind: 'project'; readonly project: CompactProject } | { readonly kind: 'malformed'; readonly message: string };

/** The Accept header of Simple API clients the spec recommends ("Version + Format Selection"): JSON first, HTML as a fallback. */
export const SIMPLE_ACCEPT = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01';

/** The only major version of the Simple API; a later one must fail hard (Simple repository API, "Clients"). */
const SUPPORTED_MAJOR = 1;

interface FileEntry {
  readonly filename: string;
  readonly url: string;
  readonly yanked: boolean;
  readonly metadata: boolean;
  readonly metadataSha256?: string;
  /** `YYYY-MM-DD`. */
  readonly uploaded?: string;
}

/**
 * A project detail page (`GET <index>/<normalized name>/`) in either serialization (Simple
 * repository API, "JSON Serialization" / "HTML Serialization", "Project Detail"): every version
 * with whether it is withdrawn and where one of its core metadata files is. The response's
 * Content-Type is not at hand, so the body tells: a JSON object, else HTML.
 */
export function readProjectPage(bytes: Buffer, pageUrl: string, project: string): ProjectPage {
  const text = bytes.toString('utf8');
  const start = text.trimStart();
  if (start.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: 'malformed', message: 'answered with malformed JSON' };
    }
    return fromJson(json, pageUrl, project);
  }
  if (!start.startsWith('<')) {
    return { kind: 'malformed', message: 'answered with neither a JSON nor an HTML project page' };
  }
  const page = parseSimpleHtml(text);
  const versionProblem = unsupportedVersion(page.apiVersion);
  if (versionProblem !== undefined) {
    return { kind: 'malformed', message: versionProblem };
  }
  const base = page.base !== undefined ? absolute(page.base, pageUrl) ?? pageUrl : pageUrl;
  const files: FileEntry[] = [];
  for (const link of page.links) {
    const url = absolute(link.href, base);
    if (url === undefined) {
      continue;
    }
    const metadata = link.attributes.get('data-core-metadata') ?? link.attributes.get('data-dist-info-metadata');
    const sha256 = metadata !== undefined && metadata.toLowerCase().startsWith('sha256=') ? metadata.slice(7) : undefined;
    files.push({
      filename: link.text !== '' ? link.text : lastSegment(url),
      url,
      // `data-yanked` with or without a reason (File Yanking, "Specification").
      yanked: link.attributes.has('data-yanked'),
      metadata: metadata !== undefined && metadata.toLowerCase() !== 'false',
      ...(sha256 !== undefined && isSha256(sha256) ? { metadataSha256: sha256.toLowerCase() } : {}),
    });
  }
  return { kind: 'project', project: compact(files, undefined, project) };
}

function fromJson(json: unknown, pageUrl: string, project: string): ProjectPage {
  if (!isObject(json) || !Array.isArray(json.files)) {
    return { kind: 'malformed', message: 'answered with JSON that is not a project page' };
  }
  const meta = json.meta;
  const versionProblem = unsupportedVersion(isObject(meta) && typeof meta['api-version'] === 'string' ? meta['api-version'] : undefined);
  if (versionProblem !== undefined) {
    return { kind: 'malformed', message: versionProblem };
  }
  const files: FileEntry[] = [];
  for (const file of json.files as unknown[]) {
    if (!isObject(file) || typeof file.filename !== 'string' || typeof file.url !== 'string') {
      continue;
    }
    const url = absolute(file.url, pageUrl);
    if (url === undefined) {
      continue;
    }
    // PEP 714 renamed `dist-info-metadata` to `core-metadata`; the old key is a fallback.
    const metadata = file['core-metadata'] ?? file['dist-info-metadata'];
    const sha256 = isObject(metadata) && typeof metadata.sha256 === 'string' && isSha256(metadata.sha256) ? metadata.sha256.toLowerCase() : undefined;
    // PEP 700: optional, `yyyy-mm-ddThh:mm:ss.ffffffZ`.
    const uploaded = releaseDay(file['upload-time']);
    files.push({
      filename: file.filename,
      url,
      // `yanked` is true or a non-empty reason.
      yanked: file.yanked === true || (typeof file.yanked === 'string' && file.yanked !== ''),
      metadata: metadata === true || (isObject(metadata) && Object.keys(metadata).length > 0),
      ...(sha256 !== undefined ? { metadataSha256: sha256 } : {}),
      ...(uploaded !== undefined ? { uploaded } : {}),
    });
  }
  // `versions` (API 1.1, PEP 700) lists versions with no files too.
  const versions = Array.isArray(json.versions) ? (json.versions as unknown[]).filter((version): version is string => typeof version === 'string' && isVersionText(version)) : undefined;
  return { kind: 'project', project: compact(files, versions, project) };
}

/**
 * Files grouped by the version their name gives. A version is withdrawn when every file of it is
 * yanked (a "yanked release", File Yanking), or when it has no file at all: an installer can
 * pick neither. Its metadata file is that of a wheel if it has one (a wheel's METADATA is final,
 * an sdist's may be dynamic), preferring files that are not yanked. It was released the day its
 * first file was uploaded.
 */
function compact(files: readonly FileEntry[], listed: readonly string[] | undefined, project: string): CompactProject {
  const byKey = new Map<string, { version: string; files: { entry: FileEntry; wheel: boolean }[] }>();
  for (const version of listed ?? []) {
    if (!byKey.has(version.toLowerCase())) {
      byKey.set(version.toLowerCase(), { version, files: [] });
    }
  }
  for (const entry of files) {
    const parsed = distributionFile(entry.filename, project);
    if (parsed === undefined || !isVersionText(parsed.version)) {
      continue;
    }
    const key = parsed.version.toLowerCase();
    let group = byKey.get(key);
    if (group === undefined) {
      group = { version: parsed.version, files: [] };
      byKey.set(key, group);
    }
    group.files.push({ entry, wheel: parsed.kind === 'wheel' });
  }
  const versions: CompactVersion[] = [];
  for (const { version, files: group } of byKey.values()) {
    const withdrawn = group.length === 0 || group.every((file) => file.entry.yanked);
    const rank = (file: { entry: FileEntry; wheel: boolean }): number => (file.wheel ? 0 : 2) + (file.entry.yanked ? 1 : 0);
    const best = group.filter((file) => file.entry.metadata).sort((a, b) => rank(a) - rank(b))[0];
    const metadataUrl = best === undefined ? undefined : metadataUrlOf(best.entry.url);
    // `YYYY-MM-DD` strings sort as the days they name.
    const uploaded = group.reduce((first, file) => (file.entry.uploaded !== undefined && (first === '' || file.entry.uploaded < first) ? file.entry.uploaded : first), '');
    versions.push([version, withdrawn ? 1 : 0, metadataUrl ?? '', metadataUrl !== undefined ? (best?.entry.metadataSha256 ?? '') : '', uploaded]);
  }
  return { versions };
}

/** The core metadata file of a distribution: its URL (without fragment) with `.metadata` appended ("Serve Distribution Metadata in the Simple Repository API"). */
export function metadataUrlOf(fileUrl: string): string | undefined {
  try {
    const url = new URL(fileUrl);
    url.hash = '';
    url.pathname = `${url.pathname}.metadata`;
    return url.toString();
  } catch {
    return undefined;
  }
}

function unsupportedVersion(apiVersion: string | undefined): string | undefined {
  if (apiVersion === undefined) {
    return undefined;
  }
  const major = Number(apiVersion.trim().split('.')[0]);
  return Number.isInteger(major) && major > SUPPORTED_MAJOR ? `serves Simple API version ${apiVersion.slice(0, 20)}, newer than the ${SUPPORTED_MAJOR}.x this client reads` : undefined;
}

/** An http(s) URL, relative ones resolved against the page ("URLs may be either absolute or relative"). */
function absolute(href: string, base: string): string | undefined {
  try {
    const url = new URL(href, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function lastSegment(url: string): string {
  try {
    const segments = new URL(url).pathname.split('/');
    return decodeURIComponent(segments[segments.length - 1]);
  } catch {
    return '';
  }
}

function isVersionText(version: string): boolean {
  return version !== '' && version.length <= 128 && !/[\s/\\]/.test(version);
}

function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/i.test(value);
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
