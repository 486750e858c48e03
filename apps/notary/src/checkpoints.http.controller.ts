import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiError, errorBody } from '../../../src/http/error-body';
import { Notary, type NotaryPublicKey } from './notary';
import { Access, PUBLIC } from '../../../src/http/access/access-rule';

const VERIFICATION_MATERIAL =
  'verification material: anyone holding a bundle or a checkpoint must be able to check it';

function size(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) {
    throw new ApiError(
      errorBody(400, `${name}: must be a whole number`, [
        { path: name, reason: 'must be a whole number' },
      ]),
    );
  }
  return Number(value);
}

@ApiTags('proofs')
@Controller('v1')
export class CheckpointsHttpController {
  constructor(private readonly notary: Notary) {}

  @Get('keys')
  @Access(PUBLIC(VERIFICATION_MATERIAL))
  @ApiOperation({
    summary: "The notary's public key, to verify checkpoints (C2SP signed-note verifier key)",
  })
  keys(): NotaryPublicKey[] {
    return [this.notary.publicKey()];
  }

  @Get('checkpoints/latest')
  @Access(PUBLIC(VERIFICATION_MATERIAL))
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The latest signed checkpoint (C2SP tlog-checkpoint in a signed note)' })
  @ApiResponse({ status: 404, description: 'no checkpoint has been published yet' })
  latest(): string {
    const latest = this.notary.latest();
    if (!latest) throw new ApiError(errorBody(404, 'no checkpoint has been published yet'));
    return latest.note;
  }

  @Get('checkpoints/consistency')
  @Access(PUBLIC(VERIFICATION_MATERIAL))
  @ApiOperation({ summary: 'A consistency proof between two tree sizes (RFC 9162), hex hashes' })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: false, description: 'default: the current tree size' })
  consistency(
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): { from: number; to: number; proof: string[] } {
    const first = size(from, 'query.from');
    if (first === undefined)
      throw new ApiError(
        errorBody(400, 'query.from: is required', [{ path: 'query.from', reason: 'is required' }]),
      );
    const second = size(to, 'query.to') ?? this.notary.latest()?.size ?? 0;
    try {
      return { from: first, to: second, proof: this.notary.consistency(first, second) };
    } catch (error) {
      throw new ApiError(
        errorBody(
          400,
          `no consistency proof from ${first} to ${second}: ${(error as Error).message}`,
        ),
      );
    }
  }

  @Get('checkpoints/:size')
  @Access(PUBLIC(VERIFICATION_MATERIAL))
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The signed checkpoint published at a tree size' })
  @ApiResponse({ status: 404, description: 'no checkpoint at that size' })
  at(@Param('size') value: string): string {
    const checkpoint = this.notary.checkpointAt(size(value, 'size')!);
    if (!checkpoint)
      throw new ApiError(errorBody(404, `no checkpoint was published at size ${value}`));
    return checkpoint.note;
  }
}
