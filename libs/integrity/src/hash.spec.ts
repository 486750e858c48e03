import {
  HASH_SIZE,
  emptyRoot,
  fromHex,
  hashEquals,
  isHash,
  leafHash,
  nodeHash,
  toHex,
} from './hash';
import { HASHER_VECTORS, LEAF_INPUTS, NODE_HASHES } from './testing/rfc6962-vectors';

describe('RFC 6962 hashing', () => {
  it('hashes the empty tree as SHA-256 of the empty string', () => {
    expect(toHex(emptyRoot())).toBe(HASHER_VECTORS.emptyRoot);
  });

  it('hashes a leaf as SHA-256(0x00 || leaf)', () => {
    expect(toHex(leafHash(new Uint8Array()))).toBe(HASHER_VECTORS.emptyLeaf);
    expect(toHex(leafHash(Buffer.from('L123456')))).toBe(HASHER_VECTORS.leafL123456);
  });

  it('hashes a node as SHA-256(0x01 || left || right)', () => {
    expect(toHex(nodeHash(Buffer.from('N123'), Buffer.from('N456')))).toBe(
      HASHER_VECTORS.nodeN123N456,
    );
  });

  it('gives the published leaf hashes of the 8 test leaves', () => {
    expect(LEAF_INPUTS.map((hex) => toHex(leafHash(fromHex(hex))))).toEqual(NODE_HASHES[0]);
  });

  it('gives every published interior node as the hash of its two children', () => {
    for (let level = 1; level < NODE_HASHES.length; level++) {
      const row = NODE_HASHES[level]!;
      const below = NODE_HASHES[level - 1]!;
      row.forEach((hex, index) => {
        const left = fromHex(below[2 * index]!);
        const right = fromHex(below[2 * index + 1]!);
        expect(toHex(nodeHash(left, right))).toBe(hex);
      });
    }
  });

  it('separates leaves from nodes, and depends on the order of children', () => {
    const a = leafHash(Buffer.from('Hello'));
    const b = leafHash(Buffer.from('World'));
    expect(hashEquals(a, b)).toBe(false);
    const parent = nodeHash(a, b);
    expect(hashEquals(parent, leafHash(Buffer.concat([a, b])))).toBe(false);
    expect(hashEquals(parent, nodeHash(b, a))).toBe(false);
  });

  it('returns a fresh empty root each time (callers may not corrupt it)', () => {
    const root = emptyRoot();
    root[0] = 0;
    expect(toHex(emptyRoot())).toBe(HASHER_VECTORS.emptyRoot);
  });

  it('accepts any Uint8Array, not only Buffers, including views at an offset', () => {
    const backing = new Uint8Array([0xff, 0x4c, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0xff]);
    const view = backing.subarray(1, 8);
    expect(toHex(leafHash(view))).toBe(HASHER_VECTORS.leafL123456);
    expect(toHex(view.subarray(0, 2))).toBe('4c31');
    expect(hashEquals(view, Buffer.from('L123456'))).toBe(true);
  });
});

describe('hash helpers', () => {
  it('round-trips hex', () => {
    const h = leafHash(Buffer.from('x'));
    expect(hashEquals(fromHex(toHex(h)), h)).toBe(true);
    expect(hashEquals(fromHex(toHex(h).toUpperCase()), h)).toBe(true);
    expect(fromHex('')).toEqual(Buffer.alloc(0));
  });

  it('rejects malformed hex instead of truncating it', () => {
    expect(() => fromHex('abc')).toThrow(TypeError);
    expect(() => fromHex('zz')).toThrow(TypeError);
    expect(() => fromHex('00 11')).toThrow(TypeError);
    expect(() => fromHex('0011', HASH_SIZE)).toThrow(/32 bytes/);
    expect(fromHex(HASHER_VECTORS.emptyRoot, HASH_SIZE)).toHaveLength(HASH_SIZE);
  });

  it('recognises 32-byte hashes only', () => {
    expect(isHash(emptyRoot())).toBe(true);
    expect(isHash(new Uint8Array(32))).toBe(true);
    expect(isHash(new Uint8Array(31))).toBe(false);
    expect(isHash(Buffer.alloc(33))).toBe(false);
    expect(isHash('e3b0c442')).toBe(false);
    expect(isHash(undefined)).toBe(false);
  });

  it('compares bytes, including different lengths and Uint8Array views', () => {
    const h = leafHash(Buffer.from('x'));
    expect(hashEquals(h, new Uint8Array(h))).toBe(true);
    expect(hashEquals(h, h.subarray(0, 31))).toBe(false);
    const flipped = Buffer.from(h);
    flipped[31] = flipped[31]! ^ 1;
    expect(hashEquals(h, flipped)).toBe(false);
  });
});
