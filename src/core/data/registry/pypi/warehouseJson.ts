import type { CoreMetadata } from '../../pypi/metadata';
import type { PackageIndex } from './indexUrl';

/**
 * Warehouse's JSON API for one release, `GET /pypi/<project>/<version>/json` (PyPI docs, "JSON
 * API", "Get a release"). PyPI has it; so do mirrors that run Warehouse's routes beside their
 * Simple API, which is why the URL is derived from an index whose path ends in `simple/`
 * (`https://pypi.org/simple/` → `https://pypi.org/pypi/…`). Undefined where the index path does not.
 */
export function releaseJsonUrl(index: PackageIndex, project: string, version: string): string | undefined {
  if (!index.url.endsWith('/simple/')) {
    return undefined;
  }
  return `${index.url.slice(0, -'simple/'.length)}pypi/${encodeURIComponent(project)}/${encodeURIComponent(version)}/json`;
}

/** Indexes whose JSON API serves licenses better than fetching a metadata file from another host. */
export function prefersJsonApi(index: PackageIndex): boolean {
  return index.url === 'https://pypi.org/simple/';
}

/**
 * The license and link fields of a release's `info` as core metadata fields, so that the same
 * rules read both: `license_expression` is Core Metadata 2.4's `License-Expression`, `license` is
 * `License`, `classifiers` are `Classifier`, `home_page` is `Home-page`, and each `project_urls`
 * entry `{label: url}` is a `Project-URL: label, url`. Undefined when the body is not a release.
 */
export function metadataFromReleaseJson(json: unknown): CoreMetadata | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return undefined;
  }
  const info = (json as { info?: unknown }).info;
  if (info === null || typeof info !== 'object' || Array.isArray(info)) {
    return undefined;
  }
  const fields = info as { license_expression?: unknown; license?: unknown; classifiers?: unknown; home_page?: unknown; project_urls?: unknown };
  const metadata = new Map<string, string[]>();
  if (typeof fields.license_expression === 'string' && fields.license_expression.trim() !== '') {
    metadata.set('license-expression', [fields.license_expression]);
  }
  if (typeof fields.license === 'string' && fields.license.trim() !== '') {
    metadata.set('license', [fields.license]);
  }
  if (Array.isArray(fields.classifiers)) {
    metadata.set(
      'classifier',
      fields.classifiers.filter((classifier): classifier is string => typeof classifier === 'string'),
    );
  }
  if (typeof fields.home_page === 'string' && fields.home_page.trim() !== '') {
    metadata.set('home-page', [fields.home_page]);
  }
  const projectUrls = fields.project_urls;
  if (projectUrls !== null && typeof projectUrls === 'object' && !Array.isArray(projectUrls)) {
    // A label with a comma would be read back as a shorter label and a URL starting with its rest.
    const urls = Object.entries(projectUrls).flatMap(([label, url]) => (typeof url === 'string' && !label.includes(',') ? [`${label}, ${url}`] : []));
    metadata.set('project-url', urls);
  }
  return metadata;
}
