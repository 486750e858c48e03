/** A tree operation called with arguments the tree cannot serve, or a store missing a node. */
export class MerkleTreeError extends Error {
  override readonly name = 'MerkleTreeError';
}

/** A proof that does not verify, with the reason (thrown by `rootFromInclusion` and `assert*`). */
export class ProofError extends Error {
  override readonly name = 'ProofError';
}
