import { createHash } from 'node:crypto';

/** SHA-256 output size in bytes: every leaf hash, node hash, root and proof element. */
export const HASH_SIZE = 32;

/** A hash as accepted by this library. Everything it returns is a `Buffer` (a `Uint8Array`). */
export type Hash = Uint8Array;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** RFC 6962 §2.1: the hash of one leaf, SHA-256(0x00 || leaf). */
export function leafHash(leaf: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

/** RFC 6962 §2.1: the hash of an interior node, SHA-256(0x01 || left || right). */
export function nodeHash(left: Hash, right: Hash): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

const EMPTY_ROOT = createHash('sha256').digest();

/** RFC 6962 §2.1: the root of the empty tree, SHA-256 of the empty string. */
export function emptyRoot(): Buffer {
  return Buffer.from(EMPTY_ROOT);
}

/** True if `h` is a byte string of exactly {@link HASH_SIZE} bytes. */
export function isHash(h: unknown): h is Hash {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

/** Byte-wise equality of two hashes (of any length). */
export function hashEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && asBuffer(a).equals(b);
}

/** Lower-case hex of a byte string. */
export function toHex(bytes: Uint8Array): string {
  return asBuffer(bytes).toString('hex');
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Bytes from hex (either case). Throws on anything that is not an even number of hex digits,
 * where `Buffer.from(s, 'hex')` would silently stop at the first bad character; with
 * `expectedLength`, also on any other byte length (e.g. `fromHex(s, HASH_SIZE)` for a hash).
 */
export function fromHex(hex: string, expectedLength?: number): Buffer {
  if (!HEX.test(hex)) {
    throw new TypeError('Not an even-length hex string');
  }
  const bytes = Buffer.from(hex, 'hex');
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new TypeError(`Expected ${expectedLength} bytes of hex, got ${bytes.length}`);
  }
  return bytes;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
