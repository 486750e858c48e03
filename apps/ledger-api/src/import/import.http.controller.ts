import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type ImportSummary,
  importNdjson,
  type LineError,
  Recorder,
  validateIncoming,
} from '@onus/ledger';
import { Access, OPERATORS } from '../../../../src/http/access/access-rule';
import { ApiError, errorBody } from '../../../../src/http/error-body';
import { NDJSON_CONTENT_TYPE as NDJSON } from '../../../../src/http/start-http';

export interface ImportResponse extends ImportSummary {
  readonly errors: readonly LineError[];
}

/**
 * The operator import over HTTP, for what fits in one request body: each line names its own
 * party and recordedAt, which is why only operators may. Larger files: `onus import` on the host.
 */
@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/import')
export class ImportHttpController {
  constructor(private readonly recorder: Recorder) {}

  @Post()
  @HttpCode(200)
  @Access(OPERATORS)
  @ApiConsumes(NDJSON)
  @ApiBody({ description: 'NDJSON envelopes, one per line, each with party (and recordedAt)' })
  @ApiOperation({
    summary: 'Operator import of NDJSON envelopes (operator)',
    description:
      'As `onus import`: each line all or nothing, good lines kept, lines already in the ledger are no-ops. ' +
      'The answer is the summary with every failed line (number, status, rule, message, details).',
  })
  async import(@Body() body: unknown): Promise<ImportResponse> {
    if (typeof body !== 'string')
      throw new ApiError(
        errorBody(415, `content-type: send ${NDJSON}`, [
          { path: 'headers.content-type', reason: `must be ${NDJSON}` },
        ]),
      );
    const errors: LineError[] = [];
    const summary = await importNdjson(lines(body), this.recorder, {
      validate: validateIncoming,
      onError: (error) => errors.push(error),
    });
    return { ...summary, errors };
  }
}

async function* lines(text: string): AsyncGenerator<string> {
  yield* text.split(/\r?\n/);
}
