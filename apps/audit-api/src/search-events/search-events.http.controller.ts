import { Controller, Get, Headers, Inject, Param, Query } from '@nestjs/common';
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
import {
  eventSearchProjection,
  engagementsProjection,
  type EventQuery,
  ProjectionRunner,
  ReadModels,
} from '@onus/projections';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
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
  /** The read model holds every event before this log position. */
  readonly readModelPosition: number;
}

/** The header that asks, like `minPosition`, to wait until the read model holds a position. */
export const MIN_POSITION_HEADER = 'x-onus-min-position';
const DEFAULT_WAIT_MS = 5000;
const MAX_WAIT_MS = 30_000;

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
  'minPosition',
  'waitMs',
]);

/** How long to wait for the read model, and for which position (undefined: the log's head). */
interface Wait {
  readonly minPosition?: number;
  readonly waitMs: number;
}

function parseWait(raw: Raw, header: string | undefined): Wait {
  const problems = new QueryProblems();
  const whole = (name: string, value: string | undefined, max: number): number | undefined => {
    if (value === undefined) return undefined;
    const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
    if (!(n >= 0 && n <= max)) problems.add(name, `must be a whole number from 0 to ${max}`);
    return n;
  };
  const fromQuery = whole('query.minPosition', raw.minPosition, Number.MAX_SAFE_INTEGER);
  const fromHeader = whole(`headers.${MIN_POSITION_HEADER}`, header, Number.MAX_SAFE_INTEGER);
  const waitMs = whole('query.waitMs', raw.waitMs, MAX_WAIT_MS) ?? DEFAULT_WAIT_MS;
  problems.throwIfAny();
  const minPosition = fromQuery ?? fromHeader;
  return { ...(minPosition !== undefined ? { minPosition } : {}), waitMs };
}

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
  constructor(
    private readonly readModels: ReadModels,
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Access(readersOf('engagementId'))
  @ApiOperation({
    summary: "Search an engagement's events",
    description:
      'Filters combine (AND); results are in global position order, which is stable across appends; page with `cursor`. ' +
      'Served from the `event-search` read model. By default the answer waits (up to `waitMs`) until the read model holds every event appended before the request; ' +
      '`minPosition` (or the `X-Onus-Min-Position` header) waits for that log position instead, e.g. the `position` a write returned. 503 if it is not reached in time.',
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
  @ApiQuery({
    name: 'minPosition',
    required: false,
    description: 'wait until the read model holds the event at this log position',
  })
  @ApiQuery({
    name: 'waitMs',
    required: false,
    description: `how long to wait for it, 0 to ${MAX_WAIT_MS} ms (default ${DEFAULT_WAIT_MS})`,
  })
  @ApiResponse({ status: 200, description: '{engagementId, events, nextCursor}' })
  @ApiResponse({ status: 400, description: 'a bad filter, named' })
  @ApiResponse({ status: 404, description: 'unknown engagement' })
  @ApiResponse({ status: 503, description: 'the read model did not reach the position in time' })
  async search(
    @Param('engagementId') engagementId: string,
    @Query() raw: Raw,
    @Headers(MIN_POSITION_HEADER) minPositionHeader?: string,
  ): Promise<EventSearchResponse> {
    const query = parseQuery(raw);
    const wait = parseWait(raw, minPositionHeader);
    await this.caughtUp(wait);
    const readModelPosition = this.runner.position(eventSearchProjection.name);
    const engagement = this.readModels.engagement(engagementId);
    if (engagement?.contractedAt === null || engagement === undefined) {
      throw new ApiError({
        ...errorBody(404, `engagement ${engagementId} is not in the ledger`),
        rule: 'ENGAGEMENT_UNKNOWN',
      });
    }
    const page = this.readModels.searchEvents(engagementId, query);
    return {
      engagementId,
      events: page.events,
      nextCursor: page.nextAfter === null ? null : encodeCursor(page.nextAfter),
      readModelPosition,
    };
  }

  /** Read-your-writes: waits until both read models hold the position asked for (or the head). */
  private async caughtUp(wait: Wait): Promise<void> {
    // A read model of an older code version is frozen while its successor builds: it answers
    // as it stands rather than make every caller wait for the rebuild.
    if (wait.minPosition === undefined && !this.runner.isCurrent(eventSearchProjection.name))
      return;
    const target = wait.minPosition ?? (await this.store.headPosition()) - 1;
    if (target < 0) return;
    for (const projection of [eventSearchProjection, engagementsProjection]) {
      if (await this.runner.reached(projection.name, target, wait.waitMs)) continue;
      const held = this.runner.position(projection.name);
      throw new ApiError(
        errorBody(
          503,
          `the ${projection.name} read model holds the log up to position ${held - 1}; position ${target} is not in it yet (waited ${wait.waitMs} ms): retry`,
        ),
        { 'retry-after': '1' },
      );
    }
  }
}
