import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Caller, type IncomingEvent, Recorder, validateIncoming } from '@onus/ledger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, PARTY_HEADER } from '../../../../src/http/caller';
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
  @ApiOperation({
    summary: 'Record one event, or several atomically and in order',
    description:
      'Send one envelope, or `{"events": [...]}`. Each event is validated, checked against what the ledger knows, ' +
      'hash-chained in its stream and appended; a batch is all or nothing. `party` comes from the caller, ' +
      '`recordedAt` from the ledger. An event whose `id` is already stored with the same content is returned as stored.',
  })
  @ApiHeader({
    name: PARTY_HEADER,
    required: true,
    description: 'the party you record as (until API keys)',
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
    description: 'this party may not record this type',
    schema: ERROR_SCHEMA,
  })
  @ApiResponse({ status: 404, description: 'unknown engagement', schema: ERROR_SCHEMA })
  @ApiResponse({
    status: 409,
    description: 'contradicts the ledger, or a stale expectedRevision',
    schema: ERROR_SCHEMA,
  })
  async record(
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const batch = isBatch(body);
    const events = batch ? parseBatch(body) : [parseOne(body, '')];
    const result = await this.recorder.record(events, caller);
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
      ? `${problems[0]!.path}: ${problems[0]!.reason}`
      : `${problems.length} problems: ${problems.map((p) => p.path).join(', ')}`;
  return new ApiError(errorBody(400, message, problems));
}
