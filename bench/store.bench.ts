import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type EventToAppend } from '@onus/event-store';
import { SqliteEventStore } from '@onus/event-store/sqlite/sqlite.event-store';
import { migrate } from '@onus/event-store/sqlite/sqlite.schema';
import { type BenchResults, result } from './lib/report';
import { median, sampleData, scratchDir, timed } from './lib/measure';

const REPEATS = 3;

/** The baseline's database: the same file settings and the same table as the adapter's. */
function rawDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);
  return db;
}

const INSERT =
  'INSERT INTO events (position, id, stream, revision, type, data, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)';

async function batchedAppend(
  dir: string,
  round: number,
  total: number,
): Promise<{ adapter: number; raw: number }> {
  const batch = 100;
  const streams = 50;
  const events = Array.from({ length: total }, (_, i) => ({
    id: randomUUID(),
    type: 'AlertRaised',
    data: sampleData(i),
  }));

  const store = new SqliteEventStore({ path: join(dir, `adapter-${round}.db`) });
  const revisions = new Array<number>(streams).fill(-1);
  const adapterSeconds = await timed(async () => {
    for (let b = 0; b * batch < total; b++) {
      const s = b % streams;
      const slice: EventToAppend[] = events.slice(b * batch, (b + 1) * batch);
      const appended = await store.append(
        `stream-${s}`,
        slice,
        revisions[s]! < 0 ? 'no_stream' : revisions[s]!,
      );
      revisions[s] = appended.nextExpectedRevision;
    }
  });
  await store.close();

  const db = rawDatabase(join(dir, `raw-${round}.db`));
  const insert = db.prepare(INSERT);
  const rawRevisions = new Array<number>(streams).fill(-1);
  const insertBatch = db.transaction((b: number) => {
    const s = b % streams;
    for (let i = b * batch; i < Math.min(total, (b + 1) * batch); i++) {
      const event = events[i]!;
      insert.run(
        i,
        event.id,
        `stream-${s}`,
        ++rawRevisions[s]!,
        event.type,
        JSON.stringify(event.data),
        Date.now(),
      );
    }
  });
  const rawSeconds = await timed(() => {
    for (let b = 0; b * batch < total; b++) insertBatch.immediate(b);
  });
  db.close();
  return { adapter: total / adapterSeconds, raw: total / rawSeconds };
}

/**
 * The baseline group-commit loop: callers queue rows, and everything queued while the event
 * loop was busy is inserted in one transaction on the next turn. Our adapter does the same
 * plus the ledger's checks (ids, expected revisions, savepoints).
 */
function rawGroupCommit(
  db: Database.Database,
): (stream: string, revision: number, id: string, data: object) => Promise<void> {
  const insert = db.prepare(INSERT);
  let next = 0;
  let queue: Array<{ row: [string, string, number, string]; done: () => void }> = [];
  let scheduled = false;
  const commit = db.transaction((rows: typeof queue) => {
    for (const { row } of rows)
      insert.run(next++, row[1], row[0], row[2], 'AlertRaised', row[3], Date.now());
  });
  return (stream, revision, id, data) =>
    new Promise<void>((done) => {
      queue.push({ row: [stream, id, revision, JSON.stringify(data)], done });
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        const rows = queue;
        queue = [];
        commit.immediate(rows);
        for (const { done: ack } of rows) ack();
      });
    });
}

async function concurrentAppend(
  dir: string,
  round: number,
  callers: number,
  perCaller: number,
): Promise<{ adapter: number; raw: number; lost: number; commits: number }> {
  const store = new SqliteEventStore({ path: join(dir, `concurrent-adapter-${round}.db`) });
  const acknowledged: string[] = [];
  const adapterSeconds = await timed(() =>
    Promise.all(
      Array.from({ length: callers }, async (_, c) => {
        for (let n = 0; n < perCaller; n++) {
          const id = randomUUID();
          await store.append(
            `caller-${c}`,
            [{ id, type: 'AlertRaised', data: sampleData(c * perCaller + n) }],
            n === 0 ? 'no_stream' : n - 1,
          );
          acknowledged.push(id);
        }
      }),
    ).then(() => undefined),
  );
  const commits = store.stats.commits;
  await store.close();
  const reopened = new SqliteEventStore({ path: join(dir, `concurrent-adapter-${round}.db`) });
  let lost = 0;
  for (const id of acknowledged) if (!(await reopened.getById(id))) lost++;
  await reopened.close();

  const db = rawDatabase(join(dir, `concurrent-raw-${round}.db`));
  const append = rawGroupCommit(db);
  const rawSeconds = await timed(() =>
    Promise.all(
      Array.from({ length: callers }, async (_, c) => {
        for (let n = 0; n < perCaller; n++)
          await append(`caller-${c}`, n, randomUUID(), sampleData(c * perCaller + n));
      }),
    ).then(() => undefined),
  );
  db.close();
  const total = callers * perCaller;
  return { adapter: total / adapterSeconds, raw: total / rawSeconds, lost, commits };
}

/** One durable transaction per append, for scale: what group commit saves. */
async function oneTransactionPerAppend(dir: string, count: number): Promise<number> {
  const db = rawDatabase(join(dir, 'per-append.db'));
  const insert = db.prepare(INSERT);
  const seconds = await timed(() => {
    for (let i = 0; i < count; i++)
      insert.run(
        i,
        randomUUID(),
        `s-${i % 64}`,
        Math.floor(i / 64),
        'AlertRaised',
        JSON.stringify(sampleData(i)),
        Date.now(),
      );
  });
  db.close();
  return count / seconds;
}

async function readAll(dir: string, total: number): Promise<{ adapter: number; raw: number }> {
  const path = join(dir, 'read.db');
  const db = rawDatabase(path);
  const insert = db.prepare(INSERT);
  db.transaction(() => {
    for (let i = 0; i < total; i++)
      insert.run(
        i,
        randomUUID(),
        `s-${i % 1000}`,
        Math.floor(i / 1000),
        'AlertRaised',
        JSON.stringify(sampleData(i)),
        Date.now(),
      );
  })();
  const select = db
    .prepare(
      'SELECT position, id, stream, revision, type, data, recorded_at FROM events ORDER BY position',
    )
    .raw(true);
  const adapterRuns: number[] = [];
  const rawRuns: number[] = [];
  const store = new SqliteEventStore({ path });
  for (let r = 0; r < REPEATS; r++) {
    let count = 0;
    adapterRuns.push(
      total /
        (await timed(async () => {
          for await (const event of store.readAll()) if (event.position >= 0) count++;
        })),
    );
    if (count !== total) throw new Error(`readAll saw ${count} of ${total} events`);
    rawRuns.push(
      total /
        (await timed(() => {
          let n = 0;
          for (const row of select.iterate() as Iterable<unknown[]>) {
            if ((JSON.parse(row[5] as string) as object) !== null) n++;
          }
          if (n !== total) throw new Error('raw read miscounted');
        })),
    );
  }
  await store.close();
  db.close();
  return { adapter: median(adapterRuns), raw: median(rawRuns) };
}

export async function storeBenchmarks(log: (line: string) => void): Promise<BenchResults> {
  const { dir, remove } = scratchDir('store');
  try {
    const results: BenchResults = {};

    const batched = [];
    for (let r = 0; r < REPEATS; r++) batched.push(await batchedAppend(dir, r, 100_000));
    const b = {
      adapter: median(batched.map((x) => x.adapter)),
      raw: median(batched.map((x) => x.raw)),
    };
    results['store.sqlite.append_batched_100'] = result(
      b.adapter,
      'events/s',
      b.raw,
      'ratio >= 0.5',
      'baseline: raw better-sqlite3 insert loop, one transaction per 100 rows, same table and pragmas',
    );
    log(`batched append: ${b.adapter.toFixed(0)} events/s vs raw ${b.raw.toFixed(0)} events/s`);

    const concurrent = [];
    for (let r = 0; r < REPEATS; r++) concurrent.push(await concurrentAppend(dir, r, 64, 300));
    const c = {
      adapter: median(concurrent.map((x) => x.adapter)),
      raw: median(concurrent.map((x) => x.raw)),
    };
    const lost = concurrent.reduce((sum, x) => sum + x.lost, 0);
    const perAppend = await oneTransactionPerAppend(dir, 300);
    const concurrentResult = result(
      c.adapter,
      'appends/s',
      c.raw,
      'ratio >= 0.6',
      `64 callers, durable single-event appends; baseline: raw better-sqlite3 group-commit loop; ` +
        `lost acknowledged appends: ${lost}; commits in last run: ${concurrent.at(-1)!.commits} for ${64 * 300} appends; ` +
        `one transaction per append: ${perAppend.toFixed(0)} appends/s`,
    );
    results['store.sqlite.append_concurrent_64'] =
      lost === 0 ? concurrentResult : { ...concurrentResult, met: false };
    log(
      `concurrent append: ${c.adapter.toFixed(0)} appends/s vs raw group commit ${c.raw.toFixed(0)}; per-append txn ${perAppend.toFixed(0)}; lost ${lost}`,
    );

    const read = await readAll(dir, 500_000);
    results['store.sqlite.read_all'] = result(
      read.adapter,
      'events/s',
      read.raw,
      'value >= 200000',
      'global log read through the port, 500k events; baseline: raw better-sqlite3 iterate + JSON.parse',
    );
    log(`read all: ${read.adapter.toFixed(0)} events/s vs raw ${read.raw.toFixed(0)} events/s`);
    return results;
  } finally {
    remove();
  }
}
