import type * as Identification from './identifyLicense';
import { BoundedMap } from '../../policy/boundedMap';
import { MAX_LICENSE_TEXT_LENGTH, normalizeLicenseTokens } from './normalize';

type Identify = typeof Identification;
type LicenseTextsMatch = ReturnType<Identify['identifyLicenseTexts']>;

/**
 * The identifier, loaded with the first license text to identify: the templates and their index are
 * a tenth of the extension, and a project with nothing installed never needs them. In the extension
 * this require names dist/licenseText.js, one bundle that dist/extension.js and dist/lookups.js
 * share, so the templates' index is built once (esbuild.config.mjs).
 */
function identification(): Identify {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return require('./identifyLicense') as Identify;
}

export function identifyLicenseTexts(text: string): LicenseTextsMatch {
  return identification().identifyLicenseTexts(text);
}

/** Texts remembered before the memory starts over: far above a large tree's distinct license files (609 of 1,748 on the bench tree). */
const MAX_REMEMBERED_TEXTS = 20_000;

/**
 * `identifyLicenseTexts` for many files, each distinct license body identified once. Copies of one
 * license differ in their copyright lines, which normalisation drops: the bench tree's 1,748 license
 * files are 609 distinct texts but 101 distinct bodies. Owned by one scan, or by the editor's
 * session so a rescan identifies only texts it has not met.
 */
export class LicenseTextIdentifier {
  private readonly byText = new BoundedMap<string, LicenseTextsMatch>(MAX_REMEMBERED_TEXTS);
  private readonly byBody = new BoundedMap<string, LicenseTextsMatch>(MAX_REMEMBERED_TEXTS);

  identify(text: string): LicenseTextsMatch {
    let match = this.byText.get(text);
    if (match !== undefined) {
      return match;
    }
    const tokens = text.length > MAX_LICENSE_TEXT_LENGTH ? [] : normalizeLicenseTokens(text);
    const body = tokens.join(' ');
    match = this.byBody.get(body);
    if (match === undefined) {
      match = tokens.length === 0 ? null : identification().identifyNormalizedLicenseText(tokens);
      this.byBody.set(body, match);
    }
    this.byText.set(text, match);
    return match;
  }
}
