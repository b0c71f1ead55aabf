import { pomInterpolator, type PomModelValues } from '../../../manifests/pomProperties';
import { isSafeCoordinate } from '../../maven/repository';
import { readPomModel } from '../../maven/pomModel';
import { childText, child, keepPaths, readXmlTree } from './xmlTree';

/** `groupId:artifactId:version`, each part a safe path segment. */
export type Gav = string;

/** What a registry POM says that a license lookup needs: kept on disk instead of the POM itself. */
export interface PomFacts {
  /** `<licenses>` as `[name, url]` (empty when absent), in document order. */
  readonly licenses: readonly (readonly [string, string])[];
  readonly parent?: Gav;
  /** `<distributionManagement><relocation>`, its missing parts filled from the POM's own coordinates. */
  readonly relocation?: Gav;
}

/** More `<license>` elements than any real POM has; a longer list is cut. */
const MAX_LICENSES = 16;
const MAX_LICENSE_TEXT = 512;

const RELOCATION_PATHS: readonly (readonly string[])[] = [
  ['distributionManagement', 'relocation', 'groupId'],
  ['distributionManagement', 'relocation', 'artifactId'],
  ['distributionManagement', 'relocation', 'version'],
];

/**
 * The facts of one POM, read with the project's POM model (saxes, no entities). Values may use the
 * POM's own properties (`${project.version}` in a relocation is common); anything they cannot
 * resolve is dropped rather than guessed. Undefined when the text is not a POM.
 */
export function readPomFacts(text: string): PomFacts | undefined {
  const model = readPomModel(text);
  if (!model.isPom) {
    return undefined;
  }
  const values: PomModelValues = {
    ...(model.groupId !== undefined ? { projectGroupId: model.groupId } : {}),
    ...(model.artifactId !== undefined ? { projectArtifactId: model.artifactId } : {}),
    ...(model.version !== undefined ? { projectVersion: model.version } : {}),
    ...(model.parent?.groupId !== undefined ? { parentGroupId: model.parent.groupId } : {}),
    ...(model.parent?.version !== undefined ? { parentVersion: model.parent.version } : {}),
  };
  const interpolate = pomInterpolator(values, [model.properties]);
  const resolve = (value: string | undefined): string | undefined => (value === undefined ? undefined : interpolate(value));
  const licenses = model.licenses
    .slice(0, MAX_LICENSES)
    .map((license) => [(license.name ?? '').slice(0, MAX_LICENSE_TEXT), (license.url ?? '').slice(0, MAX_LICENSE_TEXT)] as const);
  const parent = model.parent === undefined ? undefined : gavOf(resolve(model.parent.groupId), resolve(model.parent.artifactId), resolve(model.parent.version));

  // POM Reference, "Distribution Management" → "Relocation": only the coordinates that changed need to be given.
  // A second, narrow read, only for the POMs that can have one.
  const relocationNode = text.includes('relocation>') ? child(child(readXmlTree(text, keepPaths(RELOCATION_PATHS)), 'distributionManagement'), 'relocation') : undefined;
  const ownGroup = model.groupId ?? model.parent?.groupId;
  const ownVersion = model.version ?? model.parent?.version;
  const relocation =
    relocationNode === undefined
      ? undefined
      : gavOf(
          resolve(childText(relocationNode, 'groupId') ?? ownGroup),
          resolve(childText(relocationNode, 'artifactId') ?? model.artifactId),
          resolve(childText(relocationNode, 'version') ?? ownVersion),
        );
  return { licenses, ...(parent !== undefined ? { parent } : {}), ...(relocation !== undefined ? { relocation } : {}) };
}

export function gavOf(groupId: string | undefined, artifactId: string | undefined, version: string | undefined): Gav | undefined {
  return groupId !== undefined && artifactId !== undefined && version !== undefined && [groupId, artifactId, version].every(isSafeCoordinate)
    ? `${groupId}:${artifactId}:${version}`
    : undefined;
}

export function splitGav(gav: Gav): { groupId: string; artifactId: string; version: string } {
  const [groupId = '', artifactId = '', version = ''] = gav.split(':');
  return { groupId, artifactId, version };
}

export function isPomFacts(value: unknown): value is PomFacts {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const facts = value as Partial<PomFacts>;
  return (
    Array.isArray(facts.licenses) &&
    facts.licenses.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string') &&
    (facts.parent === undefined || isGav(facts.parent)) &&
    (facts.relocation === undefined || isGav(facts.relocation))
  );
}

function isGav(value: unknown): boolean {
  if (typeof value !== 'string') {
    return false;
  }
  const { groupId, artifactId, version } = splitGav(value);
  return gavOf(groupId, artifactId, version) === value;
}
