import { isSafeCoordinate } from '../../maven/repository';
import { child, children, childText, keepPaths, readXmlTree } from './xmlTree';

/** Far more than any artifact publishes (Central's busiest have a few thousand). */
const MAX_VERSIONS = 20_000;

const METADATA_PATHS: readonly (readonly string[])[] = [['version'], ['versioning', 'versions', 'version']];

/**
 * The versions an artifact-level `maven-metadata.xml` lists (Maven Repository Metadata Model: in a
 * "groupId/artifactId" directory, `versioning/versions/version`), in the file's order, duplicates
 * and unsafe values dropped. Old files with only a top-level `<version>` give that one. Undefined
 * when the text is not repository metadata at all.
 */
export function readMetadataVersions(text: string): string[] | undefined {
  const root = readXmlTree(text, keepPaths(METADATA_PATHS), { maxElements: MAX_VERSIONS + 16, maxText: 256 });
  if (root?.name !== 'metadata') {
    return undefined;
  }
  const listed = children(child(child(root, 'versioning'), 'versions'), 'version').map((node) => node.text);
  const single = childText(root, 'version');
  const versions: string[] = [];
  const seen = new Set<string>();
  for (const version of listed.length > 0 ? listed : single !== undefined ? [single] : []) {
    if (isSafeCoordinate(version) && !seen.has(version)) {
      seen.add(version);
      versions.push(version);
    }
  }
  return versions;
}
