/**
 * The incremental tree against a naive recursive implementation of RFC 6962 §2.1
 * (testing/reference.ts): the same roots and byte-identical proofs, every size 1..130
 * exhaustively and sampled sizes up to 5,000; and every proof verifies.
 */
import { toHex } from './hash';
import { MerkleTree } from './merkle-tree';
import { verifyConsistency, verifyInclusion } from './verify';
import { ReferenceTree } from './testing/reference';

/** Deterministic leaf inputs of varied lengths (1 to 41 bytes). */
const entries = Array.from({ length: 5000 }, (_, i) =>
  Buffer.from(`${i}:`.repeat(i % 9) + String.fromCharCode(97 + (i % 26))),
);

const same = (a: readonly Uint8Array[], b: readonly Uint8Array[]) =>
  a.length === b.length && a.every((h, i) => toHex(h) === toHex(b[i]!));

/** A small seeded PRNG (mulberry32): the same samples on every run. */
function prng(seed: number): (bound: number) => number {
  let a = seed;
  return (bound) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
}

describe('incremental tree vs the RFC 6962 recursive definition', () => {
  const tree = new MerkleTree();
  const ref = new ReferenceTree(entries);

  it('has the reference root after every append (1..130)', () => {
    for (let i = 0; i < 130; i++) {
      tree.appendLeaf(entries[i]!);
      expect(toHex(tree.root())).toBe(toHex(ref.root(i + 1)));
    }
  });

  it.each(Array.from({ length: 130 }, (_, i) => i + 1))(
    'size %d: root, every inclusion proof and every consistency proof',
    (n) => {
      const root = tree.root(n);
      expect(toHex(root)).toBe(toHex(ref.root(n)));
      const wrong: string[] = [];
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m, n);
        if (!same(proof, ref.inclusionProof(m, n))) wrong.push(`PATH(${m}) differs`);
        if (!verifyInclusion(tree.leafHashAt(m), m, n, proof, root)) {
          wrong.push(`PATH(${m}) does not verify`);
        }
      }
      for (let m = 1; m <= n; m++) {
        const proof = tree.consistencyProof(m, n);
        if (!same(proof, ref.consistencyProof(m, n))) wrong.push(`PROOF(${m}) differs`);
        if (!verifyConsistency(m, n, proof, tree.root(m), root)) {
          wrong.push(`PROOF(${m}) does not verify`);
        }
      }
      expect(wrong).toEqual([]);
    },
  );

  describe('larger sizes, sampled', () => {
    const big = new MerkleTree();
    for (const e of entries) big.appendLeaf(e);
    const random = prng(6962);

    it.each([255, 256, 257, 1000, 1023, 1024, 1025, 2047, 2049, 3333, 4096, 4097, 5000])(
      'size %d: root and 25 + 25 sampled proofs',
      (n) => {
        const root = big.root(n);
        expect(toHex(root)).toBe(toHex(ref.root(n)));
        const indices = [0, 1, n - 1, n - 2, Math.floor(n / 2)];
        while (indices.length < 25) indices.push(random(n));
        const sizes = [1, 2, n - 1, n, Math.floor(n / 2)];
        while (sizes.length < 25) sizes.push(1 + random(n));
        const wrong: string[] = [];
        for (const m of indices) {
          const proof = big.inclusionProof(m, n);
          if (!same(proof, ref.inclusionProof(m, n))) wrong.push(`PATH(${m}) differs`);
          if (!verifyInclusion(big.leafHashAt(m), m, n, proof, root)) {
            wrong.push(`PATH(${m}) does not verify`);
          }
        }
        for (const m of sizes) {
          const proof = big.consistencyProof(m, n);
          if (!same(proof, ref.consistencyProof(m, n))) wrong.push(`PROOF(${m}) differs`);
          if (!verifyConsistency(m, n, proof, big.root(m), root)) {
            wrong.push(`PROOF(${m}) does not verify`);
          }
        }
        expect(wrong).toEqual([]);
      },
    );
  });
});
