import * as crypto from 'node:crypto';
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

// The envelope's own keys in JCS order (UTF-16 code units, as `sort()` compares), each already
// serialised: only the values vary from one event to the next.
const SORTED_FIELDS = [...HASHED_FIELDS].sort();
const FIELD_PREFIXES = SORTED_FIELDS.map((field) => `${JSON.stringify(field)}:`);

/**
 * RFC 8785 (JCS) canonical JSON of the hashed fields: the bytes a verifier recomputes. The same
 * text as `canonicalize` gives for the picked object (a test holds them equal); the outer object
 * is written here in its fixed key order, each value by the library.
 */
export function canonicalBytes(envelope: HashedEnvelope): string {
  let text = '';
  for (let i = 0; i < SORTED_FIELDS.length; i++) {
    const value: unknown = envelope[SORTED_FIELDS[i]!];
    // As JCS (and JSON.stringify) do: a member whose value is undefined is left out.
    if (value === undefined || typeof value === 'symbol') continue;
    // A string is what the library writes with JSON.stringify; only objects need it (data).
    const member = typeof value === 'string' ? JSON.stringify(value) : canonicalize(value);
    if (member === undefined) throw new Error('the envelope has no canonical form');
    text += `${text.length === 0 ? '{' : ','}${FIELD_PREFIXES[i]!}${member}`;
  }
  return text.length === 0 ? '{}' : `${text}}`;
}

// One-shot hashing (Node 20.12 and later) skips a Hash object per event.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 of the canonical bytes, lowercase hex. */
export function eventHash(envelope: HashedEnvelope): string {
  return sha256Hex(canonicalBytes(envelope));
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
