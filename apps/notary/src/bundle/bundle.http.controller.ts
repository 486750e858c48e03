import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type EvidenceBundle } from '@onus/evidence';
import { ApiError, errorBody } from '../../../../src/http/error-body';
import { ApiVerdictQuery, verdictQuery } from '../../../../src/http/query-problems';
import { Access, readersOf } from '../../../../src/http/access/access-rule';
import { BundleRangeError, EvidenceBundler } from './evidence-bundler';

@ApiTags('proofs')
@ApiBearerAuth()
@Controller('v1/engagements/:engagementId')
export class BundleHttpController {
  constructor(private readonly bundler: EvidenceBundler) {}

  @Get('bundle')
  @Access(readersOf('engagementId'))
  @ApiOperation({
    summary: 'The evidence bundle of a verdict, for offline verification',
    description:
      "The verdict (of the engagement, or one incident of it), every stream its findings rest on (whole, from the first event), each event with its RFC 9162 inclusion proof, the signed checkpoint they are proven against (published now if the latest does not cover the log), and the notary's public key. `asOf` defaults to the checkpoint's time. Check it with `onus verify-bundle FILE --key …`.",
  })
  @ApiVerdictQuery("ISO-8601 timestamp with a time zone, not after the checkpoint's time")
  @ApiResponse({ status: 200, description: 'the bundle (format onus-evidence-bundle/1)' })
  @ApiResponse({ status: 400, description: 'a bad parameter, or asOf after the checkpoint' })
  @ApiResponse({ status: 404, description: 'engagement or incident unknown as of asOf' })
  async bundle(
    @Param('engagementId') engagementId: string,
    @Query('incidentId') incidentId?: string,
    @Query('asOf') asOf?: string,
  ): Promise<EvidenceBundle> {
    const query = verdictQuery(engagementId, incidentId, asOf);
    try {
      return await this.bundler.bundle(engagementId, query);
    } catch (error) {
      if (error instanceof BundleRangeError) {
        throw new ApiError(
          errorBody(400, error.message, [{ path: 'query.asOf', reason: error.message }]),
        );
      }
      throw error;
    }
  }
}
