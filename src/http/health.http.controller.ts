import { Controller, Get, Inject } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
import { type OnusConfig } from '@onus/config';
import { ONUS_CONFIG } from '@onus/config/config.module';
import { METRICS, type OnusMetrics } from './metrics.module';
import { Access, PUBLIC } from './access/access-rule';

export interface HealthResponse {
  readonly status: 'ok';
  readonly store: OnusConfig['store']['kind'];
  /** Number of events in the ledger: the position the next event will take. */
  readonly headPosition: number;
  /** What follows the log in this process, and how far behind the head it is. */
  readonly followers: Record<string, { position: number; lag: number }>;
}

@Controller()
export class HealthHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ONUS_CONFIG) private readonly config: OnusConfig,
    @Inject(METRICS) private readonly metrics: OnusMetrics,
  ) {}

  /** Answers only when the store answers: a health check that cannot read the log fails. */
  @Get('health')
  @Access(
    PUBLIC('load balancers and orchestrators probe it; it tells the log size, as checkpoints do'),
  )
  async health(): Promise<HealthResponse> {
    return {
      status: 'ok',
      store: this.config.store.kind,
      headPosition: await this.store.headPosition(),
      followers: await this.metrics.followers.lags(),
    };
  }
}
