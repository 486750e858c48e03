import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { type LedgerEnvelope } from '../events/event-catalogue';

/** `prevHash` of a stream's first event. */
export const ZERO_HASH = '0'.repeat(64);

/** The fields a hash covers: the envelope as stored, without `hash`, `position` and derived fields. */
export type HashedEnvelope = LedgerEnvelope & {
  stream: string;
  revision: number;
  prevHash: string;
};

export const HASHED_FIELDS = [
  'id',
  'type',
  'engagementId',
  'party',
  'actor',
  'occurredAt',
  'recordedAt',
  'data',
  'stream',
  'revision',
  'prevHash',
] as const;

/** RFC 8785 (JCS) canonical JSON of the hashed fields: the bytes a verifier recomputes. */
export function canonicalBytes(envelope: HashedEnvelope): string {
  const picked: Record<string, unknown> = {};
  for (const field of HASHED_FIELDS) picked[field] = envelope[field];
  const text = canonicalize(picked);
  if (text === undefined) throw new Error('the envelope has no canonical form');
  return text;
}

/** SHA-256 of the canonical bytes, lowercase hex. */
export function eventHash(envelope: HashedEnvelope): string {
  return createHash('sha256').update(canonicalBytes(envelope), 'utf8').digest('hex');
}

export interface ChainBreak {
  readonly revision: number;
  readonly reason: string;
}

/** Checks one stream's events, in revision order: each hash right, each link to the one before. */
export function verifyChain(
  events: Iterable<HashedEnvelope & { hash: string }>,
): ChainBreak | undefined {
  let expectedPrev = ZERO_HASH;
  let expectedRevision = 0;
  for (const event of events) {
    if (event.revision !== expectedRevision) {
      return {
        revision: event.revision,
        reason: `revision ${event.revision} where ${expectedRevision} was expected`,
      };
    }
    if (event.prevHash !== expectedPrev) {
      return { revision: event.revision, reason: 'prevHash does not match the previous event' };
    }
    if (eventHash(event) !== event.hash) {
      return { revision: event.revision, reason: 'hash does not match the event' };
    }
    expectedPrev = event.hash;
    expectedRevision++;
  }
  return undefined;
}
