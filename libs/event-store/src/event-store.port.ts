/**
 * The one port every store adapter implements. Positions and revisions are plain numbers:
 * both stay far below 2^53 for any ledger this process could hold.
 */

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * `no_stream`: the stream must not exist. `exists`: it must have at least one event.
 * `any`: no check. A number: the revision of the stream's last event must be exactly that.
 */
export type ExpectedRevision = 'no_stream' | 'exists' | 'any' | number;

export interface EventToAppend {
  /** Globally unique; the idempotency key. */
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  /**
   * Milliseconds since the epoch. Left out, the store stamps the time it accepted the event
   * (never earlier than the previous event's in global order). Given, it is stored as is:
   * the caller (an operator import, or a writer that hashes `recordedAt`) owns it.
   */
  readonly recordedAt?: number;
}

export interface StoredEvent {
  readonly id: string;
  readonly stream: string;
  /** 0-based, dense within the stream. */
  readonly revision: number;
  /** 0-based, dense over the whole log, in commit order. */
  readonly position: number;
  readonly type: string;
  readonly data: JsonObject;
  /** Milliseconds since the epoch. */
  readonly recordedAt: number;
}

export interface AppendResult {
  /** The stored events, in the order given. */
  readonly events: readonly StoredEvent[];
  /** The stream's last revision after the append. */
  readonly nextExpectedRevision: number;
  /** False when every event was already stored with the same content (an idempotent retry). */
  readonly appended: boolean;
}

export interface StreamWrite {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
}

export interface SubscribeOptions {
  /** The first position to deliver; a resumed subscriber passes its checkpoint + 1. */
  readonly fromPosition: number;
  /** Ends the subscription: the iterator returns after the event it is delivering. */
  readonly signal?: AbortSignal;
}

export interface EventStore {
  /**
   * Appends `events` to `stream` atomically: all of them or none.
   * Same id with the same stream, type and data as stored: nothing is appended and the stored
   * event is returned (all events of the call must match for that). Same id, anything else
   * different: EventIdConflictError. A revision mismatch: WrongExpectedRevisionError.
   */
  append(
    stream: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;

  /**
   * Several appends, possibly to several streams, as one unit: every write in the order given,
   * all committed or none (each write follows `append`'s rules, idempotent retries included).
   * SQLite and memory commit them in one transaction. EventStoreDB has no multi-stream
   * transaction: its adapter checks the whole call first (ids, expected revisions) and then
   * appends the writes one after another, so only what no check can foresee (another process
   * writing in between, a lost connection, a crash) can leave a prefix of the call written;
   * retrying the same call completes it (see docs/EVENTSTOREDB.md).
   */
  appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]>;

  /** The stream's events from `fromRevision` on, in revision order; empty when it does not exist. */
  readStream(stream: string, fromRevision?: number): AsyncIterable<StoredEvent>;

  /** The stream's last revision, or -1 when it does not exist. */
  streamRevision(stream: string): Promise<number>;

  /** The global log from `fromPosition` on, in position order, read in pages (never whole). */
  readAll(fromPosition?: number): AsyncIterable<StoredEvent>;

  /**
   * The events of every stream whose name starts with `prefix` (one engagement's: `eng-1/`), in
   * position order: the global log, filtered where it is stored, so that the rest of the log is
   * never decoded. Delivered page by page (each non-empty), not event by event: a replay reads
   * hundreds of thousands, and an await per event was a tenth of it.
   */
  readStreamsStartingWith(prefix: string): AsyncIterable<readonly StoredEvent[]>;

  /**
   * Every event of the given streams: each stream's events in revision order, one stream after
   * another (streams in no particular order); nothing for a stream that does not exist. What
   * `readStream` gives for each, in as few round trips as the adapter can manage.
   */
  readStreams(streams: readonly string[]): AsyncIterable<StoredEvent>;

  /** One stored event by its id, or undefined. */
  getById(id: string): Promise<StoredEvent | undefined>;

  /** Stored events by id, in the order asked: undefined where no event has that id. */
  getByIds(ids: readonly string[]): Promise<(StoredEvent | undefined)[]>;

  /** The position the next appended event will take: the number of events in the log. */
  headPosition(): Promise<number>;

  /**
   * The global log from `options.fromPosition`: every stored event in order (catch-up), then
   * each new one as it is committed (live), until `options.signal` aborts.
   */
  subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent>;

  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
