import {
  type EvidenceReach,
  type EvidenceSelection,
  type LedgerEvent,
  type Verdict,
} from '@onus/domain';

/** The bundle format's name and version; a verifier refuses any other. */
export const BUNDLE_FORMAT = 'onus-evidence-bundle/1';

/** The notary's public key as the bundle carries it (what `GET /v1/keys` serves). */
export interface BundleKey {
  readonly name: string;
  /** The 4-byte key ID, hex. */
  readonly keyId: string;
  /** The raw Ed25519 public key, base64. */
  readonly publicKey: string;
  /** `<name>+<hex key ID>+<base64(0x01 || public key)>`: what `--key` pins. */
  readonly verifierKey: string;
  readonly algorithm: 'Ed25519';
}

export interface BundledEvent {
  /** The stored envelope, whole. */
  readonly event: LedgerEvent;
  /** RFC 9162 audit path of the event's leaf (index = its position) in the checkpoint's tree, hex. */
  readonly inclusionProof: readonly string[];
}

/**
 * Everything a third party needs to check a verdict offline: the verdict, the events it rests
 * on (whole streams, each from its first event), each event's inclusion proof, the signed
 * checkpoint they are proven against, and the notary's public key.
 */
export interface EvidenceBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly engagementId: string;
  readonly incidentId: string | null;
  readonly asOf: string;
  readonly verdict: Verdict;
  readonly checkpoint: {
    readonly size: number;
    /** The RFC 6962 root hash at `size`, hex. */
    readonly rootHash: string;
    /** The C2SP signed note (tlog-checkpoint) the notary signed. */
    readonly note: string;
  };
  readonly notaryKey: BundleKey;
  /** See {@link EvidenceReach}. */
  readonly reach: EvidenceReach;
  /** Every stream bundled and how many events it had as of the checkpoint (all of them are here). */
  readonly streams: readonly { readonly stream: string; readonly events: number }[];
  /** In position order. */
  readonly events: readonly BundledEvent[];
}

export interface BundleParts {
  readonly verdict: Verdict;
  readonly selection: EvidenceSelection;
  readonly checkpoint: { readonly size: number; readonly rootHash: string; readonly note: string };
  readonly key: BundleKey;
  /** The audit path of the leaf at `position` in the tree of `checkpoint.size` leaves, hex. */
  readonly inclusionProof: (position: number) => readonly string[];
}

/** Puts a bundle together from a verdict, its evidence and the notary's proofs. */
export function assembleBundle(parts: BundleParts): EvidenceBundle {
  const { verdict, selection, checkpoint, key } = parts;
  const counts = new Map<string, number>();
  for (const event of selection.events)
    counts.set(event.stream, (counts.get(event.stream) ?? 0) + 1);
  return {
    format: BUNDLE_FORMAT,
    engagementId: verdict.engagementId,
    incidentId: verdict.incidentId,
    asOf: verdict.asOf,
    verdict,
    checkpoint: { size: checkpoint.size, rootHash: checkpoint.rootHash, note: checkpoint.note },
    notaryKey: {
      name: key.name,
      keyId: key.keyId,
      publicKey: key.publicKey,
      verifierKey: key.verifierKey,
      algorithm: key.algorithm,
    },
    reach: selection.reach,
    streams: selection.streams.map((stream) => ({ stream, events: counts.get(stream) ?? 0 })),
    events: selection.events.map((event) => ({
      event,
      inclusionProof: parts.inclusionProof(event.position),
    })),
  };
}
