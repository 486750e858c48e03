import { EVENT_TYPES, type EventType, isEventType, type Party, PARTIES } from '../event-catalogue';
import { boundedText, Field, oneOf, pattern, plainObject, type Rule, timestamp } from './rules';

/**
 * The envelope of events.md as accepted on input (HTTP or NDJSON import). `data` is checked here
 * only for being an object; its DTO class depends on `type` (see `DATA_DTO_BY_TYPE`).
 */

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** `must be one of the 30 event types of events.md (EngagementContracted, …)`, with a hint. */
export function eventTypeReason(value: unknown): string {
  const list = `${EVENT_TYPES.slice(0, 3).join(', ')}, …, ${EVENT_TYPES[EVENT_TYPES.length - 1]}`;
  const base = `must be one of the ${EVENT_TYPES.length} event types of events.md (${list})`;
  if (typeof value !== 'string') return base;
  const folded = value.replace(/[\s_-]/g, '').toLowerCase();
  const near = EVENT_TYPES.find((t) => t.toLowerCase() === folded);
  return near === undefined ? base : `${base}; did you mean ${near}?`;
}

const eventType: Rule = {
  name: 'onusEventType',
  test: (v) => (isEventType(v) ? undefined : eventTypeReason(v)),
};

const revision: Rule = {
  name: 'onusRevision',
  test: (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= -1
      ? undefined
      : 'must be an integer of at least -1',
};

export class EnvelopeDto {
  /** Idempotency key: a UUID of any version, either case (normalised to lower case). */
  @Field(pattern('Uuid', UUID, 'must be a UUID'), 'optional') id?: string;
  @Field(eventType) type!: EventType;
  @Field(
    pattern(
      'EngagementId',
      /^[A-Za-z0-9._-]{1,64}$/,
      'must be 1 to 64 characters among A-Z a-z 0-9 . _ -',
    ),
  )
  engagementId!: string;
  /** Whether it may be given at all is the caller's decision (operator import only). */
  @Field(oneOf(PARTIES), 'optional') party?: Party;
  @Field(boundedText(200)) actor!: string;
  @Field(timestamp) occurredAt!: string;
  /** Whether it may be given at all is the caller's decision (operator import only). */
  @Field(timestamp, 'optional') recordedAt?: string;
  /** Optimistic concurrency: the stream revision the caller expects, -1 for a new stream. */
  @Field(revision, 'optional') expectedRevision?: number;
  @Field(plainObject) data!: Record<string, unknown>;
}

/** The fields an envelope may carry on input. */
export const INPUT_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'type',
  'engagementId',
  'party',
  'actor',
  'occurredAt',
  'recordedAt',
  'data',
  'expectedRevision',
]);

/** Fields of a stored event that only the ledger sets. */
export const LEDGER_FIELDS: ReadonlySet<string> = new Set([
  'stream',
  'revision',
  'position',
  'prevHash',
  'hash',
  'effectiveAt',
  'lateRecorded',
]);
