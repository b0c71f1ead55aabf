import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * An npm project whose lockfile records each dependency's license, so that `check --offline` has
 * an answer without a registry. package.json is indented by two spaces: dependency n (from 1) is
 * on line n + 3.
 */
export function writeLockedNpmProject(folder: string, licenses: Readonly<Record<string, { readonly version: string; readonly license: string }>>): void {
  const dependencies = Object.fromEntries(Object.entries(licenses).map(([name, { version }]) => [name, version]));
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'app', dependencies }, null, 2));
  const installed = Object.fromEntries(Object.entries(licenses).map(([name, { version, license }]) => [`node_modules/${name}`, { version, license }]));
  writeFileSync(path.join(folder, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { dependencies }, ...installed } }, null, 2));
}
