import type { PomPropertyValue } from '../../manifests/pomProperties';
import { scanXmlElements, type XmlElementHandler } from '../../manifests/pomXmlScanner';
import type { ParseProblem } from '../../manifests/types';
import type { PomLicense } from './licenseNames';

/**
 * The parts of a POM a resolver needs, as written (no interpolation): coordinates, parent,
 * properties, licenses, dependencies with their exclusions, dependencyManagement and modules.
 * Read with the project's saxes-based scanner, so entities are never expanded. Profiles are not
 * read: whether one is active depends on the build machine.
 */
export interface PomExclusion {
  readonly groupId: string;
  readonly artifactId: string;
}

export interface PomDependencyEntry {
  readonly groupId?: string;
  readonly artifactId?: string;
  readonly version?: string;
  readonly scope?: string;
  readonly type?: string;
  readonly classifier?: string;
  readonly optional: boolean;
  readonly exclusions: readonly PomExclusion[];
}

export interface PomParentRef {
  readonly groupId?: string;
  readonly artifactId?: string;
  readonly version?: string;
  readonly relativePath?: string;
}

export interface PomModel {
  readonly groupId?: string;
  readonly artifactId?: string;
  readonly version?: string;
  readonly parent?: PomParentRef;
  readonly properties: ReadonlyMap<string, PomPropertyValue>;
  readonly licenses: readonly PomLicense[];
  readonly dependencies: readonly PomDependencyEntry[];
  readonly managed: readonly PomDependencyEntry[];
  readonly modules: readonly string[];
  readonly problems: readonly ParseProblem[];
  /** Whether a `<project>` root element was found at all. */
  readonly isPom: boolean;
}

type Fields = Record<string, string | undefined>;

interface DependencyDraft {
  readonly fields: Fields;
  readonly exclusions: PomExclusion[];
}

type Role =
  | { readonly kind: 'other' }
  | { readonly kind: 'project' }
  | { readonly kind: 'parent' }
  | { readonly kind: 'properties' }
  | { readonly kind: 'licenses' }
  | { readonly kind: 'license'; readonly fields: Fields }
  | { readonly kind: 'dependencies'; readonly target: DependencyDraft[] }
  | { readonly kind: 'dependency'; readonly draft: DependencyDraft }
  | { readonly kind: 'exclusions'; readonly draft: DependencyDraft }
  | { readonly kind: 'exclusion'; readonly fields: Fields }
  | { readonly kind: 'dependencyManagement' }
  | { readonly kind: 'modules' }
  | { readonly kind: 'leaf' };

interface Element extends XmlElementHandler {
  readonly role: Role;
}

const OTHER: Element = { role: { kind: 'other' } };

const DEPENDENCY_FIELDS: ReadonlySet<string> = new Set(['groupId', 'artifactId', 'version', 'scope', 'type', 'classifier', 'optional']);

interface Draft {
  isPom: boolean;
  readonly project: Fields;
  readonly parent: Fields;
  hasParent: boolean;
  readonly properties: Map<string, PomPropertyValue>;
  readonly licenses: Fields[];
  readonly dependencies: DependencyDraft[];
  readonly managed: DependencyDraft[];
  readonly modules: string[];
}

export function readPomModel(text: string): PomModel {
  const draft: Draft = {
    isPom: false,
    project: {},
    parent: {},
    hasParent: false,
    properties: new Map(),
    licenses: [],
    dependencies: [],
    managed: [],
    modules: [],
  };
  const problems = scanXmlElements<Element>(text, (name, _range, parent) => open(draft, localName(name), parent));
  const { project, parent } = draft;
  return {
    ...definedFields({ groupId: project.groupId, artifactId: project.artifactId, version: project.version }),
    ...(draft.hasParent
      ? { parent: definedFields({ groupId: parent.groupId, artifactId: parent.artifactId, version: parent.version, relativePath: parent.relativePath }) }
      : {}),
    properties: draft.properties,
    licenses: draft.licenses.map((fields) => definedFields({ name: fields.name, url: fields.url })),
    dependencies: draft.dependencies.map(toEntry),
    managed: draft.managed.map(toEntry),
    modules: draft.modules,
    problems,
    isPom: draft.isPom,
  };
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function open(draft: Draft, name: string, parent: Element | null): Element {
  if (parent === null) {
    if (name !== 'project') {
      return OTHER;
    }
    draft.isPom = true;
    return { role: { kind: 'project' } };
  }
  const role = parent.role;
  switch (role.kind) {
    case 'project':
      return projectChild(draft, name);
    case 'parent':
      return name === 'groupId' || name === 'artifactId' || name === 'version' || name === 'relativePath' ? field(draft.parent, name) : OTHER;
    case 'properties':
      return leaf((value) => {
        draft.properties.set(name, value);
      });
    case 'licenses': {
      if (name !== 'license') {
        return OTHER;
      }
      const fields: Fields = {};
      draft.licenses.push(fields);
      return { role: { kind: 'license', fields } };
    }
    case 'license':
      return name === 'name' || name === 'url' ? field(role.fields, name) : OTHER;
    case 'dependencyManagement':
      return name === 'dependencies' ? { role: { kind: 'dependencies', target: draft.managed } } : OTHER;
    case 'dependencies': {
      if (name !== 'dependency') {
        return OTHER;
      }
      const dependency: DependencyDraft = { fields: {}, exclusions: [] };
      role.target.push(dependency);
      return { role: { kind: 'dependency', draft: dependency } };
    }
    case 'dependency':
      if (name === 'exclusions') {
        return { role: { kind: 'exclusions', draft: role.draft } };
      }
      return DEPENDENCY_FIELDS.has(name) ? field(role.draft.fields, name) : OTHER;
    case 'exclusions': {
      if (name !== 'exclusion') {
        return OTHER;
      }
      const fields: Fields = {};
      return {
        role: { kind: 'exclusion', fields },
        close: () => {
          if (fields.groupId && fields.artifactId) {
            role.draft.exclusions.push({ groupId: fields.groupId, artifactId: fields.artifactId });
          }
        },
      };
    }
    case 'exclusion':
      return name === 'groupId' || name === 'artifactId' ? field(role.fields, name) : OTHER;
    case 'modules':
      return name === 'module'
        ? leaf((value) => {
            if (value) {
              draft.modules.push(value);
            }
          })
        : OTHER;
    default:
      return OTHER;
  }
}

function projectChild(draft: Draft, name: string): Element {
  switch (name) {
    case 'groupId':
    case 'artifactId':
    case 'version':
      return field(draft.project, name);
    case 'parent':
      draft.hasParent = true;
      return { role: { kind: 'parent' } };
    case 'properties':
      return { role: { kind: 'properties' } };
    case 'licenses':
      return { role: { kind: 'licenses' } };
    case 'dependencies':
      return { role: { kind: 'dependencies', target: draft.dependencies } };
    case 'dependencyManagement':
      return { role: { kind: 'dependencyManagement' } };
    case 'modules':
      return { role: { kind: 'modules' } };
    default:
      return OTHER;
  }
}

/** A leaf whose trimmed text is stored under `name` (the first occurrence wins). */
function field(target: Fields, name: string): Element {
  return leaf((value) => {
    if (target[name] === undefined && value !== null && value !== '') {
      target[name] = value;
    }
  });
}

/** Collects the text of a leaf element; null when saxes met an error in it (an undefined entity). */
function leaf(onValue: (value: string | null) => void): Element {
  let value = '';
  let hadError = false;
  return {
    role: { kind: 'leaf' },
    text: (piece, _range, error) => {
      value += piece;
      hadError ||= error;
    },
    close: () => onValue(hadError ? null : value.trim()),
  };
}

function toEntry(draft: DependencyDraft): PomDependencyEntry {
  const { fields } = draft;
  return {
    ...definedFields({
      groupId: fields.groupId,
      artifactId: fields.artifactId,
      version: fields.version,
      scope: fields.scope,
      type: fields.type,
      classifier: fields.classifier,
    }),
    optional: fields.optional === 'true',
    exclusions: draft.exclusions,
  };
}

/** Drops undefined members, so results compare and print cleanly. */
function definedFields<T extends Record<string, string | undefined>>(fields: T): { [K in keyof T]?: string } {
  const result: { [K in keyof T]?: string } = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    const value = fields[key];
    if (value !== undefined) {
      result[key] = value;
    }
  }
  return result;
}
