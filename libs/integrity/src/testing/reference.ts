/**
 * A deliberately naive reference Merkle tree, written straight from the definitions of
 * RFC 6962 §2.1 (MTH, PATH, PROOF/SUBPROOF) by recursion over the list of entries. O(n) per
 * call; used only to check the incremental tree. It shares nothing with the library but
 * SHA-256: its own hashing, its own split point.
 */
import { createHash } from 'node:crypto';

function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
}

/** k: the largest power of two smaller than n (n > 1). */
export function refSplit(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * MTH, PATH and PROOF over a fixed list of entries (leaf inputs), each applied to a prefix
 * `D[0:n]`. Subtree hashes are memoised by leaf range (a cache, not a different algorithm), so
 * that checking thousands of proofs stays fast.
 */
export class ReferenceTree {
  private readonly memo = new Map<string, Buffer>();

  constructor(private readonly entries: readonly Uint8Array[]) {}

  /** MTH(D[0:n]). */
  root(n: number): Buffer {
    return this.mth(0, n);
  }

  /** PATH(m, D[0:n]): the audit path of entry m. */
  inclusionProof(m: number, n: number): Buffer[] {
    return this.path(m, 0, n);
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true), 0 < m <= n. */
  consistencyProof(m: number, n: number): Buffer[] {
    return this.subproof(m, 0, n, true);
  }

  /** MTH(D[begin:end]). */
  private mth(begin: number, end: number): Buffer {
    const key = `${begin},${end}`;
    const cached = this.memo.get(key);
    if (cached) return cached;
    const n = end - begin;
    let h: Buffer;
    if (n === 0) h = sha256();
    else if (n === 1) h = sha256(Buffer.from([0x00]), this.entries[begin]!);
    else {
      const k = refSplit(n);
      h = sha256(Buffer.from([0x01]), this.mth(begin, begin + k), this.mth(begin + k, end));
    }
    this.memo.set(key, h);
    return h;
  }

  /** PATH(m, D[begin:end]), m relative to begin. */
  private path(m: number, begin: number, end: number): Buffer[] {
    const n = end - begin;
    if (n === 1 && m === 0) return [];
    const k = refSplit(n);
    if (m < k) return [...this.path(m, begin, begin + k), this.mth(begin + k, end)];
    return [...this.path(m - k, begin + k, end), this.mth(begin, begin + k)];
  }

  /** SUBPROOF(m, D[begin:end], b), m relative to begin. */
  private subproof(m: number, begin: number, end: number, b: boolean): Buffer[] {
    const n = end - begin;
    if (m === n) return b ? [] : [this.mth(begin, end)];
    const k = refSplit(n);
    if (m <= k) return [...this.subproof(m, begin, begin + k, b), this.mth(begin + k, end)];
    return [...this.subproof(m - k, begin + k, end, false), this.mth(begin, begin + k)];
  }
}

// --- The same recursions over sizes only, in BigInt: an oracle for index arithmetic beyond
// 2^32 (no tree that large can be built in a test). ---

function refSplitBig(n: bigint): bigint {
  let k = 1n;
  while (k * 2n < n) k *= 2n;
  return k;
}

/** A leaf range [begin, end): what one proof hash is the MTH of. */
export type BigRange = readonly [begin: bigint, end: bigint];

/** The leaf ranges whose MTHs make up PATH(m, D[0:n]), in proof order. */
export function refInclusionRanges(m: bigint, n: bigint, offset = 0n): BigRange[] {
  if (n === 1n) return [];
  const k = refSplitBig(n);
  if (m < k) {
    return [...refInclusionRanges(m, k, offset), [offset + k, offset + n]];
  }
  return [...refInclusionRanges(m - k, n - k, offset + k), [offset, offset + k]];
}

/** The leaf ranges whose MTHs make up PROOF(m, D[0:n]), in proof order. */
export function refConsistencyRanges(m: bigint, n: bigint): BigRange[] {
  const sub = (m: bigint, n: bigint, b: boolean, offset: bigint): BigRange[] => {
    if (m === n) return b ? [] : [[offset, offset + n]];
    const k = refSplitBig(n);
    if (m <= k) return [...sub(m, k, b, offset), [offset + k, offset + n]];
    return [...sub(m - k, n - k, false, offset + k), [offset, offset + k]];
  };
  return sub(m, n, true, 0n);
}

/**
 * The root an inclusion proof implies, by the PATH recursion (not the RFC 9162 bit-walk the
 * library uses): MTH = H(left, right) with the proof supplying the sibling at each split.
 * Undefined if the proof has the wrong length.
 */
export function refRootFromPath(
  m: bigint,
  n: bigint,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer | undefined {
  if (n === 1n) return proof.length === 0 ? Buffer.from(leafHash) : undefined;
  const sibling = proof[proof.length - 1];
  if (sibling === undefined) return undefined;
  const rest = proof.slice(0, -1);
  const k = refSplitBig(n);
  if (m < k) {
    const left = refRootFromPath(m, k, leafHash, rest);
    return left && sha256(Buffer.from([0x01]), left, sibling);
  }
  const right = refRootFromPath(m - k, n - k, leafHash, rest);
  return right && sha256(Buffer.from([0x01]), sibling, right);
}

/**
 * The (old root, new root) a consistency proof implies, by the SUBPROOF recursion, given the
 * old root (which the proof omits when the old tree is a complete left subtree at b = true).
 * Undefined if the proof has the wrong length.
 */
export function refRootsFromConsistency(
  m: bigint,
  n: bigint,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
): [Buffer, Buffer] | undefined {
  const sub = (
    m: bigint,
    n: bigint,
    b: boolean,
    proof: readonly Uint8Array[],
  ): [Buffer, Buffer] | undefined => {
    if (m === n) {
      if (b) return proof.length === 0 ? [Buffer.from(oldRoot), Buffer.from(oldRoot)] : undefined;
      const only = proof[0];
      return proof.length === 1 && only ? [Buffer.from(only), Buffer.from(only)] : undefined;
    }
    const sibling = proof[proof.length - 1];
    if (sibling === undefined) return undefined;
    const rest = proof.slice(0, -1);
    const k = refSplitBig(n);
    const node = (l: Uint8Array, r: Uint8Array) => sha256(Buffer.from([0x01]), l, r);
    if (m <= k) {
      const inner = sub(m, k, b, rest);
      return inner && [inner[0], node(inner[1], sibling)];
    }
    const inner = sub(m - k, n - k, false, rest);
    return inner && [node(sibling, inner[0]), node(sibling, inner[1])];
  };
  return sub(m, n, true, proof);
}
