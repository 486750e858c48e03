/**
 * C2SP signed notes (https://c2sp.org/signed-note) carrying C2SP transparency-log checkpoints
 * (https://c2sp.org/tlog-checkpoint), with Ed25519 signatures (signature type 0x01). Pure
 * functions over `node:crypto`: usable offline, e.g. by a bundle verifier.
 *
 * A checkpoint body:
 *
 *     <origin>\n
 *     <tree size, ASCII decimal>\n
 *     <base64 RFC 6962 root hash>\n
 *     [time <RFC 3339 UTC, milliseconds>\n]    (Onus's one extension line)
 *
 * A signed note: the body (ending in a newline), a blank line, then one line per signature:
 * `— <key name> <base64(4-byte key ID || 64-byte Ed25519 signature)>\n`.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/** Signature type byte of plain Ed25519 note signatures (signed-note §Signature types). */
export const ED25519_SIGNATURE_TYPE = 0x01;
/** The em dash (U+2014) and space that open every signature line. */
const SIGNATURE_PREFIX = '\u2014 ';
/** The extension line Onus adds to each checkpoint: when it was signed. */
const TIME_PREFIX = 'time ';
/** The Go reference implementation refuses notes with more signatures than this. */
const MAX_SIGNATURES = 100;
const HASH_BYTES = 32;
const ED25519_PUBLIC_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;
/** DER of an Ed25519 SubjectPublicKeyInfo, up to the 32 key bytes (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class NoteError extends Error {
  override readonly name = 'NoteError';
}

/** A Merkle tree head, as signed. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  /** The RFC 6962 root hash at `size` (32 bytes). */
  readonly root: Buffer;
  /** When the notary signed it, milliseconds since the epoch (the `time` extension line). */
  readonly timeMs?: number;
  /** Other extension lines, verbatim (none in what Onus writes). */
  readonly extensions?: readonly string[];
}

/** What signs a note: the key name, its key ID and the private key. */
export interface NoteSigner {
  readonly name: string;
  /** 4 bytes: the first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key). */
  readonly keyId: Buffer;
  readonly privateKey: KeyObject;
}

/** What verifies a note's signatures: a key name, its key ID and the raw Ed25519 public key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Buffer;
  /** 32 bytes (RFC 8032 encoding). */
  readonly publicKey: Buffer;
}

export interface NoteSignature {
  readonly name: string;
  /** The 4-byte key ID at the front of the signature. */
  readonly keyId: Buffer;
  /** The rest: for Ed25519, the 64-byte signature over the note text. */
  readonly signature: Buffer;
}

export interface ParsedNote {
  /** The signed text, final newline included. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

// ---- keys -----------------------------------------------------------------------------------

/** Key names are non-empty and hold no Unicode space and no `+`. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !hasForbiddenControl(name);
}

/** key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4]. */
export function ed25519KeyId(name: string, publicKey: Uint8Array): Buffer {
  checkPublicKey(publicKey);
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_SIGNATURE_TYPE]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** The verifier key string, `<name>+<hex key ID>+<base64(0x01 || public key)>`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name ${JSON.stringify(name)}`);
  const keyId = ed25519KeyId(name, publicKey);
  const material = Buffer.concat([Buffer.from([ED25519_SIGNATURE_TYPE]), publicKey]);
  return `${name}+${keyId.toString('hex')}+${material.toString('base64')}`;
}

/** Parses a verifier key string; throws a {@link NoteError} unless it is a valid Ed25519 one. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  // The key material is base64, which may itself hold '+': split on the first two only.
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new NoteError('malformed verifier key');
  const name = vkey.slice(0, first);
  const hex = vkey.slice(first + 1, second);
  const material = strictBase64(vkey.slice(second + 1));
  if (!isValidKeyName(name)) throw new NoteError('malformed verifier key name');
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new NoteError('malformed verifier key ID');
  if (material === undefined || material.length !== 1 + ED25519_PUBLIC_KEY_BYTES) {
    throw new NoteError('malformed verifier key material');
  }
  if (material[0] !== ED25519_SIGNATURE_TYPE) {
    throw new NoteError(`unsupported verifier key type 0x${material[0]!.toString(16)}`);
  }
  const publicKey = Buffer.from(material.subarray(1));
  const keyId = Buffer.from(hex, 'hex');
  if (!ed25519KeyId(name, publicKey).equals(keyId)) {
    throw new NoteError('verifier key ID does not match its name and public key');
  }
  return { name, keyId, publicKey };
}

/** A {@link NoteVerifier} from a name and a raw 32-byte public key. */
export function noteVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  return { name, keyId: ed25519KeyId(name, publicKey), publicKey: Buffer.from(publicKey) };
}

// ---- checkpoint bodies ----------------------------------------------------------------------

/** The checkpoint's note text: origin, size, base64 root, then the extension lines. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, root } = checkpoint;
  if (origin.length === 0 || origin.includes('\n') || hasForbiddenControl(origin)) {
    throw new NoteError('the origin must be one non-empty line');
  }
  if (!Number.isSafeInteger(size) || size < 0) throw new NoteError(`invalid tree size ${size}`);
  if (root.length !== HASH_BYTES) throw new NoteError('a root hash is 32 bytes');
  const lines = [origin, String(size), Buffer.from(root).toString('base64')];
  if (checkpoint.timeMs !== undefined) lines.push(TIME_PREFIX + formatTime(checkpoint.timeMs));
  for (const line of checkpoint.extensions ?? []) {
    if (line.length === 0 || line.includes('\n') || hasForbiddenControl(line)) {
      throw new NoteError('an extension line must be one non-empty line');
    }
    lines.push(line);
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** Parses a checkpoint's note text (not a whole signed note: see {@link openCheckpoint}). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new NoteError('a checkpoint ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteError('a checkpoint has at least three lines');
  if (lines.some((line) => line.length === 0))
    throw new NoteError('a checkpoint has no empty line');
  if (hasForbiddenControl(text)) throw new NoteError('control character in checkpoint');
  const [origin, sizeLine, rootLine, ...rest] = lines as [string, string, string, ...string[]];
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine)) throw new NoteError('malformed tree size');
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw new NoteError('tree size too large');
  const root = strictBase64(rootLine);
  if (root === undefined || root.length !== HASH_BYTES) throw new NoteError('malformed root hash');
  let timeMs: number | undefined;
  const extensions: string[] = [];
  for (const line of rest) {
    if (timeMs === undefined && line.startsWith(TIME_PREFIX)) {
      timeMs = parseTime(line.slice(TIME_PREFIX.length));
    } else {
      extensions.push(line);
    }
  }
  return {
    origin,
    size,
    root,
    ...(timeMs === undefined ? {} : { timeMs }),
    ...(extensions.length ? { extensions } : {}),
  };
}

function formatTime(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > 253402300799999) {
    throw new NoteError(`invalid checkpoint time ${ms}`);
  }
  return new Date(ms).toISOString();
}

function parseTime(text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) ? Date.parse(text) : NaN;
  // Canonical only: the text must be exactly what formatTime writes for that instant.
  if (!Number.isFinite(ms) || new Date(ms).toISOString() !== text) {
    throw new NoteError('malformed time extension line');
  }
  return ms;
}

// ---- signed notes ---------------------------------------------------------------------------

/** Signs `text` (which must end with a newline) into a signed note with one signature. */
export function signNote(text: string, signer: NoteSigner): string {
  checkText(text);
  if (!isValidKeyName(signer.name)) throw new NoteError('invalid key name');
  if (signer.keyId.length !== 4) throw new NoteError('a key ID is 4 bytes');
  if (signer.privateKey.asymmetricKeyType !== 'ed25519') {
    throw new NoteError('the signing key is not an Ed25519 private key');
  }
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  const blob = Buffer.concat([signer.keyId, signature]).toString('base64');
  return `${text}\n${SIGNATURE_PREFIX}${signer.name} ${blob}\n`;
}

/** Splits a signed note into its text and signature lines (verifies nothing). */
export function parseNote(input: string | Uint8Array): ParsedNote {
  const note = typeof input === 'string' ? input : decodeUtf8(input);
  if (hasForbiddenControl(note)) throw new NoteError('control character in note');
  if (LONE_SURROGATE.test(note)) throw new NoteError('the note is not valid Unicode');
  if (!note.endsWith('\n')) throw new NoteError('a note ends with a newline');
  // The text is separated from the signatures by the last blank line.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('a note has a blank line before its signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('too many signatures');
  const signatures = lines.map((line): NoteSignature => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw new NoteError('malformed signature line');
    const body = line.slice(SIGNATURE_PREFIX.length);
    const space = body.indexOf(' ');
    const name = body.slice(0, space);
    const blob = space < 0 ? undefined : strictBase64(body.slice(space + 1));
    if (!isValidKeyName(name) || blob === undefined || blob.length < 5) {
      throw new NoteError('malformed signature line');
    }
    return {
      name,
      keyId: Buffer.from(blob.subarray(0, 4)),
      signature: Buffer.from(blob.subarray(4)),
    };
  });
  return { text, signatures };
}

/**
 * Verifies a signed note against trusted keys and returns its text. Signatures by unknown keys
 * (name and key ID not both matching a trusted key) are ignored; a signature by a known key that
 * does not verify rejects the note; at least one known signature must verify. Throws a
 * {@link NoteError} otherwise.
 */
export function openNote(
  note: string | Uint8Array,
  trusted: NoteVerifier | readonly NoteVerifier[],
): string {
  const verifiers: readonly NoteVerifier[] = 'publicKey' in trusted ? [trusted] : trusted;
  const parsed = parseNote(note);
  const message = Buffer.from(parsed.text, 'utf8');
  let verified = 0;
  for (const sig of parsed.signatures) {
    const key = verifiers.find((v) => v.name === sig.name && v.keyId.equals(sig.keyId));
    if (key === undefined) continue;
    if (sig.signature.length !== ED25519_SIGNATURE_BYTES || !verifyEd25519(message, sig, key)) {
      throw new NoteError(`invalid signature by ${sig.name}`);
    }
    verified++;
  }
  if (verified === 0) throw new NoteError('no signature by a trusted key');
  return parsed.text;
}

/** Like {@link openNote}, but answers true or false. */
export function verifyNote(
  note: string | Uint8Array,
  trusted: NoteVerifier | readonly NoteVerifier[],
): boolean {
  try {
    openNote(note, trusted);
    return true;
  } catch (error) {
    if (error instanceof NoteError) return false;
    throw error;
  }
}

/**
 * Verifies a signed checkpoint and parses it. With `origin`, the checkpoint must name it.
 * Throws a {@link NoteError} when anything is wrong.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  trusted: NoteVerifier | readonly NoteVerifier[],
  origin?: string,
): Checkpoint {
  const checkpoint = parseCheckpoint(openNote(note, trusted));
  if (origin !== undefined && checkpoint.origin !== origin) {
    throw new NoteError(`checkpoint origin ${JSON.stringify(checkpoint.origin)} is not ${origin}`);
  }
  return checkpoint;
}

function verifyEd25519(message: Buffer, sig: NoteSignature, key: NoteVerifier): boolean {
  try {
    const publicKey = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, key.publicKey]),
      format: 'der',
      type: 'spki',
    });
    return verify(null, message, publicKey, sig.signature);
  } catch {
    return false;
  }
}

// ---- helpers --------------------------------------------------------------------------------

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('the note text must end with a newline');
  if (hasForbiddenControl(text)) throw new NoteError('control character in note text');
  if (LONE_SURROGATE.test(text)) throw new NoteError('the note text is not valid Unicode');
}

function checkPublicKey(publicKey: Uint8Array): void {
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
    throw new NoteError('an Ed25519 public key is 32 bytes');
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new NoteError('the note is not valid UTF-8');
  }
}

/** ASCII control characters other than newline (signed-note §Format). */
function hasForbiddenControl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0009\u000b-\u001f]/.test(text);
}

/** Standard, padded base64 (RFC 4648 §4), rejected unless canonical. */
function strictBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
