/**
 * Stand-alone proof verification (RFC 9162 §2.1.3.2 and §2.1.4.2): needs only hashes and sizes,
 * never a tree. Sizes and indices are numbers, exact up to 2^53 - 1; the RFC's "right-shift" is
 * `Math.floor(x / 2)` and "LSB" is `x % 2`, never a 32-bit bitwise operator.
 *
 * Stricter than the RFC text in three ways, each of which only rejects what could never verify
 * honestly: every hash (leaf, roots, proof elements) must be exactly 32 bytes; for equal sizes
 * the proof must be empty and the roots equal; a size-0 tree's root must be the empty root.
 */
import { ProofError } from './errors';
import { type Hash, emptyRoot, hashEquals, isHash, nodeHash } from './hash';
import { isPowerOfTwo, isTreeSize } from './tree-math';

/**
 * The root implied by an inclusion proof of the leaf with hash `leafHash` at `index` in a tree
 * of `size` leaves (RFC 9162 §2.1.3.2 steps 1-5 without the final comparison). Throws a
 * {@link ProofError} if the proof cannot belong to such a tree (index out of range, a proof of
 * the wrong length, a hash that is not 32 bytes).
 */
export function rootFromInclusion(
  leafHash: Hash,
  index: number,
  size: number,
  proof: readonly Hash[],
): Buffer {
  if (!isTreeSize(index) || !isTreeSize(size)) {
    throw new ProofError('Leaf index and tree size must be non-negative safe integers');
  }
  if (index >= size) {
    throw new ProofError(`Leaf index ${index} is not below tree size ${size}`);
  }
  checkHash(leafHash, 'leaf hash');
  proof.forEach((p, i) => checkHash(p, `proof[${i}]`));

  let fn = index;
  let sn = size - 1;
  let r: Buffer = nodeInput(leafHash);
  for (const p of proof) {
    if (sn === 0) {
      throw new ProofError(`Proof too long for leaf ${index} of ${size}`);
    }
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        // Skip the levels where this node is the last (and only) child of the right border.
        while (fn % 2 === 0 && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) {
    throw new ProofError(`Proof too short for leaf ${index} of ${size}`);
  }
  return r;
}

/**
 * Throws a {@link ProofError} (with the reason) unless `proof` shows that the leaf with hash
 * `leafHash` is at `index` in the tree of `size` leaves whose root is `root`.
 */
export function assertInclusion(
  leafHash: Hash,
  index: number,
  size: number,
  proof: readonly Hash[],
  root: Hash,
): void {
  checkHash(root, 'root');
  const computed = rootFromInclusion(leafHash, index, size, proof);
  if (!hashEquals(computed, root)) {
    throw new ProofError('Inclusion proof does not lead to the given root');
  }
}

/**
 * True if `proof` shows that the leaf with hash `leafHash` is at `index` in the tree of `size`
 * leaves whose root is `root` (RFC 9162 §2.1.3.2). Never throws for bad input: false.
 */
export function verifyInclusion(
  leafHash: Hash,
  index: number,
  size: number,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  return succeeds(() => assertInclusion(leafHash, index, size, proof, root));
}

/**
 * Throws a {@link ProofError} (with the reason) unless `proof` shows that the tree of `size1`
 * leaves with root `root1` is a prefix of the tree of `size2` leaves with root `root2`.
 */
export function assertConsistency(
  size1: number,
  size2: number,
  proof: readonly Hash[],
  root1: Hash,
  root2: Hash,
): void {
  if (!isTreeSize(size1) || !isTreeSize(size2)) {
    throw new ProofError('Tree sizes must be non-negative safe integers');
  }
  if (size1 > size2) {
    throw new ProofError(`Size ${size1} is larger than size ${size2}: a log only grows`);
  }
  checkHash(root1, 'root1');
  checkHash(root2, 'root2');
  proof.forEach((p, i) => checkHash(p, `proof[${i}]`));

  if (size1 === size2) {
    if (proof.length !== 0) throw new ProofError('Proof must be empty for equal sizes');
    if (!hashEquals(root1, root2)) throw new ProofError('Equal sizes but different roots');
    if (size1 === 0 && !hashEquals(root1, emptyRoot())) {
      throw new ProofError('The root of the empty tree is SHA-256 of the empty string');
    }
    return;
  }
  if (size1 === 0) {
    // Every tree extends the empty tree: there is nothing to prove, only root1 to check.
    if (proof.length !== 0) throw new ProofError('Proof must be empty from size 0');
    if (!hashEquals(root1, emptyRoot())) {
      throw new ProofError('The root of the empty tree is SHA-256 of the empty string');
    }
    return;
  }

  // RFC 9162 §2.1.4.2, 0 < size1 < size2.
  if (proof.length === 0) {
    throw new ProofError('Empty consistency proof');
  }
  const path: readonly Hash[] = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = nodeInput(path[0]!);
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) {
      throw new ProofError(`Proof too long for sizes ${size1} to ${size2}`);
    }
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) {
    throw new ProofError(`Proof too short for sizes ${size1} to ${size2}`);
  }
  if (!hashEquals(fr, root1)) {
    throw new ProofError('Consistency proof does not lead to root1');
  }
  if (!hashEquals(sr, root2)) {
    throw new ProofError('Consistency proof does not lead to root2');
  }
}

/**
 * True if `proof` shows that the tree of `size1` leaves with root `root1` is a prefix of the
 * tree of `size2` leaves with root `root2` (RFC 9162 §2.1.4.2). Never throws for bad input:
 * false. `size1 > size2` is always false.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Hash[],
  root1: Hash,
  root2: Hash,
): boolean {
  return succeeds(() => assertConsistency(size1, size2, proof, root1, root2));
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function checkHash(h: unknown, what: string): void {
  if (!isHash(h)) {
    throw new ProofError(`${what} is not a 32-byte hash`);
  }
}

function nodeInput(h: Hash): Buffer {
  return Buffer.isBuffer(h) ? h : Buffer.from(h);
}

function succeeds(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof ProofError) return false;
    throw error;
  }
}
