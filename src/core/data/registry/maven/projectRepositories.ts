import * as path from 'node:path';
import { pomInterpolator, type PomPropertyValue } from '../../../manifests/pomProperties';
import { readDataFile } from '../../dataFiles';
import { MAX_PARENT_DEPTH } from '../../maven/effectivePom';
import { readPomModel } from '../../maven/pomModel';
import { readRepository, type ConfiguredRepository } from './mavenSettings';
import { child, children, childText, keepPaths, readXmlTree, type XmlNode } from './xmlTree';

const REPOSITORY_FIELDS: readonly (readonly string[])[] = [['id'], ['url'], ['layout'], ['releases', 'enabled']];

const POM_PATHS: readonly (readonly string[])[] = [
  ['groupId'],
  ['artifactId'],
  ['parent', 'groupId'],
  ['parent', 'artifactId'],
  ['parent', 'relativePath'],
  ...REPOSITORY_FIELDS.map((field) => ['repositories', 'repository', ...field]),
  ['profiles', 'profile', 'id'],
  ['profiles', 'profile', 'activation', 'activeByDefault'],
  ...REPOSITORY_FIELDS.map((field) => ['profiles', 'profile', 'repositories', 'repository', ...field]),
];

interface LocalPom {
  readonly file: string;
  readonly tree: XmlNode;
  readonly properties: ReadonlyMap<string, PomPropertyValue>;
  readonly values: { projectGroupId?: string; projectArtifactId?: string; projectVersion?: string; parentGroupId?: string; parentVersion?: string };
}

/**
 * The `<repositories>` of the project's own pom.xml and of its parents in the project's tree (found by
 * `<relativePath>`, default `../pom.xml`, within the workspace), in Maven's "Repository Order" (Guide
 * to Multiple Repositories): the local POM, then its parents; in each, active profiles' repositories
 * first. Only profiles marked `<activeByDefault>` count: other activations depend on a build.
 * Called only for trusted workspaces: these files name hosts.
 */
export async function readProjectRepositories(projectDir: string, rootDir: string): Promise<{ repositories: ConfiguredRepository[]; files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  const chain: LocalPom[] = [];
  let next: ParentLink | undefined = { file: path.join(projectDir, 'pom.xml') };
  while (next !== undefined && chain.length <= MAX_PARENT_DEPTH && !chain.some((known) => known.file === next?.file)) {
    const pom = await readLocalPom(next.file, problems);
    // Maven takes a local parent only when it is the one the child names.
    if (pom === undefined || (next.groupId !== undefined && (pom.values.projectGroupId ?? pom.values.parentGroupId) !== next.groupId) || (next.artifactId !== undefined && pom.values.projectArtifactId !== next.artifactId)) {
      break;
    }
    files.push(next.file);
    chain.push(pom);
    next = localParent(pom, rootDir);
  }
  const repositories: ConfiguredRepository[] = [];
  chain.forEach((pom, level) => {
    const interpolate = pomInterpolator(pom.values, chain.slice(level).map((entry) => entry.properties));
    const origin = level === 0 ? "the project's pom.xml" : `the parent pom.xml at ${pom.file}`;
    const nodes = [
      ...children(child(pom.tree, 'profiles'), 'profile')
        .filter((profile) => childText(child(profile, 'activation'), 'activeByDefault') === 'true')
        .flatMap((profile) => children(child(profile, 'repositories'), 'repository')),
      ...children(child(pom.tree, 'repositories'), 'repository'),
    ];
    for (const node of nodes) {
      const repository = readRepository(node, interpolate, origin, problems);
      // A child's repository hides its parents' of the same id (model inheritance).
      if (repository !== undefined && !repositories.some((known) => known.id === repository.id)) {
        repositories.push({ ...repository, namedByProject: true });
      }
    }
  });
  return { repositories, files, problems };
}

async function readLocalPom(file: string, problems: string[]): Promise<LocalPom | undefined> {
  const read = await readDataFile(file);
  if ('missing' in read) {
    return undefined;
  }
  if ('error' in read) {
    problems.push(`${file}: ${read.error}`);
    return undefined;
  }
  const model = readPomModel(read.text);
  const tree = readXmlTree(read.text, keepPaths(POM_PATHS));
  if (!model.isPom || tree === undefined) {
    return undefined;
  }
  const values = {
    ...(model.groupId !== undefined ? { projectGroupId: model.groupId } : {}),
    ...(model.artifactId !== undefined ? { projectArtifactId: model.artifactId } : {}),
    ...(model.version !== undefined ? { projectVersion: model.version } : {}),
    ...(model.parent?.groupId !== undefined ? { parentGroupId: model.parent.groupId } : {}),
    ...(model.parent?.version !== undefined ? { parentVersion: model.parent.version } : {}),
  };
  return { file, tree, properties: model.properties, values };
}

interface ParentLink {
  readonly file: string;
  readonly groupId?: string;
  readonly artifactId?: string;
}

/** Where the parent's pom.xml would be in the project's tree, when `<relativePath>` leads inside the workspace. */
function localParent(pom: LocalPom, rootDir: string): ParentLink | undefined {
  const parent = child(pom.tree, 'parent');
  if (parent === undefined) {
    return undefined;
  }
  const relativeNode = child(parent, 'relativePath');
  // POM Reference, "Inheritance": an empty <relativePath/> means "look it up in the repositories only".
  if (relativeNode !== undefined && relativeNode.text === '') {
    return undefined;
  }
  let file = path.resolve(path.dirname(pom.file), relativeNode?.text ?? '../pom.xml');
  if (!file.endsWith('.xml')) {
    file = path.join(file, 'pom.xml');
  }
  const relative = path.relative(rootDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return undefined;
  }
  const groupId = childText(parent, 'groupId');
  const artifactId = childText(parent, 'artifactId');
  return { file, ...(groupId !== undefined ? { groupId } : {}), ...(artifactId !== undefined ? { artifactId } : {}) };
}
