import { Body, Controller, HttpStatus, Inject, Param, Post, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiBearerAuth,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
import {
  INGEST_SOURCES,
  IngestSetupError,
  type IngestResult,
  ingestRecords,
  isIngestSource,
  jsonTextRecords,
  ndjsonTextRecords,
  reportOf,
  type SourceRecord,
  severityTablesOf,
} from '@onus/ingest';
import { Recorder } from '@onus/ledger';
import type { FastifyReply } from 'fastify';
import { Access } from '../../../../src/http/access/access-rule';
import { ApiError, errorBody } from '../../../../src/http/error-body';
import { ERROR_SCHEMA } from '../record-events/record-events.openapi';
import { INGEST_BODY_SCHEMA, INGEST_RESPONSE_SCHEMA } from './ingest-alerts.openapi';

const ENGAGEMENT_ID = /^[A-Za-z0-9._-]{1,64}$/;

@ApiTags('ingest')
@ApiBearerAuth()
@Controller('v1/engagements/:engagementId/ingest/:source')
export class IngestAlertsHttpController {
  constructor(
    private readonly recorder: Recorder,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  // The MSSP's own alerts, so only its recorders of the engagement; an operator ingests with
  // `onus ingest` on the host.
  @Access({ roles: ['recorder'], parties: ['mssp'], engagement: { param: 'engagementId' } })
  @ApiOperation({
    summary: "Record alerts in a source's native format as the MSSP's AlertRaised events",
    description:
      'Suricata EVE JSON, OCSF Detection Findings (class_uid 2004) or Wazuh alerts. Send NDJSON ' +
      '(`application/x-ndjson`, one record per line; for OCSF also a JSON array or object) or JSON ' +
      '(`application/json`: one record or an array of records), at most 1 MiB per request. Each record is ' +
      'mapped (docs/INGEST.md), validated and recorded like any MSSP event; a bad record is reported in ' +
      '`results` and the others go in. The same record sent again is a duplicate, not a second alert.',
  })
  @ApiParam({ name: 'engagementId', example: 'eng-smb' })
  @ApiParam({ name: 'source', enum: [...INGEST_SOURCES] })
  @ApiConsumes('application/x-ndjson', 'application/json')
  @ApiBody({ schema: INGEST_BODY_SCHEMA })
  @ApiResponse({
    status: 201,
    description: 'at least one alert appended; one result per record',
    schema: INGEST_RESPONSE_SCHEMA,
  })
  @ApiResponse({ status: 200, description: 'nothing new appended; one result per record' })
  @ApiResponse({ status: 400, description: 'no records in the body', schema: ERROR_SCHEMA })
  @ApiResponse({
    status: 403,
    description: 'the key is not an MSSP recorder key',
    schema: ERROR_SCHEMA,
  })
  @ApiResponse({
    status: 404,
    description: 'unknown source, or unknown engagement',
    schema: ERROR_SCHEMA,
  })
  @ApiResponse({
    status: 409,
    description: "the engagement's sla.severityMap is invalid",
    schema: ERROR_SCHEMA,
  })
  @ApiResponse({ status: 413, description: 'body over 1 MiB', schema: ERROR_SCHEMA })
  async ingest(
    @Param('engagementId') engagementId: string,
    @Param('source') source: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    if (!isIngestSource(source))
      throw new ApiError(
        errorBody(404, `no ingest source "${source}": one of ${INGEST_SOURCES.join(', ')}`, [
          { path: 'source', reason: `must be one of ${INGEST_SOURCES.join(', ')}` },
        ]),
      );
    if (!ENGAGEMENT_ID.test(engagementId))
      throw new ApiError(errorBody(404, `engagement ${engagementId} is not in the ledger`));
    const { records, numbering } = recordsOf(source, body);

    let severities;
    try {
      severities = await severityTablesOf(this.store, engagementId);
    } catch (error) {
      if (!(error instanceof IngestSetupError)) throw error;
      throw new ApiError({
        ...errorBody(error.status, error.message, error.details),
        rule: error.rule,
      });
    }
    const results: IngestResult[] = [];
    const summary = await ingestRecords(records, this.recorder, {
      source,
      engagementId,
      severities,
      onResult: (result) => results.push(result),
    });
    // Recorded results come per batch, after the skips and refusals read meanwhile.
    results.sort((a, b) => a.line - b.line);
    void reply.status(summary.appended > 0 ? HttpStatus.CREATED : HttpStatus.OK);
    return {
      engagementId,
      source,
      ...reportOf(summary),
      results: results.map((result) => numbered(result, numbering)),
    };
  }
}

/** NDJSON text is numbered by line; a parsed JSON body by index (0-based) in its array. */
function recordsOf(
  source: string,
  body: unknown,
): { records: Iterable<SourceRecord>; numbering: 'line' | 'index' } {
  const none = () =>
    new ApiError(
      errorBody(400, 'body: no records: send NDJSON, or a JSON record or array of records', [
        { path: 'body', reason: 'holds no records' },
      ]),
    );
  if (typeof body === 'string') {
    if (body.trim() === '') throw none();
    return {
      records: source === 'ocsf' ? jsonTextRecords(body) : ndjsonTextRecords(body),
      numbering: 'line',
    };
  }
  if (body === undefined || body === null) throw none();
  const values = Array.isArray(body) ? (body as unknown[]) : [body];
  if (values.length === 0) throw none();
  return { records: values.map((value, line) => ({ line, value })), numbering: 'index' };
}

function numbered(result: IngestResult, numbering: 'line' | 'index'): object {
  if (numbering === 'line') return result;
  const { line, ...rest } = result;
  return { index: line, ...rest };
}
