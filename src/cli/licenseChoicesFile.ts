import { readBoundedText } from '../core/files/boundedReader';
import { MAX_LICENSE_CHOICES_BYTES } from '../core/files/readLimits';
import { LICENSE_CHOICES_PATH, parseLicenseChoices, type LicenseChoices } from '../core/policy/licenseChoices';
import { UsageError } from './args';
import { repositoryFile } from './repositoryFile';

/**
 * The choices the repository recorded, found as the editor finds its workspace folder's (from the
 * checked folder up to the repository's top); an unreadable file is an error, not a silent "none".
 */
export async function readLicenseChoices(root: string): Promise<LicenseChoices> {
  const file = repositoryFile(root, LICENSE_CHOICES_PATH);
  if (file === undefined) {
    return parseLicenseChoices(undefined);
  }
  const read = await readBoundedText(file, { maxBytes: MAX_LICENSE_CHOICES_BYTES });
  if (read.kind === 'refused') {
    throw new UsageError(`cannot read the license choices: '${file}' ${read.reason}`);
  }
  return parseLicenseChoices(read.kind === 'text' ? read.text : undefined);
}
