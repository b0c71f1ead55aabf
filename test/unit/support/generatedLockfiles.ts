// Lockfiles of any number of packages in the shape each package manager writes, for tests of
// reading large ones: package `index` depends on three others, every third is a dev package.

const nameOf = (index: number): string => (index % 7 === 0 ? `@scope${index % 50}/pkg-${index}` : `pkg-${index}`);
const versionOf = (index: number): string => `${index % 9}.${index % 5}.${index % 13}`;
const integrityOf = (index: number): string => `sha512-${Buffer.from(String(index).repeat(64)).toString('base64').slice(0, 86)}==`;
const dependenciesOf = (index: number, count: number): number[] => [1, 2, 3].map((step) => (index * 31 + step * 977) % count);

/** The package.json naming the first `direct` packages of the generated lockfiles. */
export function generatedManifest(direct: number): string {
  const dependencies = Object.fromEntries(Array.from({ length: direct }, (_, index) => [nameOf(index), `^${versionOf(index)}`]));
  return `${JSON.stringify({ name: 'big', version: '1.0.0', dependencies }, null, 2)}\n`;
}

/** A package-lock.json v3 (about 480 bytes a package); `licenseOf` gives each package's license. */
export function generatedPackageLock(count: number, direct: number, licenseOf: (index: number) => string = (index) => (index % 2 === 0 ? 'MIT' : 'Apache-2.0')): string {
  const root = JSON.parse(generatedManifest(direct)) as Record<string, unknown>;
  const packages: Record<string, unknown> = { '': root };
  for (let index = 0; index < count; index++) {
    packages[`node_modules/${nameOf(index)}`] = {
      version: versionOf(index),
      resolved: `https://registry.npmjs.org/${nameOf(index)}/-/pkg-${versionOf(index)}.tgz`,
      integrity: integrityOf(index),
      license: licenseOf(index),
      dependencies: Object.fromEntries(dependenciesOf(index, count).map((target) => [nameOf(target), `^${versionOf(target)}`])),
      ...(index % 3 === 0 ? { dev: true } : {}),
    };
  }
  return JSON.stringify({ name: 'big', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2);
}

/** A pnpm-lock.yaml of lockfileVersion 9.0. */
export function generatedPnpmLock(count: number, direct: number): string {
  const lines = ["lockfileVersion: '9.0'", '', 'importers:', '  .:', '    dependencies:'];
  for (let index = 0; index < direct; index++) {
    lines.push(`      '${nameOf(index)}':`, `        specifier: ^${versionOf(index)}`, `        version: ${versionOf(index)}`);
  }
  lines.push('', 'packages:');
  for (let index = 0; index < count; index++) {
    lines.push(`  '${nameOf(index)}@${versionOf(index)}':`, `    resolution: {integrity: ${integrityOf(index)}}`);
  }
  lines.push('', 'snapshots:');
  for (let index = 0; index < count; index++) {
    lines.push(`  '${nameOf(index)}@${versionOf(index)}':`, '    dependencies:', ...dependenciesOf(index, count).map((target) => `      '${nameOf(target)}': ${versionOf(target)}`));
  }
  return `${lines.join('\n')}\n`;
}

/** A classic (v1) yarn.lock. */
export function generatedYarnLock(count: number): string {
  const lines = ['# yarn lockfile v1', ''];
  for (let index = 0; index < count; index++) {
    lines.push(
      `"${nameOf(index)}@^${versionOf(index)}":`,
      `  version "${versionOf(index)}"`,
      `  resolved "https://registry.yarnpkg.com/${nameOf(index)}/-/pkg-${versionOf(index)}.tgz"`,
      `  integrity ${integrityOf(index)}`,
      '  dependencies:',
      ...dependenciesOf(index, count).map((target) => `    "${nameOf(target)}" "^${versionOf(target)}"`),
      '',
    );
  }
  return lines.join('\n');
}
