import * as crypto from 'node:crypto';

/**
 * Ed25519 keys and detached signatures for the policy feed.
 *
 * Key formats:
 * - public key: base64 of the raw 32-byte key (what {@link generateKeyPair} produces and what the
 *   public-key setting holds); a PEM `PUBLIC KEY` (SPKI) or base64 of the SPKI DER is accepted too;
 * - private key: PKCS #8 PEM (`PRIVATE KEY`, what {@link generateKeyPair} produces); base64 of the raw
 *   32-byte seed or of the PKCS #8 DER is accepted too.
 * - signature: base64 of the 64-byte Ed25519 signature over the exact feed bytes.
 */
export interface FeedKeyPair {
  /** Base64 of the raw 32-byte public key. */
  readonly publicKey: string;
  /** PKCS #8 PEM. */
  readonly privateKey: string;
}

/** The DER prefixes of an Ed25519 SPKI public key and PKCS #8 private key (RFC 8410), before the 32 key bytes. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export class FeedKeyError extends Error {
  override readonly name = 'FeedKeyError';
}

export function generateKeyPair(): FeedKeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    publicKey: rawPublicKey(publicKey).toString('base64'),
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** Parses a public key in any accepted format; throws a {@link FeedKeyError} saying what is wrong. */
export function parsePublicKey(text: string | crypto.KeyObject): crypto.KeyObject {
  if (typeof text !== 'string') {
    return requireEd25519(text, 'public');
  }
  const trimmed = text.trim();
  try {
    if (trimmed.includes('-----BEGIN')) {
      if (/PRIVATE KEY/.test(trimmed)) {
        throw new FeedKeyError('This is a private key; the public key is needed here (never share the private key).');
      }
      return requireEd25519(crypto.createPublicKey({ key: trimmed, format: 'pem' }), 'public');
    }
    const bytes = strictBase64(trimmed);
    if (bytes === undefined) {
      throw new FeedKeyError('The public key is neither PEM nor base64.');
    }
    if (bytes.length === 32) {
      return crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, bytes]), format: 'der', type: 'spki' });
    }
    if (bytes.length === SPKI_PREFIX.length + 32) {
      return requireEd25519(crypto.createPublicKey({ key: bytes, format: 'der', type: 'spki' }), 'public');
    }
    throw new FeedKeyError(`The public key decodes to ${bytes.length} bytes; an Ed25519 public key is 32 bytes (base64, 44 characters).`);
  } catch (error) {
    throw asKeyError(error, 'public');
  }
}

/** Parses a private key in any accepted format; throws a {@link FeedKeyError} saying what is wrong. */
export function parsePrivateKey(text: string | crypto.KeyObject): crypto.KeyObject {
  if (typeof text !== 'string') {
    return requireEd25519(text, 'private');
  }
  const trimmed = text.trim();
  try {
    if (trimmed.includes('-----BEGIN')) {
      return requireEd25519(crypto.createPrivateKey({ key: trimmed, format: 'pem' }), 'private');
    }
    const bytes = strictBase64(trimmed);
    if (bytes === undefined) {
      throw new FeedKeyError('The private key is neither PEM nor base64.');
    }
    if (bytes.length === 32) {
      return crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, bytes]), format: 'der', type: 'pkcs8' });
    }
    if (bytes[0] !== 0x30) {
      throw new FeedKeyError(`The private key decodes to ${bytes.length} bytes; expected a PKCS #8 PEM file or base64 of a 32-byte Ed25519 seed.`);
    }
    return requireEd25519(crypto.createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' }), 'private');
  } catch (error) {
    throw asKeyError(error, 'private');
  }
}

/** The base64 raw public key belonging to a private key (what `keygen` prints). */
export function publicKeyFromPrivate(privateKey: string | crypto.KeyObject): string {
  return rawPublicKey(crypto.createPublicKey(parsePrivateKey(privateKey))).toString('base64');
}

/** Signs the exact bytes; returns base64 of the 64-byte signature. Throws a {@link FeedKeyError} for a bad key. */
export function signFeed(bytes: Uint8Array, privateKey: string | crypto.KeyObject): string {
  const key = parsePrivateKey(privateKey);
  return crypto.sign(null, bytes, key).toString('base64');
}

/**
 * True only when `signatureBase64` is a valid Ed25519 signature of exactly `bytes` under `publicKey`.
 * Never throws: a malformed key or signature is simply not valid.
 */
export function verifyFeedSignature(bytes: Uint8Array, signatureBase64: string, publicKey: string | crypto.KeyObject): boolean {
  try {
    if (typeof signatureBase64 !== 'string') {
      return false;
    }
    const signature = strictBase64(signatureBase64.trim());
    if (signature === undefined || signature.length !== 64) {
      return false;
    }
    const key = parsePublicKey(publicKey);
    return crypto.verify(null, bytes, key, signature);
  } catch {
    return false;
  }
}

function rawPublicKey(key: crypto.KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

function requireEd25519(key: crypto.KeyObject, kind: 'public' | 'private'): crypto.KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new FeedKeyError(`The ${kind} key is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; an Ed25519 key is needed.`);
  }
  if (key.type !== kind) {
    throw new FeedKeyError(`Expected a ${kind} key, got a ${key.type} key.`);
  }
  return key;
}

function asKeyError(error: unknown, kind: 'public' | 'private'): FeedKeyError {
  if (error instanceof FeedKeyError) {
    return error;
  }
  return new FeedKeyError(`The ${kind} key is not a valid Ed25519 key: ${error instanceof Error ? error.message : String(error)}`);
}

/** Decodes standard or URL-safe base64 (whitespace allowed), or undefined when the text is not base64. */
function strictBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/\-_]+={0,2}$/.test(compact)) {
    return undefined;
  }
  const unpadded = compact.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) {
    return undefined;
  }
  return Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
