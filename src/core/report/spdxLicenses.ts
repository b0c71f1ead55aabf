import { normalizeLicense } from '../policy/spdx';
import type { LicenseNode } from '../policy/spdx';

/** An SPDX 2.3 `hasExtractedLicensingInfos` entry: a license the document names by a `LicenseRef-`. */
export interface ExtractedLicense {
  readonly licenseId: string;
  readonly extractedText: string;
  readonly name: string;
  readonly comment: string;
}

/**
 * Turns licenses as found into SPDX 2.3 license fields. A text that is no SPDX expression becomes a
 * `LicenseRef-` whose text is kept once per document in `extracted`, as the spec requires of every
 * `LicenseRef-` a document uses.
 */
export class SpdxLicenses {
  private readonly byText = new Map<string, ExtractedLicense>();
  private readonly ids = new Set<string>();

  get extracted(): readonly ExtractedLicense[] {
    return [...this.byText.values()];
  }

  /** A license value for `licenseDeclared`/`licenseConcluded`: an SPDX expression, NONE or NOASSERTION. */
  field(license: string | readonly string[] | null | undefined): string {
    if (license === null || license === undefined) {
      return 'NOASSERTION';
    }
    if (typeof license !== 'string') {
      // A list with no stated relation is evaluated as AND everywhere else; the field says the same.
      const parts = license.map((item) => this.field(item)).filter((part) => part !== 'NOASSERTION' && part !== 'NONE');
      return parts.length === 0 ? 'NOASSERTION' : parts.map((part) => (parts.length > 1 && part.includes(' ') ? `(${part})` : part)).join(' AND ');
    }
    const normalized = normalizeLicense(license);
    if (normalized.expression !== null) {
      this.declareRefs(normalized.tree);
      return normalized.expression;
    }
    switch (normalized.problem.kind) {
      case 'none':
        return 'NONE';
      case 'noassertion':
      case 'empty':
        return 'NOASSERTION';
      default:
        return this.ref(license.trim(), `${normalized.problem.message}.`);
    }
  }

  private ref(text: string, why: string): string {
    const known = this.byText.get(text);
    if (known) {
      return known.licenseId;
    }
    const base = `LicenseRef-${text.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'unnamed'}`;
    let licenseId = base;
    for (let count = 2; this.ids.has(licenseId); count++) {
      licenseId = `${base}-${count}`;
    }
    this.ids.add(licenseId);
    // Only the license's name as the package metadata gives it is known, not its full text: the comment says so.
    this.byText.set(text, { licenseId, extractedText: text, name: text, comment: `The package metadata names this license, and ${why.charAt(0).toLowerCase()}${why.slice(1)} The full license text was not read.` });
    return licenseId;
  }

  /** A `LicenseRef-` the package itself wrote in a valid expression still needs its entry; only its name is known. */
  private declareRefs(tree: LicenseNode): void {
    if (tree.type !== 'leaf') {
      tree.children.forEach((child) => this.declareRefs(child));
      return;
    }
    if (tree.license.startsWith('LicenseRef-') && !this.ids.has(tree.license)) {
      this.ids.add(tree.license);
      const name = tree.license.slice('LicenseRef-'.length).replace(/-/g, ' ');
      this.byText.set(`\0${tree.license}`, { licenseId: tree.license, extractedText: tree.license, name, comment: 'The package metadata names this license by a LicenseRef of its own. The full license text was not read.' });
    }
  }
}
