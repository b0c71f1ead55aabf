/**
 * `${…}` interpolation for pom.xml values, limited to what the pom itself defines: its
 * `<properties>` and a few model values. Anything else (`${env.X}`, settings, a parent pom's
 * properties) is unknown here, and the whole value is then left unresolved.
 */

/** Values of the pom's own model that `${project.*}` expressions can name. */
export interface PomModelValues {
  readonly projectVersion?: string;
  readonly projectGroupId?: string;
  readonly projectArtifactId?: string;
  readonly parentVersion?: string;
  readonly parentGroupId?: string;
}

/** A property value as read; null when the text could not be read cleanly (an undefined entity). */
export type PomPropertyValue = string | null;

/** Deep enough for any real chain of properties, small enough to stop a cycle at once. */
const MAX_DEPTH = 16;
/**
 * Properties can repeat each other (`<a>${b}${b}${b}</a>`) like entities in the billion-laughs
 * attack; capping the size of every result keeps interpolation linear in the input.
 */
const MAX_RESULT_LENGTH = 4096;

export type PomInterpolator = (value: string) => string | undefined;

/**
 * Returns an interpolator over the given property scopes, searched first to last (a profile's
 * properties before the project's). Results are memoised per property name, so each is
 * resolved once however often it is used.
 */
export function pomInterpolator(
  model: PomModelValues,
  scopes: readonly ReadonlyMap<string, PomPropertyValue>[],
): PomInterpolator {
  const memo = new Map<string, string | undefined>();
  const inProgress = new Set<string>();

  const rawValue = (name: string): PomPropertyValue | undefined => {
    const modelValue = prefixedModelValue(model, name);
    if (modelValue !== undefined) {
      return modelValue;
    }
    for (const scope of scopes) {
      if (scope.has(name)) {
        return scope.get(name);
      }
    }
    return unprefixedModelValue(model, name);
  };

  const resolveName = (name: string, depth: number): string | undefined => {
    if (memo.has(name)) {
      return memo.get(name);
    }
    if (inProgress.has(name) || depth > MAX_DEPTH) {
      return undefined;
    }
    const raw = rawValue(name);
    if (raw === undefined || raw === null) {
      return undefined;
    }
    inProgress.add(name);
    const resolved = interpolate(raw, depth + 1);
    inProgress.delete(name);
    memo.set(name, resolved);
    return resolved;
  };

  const interpolate = (value: string, depth: number): string | undefined => {
    let result = '';
    let index = 0;
    while (index < value.length) {
      const open = value.indexOf('${', index);
      if (open < 0) {
        result += value.slice(index);
        break;
      }
      const close = value.indexOf('}', open + 2);
      if (close < 0) {
        return undefined;
      }
      const replacement = resolveName(value.slice(open + 2, close).trim(), depth);
      if (replacement === undefined) {
        return undefined;
      }
      result += value.slice(index, open) + replacement;
      if (result.length > MAX_RESULT_LENGTH) {
        return undefined;
      }
      index = close + 1;
    }
    return result.length > MAX_RESULT_LENGTH ? undefined : result;
  };

  return (value) => interpolate(value, 0);
}

/** Model expressions win over same-named properties, as in Maven's own interpolation. */
function prefixedModelValue(model: PomModelValues, name: string): string | undefined {
  switch (name) {
    case 'project.version':
    case 'pom.version':
      return model.projectVersion ?? model.parentVersion;
    case 'project.groupId':
    case 'pom.groupId':
      return model.projectGroupId ?? model.parentGroupId;
    case 'project.artifactId':
    case 'pom.artifactId':
      return model.projectArtifactId;
    case 'project.parent.version':
    case 'pom.parent.version':
      return model.parentVersion;
    case 'project.parent.groupId':
    case 'pom.parent.groupId':
      return model.parentGroupId;
    default:
      return undefined;
  }
}

/** The deprecated unprefixed forms (`${version}`) only apply when no property has that name. */
function unprefixedModelValue(model: PomModelValues, name: string): string | undefined {
  switch (name) {
    case 'version':
      return model.projectVersion ?? model.parentVersion;
    case 'groupId':
      return model.projectGroupId ?? model.parentGroupId;
    case 'artifactId':
      return model.projectArtifactId;
    default:
      return undefined;
  }
}
