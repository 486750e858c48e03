import { Controller, Get, Global, Header, Inject, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RECORDED_EVENTS, type RecordedEventsListener } from '@onus/ledger/ledger.module';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Access, OPERATORS } from './access/access-rule';

export const METRICS = Symbol('Metrics');

export interface Follower {
  /** Events of the log taken in so far. */
  position(): number;
  /** The log's head: the number of events in it. */
  head(): Promise<number>;
}

/** What follows the log in this process (the audit view, the notary), for /health and /metrics. */
export class Followers {
  private readonly followers = new Map<string, Follower>();

  register(name: string, follower: Follower): void {
    this.followers.set(name, follower);
  }

  async lags(): Promise<Record<string, { position: number; lag: number }>> {
    const out: Record<string, { position: number; lag: number }> = {};
    for (const [name, follower] of this.followers) {
      const position = follower.position();
      out[name] = { position, lag: Math.max(0, (await follower.head()) - position) };
    }
    return out;
  }
}

/** Onus's Prometheus metrics: one registry per application, so that tests stay apart. */
export class OnusMetrics {
  readonly registry = new Registry();
  readonly eventsAppended = new Counter({
    name: 'onus_events_appended_total',
    help: 'Events appended to the ledger by this process, by type and party',
    labelNames: ['type', 'party'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: 'onus_http_request_duration_seconds',
    help: 'HTTP request latency, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly authFailures = new Counter({
    name: 'onus_auth_failures_total',
    help: 'Requests refused for their credentials: no key, a malformed, unknown or revoked one (401), or a key without the right (403)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly followers = new Followers();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'onus_' });
    const { followers } = this;
    new Gauge({
      name: 'onus_follower_lag_events',
      help: 'Events in the log that a follower (the audit view, the notary) has not taken in yet',
      labelNames: ['follower'] as const,
      registers: [this.registry],
      async collect() {
        for (const [follower, { lag }] of Object.entries(await followers.lags()))
          this.set({ follower }, lag);
      },
    });
  }
}

@ApiExcludeController()
@Controller()
class MetricsHttpController {
  constructor(@Inject(METRICS) private readonly metrics: OnusMetrics) {}

  @Get('metrics')
  @Access(OPERATORS)
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

@Global()
@Module({
  providers: [
    { provide: METRICS, useFactory: () => new OnusMetrics() },
    {
      provide: RECORDED_EVENTS,
      inject: [METRICS],
      useFactory:
        (metrics: OnusMetrics): RecordedEventsListener =>
        (events) => {
          for (const event of events)
            metrics.eventsAppended.inc({ type: event.type, party: event.party });
        },
    },
  ],
  controllers: [MetricsHttpController],
  exports: [METRICS, RECORDED_EVENTS],
})
export class MetricsModule {}
