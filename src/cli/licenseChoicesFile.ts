import * as path from 'node:path';
import { readBoundedText } from '../core/files/boundedReader';
import { MAX_LICENSE_CHOICES_BYTES } from '../core/files/readLimits';
import { LICENSE_CHOICES_PATH, parseLicenseChoices, type LicenseChoices } from '../core/policy/licenseChoices';
import { UsageError } from './args';

/** The choices recorded under the scanned folder; an unreadable file is an error, not a silent "none". */
export async function readLicenseChoices(root: string): Promise<LicenseChoices> {
  const file = path.join(root, LICENSE_CHOICES_PATH);
  const read = await readBoundedText(file, { maxBytes: MAX_LICENSE_CHOICES_BYTES });
  if (read.kind === 'refused') {
    throw new UsageError(`cannot read the license choices: '${file}' ${read.reason}`);
  }
  return parseLicenseChoices(read.kind === 'text' ? read.text : undefined);
}
