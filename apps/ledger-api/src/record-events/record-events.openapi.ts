import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { EVENT_TYPES, PARTIES } from '@onus/domain';

const timestamp: SchemaObject = {
  type: 'string',
  format: 'date-time',
  description: 'ISO-8601 with a time zone; stored as UTC with milliseconds',
  example: '2023-12-23T19:40:00.000Z',
};

/** The envelope on the way in (events.md); `data` is described per type in events.md. */
export const ENVELOPE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'engagementId', 'actor', 'occurredAt', 'data'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid', description: 'idempotency key; generated when absent' },
    type: { type: 'string', enum: [...EVENT_TYPES] },
    engagementId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' },
    party: {
      type: 'string',
      enum: [...PARTIES],
      description: 'must equal the caller’s party when given',
    },
    actor: { type: 'string', minLength: 1, maxLength: 200, example: 'jack@mssp.example' },
    occurredAt: timestamp,
    expectedRevision: {
      type: 'integer',
      minimum: -1,
      description: 'the stream revision you expect; 409 otherwise',
    },
    data: {
      type: 'object',
      additionalProperties: true,
      description: 'type-specific fields (events.md); unknown fields are kept',
    },
  },
};

export const RECORD_EVENTS_BODY_SCHEMA: SchemaObject = {
  oneOf: [
    ENVELOPE_SCHEMA,
    {
      type: 'object',
      required: ['events'],
      additionalProperties: false,
      properties: { events: { type: 'array', minItems: 1, items: ENVELOPE_SCHEMA } },
    },
  ],
};

export const STORED_EVENT_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    ...ENVELOPE_SCHEMA.properties,
    party: { type: 'string', enum: [...PARTIES] },
    recordedAt: { ...timestamp, description: 'when the ledger accepted it' },
    stream: { type: 'string', example: 'eng-bank/alert/a-4711' },
    revision: { type: 'integer', minimum: 0 },
    position: { type: 'integer', minimum: 0 },
    prevHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    hash: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'SHA-256 of the RFC 8785 canonical envelope',
    },
    effectiveAt: { ...timestamp, description: 'occurredAt, or recordedAt when recorded late' },
    lateRecorded: { type: 'boolean' },
  },
};

export const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    rule: { type: 'string', description: 'the consistency rule that refused the event' },
    currentRevision: { type: 'integer', description: 'with a stale expectedRevision' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};
