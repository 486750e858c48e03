import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type OnusConfig } from '@onus/config';
import { ONUS_CONFIG } from '@onus/config/config.module';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { openEventStore } from './open-event-store';

/** Binds the EventStore port to the adapter the configuration names. */
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [ONUS_CONFIG],
      useFactory: (config: OnusConfig): EventStore => openEventStore(config.store),
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
