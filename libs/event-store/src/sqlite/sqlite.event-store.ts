import { ensureDirectory } from '@onus/config';
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { AppendSignal } from '../append-signal';
import { assertAppendable, checkExpectedRevision, classifyRetry } from '../append-rules';
import { InvalidAppendError, WrongExpectedRevisionError } from '../event-store.errors';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type JsonObject,
  type StoredEvent,
  type StreamWrite,
  type SubscribeOptions,
} from '../event-store.port';
import { followLog } from '../follow-log';
import { migrate, STREAM_ROOT } from './sqlite.schema';

export interface SqliteEventStoreOptions {
  /** A file path; `:memory:` works too but is not durable. */
  readonly path: string;
  /** Milliseconds since the epoch; injected so tests control time. */
  readonly now?: () => number;
  /** Rows per read query. */
  readonly pageSize?: number;
  /** How often an idle subscription looks for appends made by other processes. */
  readonly pollIntervalMs?: number;
}

interface PreparedWrite {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly json: readonly string[];
  readonly expected: ExpectedRevision;
}

/** One caller's append: one write, or several that commit together (`appendMany`). */
interface PendingAppend {
  readonly writes: readonly PreparedWrite[];
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

/** One caller's view of the store inside the transaction, kept current as its writes land. */
interface BatchReads {
  readonly revisions: Map<string, number>;
  /** Undefined when the ids were not looked up: then no id of the call may be stored already. */
  readonly storedIds: ReadonlySet<string> | undefined;
  readonly writtenIds: Set<string>;
  /** The call's rows, inserted together once every write of the call is checked. */
  readonly rows: Rows;
}

interface LogHead {
  next: number;
  lastRecordedAt: number;
}

type Row = [
  position: number,
  id: string,
  stream: string,
  revision: number,
  type: string,
  data: string,
  recordedAt: number,
];

const COLUMNS = 'position, id, stream, revision, type, data, recorded_at';

/** A page of the events whose stream's root (`STREAM_ROOT`) is given, from a position on. */
export const READ_ROOT = `SELECT ${COLUMNS} FROM events WHERE ${STREAM_ROOT} = ? AND position >= ? ORDER BY position LIMIT ?`;

/**
 * The names that start with `prefix` are those from `prefix` (inclusive) to `prefix` with its last
 * character one higher (exclusive), since SQLite compares text as UTF-8 bytes. Only worked out for
 * a last character in ASCII (an engagement's prefix ends in `/`); otherwise undefined.
 */
export function prefixRange(prefix: string): [from: string, below: string] | undefined {
  const last = prefix.charCodeAt(prefix.length - 1);
  if (!(last < 0x7f)) return undefined;
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)];
}

/** Rows per multi-row INSERT: one statement for many rows costs less per row than one each. */
const ROWS_PER_INSERT = 64;
const ROW_VALUES = '(?, ?, ?, ?, ?, ?, ?)';

type RowValues = [number, string, string, number, string, string, number];

/** Rows waiting to be inserted, in order, as one flat list of values. */
class Rows {
  readonly values: (string | number)[] = [];
  add(...row: RowValues): void {
    this.values.push(...row);
  }
}

/** What an append refused for an id already stored shows as when its ids were not looked up. */
function mayBeStoredAlready(error: unknown): boolean {
  return (
    error instanceof WrongExpectedRevisionError ||
    // By its code alone: where modules load more than once (jest), the driver's errors come from
    // the copy that loaded its native part first, other classes than this copy's, even Error.
    (typeof error === 'object' &&
      error !== null &&
      (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE')
  );
}

function toStored(row: Row): StoredEvent {
  return {
    id: row[1],
    stream: row[2],
    revision: row[3],
    position: row[0],
    type: row[4],
    data: JSON.parse(row[5]) as JsonObject,
    recordedAt: row[6],
  };
}

/**
 * The embedded default. better-sqlite3 is synchronous, so appends are queued and every
 * append that arrives while the event loop is busy (an fsync included) is committed in the
 * next transaction together: one fsync per batch, not per event. Each append runs inside
 * its own savepoint, so one caller's failed expectation never fails its neighbours.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly appended = new AppendSignal();
  private queue: PendingAppend[] = [];
  private flushScheduled: Promise<void> | undefined;
  private closed = false;
  /** Commits and events written by this instance; group commit shows as events > commits. */
  readonly stats = { commits: 0, appends: 0, events: 0 };

  private readonly statements: {
    head: Database.Statement<[], { position: number; recordedAt: number }>;
    streamRevision: Database.Statement<[string], { revision: number | null }>;
    streamRevisions: Database.Statement<[string], [stream: string, revision: number]>;
    byId: Database.Statement<[string], Row>;
    byIds: Database.Statement<[string], Row>;
    storedIds: Database.Statement<[string], string>;
    insert: Database.Statement<RowValues>;
    insertMany: Database.Statement<[(string | number)[]]>;
    readAll: Database.Statement<[number, number], Row>;
    readPrefixed: Database.Statement<[number, string, string, number], Row>;
    readPrefixRange: Database.Statement<[number, string, string, number], Row>;
    readRoot: Database.Statement<[string, number, number], Row>;
    readStream: Database.Statement<[string, number, number], Row>;
    readStreams: Database.Statement<[string, string, number, number], Row>;
  };
  private readonly commitBatch: (
    batch: readonly PendingAppend[],
  ) => Array<AppendResult[] | { error: unknown }>;

  constructor(options: SqliteEventStoreOptions) {
    if (options.path !== ':memory:') ensureDirectory(dirname(options.path));
    this.db = new Database(options.path);
    this.now = options.now ?? Date.now;
    this.pageSize = options.pageSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.db.pragma('journal_mode = WAL');
    // FULL: in WAL mode the log is synced at every commit, so an acknowledged append survives
    // a crash or a power cut, not only a process kill.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    migrate(this.db);

    this.statements = {
      head: this.db.prepare(
        'SELECT position, recorded_at AS recordedAt FROM events ORDER BY position DESC LIMIT 1',
      ),
      streamRevision: this.db.prepare(
        'SELECT MAX(revision) AS revision FROM events WHERE stream = ?',
      ),
      // A JSON array of names bound as one parameter: one query for a whole batch, any size.
      streamRevisions: this.db
        .prepare<
          [string],
          [string, number]
        >('SELECT stream, MAX(revision) FROM events WHERE stream IN (SELECT value FROM json_each(?)) GROUP BY stream')
        .raw(true),
      byId: this.db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM events WHERE id = ?`).raw(true),
      byIds: this.db
        .prepare<
          [string],
          Row
        >(`SELECT ${COLUMNS} FROM events WHERE id IN (SELECT value FROM json_each(?))`)
        .raw(true),
      storedIds: this.db
        .prepare<
          [string],
          string
        >('SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))')
        .pluck(true),
      insert: this.db.prepare(`INSERT INTO events (${COLUMNS}) VALUES ${ROW_VALUES}`),
      insertMany: this.db.prepare<[(string | number)[]]>(
        `INSERT INTO events (${COLUMNS}) VALUES ${Array<string>(ROWS_PER_INSERT).fill(ROW_VALUES).join(', ')}`,
      ),
      readAll: this.db
        .prepare<
          [number, number],
          Row
        >(`SELECT ${COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`)
        .raw(true),
      // A prefix that is a whole root (`eng-1/`): the index on it, in log order.
      readRoot: this.db.prepare<[string, number, number], Row>(READ_ROOT).raw(true),
      // Any other prefix ending in ASCII: a range of names (`prefixRange`), two comparisons per row
      // instead of two function calls. `+stream` keeps the planner on the log's order: the
      // (stream, revision) index would find the rows but need a sort per page.
      readPrefixRange: this.db
        .prepare<
          [number, string, string, number],
          Row
        >(`SELECT ${COLUMNS} FROM events WHERE position >= ? AND +stream >= ? AND +stream < ? ORDER BY position LIMIT ?`)
        .raw(true),
      // substr and length both count characters, so this is exactly "starts with".
      readPrefixed: this.db
        .prepare<
          [number, string, string, number],
          Row
        >(`SELECT ${COLUMNS} FROM events WHERE position >= ? AND substr(stream, 1, length(?)) = ? ORDER BY position LIMIT ?`)
        .raw(true),
      readStream: this.db
        .prepare<
          [string, number, number],
          Row
        >(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`)
        .raw(true),
      readStreams: this.db
        .prepare<
          [string, string, number, number],
          Row
        >(`SELECT ${COLUMNS} FROM events WHERE stream IN (SELECT value FROM json_each(?)) AND (stream, revision) > (?, ?) ORDER BY stream, revision LIMIT ?`)
        .raw(true),
    };

    // Nested in the batch's transaction, this runs in a savepoint: a caller's failure rolls back
    // that caller's writes only, and puts the head counters back as they were.
    const appendOne = this.db.transaction(
      (pending: PendingAppend, log: LogHead, lookUpIds: boolean) => {
        const before = { ...log };
        try {
          const batch = this.batchReads(pending.writes, lookUpIds);
          const results = pending.writes.map((write) => {
            const result = this.writeInTransaction(write, log, batch);
            // Ids looked up are read back from the rows written before them: those go in now.
            if (lookUpIds) this.insertRows(batch.rows);
            return result;
          });
          this.insertRows(batch.rows);
          return results;
        } catch (error) {
          Object.assign(log, before);
          throw error;
        }
      },
    );
    const commitAll = this.db.transaction((batch: readonly PendingAppend[]) => {
      const head = this.statements.head.get();
      const log = { next: head ? head.position + 1 : 0, lastRecordedAt: head?.recordedAt ?? 0 };
      return batch.map((pending) => {
        try {
          // Usually no id of a call is stored yet, and the id's UNIQUE index says so as the rows
          // go in. When the call fails, it may be a retry (an id stored, its stream moved on) or
          // a conflict: it is written again with its ids looked up first, which says which.
          try {
            return appendOne(pending, log, false);
          } catch (error) {
            if (!mayBeStoredAlready(error)) throw error;
            return appendOne(pending, log, true);
          }
        } catch (error) {
          return { error };
        }
      });
    });
    // IMMEDIATE takes the write lock up front, so that reading the head and writing after it
    // cannot interleave with another process writing the same file.
    this.commitBatch = (batch) => commitAll.immediate(batch);
  }

  append(
    stream: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.appendMany([{ stream, events, expectedRevision }]).then((results) => results[0]!);
  }

  appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    try {
      if (this.closed) throw new Error('the event store is closed');
      if (writes.length === 0)
        throw new InvalidAppendError('writes: at least one write is required');
      const prepared = writes.map((write) => this.prepare(write));
      return new Promise<AppendResult[]>((resolve, reject) => {
        this.queue.push({ writes: prepared, resolve, reject });
        this.flushScheduled ??= new Promise((done) =>
          setImmediate(() => {
            this.flushScheduled = undefined;
            this.flush();
            done();
          }),
        );
      });
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private prepare({ stream, events, expectedRevision }: StreamWrite): PreparedWrite {
    assertAppendable(stream, events, expectedRevision);
    // Serialise now: the caller may reuse its objects once this returns.
    const json = events.map((event, index) => {
      try {
        return JSON.stringify(event.data);
      } catch (error) {
        throw new InvalidAppendError(`events[${index}].data: ${(error as Error).message}`);
      }
    });
    return { stream, events, json, expected: expectedRevision };
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: Array<AppendResult[] | { error: unknown }>;
    try {
      outcomes = this.commitBatch(batch);
    } catch (error) {
      // The commit itself failed: nothing of this batch is stored, so nothing is acknowledged.
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.stats.commits++;
    batch.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if ('error' in outcome) return pending.reject(outcome.error);
      this.stats.appends++;
      for (const result of outcome) if (result.appended) this.stats.events += result.events.length;
      pending.resolve(outcome);
    });
    this.appended.notify();
  }

  /**
   * What one caller's writes need to know before writing, in one or two queries instead of two
   * per event: each stream's last revision, and (`lookUpIds`) which of the ids are stored already.
   */
  private batchReads(writes: readonly PreparedWrite[], lookUpIds: boolean): BatchReads {
    const revisions = new Map<string, number>();
    const streams = new Set(writes.map((w) => w.stream));
    if (streams.size === 1) {
      // The usual call (one stream): a plain look-up, without a JSON array to build and read.
      const stream = writes[0]!.stream;
      const revision = this.statements.streamRevision.get(stream)?.revision;
      if (revision !== null && revision !== undefined) revisions.set(stream, revision);
    } else {
      for (const [stream, revision] of this.statements.streamRevisions.all(
        JSON.stringify([...streams]),
      ))
        revisions.set(stream, revision);
    }
    const ids = lookUpIds ? writes.flatMap((w) => w.events.map((e) => e.id)) : undefined;
    return {
      revisions,
      storedIds: ids && new Set(this.statements.storedIds.all(JSON.stringify(ids))),
      writtenIds: new Set(),
      rows: new Rows(),
    };
  }

  /** The rows waiting, `ROWS_PER_INSERT` to a statement, the rest one by one; then none wait. */
  private insertRows(rows: Rows): void {
    const values = rows.values;
    const width = 7 * ROWS_PER_INSERT;
    let start = 0;
    for (; start + width <= values.length; start += width)
      this.statements.insertMany.run(values.slice(start, start + width));
    for (; start < values.length; start += 7)
      this.statements.insert.run(...(values.slice(start, start + 7) as RowValues));
    values.length = 0;
  }

  private writeInTransaction(write: PreparedWrite, log: LogHead, batch: BatchReads): AppendResult {
    const { stream, events, json, expected } = write;
    const current = batch.revisions.get(stream) ?? -1;
    // Only a write with an id already stored (before or earlier in this call) can be a retry or
    // a conflict; only then is each event looked up. Ids not looked up are new, or the insert
    // refuses them and the call is written again with them looked up.
    if (
      batch.storedIds &&
      events.some((e) => batch.storedIds!.has(e.id) || batch.writtenIds.has(e.id))
    ) {
      const stored = events.map((event) => {
        const row = this.statements.byId.get(event.id);
        return row && toStored(row);
      });
      if (classifyRetry(stream, events, stored) === 'retry') {
        return { events: stored as StoredEvent[], nextExpectedRevision: current, appended: false };
      }
    }
    checkExpectedRevision(stream, expected, current);
    const stamp = Math.max(this.now(), log.lastRecordedAt);
    const written = events.map((event, index): StoredEvent => {
      const position = log.next + index;
      const revision = current + 1 + index;
      const recordedAt = event.recordedAt ?? stamp;
      batch.rows.add(position, event.id, stream, revision, event.type, json[index]!, recordedAt);
      return {
        id: event.id,
        stream,
        revision,
        position,
        type: event.type,
        // The caller's object, serialised above without loss: parsing the text back would only
        // cost time (checked by the contract's round-trip test).
        data: event.data,
        recordedAt,
      };
    });
    log.next += written.length;
    log.lastRecordedAt = Math.max(log.lastRecordedAt, ...written.map((e) => e.recordedAt));
    batch.revisions.set(stream, current + written.length);
    for (const event of events) batch.writtenIds.add(event.id);
    return { events: written, nextExpectedRevision: current + written.length, appended: true };
  }

  async *readStream(stream: string, fromRevision = 0): AsyncIterable<StoredEvent> {
    let next = Math.max(0, fromRevision);
    for (;;) {
      const rows = this.statements.readStream.all(stream, next, this.pageSize);
      for (const row of rows) yield toStored(row);
      if (rows.length < this.pageSize) return;
      next = rows[rows.length - 1]![3] + 1;
    }
  }

  async *readStreams(streams: readonly string[]): AsyncIterable<StoredEvent> {
    const names = JSON.stringify([...new Set(streams)]);
    // Pages follow the (stream, revision) index; '' sorts before every stream name.
    let after: [string, number] = ['', -1];
    for (;;) {
      const rows = this.statements.readStreams.all(names, after[0], after[1], this.pageSize);
      for (const row of rows) yield toStored(row);
      if (rows.length < this.pageSize) return;
      const last = rows[rows.length - 1]!;
      after = [last[2], last[3]];
    }
  }

  streamRevision(stream: string): Promise<number> {
    return Promise.resolve(this.statements.streamRevision.get(stream)?.revision ?? -1);
  }

  async *readAll(fromPosition = 0): AsyncIterable<StoredEvent> {
    let next = Math.max(0, fromPosition);
    for (;;) {
      const rows = this.statements.readAll.all(next, this.pageSize);
      for (const row of rows) yield toStored(row);
      if (rows.length < this.pageSize) return;
      next = rows[rows.length - 1]![0] + 1;
    }
  }

  async *readStreamsStartingWith(prefix: string): AsyncIterable<readonly StoredEvent[]> {
    const page = this.prefixPage(prefix);
    let next = 0;
    for (;;) {
      const rows = page(next);
      if (rows.length > 0) yield rows.map(toStored);
      if (rows.length < this.pageSize) return;
      next = rows[rows.length - 1]![0] + 1;
    }
  }

  /** The page of `prefix`'s rows from a position on, by the quickest of the three reads. */
  private prefixPage(prefix: string): (next: number) => Row[] {
    const { readRoot, readPrefixRange, readPrefixed } = this.statements;
    const size = this.pageSize;
    if (prefix.length > 0 && prefix.indexOf('/') === prefix.length - 1)
      return (next) => readRoot.all(prefix, next, size);
    const range = prefixRange(prefix);
    if (range) return (next) => readPrefixRange.all(next, range[0], range[1], size);
    return (next) => readPrefixed.all(next, prefix, prefix, size);
  }

  getById(id: string): Promise<StoredEvent | undefined> {
    const row = this.statements.byId.get(id);
    return Promise.resolve(row && toStored(row));
  }

  getByIds(ids: readonly string[]): Promise<(StoredEvent | undefined)[]> {
    const found = new Map<string, StoredEvent>();
    for (const row of this.statements.byIds.all(JSON.stringify(ids)))
      found.set(row[1], toStored(row));
    return Promise.resolve(ids.map((id) => found.get(id)));
  }

  headPosition(): Promise<number> {
    const head = this.statements.head.get();
    return Promise.resolve(head ? head.position + 1 : 0);
  }

  subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent> {
    return followLog((from) => this.readAll(from), this.appended, options, this.pollIntervalMs);
  }

  /** For tools that need the raw file (integrity checks, tests); not part of the port. */
  get database(): Database.Database {
    return this.db;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushScheduled;
    this.db.close();
  }
}
