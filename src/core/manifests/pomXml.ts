import { pomInterpolator, type PomInterpolator, type PomModelValues, type PomPropertyValue } from './pomProperties';
import { scanXmlElements, type XmlElementHandler } from './pomXmlScanner';
import { manifestResult } from './result';
import type { ManifestDependency, ManifestParser, ParseProblem, TextRange } from './types';

/** The trimmed text of a leaf element such as `<version>`. */
interface CapturedText {
  readonly value: string;
  readonly range: TextRange;
  /** saxes reported an error inside it, e.g. an undefined `&entity;` left as written. */
  readonly hadError: boolean;
}

interface ProfileDraft {
  id: string | null;
  readonly properties: Map<string, PomPropertyValue>;
}

interface DependencyDraft {
  readonly profile: ProfileDraft | null;
  readonly managed: boolean;
  readonly elementRange: TextRange;
  groupId?: CapturedText;
  artifactId?: CapturedText;
  version?: CapturedText;
  scope?: CapturedText;
  optional?: CapturedText;
  closed: boolean;
}

/** What the pom says about itself, for `${project.version}` and friends. */
type MutableModel = { -readonly [K in keyof PomModelValues]: PomModelValues[K] };

interface PomDocument {
  readonly text: string;
  readonly model: MutableModel;
  readonly properties: Map<string, PomPropertyValue>;
  readonly drafts: DependencyDraft[];
}

/** What an element means for the parts of the pom we read. */
type Role =
  | { readonly kind: 'other' }
  | { readonly kind: 'project' }
  | { readonly kind: 'parent' }
  | { readonly kind: 'profiles' }
  | { readonly kind: 'profile'; readonly profile: ProfileDraft }
  | { readonly kind: 'dependencyManagement'; readonly profile: ProfileDraft | null }
  | { readonly kind: 'dependencies'; readonly profile: ProfileDraft | null; readonly managed: boolean }
  | { readonly kind: 'dependency'; readonly draft: DependencyDraft }
  | { readonly kind: 'properties'; readonly target: Map<string, PomPropertyValue> }
  | { readonly kind: 'leaf' };

interface PomElement extends XmlElementHandler {
  readonly role: Role;
}

const OTHER: PomElement = { role: { kind: 'other' } };

/** Maven's default when a `<profile>` has no `<id>`. */
const DEFAULT_PROFILE_ID = 'default';

export const parsePomXml: ManifestParser = (text) => {
  const document: PomDocument = { text, model: {}, properties: new Map(), drafts: [] };
  const problems: ParseProblem[] = scanXmlElements<PomElement>(text, (name, nameRange, parent) =>
    openElement(document, localName(name), nameRange, parent),
  );
  return manifestResult('maven', text, toDependencies(document, problems), problems);
};

/** Prefixes are rare in poms and never change an element's meaning here. */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function openElement(document: PomDocument, name: string, nameRange: TextRange, parent: PomElement | null): PomElement {
  if (parent === null) {
    return name === 'project' ? { role: { kind: 'project' } } : OTHER;
  }
  const role = parent.role;
  switch (role.kind) {
    case 'project':
      return projectChild(document, name, nameRange);
    case 'parent':
      return parentChild(document, name, nameRange);
    case 'profiles':
      return name === 'profile' ? { role: { kind: 'profile', profile: { id: null, properties: new Map() } } } : OTHER;
    case 'profile':
      return profileChild(document, role.profile, name, nameRange);
    case 'dependencyManagement':
      return name === 'dependencies' ? { role: { kind: 'dependencies', profile: role.profile, managed: true } } : OTHER;
    case 'dependencies':
      return name === 'dependency' ? dependencyElement(document, role.profile, role.managed, nameRange) : OTHER;
    case 'dependency':
      return dependencyChild(document, role.draft, name, nameRange);
    case 'properties':
      return leaf(document, nameRange, (captured) => {
        role.target.set(name, captured.hadError ? null : captured.value);
      });
    default:
      return OTHER;
  }
}

function projectChild(document: PomDocument, name: string, nameRange: TextRange): PomElement {
  const { model } = document;
  switch (name) {
    case 'dependencies':
      return { role: { kind: 'dependencies', profile: null, managed: false } };
    case 'dependencyManagement':
      return { role: { kind: 'dependencyManagement', profile: null } };
    case 'profiles':
      return { role: { kind: 'profiles' } };
    case 'properties':
      return { role: { kind: 'properties', target: document.properties } };
    case 'parent':
      return { role: { kind: 'parent' } };
    case 'version':
      return leaf(document, nameRange, (captured) => (model.projectVersion = modelValue(captured)));
    case 'groupId':
      return leaf(document, nameRange, (captured) => (model.projectGroupId = modelValue(captured)));
    case 'artifactId':
      return leaf(document, nameRange, (captured) => (model.projectArtifactId = modelValue(captured)));
    default:
      return OTHER;
  }
}

function parentChild(document: PomDocument, name: string, nameRange: TextRange): PomElement {
  const { model } = document;
  switch (name) {
    case 'version':
      return leaf(document, nameRange, (captured) => (model.parentVersion = modelValue(captured)));
    case 'groupId':
      return leaf(document, nameRange, (captured) => (model.parentGroupId = modelValue(captured)));
    default:
      return OTHER;
  }
}

function profileChild(document: PomDocument, profile: ProfileDraft, name: string, nameRange: TextRange): PomElement {
  switch (name) {
    case 'id':
      return leaf(document, nameRange, (captured) => (profile.id = captured.value || null));
    case 'dependencies':
      return { role: { kind: 'dependencies', profile, managed: false } };
    case 'dependencyManagement':
      return { role: { kind: 'dependencyManagement', profile } };
    case 'properties':
      return { role: { kind: 'properties', target: profile.properties } };
    default:
      return OTHER;
  }
}

function dependencyElement(
  document: PomDocument,
  profile: ProfileDraft | null,
  managed: boolean,
  elementRange: TextRange,
): PomElement {
  const draft: DependencyDraft = { profile, managed, elementRange, closed: false };
  // Drafts are kept in document order; the profile id they need may only come later.
  document.drafts.push(draft);
  return {
    role: { kind: 'dependency', draft },
    close: (closed) => {
      draft.closed = closed;
    },
  };
}

function dependencyChild(document: PomDocument, draft: DependencyDraft, name: string, nameRange: TextRange): PomElement {
  switch (name) {
    case 'groupId':
    case 'artifactId':
    case 'version':
    case 'scope':
    case 'optional':
      return leaf(document, nameRange, (captured) => {
        // The first of a repeated element is the one Maven itself would complain about least.
        draft[name] ??= captured;
      });
    default:
      return OTHER;
  }
}

function modelValue(captured: CapturedText): string | undefined {
  return captured.hadError || captured.value === '' ? undefined : captured.value;
}

/**
 * Collects the text of a leaf element, which saxes may deliver in pieces (around comments,
 * CDATA sections, entity errors); reports it once when the element ends.
 */
function leaf(document: PomDocument, elementRange: TextRange, onValue: (captured: CapturedText) => void): PomElement {
  const { text } = document;
  let value = '';
  let hadError = false;
  let start = -1;
  let end = -1;
  return {
    role: { kind: 'leaf' },
    text: (piece, range, error) => {
      value += piece;
      hadError ||= error;
      const trimmed = range ? trimRange(text, range) : null;
      if (trimmed && trimmed.start < trimmed.end) {
        start = start < 0 ? trimmed.start : start;
        end = trimmed.end;
      }
    },
    close: () => {
      const range = start < 0 ? elementRange : { start, end };
      onValue({ value: trimXml(value), range, hadError });
    },
  };
}

function isXmlSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function trimXml(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isXmlSpace(value.charCodeAt(start))) {
    start++;
  }
  while (end > start && isXmlSpace(value.charCodeAt(end - 1))) {
    end--;
  }
  return value.slice(start, end);
}

function trimRange(text: string, range: TextRange): TextRange {
  let { start, end } = range;
  while (start < end && isXmlSpace(text.charCodeAt(start))) {
    start++;
  }
  while (end > start && isXmlSpace(text.charCodeAt(end - 1))) {
    end--;
  }
  return { start, end };
}

function toDependencies(document: PomDocument, problems: ParseProblem[]): ManifestDependency[] {
  const interpolators = new Map<ProfileDraft | null, PomInterpolator>();
  const interpolatorFor = (profile: ProfileDraft | null): PomInterpolator => {
    let interpolator = interpolators.get(profile);
    if (!interpolator) {
      const scopes = profile ? [profile.properties, document.properties] : [document.properties];
      interpolator = pomInterpolator(document.model, scopes);
      interpolators.set(profile, interpolator);
    }
    return interpolator;
  };

  const dependencies: ManifestDependency[] = [];
  for (const draft of document.drafts) {
    const artifactId = draft.artifactId;
    if (!artifactId || artifactId.value === '') {
      // A dependency still being typed at the end of the file has simply not got there yet.
      if (draft.closed) {
        problems.push({ message: 'Maven: <dependency> without an <artifactId>', range: draft.elementRange });
      }
      continue;
    }
    dependencies.push(toDependency(draft, artifactId, interpolatorFor(draft.profile)));
  }
  return dependencies;
}

function toDependency(draft: DependencyDraft, artifactId: CapturedText, interpolate: PomInterpolator): ManifestDependency {
  const groupId = draft.groupId?.value;
  const version = draft.version && draft.version.value !== '' ? draft.version : null;
  const resolved = version && !version.hadError ? interpolate(version.value) : undefined;
  const scope = draft.scope?.value;
  return {
    ecosystem: 'maven',
    name: groupId ? `${groupId}:${artifactId.value}` : artifactId.value,
    spec: version ? version.value : null,
    section: sectionOf(draft),
    nameRange: artifactId.range,
    specRange: version ? version.range : null,
    ...(resolved !== undefined ? { version: resolved } : {}),
    ...(scope ? { scope } : {}),
    ...(draft.optional?.value === 'true' ? { optional: true } : {}),
  };
}

function sectionOf(draft: DependencyDraft): string {
  const section = draft.managed ? 'dependencyManagement' : 'dependencies';
  return draft.profile ? `profiles.${draft.profile.id ?? DEFAULT_PROFILE_ID}.${section}` : section;
}
