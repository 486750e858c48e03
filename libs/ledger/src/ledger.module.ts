import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
import { EventStoreModule } from '@onus/event-store/event-store.module';
import { type LedgerEvent } from '@onus/domain';
import { Recorder } from './recorder';

/** Told of every event appended; provided by whoever counts them (metrics). */
export const RECORDED_EVENTS = Symbol('RecordedEvents');
export type RecordedEventsListener = (events: readonly LedgerEvent[]) => void;

/** Milliseconds since the epoch; a token so that tests can inject time. */
export const CLOCK = Symbol('Clock');
export type Clock = () => number;

@Module({
  imports: [EventStoreModule],
  providers: [
    { provide: CLOCK, useValue: (() => Date.now()) satisfies Clock },
    {
      provide: Recorder,
      inject: [EVENT_STORE, CLOCK, { token: RECORDED_EVENTS, optional: true }],
      useFactory: (store: EventStore, clock: Clock, recorded?: RecordedEventsListener) =>
        new Recorder(store, clock, recorded),
    },
  ],
  exports: [Recorder, EventStoreModule],
})
export class LedgerModule {}
