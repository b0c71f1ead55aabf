import { readCargoManifestFields } from '../../cargo/cargoManifest';
import { identifyLicenseTexts } from '../../licenseText/identifyOnDemand';
import type { DeclaredLicense } from '../../types';
import { readTarGzFiles, type TarLimits } from './tarGz';

/** What reading a `.crate` may cost: crates.io takes uploads of 10 MB; a few crates unpack to a hundred. */
export const CRATE_LIMITS: TarLimits = {
  maxOutputBytes: 256 * 1024 * 1024,
  maxEntries: 100_000,
  maxFileBytes: 1024 * 1024,
};

export type CrateLicense =
  /** `license` absent: the crate declares none (or its license file names no license we can identify). */
  | { readonly kind: 'read'; readonly license?: DeclaredLicense }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * The license a `.crate` declares: `package.license` of the `<name>-<version>/Cargo.toml` that
 * `cargo package` writes, as written (Cargo Book, "The Manifest Format": an SPDX 2.3 expression;
 * the deprecated `/` is left to the evaluator, as the offline resolver does), else the text of
 * `package.license-file`, identified. A license
 * file outside the package is stored at its root under its own name (`cargo package` copies it
 * there), so that is where it is looked for when the path leaves the package.
 */
export async function crateLicense(crate: Buffer, name: string, version: string, label: string, limits: TarLimits = CRATE_LIMITS): Promise<CrateLicense> {
  const root = `${name}-${version}`;
  const manifestPath = `${root}/Cargo.toml`;
  const first = await readTarGzFiles(crate, [manifestPath], limits);
  if (first.kind === 'refused') {
    return first;
  }
  const manifest = first.files.get(manifestPath);
  if (manifest === undefined) {
    return { kind: 'refused', reason: first.tooLarge.length > 0 ? `its ${manifestPath} is too large` : `it has no ${manifestPath}` };
  }
  const fields = readCargoManifestFields(manifest.toString('utf8'));
  const declared = fields.license?.trim();
  if (declared !== undefined && declared !== '') {
    return { kind: 'read', license: { value: declared, source: `${label} Cargo.toml package.license` } };
  }
  const written = fields.licenseFile?.trim();
  if (written === undefined || written === '') {
    return { kind: 'read' };
  }
  const filePath = licenseFilePath(root, written);
  // The manifest is read first: the license file may come before it in the archive, so it takes a second pass.
  const second = await readTarGzFiles(crate, [filePath], limits);
  if (second.kind === 'refused') {
    return second;
  }
  const text = second.files.get(filePath);
  if (text === undefined) {
    return { kind: 'read' };
  }
  const identified = identifyLicenseTexts(text.toString('utf8'));
  return identified === null
    ? { kind: 'read' }
    : { kind: 'read', license: { value: identified.ids.length === 1 ? identified.ids[0] : identified.ids, source: `${label} ${written} text`, confidence: identified.confidence } };
}

/** `license-file` inside the package (`.` and `..` resolved), or its file name at the root when it points outside. */
export function licenseFilePath(root: string, written: string): string {
  const segments = written.split(/[\\/]/);
  const base = [...segments].reverse().find((segment) => segment !== '' && segment !== '.' && segment !== '..') ?? written;
  if (written.startsWith('/') || /^[A-Za-z]:/.test(written)) {
    return `${root}/${base}`;
  }
  const parts: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (parts.length === 0) {
        return `${root}/${base}`;
      }
      parts.pop();
      continue;
    }
    parts.push(segment);
  }
  return parts.length === 0 ? `${root}/${base}` : `${root}/${parts.join('/')}`;
}
