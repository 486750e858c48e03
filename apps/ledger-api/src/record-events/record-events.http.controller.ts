import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type ApiKeyRecord } from '@onus/access';
import { describeFieldError } from '@onus/domain';
import { type IncomingEvent, Recorder, validateIncoming } from '@onus/ledger';
import type { FastifyReply } from 'fastify';
import { assertCovers } from '../../../../src/http/access/access-errors';
import { Access, RECORDERS_CHECKED_IN_HANDLER } from '../../../../src/http/access/access-rule';
import { callerOf, CurrentKey } from '../../../../src/http/access/current-key';
import { ApiError, errorBody } from '../../../../src/http/error-body';
import {
  RECORD_EVENTS_BODY_SCHEMA,
  STORED_EVENT_SCHEMA,
  ERROR_SCHEMA,
} from './record-events.openapi';

@ApiTags('events')
@Controller('v1/events')
export class RecordEventsHttpController {
  constructor(private readonly recorder: Recorder) {}

  @Post()
  @Access(RECORDERS_CHECKED_IN_HANDLER)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Record one event, or several atomically and in order',
    description:
      'Send one envelope, or `{"events": [...]}`. Each event is validated, checked against what the ledger knows, ' +
      'hash-chained in its stream and appended; a batch is all or nothing. `party` comes from the API key ' +
      '(a recorder records as its bound party, an operator as `operator`), ' +
      '`recordedAt` from the ledger. An event whose `id` is already stored with the same content is returned as stored.',
  })
  @ApiBody({ schema: RECORD_EVENTS_BODY_SCHEMA })
  @ApiResponse({
    status: 201,
    description: 'appended; the stored envelopes',
    schema: STORED_EVENT_SCHEMA,
  })
  @ApiResponse({ status: 200, description: 'every event was already stored (an idempotent retry)' })
  @ApiResponse({
    status: 400,
    description: 'invalid: every bad field path is listed',
    schema: ERROR_SCHEMA,
  })
  @ApiResponse({
    status: 403,
    description: 'this party may not record this type, or a body names another party',
    schema: ERROR_SCHEMA,
  })
  @ApiResponse({
    status: 404,
    description: 'unknown engagement, or one outside the key',
    schema: ERROR_SCHEMA,
  })
  @ApiResponse({
    status: 409,
    description: 'contradicts the ledger, or a stale expectedRevision',
    schema: ERROR_SCHEMA,
  })
  async record(
    @Body() body: unknown,
    @CurrentKey() key: ApiKeyRecord,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const batch = isBatch(body);
    const events = batch ? parseBatch(body) : [parseOne(body, '')];
    events.forEach((event, index) =>
      assertCovers(
        key,
        event.engagementId,
        batch ? `events[${index}].engagementId` : 'engagementId',
      ),
    );
    const result = await this.recorder.record(events, callerOf(key));
    void reply.status(result.appended.some(Boolean) ? HttpStatus.CREATED : HttpStatus.OK);
    return batch ? { events: result.events } : result.events[0];
  }
}

function isBatch(body: unknown): body is { events: unknown } {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    'events' in body &&
    !('type' in body)
  );
}

function parseBatch(body: { events: unknown }): IncomingEvent[] {
  const extra = Object.keys(body).filter((key) => key !== 'events');
  const problems = extra.map((key) => ({
    path: key,
    reason: 'unknown field: a batch is {"events": [...]}',
  }));
  if (!Array.isArray(body.events) || body.events.length === 0) {
    throw new ApiError(
      errorBody(400, 'events: must be a non-empty array of envelopes', [
        ...problems,
        { path: 'events', reason: 'must be a non-empty array' },
      ]),
    );
  }
  const events: IncomingEvent[] = [];
  body.events.forEach((item: unknown, index: number) => {
    const checked = validateIncoming(item);
    if (checked.ok) events.push(checked.event);
    else
      problems.push(
        ...checked.errors.map((e) => ({ path: `events[${index}].${e.path}`, reason: e.reason })),
      );
  });
  if (problems.length > 0) throw invalid(problems);
  return events;
}

function parseOne(body: unknown, prefix: string): IncomingEvent {
  const checked = validateIncoming(body);
  if (!checked.ok)
    throw invalid(checked.errors.map((e) => ({ path: `${prefix}${e.path}`, reason: e.reason })));
  return checked.event;
}

function invalid(problems: ReadonlyArray<{ path: string; reason: string }>): ApiError {
  const message =
    problems.length === 1
      ? describeFieldError(problems[0]!)
      : `${problems.length} problems: ${problems.map((p) => p.path).join(', ')}`;
  return new ApiError(errorBody(400, message, problems));
}
