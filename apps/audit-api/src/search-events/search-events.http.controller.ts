import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  EVENT_TYPES,
  type EventType,
  isEventType,
  type LedgerEvent,
  PARTIES,
  type Party,
} from '@onus/domain';
import { AuditQueries, type EventQuery, NotFoundError } from '@onus/ledger';
import { ApiError, errorBody } from '../../../../src/http/error-body';
import { QueryProblems } from '../../../../src/http/query-problems';
import { Access, readersOf } from '../../../../src/http/access/access-rule';

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;

export interface EventSearchResponse {
  readonly engagementId: string;
  readonly events: readonly LedgerEvent[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

type Raw = Record<string, string | undefined>;

/** The cursor is the last position of the page, opaque to callers. */
const encodeCursor = (position: number): string =>
  Buffer.from(`p${position}`).toString('base64url');
function decodeCursor(cursor: string): number | undefined {
  const match = /^p(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

const PARAMETERS = new Set([
  'type',
  'party',
  'actor',
  'subjectId',
  'effectiveFrom',
  'effectiveTo',
  'recordedFrom',
  'recordedTo',
  'limit',
  'cursor',
]);

function parseQuery(raw: Raw): EventQuery {
  const problems = new QueryProblems();
  for (const name of Object.keys(raw))
    if (!PARAMETERS.has(name)) problems.add(`query.${name}`, 'unknown parameter');
  let types: EventType[] | undefined;
  if (raw.type !== undefined) {
    const names = raw.type.split(',');
    const unknown = names.filter((name) => !isEventType(name));
    if (unknown.length > 0)
      problems.add('query.type', `unknown event type(s): ${unknown.join(', ')}`);
    else types = names as EventType[];
  }
  if (raw.party !== undefined && !(PARTIES as readonly string[]).includes(raw.party)) {
    problems.add('query.party', `must be one of ${PARTIES.join(', ')}`);
  }
  let limit = DEFAULT_LIMIT;
  if (raw.limit !== undefined) {
    limit = /^\d{1,4}$/.test(raw.limit) ? Number(raw.limit) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT))
      problems.add('query.limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const after = raw.cursor === undefined ? undefined : decodeCursor(raw.cursor);
  if (raw.cursor !== undefined && after === undefined)
    problems.add('query.cursor', 'is not a cursor this API gave out');
  const times = {
    effectiveFrom: problems.time('effectiveFrom', raw.effectiveFrom),
    effectiveTo: problems.time('effectiveTo', raw.effectiveTo),
    recordedFrom: problems.time('recordedFrom', raw.recordedFrom),
    recordedTo: problems.time('recordedTo', raw.recordedTo),
  };
  problems.throwIfAny();
  return {
    ...(types ? { types } : {}),
    ...(raw.party !== undefined ? { party: raw.party as Party } : {}),
    ...(raw.actor !== undefined ? { actor: raw.actor } : {}),
    ...(raw.subjectId !== undefined ? { subjectId: raw.subjectId } : {}),
    ...Object.fromEntries(Object.entries(times).filter(([, value]) => value !== undefined)),
    ...(after !== undefined ? { after } : {}),
    limit,
  };
}

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/engagements/:engagementId/events')
export class SearchEventsHttpController {
  constructor(private readonly queries: AuditQueries) {}

  @Get()
  @Access(readersOf('engagementId'))
  @ApiOperation({
    summary: "Search an engagement's events",
    description:
      'Filters combine (AND); results are in global position order, which is stable across appends; page with `cursor`.',
  })
  @ApiParam({ name: 'engagementId' })
  @ApiQuery({
    name: 'type',
    required: false,
    description: `comma-separated event types (${EVENT_TYPES.length} in events.md)`,
  })
  @ApiQuery({ name: 'party', required: false, enum: PARTIES })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({
    name: 'subjectId',
    required: false,
    description: 'alertId, testId, requestId, recommendationId, incidentId or sensorId',
  })
  @ApiQuery({ name: 'effectiveFrom', required: false })
  @ApiQuery({ name: 'effectiveTo', required: false })
  @ApiQuery({ name: 'recordedFrom', required: false })
  @ApiQuery({ name: 'recordedTo', required: false })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `1 to ${MAX_LIMIT}, default ${DEFAULT_LIMIT}`,
  })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiResponse({ status: 200, description: '{engagementId, events, nextCursor}' })
  @ApiResponse({ status: 400, description: 'a bad filter, named' })
  @ApiResponse({ status: 404, description: 'unknown engagement' })
  async search(
    @Param('engagementId') engagementId: string,
    @Query() raw: Raw,
  ): Promise<EventSearchResponse> {
    const query = parseQuery(raw);
    try {
      const page = await this.queries.events(engagementId, query);
      return {
        engagementId,
        events: page.events,
        nextCursor: page.nextAfter === null ? null : encodeCursor(page.nextAfter),
      };
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new ApiError({ ...errorBody(404, error.message), rule: error.reason });
      throw error;
    }
  }
}
