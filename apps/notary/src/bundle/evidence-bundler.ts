import { computeVerdict, selectEvidence } from '@onus/domain';
import { assembleBundle, type EvidenceBundle } from '@onus/evidence';
import { type EngagementEnvelopeSource, NotFoundError } from '@onus/ledger';
import { type Notary } from '../notary';

export class BundleRangeError extends Error {
  override readonly name = 'BundleRangeError';
}

/**
 * Makes evidence bundles: seals the log in a checkpoint (a fresh one if the latest does not cover
 * the head), computes the verdict from the engagement's events in that checkpoint, picks the
 * streams that let the rules give it again, and proves each of their events against the
 * checkpoint. The same for `onus bundle` and `GET /v1/engagements/{id}/bundle`.
 */
export class EvidenceBundler {
  constructor(
    private readonly notary: Notary,
    private readonly source: EngagementEnvelopeSource,
  ) {}

  async bundle(
    engagementId: string,
    options: { incidentId?: string; asOf?: number } = {},
  ): Promise<EvidenceBundle> {
    const checkpoint = await this.notary.publishNow();
    // By default the verdict speaks as of the moment the evidence was sealed; a verdict for a
    // later time could rest on events the checkpoint does not hold.
    const asOf = options.asOf ?? checkpoint.timeMs;
    if (asOf > checkpoint.timeMs) {
      throw new BundleRangeError(
        `asOf must not be after ${new Date(checkpoint.timeMs).toISOString()}, the time of the checkpoint the evidence is proven against`,
      );
    }
    const events = (await this.source.envelopesOf(engagementId)).filter(
      (event) => event.position < checkpoint.size,
    );
    const outcome = computeVerdict(engagementId, events, {
      asOf,
      ...(options.incidentId === undefined ? {} : { incidentId: options.incidentId }),
    });
    if (!outcome.ok) throw new NotFoundError(outcome.reason, outcome.message);
    const key = this.notary.publicKey();
    return assembleBundle({
      verdict: outcome.verdict,
      selection: selectEvidence(outcome.verdict, events),
      checkpoint: {
        size: checkpoint.size,
        rootHash: checkpoint.root.toString('hex'),
        note: checkpoint.note,
      },
      key,
      inclusionProof: (position) => this.notary.inclusion(position, checkpoint.size).proof,
    });
  }
}
