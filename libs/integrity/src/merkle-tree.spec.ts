import { MerkleTreeError } from './errors';
import { type Hash, emptyRoot, hashEquals, leafHash, toHex } from './hash';
import { MerkleTree } from './merkle-tree';
import { MemoryNodeStore, type NodeStore } from './node-store';
import { verifyConsistency, verifyInclusion } from './verify';

const entry = (i: number) => Buffer.from(`event-${i}`);

function treeOf(n: number, store: NodeStore = new MemoryNodeStore()): MerkleTree {
  const tree = new MerkleTree({ store });
  for (let i = 0; i < n; i++) tree.appendLeaf(entry(i));
  return tree;
}

/** Counts the store traffic, to pin down the cost of each operation. */
class CountingStore implements NodeStore {
  gets = 0;
  puts = 0;
  constructor(private readonly inner: NodeStore = new MemoryNodeStore()) {}
  get(level: number, index: number): Hash | undefined {
    this.gets++;
    return this.inner.get(level, index);
  }
  put(level: number, index: number, hash: Hash): void {
    this.puts++;
    this.inner.put(level, index, hash);
  }
  reset(): void {
    this.gets = 0;
    this.puts = 0;
  }
}

const bitLength = (n: number) => n.toString(2).length;
const popcount = (n: number) => n.toString(2).replace(/0/g, '').length;

describe('MerkleTree', () => {
  it('starts empty', () => {
    const tree = new MerkleTree();
    expect(tree.size).toBe(0);
    expect(hashEquals(tree.root(), emptyRoot())).toBe(true);
    expect(hashEquals(tree.root(0), emptyRoot())).toBe(true);
    expect(tree.consistencyProof(0, 0)).toEqual([]);
    expect(() => tree.inclusionProof(0, 0)).toThrow(MerkleTreeError);
    expect(() => tree.root(1)).toThrow(MerkleTreeError);
  });

  it('appends leaves by hash or by bytes and returns their index', () => {
    const tree = new MerkleTree();
    expect(tree.append(leafHash(entry(0)))).toBe(0);
    expect(tree.appendLeaf(entry(1))).toBe(1);
    expect(tree.size).toBe(2);
    expect(hashEquals(tree.leafHashAt(1), leafHash(entry(1)))).toBe(true);
    expect(() => tree.leafHashAt(2)).toThrow(MerkleTreeError);
  });

  it('refuses a leaf hash that is not 32 bytes', () => {
    const tree = new MerkleTree();
    expect(() => tree.append(new Uint8Array(31))).toThrow(MerkleTreeError);
    expect(() => tree.append(Buffer.from('not a hash'))).toThrow(MerkleTreeError);
    expect(tree.size).toBe(0);
  });

  it('copies the hashes it is given', () => {
    const tree = new MerkleTree();
    const h = new Uint8Array(leafHash(entry(0)));
    tree.append(h);
    const root = toHex(tree.root());
    h.fill(0);
    expect(toHex(tree.root())).toBe(root);
    expect(toHex(tree.leafHashAt(0))).toBe(toHex(leafHash(entry(0))));
  });

  it('hands out copies: mutating a returned hash changes nothing in the tree', () => {
    const tree = treeOf(8);
    const root = toHex(tree.root());
    const proof = toHex(tree.inclusionProof(3)[0]!);
    tree.root().fill(0);
    tree.root(4).fill(0);
    tree.leafHashAt(2).fill(0);
    tree.inclusionProof(3).forEach((h) => h.fill(0));
    tree.consistencyProof(3).forEach((h) => h.fill(0));
    expect(toHex(tree.root())).toBe(root);
    expect(toHex(tree.inclusionProof(3)[0]!)).toBe(proof);
    expect(verifyInclusion(tree.leafHashAt(2), 2, 8, tree.inclusionProof(2), tree.root())).toBe(
      true,
    );
  });

  it('refuses sizes, indices and ranges it does not have', () => {
    const tree = treeOf(10);
    expect(() => tree.root(11)).toThrow(MerkleTreeError);
    expect(() => tree.root(-1)).toThrow(MerkleTreeError);
    expect(() => tree.root(2.5)).toThrow(MerkleTreeError);
    expect(() => tree.inclusionProof(10)).toThrow(MerkleTreeError);
    expect(() => tree.inclusionProof(5, 5)).toThrow(MerkleTreeError);
    expect(() => tree.inclusionProof(0, 11)).toThrow(MerkleTreeError);
    expect(() => tree.inclusionProof(-1, 5)).toThrow(MerkleTreeError);
    expect(() => tree.consistencyProof(6, 5)).toThrow(MerkleTreeError);
    expect(() => tree.consistencyProof(5, 11)).toThrow(MerkleTreeError);
    expect(() => tree.consistencyProof(-1, 5)).toThrow(MerkleTreeError);
  });

  it('proves a prefix of size 0 with an empty proof', () => {
    const tree = treeOf(5);
    expect(tree.consistencyProof(0)).toEqual([]);
    expect(verifyConsistency(0, 5, [], emptyRoot(), tree.root())).toBe(true);
  });

  it('proves with defaults: the current size', () => {
    const tree = treeOf(21);
    expect(verifyInclusion(tree.leafHashAt(7), 7, 21, tree.inclusionProof(7), tree.root())).toBe(
      true,
    );
    expect(verifyConsistency(13, 21, tree.consistencyProof(13), tree.root(13), tree.root())).toBe(
      true,
    );
  });

  it('stores each complete subtree once: 2n - popcount(n) nodes, nothing incomplete', () => {
    for (const n of [1, 2, 3, 7, 8, 100, 1000]) {
      const store = new MemoryNodeStore();
      treeOf(n, store);
      expect(store.nodeCount).toBe(2 * n - popcount(n));
    }
    const store = new MemoryNodeStore();
    treeOf(7, store);
    expect(store.get(1, 3)).toBeUndefined(); // Leaves 6 and 7: incomplete at size 7.
    expect(store.get(2, 1)).toBeUndefined();
    expect(store.get(0, 6)).toBeDefined();
  });

  it('never rewrites a node: every put is a new (level, index)', () => {
    const seen = new Set<string>();
    const store: NodeStore = {
      get: () => undefined,
      put: (level, index) => {
        const key = `${level}/${index}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      },
    };
    treeOf(300, store);
    expect(seen.size).toBe(2 * 300 - popcount(300));
  });

  describe('reopened on a persisted store', () => {
    it('has the same roots and proofs, and keeps growing identically', () => {
      const store = new MemoryNodeStore();
      const original = treeOf(1000, store);
      const reopened = new MerkleTree({ store, size: 1000 });
      expect(reopened.size).toBe(1000);
      expect(toHex(reopened.root())).toBe(toHex(original.root()));
      expect(toHex(reopened.root(617))).toBe(toHex(original.root(617)));
      expect(reopened.inclusionProof(613, 999).map(toHex)).toEqual(
        original.inclusionProof(613, 999).map(toHex),
      );
      const fresh = treeOf(1000);
      for (let i = 1000; i < 1100; i++) {
        reopened.appendLeaf(entry(i));
        fresh.appendLeaf(entry(i));
        expect(toHex(reopened.root())).toBe(toHex(fresh.root()));
      }
      expect(reopened.consistencyProof(1000, 1100).map(toHex)).toEqual(
        fresh.consistencyProof(1000, 1100).map(toHex),
      );
    });

    it('reads only the complete subtrees of its size to reopen', () => {
      const store = new CountingStore();
      treeOf(1000, store);
      store.reset();
      new MerkleTree({ store, size: 1000 });
      expect(store.gets).toBe(popcount(1000));
    });

    it('fails loudly on a store that lacks a node', () => {
      const store = new MemoryNodeStore();
      treeOf(6, store);
      expect(() => new MerkleTree({ store, size: 7 })).toThrow(MerkleTreeError);
      const sparse: NodeStore = { get: () => undefined, put: () => undefined };
      expect(() => new MerkleTree({ store: sparse, size: 1 })).toThrow(/no valid hash/);
      const tree = new MerkleTree({ store: { ...sparse, get: () => new Uint8Array(3) } });
      expect(tree.size).toBe(0);
      expect(() => new MerkleTree({ size: -1 })).toThrow(MerkleTreeError);
      expect(() => new MerkleTree({ size: 2 ** 53 })).toThrow(MerkleTreeError);
    });
  });

  it('is unchanged when the store fails during an append, and can retry', () => {
    const inner = new MemoryNodeStore();
    let failAt = -1;
    let puts = 0;
    const store: NodeStore = {
      get: (level, index) => inner.get(level, index),
      put: (level, index, hash) => {
        if (puts++ === failAt) throw new Error('disk full');
        inner.put(level, index, hash);
      },
    };
    const tree = treeOf(7, store);
    const before = toHex(tree.root());
    failAt = puts + 2; // Leaf 7 completes (1,3), (2,1), (3,0): fail on the third write.
    expect(() => tree.appendLeaf(entry(7))).toThrow('disk full');
    expect(tree.size).toBe(7);
    expect(toHex(tree.root())).toBe(before);
    expect(tree.appendLeaf(entry(7))).toBe(7);
    expect(toHex(tree.root())).toBe(toHex(treeOf(8).root()));
    expect(toHex(tree.root(7))).toBe(before);
  });

  describe('cost, counted in store reads and writes', () => {
    const n = 5000;
    const store = new CountingStore();
    const tree = new MerkleTree({ store });

    it('append: no reads, 2 writes on average, at most log2(n) + 1', () => {
      let maxPuts = 0;
      for (let i = 0; i < n; i++) {
        const before = store.puts;
        tree.appendLeaf(entry(i));
        maxPuts = Math.max(maxPuts, store.puts - before);
      }
      expect(store.gets).toBe(0);
      expect(store.puts).toBe(2 * n - popcount(n));
      expect(maxPuts).toBeLessThanOrEqual(bitLength(n));
      store.reset();
      tree.root();
      expect(store.gets).toBe(0);
    });

    it('root(size), inclusionProof, consistencyProof: O(log n) reads', () => {
      let worstRoot = 0;
      let worstInclusion = 0;
      let worstConsistency = 0;
      for (let size = 1; size <= n; size += 7) {
        store.reset();
        tree.root(size);
        worstRoot = Math.max(worstRoot, store.gets);
        for (const index of [0, Math.floor(size / 3), size - 1]) {
          store.reset();
          tree.inclusionProof(index, size);
          worstInclusion = Math.max(worstInclusion, store.gets);
        }
        for (const from of [1, Math.floor(size / 2) + 1, size - 1].filter((m) => m > 0)) {
          store.reset();
          tree.consistencyProof(from, size);
          worstConsistency = Math.max(worstConsistency, store.gets);
        }
      }
      const log = bitLength(n); // 13
      expect(worstRoot).toBeLessThanOrEqual(log);
      expect(worstInclusion).toBeLessThanOrEqual(2 * log);
      expect(worstConsistency).toBeLessThanOrEqual(2 * log + 1);
    });
  });
});
