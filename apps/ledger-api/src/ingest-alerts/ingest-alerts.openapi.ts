import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export const INGEST_BODY_SCHEMA: SchemaObject = {
  oneOf: [
    {
      type: 'string',
      description: 'application/x-ndjson: one record per line (OCSF also: a JSON array or object)',
    },
    { type: 'object', description: 'application/json: one record', additionalProperties: true },
    { type: 'array', description: 'application/json: records', items: { type: 'object' } },
  ],
};

export const INGEST_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    engagementId: { type: 'string' },
    source: { type: 'string', enum: ['suricata', 'ocsf', 'wazuh'] },
    records: { type: 'integer', description: 'records read' },
    appended: { type: 'integer', description: 'alerts appended' },
    duplicates: { type: 'integer', description: 'records whose alert was already in the ledger' },
    skipped: { type: 'integer', description: 'records of other kinds (Suricata dns, flow, …)' },
    skippedByType: { type: 'object', additionalProperties: { type: 'integer' } },
    rejected: { type: 'integer' },
    results: {
      type: 'array',
      description: 'one per record, in input order',
      items: {
        type: 'object',
        properties: {
          line: { type: 'integer', description: 'NDJSON: the line (1-based)' },
          index: { type: 'integer', description: 'JSON: the index in the array (0-based)' },
          outcome: { type: 'string', enum: ['appended', 'duplicate', 'skipped', 'rejected'] },
          alertId: { type: 'string', example: 'suricata:1f0c…' },
          eventId: { type: 'string', format: 'uuid' },
          position: { type: 'integer' },
          type: { type: 'string', description: 'skipped: the record type' },
          status: { type: 'integer', description: 'rejected: the HTTP status it would have' },
          rule: {
            type: 'string',
            example: 'UNKNOWN_SEVERITY',
            description:
              'INVALID_JSON, NOT_A_RECORD, MISSING_FIELD, MISSING_TIME, INVALID_TIME, UNKNOWN_SEVERITY, WRONG_CLASS, INVALID_EVENT, or a consistency rule',
          },
          message: { type: 'string' },
          details: {
            type: 'array',
            items: {
              type: 'object',
              properties: { path: { type: 'string' }, reason: { type: 'string' } },
            },
          },
        },
      },
    },
  },
};
