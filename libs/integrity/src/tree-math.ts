/**
 * Pure index arithmetic of RFC 6962 / RFC 9162 Merkle trees: which complete subtrees make up a
 * tree of a given size, and which of them a proof is made of. No hashing, no storage.
 *
 * Sizes and indices are JS numbers, exact up to 2^53 - 1 (`Number.MAX_SAFE_INTEGER`). No
 * bitwise operator is used on them (those truncate to 32 bits): halving is `Math.floor(x / 2)`,
 * parity is `x % 2`, powers of two are `2 ** level`, all exact on safe integers.
 */
import { MerkleTreeError } from './errors';

/**
 * A complete subtree: the node at `level` (0 = leaves) and `index` (0-based, left to right
 * within its level), covering the leaves `[index * 2^level, (index + 1) * 2^level)`.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/**
 * Which stored nodes a proof is made of. One entry per proof hash, in proof order (bottom up);
 * each entry lists complete subtrees left to right. A single subtree is a stored node's hash; a
 * longer list is an ephemeral node (the right border of a tree whose size is not a power of
 * two), hashed by folding from the right: `H(n0, H(n1, ... H(n_{k-2}, n_{k-1})))`.
 */
export type ProofPlan = NodeId[][];

/** True for a non-negative safe integer: a valid tree size or leaf index. */
export function isTreeSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** `2^level`, exact for every level a safe-integer tree can have (0..53). */
export function pow2(level: number): number {
  return 2 ** level;
}

/** The largest power of two `<= n`, for `1 <= n <= 2^53 - 1`. O(1). */
export function largestPowerOfTwoAtMost(n: number): number {
  if (!isTreeSize(n) || n < 1) {
    throw new MerkleTreeError(`Expected a positive safe integer, got ${n}`);
  }
  // Math.log2 may be off by one ulp near powers of two; the loops correct it (at most a step).
  let p = pow2(Math.floor(Math.log2(n)));
  while (p > n) p /= 2;
  while (p * 2 <= n) p *= 2;
  return p;
}

/** RFC 6962's split point: the largest power of two `< n`, for `n >= 2`. O(1). */
export function largestPowerOfTwoBelow(n: number): number {
  if (!isTreeSize(n) || n < 2) {
    throw new MerkleTreeError(`Expected a safe integer >= 2, got ${n}`);
  }
  return largestPowerOfTwoAtMost(n - 1);
}

/** True if `n` is 1, 2, 4, 8, ... */
export function isPowerOfTwo(n: number): boolean {
  return isTreeSize(n) && n >= 1 && largestPowerOfTwoAtMost(n) === n;
}

/** The leaves `[begin, end)` a node covers. */
export function nodeRange(id: NodeId): { begin: number; end: number } {
  const width = pow2(id.level);
  return { begin: id.index * width, end: (id.index + 1) * width };
}

/**
 * The complete subtrees, left to right (strictly decreasing in size), that make up the RFC 6962
 * subtree over the leaves `[begin, end)`. That range must be one the RFC's recursion produces: a
 * (possibly incomplete) subtree, i.e. `begin` a multiple of the smallest power of two
 * `>= end - begin`. `[0, size)` always is. At most 53 entries.
 */
export function subtreeNodes(begin: number, end: number): NodeId[] {
  if (!isTreeSize(begin) || !isTreeSize(end) || begin > end) {
    throw new MerkleTreeError(`Invalid leaf range [${begin}, ${end})`);
  }
  const nodes: NodeId[] = [];
  let pos = begin;
  while (pos < end) {
    const width = largestPowerOfTwoAtMost(end - pos);
    if (pos % width !== 0) {
      throw new MerkleTreeError(`[${begin}, ${end}) is not a subtree of an RFC 6962 tree`);
    }
    nodes.push({ level: Math.round(Math.log2(width)), index: pos / width });
    pos += width;
  }
  return nodes;
}

/**
 * The complete subtrees, largest first, of the tree of the first `size` leaves (one per bit set
 * in `size`): the only nodes needed for its root, the "compact range" `[0, size)`.
 */
export function completeSubtrees(size: number): NodeId[] {
  return subtreeNodes(0, size);
}

/**
 * The nodes of the inclusion proof of leaf `index` in the tree of size `size` (RFC 6962 §2.1.1
 * PATH, RFC 9162 §2.1.3.1), bottom up. Every entry but at most one is a single stored node; the
 * exception (a right sibling on the tree's right border) has at most 52 parts. O(log size).
 */
export function inclusionProofNodes(index: number, size: number): ProofPlan {
  if (!isTreeSize(index) || !isTreeSize(size) || index >= size) {
    throw new MerkleTreeError(`No leaf ${index} in a tree of size ${size}`);
  }
  const topDown: NodeId[][] = [];
  let begin = 0;
  let end = size;
  // PATH(m, D[begin:end]): split at k; the proof carries the other half's hash.
  while (end - begin > 1) {
    const mid = begin + largestPowerOfTwoBelow(end - begin);
    if (index < mid) {
      topDown.push(subtreeNodes(mid, end));
      end = mid;
    } else {
      topDown.push(subtreeNodes(begin, mid));
      begin = mid;
    }
  }
  return topDown.reverse();
}

/**
 * The nodes of the consistency proof from size `size1` to size `size2` (RFC 6962 §2.1.2
 * PROOF/SUBPROOF, RFC 9162 §2.1.4.1), bottom up. Empty when `size1` is 0 or equals `size2`.
 * O(log size2).
 */
export function consistencyProofNodes(size1: number, size2: number): ProofPlan {
  if (!isTreeSize(size1) || !isTreeSize(size2) || size1 > size2) {
    throw new MerkleTreeError(`No consistency proof from size ${size1} to size ${size2}`);
  }
  if (size1 === 0 || size1 === size2) return [];
  const topDown: NodeId[][] = [];
  let begin = 0;
  let end = size2;
  // SUBPROOF(m, D[begin:end], b), with m = size1 - begin; b stays true while begin is 0.
  for (;;) {
    if (end === size1) {
      // m = n: the old tree is this whole subtree. Its hash is only sent if b is false (when b
      // is true the verifier already has it: it is the old root).
      if (begin !== 0) topDown.push(subtreeNodes(begin, end));
      break;
    }
    const mid = begin + largestPowerOfTwoBelow(end - begin);
    if (size1 <= mid) {
      topDown.push(subtreeNodes(mid, end));
      end = mid;
    } else {
      topDown.push(subtreeNodes(begin, mid));
      begin = mid;
    }
  }
  return topDown.reverse();
}
