import { Controller, Get, Header, Inject, Optional, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuditQueries, FollowingSource } from '@onus/ledger';
import { Notary } from '../../../notary/src/notary';
import { ApiVerdictQuery, QueryProblems, verdictQuery } from '../../../../src/http/query-problems';
import { Access, PUBLIC, readersOf } from '../../../../src/http/access/access-rule';
import { loadReview } from './review-data';
import { renderReview, REVIEW_SCRIPT_PATH, reviewShell } from './review-page';
import { REVIEW_SCRIPT } from './review-script';
import { sealWith } from './review-seal';

const HTML = 'text/html; charset=utf-8';

/**
 * The review page. The page and its script are public and hold no data: the script asks for an
 * API key and fetches the review with it from `GET /v1/engagements/{id}/review`, which answers
 * exactly as the verdict does (401 without a valid key, 404 outside the key's engagements).
 */
@ApiTags('verdicts')
@Controller()
export class ReviewHttpController {
  constructor(
    private readonly queries: AuditQueries,
    private readonly source: FollowingSource,
    // The notary runs in `onus serve`; a stand-alone audit API has none and says so on the page.
    @Optional() @Inject(Notary) private readonly notary?: Notary,
  ) {}

  @Get('review/:engagementId')
  @Access(PUBLIC('a page shell with no data: it asks for a key and fetches the review with it'))
  @Header('content-type', HTML)
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'The review page: asks for an API key, then shows the review that key may read',
  })
  @ApiParam({ name: 'engagementId' })
  @ApiQuery({ name: 'incident', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 timestamp with a time zone' })
  page(
    @Param('engagementId') engagementId: string,
    @Query('incident') incident?: string,
    @Query('asOf') asOf?: string,
  ): string {
    pageQuery(engagementId, incident, asOf);
    return reviewShell(engagementId, {
      ...(incident !== undefined ? { incidentId: incident } : {}),
      ...(asOf !== undefined ? { asOf } : {}),
    });
  }

  @Get(REVIEW_SCRIPT_PATH.slice(1))
  @Access(PUBLIC("the review page's script: the same for everyone, no data"))
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @ApiProduces('text/javascript')
  @ApiOperation({ summary: "The review page's script" })
  script(): string {
    return REVIEW_SCRIPT;
  }

  @Get('v1/engagements/:engagementId/review')
  @Access(readersOf('engagementId'))
  @Header('content-type', HTML)
  @ApiBearerAuth()
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'The review of an engagement or incident, as an HTML fragment',
    description:
      'Verdict, findings with their evidence, timeline and coverage charts, scorecard, terms and the checkpoint the evidence is proven against; what `GET /review/{id}` shows and `onus report` writes.',
  })
  @ApiVerdictQuery()
  @ApiResponse({ status: 200, description: 'the review, as HTML to put in the page' })
  @ApiResponse({ status: 404, description: 'engagement or incident unknown as of asOf' })
  async review(
    @Param('engagementId') engagementId: string,
    @Query('incidentId') incidentId?: string,
    @Query('asOf') asOf?: string,
  ): Promise<string> {
    const query = verdictQuery(engagementId, incidentId, asOf);
    const notary = this.notary;
    const model = await loadReview(
      { queries: this.queries, source: this.source },
      engagementId,
      query,
      notary ? sealWith(notary) : () => Promise.resolve(null),
    );
    return renderReview(model).text;
  }
}

/** The page's own parameters, checked as the review's are, but named as the page names them. */
function pageQuery(engagementId: string, incident?: string, asOf?: string): void {
  const problems = new QueryProblems();
  problems.engagementId(engagementId);
  problems.time('asOf', asOf);
  if (incident !== undefined && !/^[A-Za-z0-9._:-]{1,128}$/.test(incident))
    problems.add('query.incident', 'must match [A-Za-z0-9._:-]{1,128}');
  problems.throwIfAny();
}
