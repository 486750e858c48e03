import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { type OnusConfig } from '@onus/config';
import { OnusConfigModule } from '@onus/config/config.module';
import { EventStoreModule } from '@onus/event-store/event-store.module';
import { AccessModule } from './http/access/access.module';
import { HealthHttpController } from './http/health.http.controller';
import { MetricsModule } from './http/metrics.module';

/**
 * The root of a process: the validated configuration, the metrics and the access control every
 * service shares, plus the services it runs (all of them in `onus serve`, one in a service's own
 * process), and `/health`.
 */
@Module({})
export class ServiceRootModule {
  static forRoot(config: OnusConfig, services: readonly Type<unknown>[]): DynamicModule {
    return {
      module: ServiceRootModule,
      imports: [
        OnusConfigModule.forRoot(config),
        MetricsModule,
        AccessModule,
        EventStoreModule,
        ...services,
      ],
      // Every process answers /health, whichever services it runs.
      controllers: [HealthHttpController],
    };
  }
}
