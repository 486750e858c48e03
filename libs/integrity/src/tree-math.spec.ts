import fc from 'fast-check';
import { MerkleTreeError } from './errors';
import {
  type NodeId,
  type ProofPlan,
  completeSubtrees,
  consistencyProofNodes,
  inclusionProofNodes,
  isPowerOfTwo,
  isTreeSize,
  largestPowerOfTwoAtMost,
  largestPowerOfTwoBelow,
  nodeRange,
  subtreeNodes,
} from './tree-math';
import { type BigRange, refConsistencyRanges, refInclusionRanges } from './testing/reference';
import {
  CONSISTENCY_NODE_VECTORS,
  INCLUSION_NODE_VECTORS,
  type NodeProofVector,
} from './testing/rfc6962-vectors';

const MAX = Number.MAX_SAFE_INTEGER; // 2^53 - 1
const TWO_31 = 2 ** 31;
const TWO_32 = 2 ** 32;

const ids = (nodes: readonly NodeId[]) => nodes.map((n) => [n.level, n.index]);
const planIds = (plan: ProofPlan) => plan.map(ids);

/** The leaf range one proof entry covers, checking its parts are contiguous. */
function entryRange(nodes: readonly NodeId[]): BigRange {
  let begin: bigint | undefined;
  let end: bigint | undefined;
  for (const node of nodes) {
    const r = nodeRange(node);
    if (end !== undefined && BigInt(r.begin) !== end) throw new Error('gap in a proof entry');
    begin ??= BigInt(r.begin);
    end = BigInt(r.end);
  }
  if (begin === undefined || end === undefined) throw new Error('empty proof entry');
  return [begin, end];
}

const planRanges = (plan: ProofPlan) => plan.map(entryRange);

/** Go's (ids, rehash) form to ours: one entry per proof hash, parts left to right. */
function fromGo(vector: NodeProofVector): number[][][] {
  const all = vector.ids ?? [];
  const [begin, end] = vector.rehash ?? [-1, -1];
  const out: number[][][] = [];
  for (let i = 0; i < all.length; i++) {
    if (i === begin) {
      out.push(all.slice(begin, end).reverse());
      i = end - 1;
    } else {
      out.push([all[i]!]);
    }
  }
  return out;
}

describe('powers of two, exact beyond 2^31', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [7, 4],
    [8, 8],
    [TWO_31 - 1, 2 ** 30],
    [TWO_31, TWO_31],
    [TWO_31 + 1, TWO_31],
    [TWO_32 - 1, TWO_31],
    [TWO_32 + 5, TWO_32],
    [2 ** 52, 2 ** 52],
    [MAX, 2 ** 52],
  ])('largestPowerOfTwoAtMost(%d) = %d', (n, p) => {
    expect(largestPowerOfTwoAtMost(n)).toBe(p);
  });

  it.each([
    [2, 1],
    [3, 2],
    [4, 2],
    [5, 4],
    [TWO_31, 2 ** 30],
    [TWO_31 + 1, TWO_31],
    [TWO_32, TWO_31],
    [TWO_32 + 1, TWO_32],
    [2 ** 52 + 1, 2 ** 52],
    [MAX, 2 ** 52],
  ])('largestPowerOfTwoBelow(%d) = %d (the RFC 6962 split)', (n, k) => {
    expect(largestPowerOfTwoBelow(n)).toBe(k);
  });

  it('holds for any safe integer (k < n <= 2k, k a power of two)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: MAX }), (n) => {
        const k = BigInt(largestPowerOfTwoBelow(n));
        const big = BigInt(n);
        return (k & (k - 1n)) === 0n && k < big && big <= 2n * k;
      }),
      { numRuns: 5_000 },
    );
  });

  it('rejects what is not a size', () => {
    for (const bad of [0, -1, 1.5, NaN, Infinity, 2 ** 53]) {
      expect(() => largestPowerOfTwoAtMost(bad)).toThrow(MerkleTreeError);
    }
    expect(() => largestPowerOfTwoBelow(1)).toThrow(MerkleTreeError);
    expect(isTreeSize(0)).toBe(true);
    expect(isTreeSize(MAX)).toBe(true);
    expect(isTreeSize(2 ** 53)).toBe(false);
    expect(isTreeSize(-1)).toBe(false);
    expect(isTreeSize('1')).toBe(false);
    expect([0, 1, 2, 3, 4, TWO_31, TWO_32 + 1, 2 ** 52].map(isPowerOfTwo)).toEqual([
      false,
      true,
      true,
      false,
      true,
      true,
      false,
      true,
    ]);
  });
});

describe('decomposition of a size into complete subtrees', () => {
  it('is empty for the empty tree and one node per bit set otherwise', () => {
    expect(completeSubtrees(0)).toEqual([]);
    expect(ids(completeSubtrees(1))).toEqual([[0, 0]]);
    expect(ids(completeSubtrees(7))).toEqual([
      [2, 0],
      [1, 2],
      [0, 6],
    ]);
    expect(ids(completeSubtrees(8))).toEqual([[3, 0]]);
  });

  it('is exact beyond 2^31 and 2^32', () => {
    expect(ids(completeSubtrees(TWO_31 + 3))).toEqual([
      [31, 0],
      [1, 2 ** 30],
      [0, TWO_31 + 2],
    ]);
    expect(ids(completeSubtrees(TWO_32 + 5))).toEqual([
      [32, 0],
      [2, 2 ** 30],
      [0, TWO_32 + 4],
    ]);
    const all = completeSubtrees(MAX);
    expect(all.map((n) => n.level)).toEqual(Array.from({ length: 53 }, (_, i) => 52 - i));
    expect(all[all.length - 1]).toEqual({ level: 0, index: MAX - 1 });
  });

  it('covers [0, size) contiguously, largest first, for any safe size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX }), (size) => {
        const nodes = completeSubtrees(size);
        const popcount = BigInt(size).toString(2).replace(/0/g, '').length;
        const levels = nodes.map((n) => n.level);
        return (
          nodes.length === popcount &&
          levels.every((l, i) => i === 0 || l < levels[i - 1]!) &&
          entryRange(nodes)[0] === 0n &&
          entryRange(nodes)[1] === BigInt(size)
        );
      }),
      { numRuns: 5_000 },
    );
  });

  it('decomposes RFC subtree ranges and refuses anything else', () => {
    expect(ids(subtreeNodes(4, 7))).toEqual([
      [1, 2],
      [0, 6],
    ]);
    expect(ids(subtreeNodes(TWO_32, TWO_32 + 3))).toEqual([
      [1, TWO_31],
      [0, TWO_32 + 2],
    ]);
    expect(subtreeNodes(5, 5)).toEqual([]);
    expect(() => subtreeNodes(1, 3)).toThrow(MerkleTreeError);
    expect(() => subtreeNodes(3, 5)).toThrow(MerkleTreeError);
    expect(() => subtreeNodes(5, 4)).toThrow(MerkleTreeError);
    expect(nodeRange({ level: 3, index: 2 })).toEqual({ begin: 16, end: 24 });
    expect(nodeRange({ level: 31, index: 3 })).toEqual({ begin: 3 * TWO_31, end: 4 * TWO_31 });
  });
});

describe('proof nodes: transparency-dev/merkle proof/proof_test.go vectors', () => {
  it.each(INCLUSION_NODE_VECTORS.map((v) => [v.index, v.size, v] as const))(
    'inclusion of leaf %d in size %d',
    (index, size, vector) => {
      if (vector.ids === undefined) {
        expect(() => inclusionProofNodes(index, size)).toThrow(MerkleTreeError);
      } else {
        expect(planIds(inclusionProofNodes(index, size))).toEqual(fromGo(vector));
      }
    },
  );

  it.each(CONSISTENCY_NODE_VECTORS.map((v) => [v.size1, v.size2, v] as const))(
    'consistency from %d to %d',
    (size1, size2, vector) => {
      if (vector.ids === undefined) {
        expect(() => consistencyProofNodes(size1, size2)).toThrow(MerkleTreeError);
      } else {
        expect(planIds(consistencyProofNodes(size1, size2))).toEqual(fromGo(vector));
      }
    },
  );
});

describe('proof nodes against the RFC recursion (BigInt oracle)', () => {
  it('match PATH and PROOF for every index and size up to 200', () => {
    const mismatches: string[] = [];
    for (let n = 1; n <= 200; n++) {
      const big = BigInt(n);
      for (let m = 0; m < n; m++) {
        const got = planRanges(inclusionProofNodes(m, n));
        if (!sameRanges(got, refInclusionRanges(BigInt(m), big))) mismatches.push(`PATH ${m}/${n}`);
      }
      for (let m = 1; m <= n; m++) {
        const got = planRanges(consistencyProofNodes(m, n));
        if (!sameRanges(got, refConsistencyRanges(BigInt(m), big))) {
          mismatches.push(`PROOF ${m}/${n}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    [TWO_31 + 5, TWO_32 + 3],
    [TWO_31, TWO_31 + 1],
    [TWO_31 - 1, TWO_31],
    [TWO_32 - 1, TWO_32 + 1],
    [TWO_32 + 12_345, 3 * TWO_32 + 7],
    [0, MAX],
    [MAX - 1, MAX],
    [2 ** 52 + 1, MAX],
  ])('match at index/size1 %d, size %d (beyond 2^31)', (m, n) => {
    expect(planRanges(inclusionProofNodes(m, n))).toEqual(refInclusionRanges(BigInt(m), BigInt(n)));
    if (m > 0) {
      expect(planRanges(consistencyProofNodes(m, n))).toEqual(
        refConsistencyRanges(BigInt(m), BigInt(n)),
      );
    }
  });

  it('match for random safe sizes, with at most one ephemeral entry', () => {
    const pair = fc
      .integer({ min: 1, max: MAX })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n)));
    fc.assert(
      fc.property(pair, ([m, n]) => {
        const inclusion = inclusionProofNodes(m, n);
        const okInclusion = sameRanges(
          planRanges(inclusion),
          refInclusionRanges(BigInt(m), BigInt(n)),
        );
        const consistency = m === 0 ? [] : consistencyProofNodes(m, n);
        const okConsistency =
          m === 0 ||
          sameRanges(planRanges(consistency), refConsistencyRanges(BigInt(m), BigInt(n)));
        const ephemeral = (plan: ProofPlan) => plan.filter((e) => e.length > 1).length;
        return (
          okInclusion &&
          okConsistency &&
          ephemeral(inclusion) <= 1 &&
          ephemeral(consistency) <= 1 &&
          inclusion.length <= 53 &&
          consistency.length <= 2 * 53
        );
      }),
      { numRuns: 3_000 },
    );
  });

  it('refuses impossible requests', () => {
    expect(() => inclusionProofNodes(3, 3)).toThrow(MerkleTreeError);
    expect(() => inclusionProofNodes(-1, 3)).toThrow(MerkleTreeError);
    expect(() => inclusionProofNodes(0, 2 ** 53)).toThrow(MerkleTreeError);
    expect(() => consistencyProofNodes(4, 3)).toThrow(MerkleTreeError);
    expect(() => consistencyProofNodes(1.5, 3)).toThrow(MerkleTreeError);
    expect(consistencyProofNodes(0, 5)).toEqual([]);
    expect(consistencyProofNodes(0, 0)).toEqual([]);
  });
});

function sameRanges(a: readonly BigRange[], b: readonly BigRange[]): boolean {
  return a.length === b.length && a.every((r, i) => r[0] === b[i]![0] && r[1] === b[i]![1]);
}
