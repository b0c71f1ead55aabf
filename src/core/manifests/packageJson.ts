import { scanJsonDependencySections } from './jsonManifest';
import { manifestResult } from './result';
import type { DependencySource, ManifestDependency, ManifestParser } from './types';

const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

export const parsePackageJson: ManifestParser = (text) => {
  const scan = scanJsonDependencySections(text, SECTIONS);
  const dependencies: ManifestDependency[] = scan.entries.map((entry) => {
    const alias = entry.spec === null ? null : aliasTarget(entry.spec);
    const source = entry.spec === null ? undefined : specSource(entry.spec);
    return {
      ecosystem: 'npm',
      name: entry.name,
      ...(alias !== null && alias !== entry.name ? { package: alias } : {}),
      spec: entry.spec,
      section: entry.section,
      nameRange: entry.nameRange,
      specRange: entry.specRange,
      ...(source ? { source } : {}),
    };
  });
  return manifestResult('npm', text, dependencies, scan.problems);
};

/** `npm:@scope/real@^1.2` installs `@scope/real` under another name. */
export function aliasTarget(spec: string): string | null {
  if (!spec.startsWith('npm:')) {
    return null;
  }
  const target = spec.slice(4);
  const versionAt = target.indexOf('@', target.startsWith('@') ? 1 : 0);
  const name = versionAt === -1 ? target : target.slice(0, versionAt);
  return name.length > 0 ? name : null;
}

/** Specs that point somewhere other than the registry, following npm's own spec grammar. */
export function specSource(spec: string): DependencySource | undefined {
  const trimmed = spec.trim();
  if (trimmed.startsWith('file:') || trimmed.startsWith('link:') || trimmed.startsWith('.') || trimmed.startsWith('/') || trimmed.startsWith('~/')) {
    return { kind: 'path', value: trimmed };
  }
  if (trimmed.startsWith('workspace:')) {
    return { kind: 'workspace', value: trimmed };
  }
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(trimmed) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(trimmed)) {
    return { kind: 'git', value: trimmed };
  }
  if (/^https?:\/\//.test(trimmed)) {
    return { kind: 'url', value: trimmed };
  }
  return undefined;
}
