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
 * One copy of each name that repeats over a ledger's events (types, parties, actors, engagements):
 * the driver and `JSON.parse` make a fresh string for each row. Bounded by the distinct names.
 */
export class SharedNames {
  private readonly names = new Map<string, string>();

  of(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    this.names.set(name, name);
    return name;
  }
}

/**
 * What the rules read of a stored event, and no more: the hashes, the stream and the stored
 * effective time (the rules work it out again) are left out. A replay keeps hundreds of thousands
 * of these: the two hashes alone were a quarter of what each event kept, and the repeated names,
 * shared through `names`, another fifth of the rest.
 */
export function toRuleEvent(stored: StoredEvent, names: SharedNames): RuleEvent {
  const payload = stored.data as unknown as StoredPayload;
  return {
    id: stored.id,
    type: names.of(stored.type),
    engagementId: names.of(payload.engagementId),
    party: names.of(payload.party),
    actor: names.of(payload.actor),
    occurredAt: payload.occurredAt,
    // Mostly the same instant: one string for both.
    recordedAt: payload.recordedAt === payload.occurredAt ? payload.occurredAt : payload.recordedAt,
    data: payload.data,
    position: stored.position,
  } as RuleEvent;
}
