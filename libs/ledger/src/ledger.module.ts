import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
import { EventStoreModule } from '@onus/event-store/event-store.module';
import { Recorder } from './recorder';

/** Milliseconds since the epoch; a token so that tests can inject time. */
export const CLOCK = Symbol('Clock');
export type Clock = () => number;

@Module({
  imports: [EventStoreModule],
  providers: [
    { provide: CLOCK, useValue: (() => Date.now()) satisfies Clock },
    {
      provide: Recorder,
      inject: [EVENT_STORE, CLOCK],
      useFactory: (store: EventStore, clock: Clock) => new Recorder(store, clock),
    },
  ],
  exports: [Recorder, EventStoreModule],
})
export class LedgerModule {}
