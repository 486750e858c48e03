import { Controller, Get, Global, Header, Inject, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RECORDED_EVENTS, type RecordedEventsListener } from '@onus/ledger/ledger.module';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const METRICS = Symbol('Metrics');

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

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'onus_' });
  }
}

@ApiExcludeController()
@Controller()
class MetricsHttpController {
  constructor(@Inject(METRICS) private readonly metrics: OnusMetrics) {}

  @Get('metrics')
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
