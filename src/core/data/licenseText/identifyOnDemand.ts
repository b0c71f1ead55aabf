import type * as Identification from './identifyLicense';

/**
 * `identifyLicenseTexts`, loaded with the first license text to identify: the templates and their
 * index are a tenth of the extension, and a project with nothing installed never needs them. In the extension
 * this require names dist/licenseText.js, one bundle that dist/extension.js and dist/lookups.js
 * share, so the templates' index is built once (esbuild.config.mjs).
 */
export function identifyLicenseTexts(text: string): ReturnType<typeof Identification.identifyLicenseTexts> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (require('./identifyLicense') as typeof Identification).identifyLicenseTexts(text);
}
