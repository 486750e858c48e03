import { createHash } from 'node:crypto';
import { type EventData, jsonEvent, type RecordedEvent } from '@eventstore/db-client';
import { type EventToAppend, type JsonObject } from '../event-store.port';

/**
 * How a port event is written to EventStoreDB and read back.
 *
 * - ESDB event id: ESDB needs a UUID. A port id that already is a canonical lowercase UUID is
 *   used as is; any other id gets a deterministic UUID v5-style id derived from it (SHA-1 over a
 *   fixed Onus namespace + the id), so a retry of the same port id maps to the same ESDB id.
 * - ESDB event metadata (JSON): `{ "id": <port id>, "recordedAt": <ms since the epoch> }`. The
 *   port id is always kept there, so reads give back the id exactly as the caller wrote it.
 * - ESDB event type and data: the port type and data, as JSON.
 */

/** Never change: existing ledgers hold ids derived from it. */
const ONUS_ID_NAMESPACE = Buffer.from(
  '6f6e7573-6c65-4467-a865-722d69647321'.replace(/-/g, ''),
  'hex',
);
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function esdbEventId(portId: string): string {
  if (CANONICAL_UUID.test(portId)) return portId;
  const bytes = createHash('sha1')
    .update(ONUS_ID_NAMESPACE)
    .update(portId, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface OnusMetadata {
  readonly id: string;
  readonly recordedAt: number;
}

export function encodeEvent(event: EventToAppend, recordedAt: number): EventData {
  const metadata: OnusMetadata = { id: event.id, recordedAt };
  return jsonEvent({ id: esdbEventId(event.id), type: event.type, data: event.data, metadata });
}

/** A ledger event as read back, without its dense position (the index knows that). */
export interface DecodedEvent {
  readonly id: string;
  /** The port stream name: the ESDB stream name without the prefix. */
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: JsonObject;
  readonly recordedAt: number;
}

/**
 * `streamPrefix` must have been checked to begin `event.streamId`. An event some other writer put
 * into a ledger stream without Onus metadata still decodes: its ESDB id and `created` time stand in.
 */
export function decodeEvent(event: RecordedEvent, streamPrefix: string): DecodedEvent {
  if (
    !event.isJson ||
    typeof event.data !== 'object' ||
    event.data === null ||
    Array.isArray(event.data)
  ) {
    throw new Error(
      `esdb: event ${event.id} in ${event.streamId} is not a JSON object; not an Onus event`,
    );
  }
  const metadata = readMetadata(event.metadata);
  return {
    id: metadata?.id ?? event.id,
    stream: event.streamId.slice(streamPrefix.length),
    revision: Number(event.revision),
    type: event.type,
    data: event.data as JsonObject,
    recordedAt: metadata?.recordedAt ?? event.created.getTime(),
  };
}

/** Only what the index needs, without parsing more than the metadata. */
export function decodeIdentity(event: RecordedEvent): { id: string; recordedAt: number } {
  const metadata = readMetadata(event.metadata);
  return {
    id: metadata?.id ?? event.id,
    recordedAt: metadata?.recordedAt ?? event.created.getTime(),
  };
}

function readMetadata(metadata: unknown): OnusMetadata | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { id, recordedAt } = metadata as Partial<Record<keyof OnusMetadata, unknown>>;
  if (typeof id !== 'string' || typeof recordedAt !== 'number') return undefined;
  return { id, recordedAt };
}
