import { AppendSignal } from '../append-signal';
import { assertAppendable, checkExpectedRevision, classifyRetry } from '../append-rules';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type StoredEvent,
  type StreamWrite,
  type SubscribeOptions,
} from '../event-store.port';
import { followLog } from '../follow-log';
import { pagesOf } from '../pages';

export interface MemoryEventStoreOptions {
  /** Milliseconds since the epoch; injected so tests control time. */
  readonly now?: () => number;
}

/** For unit tests: the same contract as the durable stores, held in arrays. */
export class MemoryEventStore implements EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly appended = new AppendSignal();
  private readonly now: () => number;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  append(
    stream: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    // Everything happens synchronously, so each append is atomic with respect to the others.
    try {
      return Promise.resolve(this.appendNow(stream, events, expectedRevision));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    try {
      for (const write of writes)
        assertAppendable(write.stream, write.events, write.expectedRevision);
      const undo = {
        log: this.log.length,
        streams: new Map(this.streams),
        ids: new Map(this.byId),
      };
      try {
        return Promise.resolve(
          writes.map((w) => this.appendNow(w.stream, w.events, w.expectedRevision)),
        );
      } catch (error) {
        // All or none: put back what the earlier writes of this call added.
        this.log.length = undo.log;
        this.streams.clear();
        undo.streams.forEach((events, stream) => this.streams.set(stream, events));
        this.byId.clear();
        undo.ids.forEach((event, id) => this.byId.set(id, event));
        throw error;
      }
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private appendNow(
    stream: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): AppendResult {
    assertAppendable(stream, events, expectedRevision);
    const existing = this.streams.get(stream) ?? [];
    const stored = events.map((event) => this.byId.get(event.id));
    if (classifyRetry(stream, events, stored) === 'retry') {
      return {
        events: stored as StoredEvent[],
        nextExpectedRevision: existing.length - 1,
        appended: false,
      };
    }
    checkExpectedRevision(stream, expectedRevision, existing.length - 1);
    const lastRecordedAt = this.log.at(-1)?.recordedAt ?? 0;
    const stamp = Math.max(this.now(), lastRecordedAt);
    const written = events.map(
      (event, index): StoredEvent => ({
        id: event.id,
        stream,
        revision: existing.length + index,
        position: this.log.length + index,
        type: event.type,
        data: structuredClone(event.data),
        recordedAt: event.recordedAt ?? stamp,
      }),
    );
    this.log.push(...written);
    this.streams.set(stream, [...existing, ...written]);
    for (const event of written) this.byId.set(event.id, event);
    this.appended.notify();
    return {
      events: written,
      nextExpectedRevision: existing.length + written.length - 1,
      appended: true,
    };
  }

  async *readStream(stream: string, fromRevision = 0): AsyncIterable<StoredEvent> {
    const events = this.streams.get(stream) ?? [];
    for (let revision = Math.max(0, fromRevision); revision < events.length; revision++) {
      yield events[revision]!;
    }
  }

  async *readStreams(streams: readonly string[]): AsyncIterable<StoredEvent> {
    for (const stream of new Set(streams)) yield* this.readStream(stream);
  }

  streamRevision(stream: string): Promise<number> {
    return Promise.resolve((this.streams.get(stream)?.length ?? 0) - 1);
  }

  async *readAll(fromPosition = 0): AsyncIterable<StoredEvent> {
    // Reads the live array: events appended while iterating are delivered too, in order.
    for (let position = Math.max(0, fromPosition); position < this.log.length; position++) {
      yield this.log[position]!;
    }
  }

  readStreamsStartingWith(prefix: string): AsyncIterable<readonly StoredEvent[]> {
    return pagesOf(this.readAll(), (event) => event.stream.startsWith(prefix), 1000);
  }

  getById(id: string): Promise<StoredEvent | undefined> {
    return Promise.resolve(this.byId.get(id));
  }

  getByIds(ids: readonly string[]): Promise<(StoredEvent | undefined)[]> {
    return Promise.resolve(ids.map((id) => this.byId.get(id)));
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.log.length);
  }

  subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent> {
    return followLog((from) => this.readAll(from), this.appended, options, 1000);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
