import { scanJsonDependencySections } from './jsonManifest';
import { manifestResult } from './result';
import type { ManifestDependency, ManifestParser } from './types';

const SECTIONS = ['require', 'require-dev'];

export const parseComposerJson: ManifestParser = (text) => {
  const scan = scanJsonDependencySections(text, SECTIONS);
  const dependencies: ManifestDependency[] = scan.entries
    .filter((entry) => isPackageName(entry.name))
    .map((entry) => ({
      ecosystem: 'composer',
      name: entry.name,
      spec: entry.spec,
      section: entry.section,
      nameRange: entry.nameRange,
      specRange: entry.specRange,
    }));
  return manifestResult('composer', text, dependencies, scan.problems);
};

/**
 * Every Packagist package is `vendor/name`; names without a slash are platform requirements
 * (`php`, `ext-json`, `lib-icu`, `composer-plugin-api`) that no registry serves.
 */
function isPackageName(name: string): boolean {
  return name.includes('/');
}
