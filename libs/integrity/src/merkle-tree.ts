import { MerkleTreeError } from './errors';
import { type Hash, emptyRoot, isHash, leafHash, nodeHash } from './hash';
import { MemoryNodeStore, type NodeStore } from './node-store';
import {
  type NodeId,
  type ProofPlan,
  completeSubtrees,
  consistencyProofNodes,
  inclusionProofNodes,
  isTreeSize,
} from './tree-math';

export interface MerkleTreeOptions {
  /** Where completed subtree hashes live. Default: a new {@link MemoryNodeStore}. */
  store?: NodeStore;
  /**
   * The number of leaves already in `store` (when reopening a persisted tree). Default 0. The
   * store must hold every complete node of a tree of that size.
   */
  size?: number;
}

interface FrontierNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Buffer;
}

/**
 * An append-only RFC 6962 / RFC 9162 Merkle tree over leaf hashes, e.g. one leaf per ledger
 * event in global position order (`append(leafHash(canonicalBytes))`).
 *
 * Every completed subtree hash is written once to a {@link NodeStore}; incomplete subtrees are
 * never stored. The root of the current size or of any earlier size, inclusion proofs and
 * consistency proofs are computed from stored complete subtrees (RFC 9162 §2.1.3 style: the
 * right border of a tree whose size is not a power of two is hashed on the fly), reading
 * O(log n) nodes. The tree also keeps the complete subtrees of its current size (the "frontier",
 * at most 53 hashes) in memory, so `append` and `root()` read nothing from the store.
 *
 * Costs, n the size: `append` O(1) amortised (one leaf + on average one node hash and write),
 * O(log n) worst case; `root()` O(log n) hashes, no reads; `root(size)`,
 * `inclusionProof`, `consistencyProof` O(log n) store reads and hashes.
 */
export class MerkleTree {
  private readonly store: NodeStore;
  private count: number;
  /** The complete subtrees of the current size, largest (leftmost) first. */
  private readonly frontier: FrontierNode[];

  constructor(options: MerkleTreeOptions = {}) {
    this.store = options.store ?? new MemoryNodeStore();
    const size = options.size ?? 0;
    if (!isTreeSize(size)) {
      throw new MerkleTreeError(`Invalid tree size ${String(size)}`);
    }
    this.count = size;
    this.frontier = completeSubtrees(size).map((id) => ({ ...id, hash: this.read(id) }));
  }

  /** The number of leaves. */
  get size(): number {
    return this.count;
  }

  /**
   * Append one leaf by its hash (see `leafHash`); returns its index. Stores the leaf hash and
   * every subtree it completes.
   */
  append(hash: Hash): number {
    if (!isHash(hash)) {
      throw new MerkleTreeError('A leaf hash is 32 bytes');
    }
    if (this.count >= Number.MAX_SAFE_INTEGER) {
      throw new MerkleTreeError('The tree is full');
    }
    const leafIndex = this.count;
    // Compute every node this leaf completes before touching the store or the frontier: if a
    // put throws, the tree is unchanged (and a retry rewrites the same, deterministic hashes).
    let top: FrontierNode = { level: 0, index: leafIndex, hash: Buffer.from(hash) };
    const completed = [top];
    let merged = 0;
    while (top.index % 2 === 1) {
      // A right child completes its parent; its left sibling is the frontier's next node back.
      const left = this.frontier[this.frontier.length - 1 - merged];
      if (left === undefined || left.level !== top.level || left.index !== top.index - 1) {
        throw new MerkleTreeError('Internal error: frontier out of step with the tree size');
      }
      top = {
        level: top.level + 1,
        index: (top.index - 1) / 2,
        hash: nodeHash(left.hash, top.hash),
      };
      completed.push(top);
      merged += 1;
    }
    for (const node of completed) this.store.put(node.level, node.index, node.hash);
    this.frontier.splice(this.frontier.length - merged, merged, top);
    this.count = leafIndex + 1;
    return leafIndex;
  }

  /** Append one leaf by its bytes (hashed with `leafHash`); returns its index. */
  appendLeaf(leaf: Uint8Array): number {
    return this.append(leafHash(leaf));
  }

  /** The stored hash of leaf `index`. */
  leafHashAt(index: number): Buffer {
    if (!isTreeSize(index) || index >= this.count) {
      throw new MerkleTreeError(`No leaf ${index} in a tree of size ${this.count}`);
    }
    return this.read({ level: 0, index });
  }

  /** The root hash (RFC 6962 MTH) of the tree of the first `size` leaves (default: all). */
  root(size: number = this.count): Buffer {
    this.checkSize(size);
    if (size === 0) return emptyRoot();
    if (size === this.count) {
      return foldRight(this.frontier.map((node) => node.hash));
    }
    return this.hashOf(completeSubtrees(size));
  }

  /**
   * The inclusion proof (RFC 9162 §2.1.3.1) of leaf `index` in the tree of the first `size`
   * leaves (default: all), bottom up.
   */
  inclusionProof(index: number, size: number = this.count): Buffer[] {
    this.checkSize(size);
    if (!isTreeSize(index) || index >= size) {
      throw new MerkleTreeError(`No leaf ${index} in a tree of size ${size}`);
    }
    return this.proofFrom(inclusionProofNodes(index, size));
  }

  /**
   * The consistency proof (RFC 9162 §2.1.4.1) that the tree of size `fromSize` is a prefix of
   * the tree of size `toSize` (default: all). Empty if `fromSize` is 0 or equals `toSize`.
   */
  consistencyProof(fromSize: number, toSize: number = this.count): Buffer[] {
    this.checkSize(toSize);
    if (!isTreeSize(fromSize) || fromSize > toSize) {
      throw new MerkleTreeError(`No consistency proof from size ${fromSize} to size ${toSize}`);
    }
    return this.proofFrom(consistencyProofNodes(fromSize, toSize));
  }

  private proofFrom(plan: ProofPlan): Buffer[] {
    return plan.map((nodes) => this.hashOf(nodes));
  }

  /** The hash of the (possibly incomplete) subtree made of these complete subtrees. */
  private hashOf(nodes: readonly NodeId[]): Buffer {
    return foldRight(nodes.map((id) => this.read(id)));
  }

  private read(id: NodeId): Buffer {
    const h = this.store.get(id.level, id.index);
    if (h === undefined || !isHash(h)) {
      throw new MerkleTreeError(`Node store has no valid hash for node (${id.level}, ${id.index})`);
    }
    return Buffer.from(h); // A copy: what the tree hands out never aliases the store.
  }

  private checkSize(size: number): void {
    if (!isTreeSize(size) || size > this.count) {
      throw new MerkleTreeError(`Tree size ${size} is not in [0, ${this.count}]`);
    }
  }
}

/** `H(h0, H(h1, ... H(h_{k-2}, h_{k-1})))`: an incomplete subtree from its complete parts. */
function foldRight(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) {
    throw new MerkleTreeError('Internal error: nothing to hash');
  }
  if (hashes.length === 1) return Buffer.from(hashes[0]!); // Never hand out the frontier's.
  return hashes.reduceRight((right, left) => nodeHash(left, right));
}
