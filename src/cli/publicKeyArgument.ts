import * as path from 'node:path';
import { parsePublicKey } from '../core/feed/signature';
import { readBoundedText } from '../core/files/boundedReader';
import { UsageError } from './args';

/** A PEM public key is a few hundred bytes. */
const MAX_PUBLIC_KEY_FILE_BYTES = 64 * 1024;

/** The key itself (base64 or PEM) or a file holding it. */
export async function publicKeyArgument(argument: string, cwd = process.cwd()): Promise<string> {
  try {
    parsePublicKey(argument);
    return argument;
  } catch {
    // not a key: a file name
  }
  const read = await readBoundedText(path.resolve(cwd, argument), { maxBytes: MAX_PUBLIC_KEY_FILE_BYTES });
  if (read.kind === 'missing' || (read.kind === 'refused' && read.cause === 'unreadable')) {
    throw new UsageError(`--public-key '${argument}' is neither an Ed25519 public key (base64 or PEM) nor a readable file`);
  }
  if (read.kind === 'refused') {
    throw new UsageError(`'${argument}' is not a public key file: it ${read.reason}`);
  }
  const text = read.text;
  try {
    parsePublicKey(text);
  } catch (error) {
    throw new UsageError(`'${argument}': ${error instanceof Error ? error.message : String(error)}`);
  }
  return text;
}
