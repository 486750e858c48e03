import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type AppendResult as EsdbAppendResult,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  ANY,
  type ReadPosition,
  type RecordedEvent,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
  AccessDeniedError,
} from '@eventstore/db-client';
import { assertAppendable, checkExpectedRevision, classifyRetry } from '../append-rules';
import { WrongExpectedRevisionError } from '../event-store.errors';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type StoredEvent,
  type StreamWrite,
  type SubscribeOptions,
} from '../event-store.port';
import { decodeEvent, encodeEvent } from './esdb-codec';
import { comparePositions, LedgerIndex, LedgerIntegrityError } from './esdb-ledger-index';
import { StreamPull } from './stream-pull';
import { pagesOf } from '../pages';

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, `esdb+discover://…`: anything the client library accepts. */
  readonly connectionString: string;
  /**
   * Prepended to every port stream name in EventStoreDB (`onus:` by default), so a ledger can share
   * a cluster and each test can isolate itself. Non-empty, and not starting with `$` (system streams).
   */
  readonly streamPrefix?: string;
  /** Milliseconds since the epoch; injected so tests control time. */
  readonly now?: () => number;
  /** Events per read of $all or of a stream. */
  readonly pageSize?: number;
  /** How many times in a row a dropped subscription is re-established before the error surfaces. */
  readonly maxResubscribeAttempts?: number;
}

const DEFAULT_PAGE_SIZE = 1000;
const DEFAULT_MAX_RESUBSCRIBE_ATTEMPTS = 20;

/**
 * The EventStore port on EventStoreDB / KurrentDB, through @eventstore/db-client (gRPC).
 *
 * Each port stream `s` is the ESDB stream `${streamPrefix}${s}`. Dense global positions come from
 * an in-memory index over $all (esdb-ledger-index.ts); the codec (esdb-codec.ts) says how ids,
 * recordedAt and data are stored. docs/EVENTSTOREDB.md explains the design and its costs.
 */
/** Reads in flight at once for a batch's ids or streams. */
const ESDB_READS_AT_ONCE = 32;

export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly pageSize: number;
  private readonly maxResubscribeAttempts: number;
  private readonly index: LedgerIndex;
  /** Appends of this process run one at a time: id check, append and indexing are one step. */
  private appendTail: Promise<unknown> = Promise.resolve();
  /** Aborted by close(): ends every live subscription. */
  private readonly closing = new AbortController();

  /** Opens a store and builds its index (one scan of $all) before returning it. */
  static async connect(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
    const store = new EsdbEventStore(options);
    try {
      await store.index.catchUp();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Connects lazily: the index is built by the first call that needs it. */
  constructor(options: EsdbEventStoreOptions) {
    const prefix = options.streamPrefix ?? 'onus:';
    if (prefix.length === 0 || prefix.startsWith('$')) {
      throw new Error(
        `esdb: streamPrefix must be non-empty and not start with "$" (got "${prefix}")`,
      );
    }
    this.prefix = prefix;
    this.now = options.now ?? Date.now;
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.maxResubscribeAttempts =
      options.maxResubscribeAttempts ?? DEFAULT_MAX_RESUBSCRIBE_ATTEMPTS;
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.index = new LedgerIndex(
      (from, maxCount) => this.readAllPage(from, maxCount),
      prefix,
      this.pageSize,
    );
  }

  async append(
    stream: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    const [result] = await this.appendMany([{ stream, events, expectedRevision }]);
    return result!;
  }

  /**
   * EventStoreDB has no transaction across streams, so the writes are appended one after another.
   * Everything that can be known beforehand is checked for the whole call first (ids, expected
   * revisions, with the earlier writes of the call taken into account), under the append lock:
   * a call that fails that way leaves nothing behind. What cannot be known beforehand (another
   * process appending to one of the streams meanwhile, a lost connection, a crash) can fail a
   * later write after earlier ones are stored; retrying the same call then completes it, the
   * stored writes counting as idempotent retries. See docs/EVENTSTOREDB.md.
   */
  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    this.assertOpen();
    for (const write of writes)
      assertAppendable(write.stream, write.events, write.expectedRevision);
    return await this.serializeAppend(async () => {
      await this.index.catchUp();
      const plans = await this.plan(writes);
      const results: AppendResult[] = [];
      for (const { write, retry } of plans) {
        results.push(retry ? await this.storedResult(write) : await this.write(write));
      }
      return results;
    });
  }

  /**
   * The memory adapter's rules, write by write, on what the index holds plus what the earlier
   * writes of the call will add: ids first (a retry succeeds whatever its expected revision
   * says), then the expected revision. Throws before anything is written.
   */
  private async plan(
    writes: readonly StreamWrite[],
  ): Promise<{ write: StreamWrite; retry: boolean }[]> {
    const revisions = new Map<string, number>();
    const earlier = new Map<string, StoredEvent>();
    const revisionOf = (stream: string): number =>
      revisions.get(stream) ?? this.index.streamRevision(stream);
    const plans: { write: StreamWrite; retry: boolean }[] = [];
    for (const write of writes) {
      const { stream, events, expectedRevision } = write;
      const stored = await Promise.all(
        events.map(async (event) => (await this.findById(event.id)) ?? earlier.get(event.id)),
      );
      if (classifyRetry(stream, events, stored) === 'retry') {
        plans.push({ write, retry: true });
        continue;
      }
      checkExpectedRevision(stream, expectedRevision, revisionOf(stream));
      revisions.set(stream, revisionOf(stream) + events.length);
      for (const event of events) {
        // Enough of a stored event for classifyRetry to judge a later write of the same call.
        earlier.set(event.id, { ...event, stream, revision: -1, position: -1, recordedAt: 0 });
      }
      plans.push({ write, retry: false });
    }
    return plans;
  }

  /** The result of an idempotent retry: the stored events, read back. */
  private async storedResult({ stream, events }: StreamWrite): Promise<AppendResult> {
    const stored = await Promise.all(events.map((event) => this.findById(event.id)));
    if (stored.some((event) => event === undefined)) {
      throw new LedgerIntegrityError(`esdb: events of a retry to ${this.prefix + stream} are gone`);
    }
    return {
      events: stored as StoredEvent[],
      nextExpectedRevision: this.index.streamRevision(stream),
      appended: false,
    };
  }

  private async write({ stream, events, expectedRevision }: StreamWrite): Promise<AppendResult> {
    const stamp = Math.max(this.now(), this.index.lastRecordedAt);
    let result: EsdbAppendResult;
    try {
      // Always an explicit expected revision, EventStoreDB checking it again: the plan only saw
      // this process's view, and another process may have appended since.
      result = await this.client.appendToStream(
        this.prefix + stream,
        events.map((event) => encodeEvent(event, event.recordedAt ?? stamp)),
        { expectedRevision: toEsdbExpected(expectedRevision) },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : -1;
        throw new WrongExpectedRevisionError(stream, expectedRevision, actual);
      }
      throw error;
    }

    if (!result.position) {
      // "Success, no position" is how EventStoreDB answers a write it found already done (its own
      // idempotency: another process stored these ids meanwhile): compare with what is stored.
      await this.index.catchUp();
      const stored = await Promise.all(events.map((event) => this.findById(event.id)));
      classifyRetry(stream, events, stored);
      return {
        events: stored as StoredEvent[],
        nextExpectedRevision: Number(result.nextExpectedRevision),
        appended: false,
      };
    }
    // Appended: the events are the stream's last ones, up to the revision EventStoreDB reports.
    const last = Number(result.nextExpectedRevision);
    const first = last - events.length + 1;
    await this.index.catchUp(() => this.index.streamRevision(stream) >= last);
    return {
      events: events.map((event, i): StoredEvent => {
        const position = this.index.positionOf(stream, first + i);
        if (position === undefined) {
          throw new LedgerIntegrityError(
            `esdb: ${this.prefix + stream}@${first + i} is not in $all`,
          );
        }
        return {
          id: event.id,
          stream,
          revision: first + i,
          position,
          type: event.type,
          data: JSON.parse(JSON.stringify(event.data)) as StoredEvent['data'],
          recordedAt: event.recordedAt ?? stamp,
        };
      }),
      nextExpectedRevision: last,
      appended: true,
    };
  }

  async *readStream(stream: string, fromRevision = 0): AsyncIterable<StoredEvent> {
    this.assertOpen();
    let revision = Math.max(0, fromRevision);
    for (;;) {
      const page = await this.readStreamPage(stream, revision, this.pageSize);
      for (const event of page) yield await this.toStored(event);
      if (page.length < this.pageSize) return;
      revision += page.length;
    }
  }

  async *readStreams(streams: readonly string[]): AsyncIterable<StoredEvent> {
    // EventStoreDB reads one stream per call: a few at a time, not a batch's thousands at once.
    const names = [...new Set(streams)];
    for (let start = 0; start < names.length; start += ESDB_READS_AT_ONCE) {
      const read = await Promise.all(
        names.slice(start, start + ESDB_READS_AT_ONCE).map(async (stream) => {
          const events: StoredEvent[] = [];
          for await (const event of this.readStream(stream)) events.push(event);
          return events;
        }),
      );
      for (const events of read) yield* events;
    }
  }

  async streamRevision(stream: string): Promise<number> {
    this.assertOpen();
    const [last] = await this.readStreamPage(stream, END, 1, BACKWARDS);
    return last ? Number(last.revision) : -1;
  }

  async *readAll(fromPosition = 0): AsyncIterable<StoredEvent> {
    this.assertOpen();
    let next = Math.max(0, fromPosition);
    await this.index.catchUp();
    if (next > this.index.length) return;
    // Read $all from the event before `next` (skipping it and anything before it), page by page,
    // keeping only ledger events. The cursor follows every event read, ledger or not, so a long
    // run of foreign events between two ledger events only costs more pages.
    let cursor: ReadPosition = next === 0 ? START : this.index.allPosition(next - 1);
    for (;;) {
      const page = await this.readAllPage(cursor, this.pageSize);
      for (const { event } of page) {
        if (!event) continue;
        if (cursor !== START && comparePositions(event.position, cursor) <= 0) continue;
        cursor = event.position;
        if (!event.streamId.startsWith(this.prefix)) continue;
        const position = await this.denseOf(event);
        if (position < next) continue;
        if (position > next)
          throw new LedgerIntegrityError(`esdb: $all skipped ledger position ${next}`);
        yield this.toStoredAt(event, position);
        next++;
      }
      if (page.length < this.pageSize) return;
    }
  }

  /** Filtered here, not by the server: the dense positions come from reading $all in order. */
  readStreamsStartingWith(prefix: string): AsyncIterable<readonly StoredEvent[]> {
    return pagesOf(this.readAll(), (event) => event.stream.startsWith(prefix), this.pageSize);
  }

  async getById(id: string): Promise<StoredEvent | undefined> {
    this.assertOpen();
    const found = await this.findById(id);
    if (found) return found;
    await this.index.catchUp();
    return await this.findById(id);
  }

  async getByIds(ids: readonly string[]): Promise<(StoredEvent | undefined)[]> {
    const found: (StoredEvent | undefined)[] = [];
    for (let start = 0; start < ids.length; start += ESDB_READS_AT_ONCE)
      found.push(
        ...(await Promise.all(
          ids.slice(start, start + ESDB_READS_AT_ONCE).map((id) => this.getById(id)),
        )),
      );
    return found;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    await this.index.catchUp();
    return this.index.length;
  }

  /**
   * A catch-up subscription to $all, filtered server-side to the prefix, started just after the
   * $all position of dense position `fromPosition - 1`. Every event delivered gets its dense
   * position from the index; when the subscription drops, it is re-established from the last
   * event delivered, and anything up to that is skipped: no gap, no duplicate.
   */
  async *subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent> {
    this.assertOpen();
    const stop = new AbortController();
    const abort = (): void => stop.abort();
    options.signal?.addEventListener('abort', abort);
    this.closing.signal.addEventListener('abort', abort);
    if (options.signal?.aborted || this.closing.signal.aborted) stop.abort();

    let next = Math.max(0, options.fromPosition);
    let failures = 0;
    try {
      while (!stop.signal.aborted) {
        let subscription: AllStreamSubscription | undefined;
        let pull: StreamPull<AllStreamResolvedEvent> | undefined;
        try {
          await this.index.catchUp();
          if (stop.signal.aborted) return;
          const after = Math.min(next, this.index.length) - 1;
          subscription = this.client.subscribeToAll({
            fromPosition: after < 0 ? START : this.index.allPosition(after),
            filter: streamNameFilter({ prefixes: [this.prefix] }),
          });
          pull = new StreamPull<AllStreamResolvedEvent>(subscription, stop.signal);
          for (let resolved = await pull.next(); resolved; resolved = await pull.next()) {
            const { event } = resolved;
            if (!event || !event.streamId.startsWith(this.prefix)) continue;
            const position = await this.denseOf(event);
            if (position < next) continue;
            if (position > next) {
              throw new LedgerIntegrityError(`esdb: subscription skipped ledger position ${next}`);
            }
            yield this.toStoredAt(event, position);
            next++;
            failures = 0;
            if (stop.signal.aborted) return;
          }
          if (stop.signal.aborted) return;
          // The server ended the call without an error: treat it as a drop.
          failures++;
        } catch (error) {
          if (stop.signal.aborted) return;
          // Dropped, or the server unreachable while re-establishing: try again, with a backoff.
          if (!isResubscribable(error) || ++failures > this.maxResubscribeAttempts) throw error;
        } finally {
          pull?.dispose();
          if (subscription) {
            await subscription.unsubscribe();
            subscription.destroy();
          }
        }
        await sleep(Math.min(5000, 25 * 2 ** failures), stop.signal);
      }
    } finally {
      options.signal?.removeEventListener('abort', abort);
      this.closing.signal.removeEventListener('abort', abort);
    }
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new Error('esdb: the event store is closed');
  }

  private serializeAppend<T>(work: () => Promise<T>): Promise<T> {
    const run = this.appendTail.then(work);
    this.appendTail = run.catch(() => undefined);
    return run;
  }

  /** The dense position of a ledger event read from ESDB, catching the index up if it is newer. */
  private async denseOf(event: RecordedEvent): Promise<number> {
    const stream = event.streamId.slice(this.prefix.length);
    const revision = Number(event.revision);
    let position = this.index.positionOf(stream, revision);
    if (position === undefined) {
      await this.index.catchUp(() => this.index.positionOf(stream, revision) !== undefined);
      position = this.index.positionOf(stream, revision);
    }
    if (position === undefined) {
      throw new LedgerIntegrityError(
        `esdb: ${event.streamId}@${revision} was read but is not in $all`,
      );
    }
    return position;
  }

  private async toStored(event: RecordedEvent): Promise<StoredEvent> {
    return this.toStoredAt(event, await this.denseOf(event));
  }

  private toStoredAt(event: RecordedEvent, position: number): StoredEvent {
    return { ...decodeEvent(event, this.prefix), position };
  }

  /** The event at dense `position`, read back from its stream. */
  private async readAt(position: number): Promise<StoredEvent> {
    const { stream, revision } = this.index.locate(position);
    const [event] = await this.readStreamPage(stream, BigInt(revision), 1);
    if (!event) throw new LedgerIntegrityError(`esdb: ${this.prefix + stream}@${revision} is gone`);
    return this.toStoredAt(event, position);
  }

  /** The indexed event with this id, if any: the index only knows hashes, so read and compare. */
  private async findById(id: string): Promise<StoredEvent | undefined> {
    for (const position of this.index.idCandidates(id)) {
      const event = await this.readAt(position);
      if (event.id === id) return event;
    }
    return undefined;
  }

  private async readStreamPage(
    stream: string,
    from: bigint | number | typeof END,
    maxCount: number,
    direction: typeof FORWARDS | typeof BACKWARDS = FORWARDS,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    const fromRevision = typeof from === 'number' ? BigInt(from) : from;
    try {
      const read = this.client.readStream(this.prefix + stream, {
        fromRevision,
        maxCount,
        direction,
      });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        if (resolved.event) events.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  private async readAllPage(
    fromPosition: ReadPosition,
    maxCount: number,
  ): Promise<AllStreamResolvedEvent[]> {
    const events: AllStreamResolvedEvent[] = [];
    // @eventstore/db-client 6.2 cannot filter a plain read of $all (only subscriptions): the
    // prefix is applied here, by the callers.
    const read = this.client.readAll({
      fromPosition,
      maxCount,
      direction: FORWARDS,
      resolveLinkTos: false,
    });
    for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>)
      events.push(resolved);
    return events;
  }
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  // Always explicit: the client's default is ANY, which only the port's 'any' may mean.
  if (expected === 'any') return ANY;
  if (expected === 'no_stream' || expected === -1) return NO_STREAM;
  if (expected === 'exists') return STREAM_EXISTS;
  return BigInt(expected);
}

/** Errors a new subscription may cure: drops, timeouts, unavailability. */
function isResubscribable(error: unknown): boolean {
  return !(error instanceof LedgerIntegrityError || error instanceof AccessDeniedError);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
