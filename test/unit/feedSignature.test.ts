import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { FeedKeyError, generateKeyPair, parsePrivateKey, parsePublicKey, publicKeyFromPrivate, signFeed, verifyFeedSignature } from '../../src/core/feed/signature';

describe('feed signatures', () => {
  const keys = generateKeyPair();
  const bytes = Buffer.from('{"schemaVersion":1,"id":"acme-ospo"}\n');

  it('generates a base64 raw public key and a PKCS #8 PEM private key', () => {
    assert.match(keys.publicKey, /^[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(keys.publicKey, 'base64').length, 32);
    assert.match(keys.privateKey, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    assert.equal(publicKeyFromPrivate(keys.privateKey), keys.publicKey);
  });

  it('round-trips: sign then verify the exact bytes', () => {
    const signature = signFeed(bytes, keys.privateKey);
    assert.equal(Buffer.from(signature, 'base64').length, 64);
    assert.equal(verifyFeedSignature(bytes, signature, keys.publicKey), true);
    assert.equal(verifyFeedSignature(bytes, `  ${signature}\n`, keys.publicKey), true, 'surrounding whitespace is fine');
  });

  it('rejects changed bytes, another key and a changed signature', () => {
    const signature = signFeed(bytes, keys.privateKey);
    assert.equal(verifyFeedSignature(Buffer.concat([bytes, Buffer.from(' ')]), signature, keys.publicKey), false);
    assert.equal(verifyFeedSignature(bytes, signature, generateKeyPair().publicKey), false);
    const flipped = Buffer.from(signature, 'base64');
    flipped[10] ^= 1;
    assert.equal(verifyFeedSignature(bytes, flipped.toString('base64'), keys.publicKey), false);
  });

  it('accepts PEM and base64 SPKI public keys and raw-seed private keys', () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const spkiBase64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64');
    const signature = signFeed(bytes, seed);
    assert.ok(verifyFeedSignature(bytes, signature, pem));
    assert.ok(verifyFeedSignature(bytes, signature, spkiBase64));
    assert.ok(verifyFeedSignature(bytes, signature, publicKey));
    assert.ok(verifyFeedSignature(bytes, signFeed(bytes, privateKey), pem));
  });

  it('never throws on garbage and says why a key is unusable', () => {
    const signature = signFeed(bytes, keys.privateKey);
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    for (const key of ['', 'garbage', '!!!', 'AAAA', rsa, keys.privateKey, '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----', 'A'.repeat(10_000)]) {
      assert.equal(verifyFeedSignature(bytes, signature, key), false, key.slice(0, 30));
    }
    for (const sig of ['', 'not base64!', 'AAAA', signature.slice(0, 40), signature + signature, null as unknown as string, 42 as unknown as string]) {
      assert.equal(verifyFeedSignature(bytes, sig, keys.publicKey), false, String(sig));
    }
    assert.throws(() => parsePublicKey('AAAA'), (error: Error) => error instanceof FeedKeyError && /decodes to 3 bytes/.test(error.message));
    assert.throws(() => parsePublicKey(keys.privateKey), /This is a private key/);
    assert.throws(() => parsePublicKey(rsa), /rsa key; an Ed25519 key is needed/);
    assert.throws(() => parsePrivateKey('garbage'), FeedKeyError);
    assert.throws(() => signFeed(bytes, 'AAAA'), FeedKeyError);
  });
});
