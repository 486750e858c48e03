import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type Scorecard, type Timeline, type Verdict } from '@onus/domain';
import { AuditQueries } from '@onus/ledger';
import { ApiVerdictQuery, QueryProblems, verdictQuery } from '../../../../src/http/query-problems';
import { Access, readersOf } from '../../../../src/http/access/access-rule';

@ApiTags('verdicts')
@ApiBearerAuth()
@Controller('v1/engagements/:engagementId')
export class VerdictHttpController {
  constructor(private readonly queries: AuditQueries) {}

  @Get('verdict')
  @Access(readersOf('engagementId'))
  @ApiOperation({
    summary: 'Who was responsible: the verdict of responsibility.md',
    description:
      'For the engagement, or one incident of it, from the events recorded up to `asOf` (default: now).',
  })
  @ApiVerdictQuery()
  @ApiResponse({ status: 200, description: 'the verdict document' })
  @ApiResponse({ status: 404, description: 'engagement or incident unknown as of asOf' })
  async verdict(
    @Param('engagementId') engagementId: string,
    @Query('incidentId') incidentId?: string,
    @Query('asOf') asOf?: string,
  ): Promise<Verdict> {
    return this.queries.verdict(engagementId, verdictQuery(engagementId, incidentId, asOf));
  }

  @Get('timeline')
  @Access(readersOf('engagementId'))
  @ApiOperation({
    summary: "The engagement's (or incident's) events in effective-time order",
    description:
      'Each with party, actor, type, a one-line description, whether it was recorded late, and the findings it is evidence of.',
  })
  @ApiVerdictQuery()
  @ApiResponse({ status: 200, description: 'the timeline' })
  @ApiResponse({ status: 404, description: 'engagement or incident unknown as of asOf' })
  async timeline(
    @Param('engagementId') engagementId: string,
    @Query('incidentId') incidentId?: string,
    @Query('asOf') asOf?: string,
  ): Promise<Timeline> {
    return this.queries.timeline(engagementId, verdictQuery(engagementId, incidentId, asOf));
  }

  @Get('scorecard')
  @Access(readersOf('engagementId'))
  @ApiOperation({
    summary: 'The vendor-assessment scorecard of interfaces.md',
    description:
      "Over [from, to] (default: the engagement's start to now), counting events by effective time; findings from the engagement-wide verdict as of `to`.",
  })
  @ApiParam({ name: 'engagementId' })
  @ApiQuery({ name: 'from', required: false, description: 'ISO-8601 timestamp with a time zone' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO-8601 timestamp with a time zone' })
  @ApiResponse({ status: 200, description: 'the scorecard' })
  @ApiResponse({ status: 404, description: 'engagement unknown as of to' })
  async scorecard(
    @Param('engagementId') engagementId: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<Scorecard> {
    const range = period(engagementId, from, to);
    return this.queries.scorecard(engagementId, range);
  }
}

function period(
  engagementId: string,
  from: string | undefined,
  to: string | undefined,
): { from?: number; to?: number } {
  const problems = new QueryProblems();
  problems.engagementId(engagementId);
  const start = problems.time('from', from);
  const end = problems.time('to', to);
  if (start !== undefined && end !== undefined && start > end)
    problems.add('query.from', 'must not be after to');
  problems.throwIfAny();
  return {
    ...(start !== undefined ? { from: start } : {}),
    ...(end !== undefined ? { to: end } : {}),
  };
}
