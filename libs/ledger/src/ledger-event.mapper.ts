import { type LedgerEvent, type RuleEvent } from '@onus/domain';
import { type JsonObject, type StoredEvent } from '@onus/event-store';

/** What the ledger keeps in the store's `data` for each event; the rest is the store's own. */
export interface StoredPayload {
  engagementId: string;
  party: string;
  actor: string;
  occurredAt: string;
  recordedAt: string;
  data: JsonObject;
  prevHash: string;
  hash: string;
  effectiveAt: string;
  lateRecorded: boolean;
}

export function toLedgerEvent(stored: StoredEvent): LedgerEvent {
  const payload = stored.data as unknown as StoredPayload;
  return {
    id: stored.id,
    type: stored.type,
    engagementId: payload.engagementId,
    party: payload.party,
    actor: payload.actor,
    occurredAt: payload.occurredAt,
    recordedAt: payload.recordedAt,
    data: payload.data,
    stream: stored.stream,
    revision: stored.revision,
    position: stored.position,
    prevHash: payload.prevHash,
    hash: payload.hash,
    effectiveAt: payload.effectiveAt,
    lateRecorded: payload.lateRecorded,
  } as LedgerEvent;
}

/**
 * What the rules read of a stored event, and no more: the hashes, the stream and the stored
 * effective time (the rules work it out again) are left out. A replay keeps hundreds of thousands
 * of these, and the two hashes alone were a quarter of what each event kept.
 */
export function toRuleEvent(stored: StoredEvent): RuleEvent {
  const payload = stored.data as unknown as StoredPayload;
  return {
    id: stored.id,
    type: stored.type,
    engagementId: payload.engagementId,
    party: payload.party,
    actor: payload.actor,
    occurredAt: payload.occurredAt,
    recordedAt: payload.recordedAt,
    data: payload.data,
    position: stored.position,
  } as RuleEvent;
}
