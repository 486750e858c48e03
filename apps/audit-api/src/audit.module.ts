import { type BeforeApplicationShutdown, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
import { EventStoreModule } from '@onus/event-store/event-store.module';
import { AuditQueries, FollowingSource } from '@onus/ledger';
import { CLOCK, type Clock } from '@onus/ledger/ledger.module';
import { SearchEventsHttpController } from './search-events/search-events.http.controller';
import { VerdictHttpController } from './verdict/verdict.http.controller';
import { METRICS, type OnusMetrics } from '../../../src/http/metrics.module';

/** The read side: verdicts and timelines from an in-memory view that follows the log. */
@Module({
  imports: [EventStoreModule],
  providers: [
    { provide: CLOCK, useValue: (() => Date.now()) satisfies Clock },
    {
      provide: FollowingSource,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new FollowingSource(store),
    },
    {
      provide: AuditQueries,
      inject: [FollowingSource, CLOCK],
      useFactory: (source: FollowingSource, clock: Clock) => new AuditQueries(source, clock),
    },
  ],
  controllers: [VerdictHttpController, SearchEventsHttpController],
})
export class AuditApiModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(FollowingSource) private readonly source: FollowingSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(METRICS) private readonly metrics: OnusMetrics,
  ) {}

  onModuleInit(): void {
    this.source.start();
    this.metrics.followers.register('audit-view', {
      position: () => this.source.position,
      head: () => this.store.headPosition(),
    });
  }

  /** Before the store closes (onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.source.stop();
  }
}
