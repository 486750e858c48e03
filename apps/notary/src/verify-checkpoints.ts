import { type EventStore } from '@onus/event-store';
import { hashEquals, leafHash, MerkleTree, verifyConsistency } from '@onus/integrity';
import { type NoteVerifier, openCheckpoint } from '@onus/integrity';
import { ledgerLeaf } from './notary';
import { type StoredCheckpoint } from './sqlite-node-store';

export interface CheckpointReport {
  readonly checkpoints: number;
  /** False when no key was at hand: roots and consistency were checked, signatures were not. */
  readonly signaturesChecked: boolean;
  /** The first bad checkpoint, by size. */
  readonly problem?: { readonly size: number; readonly reason: string };
}

/**
 * Every checkpoint against the tree recomputed from the log: its signature (with `verifier`),
 * its note against the stored row, its root against the recomputed root at its size, and each
 * one's consistency with the one before. Reads the log once, keeping the tree in memory.
 */
export async function verifyCheckpoints(
  store: EventStore,
  stored: readonly StoredCheckpoint[],
  verifier?: NoteVerifier,
): Promise<CheckpointReport> {
  const checkpoints = [...stored].sort((a, b) => a.size - b.size);
  const base = { checkpoints: checkpoints.length, signaturesChecked: verifier !== undefined };
  const roots: Buffer[] = [];
  for (const checkpoint of checkpoints) {
    if (verifier) {
      try {
        const note = openCheckpoint(checkpoint.note, verifier);
        if (note.size !== checkpoint.size || !hashEquals(note.root, checkpoint.root)) {
          return {
            ...base,
            problem: {
              size: checkpoint.size,
              reason: 'the signed note and the stored checkpoint disagree',
            },
          };
        }
      } catch (error) {
        return {
          ...base,
          problem: {
            size: checkpoint.size,
            reason: `the signature does not verify: ${(error as Error).message}`,
          },
        };
      }
    }
    roots.push(checkpoint.root);
  }

  const tree = new MerkleTree();
  let next = 0;
  const check = (): CheckpointReport | undefined => {
    while (next < checkpoints.length && checkpoints[next]!.size === tree.size) {
      const checkpoint = checkpoints[next]!;
      if (!hashEquals(tree.root(), checkpoint.root)) {
        return {
          ...base,
          problem: {
            size: checkpoint.size,
            reason: 'its root is not the root of the log at that size',
          },
        };
      }
      if (next > 0) {
        const previous = checkpoints[next - 1]!;
        const proof = tree.consistencyProof(previous.size, checkpoint.size);
        if (
          !verifyConsistency(
            previous.size,
            checkpoint.size,
            proof,
            roots[next - 1]!,
            checkpoint.root,
          )
        ) {
          return {
            ...base,
            problem: {
              size: checkpoint.size,
              reason: `it is not consistent with the checkpoint at size ${previous.size}`,
            },
          };
        }
      }
      next++;
    }
    return undefined;
  };
  const atStart = check();
  if (atStart) return atStart;
  for await (const event of store.readAll()) {
    if (next >= checkpoints.length) break;
    tree.append(leafHash(ledgerLeaf(event)));
    const problem = check();
    if (problem) return problem;
  }
  if (next < checkpoints.length) {
    return {
      ...base,
      problem: { size: checkpoints[next]!.size, reason: `the log has only ${tree.size} events` },
    };
  }
  return base;
}
