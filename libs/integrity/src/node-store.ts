import { type Hash } from './hash';

/**
 * Where a {@link MerkleTree} keeps its completed subtree hashes. Node `(level, index)` covers
 * the leaves `[index * 2^level, (index + 1) * 2^level)`; it is put exactly once, when its last
 * leaf is appended, and never changes afterwards (write-once, append-only). Level 0 holds the
 * leaf hashes. A tree of n leaves stores 2n - popcount(n) nodes: no incomplete node is stored,
 * so nothing is ever rewritten.
 *
 * Synchronous, so that a durable implementation can be a table in the same SQLite database as
 * the events (better-sqlite3 is synchronous), e.g. `merkle_nodes(level, idx, hash,
 * PRIMARY KEY(level, idx))`, written in the transaction that appends the event. The tree size is
 * not kept by the store: persist it alongside (it is the event log's length) and pass it to
 * `new MerkleTree({ store, size })` when reopening.
 */
export interface NodeStore {
  /**
   * The hash of node `(level, index)`, or undefined if that node is not (yet) complete. The
   * tree copies what it reads, so an implementation may return a shared buffer.
   */
  get(level: number, index: number): Hash | undefined;
  /**
   * Store the hash of a node that has just been completed. If a write of an append failed
   * half-way, retrying the append puts the same nodes again with the same hashes: treat an
   * identical re-put as a no-op (e.g. `INSERT ... ON CONFLICT DO NOTHING`, or check).
   */
  put(level: number, index: number, hash: Hash): void;
}

/**
 * A {@link NodeStore} in memory: one array per level. For tests and small trees (bounded by
 * memory; JS arrays also stop at 2^32 - 1 elements). Hashes are copied on `put`.
 */
export class MemoryNodeStore implements NodeStore {
  private readonly levels: Buffer[][] = [];

  get(level: number, index: number): Hash | undefined {
    return this.levels[level]?.[index];
  }

  put(level: number, index: number, hash: Hash): void {
    let row = this.levels[level];
    while (row === undefined) {
      this.levels.push([]);
      row = this.levels[level];
    }
    row[index] = Buffer.from(hash);
  }

  /** How many nodes are stored (all levels). */
  get nodeCount(): number {
    let count = 0;
    for (const row of this.levels) for (const h of row) if (h !== undefined) count++;
    return count;
  }
}
