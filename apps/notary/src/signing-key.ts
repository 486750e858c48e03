import { ensureDirectory } from '@onus/config';
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ed25519KeyId,
  formatVerifierKey,
  isValidKeyName,
  NoteError,
  type NoteSigner,
  type NoteVerifier,
} from '@onus/integrity';

/** The file a generated key is written to, in the data directory. */
export const GENERATED_KEY_FILE = 'notary-ed25519.pem';

/** DER of an Ed25519 PKCS #8 private key, up to the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The notary's Ed25519 key, with everything a note signer and its verifiers need. */
export interface NotarySigningKey extends NoteSigner, NoteVerifier {
  readonly name: string;
  readonly privateKey: KeyObject;
  /** The raw 32-byte public key. */
  readonly publicKey: Buffer;
  /** SHA-256(name || 0x0A || 0x01 || public key)[:4]. */
  readonly keyId: Buffer;
  /** `<name>+<hex key ID>+<base64(0x01 || public key)>`: what verifiers are configured with. */
  readonly verifierKey: string;
  /** The public key as SPKI PEM. */
  readonly publicKeyPem: string;
  /** Where the private key was read from, or written to. */
  readonly path?: string;
  /** True when this call generated the key. */
  readonly generated: boolean;
}

export interface LoadSigningKeyOptions {
  /** The key name, which is the checkpoint origin (e.g. `onus.local/ledger`). */
  readonly name: string;
  /** A PEM Ed25519 private key (PKCS #8) to use, e.g. from `ONUS_SIGNING_KEY`. */
  readonly path?: string;
  /** Without `path`: where `notary-ed25519.pem` is read, or generated on first use. */
  readonly directory?: string;
}

/**
 * The notary's key: read from `path` when given (it must exist), otherwise from
 * `<directory>/notary-ed25519.pem`, which is generated (mode 0600) if it does not exist yet and
 * reused from then on.
 */
export function loadOrCreateSigningKey(options: LoadSigningKeyOptions): NotarySigningKey {
  if (!isValidKeyName(options.name)) {
    throw new NoteError(`invalid key name ${JSON.stringify(options.name)}`);
  }
  if (options.path !== undefined) {
    return fromPrivateKey(readPrivateKey(options.path), options.name, options.path, false);
  }
  if (options.directory === undefined) {
    throw new NoteError('a signing key path or a directory to keep one in is needed');
  }
  const path = join(options.directory, GENERATED_KEY_FILE);
  if (existsSync(path)) return fromPrivateKey(readPrivateKey(path), options.name, path, false);
  ensureDirectory(options.directory);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  try {
    // 'wx': never overwrite. Another process that got there first wins, and we read its key.
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600); // The umask may have taken bits away, never added: make sure.
    return fromPrivateKey(privateKey, options.name, path, true);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fromPrivateKey(readPrivateKey(path), options.name, path, false);
  }
}

/** A key from PEM text (PKCS #8 Ed25519 private key). */
export function signingKeyFromPem(pem: string, name: string): NotarySigningKey {
  return fromPrivateKey(parsePrivateKey(pem, 'the PEM'), name, undefined, false);
}

/** A key from its 32-byte RFC 8032 seed (tests, and keys in the signed-note text format). */
export function signingKeyFromSeed(seed: Uint8Array, name: string): NotarySigningKey {
  if (seed.length !== 32) throw new NoteError('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return fromPrivateKey(privateKey, name, undefined, false);
}

/** The raw 32-byte public key of an Ed25519 key object. */
export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new NoteError('not an Ed25519 key');
  }
  return Buffer.from(jwk.x, 'base64url');
}

function readPrivateKey(path: string): KeyObject {
  return parsePrivateKey(readFileSync(path, 'utf8'), path);
}

function parsePrivateKey(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new NoteError(`${where} holds no readable private key`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new NoteError(`${where} holds a ${key.asymmetricKeyType} key, not an Ed25519 one`);
  }
  return key;
}

function fromPrivateKey(
  privateKey: KeyObject,
  name: string,
  path: string | undefined,
  generated: boolean,
): NotarySigningKey {
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name ${JSON.stringify(name)}`);
  const publicKey = rawPublicKey(privateKey);
  return {
    name,
    privateKey,
    publicKey,
    keyId: ed25519KeyId(name, publicKey),
    verifierKey: formatVerifierKey(name, publicKey),
    publicKeyPem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString(),
    ...(path === undefined ? {} : { path }),
    generated,
  };
}
