import type { ManifestKind } from './types';

const BY_FILE_NAME: ReadonlyMap<string, ManifestKind> = new Map([
  ['package.json', 'npm'],
  ['composer.json', 'composer'],
  ['pyproject.toml', 'pyproject'],
  ['Pipfile', 'pipfile'],
  ['Cargo.toml', 'cargo'],
  ['go.mod', 'gomod'],
  ['pom.xml', 'maven'],
  ['build.gradle', 'gradle'],
  ['build.gradle.kts', 'gradle'],
  ['Gemfile', 'gemfile'],
  ['gems.rb', 'gemfile'],
]);

/**
 * The manifest kind of a path, from its file name alone (pip's requirement files have no fixed
 * name: `requirements*.txt`, `*requirements*.in`, or any `.txt`/`.in` file below a `requirements/` folder).
 */
export function detectManifestKind(path: string): ManifestKind | undefined {
  const parts = path.split(/[\\/]/);
  const fileName = parts[parts.length - 1] ?? '';
  const known = BY_FILE_NAME.get(fileName);
  if (known) {
    return known;
  }
  const lower = fileName.toLowerCase();
  const underRequirementsFolder = parts.slice(0, -1).some((part) => part.toLowerCase() === 'requirements');
  if ((lower.startsWith('requirements') && lower.endsWith('.txt')) || (lower.includes('requirements') && lower.endsWith('.in'))) {
    return 'requirements';
  }
  if (underRequirementsFolder && (lower.endsWith('.txt') || lower.endsWith('.in'))) {
    return 'requirements';
  }
  return undefined;
}

/** Glob patterns for the same files, for file watchers and document selectors. */
export const MANIFEST_GLOBS: readonly string[] = [
  ...[...BY_FILE_NAME.keys()].map((name) => `**/${name}`),
  '**/requirements*.txt',
  '**/*requirements*.in',
  '**/requirements/**/*.txt',
  '**/requirements/**/*.in',
];
