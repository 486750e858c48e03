import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type LedgerEvent } from '@onus/domain';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
import { toLedgerEvent } from '@onus/ledger';
import { ApiError, errorBody } from '../../../src/http/error-body';
import { type InclusionProof, Notary } from './notary';
import { type ApiKeyRecord, coversEngagement } from '@onus/access';
import { Access, READERS_CHECKED_IN_HANDLER } from '../../../src/http/access/access-rule';
import { CurrentKey } from '../../../src/http/access/current-key';

export interface EventWithProof {
  readonly event: LedgerEvent;
  /** Against the latest checkpoint that contains the event; null until one does. */
  readonly inclusion: (InclusionProof & { readonly checkpoint: string }) | null;
}

@ApiTags('proofs')
@Controller('v1/events')
export class EventProofHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly notary: Notary,
  ) {}

  @Get(':eventId')
  @Access(READERS_CHECKED_IN_HANDLER)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'One event, with its inclusion proof',
    description:
      'The stored envelope, and the RFC 9162 inclusion proof of its leaf in the tree of the latest signed checkpoint that contains it (with that checkpoint note), or null before one does.',
  })
  @ApiResponse({
    status: 404,
    description: 'no event with that id (or not one of your engagements)',
  })
  async event(
    @Param('eventId') eventId: string,
    @CurrentKey() key: ApiKeyRecord,
  ): Promise<EventWithProof> {
    const stored = await this.store.getById(eventId);
    const event = stored && toLedgerEvent(stored);
    // An event of an engagement outside the key is answered as if there were none.
    if (!stored || !event || !coversEngagement(key, event.engagementId))
      throw new ApiError(errorBody(404, `no event with id ${eventId}`));
    const checkpoint = this.notary.latest();
    const inclusion =
      checkpoint && stored.position < checkpoint.size
        ? {
            ...this.notary.inclusion(stored.position, checkpoint.size),
            checkpoint: checkpoint.note,
          }
        : null;
    return { event, inclusion };
  }
}
