import fc from 'fast-check';
import { ProofError } from './errors';
import { emptyRoot, leafHash, nodeHash, toHex } from './hash';
import { MerkleTree } from './merkle-tree';
import { consistencyProofNodes, inclusionProofNodes } from './tree-math';
import {
  assertConsistency,
  assertInclusion,
  rootFromInclusion,
  verifyConsistency,
  verifyInclusion,
} from './verify';
import { refRootFromPath, refRootsFromConsistency } from './testing/reference';

const MAX = Number.MAX_SAFE_INTEGER;
const TWO_31 = 2 ** 31;
const TWO_32 = 2 ** 32;

const tree = new MerkleTree();
for (let i = 0; i < 64; i++) tree.appendLeaf(Buffer.from(`leaf ${i}`));
const stranger = leafHash(Buffer.from('not in the tree'));

const flipped = (h: Uint8Array) => {
  const copy = Buffer.from(h);
  copy[0] = copy[0]! ^ 1;
  return copy;
};
const swap = <T>(xs: readonly T[], i: number, j: number): T[] => {
  const copy = [...xs];
  [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  return copy;
};

describe('verifyInclusion', () => {
  const index = 21;
  const size = 50;
  const leaf = tree.leafHashAt(index);
  const proof = tree.inclusionProof(index, size);
  const root = tree.root(size);

  it('accepts the proof', () => {
    expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
    expect(toHex(rootFromInclusion(leaf, index, size, proof))).toBe(toHex(root));
    expect(() => assertInclusion(leaf, index, size, proof, root)).not.toThrow();
  });

  it.each([
    ['a wrong leaf', stranger, index, size, proof, root],
    ['the neighbouring leaf', tree.leafHashAt(index + 1), index, size, proof, root],
    ['a wrong index', leaf, index + 1, size, proof, root],
    ['an index off by a power of two', leaf, index + 8, size, proof, root],
    ['an index >= size', leaf, size, size, proof, root],
    ['a negative index', leaf, -1, size, proof, root],
    ['a fractional index', leaf, index + 0.5, size, proof, root],
    ['an unsafe size', leaf, index, 2 ** 53, proof, root],
    ['size 0', leaf, 0, 0, [], emptyRoot()],
    ['a size twice as large', leaf, index, size * 2, proof, root],
    ['a size half as large', leaf, index, size / 2, proof, root],
    ['a proof one hash short', leaf, index, size, proof.slice(0, -1), root],
    ['a proof one hash short at the front', leaf, index, size, proof.slice(1), root],
    ['a proof one hash long', leaf, index, size, [...proof, stranger], root],
    ['a proof with the root appended', leaf, index, size, [...proof, root], root],
    ['a proof with a hash prepended', leaf, index, size, [stranger, ...proof], root],
    ['a proof with two hashes swapped', leaf, index, size, swap(proof, 0, 1), root],
    ['a proof with the last two swapped', leaf, index, size, swap(proof, 3, 4), root],
    [
      'a proof with a bit flipped',
      leaf,
      index,
      size,
      proof.map((p, i) => (i === 2 ? flipped(p) : p)),
      root,
    ],
    [
      'a proof hash of 31 bytes',
      leaf,
      index,
      size,
      proof.map((p, i) => (i === 0 ? p.subarray(0, 31) : p)),
      root,
    ],
    ['a leaf hash of 33 bytes', Buffer.concat([leaf, Buffer.alloc(1)]), index, size, proof, root],
    ['a wrong root', leaf, index, size, proof, flipped(root)],
    ['the root of another size', leaf, index, size, proof, tree.root(size - 1)],
    ['the empty root', leaf, index, size, proof, emptyRoot()],
    ['a short root', leaf, index, size, proof, root.subarray(1)],
  ])('rejects %s', (_what, l, i, s, p, r) => {
    expect(verifyInclusion(l, i, s, p, r)).toBe(false);
    expect(() => assertInclusion(l, i, s, p, r)).toThrow(ProofError);
  });

  it('says why', () => {
    expect(() => assertInclusion(leaf, size, size, proof, root)).toThrow(/not below tree size/);
    expect(() => assertInclusion(leaf, index, size, proof.slice(0, -1), root)).toThrow(/too short/);
    expect(() => assertInclusion(leaf, index, size, [...proof, root], root)).toThrow(/too long/);
    expect(() => assertInclusion(stranger, index, size, proof, root)).toThrow(/given root/);
    expect(() => rootFromInclusion(leaf, index, size, [new Uint8Array(1)])).toThrow(/32-byte/);
  });

  it('accepts every proof of a 64-leaf tree; none at any other index (sizes up to 40)', () => {
    const wrong: string[] = [];
    for (let n = 1; n <= 64; n++) {
      const r = tree.root(n);
      for (let m = 0; m < n; m++) {
        const p = tree.inclusionProof(m, n);
        const h = tree.leafHashAt(m);
        if (!verifyInclusion(h, m, n, p, r)) wrong.push(`${m}/${n} rejected`);
        for (let other = 0; n <= 40 && other < n; other++) {
          if (other !== m && verifyInclusion(h, other, n, p, r)) {
            wrong.push(`${m}/${n} accepted at ${other}`);
          }
        }
        p.forEach((_, i) => {
          if (
            verifyInclusion(
              h,
              m,
              n,
              p.map((x, j) => (j === i ? flipped(x) : x)),
              r,
            )
          ) {
            wrong.push(`${m}/${n} accepted with proof[${i}] flipped`);
          }
        });
        if (p.length > 0 && verifyInclusion(h, m, n, p.slice(0, -1), r)) {
          wrong.push(`${m}/${n} accepted a short proof`);
        }
        if (verifyInclusion(h, m, n, [...p, h], r)) wrong.push(`${m}/${n} accepted a long proof`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with the PATH recursion at any safe index and size (beyond 2^31)', () => {
    const check = (m: number, n: number) => {
      const length = inclusionProofNodes(m, n).length;
      const proof = Array.from({ length }, (_, i) => leafHash(Buffer.from(`p${i}`)));
      const leaf = leafHash(Buffer.from(`leaf ${m}`));
      const expected = refRootFromPath(BigInt(m), BigInt(n), leaf, proof);
      if (expected === undefined) return false;
      return (
        toHex(rootFromInclusion(leaf, m, n, proof)) === toHex(expected) &&
        verifyInclusion(leaf, m, n, proof, expected) &&
        !verifyInclusion(leaf, m, n, [...proof, leaf], expected) &&
        (length === 0 || !verifyInclusion(leaf, m, n, proof.slice(1), expected)) &&
        (n < 2 || !verifyInclusion(leaf, m === 0 ? 1 : m - 1, n, proof, expected))
      );
    };
    for (const [m, n] of [
      [TWO_31 + 5, TWO_32 + 3],
      [TWO_31, TWO_31 + 1],
      [TWO_32 - 1, TWO_32],
      [3 * TWO_32 + 1, 3 * TWO_32 + 2],
      [0, MAX],
      [MAX - 1, MAX],
      [2 ** 52, MAX],
    ] as const) {
      expect(check(m, n)).toBe(true);
    }
    const pair = fc
      .integer({ min: 1, max: MAX })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n)));
    fc.assert(
      fc.property(pair, ([m, n]) => check(m, n)),
      { numRuns: 500 },
    );
  });
});

describe('verifyConsistency', () => {
  const size1 = 23;
  const size2 = 50;
  const proof = tree.consistencyProof(size1, size2);
  const root1 = tree.root(size1);
  const root2 = tree.root(size2);

  it('accepts the proof', () => {
    expect(verifyConsistency(size1, size2, proof, root1, root2)).toBe(true);
    expect(() => assertConsistency(size1, size2, proof, root1, root2)).not.toThrow();
  });

  it.each([
    ['size1 > size2', size2, size1, proof, root2, root1],
    ['size1 > size2, equal roots', 5, 4, [], root1, root1],
    ['a wrong size1', size1 + 1, size2, proof, root1, root2],
    ['size1 - 1', size1 - 1, size2, proof, root1, root2],
    ['a size2 beyond the next power of two', size1, 65, proof, root1, root2],
    ['size2 * 2', size1, size2 * 2, proof, root1, root2],
    ['a negative size', -1, size2, proof, root1, root2],
    ['an unsafe size', size1, 2 ** 53, proof, root1, root2],
    ['a wrong root1', size1, size2, proof, flipped(root1), root2],
    ['a wrong root2', size1, size2, proof, root1, flipped(root2)],
    ['swapped roots', size1, size2, proof, root2, root1],
    ['an empty proof', size1, size2, [], root1, root2],
    ['a proof one hash short', size1, size2, proof.slice(0, -1), root1, root2],
    ['a proof one hash short at the front', size1, size2, proof.slice(1), root1, root2],
    ['a proof one hash long', size1, size2, [...proof, stranger], root1, root2],
    ['a proof with root1 prepended', size1, size2, [root1, ...proof], root1, root2],
    ['a proof with two hashes swapped', size1, size2, swap(proof, 1, 2), root1, root2],
    [
      'a proof with a bit flipped',
      size1,
      size2,
      proof.map((p, i) => (i === 3 ? flipped(p) : p)),
      root1,
      root2,
    ],
    [
      'a proof hash of 31 bytes',
      size1,
      size2,
      proof.map((p, i) => (i === 0 ? p.subarray(1) : p)),
      root1,
      root2,
    ],
    ['a root of 31 bytes', size1, size2, proof, root1.subarray(1), root2],
    ['equal sizes, different roots', size1, size1, [], root1, root2],
    ['equal sizes, a non-empty proof', size1, size1, [stranger], root1, root1],
    ['size 0 with a proof', 0, size2, [stranger], emptyRoot(), root2],
    ['size 0 with a root that is not the empty root', 0, size2, [], root1, root2],
    ['sizes 0 and 0, roots not the empty root', 0, 0, [], root1, root1],
  ])('rejects %s', (_what, s1, s2, p, r1, r2) => {
    expect(verifyConsistency(s1, s2, p, r1, r2)).toBe(false);
    expect(() => assertConsistency(s1, s2, p, r1, r2)).toThrow(ProofError);
  });

  it('binds sizes only through the roots: sizes with the same proof shape are not told apart', () => {
    // Inherent to RFC 9162 (and to any verifier of it): the proof of 23 -> 50 also "verifies"
    // as 23 -> 64 against root(50). A (size, root) pair must come from a trusted checkpoint.
    expect(verifyConsistency(size1, 64, proof, root1, root2)).toBe(true);
    const inclusion = tree.inclusionProof(21, 50);
    expect(verifyInclusion(tree.leafHashAt(21), 21, 64, inclusion, root2)).toBe(true);
  });

  it('accepts the trivial cases', () => {
    expect(verifyConsistency(0, 0, [], emptyRoot(), emptyRoot())).toBe(true);
    expect(verifyConsistency(0, size2, [], emptyRoot(), root2)).toBe(true);
    expect(verifyConsistency(size1, size1, [], root1, root1)).toBe(true);
  });

  it('says why', () => {
    expect(() => assertConsistency(size2, size1, proof, root1, root2)).toThrow(/only grows/);
    expect(() => assertConsistency(size1, size2, [], root1, root2)).toThrow(/Empty/);
    expect(() => assertConsistency(size1, size2, proof, root2, root2)).toThrow(/root1/);
    expect(() => assertConsistency(size1, size2, proof, root1, root1)).toThrow(/root2/);
    expect(() => assertConsistency(size1, size2, [...proof, root1], root1, root2)).toThrow(
      /too long/,
    );
  });

  it('accepts every proof within a 64-leaf tree and rejects every one-hash corruption', () => {
    const wrong: string[] = [];
    for (let n = 1; n <= 64; n++) {
      for (let m = 1; m < n; m++) {
        const p = tree.consistencyProof(m, n);
        const r1 = tree.root(m);
        const r2 = tree.root(n);
        if (!verifyConsistency(m, n, p, r1, r2)) wrong.push(`${m}->${n} rejected`);
        p.forEach((_, i) => {
          if (
            verifyConsistency(
              m,
              n,
              p.map((x, j) => (j === i ? flipped(x) : x)),
              r1,
              r2,
            )
          ) {
            wrong.push(`${m}->${n} accepted with proof[${i}] flipped`);
          }
        });
        if (verifyConsistency(m, n, p.slice(0, -1), r1, r2)) wrong.push(`${m}->${n} short`);
        if (verifyConsistency(m, n, [...p, r1], r1, r2)) wrong.push(`${m}->${n} long`);
        if (verifyConsistency(n, m, p, r2, r1)) wrong.push(`${m}->${n} backwards`);
        if (m > 1 && verifyConsistency(m, n, p, tree.root(m - 1), r2)) {
          wrong.push(`${m}->${n} accepted another root1`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with the SUBPROOF recursion at any safe sizes (beyond 2^31)', () => {
    const check = (m: number, n: number) => {
      const length = consistencyProofNodes(m, n).length;
      const proof = Array.from({ length }, (_, i) => leafHash(Buffer.from(`c${i}`)));
      const given = nodeHash(proof[0] ?? stranger, stranger); // Used only if m is 2^k.
      const roots = refRootsFromConsistency(BigInt(m), BigInt(n), proof, given);
      if (roots === undefined) return false;
      const [r1, r2] = roots;
      return (
        verifyConsistency(m, n, proof, r1, r2) &&
        !verifyConsistency(m, n, proof, r1, flipped(r2)) &&
        !verifyConsistency(m, n, proof.slice(0, -1), r1, r2) &&
        !verifyConsistency(m, n, [...proof, r1], r1, r2)
      );
    };
    for (const [m, n] of [
      [TWO_31 + 5, TWO_32 + 3],
      [TWO_31, TWO_31 + 1],
      [TWO_31 - 1, TWO_31],
      [TWO_32, 3 * TWO_32],
      [3 * TWO_32 + 1, 3 * TWO_32 + 2],
      [1, MAX],
      [MAX - 1, MAX],
      [2 ** 52, MAX],
    ] as const) {
      expect(check(m, n)).toBe(true);
    }
    const pair = fc
      .integer({ min: 2, max: MAX })
      .chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n)));
    fc.assert(
      fc.property(pair, ([m, n]) => check(m, n)),
      { numRuns: 500 },
    );
  });
});

describe('never throws for bad input of the declared types', () => {
  it('returns false', () => {
    const h = stranger;
    expect(verifyInclusion(h, NaN, 1, [], h)).toBe(false);
    expect(verifyInclusion(h, 0, Infinity, [], h)).toBe(false);
    expect(verifyConsistency(NaN, 1, [], h, h)).toBe(false);
    expect(verifyConsistency(1, 1, [], new Uint8Array(), new Uint8Array())).toBe(false);
  });
});
