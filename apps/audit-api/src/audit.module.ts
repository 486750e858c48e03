import { type BeforeApplicationShutdown, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
import { EventStoreModule } from '@onus/event-store/event-store.module';
import { type OnusConfig } from '@onus/config';
import { ONUS_CONFIG } from '@onus/config/config.module';
import { AuditQueries, FollowingSource } from '@onus/ledger';
import {
  PROJECTIONS,
  ProjectionRunner,
  ReadModels,
  ReadModelStore,
  readModelStoreFor,
} from '@onus/projections';
import { Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@onus/ledger/ledger.module';
import { SearchEventsHttpController } from './search-events/search-events.http.controller';
import { VerdictHttpController } from './verdict/verdict.http.controller';
import { ReviewHttpController } from './review/review.http.controller';
import { METRICS, type OnusMetrics } from '../../../src/http/metrics.module';

/** The read side: verdicts and timelines from an in-memory view that follows the log. */
@Module({
  imports: [EventStoreModule],
  providers: [
    { provide: CLOCK, useValue: (() => Date.now()) satisfies Clock },
    {
      provide: FollowingSource,
      inject: [EVENT_STORE, ONUS_CONFIG],
      // The engagements whose events are kept are those whose rule states are kept.
      useFactory: (store: EventStore, config: OnusConfig) =>
        new FollowingSource(store, { keep: config.verdictStates }),
    },
    {
      provide: ReadModelStore,
      inject: [EVENT_STORE, ONUS_CONFIG],
      useFactory: (store: EventStore, config: OnusConfig) =>
        readModelStoreFor(store, config.dataDir),
    },
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, ReadModelStore],
      useFactory: (store: EventStore, models: ReadModelStore) => {
        const logger = new Logger('Projections');
        return new ProjectionRunner(store, models, PROJECTIONS, {
          onError: (error) =>
            logger.error(`following the log failed, following again: ${error.message}`),
        });
      },
    },
    {
      provide: ReadModels,
      inject: [ReadModelStore],
      useFactory: (models: ReadModelStore) => new ReadModels(models),
    },
    {
      provide: AuditQueries,
      inject: [FollowingSource, CLOCK, ONUS_CONFIG],
      useFactory: (source: FollowingSource, clock: Clock, config: OnusConfig) =>
        new AuditQueries(source, clock, { keep: config.verdictStates }),
    },
  ],
  controllers: [VerdictHttpController, SearchEventsHttpController, ReviewHttpController],
})
export class AuditApiModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(FollowingSource) private readonly source: FollowingSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(METRICS) private readonly metrics: OnusMetrics,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ReadModelStore) private readonly models: ReadModelStore,
  ) {}

  onModuleInit(): void {
    this.source.start();
    this.runner.start();
    for (const projection of this.runner.projections) {
      this.metrics.followers.register(`projection:${projection.name}`, {
        position: () => this.runner.position(projection.name),
        head: () => this.store.headPosition(),
      });
    }
    this.metrics.followers.register('audit-view', {
      position: () => this.source.position,
      head: () => this.store.headPosition(),
    });
  }

  /** Before the store closes (onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.source.stop();
    await this.runner.stop();
    this.models.close();
  }
}
